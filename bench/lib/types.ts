// What the bench parent and its generator workers tell each other over the fork IPC channel.

/** The server under test as a generator worker sees it. */
export interface TargetInfo {
  /** `kefu`, `bare-ws`, `durable-ws`, `socketio` … shown in the report. */
  name: string;
  transport: 'ws' | 'socketio';
  /** ws://host:port/ws for WebSocket targets, http://host:port for socket.io. */
  url: string;
  /** Set for the Kefu server: conversations are made by a first send and claimed over REST. */
  kefu: { httpUrl: string; widgetKey: string } | null;
}

/** One visitor–agent pair a worker drives; the agent token is only read by Kefu. */
export interface PairSpec {
  agentToken: string;
}

export type Who = 'visitors' | 'agents' | 'both';

export interface ConnectOptions {
  who: Who;
  /** Handshakes in flight at once in this worker. */
  concurrency: number;
  /** Send `resume` for the pair's conversation (and the visitor token, when known) in hello. */
  resume: boolean;
  /** Epoch ms after which no new connection is started (those left count as failed). */
  deadlineAtMs?: number;
}

export type RunMode = 'send' | 'typing';

export interface RunOptions {
  mode: RunMode;
  /** Offered rate of this worker, frames per second, on a fixed schedule (open loop). */
  ratePerSec: number;
  /** Epoch ms at which the schedule starts; the same for every worker. */
  startAtMs: number;
  warmupMs: number;
  durationMs: number;
  /** How long to wait after the last send for outstanding answers before counting them as late. */
  drainMs: number;
  /** Agents acknowledge cumulatively, at most once per this many ms per conversation; 0 = never. */
  ackEveryMs: number;
}

export type WorkerCommand =
  | { cmd: 'init'; workerIndex: number; localAddress: string; target: TargetInfo; pairs: PairSpec[] }
  | { cmd: 'connect'; options: ConnectOptions }
  | { cmd: 'createConversations'; concurrency: number }
  | { cmd: 'run'; options: RunOptions }
  | { cmd: 'stats' }
  | { cmd: 'close' };

export interface ConnectReport {
  ok: number;
  failed: number;
  firstError: string | null;
  /** Epoch ms of the first attempt and of the last ready socket. */
  startedAtMs: number;
  endedAtMs: number;
}

export interface RunReport {
  /** HDR histograms (µs), compressed base64. */
  histograms: { sendToSent: string; endToEnd: string; typing: string; issueLag: string };
  /** Frames scheduled inside the measured window. */
  offered: number;
  /** Of those: answered with `sent` (send) or relayed (typing) before the drain ended. */
  answered: number;
  delivered: number;
  /** Still unanswered after the drain; recorded at their age so they count in the percentiles. */
  late: number;
  errors: number;
  firstError: string | null;
  cpuUserUs: number;
  cpuSystemUs: number;
}

export interface StatsReport {
  open: number;
  closed: number;
  /** Fewest and most WebSocket pings any open socket has received from the server. */
  minPings: number;
  maxPings: number;
  lastClose: string | null;
}

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

export type WorkerRequest = WorkerCommand & { id: number };
