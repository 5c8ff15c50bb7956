import { defineJob, nightlyMaintenanceJob, type ScheduledJob } from './platform/jobs.js';
import { escalateOverdueHandoffs } from './modules/leads/service.js';
import { remindMissingReports } from './modules/dispatch/index.js';
import { publishDueRanking } from './modules/rankings/index.js';
import { archiveDueBriefings } from './modules/briefings/index.js';
import { remindAndEscalate } from './modules/problems/index.js';
import { syncRegistry } from './modules/enterprises/index.js';

/** Lead hand-offs past their answer deadline go up to the city commerce bureau within minutes. */
const leadHandoffEscalationJob = defineJob({
  name: 'lead-handoff-escalation',
  pattern: '*/10 * * * *',
  leaseMs: 5 * 60_000,
  work: (gj) => escalateOverdueHandoffs(gj),
  describe: (result) => (result.escalated ? `lead hand-offs escalated: ${result.escalated}` : null),
});

/** Units that have not filed their monthly reports are reminded before the deadline (once per period). */
const dispatchReminderJob = defineJob({
  name: 'dispatch-reminders',
  pattern: '5 * * * *',
  leaseMs: 10 * 60_000,
  work: (gj) => remindMissingReports(gj),
  describe: (result) => (result.notices ? `dispatch reminders: ${result.notices} in ${result.periods} periods` : null),
});

/** The month before is published as the 赛马榜 on the publish day (a setting), once across instances. */
const rankingPublishJob = defineJob({
  name: 'ranking-publish',
  pattern: '20 * * * *',
  leaseMs: 10 * 60_000,
  work: (gj) => publishDueRanking(gj),
  describe: (result) => (result.published ? `ranking published: ${result.published}` : null),
});

/** A month's briefing is drafted and archived soon after its 赛马榜 is published (by the schedule or by hand). */
const briefingMonthlyJob = defineJob({
  name: 'briefing-monthly',
  pattern: '*/10 * * * *',
  leaseMs: 10 * 60_000,
  work: (gj) => archiveDueBriefings(gj),
  describe: (result) => (result.archived.length ? `briefings archived: ${result.archived.join(', ')}` : null),
});

/** Assigned problems: a reminder before the deadline, onto the leading group's agenda after it. */
const problemDeadlineJob = defineJob({
  name: 'problem-deadlines',
  pattern: '15 * * * *',
  leaseMs: 10 * 60_000,
  work: (gj) => remindAndEscalate(gj),
  describe: (result) => (result.reminded || result.escalated ? `problems reminded: ${result.reminded}, escalated: ${result.escalated}` : null),
});

/** The enterprise registry learns the credit codes the ledger and the leads carry. */
const registrySyncJob = defineJob({
  name: 'enterprise-registry-sync',
  pattern: '*/10 * * * *',
  leaseMs: 5 * 60_000,
  work: (gj) => syncRegistry(gj),
  describe: (result) => (result.registered ? `enterprises registered from the ledger: ${result.registered}` : null),
});

/**
 * Every schedule this server runs: the platform's own and the ones modules contribute. The one
 * place that knows both, so `platform/` never imports a module.
 */
export const scheduledJobs: readonly ScheduledJob[] = [nightlyMaintenanceJob, leadHandoffEscalationJob, dispatchReminderJob, rankingPublishJob, briefingMonthlyJob, problemDeadlineJob, registrySyncJob];
