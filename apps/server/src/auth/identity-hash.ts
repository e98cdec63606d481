// Verifies a host page's claim about who the visitor is: HMAC-SHA256(user id, inbox secret), hex.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function identityHash(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

export function verifyIdentityHash(userId: string, hash: string, secret: string): boolean {
  const expected = Buffer.from(identityHash(userId, secret), 'hex');
  const given = Buffer.from(hash.toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
