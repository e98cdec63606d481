// Baseline 1, the ceiling for Node: a bare `ws` router that relays a visitor's frame to its paired
// agent and answers the sender, storing nothing.
import { Router } from './router.js';
import { serveWs } from './ws-transport.js';

serveWs(new Router(null), Number(process.env.BENCH_PORT ?? 0));
