import { enUS } from './en-US.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type Lang = 'zh-CN' | 'en-US';
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
export const serverCatalogs = catalogs;

/** Chinese first: only an explicit English preference gets English. */
export function pickLang(acceptLanguage: string | undefined, cookieLang?: string): Lang {
  const wanted = cookieLang ?? acceptLanguage ?? '';
  return /^\s*en\b/i.test(wanted) ? 'en-US' : 'zh-CN';
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, unknown> = {}): string {
  const template = catalogs[lang][key] ?? catalogs['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (params[name] === undefined ? `{${name}}` : String(params[name])));
}
