import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { MINUTE } from '../../platform/clock.js';
import type { RequestContext } from '../../platform/context.js';
import { randomToken, sm3 } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { timingDummyHash, verifyPassword } from '../../platform/password.js';
import { createSession } from '../../platform/sessions.js';
import { loadSettings } from '../../platform/settings.js';
import { matchTotpStep } from './totp.js';

const IP_WINDOW_MS = 15 * MINUTE;
const MFA_TICKET_MS = 5 * MINUTE;

export type LoginOutcome = { kind: 'session'; token: string; csrfToken: string } | { kind: 'mfa'; ticket: string };

async function recordFailure(gj: Services, ctx: RequestContext, username: string, user: { id: number; unit_id: number } | null, reason: string, priorFailures: string[] = []) {
  const userId = user?.id ?? null;
  const now = gj.clock.now();
  const settings = await loadSettings(gj.db);
  await gj.db.transaction().execute(async (trx) => {
    await trx.insertInto('login_failures').values({ ip: ctx.ip, username: username.slice(0, 64), at: now.toISOString() }).execute();
    // Old rows only ever mattered for the rate window and unknown names' locks (≤ 24 h); keep the table small.
    await trx.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - 24 * 60 * MINUTE).toISOString()).execute();
    await gj.audit.append(trx, ctx, { action: 'auth.login', result: 'failure', username: username.slice(0, 64), userId: userId ?? undefined, unitId: user?.unit_id, objectType: 'user', objectId: userId, detail: { reason } });
    if (userId === null) {
      // An unknown name "locks" exactly when a real account would, so the 423 tells nothing.
      const until = unknownNameLockedUntil([...priorFailures, now.toISOString()], settings);
      if (until && until > now.toISOString()) await gj.audit.append(trx, ctx, { action: 'auth.lockout', username: username.slice(0, 64), objectType: 'user', detail: { until, unknownUser: true } });
      return;
    }
    await trx.updateTable('users').set((eb) => ({ failed_count: eb('failed_count', '+', 1) })).where('id', '=', userId).execute();
    const counted = await trx.selectFrom('users').select('failed_count').where('id', '=', userId).executeTakeFirstOrThrow();
    if (counted.failed_count >= settings.lockoutThreshold) {
      const until = new Date(now.getTime() + settings.lockoutMinutes * MINUTE).toISOString();
      await trx.updateTable('users').set({ locked_until: until, failed_count: 0 }).where('id', '=', userId).execute();
      await gj.audit.append(trx, ctx, { action: 'auth.lockout', username, userId, unitId: user?.unit_id, objectType: 'user', objectId: userId, detail: { until } });
    }
  });
}

/**
 * When a name that has no account would be locked until, replaying the failures recorded for it
 * (login_failures, oldest first) the way `users.failed_count` counts them: the threshold-th failure
 * locks for the lockout time and starts the count again; attempts during a lock are not recorded.
 */
export function unknownNameLockedUntil(failuresAt: string[], settings: { lockoutThreshold: number; lockoutMinutes: number }): string | null {
  let count = 0;
  let until: string | null = null;
  for (const at of failuresAt) {
    if (until && at < until) continue;
    count += 1;
    if (count >= settings.lockoutThreshold) {
      until = new Date(new Date(at).getTime() + settings.lockoutMinutes * MINUTE).toISOString();
      count = 0;
    }
  }
  return until;
}

async function failuresOfName(db: Kysely<DB>, username: string): Promise<string[]> {
  const rows = await db.selectFrom('login_failures').select('at').where('username', '=', username.slice(0, 64)).orderBy('at').orderBy('id').execute();
  return rows.map((r) => r.at);
}

function formatLocal(iso: string): string {
  // The user reads the unlock time in China Standard Time, whatever the server's zone.
  return new Date(new Date(iso).getTime() + 8 * 60 * MINUTE).toISOString().slice(0, 16).replace('T', ' ');
}

async function ipLimited(db: Kysely<DB>, ip: string, now: Date, limit: number): Promise<boolean> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('ip', '=', ip)
    .where('at', '>', new Date(now.getTime() - IP_WINDOW_MS).toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n) >= limit;
}

/**
 * Password step of the login. The same work (one argon2 verify) happens whether or not the user
 * exists, and the same answer comes back for a wrong name and a wrong password.
 */
export async function login(gj: Services, ctx: RequestContext, username: string, password: string): Promise<LoginOutcome> {
  const now = gj.clock.now();
  const settings = await loadSettings(gj.db);
  if (await ipLimited(gj.db, ctx.ip, now, settings.ipLoginFailureLimit)) {
    await gj.audit.appendAlone(gj.db, ctx, { action: 'auth.login', result: 'failure', username: username.slice(0, 64), detail: { reason: 'ip-rate-limited' } });
    throw new AppError(429, 'TOO_MANY_ATTEMPTS');
  }
  // Both lookups run for every name, known or not, so the work does not tell them apart.
  const [user, nameFailures] = await Promise.all([gj.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(), failuresOfName(gj.db, username)]);
  const ok = await verifyPassword(user?.password_hash ?? (await timingDummyHash()), password);
  const lockedUntil = user ? user.locked_until : unknownNameLockedUntil(nameFailures, settings);
  if (lockedUntil && new Date(lockedUntil) > now) {
    await gj.audit.appendAlone(gj.db, ctx, { action: 'auth.login', result: 'failure', username: username.slice(0, 64), userId: user?.id, unitId: user?.unit_id, objectType: 'user', objectId: user?.id ?? null, detail: { reason: 'locked' } });
    throw new AppError(423, 'ACCOUNT_LOCKED', { until: formatLocal(lockedUntil) });
  }
  if (!user || !ok) {
    await recordFailure(gj, ctx, username, user ?? null, user ? 'wrong-password' : 'unknown-user', nameFailures);
    throw new AppError(401, 'INVALID_CREDENTIALS');
  }
  if (user.disabled) {
    await gj.audit.appendAlone(gj.db, ctx, { action: 'auth.login', result: 'failure', username, userId: user.id, unitId: user.unit_id, objectType: 'user', objectId: user.id, detail: { reason: 'disabled' } });
    throw new AppError(403, 'ACCOUNT_DISABLED');
  }
  // The failure count is not reset here: a wrong second-factor code counts like a wrong password,
  // and only a complete login (startSession) clears the count.
  if (user.totp_enabled) {
    const ticket = randomToken(32);
    await gj.db
      .insertInto('mfa_tickets')
      .values({ ticket_hash: sm3(ticket), user_id: user.id, expires_at: new Date(now.getTime() + MFA_TICKET_MS).toISOString(), used: 0 })
      .execute();
    await gj.audit.appendAlone(gj.db, ctx, { action: 'auth.password-ok', username, userId: user.id, unitId: user.unit_id, objectType: 'user', objectId: user.id, detail: { next: 'mfa' } });
    return { kind: 'mfa', ticket };
  }
  return startSession(gj, ctx, user, username);
}

async function startSession(gj: Services, ctx: RequestContext, user: { id: number; unit_id: number }, username: string): Promise<LoginOutcome> {
  const userId = user.id;
  const now = gj.clock.now();
  const session = await createSession(gj.db, userId, { ip: ctx.ip, userAgent: ctx.userAgent }, now);
  await gj.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ last_login_at: now.toISOString(), failed_count: 0, locked_until: null }).where('id', '=', userId).execute();
    await gj.audit.append(trx, ctx, { action: 'auth.login', username, userId, unitId: user.unit_id, objectType: 'user', objectId: userId });
  });
  return { kind: 'session', ...session };
}

/** Second step: a TOTP code for a ticket from the password step. A code's time step is used once. */
export async function completeMfa(gj: Services, ctx: RequestContext, ticket: string, code: string): Promise<LoginOutcome> {
  const now = gj.clock.now();
  const row = await gj.db
    .selectFrom('mfa_tickets')
    .innerJoin('users', 'users.id', 'mfa_tickets.user_id')
    .select(['mfa_tickets.id as ticket_id', 'mfa_tickets.expires_at', 'mfa_tickets.used', 'users.id', 'users.username', 'users.totp_secret_enc', 'users.totp_last_step', 'users.locked_until', 'users.disabled', 'users.unit_id'])
    .where('mfa_tickets.ticket_hash', '=', sm3(ticket))
    .executeTakeFirst();
  if (!row || row.used || new Date(row.expires_at) <= now || row.disabled) throw new AppError(401, 'MFA_TICKET_INVALID');
  if (row.locked_until && new Date(row.locked_until) > now) throw new AppError(423, 'ACCOUNT_LOCKED', { until: formatLocal(row.locked_until) });
  const secret = gj.cipher.decryptOptional(row.totp_secret_enc);
  const step = secret ? matchTotpStep(secret, code, now) : null;
  if (step === null || (row.totp_last_step !== null && step <= row.totp_last_step)) {
    await recordFailure(gj, ctx, row.username, row, step === null ? 'wrong-totp' : 'replayed-totp');
    throw new AppError(401, 'MFA_CODE_INVALID');
  }
  // Claim the ticket and the step in one conditional write, so two racing requests cannot both win.
  const claimed = await gj.db.updateTable('mfa_tickets').set({ used: 1 }).where('id', '=', row.ticket_id).where('used', '=', 0).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new AppError(401, 'MFA_TICKET_INVALID');
  await gj.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', row.id).execute();
  return startSession(gj, ctx, row, row.username);
}

/** Ends the caller's session. */
export async function logout(gj: Services, ctx: RequestContext): Promise<void> {
  const actor = ctx.actor!;
  await gj.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revoked_at: gj.clock.now().toISOString() }).where('id', '=', actor.sessionId).execute();
    await gj.audit.append(trx, ctx, { action: 'auth.logout', objectType: 'session', objectId: actor.sessionId });
  });
}
