import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN/common.json';

export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];
const STORAGE_KEY = 'gj_lang';

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

/**
 * Chinese comes with the page; English is fetched for who picks it, so the first visit does not
 * download every word twice.
 */
async function loadWords(lang: Lang): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  const words = (await import('./locales/en-US/common.json')).default;
  i18n.addResourceBundle(lang, 'translation', words);
}

/** Remembers the choice and tells the server too (a cookie), so its messages follow. */
export async function setLang(lang: Lang): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  document.cookie = `gj_lang=${lang}; path=/; SameSite=Strict; max-age=31536000`;
  await loadWords(lang);
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  // Permission codes contain colons (project:read); they are keys, not namespaces.
  nsSeparator: false,
});
document.documentElement.lang = i18n.language;
document.cookie = `gj_lang=${i18n.language}; path=/; SameSite=Strict; max-age=31536000`;

/** Settles once the words of the language shown are there: main.tsx renders after it. */
export const wordsReady: Promise<void> = loadWords(i18n.language as Lang).catch(() => undefined);

export default i18n;
