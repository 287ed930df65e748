// Expected failures carry a code; one handler (core/http/error-handler.ts)
// maps codes to status codes and a reader-facing page. Never a stack trace.
export type ErrorCode =
  'not-found' | 'gone' | 'bad-request' | 'forbidden' | 'payload-too-large' | 'unsupported-media-type' | 'rate-limited';

export const statusForErrorCode: Record<ErrorCode, number> = {
  'not-found': 404,
  gone: 410,
  'bad-request': 400,
  forbidden: 403,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    readonly details: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
