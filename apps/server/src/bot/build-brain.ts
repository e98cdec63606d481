// Turns a validated bot version into a Brain: the classifier trained off the event loop, then the engine assembled.
import type { BotVersion } from '../domain/bot.js';
import { DialogueEngine, type EngineOptions } from '../dialogue/engine.js';
import { enabledEntries } from '../dialogue/knowledge-base.js';
import type { Rule } from '../dialogue/rules/rule.js';
import type { Brain } from './brain.js';
import { workerHeadFit } from './head-fitter.js';
import type { SemanticTrainer } from './semantic-trainer.js';
import { validateFlows } from '../dialogue/flows/validate.js';

/** What a node adds to every tenant's engine: normalization, semantic options, an encoder. Plain data except the encoder. */
export type NodeEngineOptions = Omit<EngineOptions, 'rules' | 'decision' | 'trainedSemantic'>;

/**
 * Builds the brain of a version whose config passed `validateBotConfig`. The costly part (tokenizing
 * and training on every example) runs in the trainer, and an encoder head's fit on a worker thread
 * of its own; what is left here is embedding the examples (in batches, yielding between them),
 * indexing rules and the exact-question cache. Rejects when training fails.
 */
export async function buildBrain(version: Pick<BotVersion, 'version' | 'config'>, trainer: SemanticTrainer, options: NodeEngineOptions = {}): Promise<Brain> {
  const { config } = version;
  const active = enabledEntries(config.entries);
  const trained = active.length > 0 ? await trainer.train({ entries: active, normalize: options.normalize ?? {}, semantic: options.semantic ?? {} }) : undefined;
  const built = await DialogueEngine.build(config.entries, {
    ...options,
    ...(options.encoder ? { fitEncoderHead: options.fitEncoderHead ?? workerHeadFit } : {}),
    rules: config.rules as Rule[],
    decision: config.decision,
    ...(trained ? { trainedSemantic: trained } : {}),
  });
  if (!built.ok) throw new Error(`bot version ${version.version} does not build: ${built.issues.map((i) => i.message).join('; ')}`);
  const flows = validateFlows(config.flows);
  if (!flows.ok) throw new Error(`bot version ${version.version} has invalid flows: ${flows.issues.join('; ')}`);
  return Object.freeze({ version: version.version, engine: built.engine, config, flows: new Map(flows.flows.map((f) => [f.id, f])) });
}
