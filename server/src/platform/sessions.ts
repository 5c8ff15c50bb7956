import type { Kysely } from 'kysely';
import type { AdminKind, DataScopeKind, Permission } from '../../../common/permissions.js';
import type { Settings } from '../../../common/settings.js';
import type { DB } from '../db/schema.js';
import { DAY, HOUR, MINUTE } from './clock.js';
import type { Actor, ActorRole } from './context.js';
import { randomToken, sm3 } from './crypto.js';
import { foldScope } from './scope.js';

export const SESSION_COOKIE = 'gj_session';
/** Writing last_seen_at on every request would make every read a write; a minute's slack is harmless. */
const TOUCH_INTERVAL_MS = 30_000;

export async function createSession(
  db: Kysely<DB>,
  userId: number,
  meta: { ip: string; userAgent: string | null },
  now: Date,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken(32);
  const csrfToken = randomToken(32);
  await db
    .insertInto('sessions')
    .values({
      public_id: randomToken(12),
      token_hash: sm3(token),
      user_id: userId,
      csrf_token: csrfToken,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { token, csrfToken };
}

export async function revokeUserSessions(db: Kysely<DB>, userId: number, now: Date, exceptSessionId?: number): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId !== undefined) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function loadRoles(db: Kysely<DB>, userId: number): Promise<(ActorRole & { dataScope: DataScopeKind })[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['roles.id', 'roles.code', 'roles.name', 'roles.name_en', 'roles.admin_kind', 'roles.data_scope'])
    .where('user_roles.user_id', '=', userId)
    .orderBy('roles.id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.name_en, adminKind: r.admin_kind as AdminKind | null, dataScope: r.data_scope as DataScopeKind }));
}

export function idleLimitMs(settings: Settings, adminKind: AdminKind | null): number {
  return (adminKind ? settings.adminIdleTimeoutMinutes : settings.idleTimeoutMinutes) * MINUTE;
}

export function passwordExpired(passwordChangedAt: string, settings: Settings, now: Date): boolean {
  return now.getTime() - new Date(passwordChangedAt).getTime() > settings.passwordExpiryDays * DAY;
}

export type SessionLookup = { kind: 'none' } | { kind: 'expired' } | { kind: 'ok'; actor: Actor };

/**
 * Turns a session cookie into the Actor: roles, permissions and the folded data scope, after the
 * idle and absolute timeouts. An expired session is revoked on the spot.
 */
export async function resolveSession(db: Kysely<DB>, token: string, settingsSource: Settings | Promise<Settings>, now: Date, demo: boolean): Promise<SessionLookup> {
  // The settings and the session row are independent: on PostgreSQL they travel in parallel.
  const rowQuery = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.created_at',
      'sessions.last_seen_at',
      'users.id as user_id',
      'users.username',
      'users.display_name',
      'users.unit_id',
      'users.disabled',
      'users.must_change_password',
      'users.password_changed_at',
      'users.totp_enabled',
      'units.name as unit_name',
      'units.path as unit_path',
      'units.kind as unit_kind',
    ])
    .where('sessions.token_hash', '=', sm3(token))
    .where('sessions.revoked_at', 'is', null)
    .executeTakeFirst();
  const [row, settings] = await Promise.all([rowQuery, settingsSource]);
  if (!row) return { kind: 'none' };
  const { roles, permissions } = await grantsOf(db, row.user_id);
  const adminKind = roles.find((r) => r.adminKind)?.adminKind ?? null;
  const idle = now.getTime() - new Date(row.last_seen_at).getTime() > idleLimitMs(settings, adminKind);
  const absolute = now.getTime() - new Date(row.created_at).getTime() > settings.absoluteTimeoutHours * HOUR;
  if (row.disabled || idle || absolute) {
    await db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id', '=', row.session_id).execute();
    return { kind: row.disabled ? 'none' : 'expired' };
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', row.session_id).execute();
  }
  const scope = await foldScope(db, { id: row.user_id, unitId: row.unit_id, unitPath: row.unit_path }, roles);
  return {
    kind: 'ok',
    actor: {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      unitId: row.unit_id,
      unitName: row.unit_name,
      unitPath: row.unit_path,
      unitKind: row.unit_kind,
      roles: roles.map(({ dataScope: _ignored, ...r }) => r),
      permissions,
      scope,
      adminKind,
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password === 1 || passwordExpired(row.password_changed_at, settings, now),
      mustEnrolMfa: !demo && adminKind !== null && row.totp_enabled !== 1,
      totpEnabled: row.totp_enabled === 1,
    },
  };
}

/**
 * The Actor of a user outside any session — for the demo seed and console work done on a user's
 * behalf — built exactly as a session builds it (roles, permissions, folded scope), so the
 * entity policies decide for it as they would for the person.
 */
export async function actorForUser(db: Kysely<DB>, userId: number): Promise<Actor> {
  const user = await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select(['users.id', 'users.username', 'users.display_name', 'users.unit_id', 'users.totp_enabled', 'units.name as unit_name', 'units.path as unit_path', 'units.kind as unit_kind']).where('users.id', '=', userId).executeTakeFirstOrThrow();
  const { roles, permissions } = await grantsOf(db, userId);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    unitId: user.unit_id,
    unitName: user.unit_name,
    unitPath: user.unit_path,
    unitKind: user.unit_kind,
    roles: roles.map(({ dataScope: _ignored, ...r }) => r),
    permissions,
    scope: await foldScope(db, { id: user.id, unitId: user.unit_id, unitPath: user.unit_path }, roles),
    adminKind: roles.find((r) => r.adminKind)?.adminKind ?? null,
    sessionId: 0,
    csrfToken: '',
    mustChangePassword: false,
    mustEnrolMfa: false,
    totpEnabled: user.totp_enabled === 1,
  };
}

/** A user's roles (with their data scope) and the permissions they grant, in one query. */
async function grantsOf(db: Kysely<DB>, userId: number) {
  const grants = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .leftJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
    .select(['roles.id', 'roles.code', 'roles.name', 'roles.name_en', 'roles.admin_kind', 'roles.data_scope', 'role_permissions.permission'])
    .where('user_roles.user_id', '=', userId)
    .orderBy('roles.id')
    .execute();
  const roles = [...new Map(grants.map((g) => [g.id, { id: g.id, code: g.code, name: g.name, nameEn: g.name_en, adminKind: g.admin_kind as AdminKind | null, dataScope: g.data_scope as DataScopeKind }])).values()];
  return { roles, permissions: new Set(grants.flatMap((g) => (g.permission ? [g.permission as Permission] : []))) as ReadonlySet<Permission> };
}
