import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEAD_EXPORT_EXTRAS, LEAD_LIST_COLUMNS, PROJECT_EXPORT_EXTRAS, PROJECT_LIST_COLUMNS } from '../../common/ledger-columns.js';
import { LEAD_EXPORT_COLUMNS, LEAD_VALUE_LABELS } from '../src/modules/leads/export.js';
import { EXPORT_COLUMNS, VALUE_LABELS } from '../src/modules/projects/export.js';

/**
 * An exported workbook names its columns and values as the screen does, in both languages: the
 * server's words are held here to the web's dictionaries, so a renamed column cannot drift.
 */
const locale = (lang: string) => JSON.parse(readFileSync(new URL(`../../web/src/locales/${lang}/common.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const dictionaries = { zh: locale('zh-CN'), en: locale('en-US') };
const at = (lang: 'zh' | 'en', key: string) => key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], dictionaries[lang]);

describe('export words', () => {
  it('names each exported column as the screen does, in Chinese and in English', () => {
    for (const c of [...EXPORT_COLUMNS, ...LEAD_EXPORT_COLUMNS].filter((c) => c.screen)) {
      expect([c.key, c.zh, c.en]).toEqual([c.key, at('zh', c.screen!), at('en', c.screen!)]);
    }
  });

  it('writes the values the screen shows', () => {
    const dictionaryOf = { stage: 'stage', status: 'projects.status', chainRole: 'projects.chainRole', nature: 'projects.nature', leadStatus: 'leads.status', source: 'leads.source', deadline: 'leads.deadline' };
    const tables = { ...VALUE_LABELS, leadStatus: LEAD_VALUE_LABELS.status, source: LEAD_VALUE_LABELS.source, deadline: LEAD_VALUE_LABELS.deadline };
    for (const [kind, labels] of Object.entries(tables)) {
      for (const [code, words] of Object.entries(labels)) {
        const key = `${dictionaryOf[kind as keyof typeof dictionaryOf]}.${code}`;
        expect([key, words.zh, words.en]).toEqual([key, at('zh', key), at('en', key)]);
      }
    }
  });

  it('can export every column the lists show and every extra the pages offer', () => {
    const projectKeys = EXPORT_COLUMNS.map((c) => c.key);
    for (const k of [...PROJECT_LIST_COLUMNS, ...PROJECT_EXPORT_EXTRAS]) expect(projectKeys).toContain(k);
    const leadKeys = LEAD_EXPORT_COLUMNS.map((c) => c.key);
    for (const k of [...LEAD_LIST_COLUMNS, ...LEAD_EXPORT_EXTRAS]) expect(leadKeys).toContain(k);
  });
});
