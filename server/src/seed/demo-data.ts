import type { AdminKind, DataScopeKind, Permission, UnitKind } from '../../../common/permissions.js';

export interface UnitSeed {
  code: string;
  name: string;
  kind: UnitKind;
  children?: UnitSeed[];
}

/** Zhenjiang's organisation, as domain.md describes it. Data, not code: admins edit it later. */
export const ZHENJIANG: UnitSeed = {
  code: '321100',
  name: '镇江市',
  kind: 'city',
  children: [
    { code: 'ZJ-FGW', name: '市发改委', kind: 'department' },
    {
      code: 'ZJ-SWJ',
      name: '市商务局',
      kind: 'department',
      children: [
        { code: 'ZJ-SWJ-SZ', name: '驻苏州招商组', kind: 'resident_office' },
        { code: 'ZJ-SWJ-SH', name: '驻上海招商组', kind: 'resident_office' },
        { code: 'ZJ-SWJ-NJ', name: '驻南京招商组', kind: 'resident_office' },
      ],
    },
    { code: 'ZJ-GXJ', name: '市工信局', kind: 'department' },
    { code: 'ZJ-KJJ', name: '市科技局', kind: 'department' },
    { code: 'ZJ-ZGJ', name: '市自然资源和规划局', kind: 'department' },
    { code: 'ZJ-RSJ', name: '市人社局', kind: 'department' },
    { code: 'ZJ-SPJ', name: '市行政审批局', kind: 'department' },
    { code: 'ZJ-ZJJ', name: '市住建局', kind: 'department' },
    { code: 'ZJ-STHJJ', name: '市生态环境局', kind: 'department' },
    { code: 'ZJ-JRJ', name: '市地方金融监管局', kind: 'department' },
    {
      code: '321102',
      name: '京口区',
      kind: 'district',
      children: [
        { code: '321102-KFQ', name: '京口经济开发区', kind: 'park' },
        { code: '321102-JKL', name: '健康路街道', kind: 'street' },
        { code: '321102-DM', name: '丁卯街道', kind: 'street' },
      ],
    },
    { code: '321111', name: '润州区', kind: 'district' },
    { code: '321112', name: '丹徒区', kind: 'district' },
    { code: '321181', name: '丹阳市', kind: 'district' },
    { code: '321182', name: '扬中市', kind: 'district' },
    { code: '321183', name: '句容市', kind: 'district' },
    {
      code: 'ZJXQ',
      name: '镇江新区',
      kind: 'zone',
      children: [
        { code: 'ZJXQ-XCL', name: '新区新材料产业园', kind: 'park' },
        { code: 'ZJXQ-DG', name: '大港街道', kind: 'street' },
        { code: 'ZJXQ-QY-001', name: '江苏某新能源科技有限公司', kind: 'enterprise' },
      ],
    },
    { code: 'ZJGXQ', name: '镇江高新区', kind: 'zone', children: [{ code: 'ZJGXQ-JQ', name: '蒋乔街道', kind: 'street' }] },
    { code: 'BANK-ICBC', name: '工商银行镇江分行', kind: 'bank' },
    { code: 'BANK-BOC', name: '中国银行镇江分行', kind: 'bank' },
    { code: 'BANK-CCB', name: '建设银行镇江分行', kind: 'bank' },
  ],
};

export interface RoleSeed {
  code: string;
  name: string;
  nameEn: string;
  adminKind: AdminKind | null;
  dataScope: DataScopeKind;
  permissions: Permission[];
  description: string;
}

const READ_ALL: Permission[] = ['org:read', 'project:read', 'project:export', 'lead:read', 'dispatch:read', 'problem:read', 'target:read', 'dashboard:read', 'finance:read'];
const UNIT_WORK: Permission[] = ['org:read', 'project:read', 'project:write', 'project:import', 'project:export', 'lead:read', 'lead:write', 'dispatch:read', 'dispatch:write', 'problem:read', 'problem:write', 'enterprise:write', 'target:read', 'dashboard:read'];

/** Built-in roles: every instance has them, demo or not. */
export const BUILTIN_ROLES: RoleSeed[] = [
  { code: 'sys_admin', name: '系统管理员', nameEn: 'System administrator', adminKind: 'system', dataScope: 'all', permissions: ['system:unit:write', 'system:user:read', 'system:user:write', 'system:user:unmask', 'system:setting:write', 'org:read'], description: '账号、机构、系统设置' },
  { code: 'sec_admin', name: '安全管理员', nameEn: 'Security administrator', adminKind: 'security', dataScope: 'all', permissions: ['security:role:read', 'security:role:write', 'security:user-role:write', 'security:policy:write', 'org:read'], description: '角色、权限、安全策略' },
  { code: 'audit_admin', name: '审计管理员', nameEn: 'Audit administrator', adminKind: 'audit', dataScope: 'all', permissions: ['audit:read', 'audit:export'], description: '查阅与导出审计记录' },
  { code: 'city_leader', name: '市领导', nameEn: 'City leader', adminKind: null, dataScope: 'all', permissions: READ_ALL, description: '市领导、领导小组：阅览全市数据' },
  { code: 'commerce', name: '市商务局招商', nameEn: 'Commerce bureau (investment)', adminKind: null, dataScope: 'all', permissions: ['org:read', 'lead:read', 'lead:write', 'lead:arbitrate', 'project:read', 'target:read', 'target:write', 'dashboard:read'], description: '线索库、撞车仲裁、招引目标' },
  { code: 'ndrc', name: '市发改委重大项目', nameEn: 'Development & reform commission', adminKind: null, dataScope: 'all', permissions: ['org:read', 'project:read', 'project:write', 'project:export', 'chain:write', 'dispatch:read', 'dispatch:write', 'dispatch:manage', 'problem:read', 'problem:assign', 'target:read', 'dashboard:read'], description: '重大项目建设、月度调度、红黄绿灯、产业链目录' },
  { code: 'district', name: '区县/园区用户', nameEn: 'District / zone user', adminKind: null, dataScope: 'unit_and_below', permissions: UNIT_WORK, description: '本单位及下级单位的项目、线索、调度' },
  { code: 'street', name: '街道/镇用户', nameEn: 'Street / town user', adminKind: null, dataScope: 'unit', permissions: UNIT_WORK, description: '本街道（镇）的项目与企业服务' },
  { code: 'department', name: '职能部门用户', nameEn: 'Municipal department user', adminKind: null, dataScope: 'unit', permissions: ['org:read', 'project:read', 'problem:read', 'problem:handle'], description: '办理交办问题' },
  { code: 'bank', name: '银行用户', nameEn: 'Bank user', adminKind: null, dataScope: 'unit', permissions: ['org:read', 'finance:read', 'finance:write'], description: '金链行动：授信与贷款' },
  { code: 'chain_office', name: '链长办（产业链主管部门）', nameEn: 'Chain office', adminKind: null, dataScope: 'all', permissions: ['org:read', 'project:read', 'keylist:write'], description: '产业链重点企业清单、链图' },
  { code: 'finance_office', name: '地方金融监管', nameEn: 'Local financial regulator', adminKind: null, dataScope: 'all', permissions: ['org:read', 'finance:read', 'finance:manage'], description: '金链行动：银行挂链、授信贷款汇总、金融统计' },
  { code: 'enterprise', name: '企业联系人', nameEn: 'Enterprise contact', adminKind: null, dataScope: 'self', permissions: ['problem:read', 'problem:write'], description: '一门帮办：反映问题、跟踪办理' },
];

export interface AccountSeed {
  username: string;
  displayName: string;
  unitCode: string;
  roleCode: string;
  roleName: string;
  roleNameEn: string;
  unitName: string;
  phone: string;
  /** Shown on the demo login page. */
  listed: boolean;
}

function account(username: string, displayName: string, unitCode: string, unitName: string, roleCode: string, phone: string, listed = true): AccountSeed {
  const role = BUILTIN_ROLES.find((r) => r.code === roleCode);
  if (!role) throw new Error(`unknown role ${roleCode}`);
  return { username, displayName, unitCode, unitName, roleCode, roleName: role.name, roleNameEn: role.nameEn, phone, listed };
}

export const DEMO_PASSWORD = 'Gongjian@2026';

export const DEMO_ACCOUNTS: AccountSeed[] = [
  account('admin', '系统管理员', '321100', '镇江市', 'sys_admin', '13805110001'),
  account('secadmin', '安全管理员', '321100', '镇江市', 'sec_admin', '13805110002'),
  account('auditor', '审计管理员', '321100', '镇江市', 'audit_admin', '13805110003'),
  account('leader', '王建国', '321100', '镇江市', 'city_leader', '13805110004'),
  account('shangwu', '陈静', 'ZJ-SWJ', '市商务局', 'commerce', '13805110005'),
  account('fagai', '刘洋', 'ZJ-FGW', '市发改委', 'ndrc', '13805110006'),
  account('xinqu', '赵磊', 'ZJXQ', '镇江新区', 'district', '13805110007'),
  account('gaoxin', '孙悦', 'ZJGXQ', '镇江高新区', 'district', '13805110008'),
  account('jingkou', '周涛', '321102', '京口区', 'district', '13805110009'),
  account('jkjd', '吴敏', '321102-JKL', '健康路街道', 'street', '13805110010'),
  account('ziguiju', '郑华', 'ZJ-ZGJ', '市自然资源和规划局', 'department', '13805110011'),
  account('icbc', '钱峰', 'BANK-ICBC', '工商银行镇江分行', 'bank', '13805110012'),
  account('gongxin', '蒋文', 'ZJ-GXJ', '市工信局', 'chain_office', '13805110019'),
  account('jinrong', '许宁', 'ZJ-JRJ', '市地方金融监管局', 'finance_office', '13805110020'),
  account('qiye', '冯丽', 'ZJXQ-QY-001', '江苏某新能源科技有限公司', 'enterprise', '13805110013'),
  // Colleagues in neighbouring units, so that every role has own / sibling / parent / child rows.
  account('xinqu2', '钱晓东', 'ZJXQ', '镇江新区', 'district', '13805110014', false),
  account('xcl', '何芳', 'ZJXQ-XCL', '新区新材料产业园', 'district', '13805110015', false),
  account('dagang', '马骏', 'ZJXQ-DG', '大港街道', 'street', '13805110016', false),
  account('dingmao', '林琳', '321102-DM', '丁卯街道', 'street', '13805110017', false),
  account('jqjd', '高远', 'ZJGXQ-JQ', '蒋乔街道', 'street', '13805110018', false),
];
