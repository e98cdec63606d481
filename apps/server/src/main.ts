// Composition root: config → adapters → roles. The only module that imports adapters.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { FsBlobStore } from './adapters/fs-blob-store.js';
import { MemoryBus } from './adapters/memory-bus.js';
import { MemoryPresence } from './adapters/memory-presence.js';
import { OpenAiCompatibleLlm } from './adapters/openai-compatible-llm.js';
import { createSmtpMailer } from './adapters/smtp-mailer.js';
import { SqliteStore } from './adapters/sqlite-store.js';
import { bootstrap } from './bootstrap.js';
import type { NodeEngineOptions } from './bot/build-brain.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { LlmStage } from './dialogue/llm-stage.js';
import { loadEncoder } from './load-encoder.js';
import { createLogger } from './log.js';
import { systemClock } from './ports/clock.js';
import { noMailer } from './ports/mailer.js';
import { startNode } from './server.js';
import { workbenchBuilt } from './http/routes/home-routes.js';

/**
 * The optional models of every tenant's bot: an encoder and an LLM, each only when configured
 * (nothing reaches a network unless KEFU_BOT_LLM_URL is set). A configured encoder that cannot
 * load stops the start: running without it would quietly answer worse than the admin asked for.
 */
async function botModels(config: Readonly<Config>): Promise<NodeEngineOptions | undefined> {
  const encoder = config.botEncoder ? await loadEncoder(config.botEncoder) : undefined;
  const llm = config.botLlm
    ? new LlmStage(new OpenAiCompatibleLlm(config.botLlm), { timeoutMs: config.botLlm.timeoutMs })
    : undefined;
  if (!encoder && !llm) return undefined;
  return { ...(encoder ? { encoder } : {}), ...(llm ? { llm } : {}) };
}

/**
 * Turns off V8's allocation-site pretenuring; called before any socket connects. `ws` gives every
 * incoming message a fresh fragments array, and on an idle socket the last one lives on, so after a
 * burst of hellos V8 judges that array literal long-lived and allocates it in old space from then
 * on. Each message's array then dies in old space and, until the next full collection, keeps the
 * young objects it points to alive (its elements, the payload's view, the read chunk's ArrayBuffer):
 * about 380 bytes promoted per frame, 3-4 MB/s of old space at 10,000 typing frames/s, and a
 * mark-compact every 2-3 s whose pauses set the relay's p99. Without it, old space grows 0.2 MB/s.
 */
function stopPretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

async function main(): Promise<void> {
  stopPretenuring();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const store = SqliteStore.open({ path: path.join(config.dataDir, 'kefu.sqlite'), clock: systemClock, commitGatherMs: config.commitGatherMs });
  const bus = new MemoryBus((error, event) => log.error('bus handler failed', { error, event: event.type }));
  const boot = await bootstrap(store, { email: config.adminEmail, password: config.adminPassword }, { demoBot: config.demoBot });
  for (const issue of boot.demoBotIssues) log.warn('demo bot not saved', { issue });
  const mailer = config.smtpUrl ? await createSmtpMailer(config.smtpUrl, config.smtpFrom) : noMailer;
  const blobs = await FsBlobStore.open(path.join(config.dataDir, 'uploads'));
  const botEngine = await botModels(config);
  const node = await startNode(config, { store, bus, clock: systemClock, presence: new MemoryPresence(), mailer, blobs, log, ...(botEngine ? { botEngine } : {}) });

  const lines = [
    '',
    `  Kefu is running at ${node.url}`,
    workbenchBuilt() ? `  Agent workbench: ${node.url}/` : '  Agent workbench: not built (run npm run build); / says so until it is',
    `  Widget demo: ${node.url}/demo`,
    `  Admin login: ${boot.adminEmail}`,
    boot.generatedPassword
      ? `  Admin password: ${boot.generatedPassword}   (generated now and shown once; set KEFU_ADMIN_PASSWORD to choose)`
      : boot.created
        ? '  Admin password: the one in KEFU_ADMIN_PASSWORD'
        : '  Admin password: as set on first start',
    boot.widgetKey ? `  Demo widget key: ${boot.widgetKey}` : '',
    `  Data: ${config.dataDir}`,
    '',
  ];
  process.stdout.write(`${lines.filter((l) => l !== '').join('\n')}\n\n`);
  log.info('started', { url: node.url, port: node.port });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    node.drain().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('drain failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`kefu failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
