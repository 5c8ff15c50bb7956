/** Lead statuses of issue #3, in the order a lead usually moves. Labels live in i18n. */
export const LEAD_STATUSES = ['new', 'following', 'negotiating', 'signed', 'transferred', 'abandoned', 'merged'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** A lead in one of these is closed: no deadlines, no conflict with later registrations. */
export const CLOSED_LEAD_STATUSES: readonly LeadStatus[] = ['signed', 'transferred', 'abandoned', 'merged'];

export const LEAD_SOURCES = ['office_suzhou', 'office_shanghai', 'office_nanjing', 'business_referral', 'agency', 'expo', 'entrepreneur_network', 'superior', 'other'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
export const LEAD_SOURCE_LABELS_ZH: Record<LeadSource, string> = {
  office_suzhou: '驻点招商（苏州）',
  office_shanghai: '驻点招商（上海）',
  office_nanjing: '驻点招商（南京）',
  business_referral: '以商招商',
  agency: '中介机构',
  expo: '展会',
  entrepreneur_network: '企业家朋友圈',
  superior: '上级推送',
  other: '其他',
};

/** Follow-up records; the first three each meet one service deadline, progress keeps the lead alive. */
export const FOLLOWUP_KINDS = ['respond', 'assess', 'feedback', 'progress'] as const;
export type FollowupKind = (typeof FOLLOWUP_KINDS)[number];

export const ACTIVITY_TYPES = ['visit', 'reception', 'negotiation', 'inspection', 'signing'] as const; // 走访 接待 洽谈 考察 签约仪式
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ARBITRATION_DECISIONS = ['confirm', 'split', 'merge', 'transfer'] as const;
export type ArbitrationDecision = (typeof ARBITRATION_DECISIONS)[number];

export const HANDOFF_STATES = ['pending', 'accepted', 'declined', 'escalated'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];

/** Each service deadline is met by the follow-up of the same kind. */
export const DEADLINE_KINDS = FOLLOWUP_KINDS;
export type DeadlineKind = FollowupKind;
