// Every setting of the server: read once from the environment (and an optional JSON file),
// validated with every problem reported at once, then frozen.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  /** HTTP and WebSocket port. Default 8080; 0 picks a free port. `KEFU_PORT` */
  port: number;
  /** Interface to listen on. Default `0.0.0.0`. `KEFU_HOST` */
  host: string;
  /** Where SQLite keeps its file. Default `./data`. `KEFU_DATA_DIR` */
  dataDir: string;
  /**
   * While writes arrive more often than one per this many ms, the shortest time between two commits
   * of the store: a write made sooner waits, sharing the next commit and fsync with the writes made
   * meanwhile (less CPU per write under load, for at most this much latency). 0: every write
   * commits in the next tick. Default 1 ms. `KEFU_COMMIT_GATHER_MS`
   */
  commitGatherMs: number;
  /** Public base URL printed at start and used in embed snippets. Default `http://localhost:<port>`. `KEFU_PUBLIC_URL` */
  publicUrl: string | null;
  /** Largest WebSocket frame accepted, in bytes. Default 65536. `KEFU_MAX_FRAME_BYTES` */
  maxFrameBytes: number;
  /** Interval of WebSocket pings; two missed pongs close the connection. Default 25000 ms. `KEFU_HEARTBEAT_MS` */
  heartbeatMs: number;
  /** Time a new connection has to send `hello`. Default 10000 ms. `KEFU_HELLO_TIMEOUT_MS` */
  helloTimeoutMs: number;
  /** Token bucket per connection: sustained frames per second. Default 20. `KEFU_RATE_PER_SEC` */
  ratePerSec: number;
  /** Token bucket per connection: burst size in frames. Default 60. `KEFU_RATE_BURST` */
  rateBurst: number;
  /** Rate-limit errors tolerated before closing with 4429. Default 5. `KEFU_RATE_STRIKES` */
  rateStrikes: number;
  /** Bytes queued on a socket past which it is closed (reconnectable). Default 1048576. `KEFU_SEND_HIGH_WATER_BYTES` */
  sendHighWaterBytes: number;
  /** Enable permessage-deflate. Default false (CPU cost outweighs it for small frames). `KEFU_WS_DEFLATE` */
  wsDeflate: boolean;
  /** Time a drain waits for clients to leave before closing the store. Default 5000 ms. `KEFU_DRAIN_MS` */
  drainMs: number;
  /** Delay a client is told to wait before reconnecting after a drain. Default 1000 ms. `KEFU_RECONNECT_AFTER_MS` */
  reconnectAfterMs: number;
  /** Lifetime of an agent access token. Default 43200000 ms (12 h). `KEFU_TOKEN_TTL_MS` */
  tokenTtlMs: number;
  /** Secret that signs tokens; default: a random secret made with the store. `KEFU_SECRET` */
  secret: string | null;
  /** Admin created on first start. Default `admin@kefu.local`. `KEFU_ADMIN_EMAIL` */
  adminEmail: string;
  /** Admin password on first start; default: generated and printed once. `KEFU_ADMIN_PASSWORD` */
  adminPassword: string | null;
  /** Whether the demo tenant made on first start gets the demo bot (a Chinese shop's knowledge base and flows). Default true. `KEFU_DEMO_BOT` */
  demoBot: boolean;
  /** Interval at which routing looks at every queue even without events (business hours, idle agents). Default 5000 ms. `KEFU_ROUTING_TICK_MS` */
  routingTickMs: number;
  /** Mail server for notifications, e.g. `smtp://user:pass@mail.example.com:587`; none: no email. `KEFU_SMTP_URL` */
  smtpUrl: string | null;
  /** Sender of notifications. Default `Kefu <kefu@localhost>`. `KEFU_SMTP_FROM` */
  smtpFrom: string;
  /** Largest uploaded file, in bytes. Default 10485760 (10 MiB). `KEFU_UPLOAD_MAX_BYTES` */
  uploadMaxBytes: number;
  /** How long a signed link to an uploaded file stays valid. Default 604800000 ms (7 days). `KEFU_UPLOAD_URL_TTL_MS` */
  uploadUrlTtlMs: number;
  /**
   * Secrets that bot flows put into their HTTP calls as `{{secrets.NAME}}`: a JSON object of name → string.
   * Default none. Never logged, never shown to visitors. `KEFU_FLOW_SECRETS`
   */
  flowSecrets: Readonly<Record<string, string>>;
  /** Log level: debug, info, warn, error, silent. Default info. `KEFU_LOG_LEVEL` */
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Optional sentence encoder of the bot: `use-lite` or `onnx:<dir>`. Default none. `KEFU_BOT_ENCODER` */
  botEncoder: EncoderSpec | null;
  /** Optional LLM for the bot's uncertain answers; null unless `KEFU_BOT_LLM_URL` is set. */
  botLlm: LlmSettings | null;
}

/** Which sentence encoder the bot loads. */
export type EncoderSpec = { readonly kind: 'use-lite' } | { readonly kind: 'onnx'; readonly dir: string };

export interface LlmSettings {
  /** Base URL of an OpenAI-compatible API, e.g. `http://127.0.0.1:11434/v1`. `KEFU_BOT_LLM_URL` */
  readonly url: string;
  /** Model name sent with every request; required with the URL. `KEFU_BOT_LLM_MODEL` */
  readonly model: string;
  /** Bearer token, when the API wants one. Default none. `KEFU_BOT_LLM_KEY` */
  readonly key: string | null;
  /** Time the bot waits for an answer before its own decision stands. Default 4000 ms. `KEFU_BOT_LLM_TIMEOUT_MS` */
  readonly timeoutMs: number;
}

/** `use-lite` or `onnx:<dir>` (the directory resolved from the working directory); a string is the problem. */
export function parseEncoderSpec(raw: string): EncoderSpec | string {
  if (raw === 'use-lite') return { kind: 'use-lite' };
  if (raw.startsWith('onnx:') && raw.length > 'onnx:'.length) return { kind: 'onnx', dir: path.resolve(raw.slice('onnx:'.length)) };
  return `expected use-lite or onnx:<directory with model.onnx and vocab.txt>, got ${JSON.stringify(raw)}`;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/**
 * Reads the configuration. `KEFU_CONFIG_FILE` may name a JSON file whose keys are the
 * environment names (`{"KEFU_PORT": 9000}`); the environment wins over the file.
 */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const source: Env = { ...readConfigFile(env.KEFU_CONFIG_FILE, problems), ...definedOnly(env) };

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = source[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw}: expected an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = source[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}=${raw}: expected true or false`);
    return fallback;
  };
  const str = (name: string): string | null => {
    const raw = source[name];
    return raw === undefined || raw === '' ? null : raw;
  };

  const logLevel = str('KEFU_LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`KEFU_LOG_LEVEL=${logLevel}: expected one of ${LOG_LEVELS.join(', ')}`);
  }
  const adminPassword = str('KEFU_ADMIN_PASSWORD');
  if (adminPassword !== null && adminPassword.length < 8) {
    problems.push('KEFU_ADMIN_PASSWORD: must have at least 8 characters');
  }
  const publicUrl = str('KEFU_PUBLIC_URL');
  if (publicUrl !== null && !/^https?:\/\/[^\s]+$/.test(publicUrl)) {
    problems.push(`KEFU_PUBLIC_URL=${publicUrl}: expected an http(s) URL`);
  }
  const smtp = str('KEFU_SMTP_URL');
  if (smtp !== null && !/^smtps?:\/\/[^\s]+$/.test(smtp)) problems.push(`KEFU_SMTP_URL: expected smtp://host:port or smtps://…`);
  const secret = str('KEFU_SECRET');
  const encoderRaw = str('KEFU_BOT_ENCODER');
  const botEncoder = encoderRaw === null ? null : parseEncoderSpec(encoderRaw);
  if (typeof botEncoder === 'string') problems.push(`KEFU_BOT_ENCODER: ${botEncoder}`);
  const llmUrl = str('KEFU_BOT_LLM_URL');
  const llmModel = str('KEFU_BOT_LLM_MODEL');
  if (llmUrl !== null && !/^https?:\/\/[^\s]+$/.test(llmUrl)) problems.push(`KEFU_BOT_LLM_URL=${llmUrl}: expected an http(s) URL`);
  if (llmUrl !== null && llmModel === null) problems.push('KEFU_BOT_LLM_MODEL: required when KEFU_BOT_LLM_URL is set');
  if (secret !== null && secret.length < 16) problems.push('KEFU_SECRET: must have at least 16 characters');

  const flowSecrets = parseFlowSecrets(str('KEFU_FLOW_SECRETS'), problems);

  const config: Config = {
    port: int('KEFU_PORT', 8080, 0, 65535),
    host: str('KEFU_HOST') ?? '0.0.0.0',
    dataDir: path.resolve(str('KEFU_DATA_DIR') ?? './data'),
    commitGatherMs: int('KEFU_COMMIT_GATHER_MS', 1, 0, 100),
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
    maxFrameBytes: int('KEFU_MAX_FRAME_BYTES', 65_536, 256, 16 * 1024 * 1024),
    heartbeatMs: int('KEFU_HEARTBEAT_MS', 25_000, 100, 600_000),
    helloTimeoutMs: int('KEFU_HELLO_TIMEOUT_MS', 10_000, 50, 600_000),
    ratePerSec: int('KEFU_RATE_PER_SEC', 20, 1, 1_000_000),
    rateBurst: int('KEFU_RATE_BURST', 60, 1, 1_000_000),
    rateStrikes: int('KEFU_RATE_STRIKES', 5, 1, 1000),
    sendHighWaterBytes: int('KEFU_SEND_HIGH_WATER_BYTES', 1_048_576, 1024, 1024 * 1024 * 1024),
    wsDeflate: bool('KEFU_WS_DEFLATE', false),
    drainMs: int('KEFU_DRAIN_MS', 5_000, 0, 600_000),
    reconnectAfterMs: int('KEFU_RECONNECT_AFTER_MS', 1_000, 0, 600_000),
    smtpUrl: str('KEFU_SMTP_URL'),
    smtpFrom: str('KEFU_SMTP_FROM') ?? 'Kefu <kefu@localhost>',
    uploadMaxBytes: int('KEFU_UPLOAD_MAX_BYTES', 10_485_760, 1, 1024 * 1024 * 1024),
    uploadUrlTtlMs: int('KEFU_UPLOAD_URL_TTL_MS', 604_800_000, 1_000, 365 * 24 * 3_600_000),
    routingTickMs: int('KEFU_ROUTING_TICK_MS', 5_000, 50, 3_600_000),
    tokenTtlMs: int('KEFU_TOKEN_TTL_MS', 43_200_000, 1_000, 365 * 24 * 3_600_000),
    secret,
    adminEmail: (str('KEFU_ADMIN_EMAIL') ?? 'admin@kefu.local').toLowerCase(),
    demoBot: bool('KEFU_DEMO_BOT', true),
    adminPassword,
    flowSecrets,
    logLevel: logLevel as Config['logLevel'],
    botEncoder: typeof botEncoder === 'string' ? null : botEncoder,
    botLlm:
      llmUrl === null
        ? null
        : {
            url: llmUrl.replace(/\/+$/, ''),
            model: llmModel ?? '',
            key: str('KEFU_BOT_LLM_KEY'),
            timeoutMs: int('KEFU_BOT_LLM_TIMEOUT_MS', 4_000, 100, 120_000),
          },
  };
  if (!config.adminEmail.includes('@')) problems.push(`KEFU_ADMIN_EMAIL=${config.adminEmail}: expected an email address`);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

// Problems name the offending key, never a value: the message reaches logs and terminals.
function parseFlowSecrets(raw: string | null, problems: string[]): Readonly<Record<string, string>> {
  if (raw === null) return Object.freeze({});
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('KEFU_FLOW_SECRETS: not valid JSON; expected an object such as {"orderApiToken": "…"}');
    return Object.freeze({});
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push('KEFU_FLOW_SECRETS: expected a JSON object of name → string');
    return Object.freeze({});
  }
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) problems.push(`KEFU_FLOW_SECRETS: name ${JSON.stringify(name)} may hold only letters, digits, "-" and "_"`);
    else if (typeof value !== 'string' || value === '') problems.push(`KEFU_FLOW_SECRETS: ${name} must be a non-empty string`);
    else secrets[name] = value;
  }
  return Object.freeze(secrets);
}

function definedOnly(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}

function readConfigFile(file: string | undefined, problems: string[]): Env {
  if (file === undefined || file === '') return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`KEFU_CONFIG_FILE=${file}: expected a JSON object`);
      return {};
    }
    const out: Env = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (!key.startsWith('KEFU_')) problems.push(`KEFU_CONFIG_FILE: unknown key ${key}`);
      else out[key] = String(value);
    }
    return out;
  } catch (e) {
    problems.push(`KEFU_CONFIG_FILE=${file}: ${(e as Error).message}`);
    return {};
  }
}
