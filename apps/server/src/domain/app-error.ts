// Failures a client can act on: a code that maps to a protocol error code and an HTTP status.

/** The protocol's error codes (PROTOCOL.md); the domain imports nothing of ours, so they are listed here. */
export type WireErrorCode =
  | 'bad_frame'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'too_large'
  | 'unavailable'
  | 'internal';

/**
 * `conflict`, `invalid` and `bot_config_invalid` exist only in the REST API. `bot_config_invalid`:
 * a bot configuration (knowledge base, rules, flows, thresholds, settings) fails validation; the
 * error's `details.issues` lists every problem.
 */
export type AppErrorCode = WireErrorCode | 'conflict' | 'invalid' | 'bot_config_invalid';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  bad_frame: 400,
  invalid: 400,
  bot_config_invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryable: boolean;
  /** More for the client, sent beside code and message (e.g. `issues` of a refused import). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: AppErrorCode, message: string, options: { retryable?: boolean; cause?: unknown; details?: Readonly<Record<string, unknown>> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  /** The code as the wire protocol knows it (`conflict` and `invalid` are REST-only). */
  get wireCode(): WireErrorCode {
    if (this.code === 'invalid' || this.code === 'bot_config_invalid') return 'bad_frame';
    if (this.code === 'conflict') return 'forbidden';
    return this.code;
  }
}

/** Every code, for the test that keeps docs/errors.md in step. */
export const APP_ERROR_CODES = Object.freeze(Object.keys(HTTP_STATUS) as AppErrorCode[]);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
