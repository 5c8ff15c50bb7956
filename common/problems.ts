/** Problems (问题协调) and 一门帮办: codes shared by server and web; labels live in i18n. */
export const PROBLEM_CATEGORIES = ['land', 'labour', 'permit', 'finance', 'power', 'environment', 'other'] as const; // 土地 用工 手续审批 融资 用电用能 环保 其他
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** raised → assigned → answered → closed, or answered → returned → answered again. */
export const PROBLEM_STATUSES = ['raised', 'assigned', 'answered', 'returned', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
/** Statuses in which a department holds the problem and its deadline runs. */
export const PROBLEM_WITH_HANDLER: readonly ProblemStatus[] = ['assigned', 'returned'];

export const PROBLEM_EVENT_KINDS = ['raised', 'assigned', 'answered', 'returned', 'closed', 'reminded', 'escalated', 'decision', 'attachment', 'bank_reply'] as const;
export type ProblemEventKind = (typeof PROBLEM_EVENT_KINDS)[number];

/** The setting that holds each category's handling deadline, in days (common/settings.ts). */
export const PROBLEM_DEADLINE_SETTING = {
  land: 'problemDaysLand',
  labour: 'problemDaysLabour',
  permit: 'problemDaysPermit',
  finance: 'problemDaysFinance',
  power: 'problemDaysPower',
  environment: 'problemDaysEnvironment',
  other: 'problemDaysOther',
} as const satisfies Record<ProblemCategory, string>;

/** Evidence of a milestone an enterprise uploads (营业执照, 施工许可证, 开工照片, other), and its review. */
export const EVIDENCE_KINDS = ['license', 'permit', 'photo', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];
