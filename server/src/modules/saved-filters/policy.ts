import { AppError } from '../../platform/errors.js';

/**
 * Saved filters are each user's own: every read and write of the repository takes the user's id,
 * so another user's filter is not found (404), as a missing one. How many a user keeps per page is
 * decided here.
 */
export const MAX_PER_PAGE = 30;

export function assertBelowLimit(saved: number): void {
  if (saved >= MAX_PER_PAGE) throw new AppError(400, 'SAVED_FILTER_LIMIT', { max: MAX_PER_PAGE });
}
