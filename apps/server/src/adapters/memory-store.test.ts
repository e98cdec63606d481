import { describeStoreContract } from '../ports/store.contract.js';
import { MemoryStore } from './memory-store.js';

describeStoreContract('MemoryStore', async (clock) => {
  const store = new MemoryStore(clock);
  return { store, cleanup: () => store.close() };
});
