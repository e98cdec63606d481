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
  | { cmd: 'init'; workerIndex: number; workerCount: number; localAddresses: string[]; target: TargetInfo; pairs: PairSpec[] }
  | { cmd: 'connect'; options: ConnectOptions }
  | { cmd: 'createConversations'; concurrency: number }
  | { cmd: 'run'; options: RunOptions }
  | { cmd: 'stats' }
  | { cmd: 'close' }
  | ExtraCommand;

/** Commands of the scenarios past B7 (lib/worker-scenarios.ts). */
export type ExtraCommand =
  /** Sets the first `count` pairs of this worker aside: the open-loop schedule skips them. */
  | { cmd: 'reserve'; count: number }
  /** Reserved pairs' agent sockets stop (or start again) reading. */
  | { cmd: 'pauseReserved'; paused: boolean }
  /** Reserved pairs' visitors send large messages on a fixed schedule (not measured). */
  | { cmd: 'flood'; startAtMs: number; durationMs: number; ratePerPair: number; bytes: number }
  /** Every second, `perSec` reserved pairs close both sockets and reconnect with resume. */
  | { cmd: 'churn'; startAtMs: number; durationMs: number; perSec: number }
  /** Opens `count` new visitors (no conversation yet) besides the pairs. */
  | { cmd: 'prepareVisitors'; count: number; concurrency: number }
  /** Prepared visitors start conversations on a schedule; agents time the `conv` update of each. */
  | { cmd: 'fanoutRun'; startAtMs: number; warmupMs: number; durationMs: number; drainMs: number; ratePerSec: number }
  /** One prepared visitor asks one question; answers the ms to the bot's reply, or null. */
  | { cmd: 'botProbe'; question: string; timeoutMs: number }
  /** Each prepared visitor asks one question on a schedule; timed to the bot's reply. */
  | { cmd: 'botRun'; startAtMs: number; ratePerSec: number; questions: string[]; offset: number; timeoutMs: number }
  /** Pairs reconnect by themselves after a close, resume from what they hold; visitors send meanwhile. */
  | { cmd: 'stormArm'; ratePerSec: number; reconnectBaseMs: number }
  /** Starts counting phase `phase`: closes from now on, and welcomes within `deadlineMs` of the close. */
  | { cmd: 'stormPhase'; phase: number; deadlineMs: number }
  | { cmd: 'stormStatus' }
  /** Stops sending, waits for the outboxes to empty, syncs every side and counts gaps and duplicates. */
  | { cmd: 'stormCheck'; waitMs: number };

export interface FloodReport {
  sent: number;
  answered: number;
  errors: number;
  firstError: string | null;
  /** Reserved agent sockets the server closed (a slow consumer past its send buffer limit). */
  closedByServer: number;
  firstClose: string | null;
}

export interface ChurnReport {
  cycles: number;
  ok: number;
  failed: number;
  firstError: string | null;
}

export interface FanoutReport {
  /** HDR histogram (µs) of intended first send → an agent's first `conv` frame of that conversation. */
  histogram: string;
  issueLag: string;
  /** Conversations started in the window, and (times agents) the updates expected and received. */
  started: number;
  agents: number;
  expected: number;
  received: number;
  late: number;
  errors: number;
  firstError: string | null;
}

export interface BotReport {
  /** HDR histogram (µs) of intended send → the bot's reply `msg`. */
  histogram: string;
  asked: number;
  answered: number;
  /** No bot reply within the timeout; recorded at the timeout. */
  missing: number;
  errors: number;
  firstError: string | null;
}

export interface StormStatus {
  phase: number;
  /** Sockets closed in this phase, and of them those welcomed again (and synced). */
  disconnected: number;
  welcomed: number;
  welcomedWithinDeadline: number;
  /** HDR histogram (µs) of close → welcome again, this phase. */
  histogram: string;
  /** Epoch ms of every welcome of this phase (to time them from the new server's start too). */
  welcomedAtMs: number[];
  /** Largest `afterMs` a `reconnect` frame told in this phase. */
  maxToldMs: number;
  attempts: number;
  /** Reconnects the server refused during hello (close 4401, e.g. its hello timeout), retried with the same credentials. */
  helloRefused: number;
  /** The generator process's event-loop delay in this phase (monitorEventLoopDelay), ms. */
  generatorLoopP99Ms: number;
  generatorLoopMaxMs: number;
  sends: number;
  answered: number;
  firstError: string | null;
}

export interface StormCheck {
  sides: number;
  /** Sides that could not be checked (not connected at the end). */
  unchecked: number;
  duplicates: number;
  firstDuplicate: string | null;
  /** Entries a side got only from the final explicit sync (lost by live delivery and resume). */
  recoveredBySync: number;
  /** Seqs still missing after the final sync. */
  gaps: number;
  /** Sends never answered with `sent`, even after resending. */
  unanswered: number;
  /** Answered with `sent` but never seen by the agent. */
  lost: number;
  /** One client message id stored under two seqs. */
  storedTwice: number;
  answeredSends: number;
  firstProblem: string | null;
}

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
