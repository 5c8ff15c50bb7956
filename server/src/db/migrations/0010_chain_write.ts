import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/** The taxonomy became editable (chain:write): the built-in 发改委 role gets it on existing instances too. */
export async function up(db: Kysely<any>, _p: Portable): Promise<void> {
  const role = await db.selectFrom('roles').select('id').where('code', '=', 'ndrc').executeTakeFirst();
  if (!role) return;
  const has = await db.selectFrom('role_permissions').select('role_id').where('role_id', '=', role.id).where('permission', '=', 'chain:write').executeTakeFirst();
  if (!has) await db.insertInto('role_permissions').values({ role_id: role.id, permission: 'chain:write' }).execute();
}
