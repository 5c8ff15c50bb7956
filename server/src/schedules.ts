import { defineJob, nightlyMaintenanceJob, type ScheduledJob } from './platform/jobs.js';
import { escalateOverdueHandoffs } from './modules/leads/service.js';

/** Lead hand-offs past their answer deadline go up to the city commerce bureau within minutes. */
const leadHandoffEscalationJob = defineJob({
  name: 'lead-handoff-escalation',
  pattern: '*/10 * * * *',
  leaseMs: 5 * 60_000,
  work: (gj) => escalateOverdueHandoffs(gj),
  describe: (result) => (result.escalated ? `lead hand-offs escalated: ${result.escalated}` : null),
});

/**
 * Every schedule this server runs: the platform's own and the ones modules contribute. The one
 * place that knows both, so `platform/` never imports a module.
 */
export const scheduledJobs: readonly ScheduledJob[] = [nightlyMaintenanceJob, leadHandoffEscalationJob];
