// Which team a new conversation goes to: the first attribute rule the contact matches, else the inbox's default.
import type { TeamId } from './ids.js';
import type { TeamRule } from './model.js';

export function chooseTeam(rules: readonly TeamRule[], attributes: Record<string, unknown>, inboxDefault: TeamId | null): TeamId | null {
  for (const rule of rules) {
    const value = attributes[rule.attribute];
    // Rules compare scalar attributes; objects and lists never match.
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    if (String(value).trim().toLowerCase() === rule.equals.trim().toLowerCase()) return rule.teamId;
  }
  return inboxDefault;
}
