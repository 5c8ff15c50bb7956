import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FieldCipher, maskIdNumber, maskPhone, sm3 } from './crypto.js';
import { serverCatalogs, pickLang, translate } from './i18n/index.js';
import { checkPasswordStrength } from './password.js';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n', () => {
  it('has the same keys in both locales of the web app', () => {
    const zh = JSON.parse(readFileSync('web/src/locales/zh-CN/common.json', 'utf8'));
    const en = JSON.parse(readFileSync('web/src/locales/en-US/common.json', 'utf8'));
    expect(keysOf(en).sort()).toEqual(keysOf(zh).sort());
    for (const key of keysOf(zh)) expect(key.split('.').reduce((o: Record<string, unknown>, k) => o[k] as Record<string, unknown>, zh), key).not.toBe('');
  });

  it('has the same keys and placeholders in both server catalogs', () => {
    const zh = serverCatalogs['zh-CN'];
    const en = serverCatalogs['en-US'];
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(holes(en[key]), key).toEqual(holes(zh[key]));
    }
  });

  it('answers in Chinese unless English is asked for', () => {
    expect(pickLang(undefined)).toBe('zh-CN');
    expect(pickLang('en-US,en;q=0.9')).toBe('en-US');
    expect(pickLang('zh-CN,en;q=0.5')).toBe('zh-CN');
    expect(pickLang('zh-CN', 'en-US')).toBe('en-US');
    expect(translate('zh-CN', 'PASSWORD_TOO_SHORT', { min: 8 })).toBe('密码至少需要 8 个字符。');
  });
});

describe('国密 field encryption', () => {
  const cipher = new FieldCipher(Buffer.alloc(16, 7));
  it('round-trips, with a fresh IV each time', () => {
    const a = cipher.encrypt('13812341234');
    const b = cipher.encrypt('13812341234');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe('13812341234');
    expect(cipher.decrypt(cipher.encrypt('身份证 32110219900101123X'))).toBe('身份证 32110219900101123X');
  });

  it('detects a changed ciphertext and a wrong key', () => {
    const stored = cipher.encrypt('13812341234');
    const parts = stored.split(':');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow(/integrity/);
    expect(() => new FieldCipher(Buffer.alloc(16, 8)).decrypt(stored)).toThrow(/integrity/);
  });

  it('uses SM3 (GB/T 32905 test vector "abc")', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('masks phone and ID numbers', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskIdNumber('32110219900101123X')).toBe('321102********123X');
    expect(maskPhone(null)).toBeNull();
  });
});

describe('password strength', () => {
  const rejects = (password: string, code: string, username = 'someone') => expect(() => checkPasswordStrength(password, username)).toThrow(code);
  it('needs 8 characters of 3 classes, not common, not the username', () => {
    rejects('Ab1!', 'PASSWORD_TOO_SHORT');
    rejects('abcdefgh1', 'PASSWORD_TOO_SIMPLE');
    rejects('Password123', 'PASSWORD_COMMON');
    rejects('Woaini1314!', 'PASSWORD_COMMON');
    rejects('Admin@2026', 'PASSWORD_COMMON');
    rejects('Xinqu#2026!', 'PASSWORD_CONTAINS_USERNAME', 'xinqu');
    expect(() => checkPasswordStrength('Gongjian@2026', 'admin')).not.toThrow();
    expect(() => checkPasswordStrength('长江大桥#2026a', 'admin')).not.toThrow();
  });
});
