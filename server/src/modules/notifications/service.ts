import type { Kysely, Transaction } from 'kysely';
import type { Permission } from '../../../../common/permissions.js';
import { inTransaction } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import type { Services } from '../../platform/http.js';

/**
 * The in-app inbox and the outbound gateway. A notification is a kind and its parameters (words
 * are chosen when read, in the reader's language), a link to the rows, and an optional dedup key
 * so that a reminder sent by two instances, or twice by one, lands once.
 */
type Db = Kysely<DB> | Transaction<DB>;

export interface Notice {
  kind: 'dispatch-reminder' | 'dispatch-late-request' | 'dispatch-late-decided' | 'dispatch-red' | 'ranking-published' | 'problem-raised' | 'problem-assigned' | 'problem-answered' | 'problem-returned' | 'problem-reminder' | 'problem-escalated' | 'evidence-submitted' | 'evidence-decided' | 'problem-bank-reply';
  params: Record<string, string | number>;
  link: string | null;
  dedupKey?: string;
}

/** Where a notice also goes out of the platform (SMS, 政务钉钉, email). The default only logs. */
export interface OutboundGateway {
  send(userIds: number[], notice: Notice): Promise<void>;
}

export const loggingGateway: OutboundGateway = {
  async send(userIds, notice) {
    if (process.env.GONGJIAN_LOG_OUTBOUND === '1') console.info(`[outbound] ${notice.kind} → users ${userIds.join(',')}`);
  },
};

let gateway: OutboundGateway = loggingGateway;
/** A deployment plugs its SMS / 政务钉钉 / email sender in here at start. */
export function setOutboundGateway(next: OutboundGateway): void {
  gateway = next;
}

export async function notify(db: Db, userIds: number[], notice: Notice, now: string): Promise<number> {
  const unique = [...new Set(userIds)];
  if (!unique.length) return 0;
  let sent = 0;
  for (let i = 0; i < unique.length; i += 500) {
    const rows = unique.slice(i, i + 500).map((user_id) => ({ user_id, kind: notice.kind, params: JSON.stringify(notice.params), link: notice.link, dedup_key: notice.dedupKey ?? null, created_at: now, read_at: null }));
    const done = await db.insertInto('notifications').values(rows).onConflict((oc) => oc.columns(['user_id', 'dedup_key']).doNothing()).execute();
    sent += done.reduce((n, r) => n + Number(r.numInsertedOrUpdatedRows ?? 0), 0);
  }
  await gateway.send(unique, notice);
  return sent;
}

/** Active users holding a permission, in the given units (or anywhere when `unitIds` is null). */
export async function usersWith(db: Db, permission: Permission, unitIds: number[] | null): Promise<number[]> {
  if (unitIds && unitIds.length === 0) return [];
  let q = db
    .selectFrom('users as u')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'ur.role_id')
    .where('rp.permission', '=', permission)
    .where('u.disabled', '=', 0)
    .select('u.id')
    .distinct();
  if (unitIds) q = q.where('u.unit_id', 'in', unitIds);
  return (await q.execute()).map((r) => r.id);
}

/** Marks one of the reader's notifications read (another user's id changes nothing). */
export async function markRead(db: Db, userId: number, id: number | 'all', now: string): Promise<void> {
  let q = db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== 'all') q = q.where('id', '=', id);
  await q.execute();
}

/** Marks the reader's notification (or all of them) read, audited in the same transaction. */
export async function readNotifications(gj: Pick<Services, 'db' | 'audit' | 'clock'>, ctx: RequestContext, id: number | 'all'): Promise<void> {
  const userId = ctx.actor!.userId;
  await inTransaction(gj.db, async (trx) => {
    await markRead(trx, userId, id, gj.clock.now().toISOString());
    await gj.audit.append(trx, ctx, id === 'all' ? { action: 'notification.read-all', objectType: 'notification' } : { action: 'notification.read', objectType: 'notification', objectId: id });
  });
}

export async function inbox(db: Db, userId: number, unreadOnly: boolean, limit: number) {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const items = await q.orderBy('id', 'desc').limit(limit).execute();
  const unread = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return { items, unread: Number(unread?.n ?? 0) };
}
