/** The project lifecycle of domain.md, in order. Stage codes are stable; labels live in i18n. */
export const STAGES = ['lead', 'negotiating', 'signed', 'registered', 'land', 'started', 'statistics', 'completed', 'producing', 'capacity', 'returns'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS_ZH: Record<Stage, string> = {
  lead: '线索',
  negotiating: '在谈',
  signed: '签约',
  registered: '注册',
  land: '供地',
  started: '开工',
  statistics: '入库',
  completed: '竣工',
  producing: '投产',
  capacity: '达产',
  returns: '达效',
};

export const PROJECT_STATUSES = ['normal', 'suspended', 'terminated'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const CHAIN_ROLES = ['strengthen', 'extend', 'fill'] as const; // 强链 / 延链 / 补链
export const NATURES = ['new', 'expansion', 'renovation'] as const; // 新建 / 扩建 / 技改
export const CATEGORIES = ['industrial', 'service', 'infrastructure', 'other'] as const; // 产业类 / 服务业 / 基础设施 / 其他
export const INVESTOR_TAGS = ['世界500强', '央企', '国企', '上市公司', '头部企业', '专精特新小巨人', '隐形冠军', '高新技术企业', '瞪羚企业'] as const;

/** 亿元以上: domestic ≥ 1亿元 (10,000万元), or foreign ≥ 1000万美元 (counting rule v1). */
export const ABOVE_100M_YUAN = 100_000_000;
export const ABOVE_10M_USD = 10_000_000;

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
