// Each tenant's brain in memory: loaded lazily, replaced atomically on publish and rollback, reloaded when another node changes it.
import { AppError } from '../domain/app-error.js';
import { DEFAULT_BOT_SETTINGS, type BotConfig, type BotVersion } from '../domain/bot.js';
import type { AgentId, TenantId } from '../domain/ids.js';
import type { Logger } from '../log.js';
import type { Bus } from '../ports/bus.js';
import type { Store } from '../ports/store.js';
import type { BotBrains, Brain } from './brain.js';
import { buildBrain, type NodeEngineOptions } from './build-brain.js';
import { workerTrainer, type SemanticTrainer } from './semantic-trainer.js';
import { validateBotConfig } from './validate-config.js';

export type VersionSummary = Omit<BotVersion, 'config'>;

export type PublishOutcome = { readonly kind: 'published'; readonly version: VersionSummary } | { readonly kind: 'invalid'; readonly issues: string[] };

/** What a tenant without any version starts from. */
export const EMPTY_BOT_CONFIG: BotConfig = Object.freeze({ entries: [], rules: [], flows: [], decision: {}, settings: DEFAULT_BOT_SETTINGS });

export interface BrainRegistryDeps {
  store: Store;
  bus: Bus;
  log: Logger;
  /** Default: a worker thread per training. */
  trainer?: SemanticTrainer;
  engine?: NodeEngineOptions;
}

/** After a version fails to build, this node waits this long before trying the same version again. */
const RETRY_FAILED_BUILD_MS = 30_000;

export class BrainRegistry implements BotBrains {
  readonly #deps: BrainRegistryDeps;
  readonly #trainer: SemanticTrainer;
  readonly #brains = new Map<TenantId, Brain>();
  /** The brain each tenant had before the current one: a rollback to it needs no training. */
  readonly #previous = new Map<TenantId, Brain>();
  /**
   * Tenants found to have no version: every visitor's new conversation asks whether the bot takes
   * it, and without this each would read the store (and wait for an fsync) to learn "no" again.
   * A publish here or on another node (`bot.changed`) clears it.
   */
  readonly #withoutBot = new Set<TenantId>();
  /** `bot.changed` events seen per tenant, so that a read that overlapped one cannot mark it as without a bot. */
  readonly #changesSeen = new Map<TenantId, number>();
  /** Every change of a tenant's brain runs in this chain, one at a time. */
  readonly #queues = new Map<TenantId, Promise<unknown>>();
  readonly #loading = new Map<TenantId, Promise<Brain | null>>();
  readonly #failed = new Map<TenantId, { version: number; at: number }>();
  readonly #unsubscribe: () => void;

  constructor(deps: BrainRegistryDeps) {
    this.#deps = deps;
    this.#trainer = deps.trainer ?? workerTrainer();
    this.#unsubscribe = deps.bus.subscribe((event) => {
      if (event.type !== 'bot.changed') return;
      this.#withoutBot.delete(event.tenantId);
      this.#changesSeen.set(event.tenantId, (this.#changesSeen.get(event.tenantId) ?? 0) + 1);
      const loaded = this.#brains.get(event.tenantId);
      // Tenants this node has not loaded yet load the active version on first use anyway.
      if (!loaded || loaded.version === event.version) return;
      void this.#serial(event.tenantId, () => this.#reload(event.tenantId)).catch((error: unknown) =>
        deps.log.error('bot reload failed; the previous version still answers', { error, tenantId: event.tenantId, version: event.version }),
      );
    });
  }

  current(tenantId: TenantId): Promise<Brain | null> {
    const brain = this.#brains.get(tenantId);
    if (brain) return Promise.resolve(brain);
    if (this.#withoutBot.has(tenantId)) return Promise.resolve(null);
    let loading = this.#loading.get(tenantId);
    if (!loading) {
      loading = this.#serial(tenantId, () => this.#brains.get(tenantId) ?? this.#reload(tenantId)).finally(() => this.#loading.delete(tenantId));
      this.#loading.set(tenantId, loading);
    }
    return loading;
  }

  /** The active version's config as stored (or the empty config), for editing; never waits for training. */
  async activeConfig(tenantId: TenantId): Promise<{ version: number | null; config: BotConfig }> {
    const active = await this.#deps.store.getActiveBotVersion(tenantId);
    return active ? { version: active.version, config: active.config } : { version: null, config: EMPTY_BOT_CONFIG };
  }

  /**
   * Validates everything, trains, stores the config as a new active version and swaps it in. A
   * config with any problem changes nothing and comes back as issues; a failed training throws
   * and the previous version keeps answering.
   */
  publish(tenantId: TenantId, config: unknown, createdBy: AgentId | null, note: string): Promise<PublishOutcome> {
    return this.update(tenantId, () => config, createdBy, note);
  }

  /**
   * Like `publish`, with the new config made from the active one inside the tenant's queue, so
   * that two admins' edits never overwrite each other. `change` may throw an AppError (no such entry).
   */
  update(tenantId: TenantId, change: (current: BotConfig) => unknown, createdBy: AgentId | null, note: string): Promise<PublishOutcome> {
    return this.#serial(tenantId, async (): Promise<PublishOutcome> => {
      const { config: current } = await this.activeConfig(tenantId);
      const checked = validateBotConfig(change(current));
      if (!checked.ok) return { kind: 'invalid', issues: checked.issues };
      const references = await this.#referenceIssues(tenantId, checked.config);
      if (references.length > 0) return { kind: 'invalid', issues: references };
      const { config } = checked;
      // Train before storing: a version that cannot build never becomes active.
      const trained = await this.#build(tenantId, { version: 0, config });
      const saved = await this.#deps.store.saveBotVersion(tenantId, { config, createdBy, note });
      this.#install(tenantId, Object.freeze({ ...trained, version: saved.version }));
      const { config: _config, ...summary } = saved;
      return { kind: 'published', version: summary };
    });
  }

  /** Makes an earlier version active again; null when the tenant has no such version. */
  rollback(tenantId: TenantId, version: number): Promise<VersionSummary | null> {
    return this.#serial(tenantId, async () => {
      const stored = await this.#deps.store.getBotVersion(tenantId, version);
      if (!stored) return null;
      const kept = [this.#brains.get(tenantId), this.#previous.get(tenantId)].find((b) => b?.version === version);
      const brain = kept ?? (await this.#build(tenantId, stored));
      if (!(await this.#deps.store.activateBotVersion(tenantId, version))) return null;
      this.#install(tenantId, brain);
      const { config: _config, ...summary } = stored;
      return { ...summary, active: true };
    });
  }

  /** Newest first. */
  versions(tenantId: TenantId, limit = 100): Promise<VersionSummary[]> {
    return this.#deps.store.listBotVersions(tenantId, limit);
  }

  /** Stops listening to the bus and stops trainings under way. */
  async close(): Promise<void> {
    this.#unsubscribe();
    await this.#trainer.close();
  }

  async #build(tenantId: TenantId, version: Pick<BotVersion, 'version' | 'config'>): Promise<Brain> {
    try {
      return await buildBrain(version, this.#trainer, this.#deps.engine);
    } catch (error) {
      this.#deps.log.error('bot training failed', { error, tenantId, version: version.version });
      throw new AppError('unavailable', 'training the bot failed; the previous version still answers', { retryable: true, cause: error });
    }
  }

  /** Loads the active version unless it is the one installed. */
  async #reload(tenantId: TenantId): Promise<Brain | null> {
    const changesBefore = this.#changesSeen.get(tenantId) ?? 0;
    const active = await this.#deps.store.getActiveBotVersion(tenantId);
    const installed = this.#brains.get(tenantId);
    if (!active) {
      if (!installed && (this.#changesSeen.get(tenantId) ?? 0) === changesBefore) this.#withoutBot.add(tenantId);
      return installed ?? null;
    }
    if (installed?.version === active.version) return installed;
    const failed = this.#failed.get(tenantId);
    if (failed?.version === active.version && Date.now() - failed.at < RETRY_FAILED_BUILD_MS) return installed ?? null;
    const kept = this.#previous.get(tenantId);
    try {
      const brain = kept?.version === active.version ? kept : await this.#build(tenantId, active);
      this.#failed.delete(tenantId);
      this.#install(tenantId, brain, false);
      return brain;
    } catch (error) {
      this.#failed.set(tenantId, { version: active.version, at: Date.now() });
      if (installed) return installed;
      throw error;
    }
  }

  /** The swap: one Map write, so a turn sees either the old brain or the new, never a mix. */
  #install(tenantId: TenantId, brain: Brain, announce = true): void {
    const old = this.#brains.get(tenantId);
    if (old && old !== brain) this.#previous.set(tenantId, old);
    this.#brains.set(tenantId, brain);
    this.#withoutBot.delete(tenantId);
    if (announce) this.#deps.bus.publish({ type: 'bot.changed', tenantId, version: brain.version });
  }

  #serial<T>(tenantId: TenantId, step: () => T | Promise<T>): Promise<T> {
    const before = this.#queues.get(tenantId) ?? Promise.resolve();
    const run = before.then(step, step);
    const settled = run.catch(() => undefined);
    this.#queues.set(tenantId, settled);
    void settled.then(() => {
      if (this.#queues.get(tenantId) === settled) this.#queues.delete(tenantId);
    });
    return run;
  }

  /** Inboxes and the handoff team named by the settings must be the tenant's. */
  async #referenceIssues(tenantId: TenantId, config: BotConfig): Promise<string[]> {
    const issues: string[] = [];
    const { inboxIds, handoffTeamId } = config.settings;
    if (inboxIds) {
      const known = new Set((await this.#deps.store.listInboxes(tenantId)).map((i) => i.id as string));
      for (const id of inboxIds) if (!known.has(id)) issues.push(`settings.inboxIds: ${JSON.stringify(id)} is not an inbox of this account`);
    }
    if (handoffTeamId && !(await this.#deps.store.getTeam(tenantId, handoffTeamId))) {
      issues.push(`settings.handoffTeamId: ${JSON.stringify(handoffTeamId)} is not a team of this account`);
    }
    return issues;
  }
}
