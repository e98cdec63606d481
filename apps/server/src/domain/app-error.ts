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

/** `conflict` and `invalid` exist only in the REST API. */
export type AppErrorCode = WireErrorCode | 'conflict' | 'invalid';

const HTTP_STATUS: Record<AppErrorCode, number> = {
  bad_frame: 400,
  invalid: 400,
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

  constructor(code: AppErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  /** The code as the wire protocol knows it (`conflict` and `invalid` are REST-only). */
  get wireCode(): WireErrorCode {
    if (this.code === 'invalid') return 'bad_frame';
    if (this.code === 'conflict') return 'forbidden';
    return this.code;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
