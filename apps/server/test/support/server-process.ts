// Starts the built server (dist/main.js) as a child process on a free port, as a user would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerProcess {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no drain, no flush. */
  kill9(): Promise<void>;
}

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kefu-test-'));
}

export async function startServer(options: { dataDir?: string; env?: Record<string, string>; port?: number } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      KEFU_PORT: String(options.port ?? 0),
      KEFU_HOST: '127.0.0.1',
      KEFU_DATA_DIR: dataDir,
      KEFU_ADMIN_EMAIL: ADMIN.email,
      KEFU_ADMIN_PASSWORD: ADMIN.password,
      KEFU_LOG_LEVEL: 'warn',
      // Suites that test the bot switch it on; the others expect conversations queued for people.
      KEFU_DEMO_BOT: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /running at http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    dataDir,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
