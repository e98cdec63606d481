// One visitor–agent pair as the generator drives it: hello (and resume), the conversation that joins
// them, and the frames each side receives, handed to whoever is measuring.
import type { ClientFrame, ErrorFrame, MsgFrame, SentFrame, ServerFrame, TypingRelayFrame } from '@kefu/protocol';
import type { SourceAddresses } from './addresses.js';
import { openLink, type Link } from './links.js';
import { Timeline } from './timeline.js';
import type { PairSpec, TargetInfo } from './types.js';

/** Receives the frames that matter to a measurement. */
export interface PairSink {
  sent(pair: Pair, frame: SentFrame): void;
  msg(pair: Pair, side: Side, frame: MsgFrame): void;
  typing(pair: Pair, side: Side, frame: TypingRelayFrame): void;
  error(pair: Pair, frame: ErrorFrame): void;
  closed(pair: Pair, side: Side, why: string): void;
  /** Any other frame (`conv`, `reconnect`, `synced` …), for scenarios that watch them. */
  other?(pair: Pair, side: Side, frame: ServerFrame): void;
}

export type Side = 'visitor' | 'agent';

const WAIT_MS = 30_000;

interface Waiter {
  match: (frame: ServerFrame) => boolean;
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
}

export class Pair {
  visitor: Link | null = null;
  agent: Link | null = null;
  conv: string | null = null;
  visitorToken: string | null = null;
  /** The visitor's contact id, from its welcome. */
  visitorId: string | null = null;
  /** Set aside by a scenario (slow readers, churn): the open-loop schedule skips it. */
  reserved = false;
  /** Resume from the longest run without a hole instead of the highest seq seen. */
  resumeFromContiguous = false;
  /** What each side holds of each conversation it heard of, seq by seq (see `timeline`). */
  private readonly timelines: Record<Side, Map<string, Timeline>> = { visitor: new Map(), agent: new Map() };
  /** Highest seq each side has seen of the conversation: what it resumes from. */
  readonly held = { visitor: 0, agent: 0 };
  /** Highest seq the agent has acknowledged, and whether an ack is scheduled. */
  ackedSeq = 0;
  ackTimer: NodeJS.Timeout | null = null;
  /** Intended times of typing frames on their way to the agent, oldest first (-1: not measured). */
  readonly typingInFlight: number[] = [];
  private readonly waiters: Record<Side, Waiter[]> = { visitor: [], agent: [] };

  constructor(
    readonly index: number,
    readonly key: string,
    private readonly spec: PairSpec,
    private readonly target: TargetInfo,
    private readonly sources: SourceAddresses,
    private readonly sink: PairSink,
  ) {
    // Baselines have no conversation store: the pair's conversation id is fixed up front.
    if (!target.kefu) this.conv = `c.${key}`;
  }

  /** Opens a side's socket and says hello; resolves when welcomed and, with resume, synced. */
  async connect(side: Side, resume: boolean, onWelcome?: () => void): Promise<void> {
    const link = await openLink(this.target, this.sources.take(), {
      frame: (frame) => this.receive(side, frame),
      close: (why) => {
        // Whoever waits for an answer on this socket hears now that none will come.
        if (this[side] === link) this.failWaiters(side, `${side} ${this.key}: closed (${why})`);
        this.sink.closed(this, side, why);
      },
    });
    this[side] = link;
    const from = this.resumeFromContiguous ? this.timeline(side).contiguous : this.held[side];
    const resumeMap = resume && this.conv ? { resume: { [this.conv]: from } } : {};
    for (const [conv, timeline] of this.timelines[side]) timeline.newConnection(resumeMap.resume && conv === this.conv ? from : -1);
    const welcomed = this.expect(side, (f) => f.t === 'welcome' || f.t === 'error');
    const synced = resumeMap.resume ? this.expect(side, (f) => f.t === 'synced' || f.t === 'error') : null;
    // Awaited only after the welcome; if the socket closes first, its rejection is not unhandled.
    synced?.catch(() => {});
    if (side === 'visitor') {
      const widgetKey = this.target.kefu?.widgetKey ?? 'bench';
      link.send({ t: 'hello', v: 1, role: 'visitor', widgetKey, ...(this.visitorToken ? { visitorToken: this.visitorToken } : {}), ...resumeMap });
    } else {
      link.send({ t: 'hello', v: 1, role: 'agent', token: this.spec.agentToken, ...resumeMap });
    }
    const welcome = await welcomed;
    if (welcome.t !== 'welcome') throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
    if (welcome.visitorToken) this.visitorToken = welcome.visitorToken;
    if (welcome.visitorId) this.visitorId = welcome.visitorId;
    onWelcome?.();
    if (synced) {
      const done = await synced;
      if (done.t !== 'synced') throw new Error(`resume refused: ${JSON.stringify(done)}`);
    }
  }

  /**
   * Makes the conversation of the pair: the visitor's first message (Kefu creates the conversation,
   * queued), then the agent's claim over REST, so that the agent is its assignee.
   */
  async createConversation(): Promise<void> {
    if (!this.visitor) throw new Error('visitor not connected');
    const id = `setup.${this.key}`;
    const sent = this.expect('visitor', (f) => (f.t === 'sent' && f.id === id) || (f.t === 'error' && f.ref === id));
    this.visitor.send({ t: 'send', id, text: 'Hello, I have a question.', ...(this.conv ? { conv: this.conv } : {}) });
    const answer = await sent;
    if (answer.t !== 'sent') throw new Error(`first send refused: ${JSON.stringify(answer)}`);
    this.conv = answer.conv;
    const kefu = this.target.kefu;
    if (!kefu) return;
    const res = await fetch(`${kefu.httpUrl}/api/v1/conversations/${answer.conv}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.spec.agentToken}` },
    });
    if (res.status !== 200) throw new Error(`claim failed: ${res.status} ${await res.text()}`);
  }

  /** What `side` holds of the pair's conversation. */
  timeline(side: Side): Timeline {
    return this.timelineOf(side, this.conv ?? '');
  }

  private timelineOf(side: Side, conv: string): Timeline {
    let timeline = this.timelines[side].get(conv);
    if (!timeline) this.timelines[side].set(conv, (timeline = new Timeline()));
    return timeline;
  }

  send(side: Side, frame: ClientFrame): boolean {
    const link = this[side];
    if (!link?.isOpen) return false;
    link.send(frame);
    return true;
  }

  destroy(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    this.visitor?.destroy();
    this.agent?.destroy();
    this.visitor = null;
    this.agent = null;
  }

  /** Resolves with the first frame on `side` that matches; rejects on timeout or when the socket closes. */
  expect(side: Side, match: (frame: ServerFrame) => boolean, waitMs = WAIT_MS): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const list = this.waiters[side];
        const i = list.indexOf(waiter);
        if (i >= 0) list.splice(i, 1);
        reject(new Error(`${side} ${this.key}: no answer within ${waitMs} ms`));
      }, waitMs);
      this.waiters[side].push(waiter);
    });
  }

  private failWaiters(side: Side, why: string): void {
    const list = this.waiters[side].splice(0);
    for (const waiter of list) waiter.reject(new Error(why));
  }

  private receive(side: Side, frame: ServerFrame): void {
    const waiters = this.waiters[side];
    if (waiters.length > 0) {
      const i = waiters.findIndex((w) => w.match(frame));
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(frame);
    }
    switch (frame.t) {
      case 'sent':
        if (this.conv === null || frame.conv === this.conv) this.held[side] = Math.max(this.held[side], frame.seq);
        this.timelineOf(side, frame.conv).sent(frame.seq);
        return this.sink.sent(this, frame);
      case 'msg':
        // An agent shared by several pairs also gets the others' conversations: only the pair's
        // own counts toward what it resumes from and acknowledges.
        if (this.conv === null || frame.conv === this.conv) this.held[side] = Math.max(this.held[side], frame.seq);
        this.timelineOf(side, frame.conv).msg(frame.seq);
        if ('msgId' in frame) this.sink.msg(this, side, frame);
        return;
      case 'typing':
        return this.sink.typing(this, side, frame);
      case 'error':
        return this.sink.error(this, frame);
      default:
        return this.sink.other?.(this, side, frame);
    }
  }
}
