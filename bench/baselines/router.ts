// The baselines' whole server logic: the subset of the Kefu protocol the load generator speaks
// (hello/welcome, resume/synced, send/sent + msg, typing, ack, ping/pong), with nothing else.
// A pair is the visitor and the agent that name the same conversation id. With a journal, `sent`
// and the relay wait for the append to be durable, as Kefu's do; without one they go out at once.
import { randomUUID } from 'node:crypto';
import type { ClientFrame, SendFrame, ServerFrame } from '@kefu/protocol';

export interface Peer {
  readonly id: string;
  role: 'visitor' | 'agent' | null;
  readonly convs: Set<string>;
  send(frame: ServerFrame): void;
}

/** Durable storage of a durable baseline; callbacks run once the write is committed. */
export interface Journal {
  append(entry: { conv: string; senderId: string; clientId: string; text: string }, done: (stored: { seq: number; msgId: string; at: string }) => void): void;
  cursor(conv: string, participantId: string, seq: number): void;
}

interface Conversation {
  seq: number;
  members: Set<Peer>;
}

export const HEARTBEAT_MS = 25_000;

export class Router {
  private readonly conversations = new Map<string, Conversation>();
  private readonly acks = new Map<string, number>();

  constructor(private readonly journal: Journal | null) {}

  frame(peer: Peer, frame: ClientFrame): void {
    if (frame.t === 'hello') return this.hello(peer, frame.role, frame.resume ?? {});
    if (!peer.role) return peer.send({ t: 'error', code: 'unauthorized', message: 'the first frame must be hello' });
    switch (frame.t) {
      case 'send':
        return this.send(peer, frame);
      case 'typing':
        return this.relay(peer, frame.conv, { t: 'typing', conv: frame.conv, from: { role: peer.role, id: peer.id }, on: frame.on });
      case 'ack':
        if (this.journal) this.journal.cursor(frame.conv, peer.id, frame.seq);
        else this.acks.set(`${frame.conv}:${peer.id}`, frame.seq);
        return;
      case 'ping':
        return peer.send({ t: 'pong' });
      default:
        return peer.send({ t: 'error', code: 'bad_frame', message: `${frame.t} is not served by this baseline` });
    }
  }

  leave(peer: Peer): void {
    for (const id of peer.convs) {
      const conversation = this.conversations.get(id);
      conversation?.members.delete(peer);
    }
    peer.convs.clear();
  }

  private hello(peer: Peer, role: 'visitor' | 'agent', resume: Record<string, number>): void {
    peer.role = role;
    const who = role === 'visitor' ? { visitorId: peer.id, visitorToken: `v.${peer.id}` } : { agentId: peer.id };
    peer.send({ t: 'welcome', v: 1, sessionId: peer.id, heartbeatMs: HEARTBEAT_MS, epoch: 'baseline', ...who, conversations: [] });
    for (const [conv, seq] of Object.entries(resume)) {
      this.join(peer, conv);
      peer.send({ t: 'synced', conv, upTo: seq, more: false });
    }
  }

  private send(peer: Peer, frame: SendFrame): void {
    const conv = frame.conv;
    if (!conv) return peer.send({ t: 'error', code: 'bad_frame', message: 'this baseline needs conv', ref: frame.id });
    const conversation = this.join(peer, conv);
    const deliver = (stored: { seq: number; msgId: string; at: string }) => {
      peer.send({ t: 'sent', id: frame.id, conv, seq: stored.seq, msgId: stored.msgId, at: stored.at });
      const from = { role: peer.role ?? 'visitor', id: peer.id };
      this.relay(peer, conv, { t: 'msg', conv, seq: stored.seq, msgId: stored.msgId, at: stored.at, from, kind: 'text', text: frame.text });
    };
    if (this.journal) {
      this.journal.append({ conv, senderId: peer.id, clientId: frame.id, text: frame.text }, deliver);
    } else {
      conversation.seq += 1;
      deliver({ seq: conversation.seq, msgId: randomUUID(), at: new Date().toISOString() });
    }
  }

  /** Sends a frame to the other members of the conversation. */
  private relay(from: Peer, conv: string, frame: ServerFrame): void {
    const conversation = this.conversations.get(conv);
    if (!conversation) return;
    for (const member of conversation.members) if (member !== from) member.send(frame);
  }

  private join(peer: Peer, conv: string): Conversation {
    let conversation = this.conversations.get(conv);
    if (!conversation) this.conversations.set(conv, (conversation = { seq: 0, members: new Set() }));
    conversation.members.add(peer);
    peer.convs.add(conv);
    return conversation;
  }
}
