// The postMessage bridge between the loader on the host page and the chat app in its iframe.
// Both sides check the sender's origin (and window) before reading a message: see docs/widget.md.

/** Marks our messages among whatever else the host page posts. */
export const BRIDGE_TAG = 'kefu-widget-v1';

/** What the host page may ask with `kefu(name, ...args)`, besides `on` (kept by the loader). */
export const HOST_COMMANDS = ['identify', 'open', 'close', 'toggle', 'setAttributes', 'reset'] as const;
export type HostCommand = (typeof HOST_COMMANDS)[number];

/** Events the host page may listen to with `kefu('on', name, fn)`. */
export type HostEventName = 'message' | 'unread' | 'open';

/** The payload of a `message` event: someone else wrote to the visitor. */
export interface HostMessageEvent {
  conv: string;
  seq: number;
  text: string;
  from: { role: string; name?: string };
  at: string;
}

export type LauncherPosition = 'right' | 'left';

/** Where the visitor is on the host page: `location.href`, `document.title`, `document.referrer`. */
export interface HostPage {
  url: string;
  title: string;
  referrer: string;
}

/** Loader → app. */
export type HostToFrame =
  | { tag: typeof BRIDGE_TAG; type: 'command'; name: HostCommand; args: unknown[] }
  | { tag: typeof BRIDGE_TAG; type: 'viewport'; mobile: boolean }
  /** The visitor token the loader kept for a frame that has no storage of its own. */
  | { tag: typeof BRIDGE_TAG; type: 'token'; token: string }
  /** The host page, once at start and again whenever its URL changes (single-page sites). */
  | ({ tag: typeof BRIDGE_TAG; type: 'page' } & HostPage);

/** App → loader. */
export type FrameToHost =
  | { tag: typeof BRIDGE_TAG; type: 'ready'; position: LauncherPosition }
  /** `blinkText` is what the host page's title alternates with while closed and unread > 0. */
  | { tag: typeof BRIDGE_TAG; type: 'state'; open: boolean; unread: number; blinkText: string }
  | { tag: typeof BRIDGE_TAG; type: 'message'; message: HostMessageEvent }
  /**
   * Where the browser refuses storage to a third-party frame (Safari, private windows, blocked
   * third-party cookies), the loader keeps the visitor token in the host page's storage; null forgets it.
   */
  | { tag: typeof BRIDGE_TAG; type: 'token'; token: string | null };

/** Below this host viewport width (CSS px), the open widget takes the whole screen. */
export const MOBILE_MAX_WIDTH_PX = 480;
