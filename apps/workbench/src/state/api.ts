// The REST API as the workbench uses it: JSON with the agent's bearer token, errors as ApiError.
import type { ConversationView } from '@kefu/protocol';
import type { Priority } from './conversation-record.js';

export interface AgentInfo {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
}

export interface AgentAvailability {
  id: string;
  name: string;
  availability: 'online' | 'away' | 'offline';
  manualStatus?: 'online' | 'away' | 'offline';
  open: number;
  capacity: number;
}

export interface Team {
  id: string;
  name: string;
  members: string[];
}

export interface Contact {
  id: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
  identityVerified: boolean;
  attributes: Record<string, unknown>;
  blocked: boolean;
  /** The page the visitor was last on, as the widget reported it (absent from older servers). */
  visit?: ContactVisit | null;
  createdAt: string;
}

export interface ContactVisit {
  page: string;
  title: string | null;
  referrer: string | null;
  device: { browser: string | null; browserVersion: string | null; os: string | null; osVersion: string | null; kind: 'mobile' | 'tablet' | 'desktop' };
  language: string | null;
  at: string;
}

export interface Label {
  name: string;
  color?: string;
}

export interface CannedResponse {
  id: string;
  shortcut: string;
  text: string;
}

export interface Attachment {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
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

export class Api {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void = () => {},
  ) {}

  static async login(email: string, password: string): Promise<{ token: string; agent: AgentInfo }> {
    return request('POST', '/api/v1/auth/login', undefined, { email, password });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await request<T>(method, path, this.token, body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      throw error;
    }
  }

  me = () => this.call<{ agent: AgentInfo }>('GET', '/api/v1/me');
  conversations = (query: Record<string, string>) =>
    this.call<{ conversations: ConversationView[] }>('GET', `/api/v1/conversations?${new URLSearchParams({ limit: '200', ...query }).toString()}`);
  conversation = (id: string) => this.call<ConversationView>('GET', `/api/v1/conversations/${enc(id)}`);
  claim = (id: string) => this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/claim`);
  resolve = (id: string) => this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/resolve`);
  reopen = (id: string) => this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/reopen`);
  assign = (id: string, agentId: string) => this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/assign`, { agentId });
  transfer = (id: string, body: { agentId?: string; teamId?: string; note?: string }) =>
    this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/transfer`, body);
  acceptTransfer = (id: string) => this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/transfer/accept`);
  declineTransfer = (id: string) => this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/transfer/decline`);
  setPriority = (id: string, priority: Priority) => this.call<ConversationView>('POST', `/api/v1/conversations/${enc(id)}/priority`, { priority });
  setLabels = (id: string, labels: string[]) => this.call<ConversationView>('PUT', `/api/v1/conversations/${enc(id)}/labels`, { labels });
  labels = () => this.call<{ labels: Label[] }>('GET', '/api/v1/labels');
  contact = (id: string) => this.call<{ contact: Contact; conversations: ConversationView[] }>('GET', `/api/v1/contacts/${enc(id)}`);
  agents = () => this.call<{ agents: AgentAvailability[] }>('GET', '/api/v1/agents/availability');
  teams = () => this.call<{ teams: Team[] }>('GET', '/api/v1/teams');
  setMyStatus = (manualStatus: 'online' | 'away' | 'offline') => this.call<AgentInfo>('PATCH', '/api/v1/agents/me', { manualStatus });
  canned = (q: string) => this.call<{ cannedResponses: CannedResponse[] }>('GET', `/api/v1/canned-responses?${new URLSearchParams({ q }).toString()}`);
  expand = (conversationId: string, text: string) => this.call<{ text: string }>('POST', '/api/v1/canned-responses/expand', { conversationId, text });

  async upload(file: File): Promise<Attachment> {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await fetch('/api/v1/uploads', { method: 'POST', headers: { authorization: `Bearer ${this.token}` }, body: form });
    return answer<Attachment>(res);
  }
}

const enc = encodeURIComponent;

async function request<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  return answer<T>(res);
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below with the status
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'http', error?.message ?? `HTTP ${res.status}`);
  }
  return json as T;
}
