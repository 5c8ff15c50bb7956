import type { Kysely } from 'kysely';
import { companyKey0008 as companyKey } from './frozen/company-key-0008.js';
import type { Portable } from '../portable.js';

/**
 * Leads (招商线索): ownership by first registration, conflicts, hand-offs between units, credit
 * shares, follow-ups against service deadlines, and field activities on leads and projects.
 * Projects gain the normalised investor key (what duplicate detection compares across the city)
 * and the lead they came from.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  const ts = p.timestamp;
  await p
    .id(db.schema.createTable('leads'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('enterprise_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('enterprise_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('enterprise_region_key', 'varchar(20)')
    .addColumn('enterprise_uscc', 'varchar(18)')
    .addColumn('enterprise_home', 'varchar(100)')
    .addColumn('enterprise_tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('chain_id', 'integer', (c) => c.references('chains.id'))
    .addColumn('industry', 'varchar(100)')
    .addColumn('estimated_investment_yuan', 'bigint')
    .addColumn('estimated_foreign_usd', 'bigint')
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('first_contact_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('contact_name', 'varchar(50)')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('registered_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('registered_by', 'integer', (c) => c.references('users.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('status_reason', 'varchar(500)')
    .addColumn('next_step', 'varchar(500)')
    .addColumn('next_step_date', 'varchar(10)')
    .addColumn('remarks', 'text')
    .addColumn('conflict_state', 'varchar(16)')
    .addColumn('conflict_lead_id', 'integer')
    .addColumn('conflict_project_id', 'integer')
    .addColumn('conflict_owner_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('conflict_registered_on', 'varchar(10)')
    .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
    .addColumn('search_initials', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .addColumn('clock_start_at', ts, (c) => c.notNull())
    .addColumn('responded_at', ts)
    .addColumn('assessed_at', ts)
    .addColumn('fed_back_at', ts)
    .addColumn('last_progress_at', ts)
    .addColumn('next_due_kind', 'varchar(16)')
    .addColumn('next_due_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  for (const col of ['unit_id', 'enterprise_key', 'enterprise_uscc', 'status', 'next_due_at', 'conflict_state', 'registered_by', 'created_at']) {
    await db.schema.createIndex(`leads_${col}_idx`).on('leads').column(col).execute();
  }

  await p
    .id(db.schema.createTable('lead_events'))
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('from_value', 'varchar(100)')
    .addColumn('to_value', 'varchar(100)')
    .addColumn('reason', 'varchar(2000)')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('lead_events_lead_idx').on('lead_events').columns(['lead_id', 'id']).execute();

  // Credit shares (percent, summing to 100 per object): who counts a lead or project in rankings.
  await db.schema
    .createTable('credits')
    .addColumn('object_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('object_id', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('share', 'integer', (c) => c.notNull())
    .addColumn('basis', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('credits_pk', ['object_type', 'object_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('credits_unit_idx').on('credits').columns(['unit_id', 'object_type']).execute();

  // Units that may still read a lead they passed on or lost in arbitration (and nothing more).
  await db.schema
    .createTable('lead_watchers')
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_watchers_pk', ['lead_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('lead_watchers_unit_idx').on('lead_watchers').column('unit_id').execute();

  await p
    .id(db.schema.createTable('lead_handoffs'))
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('from_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('to_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('sender_share', 'integer', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('due_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('escalated_at', ts)
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('decision_reason', 'varchar(500)')
    .execute();
  await db.schema.createIndex('lead_handoffs_to_idx').on('lead_handoffs').columns(['to_unit_id', 'state']).execute();
  await db.schema.createIndex('lead_handoffs_lead_idx').on('lead_handoffs').column('lead_id').execute();
  await db.schema.createIndex('lead_handoffs_due_idx').on('lead_handoffs').columns(['state', 'due_at']).execute();

  await p
    .id(db.schema.createTable('activities'))
    .addColumn('lead_id', 'integer', (c) => c.references('leads.id').onDelete('cascade'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('place', 'varchar(200)')
    .addColumn('our_people', 'varchar(500)')
    .addColumn('their_people', 'varchar(500)')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_lead_idx').on('activities').column('lead_id').execute();
  await db.schema.createIndex('activities_project_idx').on('activities').column('project_id').execute();
  await db.schema.createIndex('activities_unit_date_idx').on('activities').columns(['unit_id', 'date']).execute();

  await p
    .id(db.schema.createTable('activity_attachments'))
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activity_attachments_activity_idx').on('activity_attachments').column('activity_id').execute();

  await db.schema.alterTable('projects').addColumn('investor_key', 'varchar(200)').execute();
  await db.schema.alterTable('projects').addColumn('investor_region_key', 'varchar(20)').execute();
  await db.schema.alterTable('projects').addColumn('lead_id', 'integer').execute();
  await db.schema.createIndex('projects_investor_key_idx').on('projects').column('investor_key').execute();
  // Existing projects get their investor key once, in batches (a 100k ledger takes seconds).
  for (let after = 0; ; ) {
    const rows: { id: number; investor_name: string | null }[] = await db.selectFrom('projects').select(['id', 'investor_name']).where('id', '>', after).orderBy('id').limit(2000).execute();
    if (!rows.length) break;
    for (const row of rows) {
      const { key, region } = companyKey(row.investor_name);
      if (key) await db.updateTable('projects').set({ investor_key: key, investor_region_key: region }).where('id', '=', row.id).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}
