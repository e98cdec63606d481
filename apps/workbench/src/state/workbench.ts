// The workbench's live state outside React: the protocol client (timelines, outbox, typing,
// receipts), the conversations that REST pages and `conv` frames feed, contacts and agents.
// React reads it through subscribe/version (useSyncExternalStore).
import { KefuClient, type ClientStatus, type ConversationState, type StoredItem } from '@kefu/client';
import { Api, type AgentAvailability, type AgentInfo, type Contact, type Label, type Team } from './api.js';
import { toRecord, type ConversationRecord, type Priority } from './conversation-record.js';
import { belongsTo, LIST_KEYS, LIST_QUERIES, mergeConversations, noteActivity, type ConversationMap } from './lists.js';

export type ManualStatus = 'online' | 'away' | 'offline';

export interface ContactDetails {
  contact: Contact;
  conversations: ConversationRecord[];
}

export interface WorkbenchEvents {
  /** Someone else wrote in a conversation of mine, or a new conversation waits. */
  notify(n: { kind: 'message' | 'queued'; conv: string; item?: StoredItem }): void;
  /** The token is no longer valid. */
  signedOut(): void;
}

export class Workbench {
  readonly client: KefuClient;
  readonly api: Api;
  convs: ConversationMap = new Map();
  private status: ClientStatus = 'idle';
  /** Stopped because the browser went offline; started again when it is back. */
  private suspended = false;
  agents: AgentAvailability[] = [];
  teams: Team[] = [];

  /** Ids of the teams this agent belongs to. */
  get myTeams(): ReadonlySet<string> {
    return new Set(this.teams.filter((t) => t.members.includes(this.me.id)).map((t) => t.id));
  }
  labels: Label[] = [];
  myStatus: ManualStatus = 'online';
  loaded = false;
  private states = new Map<string, ConversationState>();
  private readonly contacts = new Map<string, ContactDetails | 'loading' | 'failed'>();
  private readonly convVersions = new Map<string, number>();
  private readonly followed = new Set<string>();
  private readonly ensuring = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly offs: Array<() => void> = [];
  private version = 0;
  private agentsRefresh: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly me: AgentInfo,
    token: string,
    private readonly events: WorkbenchEvents,
  ) {
    this.api = new Api(token, () => events.signedOut());
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.client = new KefuClient({
      url: wsUrl,
      hello: () => ({ role: 'agent', token }),
      storage: window.localStorage,
      storageKey: `kefu.agent.${me.id}`,
    });
  }

  start(): void {
    const c = this.client;
    this.offs.push(
      c.on('change', ({ convs }) => this.onChange(convs)),
      c.on('status', (s) => {
        this.status = s;
        this.bump();
      }),
      c.on('message', (item) => this.onMessage(item)),
      c.on('welcome', () => void this.refresh()),
      c.on('error', (e) => {
        if (e.closeCode === 4401) this.events.signedOut();
      }),
    );
    // A socket can outlive the network by the whole ping deadline and swallow what is sent
    // meanwhile; when the browser says it is offline, close at once and keep replies in the outbox.
    const offline = () => {
      if (this.client.status === 'idle') return;
      this.suspended = true;
      this.client.stop();
      this.bump();
    };
    const online = () => {
      if (!this.suspended) return;
      this.suspended = false;
      this.client.start();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.offs.push(
      () => window.removeEventListener('offline', offline),
      () => window.removeEventListener('online', online),
    );
    this.readStates();
    c.start();
    void this.refresh();
    void this.loadDirectory();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    clearTimeout(this.agentsRefresh);
    this.client.stop();
  }

  /** Open when welcomed; waiting while offline or between reconnects. */
  get connection(): ClientStatus {
    return this.suspended ? 'waiting' : this.status;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Changes whenever the conversation's timeline, typing or receipts change. */
  timelineVersion(conv: string): number {
    return this.convVersions.get(conv) ?? 0;
  }

  state(conv: string): ConversationState | undefined {
    return this.states.get(conv);
  }

  /** Follows a conversation over the protocol: its entries are fetched, then arrive live. */
  follow(conv: string): void {
    if (this.followed.has(conv)) return;
    this.followed.add(conv);
    this.client.sync(conv);
  }

  contactDetails(contactId: string): ContactDetails | 'loading' | 'failed' {
    const held = this.contacts.get(contactId);
    if (held) return held;
    this.contacts.set(contactId, 'loading');
    this.api.contact(contactId).then(
      (r) => {
        this.contacts.set(contactId, { contact: r.contact, conversations: r.conversations.map(toRecord) });
        this.bump();
      },
      () => {
        this.contacts.set(contactId, 'failed');
        this.bump();
      },
    );
    return 'loading';
  }

  /** Loads a conversation not in any list yet (a link, a past conversation of a contact). */
  ensure(id: string): void {
    if (this.convs.has(id) || this.ensuring.has(id)) return;
    this.ensuring.add(id);
    this.api.conversation(id).then(
      (view) => {
        this.merge([toRecord(view)]);
        this.bump();
      },
      () => {},
    );
  }

  /** Fetched again on the next read (a contact's conversations change with the lists). */
  forgetContact(contactId: string): void {
    this.contacts.delete(contactId);
  }

  agentName(id: string | null): string | null {
    if (id === null) return null;
    if (id === this.me.id) return this.me.name;
    const found = this.agents.find((a) => a.id === id);
    if (!found) this.scheduleAgentsRefresh();
    return found?.name ?? id;
  }

  // ---- actions: each answers the conversation as the server left it ----

  claim = (id: string) => this.act(this.api.claim(id));
  resolve = (id: string) => this.act(this.api.resolve(id));
  reopen = (id: string) => this.act(this.api.reopen(id));
  assign = (id: string, agentId: string) => this.act(this.api.assign(id, agentId));
  transfer = (id: string, to: { agentId?: string; teamId?: string; note?: string }) => this.act(this.api.transfer(id, to));
  acceptTransfer = (id: string) => this.act(this.api.acceptTransfer(id));
  declineTransfer = (id: string) => this.act(this.api.declineTransfer(id));
  setPriority = (id: string, p: Priority) => this.act(this.api.setPriority(id, p));
  setLabels = (id: string, labels: string[]) => this.act(this.api.setLabels(id, labels));

  async setMyStatus(status: ManualStatus): Promise<void> {
    await this.api.setMyStatus(status);
    this.myStatus = status;
    this.bump();
    void this.loadDirectory();
  }

  /** Sends a reply or note through the outbox: kept in storage, sent once, resent after reconnects. */
  send(conv: string, text: string, kind: 'text' | 'note', attachments?: string[]): void {
    this.client.send(text, { conv, kind, ...(attachments && attachments.length > 0 ? { attachments } : {}) });
    this.client.typing(conv, false);
    this.convs = noteActivity(this.convs, conv, 0, new Date().toISOString());
    this.bump();
  }

  /** Reloads every list's first page (after each welcome: `conv` frames missed offline are not replayed). */
  async refresh(): Promise<void> {
    const pages = await Promise.allSettled(LIST_KEYS.map((k) => this.api.conversations({ ...LIST_QUERIES[k], limit: k === 'resolved' ? '50' : '200' })));
    const views = pages.flatMap((p) => (p.status === 'fulfilled' ? p.value.conversations : []));
    this.merge(views.map(toRecord));
    this.loaded = true;
    this.bump();
  }

  private async act(call: Promise<Parameters<typeof toRecord>[0]>): Promise<ConversationRecord> {
    const record = toRecord(await call);
    this.merge([record]);
    this.forgetContact(record.contact);
    this.bump();
    return record;
  }

  private async loadDirectory(): Promise<void> {
    const [agents, teams, labels, me] = await Promise.allSettled([this.api.agents(), this.api.teams(), this.api.labels(), this.api.me()]);
    if (agents.status === 'fulfilled') {
      this.agents = agents.value.agents;
      const mine = this.agents.find((a) => a.id === this.me.id);
      if (mine?.manualStatus) this.myStatus = mine.manualStatus;
    }
    if (teams.status === 'fulfilled') this.teams = teams.value.teams;
    if (labels.status === 'fulfilled') this.labels = labels.value.labels;
    if (me.status === 'fulfilled') {
      const status = (me.value.agent as AgentInfo & { manualStatus?: ManualStatus }).manualStatus;
      if (status) this.myStatus = status;
    }
    this.bump();
  }

  private scheduleAgentsRefresh(): void {
    if (this.agentsRefresh !== undefined) return;
    this.agentsRefresh = setTimeout(() => {
      void this.loadDirectory().finally(() => (this.agentsRefresh = undefined));
    }, 1_000);
  }

  private merge(records: ConversationRecord[]): void {
    const before = this.convs;
    this.convs = mergeConversations(before, records);
    if (this.convs === before) return;
    for (const r of records) {
      const now = this.convs.get(r.id)!;
      // My conversations are followed, so their unread counts and typing are live.
      if (belongsTo('mine', now, this.me.id)) this.follow(r.id);
      const was = before.get(r.id);
      if (this.loaded && belongsTo('queue', now, this.me.id) && (!was || !belongsTo('queue', was, this.me.id))) {
        this.events.notify({ kind: 'queued', conv: r.id });
      }
    }
  }

  private readStates(): void {
    this.states = new Map(this.client.conversations().map((s) => [s.id, s]));
  }

  private onChange(convs: string[]): void {
    this.readStates();
    const frames: ConversationRecord[] = [];
    for (const id of convs) {
      this.convVersions.set(id, (this.convVersions.get(id) ?? 0) + 1);
      const view = this.states.get(id)?.view;
      if (view) frames.push(toRecord(view));
    }
    if (frames.length > 0) this.merge(frames);
    this.bump();
  }

  private onMessage(item: StoredItem): void {
    if (item.kind === 'hidden') return;
    this.convs = noteActivity(this.convs, item.conv, item.seq, item.at);
    const c = this.convs.get(item.conv);
    if (item.kind !== 'event' && c && (c.assignee === this.me.id || c.assignee === null)) this.events.notify({ kind: 'message', conv: item.conv, item });
    this.bump();
  }

  private bump(): void {
    this.version += 1;
    for (const fn of this.listeners) fn();
  }
}
