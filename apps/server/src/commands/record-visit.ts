// Use case: the widget says which page of the customer's site the visitor is on (at start, and
// when a single-page site changes its URL). The device comes from the request's User-Agent.
// Like the visitor's attributes, this is what the browser says, shown to agents as a hint.
import { AppError } from '../domain/app-error.js';
import type { ContactVisit } from '../domain/model.js';
import { parseUserAgent } from '../domain/user-agent.js';
import { visitorOf, type VisitorContext } from './visitor-profile.js';

export const VISIT_LIMITS = { urlChars: 2000, titleChars: 300, languageChars: 35 } as const;

export interface VisitInput {
  widgetKey: string;
  visitorToken: string;
  url: string;
  title?: string | null;
  referrer?: string | null;
  language?: string | null;
  /** Request headers: the device from `user-agent`; the language from `accept-language` when the body has none. */
  userAgent?: string;
  acceptLanguage?: string;
}

const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

export async function recordVisit(ctx: VisitorContext, input: VisitInput): Promise<ContactVisit> {
  const { inbox, contact } = await visitorOf(ctx, input.widgetKey, input.visitorToken);
  const problems: string[] = [];
  const page = webUrl('url', input.url, problems);
  const referrer = input.referrer ? webUrl('referrer', input.referrer, problems) : null;
  const title = input.title?.trim() || null;
  if (title !== null && title.length > VISIT_LIMITS.titleChars) problems.push(`title: at most ${VISIT_LIMITS.titleChars} characters`);
  let language = input.language?.trim() || null;
  if (language !== null && (language.length > VISIT_LIMITS.languageChars || !LANGUAGE.test(language))) problems.push('language: expected a language tag such as en or zh-CN');
  if (problems.length > 0 || page === null) throw new AppError('invalid', problems.join('; '));
  language ??= headerLanguage(input.acceptLanguage);

  const visit: ContactVisit = { page, title, referrer, device: parseUserAgent(input.userAgent), language, at: new Date(ctx.clock.now()).toISOString() };
  const updated = await ctx.store.updateContact(inbox.tenantId, contact.id, { visit });
  if (!updated) throw new AppError('unauthorized', 'the visitor of this token no longer exists');
  return visit;
}

/** An absolute http(s) URL within the length limit, without user name or password; else a problem. */
function webUrl(field: string, value: string, problems: string[]): string | null {
  if (value.length > VISIT_LIMITS.urlChars) {
    problems.push(`${field}: at most ${VISIT_LIMITS.urlChars} characters`);
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${field}: not an absolute URL`);
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${field}: only http and https URLs are kept`);
    return null;
  }
  if (url.username === '' && url.password === '') return value;
  // Credentials in a URL are nobody's business but the visitor's.
  url.username = '';
  url.password = '';
  return url.href;
}

/** The first tag of an Accept-Language header (`zh-CN,zh;q=0.9` → `zh-CN`), if it is one. */
function headerLanguage(header: string | undefined): string | null {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && first.length <= VISIT_LIMITS.languageChars && LANGUAGE.test(first) ? first : null;
}
