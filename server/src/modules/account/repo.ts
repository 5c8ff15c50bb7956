import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The open sessions of one user (only ever the caller's own), newest activity first. */
export async function openSessionsOf(db: Db, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'public_id', 'ip', 'user_agent', 'created_at', 'last_seen_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('last_seen_at', 'desc')
    .limit(50)
    .execute();
}
export type SessionRow = Awaited<ReturnType<typeof openSessionsOf>>[number];

/** Ends one of the user's own sessions by its public id; false when there is no such open session. */
export async function revokeOwnSessionRow(trx: Transaction<DB>, userId: number, publicId: string, now: Date): Promise<boolean> {
  const result = await trx.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('public_id', '=', publicId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function secondFactorOf(db: Db, userId: number) {
  return db.selectFrom('users').select(['password_hash', 'totp_enabled', 'totp_secret_enc']).where('id', '=', userId).executeTakeFirstOrThrow();
}

export async function writeSecondFactor(trx: Transaction<DB>, userId: number, values: { totp_enabled?: number; totp_secret_enc?: string | null; totp_last_step?: number | null; updated_at?: string }): Promise<void> {
  await trx.updateTable('users').set(values).where('id', '=', userId).execute();
}
