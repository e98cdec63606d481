// Shared steps of the upload suites: real files made here, uploads as a browser sends them, a
// second tenant seeded into the data directory before the server starts.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { SqliteStore } from '../../src/adapters/sqlite-store.js';
import { hashPassword } from '../../src/auth/password.js';
import { bootstrap } from '../../src/bootstrap.js';
import { ADMIN } from '../support/server-process.js';

/** A real PNG of `width` × `height` pixels of one colour, which any image viewer opens. */
export function tinyPng(width = 2, height = 2, rgba: [number, number, number, number] = [220, 40, 40, 255]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: width }, () => Buffer.from(rgba)))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** The start of a Windows executable: DOS header, stub, PE signature. */
export function fakeExe(): Buffer {
  const exe = Buffer.alloc(256);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

export type Credentials = { token: string } | { widgetKey: string; visitorToken: string };

export function authHeaders(credentials: Credentials): Record<string, string> {
  return 'token' in credentials
    ? { authorization: `Bearer ${credentials.token}` }
    : { 'x-kefu-widget-key': credentials.widgetKey, 'x-kefu-visitor-token': credentials.visitorToken };
}

export interface UploadAnswer {
  id: string;
  name: string;
  type: string;
  size: number;
  url: string;
  error?: { code: string; message: string };
}

/** POSTs one file as multipart/form-data, the way a browser's FormData does; `type` is the client's claim. */
export async function upload(
  baseUrl: string,
  credentials: Credentials | null,
  file: { bytes: Uint8Array; name: string; type?: string },
): Promise<{ status: number; body: UploadAnswer }> {
  const form = new FormData();
  form.append('note', 'fields besides the file are ignored');
  form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  const res = await fetch(`${baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: credentials ? authHeaders(credentials) : {} });
  return { status: res.status, body: (await res.json()) as UploadAnswer };
}

export async function download(baseUrl: string, pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Every file under the data directory's uploads, temp files included. */
export function filesOnDisk(dataDir: string): string[] {
  const root = path.join(dataDir, 'uploads');
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(root, f)).isFile());
}

export interface OtherTenant {
  widgetKey: string;
  agent: { email: string; password: string };
}

/**
 * Prepares a data directory the server will find on start: the demo tenant with the test admin
 * (what the server's own first start makes), and a second tenant with an inbox and an agent.
 */
export async function seedTwoTenants(dataDir: string): Promise<OtherTenant> {
  const store = SqliteStore.open({ path: path.join(dataDir, 'kefu.sqlite') });
  try {
    await bootstrap(store, { email: ADMIN.email, password: ADMIN.password }, { demoBot: false });
    const tenant = await store.createTenant('Other Co');
    const widgetKey = `wk_other_${Math.random().toString(36).slice(2)}`;
    await store.createInbox(tenant.id, { name: 'Other site', widgetKey, identitySecret: 'other-secret', requireIdentity: false, settings: {} });
    const agent = { email: 'mallory@other.test', password: 'other-password-1' };
    await store.createAgent(tenant.id, { email: agent.email, name: 'Mallory', role: 'admin', passwordHash: await hashPassword(agent.password) });
    return { widgetKey, agent };
  } finally {
    await store.close();
  }
}
