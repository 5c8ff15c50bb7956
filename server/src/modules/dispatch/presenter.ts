import type { DispatchPeriod, ReportRow } from '../../../../common/dispatch-api.js';
import type { LightLevel, WarningKind } from '../../../../common/dispatch.js';
import { unitsToWan } from '../../platform/money.js';
import { isLocked } from './service.js';

/** The one place that shapes dispatch rows for the API. */
export function presentPeriod(p: { period: string; year: number; month: number; deadline: string; locked_at: string | null; expected?: number; filed?: number; late?: number }, today: string): DispatchPeriod {
  return { period: p.period, year: p.year, month: p.month, deadline: p.deadline, locked: isLocked(p, today), expected: p.expected ?? 0, filed: p.filed ?? 0, late: p.late ?? 0 };
}

const wan = (v: number | string | null | undefined) => unitsToWan(v ?? null);
export const points = (centi: number | null | undefined) => (centi === null || centi === undefined ? null : centi / 100);

export function presentReportRow(
  r: {
    projectId: number;
    projectCode: string;
    projectName: string;
    investorName: string | null;
    unitId: number;
    unitName: string;
    totalYuan: number;
    planYuan: number | null;
    version: number | null;
    monthYuan: number | null;
    cumulativeYuan: number | null;
    progressText: string | null;
    nextSteps: string | null;
    problems: string | null;
    late: number | null;
    filedAt: string | null;
    correctionReason: string | null;
    previousCumulativeYuan: number | null;
    progressLevel: string | null;
    deviationCenti: number | null;
  },
  month: number,
): ReportRow {
  const filed = r.version !== null;
  const plan = r.planYuan === null ? null : Number(r.planYuan);
  const cumulative = r.cumulativeYuan === null ? null : Number(r.cumulativeYuan);
  // January starts the year from nothing; later months from the previous month's cumulative.
  const base = month === 1 ? 0 : r.previousCumulativeYuan === null ? null : Number(r.previousCumulativeYuan);
  const expected = filed && base !== null ? base + Number(r.monthYuan) : null;
  return {
    projectId: r.projectId,
    projectCode: r.projectCode,
    projectName: r.projectName,
    investorName: r.investorName,
    unitId: r.unitId,
    unitName: r.unitName,
    totalInvestmentWan: wan(r.totalYuan)!,
    planWan: wan(plan),
    filed,
    version: r.version,
    monthWan: wan(r.monthYuan),
    cumulativeWan: wan(cumulative),
    planSharePct: plan && cumulative !== null ? Math.round((cumulative * 1000) / plan) / 10 : null,
    progressText: r.progressText,
    nextSteps: r.nextSteps,
    problems: r.problems,
    late: !!r.late,
    filedAt: r.filedAt ? new Date(r.filedAt).toISOString() : null,
    correctionReason: r.correctionReason,
    consistency: expected !== null && expected !== cumulative ? { expectedCumulativeWan: wan(expected)! } : null,
    progressLevel: (r.progressLevel as LightLevel | null) ?? null,
    deviationPoints: points(r.deviationCenti),
  };
}

export function presentWarning(r: { projectId: number; projectCode: string; projectName: string; unitId: number; unitName: string; kind: string; level: string; rawLevel: string; deviationCenti: number | null; monthsLate: number | null; ruleVersion: number }) {
  return {
    projectId: r.projectId,
    projectCode: r.projectCode,
    projectName: r.projectName,
    unitId: r.unitId,
    unitName: r.unitName,
    kind: r.kind as WarningKind,
    level: r.level as 'yellow' | 'red',
    escalated: r.level !== r.rawLevel,
    deviationPoints: points(r.deviationCenti),
    monthsLate: r.monthsLate,
    ruleVersion: r.ruleVersion,
  };
}
