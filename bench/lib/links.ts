// One client connection of the generator, over `ws` (the Kefu protocol's JSON text frames) or over
// socket.io (the same frame objects as the payload of a `f` event), behind one small interface.
import type { ClientFrame, ServerFrame } from '@kefu/protocol';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { TargetInfo } from './types.js';

export interface LinkEvents {
  frame: (frame: ServerFrame) => void;
  close: (why: string) => void;
}

export interface Link {
  send(frame: ClientFrame): void;
  /** Closes without waiting for the peer. */
  destroy(): void;
  readonly isOpen: boolean;
  /** WebSocket pings received from the server (answered by `ws` on its own). */
  readonly pings: number;
  /** Stops reading from the socket (a slow consumer), or starts again; the kernel's buffers fill meanwhile. */
  pause(): void;
  resume(): void;
}

/** The TCP socket under a `ws` client; `ws` keeps it in a private field. */
const tcpOf = (socket: WebSocket): { pause(): void; resume(): void } | undefined =>
  (socket as unknown as { _socket?: { pause(): void; resume(): void } })._socket;

const SUBPROTOCOL = 'kefu.v1.json';
const HANDSHAKE_TIMEOUT_MS = 30_000;

export function openLink(target: TargetInfo, localAddress: string, events: LinkEvents): Promise<Link> {
  return target.transport === 'ws' ? openWs(target.url, localAddress, events) : openSocketIo(target.url, localAddress, events);
}

function openWs(url: string, localAddress: string, events: LinkEvents): Promise<Link> {
  const socket = new WebSocket(url, SUBPROTOCOL, { localAddress, perMessageDeflate: false, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
  let pings = 0;
  let opened = false;
  const link: Link = {
    send: (frame) => socket.send(JSON.stringify(frame)),
    destroy: () => socket.terminate(),
    get isOpen() {
      return socket.readyState === WebSocket.OPEN;
    },
    get pings() {
      return pings;
    },
    pause: () => tcpOf(socket)?.pause(),
    resume: () => tcpOf(socket)?.resume(),
  };
  return new Promise((resolve, reject) => {
    socket.on('open', () => {
      opened = true;
      resolve(link);
    });
    socket.on('ping', () => (pings += 1));
    socket.on('message', (data: Buffer) => events.frame(JSON.parse(data.toString('utf8')) as ServerFrame));
    socket.on('error', (error) => {
      if (!opened) reject(error);
    });
    socket.on('close', (code, reason) => {
      if (opened) events.close(`${code} ${reason.toString()}`);
    });
  });
}

function openSocketIo(url: string, localAddress: string, events: LinkEvents): Promise<Link> {
  // `localAddress` is passed through to the underlying `ws` client by engine.io-client in Node.
  const options = { transports: ['websocket'], forceNew: true, reconnection: false, timeout: HANDSHAKE_TIMEOUT_MS, localAddress };
  const socket: Socket = io(url, options);
  const link: Link = {
    send: (frame) => void socket.emit('f', frame),
    destroy: () => void socket.disconnect(),
    get isOpen() {
      return socket.connected;
    },
    pings: 0,
    pause: () => {
      throw new Error('pause: only WebSocket targets');
    },
    resume: () => {},
  };
  return new Promise((resolve, reject) => {
    let opened = false;
    socket.on('connect', () => {
      opened = true;
      resolve(link);
    });
    socket.on('connect_error', (error) => {
      if (!opened) reject(error);
    });
    socket.on('f', (frame: ServerFrame) => events.frame(frame));
    socket.on('disconnect', (reason) => {
      if (opened) events.close(reason);
    });
  });
}
