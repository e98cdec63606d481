// Message text as DOM: plain text nodes, with http(s) URLs and markdown links `[label](https://…)`
// turned into safe links. Nothing is parsed as HTML.

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// URL characters are ASCII only, so a link written right before Chinese text ends where it should.
const URL_CHARS = "[A-Za-z0-9\\-._~:/?#@!$&*+,;=%()']";
const TOKEN = new RegExp(`\\[([^\\]\\n]{1,500})\\]\\((https?://${URL_CHARS}+?)\\)|(https?://${URL_CHARS}+)`, 'gi');
const TRAILING = /[.,;:!?'*]+$/;

/** The URL when it is a well-formed http(s) URL, else null. */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A bare URL loses trailing punctuation, and a closing parenthesis it did not open. */
function trimBareUrl(url: string): string {
  let out = url.replace(TRAILING, '');
  while (out.endsWith(')') && (out.match(/\(/g)?.length ?? 0) < (out.match(/\)/g)?.length ?? 0)) {
    out = out.slice(0, -1).replace(TRAILING, '');
  }
  return out;
}

export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  const pushText = (t: string) => {
    if (t === '') return;
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    pushText(text.slice(at, start));
    if (m[1] !== undefined && m[2] !== undefined) {
      const href = safeHref(m[2]);
      if (href) out.push({ kind: 'link', text: m[1], href });
      else pushText(m[0]);
      at = start + m[0].length;
    } else {
      const url = trimBareUrl(m[3] ?? '');
      const href = safeHref(url);
      if (href) out.push({ kind: 'link', text: url, href });
      else pushText(url);
      at = start + url.length;
    }
  }
  pushText(text.slice(at));
  return out;
}

export function safeLink(href: string, text: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = text;
  return a;
}

export function richText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const s of segments(text)) {
    fragment.appendChild(s.kind === 'text' ? document.createTextNode(s.text) : safeLink(s.href, s.text));
  }
  return fragment;
}
