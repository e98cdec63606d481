// The store: the source of truth, one interface per aggregate, composed here.
import type { AgentStore } from './agent-store.js';
import type { AgentToolsStore } from './agent-tools-store.js';
import type { BotStore } from './bot-store.js';
import type { ContactStore } from './contact-store.js';
import type { ConversationStore } from './conversation-store.js';
import type { CursorStore } from './cursor-store.js';
import type { TeamStore } from './team-store.js';
import type { TenantStore } from './tenant-store.js';
import type { TimelineStore } from './timeline-store.js';
import type { UploadStore } from './upload-store.js';

export interface StoreIdentity {
  /** Names this store; changes only when it is replaced or wiped (the protocol's `epoch`). */
  epoch: string;
  /** Random secret made with the store, for signing tokens when no secret is configured. */
  secret: string;
}

export interface Store
  extends TenantStore,
    TeamStore,
    ContactStore,
    AgentStore,
    ConversationStore,
    TimelineStore,
    CursorStore,
    AgentToolsStore,
    UploadStore,
    BotStore {
  identity(): Promise<StoreIdentity>;
  /** True when the store answers; for readiness checks. */
  ping(): Promise<boolean>;
  /** Commits whatever is pending, then closes. Later calls fail. */
  close(): Promise<void>;
}
