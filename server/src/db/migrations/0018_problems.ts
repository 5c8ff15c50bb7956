import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * Problems (问题协调, 一门帮办) and the enterprises that raise them. An enterprise is keyed by its
 * 统一社会信用代码 and served by a unit; its contacts sign in as users of its own unit in the org
 * tree (kind `enterprise`), so the serving district's subtree holds them. The enterprise registry
 * issue extends this table (name history, tags); problems only need who the enterprise is.
 *
 * A problem's `unit_id` is the unit answerable for it on the raising side (the project's host, else
 * the raiser's unit or the enterprise's serving unit): it decides who reads it besides its handlers.
 * Every step is an event; `holder_unit_id` on an event is who holds the problem from then on, so
 * 超时倒查 (who held it, how long) is a walk over the events.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  const ts = p.timestamp;
  await p
    .id(db.schema.createTable('enterprises'))
    .addColumn('uscc', 'varchar(18)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('units.id').unique())
    .addColumn('serving_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await p
    .id(db.schema.createTable('problems'))
    .addColumn('code', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('category', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('enterprise_id', 'integer', (c) => c.references('enterprises.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('raised_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('raiser_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('lead_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('due_date', 'varchar(10)')
    .addColumn('assigned_at', ts)
    .addColumn('answered_at', ts)
    .addColumn('closed_at', ts)
    .addColumn('rating', 'integer')
    .addColumn('returned_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminded_for', 'varchar(10)')
    .addColumn('escalated_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problems_unit_idx').on('problems').columns(['unit_id', 'status', 'id']).execute();
  await db.schema.createIndex('problems_lead_idx').on('problems').columns(['lead_unit_id', 'status', 'id']).execute();
  await db.schema.createIndex('problems_enterprise_idx').on('problems').columns(['enterprise_id', 'id']).execute();
  await db.schema.createIndex('problems_due_idx').on('problems').columns(['status', 'due_date']).execute();

  await db.schema
    .createTable('problem_handlers')
    .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'varchar(8)', (c) => c.notNull())
    .addPrimaryKeyConstraint('problem_handlers_pk', ['problem_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('problem_handlers_unit_idx').on('problem_handlers').columns(['unit_id', 'problem_id']).execute();

  await p
    .id(db.schema.createTable('problem_events'))
    .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('holder_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('text', 'text')
    .addColumn('detail', 'text')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problem_events_problem_idx').on('problem_events').columns(['problem_id', 'id']).execute();
  await db.schema.createIndex('problem_events_kind_idx').on('problem_events').columns(['kind', 'at']).execute();

  await p
    .id(db.schema.createTable('problem_attachments'))
    .addColumn('problem_id', 'integer', (c) => c.notNull().references('problems.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.references('problem_events.id'))
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problem_attachments_problem_idx').on('problem_attachments').columns(['problem_id', 'id']).execute();

  // Evidence of a milestone reached (营业执照, 施工许可证, 开工照片) an enterprise uploads in the portal;
  // the project's unit confirms it before the stage moves, or rejects it with a reason.
  await p
    .id(db.schema.createTable('milestone_evidence'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id'))
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('reached_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_at', ts, (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('milestone_evidence_project_idx').on('milestone_evidence').columns(['project_id', 'id']).execute();
  await db.schema.createIndex('milestone_evidence_status_idx').on('milestone_evidence').columns(['status', 'project_id']).execute();

  // The department scorecard as indicators the ranking schemes can use: a department is ranked on
  // the problems it handles as lead (closed, answered on time, satisfaction), as a district is on its projects.
  const rules = await db.selectFrom('counting_rules').select('version').orderBy('version').limit(1).executeTakeFirst();
  if (rules) {
    const at = new Date().toISOString();
    await db
      .insertInto('indicators')
      .values(
        [
          { code: 'problem_closed', name: '交办问题办结数', name_en: 'Assigned problems closed', unit: 'count', definition: { measure: 'problemsClosed' } },
          { code: 'problem_on_time', name: '交办问题按期答复率', name_en: 'Assigned problems answered on time', unit: 'percent', definition: { measure: 'problemsOnTime' } },
          { code: 'problem_satisfaction', name: '交办问题满意度', name_en: 'Satisfaction with answers', unit: 'percent', definition: { measure: 'problemSatisfaction' } },
        ].map((i) => ({ ...i, version: 1, definition: JSON.stringify(i.definition), rule_version: rules.version, builtin: 1, created_at: at })),
      )
      .execute();
  }

  // The coordinating office (项目办) assigns problems: the commission's built-in role gains it on
  // instances seeded before this permission existed.
  // Districts and streets register the enterprises they serve and open their contacts' accounts.
  const grants: [string, string][] = [['ndrc', 'problem:assign'], ['district', 'enterprise:write'], ['street', 'enterprise:write']];
  for (const [code, permission] of grants) {
    const role = await db.selectFrom('roles').select('id').where('code', '=', code).executeTakeFirst();
    if (role) await db.insertInto('role_permissions').values({ role_id: role.id, permission }).onConflict((oc) => oc.doNothing()).execute();
  }
}
