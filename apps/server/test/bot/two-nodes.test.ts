// Two nodes' bots on one bus and one store both hear a visitor's message: the answer is stored
// once, because its idempotency key is derived from the message it answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotResponder } from '../../src/bot/bot-responder.js';
import { createFlowRuntime } from '../../src/bot/flow-http.js';
import { asConversationId, asTenantId } from '../../src/domain/ids.js';
import { createLogger } from '../../src/log.js';
import { startInProcessNode, type InProcessNode } from '../support/in-process-node.js';
import { isType, TestClient } from '../support/ws-client.js';
import { firstWidgetKey, loginAdmin } from '../support/api.js';

let env: InProcessNode;
let second: BotResponder;

beforeAll(async () => {
  env = await startInProcessNode({ startIso: new Date().toISOString(), env: { KEFU_DEMO_BOT: 'true' } });
  second = new BotResponder({
    store: env.store,
    bus: env.bus,
    clock: env.clock,
    log: createLogger('error'),
    brains: env.node.brains,
    flowRuntime: () => createFlowRuntime({ baseUrl: env.url, secrets: {} }),
  });
  second.start();
});
afterAll(async () => {
  await second?.stop();
  await env?.stop();
});

describe('a bot answer heard by two nodes', () => {
  it('is stored once, with one trace', async () => {
    const admin = await loginAdmin(env.url);
    const widgetKey = await firstWidgetKey(env.url, admin);
    const ws = await TestClient.connect(env.wsUrl);
    await ws.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
    const questions = ['怎么开发票', '支持货到付款吗', '忘记密码怎么办'];
    let conv: string | undefined;
    for (const [i, text] of questions.entries()) {
      const sent = await ws.request({ t: 'send', id: `q${i}`, text, ...(conv ? { conv } : {}) }, isType('sent'));
      conv = sent.conv;
    }
    await env.node.bot.idle();
    await second.idle();

    const [tenant] = await env.store.listTenants();
    const entries = await env.store.readTimeline(tenant!.id, asConversationId(conv!), 0, 100);
    const fromBot = entries.filter((e) => e.sender.role === 'bot');
    expect(fromBot.map((e) => e.clientMsgId)).toEqual(entries.filter((e) => e.sender.role === 'visitor').map((e) => `bot:${e.id}:0`));
    const turns = await env.store.listBotTurns(asTenantId(tenant!.id), asConversationId(conv!));
    expect(turns).toHaveLength(questions.length);
    ws.close();
  });
});
