import { AppError } from '../../platform/errors.js';

/**
 * The chain taxonomy's record rules. Who may write it is `chain:write` (the route); the taxonomy is
 * city-wide, so no data scope applies. A chain's validity is decided here.
 */

/** A chain is valid from a date and, when retired, up to a date not before it. */
export function assertValidity(validFrom: string, validTo: string | null | undefined): void {
  if (validTo && validTo < validFrom) throw new AppError(400, 'CHAIN_VALIDITY');
}
