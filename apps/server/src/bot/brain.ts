// What answers for a tenant: one trained engine with the configuration it was built from.
import type { BotConfig } from '../domain/bot.js';
import type { TenantId } from '../domain/ids.js';
import type { DialogueEngine } from '../dialogue/engine.js';
import type { FlowDefinition } from '../dialogue/flows/flow.js';

/** One bot version, trained and ready. Immutable: a new version is a new brain. */
export interface Brain {
  readonly version: number;
  readonly engine: DialogueEngine;
  readonly config: BotConfig;
  /** The config's flows, checked and typed once when the brain is built, by id. */
  readonly flows: ReadonlyMap<string, FlowDefinition>;
}

export interface BotBrains {
  /**
   * The tenant's active brain, or null when it has never configured a bot. Loads (and trains)
   * it on first use; afterwards answers from memory. A caller keeps the brain it got for the
   * whole turn, so a version published meanwhile never changes a reply half-way.
   */
  current(tenantId: TenantId): Promise<Brain | null>;
}
