/**
 * FROZEN for migration 0008: the company-name key exactly as `modules/leads/names.ts` computed it
 * on the day 0008 was written (commit e4ab115). A migration must keep computing what it computed
 * then, whatever the live normalisation (now platform/company-names.ts) becomes; never import
 * this file from live code, and never edit it — write a new migration to re-key instead.
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

function normaliseCompanyName(raw: string): NormalisedName {
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

/** Regions contradict when both are known and neither lies within the other. */

interface NormalisedName {
  core: string;
  region: string | null;
}

/** The stored matching key of a name: the core, with the region beside it for the compatibility check. */
export function companyKey0008(name: string | null | undefined): { key: string | null; region: string | null } {
  if (!name?.trim()) return { key: null, region: null };
  const n = normaliseCompanyName(name);
  return { key: n.core.slice(0, 200) || null, region: n.region };
}
