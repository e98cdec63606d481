// Flow templates: `{{namespace.name}}` placeholders, checked at validation and filled in one pass.

export type Namespace = 'slots' | 'vars' | 'contact' | 'env' | 'secrets';

/** A parsed reference such as `vars.order.status` → { ns: 'vars', path: ['order', 'status'] }. */
export interface Ref {
  readonly ns: Namespace;
  readonly path: readonly string[];
}

/** What a template can read while a flow runs. */
export interface Scope {
  readonly slots: Readonly<Record<string, string>>;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly contact: { readonly name: string | null; readonly email: string | null; readonly attributes: Readonly<Record<string, unknown>> };
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The reference, or why it is not one. */
export function parseRef(text: string): Ref | { readonly error: string } {
  const [ns, ...path] = text.split('.');
  const bad = (why: string): { error: string } => ({ error: `"${text}" ${why}` });
  switch (ns) {
    case 'slots':
    case 'env':
    case 'secrets':
      return path.length === 1 && NAME.test(path[0]!) ? { ns, path } : bad(`must be ${ns}.<name>`);
    case 'vars':
      return path.length >= 1 && NAME.test(path[0]!) && path.every((s) => SEGMENT.test(s)) ? { ns, path } : bad('must be vars.<name>[.<path>]');
    case 'contact':
      if (path.length === 1 && (path[0] === 'name' || path[0] === 'email')) return { ns, path };
      if (path.length === 2 && path[0] === 'attributes' && SEGMENT.test(path[1]!)) return { ns, path };
      return bad('must be contact.name, contact.email or contact.attributes.<key>');
    default:
      return bad('uses an unknown namespace (slots, vars, contact, env, secrets)');
  }
}

/** The references a template uses, and whether a `{{` is left unclosed. */
export function placeholders(template: string): { readonly refs: readonly string[]; readonly unclosed: boolean } {
  const refs = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const rest = template.replace(PLACEHOLDER, '');
  return { refs, unclosed: rest.includes('{{') };
}

/** Reads a value along a path of object keys and array indices; undefined when absent. */
export function readPath(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, key)) value = (value as Record<string, unknown>)[key];
    else return undefined;
  }
  return value;
}

export function lookup(scope: Scope, ref: Ref): unknown {
  const [head, ...rest] = ref.path;
  switch (ref.ns) {
    case 'slots':
      return Object.hasOwn(scope.slots, head!) ? scope.slots[head!] : undefined;
    case 'env':
      return Object.hasOwn(scope.env, head!) ? scope.env[head!] : undefined;
    case 'secrets':
      return Object.hasOwn(scope.secrets, head!) ? scope.secrets[head!] : undefined;
    case 'vars':
      return readPath(scope.vars, ref.path);
    case 'contact':
      if (head === 'attributes') return readPath(scope.contact.attributes, rest);
      return head === 'name' ? scope.contact.name : scope.contact.email;
  }
}

/** A value as text: absent is empty, a list of plain values is joined, anything else is JSON. */
export function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.map(display).join(', ');
  return JSON.stringify(value);
}

/**
 * Fills every placeholder in one pass, so a value that itself contains `{{…}}` (a visitor typed
 * it) is never expanded. `encode` escapes each value for where it goes (a URL, a header).
 */
export function render(template: string, scope: Scope, encode: (text: string, ref: Ref) => string = (t) => t): string {
  return template.replace(PLACEHOLDER, (_, inner: string) => {
    const ref = parseRef(inner);
    return 'error' in ref ? '' : encode(display(lookup(scope, ref)), ref);
  });
}

/** The single reference when the template is exactly one placeholder (a JSON body keeps its type). */
export function soleRef(template: string): Ref | undefined {
  const m = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(template);
  if (!m) return undefined;
  const ref = parseRef(m[1]!);
  return 'error' in ref ? undefined : ref;
}
