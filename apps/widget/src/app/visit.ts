// The host page as the server takes it (`POST /api/v1/widget/visit`): http(s) URLs of at most
// 2,000 characters, titles of at most 300. A longer URL loses its query and fragment rather than
// the whole visit; a page that is not on http(s) (a file opened locally) is not reported.
import type { VisitReport } from './api.js';
import type { HostPage } from '../shared/bridge.js';

export const MAX_URL_CHARS = 2000;
export const MAX_TITLE_CHARS = 300;

export function visitReport(page: HostPage, language: string | undefined): VisitReport | null {
  const url = webUrl(page.url);
  if (url === null) return null;
  const title = page.title.trim().slice(0, MAX_TITLE_CHARS).trim();
  return {
    url,
    title: title || null,
    referrer: webUrl(page.referrer),
    language: language && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(language) && language.length <= 35 ? language : null,
  };
}

function webUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (value.length <= MAX_URL_CHARS) return value;
  const short = url.origin + url.pathname;
  return short.length <= MAX_URL_CHARS ? short : null;
}
