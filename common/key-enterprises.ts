/** The enterprise registry and the 金链行动: codes shared by server and web; labels live in i18n. */
export const CHAIN_SEGMENTS = ['upstream', 'midstream', 'downstream'] as const; // 上游 中游 下游
export type ChainSegment = (typeof CHAIN_SEGMENTS)[number];
export const CHAIN_ROLES = ['strengthen', 'extend', 'fill'] as const; // 强链 延链 补链
export type ChainRole = (typeof CHAIN_ROLES)[number];
/** Tags of the city's lists (世界500强, 央企, 上市, 专精特新, 小巨人, 瞪羚, 独角兽, 高新技术, 链主). */
export const ENTERPRISE_TAGS = ['fortune500', 'central_soe', 'listed', 'specialised', 'little_giant', 'gazelle', 'unicorn', 'high_tech', 'chain_leader'] as const;
export type EnterpriseTag = (typeof ENTERPRISE_TAGS)[number];
export const CREDIT_MOVES = ['drawn', 'repaid'] as const;
export type CreditMove = (typeof CREDIT_MOVES)[number];

/** The words the city's sheets use for each tag, segment and role (import), in the order they are tried. */
export const TAG_WORDS: Record<EnterpriseTag, RegExp> = {
  fortune500: /世界500强|世界五百强|财富500强/,
  central_soe: /央企|中央企业/,
  listed: /上市/,
  little_giant: /小巨人/,
  specialised: /专精特新/,
  gazelle: /瞪羚/,
  unicorn: /独角兽/,
  high_tech: /高新技术|高企/,
  chain_leader: /链主/,
};
export const SEGMENT_WORDS: Record<ChainSegment, RegExp> = { upstream: /上游/, midstream: /中游/, downstream: /下游/ };
export const ROLE_WORDS: Record<ChainRole, RegExp> = { strengthen: /强链/, extend: /延链/, fill: /补链/ };
