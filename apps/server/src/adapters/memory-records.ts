// Pure helpers of the in-memory Store: copies in the shapes SQLite hands back, the orders of its
// queries, and the checks its schema's constraints make.
import { AppError } from '../domain/app-error.js';
import { ROUTING_POLICIES } from '../domain/agent-selection.js';
import {
  DEFAULT_TENANT_SETTINGS,
  PRIORITIES,
  type Agent,
  type AgentCredentials,
  type Conversation,
  type ManualStatus,
  type Participant,
  type Priority,
  type TenantSettings,
} from '../domain/model.js';

/** What SQLite stores of a JSON value, so both adapters hand back the same shapes. */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** SQLite's NOCASE folds ASCII letters only; so does this, so the adapters agree on every email. */
export function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function participant(p: Participant): Participant {
  return p.name === undefined ? { role: p.role, id: p.id } : { role: p.role, id: p.id, name: p.name };
}

export const key = (...parts: string[]): string => parts.join('\u0000');

export function withoutHash(agent: AgentCredentials): Agent {
  const { passwordHash: _hash, ...rest } = agent;
  return rest;
}

/** Lists return 1..500 rows, like the `limit` of ConversationFilter. */
export function clampLimit(limit: number): number {
  return Math.min(Math.max(Math.trunc(limit), 1), 500);
}

/** Newest first by (updatedAt, id): the order of listConversations and its `before` cursor. */
export function newerFirst(a: Conversation, b: Conversation): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? -1 : 1;
  return a.id > b.id ? -1 : a.id < b.id ? 1 : 0;
}

const RANK: Record<Priority, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

/** Queue order: urgent first, then oldest `queuedAt` (none sorts first, as NULL does in SQLite), then id. */
export function queueOrder(a: Conversation, b: Conversation): number {
  const rank = RANK[b.priority] - RANK[a.priority];
  if (rank !== 0) return rank;
  const [qa, qb] = [a.queuedAt ?? '', b.queuedAt ?? ''];
  if (qa !== qb) return qa < qb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The stored settings merged over the defaults; keys the code does not know are dropped. */
export function tenantSettings(stored: Readonly<Record<string, unknown>>): TenantSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_TENANT_SETTINGS };
  for (const name of Object.keys(DEFAULT_TENANT_SETTINGS)) {
    if (Object.hasOwn(stored, name) && stored[name] !== undefined) settings[name] = stored[name];
  }
  return json(settings) as unknown as TenantSettings;
}

/** The stored settings with the fields the patch gives (undefined ones keep their stored value). */
export function mergeSettings(stored: Readonly<Record<string, unknown>>, patch: Partial<TenantSettings>): Record<string, unknown> {
  const merged = { ...stored };
  for (const name of Object.keys(DEFAULT_TENANT_SETTINGS) as Array<keyof TenantSettings>) {
    if (patch[name] !== undefined) merged[name] = patch[name];
  }
  return json(merged);
}

// The CHECK constraints of the SQLite schema, so that both adapters refuse the same values.

function refuse(what: string): never {
  throw new AppError('internal', `store failure: invalid ${what}`);
}

export function checkPolicy(policy: string): void {
  if (!(ROUTING_POLICIES as readonly string[]).includes(policy)) refuse('routing policy');
}

export function checkPriority(priority: string): void {
  if (!(PRIORITIES as readonly string[]).includes(priority)) refuse('priority');
}

export function checkCapacity(capacity: number | null): void {
  if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 0)) refuse('capacity');
}

export function checkManualStatus(status: string): void {
  if (!(['online', 'away', 'offline'] satisfies ManualStatus[] as string[]).includes(status)) refuse('manual status');
}

export function checkRole(role: string): void {
  if (role !== 'admin' && role !== 'agent') refuse('role');
}

/** The stored attributes with the patch's keys set, a key set to null removed, an undefined one kept. */
export function mergeAttributes(stored: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // A Map, not an object, so that a key such as `__proto__` stays a plain key.
  const merged = new Map(Object.entries(stored));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) merged.delete(name);
    else if (value !== undefined) merged.set(name, value);
  }
  return json(Object.fromEntries(merged));
}

/** A conversation as handed out: its labels are a copy too. */
export function copyConversation(c: Conversation): Conversation {
  return { ...c, labels: [...c.labels] };
}

/** Code unit order of the ASCII-folded strings: SQLite's NOCASE order, and so the order of label names. */
export function nocaseOrder(a: string, b: string): number {
  const [fa, fb] = [foldAscii(a), foldAscii(b)];
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** Newest first by creation; ties go to the record made later (`records` in creation order), as SQLite's rowid breaks them. */
export function newestCreated<T extends { createdAt: string }>(records: Iterable<T>): T[] {
  return [...records].reverse().sort((a, b) => (a.createdAt === b.createdAt ? 0 : a.createdAt > b.createdAt ? -1 : 1));
}
