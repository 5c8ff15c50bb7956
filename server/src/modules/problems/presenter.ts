import type { ProblemCategory, ProblemEventKind, ProblemStatus } from '../../../../common/problems.js';
import type { AgendaItem, ProblemDetail, ProblemSummary, ScorecardRow } from '../../../../common/problems-api.js';
import type { EventRow, ProblemRow, attachmentsOf, coUnitsOf, scorecardFacts } from './repo.js';
import { chinaDay } from '../../platform/china-time.js';

/** The one place a problem row (with its events) becomes what the API answers. */
const DAY_MS = 86_400_000;
const iso = (v: string | Date | null | undefined) => (v == null ? null : new Date(v).toISOString());

export function isOverdue(r: { status: string; due_date: string | null; answered_at: string | Date | null }, today: string): boolean {
  if (!r.due_date) return false;
  if (r.status === 'assigned' || r.status === 'returned') return today > r.due_date;
  return r.status === 'answered' && !!r.answered_at && chinaDay(r.answered_at) > r.due_date;
}

export function presentSummary(r: ProblemRow, today: string): ProblemSummary {
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    category: r.category as ProblemCategory,
    status: r.status as ProblemStatus,
    projectId: r.project_id,
    projectName: r.project_name,
    enterpriseName: r.enterprise_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    raisedByName: r.raised_by_name,
    raiserUnitName: r.raiser_unit_name,
    leadUnitId: r.lead_unit_id,
    leadUnitName: r.lead_unit_name,
    dueDate: r.due_date,
    overdue: isOverdue(r, today),
    escalated: r.escalated_at !== null,
    rating: r.rating,
    returnedCount: Number(r.returned_count),
    createdAt: iso(r.created_at)!,
    closedAt: iso(r.closed_at),
  };
}

/** Kinds of event that hand the problem to someone (the rest — reminders, decisions, files — do not). */
const HANDING: readonly ProblemEventKind[] = ['raised', 'assigned', 'answered', 'returned', 'closed'];

/**
 * 超时倒查: who held the problem, from when to when, in days (one decimal). A holding ends when the
 * next handing event starts another; the open one runs to `now`; closing ends the last.
 */
export function holdingsOf(events: Pick<EventRow, 'kind' | 'holder_unit_name' | 'at'>[], now: Date): ProblemDetail['holdings'] {
  const out: ProblemDetail['holdings'] = [];
  let open: { unitName: string; from: string } | null = null;
  const close = (to: string | null) => {
    if (!open) return;
    const end = to ? Date.parse(to) : now.getTime();
    out.push({ unitName: open.unitName, from: open.from, to, days: Math.round(((end - Date.parse(open.from)) / DAY_MS) * 10) / 10 });
    open = null;
  };
  for (const e of events) {
    if (!HANDING.includes(e.kind as ProblemEventKind)) continue;
    const at = iso(e.at)!;
    close(at);
    if (e.kind !== 'closed' && e.holder_unit_name) open = { unitName: e.holder_unit_name, from: at };
  }
  close(null);
  return out;
}

export function presentEvents(events: EventRow[]): ProblemDetail['events'] {
  return events.map((e) => ({
    id: e.id,
    kind: e.kind as ProblemEventKind,
    actorName: e.actor_name,
    actorUnitName: e.actor_unit_name,
    holderUnitName: e.holder_unit_name,
    text: e.text,
    detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
    at: iso(e.at)!,
  }));
}

export function presentDetail(
  r: ProblemRow,
  events: EventRow[],
  coUnits: Awaited<ReturnType<typeof coUnitsOf>>,
  files: Awaited<ReturnType<typeof attachmentsOf>>,
  can: ProblemDetail['can'],
  now: Date,
  today: string,
): ProblemDetail {
  return {
    ...presentSummary(r, today),
    description: r.description,
    version: r.version,
    coUnits,
    events: presentEvents(events),
    attachments: files.map((f) => ({ id: f.id, fileName: f.file_name, size: f.size, uploadedAt: iso(f.uploaded_at)!, eventId: f.event_id })),
    holdings: holdingsOf(events, now),
    can,
  };
}

export function presentAgenda(rows: ProblemRow[], events: EventRow[], now: Date, today: string): AgendaItem[] {
  const byProblem = new Map<number, EventRow[]>();
  for (const e of events) byProblem.set(e.problem_id, [...(byProblem.get(e.problem_id) ?? []), e]);
  return rows.map((r) => {
    const mine = byProblem.get(r.id) ?? [];
    return {
      ...presentSummary(r, today),
      daysOverdue: r.due_date ? Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.due_date}T00:00:00Z`)) / DAY_MS)) : 0,
      holdings: holdingsOf(mine, now),
      decisions: mine.filter((e) => e.kind === 'decision').map((e) => ({ text: e.text ?? '', meetingDate: (e.detail ? (JSON.parse(e.detail) as { meetingDate?: string | null }).meetingDate : null) ?? null, at: iso(e.at)! })),
    };
  });
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/**
 * The department scorecard of a year: every department × every month up to `today`'s (zeros
 * included — a department that received nothing is news too). Months are China-time.
 *  - received: assigned to it as lead that month; closed: closed that month;
 *  - median days from 交办 to 销号 of those closed; satisfaction: their mean rating;
 *  - overdue rate: of those due that month, the share answered after the deadline or still held
 *    past it, %; returned: answers of its sent back that month.
 */
export function scorecard(year_: number, departments: { id: number; name: string }[], facts: Awaited<ReturnType<typeof scorecardFacts>>, today: string): { items: ScorecardRow[]; totals: ScorecardRow[] } {
  const lastMonth = Number(today.slice(0, 4)) > year_ ? 12 : Number(today.slice(0, 4)) < year_ ? 0 : Number(today.slice(5, 7));
  const key = (unitId: number, month: string) => `${unitId}|${month}`;
  type Acc = { received: number; closed: number; days: number[]; ratings: number[]; due: number; late: number; returned: number };
  const acc = new Map<string, Acc>();
  const get = (unitId: number, month: string) => {
    const k = key(unitId, month);
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { received: 0, closed: 0, days: [], ratings: [], due: 0, late: 0, returned: 0 }));
    return a;
  };
  const inYear = (day: string | null) => !!day && day.startsWith(`${year_}-`);
  for (const f of facts.handled) {
    if (f.lead_unit_id === null) continue;
    if (f.assigned_at && inYear(chinaDay(f.assigned_at))) get(f.lead_unit_id, chinaDay(f.assigned_at).slice(0, 7)).received++;
    if (f.closed_at && inYear(chinaDay(f.closed_at))) {
      const a = get(f.lead_unit_id, chinaDay(f.closed_at).slice(0, 7));
      a.closed++;
      if (f.assigned_at) a.days.push((Date.parse(String(iso(f.closed_at))) - Date.parse(String(iso(f.assigned_at)))) / DAY_MS);
      if (f.rating) a.ratings.push(f.rating);
    }
    if (inYear(f.due_date) && f.due_date! <= today) {
      const a = get(f.lead_unit_id, f.due_date!.slice(0, 7));
      a.due++;
      const answeredLate = !!f.answered_at && chinaDay(f.answered_at) > f.due_date!;
      const heldPast = (f.status === 'assigned' || f.status === 'returned') && today > f.due_date!;
      if (answeredLate || heldPast) a.late++;
    }
  }
  for (const r of facts.returns) if (r.lead_unit_id !== null) get(r.lead_unit_id, chinaDay(r.at).slice(0, 7)).returned++;
  const row = (d: { id: number; name: string }, month: string, a: Acc | undefined): ScorecardRow => ({
    unitId: d.id,
    unitName: d.name,
    month,
    received: a?.received ?? 0,
    closed: a?.closed ?? 0,
    medianDaysToClose: a ? median(a.days) : null,
    due: a?.due ?? 0,
    late: a?.late ?? 0,
    overdueRate: a && a.due ? Math.round((a.late / a.due) * 1000) / 10 : null,
    satisfaction: a && a.ratings.length ? Math.round((a.ratings.reduce((s, x) => s + x, 0) / a.ratings.length) * 100) / 100 : null,
    returned: a?.returned ?? 0,
  });
  const items: ScorecardRow[] = [];
  const totals: ScorecardRow[] = [];
  for (const d of departments) {
    // The year's figures from the problems themselves (a median of months is not the year's median).
    const year: Acc = { received: 0, closed: 0, days: [], ratings: [], due: 0, late: 0, returned: 0 };
    for (let m = 1; m <= lastMonth; m++) {
      const month = `${year_}-${String(m).padStart(2, '0')}`;
      const a = acc.get(key(d.id, month));
      items.push(row(d, month, a));
      if (!a) continue;
      year.received += a.received;
      year.closed += a.closed;
      year.days.push(...a.days);
      year.ratings.push(...a.ratings);
      year.due += a.due;
      year.late += a.late;
      year.returned += a.returned;
    }
    totals.push(row(d, String(year_), year));
  }
  return { items, totals };
}
