import { describe, expect, it } from 'vitest';
import { UrlSigner } from './url-signer.js';

const DAY_MS = 24 * 3_600_000;
const now = Date.parse('2025-03-01T10:00:00Z');

describe('UrlSigner', () => {
  const signer = new UrlSigner('a secret of sixteen+ chars', 7 * DAY_MS);

  it('signs a link that is valid until its expiry, and expired from then on', () => {
    const link = signer.sign('upload:t1:u1', now);
    expect(link.exp).toBe((now + 7 * DAY_MS) / 1000);
    expect(signer.check('upload:t1:u1', String(link.exp), link.sig, now)).toBe('valid');
    expect(signer.check('upload:t1:u1', String(link.exp), link.sig, now + 7 * DAY_MS - 1000)).toBe('valid');
    expect(signer.check('upload:t1:u1', String(link.exp), link.sig, now + 7 * DAY_MS)).toBe('expired');
  });

  it('refuses a link for another resource, a moved expiry, a changed signature, or another secret', () => {
    const link = signer.sign('upload:t1:u1', now);
    const exp = String(link.exp);
    expect(signer.check('upload:t1:u2', exp, link.sig, now)).toBe('invalid');
    expect(signer.check('upload:t2:u1', exp, link.sig, now)).toBe('invalid');
    expect(signer.check('upload:t1:u1', String(link.exp + 86_400), link.sig, now)).toBe('invalid');
    expect(signer.check('upload:t1:u1', exp, `${link.sig.slice(0, -2)}AA`, now)).toBe('invalid');
    expect(new UrlSigner('another secret, sixteen+', 7 * DAY_MS).check('upload:t1:u1', exp, link.sig, now)).toBe('invalid');
  });

  it('refuses a missing or malformed expiry or signature without throwing', () => {
    const link = signer.sign('upload:t1:u1', now);
    for (const [exp, sig] of [[undefined, link.sig], [String(link.exp), undefined], ['1e12', link.sig], ['-5', link.sig], [String(link.exp), ''], [String(link.exp), 'x'.repeat(5000)]]) {
      expect(signer.check('upload:t1:u1', exp, sig, now)).toBe('invalid');
    }
  });
});
