import { CLOSED_LEAD_STATUSES, type DeadlineKind, type LeadStatus } from '../../../../common/leads.js';
import { DAY } from '../../platform/clock.js';

export interface DeadlineRules {
  leadRespondDays: number;
  leadAssessDays: number;
  leadFeedbackDays: number;
  leadProgressDays: number;
}

export interface LeadClock {
  status: string;
  clock_start_at: string;
  responded_at: string | null;
  assessed_at: string | null;
  fed_back_at: string | null;
  last_progress_at: string | null;
}

export interface Deadline {
  kind: DeadlineKind;
  dueAt: string;
  doneAt: string | null;
  state: 'done' | 'due' | 'overdue';
}

const plus = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

/**
 * The service deadlines of a lead (domain.md, Jiangmen's rule by default): respond within a day,
 * assess within three, feed back within a week — each counted from when the current holder got
 * the lead — then show progress every two weeks after the last feedback or progress. A closed
 * lead has none.
 */
export function leadDeadlines(lead: LeadClock, rules: DeadlineRules, now: Date): Deadline[] {
  if (CLOSED_LEAD_STATUSES.includes(lead.status as LeadStatus)) return [];
  const start = lead.clock_start_at;
  const state = (dueAt: string, doneAt: string | null): Deadline['state'] => (doneAt ? 'done' : dueAt < now.toISOString() ? 'overdue' : 'due');
  const fixed: [DeadlineKind, number, string | null][] = [
    ['respond', rules.leadRespondDays, lead.responded_at],
    ['assess', rules.leadAssessDays, lead.assessed_at],
    ['feedback', rules.leadFeedbackDays, lead.fed_back_at],
  ];
  const out: Deadline[] = fixed.map(([kind, days, doneAt]) => ({ kind, dueAt: plus(start, days), doneAt, state: state(plus(start, days), doneAt) }));
  // Progress is a rolling deadline: from the latest of feedback and progress, else from the feedback deadline.
  const anchor = [lead.fed_back_at, lead.last_progress_at].filter((x): x is string => !!x).sort().pop() ?? plus(start, rules.leadFeedbackDays);
  const progressDue = plus(anchor, rules.leadProgressDays);
  out.push({ kind: 'progress', dueAt: progressDue, doneAt: null, state: state(progressDue, null) });
  return out;
}

/** The earliest open deadline: what the list sorts and the overdue filter compares on. */
export function nextDue(lead: LeadClock, rules: DeadlineRules, now: Date): { kind: DeadlineKind; at: string } | null {
  const open = leadDeadlines(lead, rules, now).filter((d) => d.state !== 'done');
  if (!open.length) return null;
  const first = open.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  return { kind: first.kind, at: first.dueAt };
}

/** Weekday in China (UTC+8, no daylight saving): 0 Sunday … 6 Saturday. */
function chinaWeekday(ms: number): number {
  return new Date(ms + 8 * 3600_000).getUTCDay();
}

/**
 * `from` plus `days` working days (Monday to Friday, China time), at the same time of day.
 * Public holidays and their make-up working days (调休) are not modelled yet: a hand-off sent
 * before 国庆 gets its five days counted through the holiday.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let ms = from.getTime();
  let left = days;
  while (left > 0) {
    ms += DAY;
    const wd = chinaWeekday(ms);
    if (wd !== 0 && wd !== 6) left--;
  }
  return new Date(ms);
}
