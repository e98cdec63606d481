// Baseline 3: the same relay on socket.io (WebSocket transport only, no polling), what many chat
// products are built on. Frames are the payload of a `f` event; nothing is stored.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientFrame } from '@kefu/protocol';
import { Server } from 'socket.io';
import { Router, type Peer } from './router.js';

const router = new Router(null);
const server = createServer();
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
io.on('connection', (socket) => {
  const peer: Peer = { id: randomUUID(), role: null, convs: new Set(), send: (frame) => void socket.emit('f', frame) };
  socket.on('f', (frame: ClientFrame) => router.frame(peer, frame));
  socket.on('disconnect', () => router.leave(peer));
});
server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening on ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
