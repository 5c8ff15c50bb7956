/**
 * Company-name matching for 防撞车 (domain.md, "Leads and ownership"): the same company is
 * written many ways — 江苏恒顺醋业股份有限公司, 恒顺醋业（江苏）有限公司, ＨＥＮＧＳＨＵＮ… — and two
 * different companies can share a brand after their region (上海电气 vs 南京电气).
 *
 * A name splits into a leading region (kept aside, so that 上海电气 and 南京电气 do not collapse
 * into one 电气) and a core: without parenthesised regions, legal-form suffixes, spaces, and with
 * full-width forms folded. Two names are the same company when their cores are equal and their
 * regions do not contradict each other (one absent, equal, or a city inside the other's province).
 * Near names are scored by the Dice coefficient of character bigrams of the cores.
 */

/** Provinces (short forms) and the cities investors most often come from, with their province. */
const PROVINCES = ['北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门'];
const CITIES: Record<string, string> = {
  镇江: '江苏', 南京: '江苏', 苏州: '江苏', 无锡: '江苏', 常州: '江苏', 扬州: '江苏', 南通: '江苏', 泰州: '江苏', 盐城: '江苏', 淮安: '江苏', 徐州: '江苏', 连云港: '江苏', 宿迁: '江苏',
  丹阳: '江苏', 句容: '江苏', 扬中: '江苏', 昆山: '江苏', 江阴: '江苏', 常熟: '江苏', 张家港: '江苏',
  杭州: '浙江', 宁波: '浙江', 温州: '浙江', 嘉兴: '浙江', 绍兴: '浙江', 合肥: '安徽', 芜湖: '安徽', 深圳: '广东', 广州: '广东', 东莞: '广东', 佛山: '广东',
  青岛: '山东', 济南: '山东', 武汉: '湖北', 长沙: '湖南', 成都: '四川', 西安: '陕西', 厦门: '福建', 福州: '福建', 郑州: '河南', 沈阳: '辽宁', 大连: '辽宁',
};
const COUNTRY = ['中国', '中华'];
/** Longest first, so 黑龙江 is taken before a shorter name could match. */
const REGION_WORDS = [...PROVINCES, ...Object.keys(CITIES), ...COUNTRY].sort((a, b) => b.length - a.length);
const REGION_SUFFIX = /^(省|市|自治区|特别行政区|县|区)/;

/** Legal-form and organisation suffixes, stripped repeatedly from the end, longest first. */
const LEGAL_FORMS = ['股份有限公司', '有限责任公司', '集团有限公司', '集团股份有限公司', '有限公司', '股份公司', '集团公司', '总公司', '公司', '集团', 'corporation', 'company', 'limited', 'co.,ltd.', 'co.,ltd', 'co.ltd', 'ltd.', 'ltd', 'inc.', 'inc', 'corp.', 'corp', 'group', 'co.', 'co'].sort((a, b) => b.length - a.length);

export interface NormalisedName {
  /** The company without region, legal form, brackets or spaces: what equality is decided on. */
  core: string;
  /** The leading region, as a province (江苏) or a city (苏州); null when the name has none. */
  region: string | null;
}

function regionAt(text: string): { word: string; length: number } | null {
  for (const word of REGION_WORDS) {
    if (!text.startsWith(word)) continue;
    const suffix = REGION_SUFFIX.exec(text.slice(word.length));
    return { word, length: word.length + (suffix ? suffix[0].length : 0) };
  }
  return null;
}

function isRegionText(text: string): boolean {
  let rest = text;
  let found = false;
  for (let r = regionAt(rest); r; r = regionAt(rest)) {
    rest = rest.slice(r.length);
    found = true;
  }
  return found && rest.length === 0;
}

export function normaliseCompanyName(raw: string): NormalisedName {
  // NFKC folds full-width letters, digits, brackets and spaces to their half-width forms.
  let text = raw.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[【[]/g, '(').replace(/[】\]]/g, ')');
  // Parenthesised regions (（江苏）, (中国), (镇江)) go; other brackets lose only the brackets.
  text = text.replace(/\(([^()]*)\)/g, (_, inner: string) => (isRegionText(inner) ? '' : inner));
  text = text.replace(/[()·.,，、\-_'"“”]/g, (m) => (m === '.' || m === ',' ? m : ''));
  let region: string | null = null;
  // Leading regions: 江苏镇江xx → region 镇江 (the most precise one), core xx. Never strip to nothing.
  for (let r = regionAt(text); r && text.length - r.length >= 2; r = regionAt(text)) {
    if (!COUNTRY.includes(r.word)) region = r.word;
    text = text.slice(r.length);
  }
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const form of LEGAL_FORMS) {
      if (text.endsWith(form) && text.length - form.length >= 2) {
        text = text.slice(0, -form.length).replace(/[.,]+$/, '');
        stripped = true;
        break;
      }
    }
  }
  return { core: text.replace(/[.,]/g, ''), region };
}

function provinceOf(region: string): string {
  return CITIES[region] ?? region;
}

/** Regions contradict when both are known and neither lies within the other. */
export function regionsCompatible(a: string | null, b: string | null): boolean {
  if (!a || !b || a === b) return true;
  if (CITIES[a] && CITIES[b]) return false;
  return provinceOf(a) === provinceOf(b);
}

export function sameCompany(a: NormalisedName, b: NormalisedName): boolean {
  return a.core === b.core && a.core.length > 0 && regionsCompatible(a.region, b.region);
}

export function bigrams(text: string): string[] {
  const chars = [...text];
  if (chars.length < 2) return chars.length ? [chars[0]!] : [];
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Words of a trade (行业) that end a company's core after its brand (字号): 宁德时代｜新能源科技,
 * 航晟｜智能科技. Two different companies of one trade share them, so they weigh little when near
 * names are scored; the brand is what tells companies apart.
 */
const TRADE_WORDS = [
  '新能源', '能源', '新材料', '材料', '复合材料', '碳纤维', '科技', '技术', '智能', '装备', '制造', '电子', '电气', '电器', '机械', '精密', '汽车', '零部件', '部件', '配件',
  '医药', '生物', '医疗', '器械', '化工', '化学', '环保', '环境', '信息', '网络', '软件', '数据', '数字', '光电', '光伏', '半导体', '集成电路', '通信', '自动化', '机器人',
  '实业', '投资', '控股', '贸易', '发展', '工业', '产业', '动力', '设备', '工程', '建设', '食品', '纺织', '服装', '物流', '供应链', '船舶', '海洋', '航空', '航天',
  '电池', '储能', '新能', '股份', '国际', '中国', '创新', '应用', '系统', '服务', '管理', '咨询', '开发', '研究',
].sort((a, b) => b.length - a.length);

/** Where the trade words at the end of a core begin (the core's length when none), leaving a brand of two characters or more. */
export function tradeStart(core: string): number {
  const chars = [...core];
  let end = chars.length;
  for (let found = true; found; ) {
    found = false;
    const head = chars.slice(0, end).join('');
    for (const word of TRADE_WORDS) {
      if (head.endsWith(word) && end - [...word].length >= 2) {
        end -= [...word].length;
        found = true;
        break;
      }
    }
  }
  return end;
}

/** A bigram of the brand weighs 1, one that straddles brand and trade ½, one inside the trade words ¼. */
function weightedBigrams(core: string): { gram: string; weight: number }[] {
  const tail = tradeStart(core);
  return bigrams(core).map((gram, i) => ({ gram, weight: i + 1 < tail ? 1 : i < tail ? 0.5 : 0.25 }));
}

/**
 * Dice coefficient of the two cores' bigram multisets, each bigram weighed by where it stands (the
 * brand counts, the trade words barely), 0…1; contradicting regions halve it. 宁德时代新能源科技 and
 * 某新能源科技 share only trade words: 0.24 (the plain Dice gave 0.62 and showed them as near names).
 */
export function nameSimilarity(a: NormalisedName, b: NormalisedName): number {
  const left = weightedBigrams(a.core);
  const right = weightedBigrams(b.core);
  if (!left.length || !right.length) return 0;
  const unmatched = new Map<string, number[]>();
  for (const g of left) unmatched.set(g.gram, [...(unmatched.get(g.gram) ?? []), g.weight]);
  let shared = 0;
  for (const g of right) {
    const waiting = unmatched.get(g.gram);
    if (waiting?.length) shared += waiting.shift()! + g.weight;
  }
  const total = left.reduce((s, g) => s + g.weight, 0) + right.reduce((s, g) => s + g.weight, 0);
  const dice = shared / total;
  return regionsCompatible(a.region, b.region) ? dice : dice / 2;
}

/** Near names at or above this score are shown as candidates before saving. */
export const NEAR_NAME_THRESHOLD = 0.6;

/** The stored matching key of a name: the core, with the region beside it for the compatibility check. */
export function companyKey(name: string | null | undefined): { key: string | null; region: string | null } {
  if (!name?.trim()) return { key: null, region: null };
  const n = normaliseCompanyName(name);
  return { key: n.core.slice(0, 200) || null, region: n.region };
}

/** What ends a full company name as people register it: a legal form or an organisation kind. */
const FULL_NAME_ENDINGS = [...LEGAL_FORMS, '厂', '合伙企业', '研究院', '研究所', '中心', '事务所', '合作社'];

/**
 * Whether a typed text is plausibly a company's full name (a core of two or more characters
 * followed by a legal form): what near-name suggestions need, so a fragment such as 汽车部件
 * cannot be used to fish for other units' companies.
 */
export function isPlausibleCompanyName(raw: string): boolean {
  const text = raw.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const ending = FULL_NAME_ENDINGS.find((form) => text.endsWith(form));
  return !!ending && normaliseCompanyName(raw).core.length >= 2 && text.length - ending.length >= 2;
}

/**
 * Another unit's company name as a candidate may show it: only the characters it shares with what
 * the person typed, the rest masked — enough to recognise one's own company, nothing more.
 */
export function maskToTyped(name: string, typed: string): string {
  const known = new Set([...typed.normalize('NFKC')]);
  return [...name].map((ch) => (known.has(ch) || known.has(ch.normalize('NFKC')) ? ch : '＊')).join('');
}
