import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleLlm } from '../adapters/openai-compatible-llm.js';
import { initialDialogueState } from './decision.js';
import { DialogueEngine } from './engine.js';
import type { KnowledgeEntry } from './knowledge-base.js';
import { LlmStage, NO_ANSWER, parseReply } from './llm-stage.js';

const kb: KnowledgeEntry[] = [
  { id: 'refund', question: 'how long does a refund take', similar: ['when do I get my money back', 'refund duration'], answer: 'Refunds reach your card within 3 working days.' },
  { id: 'invoice', question: 'can I get an invoice', similar: ['I need a VAT invoice', 'where is my invoice'], answer: 'Invoices are in the order details page.' },
  { id: 'address', question: 'change my shipping address', similar: ['wrong address on my order', 'update delivery address'], answer: 'You can edit the address until the parcel ships.' },
];

/** A message the engine alone is unsure about: it clarifies or falls back, with some entry scoring above zero. */
const UNSURE = 'my money from the cancelled order, where is it';

interface Seen {
  readonly body: { model: string; messages: { role: string; content: string }[]; max_tokens: number };
  readonly authorization: string | undefined;
}

/** A chat-completions server on 127.0.0.1 whose reply and delay each test sets. */
let server: Server;
let url = '';
let seen: Seen[] = [];
let reply: (system: string) => string = () => NO_ANSWER;
let delayMs = 0;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as Seen['body'];
      seen.push({ body, authorization: req.headers.authorization });
      const content = reply(body.messages[0]?.content ?? '');
      const send = () => {
        res.writeHead(req.url === '/v1/chat/completions' ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
      };
      if (delayMs > 0) setTimeout(send, delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  delayMs = 0;
  reply = () => NO_ANSWER;
});

/** The number the prompt gives the entry whose answer contains `word`. */
function numberOf(system: string, word: string): number {
  const blocks = system.split(/\n(?=\[\d+\]\n)/);
  const block = blocks.find((b) => b.includes(word));
  return Number(/^\[(\d+)\]/.exec(block ?? '')?.[1] ?? 0);
}

async function engineWith(stage?: LlmStage): Promise<DialogueEngine> {
  const built = await DialogueEngine.build(kb, stage ? { llm: stage } : {});
  if (!built.ok) throw new Error('build failed');
  return built.engine;
}

function stage(timeoutMs = 2_000): LlmStage {
  return new LlmStage(new OpenAiCompatibleLlm({ url, model: 'tiny-chat', key: 'sk-test' }), { timeoutMs, minTopScore: 0 });
}

describe('the LLM stage in the engine', () => {
  it('uses a grounded answer for a message the engine alone would not answer', async () => {
    const alone = await (await engineWith()).understand(UNSURE, initialDialogueState);
    expect(['clarify', 'fallback']).toContain(alone.decision.kind);
    reply = (system) => `[${numberOf(system, 'Refunds reach')}] Your refund reaches your card within 3 working days.`;

    const { decision, trace, state } = await (await engineWith(stage())).understand(UNSURE, initialDialogueState);
    expect(decision).toMatchObject({ kind: 'answer', entryId: 'refund', text: 'Your refund reaches your card within 3 working days.' });
    expect(state).toEqual(initialDialogueState);
    expect(trace).toMatchObject({ decision: 'answer', entryId: 'refund', llm: { asked: true, outcome: 'answered', entryId: 'refund' } });
    expect(trace.llm?.asked && trace.llm.latencyMs).toBeGreaterThanOrEqual(0);
    // The request: the configured model, the bearer key, the entries' answers, the visitor's own words.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body.model).toBe('tiny-chat');
    expect(seen[0]!.authorization).toBe('Bearer sk-test');
    expect(seen[0]!.body.messages[0]!.content).toContain('Refunds reach your card within 3 working days.');
    expect(seen[0]!.body.messages[0]!.content).toContain(NO_ANSWER);
    expect(seen[0]!.body.messages[1]).toEqual({ role: 'user', content: UNSURE });
  });

  it('keeps the engine\'s own decision when the model replies NO_ANSWER', async () => {
    const alone = await (await engineWith()).understand(UNSURE, initialDialogueState);
    const { decision, trace, state } = await (await engineWith(stage())).understand(UNSURE, initialDialogueState);
    expect(decision).toEqual(alone.decision);
    expect(state).toEqual(alone.state);
    expect(trace.llm).toMatchObject({ asked: true, outcome: 'no_answer' });
    expect(seen).toHaveLength(1);
  });

  it('keeps the engine\'s own decision when the model is slower than the timeout', async () => {
    delayMs = 3_000;
    reply = (system) => `[${numberOf(system, 'Refunds reach')}] too late`;
    const alone = await (await engineWith()).understand(UNSURE, initialDialogueState);
    const started = performance.now();
    const { decision, trace } = await (await engineWith(stage(150))).understand(UNSURE, initialDialogueState);
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(decision).toEqual(alone.decision);
    expect(trace.llm).toMatchObject({ asked: true, outcome: 'timeout' });
  });

  it('keeps the engine\'s own decision when the server fails', async () => {
    const broken = new LlmStage(new OpenAiCompatibleLlm({ url: `${url}/nowhere`, model: 'm', key: null }), { minTopScore: 0 });
    const alone = await (await engineWith()).understand(UNSURE, initialDialogueState);
    const { decision, trace } = await (await engineWith(broken)).understand(UNSURE, initialDialogueState);
    expect(decision).toEqual(alone.decision);
    expect(trace.llm).toMatchObject({ asked: true, outcome: 'error' });
  });

  it('is not asked about messages the engine answers with confidence', async () => {
    reply = (system) => `[${numberOf(system, 'Invoices are')}] wrong on purpose`;
    const engine = await engineWith(stage());
    const exact = await engine.understand('how long does a refund take', initialDialogueState);
    const paraphrase = await engine.understand('I need an invoice for my order', initialDialogueState);
    expect(exact.decision).toMatchObject({ kind: 'answer', entryId: 'refund' });
    expect(paraphrase.decision).toMatchObject({ kind: 'answer', entryId: 'invoice' });
    expect(paraphrase.decision).not.toHaveProperty('text');
    expect(exact.trace.llm).toEqual({ asked: false });
    expect(paraphrase.trace.llm).toEqual({ asked: false });
    expect(seen).toHaveLength(0);
  });

  it('is not asked below the score floor', async () => {
    const strict = new LlmStage(new OpenAiCompatibleLlm({ url, model: 'm', key: null }), { minTopScore: 1.01 });
    const { trace } = await (await engineWith(strict)).understand(UNSURE, initialDialogueState);
    expect(trace.llm).toEqual({ asked: false });
    expect(seen).toHaveLength(0);
  });
});

describe('parseReply', () => {
  const shown = kb.slice(0, 2);
  it('takes a reply that cites a shown entry', () => {
    expect(parseReply(' [2] See the order page. ', shown)).toEqual({ kind: 'answered', entryId: 'invoice', text: 'See the order page.' });
  });
  it('reads NO_ANSWER, alone or after a citation', () => {
    expect(parseReply('NO_ANSWER', shown)).toEqual({ kind: 'no_answer' });
    expect(parseReply('[1] NO_ANSWER', shown)).toEqual({ kind: 'no_answer' });
  });
  it('refuses a reply that cites nothing, or an entry it was not shown', () => {
    expect(parseReply('Sure! Refunds are instant.', shown).kind).toBe('unusable');
    expect(parseReply('[3] Edit the address.', shown).kind).toBe('unusable');
  });
});
