// Initials on a round badge: the agent's, or the inbox's before anyone has joined.
import { h } from '../dom.js';

export function initials(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '?';
  // A Chinese name reads best as its last character or two; a Latin one as first letters.
  if (/^[\u3400-\u9fff]/.test(trimmed)) return [...trimmed.replace(/\s+/g, '')].slice(-2).join('');
  const words = trimmed.split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[words.length - 1]![0]] : [...words[0]!].slice(0, 2);
  return letters.join('').toUpperCase();
}

export function avatar(name: string, small = false): HTMLSpanElement {
  return h('span', { class: small ? 'kf-avatar kf-small' : 'kf-avatar', 'aria-hidden': 'true' }, initials(name));
}
