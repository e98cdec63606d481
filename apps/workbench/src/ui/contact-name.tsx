// A contact's display name: their name, else their email, else "Visitor" and a short id.
import type { Translate } from '../lib/i18n.js';
import type { Workbench } from '../state/workbench.js';

export function contactName(wb: Workbench, contactId: string, t: Translate): string {
  const d = wb.contactDetails(contactId);
  if (typeof d === 'object') return d.contact.name?.trim() || d.contact.email || t('unknownVisitor', { id: contactId.slice(-4) });
  return t('unknownVisitor', { id: contactId.slice(-4) });
}
