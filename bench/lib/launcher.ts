// Starts a server under test (Kefu or a baseline) as its own process, with the open-files soft limit
// raised to the hard limit, and waits until it prints the port it listens on.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIST_DIR, REPO_DIR, SERVER_MAIN } from './paths.js';

export interface ServerHandle {
  name: string;
  pid: number;
  port: number;
  httpUrl: string;
  wsUrl: string;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<number | null>;
}

export const ADMIN = { email: 'bench-admin@kefu.local', password: 'bench-admin-password' };

/** Settings every Kefu under test gets: a rate limit that the load never trips, a short drain. */
export const KEFU_BENCH_ENV: Record<string, string> = {
  KEFU_PORT: '0',
  KEFU_HOST: '127.0.0.1',
  KEFU_ADMIN_EMAIL: ADMIN.email,
  KEFU_ADMIN_PASSWORD: ADMIN.password,
  KEFU_RATE_PER_SEC: '100000',
  KEFU_RATE_BURST: '100000',
  KEFU_LOG_LEVEL: 'warn',
  // The bot has its own scenario (B12); the transport scenarios measure the send path alone.
  KEFU_DEMO_BOT: 'false',
  KEFU_DRAIN_MS: '1000',
};

export interface KefuOptions {
  dataDir: string;
  env?: Record<string, string> | undefined;
  /** Directory for a V8 CPU profile of the whole run (`node --cpu-prof`), written when it exits. */
  cpuProfileDir?: string | undefined;
}

export function launchKefu(options: KefuOptions): Promise<ServerHandle> {
  const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  return launch('kefu', [...nodeArgs, SERVER_MAIN], { ...KEFU_BENCH_ENV, KEFU_DATA_DIR: options.dataDir, ...options.env }, /running at http:\/\/[^:/]+:(\d+)/, '/ws');
}

export type BaselineKind = 'bare-ws' | 'durable-ws' | 'socketio';

export function launchBaseline(kind: BaselineKind, dataDir: string): Promise<ServerHandle> {
  const script = path.join(BENCH_DIST_DIR, 'baselines', `${kind}-server.js`);
  return launch(kind, [script], { BENCH_PORT: '0', BENCH_DATA_DIR: dataDir }, /listening on (\d+)/, kind === 'socketio' ? '' : '/ws');
}

function launch(name: string, args: string[], env: Record<string, string>, ready: RegExp, wsPath: string): Promise<ServerHandle> {
  // `exec` replaces bash, so the pid we watch in /proc is the server's own.
  const child: ChildProcess = spawn('bash', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'bench-launch', process.execPath, ...args], {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise<ServerHandle>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      const port = Number(m[1]);
      resolve({
        name,
        pid: child.pid!,
        port,
        httpUrl: `http://127.0.0.1:${port}`,
        wsUrl: wsPath ? `ws://127.0.0.1:${port}${wsPath}` : `http://127.0.0.1:${port}`,
        output: () => out,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          const code = await exited;
          clearTimeout(killer);
          return code;
        },
      });
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${out}`));
    });
  });
}
