import { describe, expect, it } from 'vitest';
import { carriedFields } from './carried.js';
import { applyMappingCorrections } from './http.js';
import { detectLayout, type FieldMatcher } from './ledger.js';
import type { Sheet } from './workbook.js';

type Field = 'name' | 'uscc' | 'remarks' | 'date';
const MATCHERS: FieldMatcher<Field>[] = [
  { field: 'name', pattern: /^企业名称$/ },
  { field: 'uscc', pattern: /信用代码/ },
  { field: 'remarks', pattern: /^备注$/ },
  { field: 'date', pattern: /^签约日期$/ },
];

/** A short ledger: a name, a credit code and a column no field names; no remarks, no date. */
function layout() {
  const sheet: Sheet = { name: '台账', rows: [['企业名称', '统一社会信用代码', '联系人'], ['甲公司', '91320000MA1XXXXX0X', '张三']] };
  return detectLayout(sheet, MATCHERS)!;
}

describe('carriedFields', () => {
  it('carries the fields the columns are mapped to, and none for an unmapped column', () => {
    const carried = carriedFields(layout());
    expect(carried.has('name')).toBe(true);
    expect(carried.has('uscc')).toBe(true);
    expect(carried.has('remarks')).toBe(false);
    expect(carried.has('date')).toBe(false);
  });

  it("follows the person's corrections of the mapping", () => {
    const corrected = layout();
    applyMappingCorrections(corrected, { B: null, C: 'remarks' });
    const carried = carriedFields(corrected);
    expect(carried.has('uscc')).toBe(false);
    expect(carried.has('remarks')).toBe(true);
  });

  it('takes the value read where the file carries the field, else keeps the stored one', () => {
    const carried = carriedFields(layout());
    expect(carried.orStored('uscc', null, '91320000MA1YYYYY0Y')).toBeNull();
    expect(carried.orStored('remarks', null, '已走访')).toBe('已走访');
    expect(carried.orStored('date', '2024-01-02', null)).toBeNull();
  });

  it('leaves out of an update the entries whose field the file does not carry, and keeps those with no field', () => {
    const carried = carriedFields(layout());
    const values = { enterprise_name: '甲公司', enterprise_uscc: null, remarks: null, signed_date: '', version: 3 };
    const fieldOf = { enterprise_name: 'name', enterprise_uscc: 'uscc', remarks: 'remarks', signed_date: 'date' } as const;
    expect(carried.onlyCarried(values, fieldOf)).toEqual({ enterprise_name: '甲公司', enterprise_uscc: null, version: 3 });
  });
});
