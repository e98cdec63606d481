// The app's side of the postMessage bridge: only messages from the parent window, from the
// origin the page was framed for, are read; ours go to that origin only.
import { BRIDGE_TAG, HOST_COMMANDS, type FrameToHost, type HostCommand, type HostPage, type HostToFrame } from '../shared/bridge.js';

type Body<T> = T extends unknown ? Omit<T, 'tag'> : never;

export class Bridge {
  private readonly target: string;

  constructor(
    private readonly parentOrigin: string,
    private readonly parent: Window = window.parent,
  ) {
    // A page on a file:// URL has the opaque origin "null", which postMessage cannot target.
    this.target = parentOrigin === 'null' ? '*' : parentOrigin;
  }

  get framed(): boolean {
    return this.parent !== window;
  }

  post(message: Body<FrameToHost>): void {
    if (this.framed) this.parent.postMessage({ ...message, tag: BRIDGE_TAG }, this.target);
  }

  listen(handlers: {
    command: (name: HostCommand, args: unknown[]) => void;
    viewport: (mobile: boolean) => void;
    token: (token: string) => void;
    page: (page: HostPage) => void;
  }): void {
    window.addEventListener('message', (event: MessageEvent<HostToFrame>) => {
      if (event.source !== this.parent || event.origin !== this.parentOrigin) return;
      const data = event.data;
      if (typeof data !== 'object' || data === null || data.tag !== BRIDGE_TAG) return;
      if (data.type === 'viewport') handlers.viewport(data.mobile === true);
      else if (data.type === 'token' && typeof data.token === 'string' && data.token !== '') handlers.token(data.token);
      else if (data.type === 'page' && typeof data.url === 'string' && typeof data.title === 'string' && typeof data.referrer === 'string')
        handlers.page({ url: data.url, title: data.title, referrer: data.referrer });
      else if (data.type === 'command' && (HOST_COMMANDS as readonly string[]).includes(data.name) && Array.isArray(data.args)) handlers.command(data.name, data.args);
    });
  }
}
