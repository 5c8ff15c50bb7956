import { sql, type Kysely, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { DB, UsersTable } from '../../db/schema.js';
import { containsText } from '../../db/portable.js';
import type { Dialect } from '../../db/connect.js';
import { scopeCondition, type DataScope } from '../../platform/scope.js';

export interface UserFilter {
  q?: string;
  unitId?: number;
  includeChildren?: boolean;
  status?: 'active' | 'disabled' | 'locked';
  roleId?: number;
  now: Date;
}

const USER_COLUMNS = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.unit_id',
  'users.phone_enc',
  'users.id_number_enc',
  'users.email',
  'users.disabled',
  'users.locked_until',
  'users.must_change_password',
  'users.totp_enabled',
  'users.last_login_at',
  'users.created_at',
  'units.name as unit_name',
] as const;

function filtered(db: Kysely<DB> | Transaction<DB>, dialect: Dialect, scope: DataScope, filter: UserFilter) {
  let q = db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .where((eb) => scopeCondition(eb, scope, eb.ref('users.unit_id'), eb.ref('users.id')));
  if (filter.q) {
    q = q.where((eb) => eb.or([containsText('users.username', filter.q!, dialect), containsText('users.display_name', filter.q!, dialect)]));
  }
  if (filter.unitId !== undefined) {
    const unitId = filter.unitId;
    q = filter.includeChildren === false
      ? q.where('users.unit_id', '=', unitId)
      : q.where(sql<SqlBool>`units.path like (select u.path || '%' from units u where u.id = ${unitId})`);
  }
  const nowIso = filter.now.toISOString();
  if (filter.status === 'disabled') q = q.where('users.disabled', '=', 1);
  if (filter.status === 'active') q = q.where('users.disabled', '=', 0).where((eb) => eb.or([eb('users.locked_until', 'is', null), eb('users.locked_until', '<=', nowIso)]));
  if (filter.status === 'locked') q = q.where('users.locked_until', '>', nowIso);
  if (filter.roleId !== undefined) {
    const roleId = filter.roleId;
    q = q.where('users.id', 'in', (eb) => eb.selectFrom('user_roles').select('user_id').where('role_id', '=', roleId));
  }
  return q;
}

/** One page of users in scope, their total, and their roles in one more query (not one per row). */
export async function listUsers(db: Kysely<DB>, dialect: Dialect, scope: DataScope, filter: UserFilter, page: number, pageSize: number) {
  const base = filtered(db, dialect, scope, filter);
  const [rows, count] = await Promise.all([
    base.select(USER_COLUMNS).orderBy('users.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  const roles = await rolesOf(db, rows.map((r) => r.id));
  return { rows: rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] })), total: Number(count.n) };
}

export async function findUserInScope(db: Kysely<DB> | Transaction<DB>, dialect: Dialect, scope: DataScope, id: number, now: Date) {
  const row = await filtered(db, dialect, scope, { now }).select(USER_COLUMNS).where('users.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const roles = await rolesOf(db, [row.id]);
  return { ...row, roles: roles.get(row.id) ?? [] };
}

export type UserListRow = Awaited<ReturnType<typeof listUsers>>['rows'][number];

export async function rolesOf(db: Kysely<DB> | Transaction<DB>, userIds: number[]) {
  const map = new Map<number, { id: number; code: string; name: string; nameEn: string; adminKind: string | null }[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['user_roles.user_id', 'roles.id', 'roles.code', 'roles.name', 'roles.name_en', 'roles.admin_kind'])
    .where('user_roles.user_id', 'in', userIds)
    .orderBy('roles.id')
    .execute();
  for (const r of rows) {
    const list = map.get(r.user_id) ?? [];
    list.push({ id: r.id, code: r.code, name: r.name, nameEn: r.name_en, adminKind: r.admin_kind });
    map.set(r.user_id, list);
  }
  return map;
}

export interface NewUser {
  username: string;
  displayName: string;
  unitId: number;
  passwordHash: string;
  /** Set by an administrator or the console: the user must replace it at first login. */
  mustChangePassword: boolean;
  phoneEnc?: string | null;
  idNumberEnc?: string | null;
  email?: string | null;
  roleIds: number[];
}

/**
 * The one way an account comes into being (web, console, demo seed): the row, its roles, and the
 * first entry of its password history, so the reuse rule counts the initial password too.
 */
export async function insertUser(trx: Transaction<DB>, user: NewUser, now: Date): Promise<number> {
  const at = now.toISOString();
  const inserted = await trx
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      unit_id: user.unitId,
      password_hash: user.passwordHash,
      password_changed_at: at,
      must_change_password: user.mustChangePassword ? 1 : 0,
      phone_enc: user.phoneEnc ?? null,
      id_number_enc: user.idNumberEnc ?? null,
      email: user.email ?? null,
      disabled: 0,
      failed_count: 0,
      totp_enabled: 0,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (user.roleIds.length > 0) await trx.insertInto('user_roles').values(user.roleIds.map((role_id) => ({ user_id: inserted.id, role_id }))).execute();
  await trx.insertInto('password_history').values({ user_id: inserted.id, password_hash: user.passwordHash, created_at: at }).execute();
  return inserted.id;
}

type Db = Kysely<DB> | Transaction<DB>;

/** The stored row of one account, for writes and their audit diff (the caller has authorised the access). */
export async function findUserRow(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserRowByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function updateUserRow(trx: Transaction<DB>, id: number, values: Updateable<UsersTable>): Promise<void> {
  await trx.updateTable('users').set(values).where('id', '=', id).execute();
}

/** The roles with these ids (those that exist), with their administrator kind. */
export async function rolesByIds(db: Db, roleIds: number[]) {
  if (roleIds.length === 0) return [];
  return db.selectFrom('roles').select(['id', 'code', 'admin_kind as adminKind']).where('id', 'in', roleIds).orderBy('id').execute();
}

export async function roleIdByCode(db: Db, code: string): Promise<number | undefined> {
  return (await db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirst())?.id;
}

export async function rolesOfUser(db: Db, userId: number) {
  return db.selectFrom('user_roles').innerJoin('roles', 'roles.id', 'user_roles.role_id').select(['roles.id', 'roles.code', 'roles.admin_kind as adminKind']).where('user_roles.user_id', '=', userId).orderBy('roles.id').execute();
}

export async function replaceUserRoles(trx: Transaction<DB>, userId: number, roleIds: number[]): Promise<void> {
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roleIds.length > 0) await trx.insertInto('user_roles').values(roleIds.map((role_id) => ({ user_id: userId, role_id }))).execute();
}

export async function findUnitForAssignment(db: Db, unitId: number) {
  return db.selectFrom('units').select(['id', 'name', 'disabled']).where('id', '=', unitId).executeTakeFirst();
}

export async function unitIdByCode(db: Db, code: string): Promise<number | undefined> {
  return (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst())?.id;
}
