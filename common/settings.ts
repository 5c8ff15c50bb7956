/**
 * Configurable policies. Each key belongs to the administrator who may change it: security policy
 * to the security admin, platform settings to the system admin (三权分立).
 */
export interface SettingSpec {
  category: 'security' | 'system';
  kind: 'int' | 'text';
  default: number | string;
  min?: number;
  max?: number;
}

export const SETTINGS = {
  passwordExpiryDays: { category: 'security', kind: 'int', default: 90, min: 30, max: 365 },
  passwordHistoryCount: { category: 'security', kind: 'int', default: 5, min: 5, max: 24 },
  lockoutThreshold: { category: 'security', kind: 'int', default: 5, min: 3, max: 10 },
  lockoutMinutes: { category: 'security', kind: 'int', default: 30, min: 30, max: 1440 },
  idleTimeoutMinutes: { category: 'security', kind: 'int', default: 30, min: 5, max: 30 },
  adminIdleTimeoutMinutes: { category: 'security', kind: 'int', default: 15, min: 5, max: 15 },
  absoluteTimeoutHours: { category: 'security', kind: 'int', default: 12, min: 1, max: 12 },
  ipLoginFailureLimit: { category: 'security', kind: 'int', default: 20, min: 5, max: 200 },
  auditRetentionDays: { category: 'system', kind: 'int', default: 365, min: 184, max: 3650 },
  platformName: { category: 'system', kind: 'text', default: '镇江市项目攻坚平台' },
  // Lead service deadlines (Jiangmen's rule) and the hand-off answer window, in days.
  leadRespondDays: { category: 'system', kind: 'int', default: 1, min: 1, max: 10 },
  leadAssessDays: { category: 'system', kind: 'int', default: 3, min: 1, max: 30 },
  leadFeedbackDays: { category: 'system', kind: 'int', default: 7, min: 1, max: 60 },
  leadProgressDays: { category: 'system', kind: 'int', default: 14, min: 1, max: 90 },
  leadHandoffWorkingDays: { category: 'system', kind: 'int', default: 5, min: 1, max: 30 },
  // Monthly dispatch: the filing deadline (day of the next month), reminders before it, and how
  // long an approved late filing (补报) stays open, in days.
  dispatchDeadlineDay: { category: 'system', kind: 'int', default: 5, min: 1, max: 28 },
  dispatchReminderDays: { category: 'system', kind: 'int', default: 2, min: 1, max: 10 },
  dispatchLateGrantDays: { category: 'system', kind: 'int', default: 3, min: 1, max: 15 },
  // The 赛马榜 of a month is published on this day of the next one (after the dispatch deadline).
  rankingPublishDay: { category: 'system', kind: 'int', default: 10, min: 1, max: 28 },
  // Problems: the handling deadline of each category from 交办, in days, and the reminder before it.
  problemDaysLand: { category: 'system', kind: 'int', default: 30, min: 1, max: 180 },
  problemDaysLabour: { category: 'system', kind: 'int', default: 10, min: 1, max: 180 },
  problemDaysPermit: { category: 'system', kind: 'int', default: 15, min: 1, max: 180 },
  problemDaysFinance: { category: 'system', kind: 'int', default: 20, min: 1, max: 180 },
  problemDaysPower: { category: 'system', kind: 'int', default: 15, min: 1, max: 180 },
  problemDaysEnvironment: { category: 'system', kind: 'int', default: 20, min: 1, max: 180 },
  problemDaysOther: { category: 'system', kind: 'int', default: 15, min: 1, max: 180 },
  problemReminderDays: { category: 'system', kind: 'int', default: 3, min: 1, max: 30 },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: (typeof SETTINGS)[K]['default'] extends number ? number : string };

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  Object.entries(SETTINGS).map(([k, v]) => [k, v.default]),
) as Settings;
