// What a bot or an agent may attach to a message besides text: a card, files, images.
import { h, icon } from '../dom.js';
import type { Translate } from '../i18n.js';
import { richText, safeHref, safeLink } from '../rich-text.js';

export interface Attachment {
  id?: string;
  name: string;
  type: string;
  size?: number;
  url: string;
}

/** A URL of ours (relative) or an http(s) one; anything else is not shown. */
function resolveUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url === '') return null;
  try {
    return safeHref(new URL(url, location.href).href);
  } catch {
    return null;
  }
}

export function attachmentsOf(data: Record<string, unknown> | undefined): Attachment[] {
  const raw = data?.attachments ?? (data?.attachment ? [data.attachment] : []);
  if (!Array.isArray(raw)) return [];
  return raw.filter((a): a is Attachment => typeof a === 'object' && a !== null && typeof (a as Attachment).url === 'string' && typeof (a as Attachment).name === 'string');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

export function attachmentView(a: Attachment, t: Translate): HTMLElement | null {
  const url = resolveUrl(a.url);
  if (!url) return null;
  if (typeof a.type === 'string' && a.type.startsWith('image/')) {
    const link = safeLink(url, '');
    link.appendChild(h('img', { class: 'kf-image', src: url, alt: a.name || t('image'), loading: 'lazy' }));
    return link;
  }
  const link = safeLink(url, '');
  link.className = 'kf-attachment';
  link.append(icon('file'), h('span', {}, a.name || t('file'), typeof a.size === 'number' ? ` · ${formatBytes(a.size)}` : ''));
  return link;
}

interface CardButton {
  label: string;
  text?: string;
  url?: string;
}

/** `data.card: {title, text, imageUrl?, buttons?: [{label, text?, url?}]}`: a button sends its text or opens its URL. */
export function cardView(card: unknown, onReply: (text: string) => void): HTMLElement | null {
  if (typeof card !== 'object' || card === null) return null;
  const c = card as Record<string, unknown>;
  const title = typeof c.title === 'string' ? c.title : '';
  const text = typeof c.text === 'string' ? c.text : '';
  if (!title && !text) return null;
  const image = resolveUrl(c.imageUrl);
  const buttons = (Array.isArray(c.buttons) ? c.buttons : []).filter(
    (b): b is CardButton => typeof b === 'object' && b !== null && typeof (b as CardButton).label === 'string',
  );
  const actions = buttons.slice(0, 6).map((b) => {
    const href = typeof b.url === 'string' ? safeHref(b.url) : null;
    if (href) return safeLink(href, b.label);
    const reply = typeof b.text === 'string' ? b.text : b.label;
    return h('button', { type: 'button', onclick: () => onReply(reply) }, b.label);
  });
  return h(
    'div',
    { class: 'kf-card' },
    image ? h('img', { src: image, alt: '', loading: 'lazy' }) : null,
    h('div', { class: 'kf-card-body' }, title ? h('p', { class: 'kf-card-title' }, title) : null, text ? h('p', { class: 'kf-card-text' }, richText(text)) : null),
    actions.length ? h('div', { class: 'kf-card-actions' }, ...actions) : null,
  );
}
