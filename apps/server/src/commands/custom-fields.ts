// Use cases of custom contact fields (admins define them), and the check of a contact
// attribute against its field's type.
import { AppError } from '../domain/app-error.js';
import type { CustomField } from '../domain/model.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { Store } from '../ports/store.js';
import { requireAdmin } from './manage-tenant.js';

export type FieldType = CustomField['type'];
export const FIELD_TYPES: readonly FieldType[] = ['text', 'number', 'date', 'boolean', 'list'];

/** Attribute keys: they appear in templates as `{{contact.attributes.KEY}}`. */
export const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const MAX_TEXT_CHARS = 2000;
const MAX_OPTIONS = 200;

export type AttributeCheck = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Whether `value` fits the field, and the value to store. A number may come as a numeric
 * string (form inputs send strings) and is stored as a number; a date is `YYYY-MM-DD` or a full
 * ISO 8601 instant; a list value is one of the field's options.
 */
export function checkAttribute(field: Pick<CustomField, 'key' | 'type' | 'options'>, value: unknown): AttributeCheck {
  const bad = (expected: string): AttributeCheck => ({ ok: false, problem: `attributes.${field.key} must be ${expected}` });
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT_CHARS ? { ok: true, value } : bad(`text of at most ${MAX_TEXT_CHARS} characters`);
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? { ok: true, value: n } : bad('a number');
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : bad('true or false');
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? { ok: true, value } : bad('a date (YYYY-MM-DD or an ISO 8601 instant)');
    case 'list':
      return typeof value === 'string' && field.options.includes(value) ? { ok: true, value } : bad(`one of ${field.options.join(', ')}`);
  }
}

function isIsoDate(value: string): boolean {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const date = new Date(Date.UTC(y, m - 1, d));
    // Date.UTC rolls 2024-02-30 over to March; a real date survives the round trip.
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

function checkDefinition(field: { key: string; type: FieldType; options: string[] }): void {
  if (!FIELD_KEY.test(field.key)) throw new AppError('invalid', 'key must start with a letter and hold at most 64 letters, digits, "-" or "_"');
  if (!FIELD_TYPES.includes(field.type)) throw new AppError('invalid', `type must be one of ${FIELD_TYPES.join(', ')}`);
  if (field.type === 'list' && field.options.length === 0) throw new AppError('invalid', 'a list field needs options');
  if (field.type !== 'list' && field.options.length > 0) throw new AppError('invalid', 'only a list field has options');
  if (field.options.length > MAX_OPTIONS || new Set(field.options).size !== field.options.length) {
    throw new AppError('invalid', `options must be distinct, at most ${MAX_OPTIONS}`);
  }
}

async function findField(store: Store, actor: AgentPrincipal, key: string): Promise<CustomField | null> {
  return (await store.listCustomFields(actor.tenantId)).find((f) => f.key === key) ?? null;
}

export async function createCustomField(
  store: Store,
  actor: AgentPrincipal,
  input: { key: string; label?: string; type: FieldType; options?: string[] },
): Promise<CustomField> {
  requireAdmin(actor);
  const field = { key: input.key, label: input.label ?? input.key, type: input.type, options: input.options ?? [] };
  checkDefinition(field);
  if (await findField(store, actor, field.key)) throw new AppError('conflict', `a custom field with key ${field.key} exists`);
  return store.upsertCustomField(actor.tenantId, field);
}

/**
 * Changes a field's label, type or options. Stored attribute values are not re-checked: a
 * changed type applies to the next write of each contact.
 */
export async function updateCustomField(
  store: Store,
  actor: AgentPrincipal,
  key: string,
  patch: { label?: string; type?: FieldType; options?: string[] },
): Promise<CustomField> {
  requireAdmin(actor);
  const current = await findField(store, actor, key);
  if (!current) throw new AppError('not_found', `custom field ${key} not found`);
  const type = patch.type ?? current.type;
  const field = {
    key: current.key,
    label: patch.label ?? current.label,
    type,
    // Leaving the list type drops its options, so that a type change alone is a valid request.
    options: patch.options ?? (type === 'list' ? current.options : []),
  };
  checkDefinition(field);
  return store.upsertCustomField(actor.tenantId, field);
}

export async function deleteCustomField(store: Store, actor: AgentPrincipal, key: string): Promise<void> {
  requireAdmin(actor);
  if (!(await store.deleteCustomField(actor.tenantId, key))) throw new AppError('not_found', `custom field ${key} not found`);
}

/** Any agent may read the definitions: the workbench needs them to edit contacts. */
export async function listCustomFields(store: Store, actor: AgentPrincipal): Promise<CustomField[]> {
  return store.listCustomFields(actor.tenantId);
}
