// Canned responses in the composer: "/" at the start of the text opens the picker, filtered by
// what follows; the chosen response's variables are filled from what the workbench knows.

/** The shortcut being typed ("/gre" → "gre"), or null when the picker should be closed. */
export function slashQuery(text: string): string | null {
  const m = /^\/([A-Za-z0-9_-]{0,64})$/.exec(text);
  return m ? m[1]! : null;
}

export interface CannedVariables {
  contact: { name?: string | null; email?: string | null };
  agent: { name: string };
}

/**
 * Fills `{{contact.name}}`, `{{contact.email}}`, `{{contact.first_name}}` and `{{agent.name}}`;
 * a variable without a value becomes empty, an unknown one stays as written.
 */
export function fillVariables(text: string, vars: CannedVariables): string {
  return text.replace(/\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}/g, (whole, scope: string, field: string) => {
    if (scope === 'contact') {
      if (field === 'name') return vars.contact.name ?? '';
      if (field === 'first_name') return (vars.contact.name ?? '').trim().split(/\s+/)[0] ?? '';
      if (field === 'email') return vars.contact.email ?? '';
    }
    if (scope === 'agent' && field === 'name') return vars.agent.name;
    return whole;
  });
}
