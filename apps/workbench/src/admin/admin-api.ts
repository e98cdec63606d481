// The admin REST API as the admin pages use it: agents, teams and routing, inboxes, canned
// responses, labels, the bot and its knowledge base, and the overview report.
import { ApiError } from '../state/api.js';

export type Role = 'admin' | 'agent';
export type Policy = 'least_busy' | 'round_robin' | 'manual';

export interface AdminAgent {
  id: string;
  email: string;
  name: string;
  role: Role;
  capacity?: number | null;
  manualStatus?: 'online' | 'away' | 'offline';
  createdAt?: string;
}

export interface OpeningInterval {
  day: number;
  open: string;
  close: string;
}

export interface BusinessHours {
  timeZone: string;
  weekly: OpeningInterval[];
  holidays: string[];
}

export interface AdminTeam {
  id: string;
  name: string;
  policy: Policy;
  businessHours: BusinessHours | null;
  members: string[];
}

export interface TeamRule {
  attribute: string;
  equals: string;
  teamId: string;
}

export interface RoutingSettings {
  poolPolicy: Policy;
  teamRules: TeamRule[];
  defaultCapacity: number;
  stickyWindowMs: number;
  idleAwayMs: number;
  unansweredTimeoutMs: number | null;
  unansweredMarksAway: boolean;
  offlineRequeueMs: number | null;
  autoResolveMs: number | null;
  closingMessage: string;
  offlineMessage: string;
}

export interface Inbox {
  id: string;
  name: string;
  widgetKey: string;
  identitySecret: string;
  requireIdentity: boolean;
  settings: Record<string, unknown>;
  defaultTeamId: string | null;
  createdAt: string;
}

export interface Canned {
  id: string;
  shortcut: string;
  text: string;
  scope: 'tenant' | 'personal';
}

export interface LabelDef {
  name: string;
  color?: string;
  description?: string;
}

export interface KbEntry {
  id: string;
  question: string;
  similar: string[];
  answer: string;
  tags?: string[];
  enabled?: boolean;
}

export interface BotSettings {
  enabled: boolean;
  inboxIds: string[] | null;
  handoffTeamId: string | null;
  name: string;
  fallbackText: string;
  clarifyText: string;
  handoffText: string;
}

export interface BotConfig {
  version: number | null;
  settings: BotSettings;
  decision: Record<string, number>;
}

export interface BotVersion {
  version: number;
  active: boolean;
  createdAt: string;
  createdBy: string | null;
  note: string;
}

export interface Scored {
  entryId: string;
  score: number;
}

export interface TryResult {
  version: number;
  decision: { kind: 'answer' | 'clarify' | 'fallback' | 'handoff'; entryId?: string; score?: number; reason?: string; options?: Scored[] };
  answer: string | null;
  entry: KbEntry | null;
  trace: {
    normalized: string;
    stage: string;
    ruleId?: string;
    entryId?: string;
    scores: Scored[];
    thresholds: { answer: number; clarify: number; ratio?: number; margin: number };
    sentiment?: { score: number; cues: string[] };
    decision: string;
    latencyMs: number;
  };
}

export interface UnansweredGroup {
  text: string;
  count: number;
  questionIds: string[];
  variants: string[];
  conversationIds: string[];
  lastAskedAt: string;
  bestGuess: Scored | null;
}

export interface BotTurn {
  messageEntryId: string;
  botVersion: number;
  stage: 'handoff' | 'rule' | 'semantic' | 'flow';
  decision: 'answer' | 'clarify' | 'fallback' | 'handoff' | 'flow';
  ruleId: string | null;
  entryId: string | null;
  flowId: string | null;
  scores: Scored[];
  thresholds: { answer: number; clarify: number; ratio?: number; margin: number };
  detail: Record<string, unknown>;
  latencyMs: number;
  createdAt: string;
}

export interface DurationStats {
  count: number;
  averageMs: number | null;
  medianMs: number | null;
}

export interface Overview {
  from: string;
  to: string;
  hours: number;
  active: { bot: number; queued: number; open: number };
  queue: { length: number; longestWaitMs: number | null };
  agents: { online: number; away: number; offline: number; total: number };
  created: number;
  firstResponse: DurationStats;
  resolution: DurationStats;
  csat: { count: number; average: number | null; byRating: Record<string, number> };
  series: Array<{ from: string; created: number; resolved: number; firstResponseAvgMs: number | null; csatAvg: number | null }>;
  truncated: boolean;
}

/** A refused bot change lists every problem. */
export class BotConfigError extends ApiError {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(400, 'bot_config_invalid', message);
  }
}

const enc = encodeURIComponent;
const qs = (q: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString();

export class AdminApi {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void = () => {},
  ) {}

  async call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = contentType;
    let res: Response;
    try {
      res = await fetch(path, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    if (res.status === 401) this.onUnauthorized();
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string; issues?: string[] } } | null)?.error;
      if (error?.code === 'bot_config_invalid') throw new BotConfigError(error.message ?? 'invalid', error.issues ?? []);
      throw new ApiError(res.status, error?.code ?? 'http', error?.message ?? `HTTP ${res.status}`);
    }
    return json as T;
  }

  agents = () => this.call<{ agents: AdminAgent[] }>('GET', '/api/v1/agents');
  createAgent = (body: { email: string; name: string; password: string; role: Role }) => this.call<AdminAgent>('POST', '/api/v1/agents', body);
  updateAgent = (id: string, body: { name?: string; role?: Role; capacity?: number | null }) => this.call<AdminAgent>('PATCH', `/api/v1/agents/${enc(id)}`, body);

  teams = () => this.call<{ teams: AdminTeam[] }>('GET', '/api/v1/teams');
  createTeam = (body: { name: string; policy: Policy; memberIds: string[] }) => this.call<AdminTeam>('POST', '/api/v1/teams', body);
  updateTeam = (id: string, body: { name?: string; policy?: Policy; businessHours?: BusinessHours | null }) => this.call<AdminTeam>('PATCH', `/api/v1/teams/${enc(id)}`, body);
  setMember = (teamId: string, agentId: string, member: boolean) =>
    this.call<null>(member ? 'PUT' : 'DELETE', `/api/v1/teams/${enc(teamId)}/members/${enc(agentId)}`);
  routing = () => this.call<RoutingSettings>('GET', '/api/v1/settings/routing');
  updateRouting = (patch: Partial<RoutingSettings>) => this.call<RoutingSettings>('PATCH', '/api/v1/settings/routing', patch);

  inboxes = () => this.call<{ inboxes: Inbox[] }>('GET', '/api/v1/inboxes');
  createInbox = (body: { name: string; requireIdentity: boolean; settings: Record<string, unknown> }) => this.call<Inbox>('POST', '/api/v1/inboxes', body);
  updateInbox = (id: string, body: { name?: string; requireIdentity?: boolean; settings?: Record<string, unknown>; defaultTeamId?: string | null }) =>
    this.call<Inbox>('PATCH', `/api/v1/inboxes/${enc(id)}`, body);

  canned = () => this.call<{ cannedResponses: Canned[] }>('GET', '/api/v1/canned-responses');
  createCanned = (body: { shortcut: string; text: string }) => this.call<Canned>('POST', '/api/v1/canned-responses', { ...body, scope: 'tenant' });
  updateCanned = (id: string, body: { shortcut: string; text: string }) => this.call<Canned>('PATCH', `/api/v1/canned-responses/${enc(id)}`, body);
  deleteCanned = (id: string) => this.call<null>('DELETE', `/api/v1/canned-responses/${enc(id)}`);

  labels = () => this.call<{ labels: LabelDef[] }>('GET', '/api/v1/labels');
  createLabel = (body: LabelDef) => this.call<LabelDef>('POST', '/api/v1/labels', body);
  updateLabel = (name: string, body: { color?: string; description?: string }) => this.call<LabelDef>('PATCH', `/api/v1/labels/${enc(name)}`, body);
  deleteLabel = (name: string) => this.call<null>('DELETE', `/api/v1/labels/${enc(name)}`);

  kbEntries = (q: string, offset: number, limit: number) =>
    this.call<{ version: number | null; total: number; entries: KbEntry[] }>('GET', `/api/v1/bot/kb/entries?${qs({ q, offset, limit })}`);
  createEntry = (entry: KbEntry) => this.call<{ entry: KbEntry; version: BotVersion }>('POST', '/api/v1/bot/kb/entries', entry);
  replaceEntry = (id: string, entry: KbEntry) => this.call<{ entry: KbEntry; version: BotVersion }>('PUT', `/api/v1/bot/kb/entries/${enc(id)}`, entry);
  deleteEntry = (id: string) => this.call<{ version: BotVersion }>('DELETE', `/api/v1/bot/kb/entries/${enc(id)}`);
  importKb = (body: string, format: 'json' | 'csv', mode: 'replace' | 'merge') =>
    this.call<{ version: BotVersion; imported: number; total: number }>('POST', `/api/v1/bot/kb/import?${qs({ format, mode })}`, body, format === 'csv' ? 'text/csv' : 'application/json');
  async exportKb(format: 'json' | 'csv'): Promise<Blob> {
    const res = await fetch(`/api/v1/bot/kb/export?format=${format}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new ApiError(res.status, 'http', `HTTP ${res.status}`);
    return res.blob();
  }

  botConfig = () => this.call<BotConfig>('GET', '/api/v1/bot/config');
  updateBot = (body: { settings?: BotSettings; decision?: Record<string, number>; note?: string }) => this.call<{ version: BotVersion }>('PUT', '/api/v1/bot/config', body);
  versions = () => this.call<{ versions: BotVersion[] }>('GET', '/api/v1/bot/versions?limit=50');
  activate = (n: number) => this.call<{ version: BotVersion }>('POST', `/api/v1/bot/versions/${n}/activate`);
  tryBot = (text: string) => this.call<TryResult>('POST', '/api/v1/bot/try', { text });
  unanswered = () => this.call<{ groups: UnansweredGroup[] }>('GET', '/api/v1/bot/unanswered?limit=100');
  convertUnanswered = (questionIds: string[], entry: KbEntry) => this.call<{ entry: KbEntry }>('POST', '/api/v1/bot/unanswered/convert', { questionIds, entry });
  dismissUnanswered = (questionIds: string[]) => this.call<{ dismissed: number }>('POST', '/api/v1/bot/unanswered/dismiss', { questionIds });
  botTurns = (conversationId: string) => this.call<{ turns: BotTurn[] }>('GET', `/api/v1/conversations/${enc(conversationId)}/bot-turns`);

  overview = (hours: number) => this.call<Overview>('GET', `/api/v1/reports/overview?hours=${hours}`);
}
