// Serves the visitor widget built in apps/widget/dist: the loader (/widget.js), the chat page it
// frames (/widget/frame, refused for a page on an origin the inbox does not allow), the app's
// hashed assets (/widget/*), and a demo host page (/demo).
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../ports/store.js';
import { StaticFiles } from '../static-files.js';

/** Same place from src/ and dist/: apps/server/{src,dist}/http/routes → apps/widget/dist. */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../../widget/dist/', import.meta.url));

const ASSET_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|svg|png)$/;

export interface StaticDeps {
  store: Pick<Store, 'findInboxByWidgetKey' | 'listTenants' | 'listInboxes'>;
  publicUrl: string;
  /** Default: apps/widget/dist of this checkout. */
  widgetDir?: string;
}

/** Normalized origin (`scheme://host[:port]`), or null when it is not one. */
export function normalizeOrigin(value: string): string | null {
  if (value === 'null') return 'null';
  try {
    const url = new URL(value);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether a page on `origin` may show the inbox's chat: any origin when the list is empty, else one
 * listed (exactly, or under a `https://*.example.com` wildcard), or the server's own (its /demo).
 */
export function originAllowed(origin: string, allowed: unknown, own: string[]): boolean {
  const list = Array.isArray(allowed) ? allowed.filter((o): o is string => typeof o === 'string' && o.trim() !== '') : [];
  if (list.length === 0) return true;
  const o = normalizeOrigin(origin);
  if (!o || o === 'null') return false;
  if (own.includes(o)) return true;
  const { protocol, host } = new URL(o);
  return list.some((entry) => {
    const e = entry.trim().toLowerCase().replace(/\/+$/, '');
    // `https://*.example.com` matches every subdomain (not example.com itself), on that scheme.
    if (e.startsWith(`${protocol}//*.`)) return host.endsWith(e.slice(`${protocol}//*`.length));
    return normalizeOrigin(e) === o;
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function refusalPage(title: string, detail: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;color:#374151;margin:0;padding:24px;background:#fff}h1{font-size:16px;margin:0 0 8px}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>`;
}

export function staticRoutes(app: FastifyInstance, deps: StaticDeps): void {
  const dir = deps.widgetDir ?? DEFAULT_WIDGET_DIR;
  const files = new StaticFiles(dir);

  const send = (request: FastifyRequest, reply: FastifyReply, file: string, cacheControl: string, transform?: (text: string) => string) =>
    files.send(request, reply, file, cacheControl, transform) ||
    reply.code(404).type('text/plain; charset=utf-8').send(`The widget is not built (no ${file} in ${dir}): run npm run build.`);

  const ownOrigins = (request: FastifyRequest) => [normalizeOrigin(deps.publicUrl), normalizeOrigin(`${request.protocol}://${request.host}`)].filter((o): o is string => o !== null);

  // The loader changes with each release and is loaded by every page of a site: short cache.
  app.get('/widget.js', async (request, reply) => send(request, reply, 'widget.js', 'public, max-age=300'));

  app.get<{ Params: { file: string } }>('/widget/:file', async (request, reply) => {
    const { file } = request.params;
    if (!ASSET_NAME.test(file)) return reply.code(404).send({ error: { code: 'not_found', message: 'no such widget asset' } });
    // Names carry a content hash: a new build is a new name.
    return send(request, reply, `widget/${file}`, 'public, max-age=31536000, immutable');
  });

  app.get<{ Querystring: { key?: string; origin?: string } }>('/widget/frame', async (request, reply) => {
    const { key = '', origin = '' } = request.query;
    const inbox = key.length > 0 && key.length <= 128 ? await deps.store.findInboxByWidgetKey(key) : null;
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    if (!inbox) {
      return reply.code(404).type('text/html; charset=utf-8').send(refusalPage('Unknown widget key · 未知的 widget key', 'Check the data-key of the widget.js tag. 请检查 widget.js 标签的 data-key。'));
    }
    const allowed = inbox.settings.allowedOrigins;
    // The loader passes its page's origin; a page that lies about it is caught by the Referer
    // (sent with a frame's first request) and, whatever it does, by frame-ancestors below.
    const referer = typeof request.headers.referer === 'string' ? normalizeOrigin(request.headers.referer) : null;
    const own = ownOrigins(request);
    if (!originAllowed(origin, allowed, own) || (referer !== null && referer !== normalizeOrigin(origin) && Array.isArray(allowed) && allowed.length > 0)) {
      return reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(refusalPage('This chat is not available on this site · 此网站未获准显示该聊天窗口', `${origin || 'This page'} is not among the allowed origins of this inbox. ${origin || '该页面'} 不在该收件箱允许的来源中。`));
    }
    const ancestors = Array.isArray(allowed) && allowed.length > 0 ? ["'self'", ...allowed.filter((o): o is string => typeof o === 'string').map((o) => o.trim()).filter((o) => /^https?:\/\/[^\s;,']+$/.test(o))].join(' ') : '*';
    reply.header(
      'content-security-policy',
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
    );
    return send(request, reply, 'widget/frame.html', 'no-store');
  });

  app.get<{ Querystring: { key?: string } }>('/demo', async (request, reply) => {
    let key = request.query.key ?? '';
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(key)) {
      const [tenant] = await deps.store.listTenants();
      key = tenant ? ((await deps.store.listInboxes(tenant.id))[0]?.widgetKey ?? '') : '';
    }
    return send(request, reply, 'demo.html', 'no-store', (html) => html.replaceAll('%WIDGET_KEY%', escapeHtml(key)));
  });
}
