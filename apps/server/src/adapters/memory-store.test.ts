import { describeStoreContract } from '../ports/store.contract.js';
import { MemoryStore } from './memory-store.js';

describeStoreContract('MemoryStore', async () => {
  const store = new MemoryStore();
  return { store, cleanup: () => store.close() };
});
