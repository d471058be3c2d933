import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { storedLanguage } from '../lib/i18n.ts';
import { en, zhCN } from './messages.ts';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  // React escapes on render; i18next escaping would double-escape names such as "A&B".
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18next.language;
