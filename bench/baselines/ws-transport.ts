// Serves a baseline router over `ws` at /ws with the Kefu subprotocol: JSON text frames, a ping
// every 25 s, nothing else. `ws` with no extensions is the ceiling of a Node WebSocket server.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientFrame } from '@kefu/protocol';
import { WebSocketServer, type WebSocket } from 'ws';
import { HEARTBEAT_MS, type Peer, type Router } from './router.js';

export function serveWs(router: Router, port: number): void {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (offered) => (offered.has('kefu.v1.json') ? 'kefu.v1.json' : false),
  });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (socket) => {
    sockets.add(socket);
    const peer: Peer = { id: randomUUID(), role: null, convs: new Set(), send: (frame) => socket.send(JSON.stringify(frame)) };
    socket.on('message', (data: Buffer) => {
      let frame: ClientFrame;
      try {
        frame = JSON.parse(data.toString('utf8')) as ClientFrame;
      } catch {
        return socket.close(4400, 'bad json');
      }
      router.frame(peer, frame);
    });
    socket.on('close', () => {
      sockets.delete(socket);
      router.leave(peer);
    });
    socket.on('error', () => {});
  });
  setInterval(() => {
    for (const socket of sockets) socket.ping();
  }, HEARTBEAT_MS).unref();
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}
