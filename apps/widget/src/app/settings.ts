// The inbox settings the widget uses, checked and given their defaults: the server stores what an
// admin typed, so nothing here is trusted to have the right shape.
import type { PreChatField, WidgetConfig } from './api.js';
import type { LauncherPosition } from '../shared/bridge.js';

export type LeaveMessageWhen = 'when_no_agent' | 'when_closed' | 'never';

export interface WidgetLook {
  name: string;
  greeting: string | null;
  /** `#rrggbb`. */
  color: string;
  position: LauncherPosition;
  locale: unknown;
  preChat: { enabled: boolean; fields: PreChatField[] };
  leaveMessage: LeaveMessageWhen;
}

export const DEFAULT_COLOR = '#2f6fed';
const FIELD_TYPES = new Set(['text', 'email', 'tel', 'number', 'textarea', 'select']);

const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null);

/** `#rgb` or `#rrggbb` as `#rrggbb`; anything else is refused. */
export function hexColor(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return `#${hex.toLowerCase()}`;
}

function preChatFields(v: unknown): PreChatField[] {
  if (!Array.isArray(v)) return [];
  const out: PreChatField[] = [];
  for (const f of v as unknown[]) {
    if (typeof f !== 'object' || f === null) continue;
    const r = f as Record<string, unknown>;
    const key = str(r.key, 64);
    if (!key || out.some((x) => x.key === key)) continue;
    const type = typeof r.type === 'string' && FIELD_TYPES.has(r.type) ? (r.type as PreChatField['type']) : 'text';
    const options = Array.isArray(r.options) ? r.options.filter((o): o is string => typeof o === 'string').slice(0, 50) : undefined;
    if (type === 'select' && !options?.length) continue;
    out.push({ key, label: str(r.label, 100) ?? key, type, required: r.required === true, ...(options ? { options } : {}) });
  }
  return out.slice(0, 12);
}

export function widgetLook(config: WidgetConfig): WidgetLook {
  const s = config.inbox.settings ?? {};
  const pre = (typeof s.preChat === 'object' && s.preChat !== null ? s.preChat : {}) as Record<string, unknown>;
  const fields = preChatFields(pre.fields);
  const leave = s.leaveMessage;
  return {
    name: str(config.inbox.name, 80) ?? 'Kefu',
    greeting: str(s.greeting, 500),
    color: hexColor(s.color) ?? DEFAULT_COLOR,
    position: s.position === 'left' ? 'left' : 'right',
    locale: s.locale,
    preChat: { enabled: pre.enabled === true && fields.length > 0, fields },
    leaveMessage: leave === 'when_closed' || leave === 'never' ? leave : 'when_no_agent',
  };
}

/** Whether a visitor without a conversation gets the leave-a-message form instead of the chat. */
export function offersLeaveMessage(config: WidgetConfig, look: WidgetLook): boolean {
  if (look.leaveMessage === 'never') return false;
  // The bot takes the chat at any hour and hands over to people when it should.
  if (config.botAvailable === true) return false;
  if (!config.open) return true;
  return look.leaveMessage === 'when_no_agent' && !config.agentsAvailable;
}

/** Text colour on the brand colour: dark on light colours, white on dark ones (WCAG luminance). */
export function onColor(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.4 ? '#111827' : '#ffffff';
}
