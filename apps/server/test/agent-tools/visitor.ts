// A visitor who writes through the widget's WebSocket, for tests of the agent tools.
import { isType, TestClient } from '../support/ws-client.js';

export interface Visitor {
  conversationId: string;
  contactId: string;
  visitorToken: string;
}

let counter = 0;

/** A new visitor says hello and writes `text`; the connection is closed once the message is stored. */
export async function visitorWrites(wsUrl: string, widgetKey: string, text: string): Promise<Visitor> {
  const client = await TestClient.connect(wsUrl);
  try {
    const welcome = await client.request({ t: 'hello', v: 1, role: 'visitor', widgetKey }, isType('welcome'));
    counter += 1;
    const sent = await client.request({ t: 'send', id: `visitor-msg-${counter}`, text }, isType('sent'));
    if (!welcome.visitorId || !welcome.visitorToken) throw new Error('a visitor welcome without visitorId or visitorToken');
    return { conversationId: sent.conv, contactId: welcome.visitorId, visitorToken: welcome.visitorToken };
  } finally {
    client.close();
  }
}
