import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../locales/import.en.ts';
import zhCN from '../locales/import.zh-cn.ts';
import { fieldChangeText, fieldValueText } from './change-text.ts';

describe('poverty snapshot change texts', () => {
  const zh = i18next.createInstance();
  const e = i18next.createInstance();
  beforeAll(async () => {
    await zh.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN } }, interpolation: { escapeValue: false } });
    await e.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } });
  });
  it('names coded values in Chinese and keeps written ones', () => {
    const t = zh.t.bind(zh) as (k: string) => string;
    expect(fieldChangeText(t, { field: 'health', before: 'healthy', after: 'serious' })).toBe('健康状况：健康 → 患有大病');
    expect(fieldChangeText(t, { field: 'exitYear', before: null, after: '2019' })).toBe('脱贫年度：无 → 2019');
    expect(fieldChangeText(t, { field: 'idForm', before: '15', after: '18' })).toBe('身份证号码：旧式 15 位号码 → 18 位号码');
    expect(fieldValueText(t, 'village', '懿路村')).toBe('懿路村');
  });
  it('and in English', () => {
    const t = e.t.bind(e) as (k: string) => string;
    expect(fieldChangeText(t, { field: 'attribute', before: 'general', after: 'dibao' })).toBe('Attribute：General poor → Dibao poor');
  });
});
