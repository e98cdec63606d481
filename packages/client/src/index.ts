// @kefu/client: a Kefu protocol v1 client for browsers and Node (widget, workbench, JavaScript SDK).
export { KefuClient, DEFAULT_PING_MS } from './client.js';
export { PENDING_CONV } from './views.js';
export { MemoryStorage, STORED_ENTRIES_PER_CONV } from './storage.js';
export { DEFAULT_BACKOFF_MIN_MS, DEFAULT_BACKOFF_MAX_MS } from './backoff.js';
export type * from './types.js';
export type { Sender, EntryKind, ConversationStatus, ConversationView, WelcomeFrame } from '@kefu/protocol';
