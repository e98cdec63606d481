// The widget's REST calls, all to the server that served the frame (same origin, no CORS).

export interface PreChatField {
  key: string;
  label: string;
  type: 'text' | 'email' | 'tel' | 'number' | 'textarea' | 'select';
  required?: boolean;
  options?: string[];
}

/** The inbox settings the widget reads; every field is optional and checked before use. */
export interface WidgetSettings {
  greeting?: unknown;
  color?: unknown;
  position?: unknown;
  locale?: unknown;
  preChat?: unknown;
  /** When to show the leave-a-message form: `when_no_agent` (default), `when_closed`, `never`. */
  leaveMessage?: unknown;
  [key: string]: unknown;
}

export interface WidgetConfig {
  inbox: { name: string; settings: WidgetSettings };
  open: boolean;
  agentsAvailable: boolean;
  /** A bot answers this inbox's chats (at any hour); absent from older servers. */
  botAvailable?: boolean;
  /** Read when the server sends it (see docs/widget.md); else learnt from a 413. */
  limits?: { uploadMaxBytes?: number };
}

export interface Upload {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
}

/** What `POST /api/v1/widget/visit` takes besides the keys (see visit.ts). */
export interface VisitReport {
  url: string;
  title: string | null;
  referrer: string | null;
  language: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) throw new ApiError(response.status, body?.error?.code ?? 'internal', body?.error?.message ?? response.statusText);
  return body as T;
}

export class WidgetApi {
  constructor(
    readonly widgetKey: string,
    private readonly base = '',
  ) {}

  async config(): Promise<WidgetConfig> {
    return json(await fetch(`${this.base}/api/v1/widget/config?key=${encodeURIComponent(this.widgetKey)}`));
  }

  /** Name, email and attributes of the visitor (pre-chat form, `kefu('setAttributes')`). */
  async contact(visitorToken: string, body: { name?: string; email?: string; attributes?: Record<string, unknown> }): Promise<void> {
    await json(await this.post('/api/v1/widget/contact', { widgetKey: this.widgetKey, visitorToken, ...body }));
  }

  /** The host page the visitor is on; the server adds the device from the User-Agent. */
  async visit(visitorToken: string, body: VisitReport): Promise<void> {
    await json(await this.post('/api/v1/widget/visit', { widgetKey: this.widgetKey, visitorToken, ...body }));
  }

  /** Idempotent on `id`: a retry of the same form stores one message. */
  async leaveMessage(body: { id: string; name: string; email: string; text: string; visitorToken?: string }): Promise<{ conversationId: string; visitorToken: string }> {
    return json(await this.post('/api/v1/widget/messages', { widgetKey: this.widgetKey, ...body }));
  }

  async csat(body: { visitorToken: string; conversationId: string; rating: number; comment?: string }): Promise<void> {
    await json(await this.post('/api/v1/widget/csat', { widgetKey: this.widgetKey, ...body }));
  }

  async upload(visitorToken: string, file: File): Promise<Upload> {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await fetch(`${this.base}/api/v1/uploads`, {
      method: 'POST',
      headers: { 'X-Kefu-Widget-Key': this.widgetKey, 'X-Kefu-Visitor-Token': visitorToken },
      body: form,
    });
    return json(response);
  }

  private post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}
