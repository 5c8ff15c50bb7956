import type { z } from 'zod';
import { ACTIVITY_TYPES } from '../../../../common/leads.js';
import { iso } from '../leads/index.js';
import type { ActivityRow, attachmentsOf } from './repo.js';
import type { activitySchema } from './schema.js';

/** The one place an activity row (with its attachments) becomes what the API answers. */
export function presentActivities(rows: ActivityRow[], files: Awaited<ReturnType<typeof attachmentsOf>>): z.infer<typeof activitySchema>[] {
  return rows.map((r) => ({
    id: r.id,
    leadId: r.lead_id,
    projectId: r.project_id,
    subject: r.lead_title ?? r.project_name ?? null,
    unitId: r.unit_id,
    unitName: r.unit_name,
    type: r.type as (typeof ACTIVITY_TYPES)[number],
    date: r.date,
    place: r.place,
    ourPeople: r.our_people,
    theirPeople: r.their_people,
    notes: r.notes,
    createdBy: r.display_name,
    createdAt: iso(r.created_at)!,
    attachments: files.filter((f) => f.activity_id === r.id).map((f) => ({ id: f.id, fileName: f.file_name, size: f.size, uploadedAt: iso(f.uploaded_at)! })),
  }));
}
