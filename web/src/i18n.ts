import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './locales/en-US/common.json';
import zhCN from './locales/zh-CN/common.json';

export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];
const STORAGE_KEY = 'gj_lang';

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

/** Remembers the choice and tells the server too (a cookie), so its messages follow. */
export function setLang(lang: Lang) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.cookie = `gj_lang=${lang}; path=/; SameSite=Strict; max-age=31536000`;
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  // Permission codes contain colons (project:read); they are keys, not namespaces.
  nsSeparator: false,
});
document.documentElement.lang = i18n.language;
document.cookie = `gj_lang=${i18n.language}; path=/; SameSite=Strict; max-age=31536000`;

export default i18n;
