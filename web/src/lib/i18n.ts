import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { BilingualMessage } from '#kernel/errors.ts';
import en from './locales/en.ts';
import zhCN from './locales/zh-cn.ts';

/** zh-CN by default; the header switch stores the choice so it survives a reload. */
export type Language = 'zh-CN' | 'en';
export const LANGUAGE_KEY = 'doudi.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  // React escapes on render; i18next escaping would double-escape names such as "A&B".
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18next.language;

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function currentLanguage(lang: string): Language {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/** Picks the server's (or kernel's) bilingual message in the current language. */
export function useBilingual(): (m: BilingualMessage) => string {
  const { i18n } = useTranslation();
  return (m) => (currentLanguage(i18n.language) === 'en' ? m.en : m.zh);
}

export default i18next;
