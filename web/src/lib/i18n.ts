import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BilingualMessage } from '#kernel/errors.ts';

/** zh-CN by default; the header switch stores the choice so it survives a reload. i18next is set up in app/i18n.ts. */
export type Language = 'zh-CN' | 'en';
export const LANGUAGE_KEY = 'doudi.language';

/**
 * The English twin of a Chinese message tree: the same keys, every leaf a string. Each `locales/en.ts` is typed
 * with it against its `zh-cn.ts`, so a missing or extra key fails the type check.
 */
export type MessageShape<T> = { [K in keyof T]: T[K] extends string ? string : MessageShape<T[K]> };

export function storedLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

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
