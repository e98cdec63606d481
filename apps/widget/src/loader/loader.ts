// widget.js: the one-tag loader. It frames the chat app from the server it was loaded from,
// passes the host page's `kefu(...)` calls to it, and checks every message's origin and window.
import { BRIDGE_TAG, MOBILE_MAX_WIDTH_PX, type FrameToHost, type HostToFrame } from '../shared/bridge.js';
import { frameStyle } from './frame-style.js';
import { TitleBlinker } from './title-blinker.js';

type Listener = (value: unknown) => void;
interface KefuFunction {
  (...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
}

/** How long the frame has to say `ready` before we tell the developer what may be wrong. */
const READY_WARNING_MS = 15_000;
/**
 * How often we look at the host page's URL. Polling sees every change (pushState, replaceState,
 * popstate, hash), whichever way a single-page site's router makes it, for one string comparison.
 */
const URL_POLL_MS = 1_000;

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.key) return current;
  return document.querySelector<HTMLScriptElement>('script[data-key][src*="widget.js"]');
}

/** The host page's own localStorage, which a page may also refuse (then nothing is kept). */
function hostStorage<T>(win: Window, use: (storage: Storage) => T): T | undefined {
  try {
    return use(win.localStorage);
  } catch {
    return undefined;
  }
}

function boot(win: Window & { kefu?: KefuFunction }, script: HTMLScriptElement | null): void {
  const stub = win.kefu;
  if (stub?.loaded) return;
  const key = script?.dataset.key;
  if (!script || !key) {
    console.warn('[kefu] widget.js needs a data-key attribute');
    return;
  }
  const frameOrigin = new URL(script.src, location.href).origin;
  const iframe = document.createElement('iframe');
  iframe.title = script.dataset.title ?? 'Chat';
  iframe.setAttribute('allow', 'clipboard-write');
  iframe.src = `${frameOrigin}/widget/frame?key=${encodeURIComponent(key)}&origin=${encodeURIComponent(location.origin)}`;

  const listeners: Record<string, Listener[]> = {};
  const pending: HostToFrame[] = [];
  const blinker = new TitleBlinker(document);
  let ready = false;
  let open = false;
  let unread = 0;
  let position = 'right';
  const isMobile = () => win.innerWidth < MOBILE_MAX_WIDTH_PX;
  const tokenKey = `kefu:${key}:visitorToken`;

  const layout = () => (iframe.style.cssText = frameStyle({ ready, open, mobile: isMobile(), position }));
  const emit = (name: string, value: unknown) => {
    for (const fn of listeners[name] ?? []) {
      try {
        fn(value);
      } catch (error) {
        console.error('[kefu] listener failed', error);
      }
    }
  };
  const post = (message: HostToFrame) => {
    if (!ready) return void pending.push(message);
    iframe.contentWindow?.postMessage(message, frameOrigin);
  };

  const kefu: KefuFunction = (name, ...args) => {
    if (name === 'on') {
      if (typeof args[0] === 'string' && typeof args[1] === 'function') (listeners[args[0]] ??= []).push(args[1] as Listener);
      return;
    }
    if (typeof name !== 'string') return;
    try {
      // Plain data only: what cannot cross postMessage is dropped here rather than throwing later.
      post({ tag: BRIDGE_TAG, type: 'command', name: name as never, args: JSON.parse(JSON.stringify(args)) as unknown[] });
    } catch (error) {
      console.warn(`[kefu] ${name}: arguments must be plain data`, error);
    }
  };
  kefu.loaded = true;

  win.addEventListener('message', (event: MessageEvent<FrameToHost>) => {
    // Only our frame, from our server: another frame or page cannot drive the widget.
    if (event.origin !== frameOrigin || event.source !== iframe.contentWindow || event.data?.tag !== BRIDGE_TAG) return;
    const data = event.data;
    if (data.type === 'ready') {
      ready = true;
      position = data.position;
      post({ tag: BRIDGE_TAG, type: 'viewport', mobile: isMobile() });
      const token = hostStorage(win, (s) => s.getItem(tokenKey));
      if (token) post({ tag: BRIDGE_TAG, type: 'token', token });
      for (const message of pending.splice(0)) post(message);
    } else if (data.type === 'state') {
      if (data.open !== open) emit('open', (open = data.open));
      if (data.unread !== unread) emit('unread', (unread = data.unread));
      blinker.set(!open && unread > 0 ? data.blinkText : null);
    } else if (data.type === 'message') {
      emit('message', data.message);
    } else if (data.type === 'token') {
      hostStorage(win, (s) => (data.token ? s.setItem(tokenKey, data.token) : s.removeItem(tokenKey)));
    }
    layout();
  });
  let wasMobile = isMobile();
  win.addEventListener('resize', () => {
    if (wasMobile === isMobile()) return;
    wasMobile = isMobile();
    post({ tag: BRIDGE_TAG, type: 'viewport', mobile: wasMobile });
    layout();
  });
  // The page at start (sent once the frame is ready), then each new URL once it has held for one
  // poll, so that the title the site's router sets after the URL change comes with it.
  const page = () => post({ tag: BRIDGE_TAG, type: 'page', url: location.href, title: blinker.title(), referrer: document.referrer });
  let sentUrl = location.href;
  let seenUrl = sentUrl;
  page();
  setInterval(() => {
    const url = location.href;
    if (url === seenUrl && url !== sentUrl) {
      sentUrl = url;
      page();
    }
    seenUrl = url;
  }, URL_POLL_MS);
  setTimeout(() => {
    if (!ready) console.warn(`[kefu] the chat did not load from ${frameOrigin}: check the widget key, and that ${location.origin} is an allowed origin of the inbox`);
  }, READY_WARNING_MS);

  layout();
  document.body.appendChild(iframe);
  const queued = Array.from(stub?.q ?? []);
  win.kefu = kefu;
  for (const args of queued) kefu(...Array.from(args));
}

// currentScript is only set while this file runs, so find the tag now, before waiting for <body>.
const script = findScript();
const start = () => boot(window, script);
if (document.body) start();
else document.addEventListener('DOMContentLoaded', start);
