import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/**
 * One's own account: every read and write here takes the signed-in user's id (sessions, second
 * factor, password), so nobody reaches another user's account through it. What the user may do
 * to it is decided here.
 */

/** Administrators keep their second factor outside the demo (等保: privileged accounts use two factors). */
export function assertMayDisableMfa(actor: Actor, demo: boolean): void {
  if (actor.adminKind && !demo) throw new AppError(400, 'MFA_REQUIRED_FOR_ADMIN');
}
