import type { MessageKey } from './i18n/index.js';

/**
 * An error meant for the user: a stable code, an HTTP status, parameters for the localized
 * message, and optional details (field errors). Anything else that escapes is an internal error.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: MessageKey,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError(404, 'NOT_FOUND');
export const forbidden = () => new AppError(403, 'FORBIDDEN');
