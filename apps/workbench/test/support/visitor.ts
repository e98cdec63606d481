// A visitor over the protocol, as the widget would be: says hello with the inbox's widget key,
// tells its name and attributes, writes, types and reads.
import { api } from '../../../server/test/support/api.js';
import { isType, TestClient } from '../../../server/test/support/ws-client.js';

export class Visitor {
  private constructor(
    readonly client: TestClient,
    readonly token: string,
    private readonly baseUrl: string,
    private readonly widgetKey: string,
  ) {}

  static async connect(baseUrl: string, wsUrl: string, widgetKey: string): Promise<Visitor> {
    const client = await TestClient.connect(wsUrl);
    const welcome = await client.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
    return new Visitor(client, welcome.visitorToken!, baseUrl, widgetKey);
  }

  /** What the pre-chat form or the host page's setAttributes would say. */
  async profile(body: { name?: string; email?: string; attributes?: Record<string, unknown> }): Promise<void> {
    const res = await api(this.baseUrl, 'POST', '/api/v1/widget/contact', { body: { widgetKey: this.widgetKey, visitorToken: this.token, ...body } });
    if (res.status !== 200) throw new Error(`visitor profile: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Sends and waits for `sent`: stored by then. */
  async say(text: string): Promise<{ conv: string; seq: number }> {
    const id = `v-${Math.random().toString(36).slice(2)}`;
    const sent = await this.client.request({ t: 'send', id, text }, (f) => f.t === 'sent' && f.id === id);
    return sent as unknown as { conv: string; seq: number };
  }

  typing(conv: string, on: boolean): void {
    this.client.send({ t: 'typing', conv, on });
  }

  read(conv: string, seq: number): void {
    this.client.send({ t: 'read', conv, seq });
  }

  close(): void {
    this.client.close();
  }
}
