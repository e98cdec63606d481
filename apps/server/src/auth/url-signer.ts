// Signed, expiring links: what lets `<img src>` fetch a file, since a browser sends no header with it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck = 'valid' | 'expired' | 'invalid';

export interface SignedLink {
  /** Expiry in seconds since the epoch, as it appears in the link. */
  exp: number;
  sig: string;
}

/**
 * Signs `resource` (a string naming what the link opens, such as `upload:<tenant>:<id>`) together
 * with its expiry. The key is derived from the server secret for this use alone, so a link's
 * signature is never valid as anything else, such as a token.
 */
export class UrlSigner {
  readonly #key: Buffer;

  /** `ttlMs`: how long a link stays valid. */
  constructor(
    secret: string,
    readonly ttlMs: number,
  ) {
    this.#key = createHmac('sha256', secret).update('kefu signed links v1').digest();
  }

  sign(resource: string, nowMs: number): SignedLink {
    const exp = Math.floor((nowMs + this.ttlMs) / 1000);
    return { exp, sig: this.#mac(resource, exp) };
  }

  /** `exp` and `sig` as they came in the query: missing or malformed is `invalid`. */
  check(resource: string, exp: string | undefined, sig: string | undefined, nowMs: number): LinkCheck {
    if (exp === undefined || sig === undefined || !/^\d{1,12}$/.test(exp) || sig.length > 100) return 'invalid';
    const given = Buffer.from(sig, 'base64url');
    const expected = Buffer.from(this.#mac(resource, Number(exp)), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(exp) * 1000 > nowMs ? 'valid' : 'expired';
  }

  #mac(resource: string, exp: number): string {
    return createHmac('sha256', this.#key).update(`${resource}\n${exp}`).digest('base64url');
  }
}
