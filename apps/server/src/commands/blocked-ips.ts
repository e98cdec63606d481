// Use cases of blocked IP addresses: admins add and remove them, agents read the list.
import { isIP } from 'node:net';
import { AppError } from '../domain/app-error.js';
import type { AgentPrincipal } from '../domain/principal.js';
import type { Store } from '../ports/store.js';
import { requireAdmin } from './manage-tenant.js';

/**
 * One spelling per address: lower case, and an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, as a
 * dual-stack socket reports an IPv4 peer) as plain IPv4. Whoever checks a peer against the list
 * must normalize it the same way.
 */
export function normalizeIp(raw: string): string {
  const ip = raw.trim().toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIP(ip) === 0) throw new AppError('invalid', `${raw} is not an IPv4 or IPv6 address`);
  return ip;
}

/**
 * Only admins block addresses: unlike a contact, one address may be a whole office or a mobile
 * carrier's gateway. Idempotent: blocking a blocked address again is no error.
 */
export async function blockIp(store: Store, actor: AgentPrincipal, input: { ip: string; reason?: string }): Promise<{ ip: string; reason: string; createdAt: string }> {
  requireAdmin(actor);
  const ip = normalizeIp(input.ip);
  await store.blockIp(actor.tenantId, ip, input.reason?.trim() ?? '');
  const stored = (await store.listBlockedIps(actor.tenantId)).find((b) => b.ip === ip);
  if (!stored) throw new Error(`blocked ip ${ip} missing right after it was stored`);
  return stored;
}

export async function unblockIp(store: Store, actor: AgentPrincipal, raw: string): Promise<void> {
  requireAdmin(actor);
  if (!(await store.unblockIp(actor.tenantId, normalizeIp(raw)))) throw new AppError('not_found', `${raw} is not blocked`);
}

export async function listBlockedIps(store: Store, actor: AgentPrincipal): Promise<Array<{ ip: string; reason: string; createdAt: string }>> {
  return store.listBlockedIps(actor.tenantId);
}
