/**
 * The vocabulary of the demo campaign: the demo's units with what each is known for, the
 * products of each chain (四群八链 and the future areas), company-name parts and the phrases
 * of monthly reports. Data only; campaign-plan.ts draws from it.
 */

export interface CampaignUnit {
  code: string;
  /** Project-code letters (XM2026XQ201): a park or street uses its district's. */
  abbr: string;
  kind: 'zone' | 'district' | 'park' | 'street';
  /** Relative share of the city's projects. */
  weight: number;
  /** The chains the unit's projects mostly belong to ('' : no chain). */
  chains: string[];
  /** The demo user who files and raises for the unit (its district's when it has none). */
  user: string;
}

export const CAMPAIGN_UNITS: CampaignUnit[] = [
  { code: 'ZJXQ', abbr: 'XQ', kind: 'zone', weight: 16, chains: ['advanced-materials', 'marine-equipment', 'auto-parts', 'energy-storage', 'aerospace'], user: 'xinqu' },
  { code: 'ZJXQ-XCL', abbr: 'XQ', kind: 'park', weight: 7, chains: ['advanced-materials', 'energy-storage', 'advanced-materials'], user: 'xcl' },
  { code: 'ZJXQ-DG', abbr: 'XQ', kind: 'street', weight: 3, chains: ['advanced-materials', 'marine-equipment', ''], user: 'dagang' },
  { code: 'ZJGXQ', abbr: 'GX', kind: 'zone', weight: 11, chains: ['aerospace', 'next-gen-it', 'medical-biopharma', 'low-altitude', 'ai'], user: 'gaoxin' },
  { code: 'ZJGXQ-JQ', abbr: 'GX', kind: 'street', weight: 3, chains: ['next-gen-it', 'medical-biopharma', ''], user: 'jqjd' },
  { code: '321102', abbr: 'JK', kind: 'district', weight: 8, chains: ['power-equipment', 'medical-biopharma', 'next-gen-it'], user: 'jingkou' },
  { code: '321102-KFQ', abbr: 'JK', kind: 'park', weight: 6, chains: ['power-equipment', 'medical-biopharma'], user: 'jingkou' },
  { code: '321102-JKL', abbr: 'JK', kind: 'street', weight: 2, chains: ['next-gen-it', ''], user: 'jkjd' },
  { code: '321102-DM', abbr: 'JK', kind: 'street', weight: 2, chains: ['next-gen-it', 'medical-biopharma', ''], user: 'dingmao' },
  { code: '321111', abbr: 'RZ', kind: 'district', weight: 6, chains: ['next-gen-it', 'ai', 'low-altitude', ''], user: 'fagai' },
  { code: '321112', abbr: 'DT', kind: 'district', weight: 7, chains: ['agri-machinery', 'advanced-materials', 'hydrogen'], user: 'fagai' },
  { code: '321181', abbr: 'DY', kind: 'district', weight: 10, chains: ['auto-parts', 'auto-parts', 'advanced-materials', ''], user: 'fagai' },
  { code: '321182', abbr: 'YZ', kind: 'district', weight: 8, chains: ['power-equipment', 'energy-storage', 'marine-equipment'], user: 'fagai' },
  { code: '321183', abbr: 'JR', kind: 'district', weight: 7, chains: ['hydrogen', 'agri-machinery', 'energy-storage', ''], user: 'fagai' },
];

/** Products per chain: [name, yearly-output unit, typical yearly output] (no unit: not named "年产…"). */
export const PRODUCTS: Record<string, [string, string?, number?][]> = {
  'power-equipment': [['智能电网成套装备', '台套', 5000], ['高压开关柜', '台', 20000], ['特高压变压器', '台', 300], ['电力电子器件'], ['智能电表', '万只', 500], ['输配电设备'], ['光伏逆变器', 'GW', 10], ['储能变流器', 'GW', 5]],
  'auto-parts': [['新能源汽车电驱系统', '万套', 50], ['汽车智能座舱电子', '万套', 80], ['动力电池结构件', '万套', 200], ['汽车轻量化铝合金部件', '万件', 300], ['汽车灯具', '万套', 150], ['线控底盘系统'], ['车规级传感器', '万只', 1000], ['汽车精密轴承', '万套', 500]],
  aerospace: [['航空复合材料构件'], ['航空发动机叶片', '万片', 10], ['机载电子设备'], ['通用飞机整机', '架', 100], ['航空紧固件', '万件', 2000], ['卫星通信终端', '万台', 20]],
  'marine-equipment': [['船用低速柴油机', '台', 120], ['深远海养殖装备'], ['海工钢结构', '万吨', 10], ['船舶配套设备'], ['海上风电安装装备'], ['船用甲板机械', '台套', 800]],
  'agri-machinery': [['智能收获机械', '台', 5000], ['大马力拖拉机', '台', 3000], ['植保无人机', '万架', 2], ['农机关键零部件', '万件', 100], ['智能灌溉设备']],
  'advanced-materials': [['高性能碳纤维', '吨', 6000], ['芳纶新材料', '吨', 5000], ['高端功能膜材料', '万平方米', 8000], ['电子级化学品', '万吨', 5], ['特种合金材料', '吨', 20000], ['半导体封装材料'], ['高性能工程塑料', '万吨', 10], ['锂电池隔膜', '亿平方米', 6]],
  'next-gen-it': [['工业互联网平台'], ['5G通信模组', '万片', 3000], ['集成电路封装测试'], ['智能传感器', '万只', 5000], ['服务器及存储设备', '万台', 20], ['光通信器件', '万只', 1000], ['数据中心']],
  'medical-biopharma': [['高端医疗影像设备', '台', 1000], ['体外诊断试剂', '万人份', 5000], ['生物制药原料药', '吨', 200], ['医用高值耗材'], ['创新药研发生产'], ['康复医疗器械']],
  ai: [['人工智能算力中心'], ['工业机器人', '台', 5000], ['机器视觉系统'], ['工业软件研发中心']],
  'low-altitude': [['无人机整机', '架', 3000], ['电动垂直起降飞行器'], ['低空飞行服务保障基地']],
  'energy-storage': [['储能电池系统', 'GWh', 10], ['钠离子电池', 'GWh', 5], ['储能集成系统'], ['液流电池', 'MWh', 500]],
  hydrogen: [['氢燃料电池电堆', '万套', 2], ['电解水制氢装备', '台套', 500], ['车载储氢瓶', '万只', 10], ['加氢站成套设备', '套', 200]],
  '': [['现代物流园'], ['冷链仓储中心'], ['光学镜片', '万副', 3000], ['五金工具', '万件', 2000], ['食品精深加工'], ['精密模具', '套', 3000], ['总部经济大楼'], ['文旅综合体']],
};

/** The trade of an investor in a product of no chain. */
export const NO_CHAIN_TRADES: Record<string, string[]> = {
  现代物流园: ['物流', '供应链管理'],
  冷链仓储中心: ['冷链物流', '农业发展'],
  光学镜片: ['光学', '眼镜'],
  五金工具: ['五金工具', '工具'],
  食品精深加工: ['食品', '农业科技'],
  精密模具: ['模具', '精密机械'],
  总部经济大楼: ['实业', '投资发展'],
  文旅综合体: ['文旅发展', '文化旅游'],
};

/** Products of no chain that are services or buildings, not factories. */
export const SERVICE_PRODUCTS = new Set(['现代物流园', '冷链仓储中心', '总部经济大楼', '文旅综合体']);

/** Trade words of an investor's name per chain (the part after its 字号). */
export const TRADES: Record<string, string[]> = {
  'power-equipment': ['电气', '电力科技', '智能电气'],
  'auto-parts': ['汽车部件', '汽车电子', '新能源科技'],
  aerospace: ['航空科技', '航空装备'],
  'marine-equipment': ['海洋工程', '船舶配套', '重工'],
  'agri-machinery': ['农业装备', '农机科技'],
  'advanced-materials': ['新材料', '化工新材料', '复合材料'],
  'next-gen-it': ['信息技术', '电子科技', '通信技术', '数字科技'],
  'medical-biopharma': ['生物医药', '医疗器械', '医疗科技', '药业'],
  ai: ['智能科技', '机器人'],
  'low-altitude': ['飞行器', '无人机'],
  'energy-storage': ['储能科技', '新能源'],
  hydrogen: ['氢能科技', '能源装备'],
};

/** Made-up 字号 (trade names): none of them a real company's. */
export const BRANDS = ['华瑞', '源达', '科鑫', '航晟', '博源', '恒鑫', '正达', '鑫晟', '润科', '泰晟', '华通', '瑞科', '达锐', '中科', '长江', '金港', '海容', '弘毅', '宏图', '嘉禾', '新宇', '启明', '永盛', '蓝海', '星辰', '安泰', '凯瑞', '德润', '精研', '恒通', '鼎盛', '聚力', '中源', '华辰', '睿航', '越洋', '国科', '通达', '宝丰', '立信', '云帆', '瀚海', '锦程', '皓月', '东睿', '卓越', '九州', '祥和'];
export const HOMES = ['江苏', '上海', '浙江', '苏州', '无锡', '常州', '南京', '深圳', '北京', '安徽', '山东', '广东', '镇江'];
export const FORMS = ['有限公司', '股份有限公司', '集团有限公司'];
export const FOREIGN_HOMES = ['德国', '日本', '韩国', '新加坡', '美国', '中国香港'];
export const LEADERS = ['王建国', '李志明', '张华', '陈志强', '刘卫东'];
export const SUSPEND_REASONS = ['企业资金链紧张，项目暂缓建设', '受市场行情影响，企业调整投资节奏', '规划条件调整，等待重新审批'];
export const TERMINATE_REASONS = ['企业战略调整，终止在镇投资', '投资方未按约定履约，解除投资协议'];

/** 形象进度 by where construction stands in the month. */
export const PROGRESS = {
  preparing: ['前期手续办理中，推进立项、环评、能评审批', '办理规划许可和施工图审查', '土地摘牌完成，开展场地平整和施工准备'],
  early: ['桩基及基础工程施工', '土方开挖，基础施工', '临设搭建完成，主体基础施工'],
  middle: ['主体结构施工', '钢结构厂房吊装', '厂房主体封顶，开展内部装修', '综合楼主体施工，厂房屋面施工'],
  late: ['设备安装调试', '生产线安装，配套工程施工', '洁净车间装修及设备进场'],
  done: ['竣工验收，开展试生产', '试生产，产能逐步释放'],
};
export const NEXT_STEPS = ['加快施工进度，确保完成年度投资计划', '推进设备进场安装', '抓紧办理施工许可，力争早日开工', '协调解决用工和材料供应问题', '做好竣工验收准备'];
export const REPORTED_PROBLEMS = ['施工用工紧张，需协调劳务保障', '关键设备到货延迟', '施工许可尚在办理', '企业资金到位滞后', '供电接入工程未完成'];
