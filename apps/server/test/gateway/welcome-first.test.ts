// A hello registers its connection before it reads what the welcome lists, and holds what is
// published meanwhile until the welcome has gone: the welcome is always a session's first frame,
// and a change made while the hello ran is in the welcome or comes right after it.
import type { BusEvent } from '../../src/ports/bus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPresence } from '../../src/adapters/memory-presence.js';
import { isSent } from '../conformance/helpers.js';
import { createAgent, firstWidgetKey, loginAdmin } from '../support/api.js';
import { startInProcessNode, type InProcessNode } from '../support/in-process-node.js';
import { isType, TestClient } from '../support/ws-client.js';

/** Presence that holds an agent's hello at `agentConnected` until the test lets it go, as a slow networked presence might. */
class GatedPresence extends MemoryPresence {
  private enteredNow: () => void = () => undefined;
  private openNow: () => void = () => undefined;
  readonly entered = new Promise<void>((resolve) => (this.enteredNow = resolve));
  private readonly gate = new Promise<void>((resolve) => (this.openNow = resolve));

  open(): void {
    this.openNow();
  }

  override async agentConnected(...args: Parameters<MemoryPresence['agentConnected']>): Promise<void> {
    this.enteredNow();
    await this.gate;
    return super.agentConnected(...args);
  }
}

describe('the welcome comes first', () => {
  const presence = new GatedPresence();
  let env: InProcessNode;

  beforeAll(async () => {
    env = await startInProcessNode({ startIso: '2026-11-27T02:00:00Z', presence });
  });
  afterAll(async () => {
    await env.stop();
  });

  it('holds a conversation update made during an agent hello until after the welcome, and loses none', async () => {
    const admin = await loginAdmin(env.url);
    const agent = await createAgent(env.url, admin, 'Slow Hello');
    const widgetKey = await firstWidgetKey(env.url, admin);

    const agentClient = await TestClient.connect(env.wsUrl);
    agentClient.send({ t: 'hello', v: 1, role: 'agent', token: agent.token });
    await presence.entered;

    // While the hello waits for presence, a visitor starts a conversation: the agents are told.
    const published = new Promise<string>((resolve) => {
      const off = env.bus.subscribe((event: BusEvent) => {
        if (event.type !== 'conversation.updated') return;
        off();
        resolve(event.conversation.id);
      });
    });
    const visitor = await TestClient.connect(env.wsUrl);
    visitor.send({ t: 'hello', v: 1, role: 'visitor', widgetKey });
    await visitor.waitFor(isType('welcome'));
    await visitor.request({ t: 'send', id: 'v-1', text: '在吗？' }, isSent('v-1'));
    const conversationId = await published;

    presence.open();
    const welcome = await agentClient.waitFor(isType('welcome'));
    expect(agentClient.frames[0]!.t).toBe('welcome');
    const listed = welcome.conversations.some((c) => c.id === conversationId);
    if (!listed) await agentClient.waitFor((f) => f.t === 'conv' && f.conv.id === conversationId);

    agentClient.close();
    visitor.close();
  });
});
