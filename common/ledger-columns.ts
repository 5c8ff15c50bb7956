/**
 * The columns the project and lead lists show, and the set each kind of desk starts from: the
 * page's column chooser and the server's export (without `columns`) use the same defaults.
 */
const LOCAL_UNIT_KINDS = ['district', 'zone', 'park', 'street'];

/** Whether a person works for a district, zone, park or street (their own projects, not the city's). */
export function isLocalDesk(unitKind: string | null | undefined, roleCodes: readonly string[]): boolean {
  if (unitKind && LOCAL_UNIT_KINDS.includes(unitKind)) return true;
  return roleCodes.some((r) => r === 'district' || r === 'street');
}

export const PROJECT_LIST_COLUMNS = ['code', 'name', 'investorName', 'hostUnitName', 'chainName', 'stage', 'status', 'totalInvestmentWan', 'signedDate', 'startedDate', 'leaderName'] as const;

/**
 * What fits beside the menu at 1366 without scrolling: a district officer reads its own projects
 * by investor; the city reads them by unit.
 */
export function defaultProjectColumns(local: boolean): string[] {
  return local ? ['name', 'investorName', 'chainName', 'stage', 'totalInvestmentWan', 'signedDate', 'startedDate', 'leaderName'] : ['name', 'hostUnitName', 'chainName', 'stage', 'status', 'totalInvestmentWan', 'signedDate', 'startedDate', 'leaderName'];
}

/** Ledger columns the list does not show that an office sends upward with it, offered beside 导出. */
export const PROJECT_EXPORT_EXTRAS = ['investorUscc', 'plannedStart', 'plannedCompletion', 'plannedProduction', 'progressText'] as const;

export const LEAD_LIST_COLUMNS = ['code', 'title', 'enterpriseName', 'unitName', 'source', 'estimated', 'status', 'due', 'firstContactDate'] as const;

/** A district's own leads need no unit column; the city's do. */
export function defaultLeadColumns(local: boolean): string[] {
  return local ? ['title', 'enterpriseName', 'source', 'estimated', 'status', 'due', 'firstContactDate'] : ['title', 'enterpriseName', 'unitName', 'estimated', 'status', 'due', 'firstContactDate'];
}

export const LEAD_EXPORT_EXTRAS = ['uscc', 'chain', 'contactName', 'nextStep', 'nextStepDate'] as const;
