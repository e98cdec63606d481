// Canned-response text: a leading `/shortcut`, and `{{variables}}` filled from the conversation.
import type { Agent, Contact, Conversation } from './model.js';

/** Letters, digits, `-` and `_`, as typed after `/` in the composer. */
export const SHORTCUT_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The shortcut a text opens with (`/thanks …` → `thanks`), and what follows it, or null.
 * The shortcut ends at whitespace or the end of the text, so `/a/b` is not a shortcut.
 */
export function leadingShortcut(text: string): { shortcut: string; rest: string } | null {
  const match = /^\/([A-Za-z0-9_-]{1,64})(?=\s|$)/.exec(text);
  if (!match?.[1]) return null;
  return { shortcut: match[1], rest: text.slice(match[0].length) };
}

/** A variable's value by its dotted path, or undefined when there is none. */
export type TemplateLookup = (path: string) => string | undefined;

// `{{ path }}` or `{{ path | default }}`; a default holds no braces. Anything else between braces
// (`{{ two words }}`) is not a variable and stays as written.
const VARIABLE = /\{\{\s*([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*(?:\|([^{}]*))?\}\}/g;

/**
 * Replaces each variable with its value, or its default when the value is missing or empty;
 * unknown variables without a default become empty. One pass over the template: an inserted
 * value is plain text, never read again as a template (a contact named `{{agent.name}}` stays so).
 */
export function renderTemplate(template: string, lookup: TemplateLookup): string {
  // A replacer function, not a replacement string, so that `$&` in a value is not a pattern.
  return template.replace(VARIABLE, (_match, path: string, fallback: string | undefined) => {
    const value = lookup(path);
    if (value !== undefined && value !== '') return value;
    return fallback?.trim() ?? '';
  });
}

/** What variables of a conversation can read. */
export interface TemplateSubjects {
  contact: Pick<Contact, 'name' | 'email' | 'attributes'>;
  agent: Pick<Agent, 'name'>;
  conversation: Pick<Conversation, 'id'>;
}

/** `contact.name`, `contact.email`, `contact.attributes.KEY`, `agent.name`, `conversation.id`. */
export function templateLookup(subjects: TemplateSubjects): TemplateLookup {
  return (path) => {
    switch (path) {
      case 'contact.name':
        return subjects.contact.name ?? undefined;
      case 'contact.email':
        return subjects.contact.email ?? undefined;
      case 'agent.name':
        return subjects.agent.name;
      case 'conversation.id':
        return subjects.conversation.id;
    }
    const prefix = 'contact.attributes.';
    if (!path.startsWith(prefix)) return undefined;
    const key = path.slice(prefix.length);
    // Own keys only: `contact.attributes.constructor` must not reach Object.prototype.
    if (!Object.hasOwn(subjects.contact.attributes, key)) return undefined;
    return attributeText(subjects.contact.attributes[key]);
  };
}

function attributeText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => attributeText(v) ?? '').join(', ');
  return JSON.stringify(value);
}
