// The note an agent reads when the bot hands a conversation over: why, what the visitor asked,
// what the bot guessed, and who the visitor is. Pure.
import type { KbEntry } from '../domain/bot.js';
import type { Contact } from '../domain/model.js';

export interface HandoffFacts {
  readonly reason: string;
  /** The visitor's message that led to the handoff. */
  readonly question: string;
  readonly guesses: ReadonlyArray<{ readonly entryId: string; readonly score: number }>;
  readonly entry: (id: string) => KbEntry | undefined;
  readonly contact: Pick<Contact, 'name' | 'email' | 'attributes' | 'identityVerified'> | null;
  /** A flow's own summary, already rendered. */
  readonly flowSummary?: string;
}

export interface HandoffSummary {
  readonly text: string;
  readonly data: Record<string, unknown>;
}

const REASONS: Readonly<Record<string, string>> = {
  asked_for_human: 'the visitor asked for a person',
  negative_sentiment: 'the visitor sounds upset',
  restricted_topic: 'a topic the bot must not answer',
  repeated_fallback: 'the bot did not understand several times',
  rule: 'a rule hands this over',
  flow: 'a flow hands this over',
  no_bot: 'the bot is switched off',
};

const MAX_ATTRIBUTES = 12;

export function handoffSummary(facts: HandoffFacts): HandoffSummary {
  const guesses = facts.guesses.slice(0, 3).map((g) => ({ entryId: g.entryId, score: round(g.score), question: facts.entry(g.entryId)?.question ?? g.entryId }));
  const contact = facts.contact;
  const attributes = contact ? Object.entries(contact.attributes).slice(0, MAX_ATTRIBUTES) : [];
  const lines = [
    `Bot handoff: ${REASONS[facts.reason] ?? facts.reason}`,
    `Question: ${facts.question}`,
    ...(facts.flowSummary ? [`Flow: ${facts.flowSummary}`] : []),
    ...(guesses.length > 0 ? [`Bot's guesses: ${guesses.map((g) => `${g.question} (${g.score})`).join('; ')}`] : []),
    ...(contact ? [`Contact: ${contact.name ?? 'anonymous'}${contact.email ? ` <${contact.email}>` : ''}${contact.identityVerified ? ', identity verified' : ''}`] : []),
    ...(attributes.length > 0 ? [`Attributes: ${attributes.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')}`] : []),
  ];
  return {
    text: lines.join('\n'),
    data: {
      event: 'bot_handoff',
      reason: facts.reason,
      question: facts.question,
      guesses,
      ...(facts.flowSummary ? { flowSummary: facts.flowSummary } : {}),
    },
  };
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
