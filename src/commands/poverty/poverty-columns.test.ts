import { describe, expect, it } from 'vitest';
import { matchPovertyHeaders, POVERTY_COLUMNS, readAttribute, readCause, readExitYear, readGrade, readHealth, readLabor, readRelation, readStatus } from './poverty-columns.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);

describe('poverty-registry template columns', () => {
  it('finds every column by its header, in any order', () => {
    const m = matchPovertyHeaders([...POVERTY_COLUMNS.map((c) => c.header)].reverse());
    expect(m.missing).toEqual([]);
    expect(m.found.get('hhNo')?.index).toBe(POVERTY_COLUMNS.length - 1);
  });
  it('takes the common variants, spaces, half-width brackets and a required mark', () => {
    const m = matchPovertyHeaders(['户号', '县(市、区)', '乡 镇', '村', '户主', '姓名', '公民身份号码*', '关系', '贫困户属性', '脱贫情况', '劳动力状况', '健康情况', '备注']);
    expect(m.missing).toEqual([]);
    expect(m.unknown).toEqual(['备注']);
    expect(m.found.get('idNumber')?.header).toBe('公民身份号码*');
  });
  it('names the missing required columns and a repeated one', () => {
    const m = matchPovertyHeaders(['成员姓名', '姓名', '身份证号码']);
    expect(m.repeated).toEqual([{ index: 1, header: '姓名' }]);
    expect(m.missing.map((c) => c.header)).toEqual(['户编号', '县（市、区）', '乡镇（街道）', '村（社区）', '户主姓名', '与户主关系', '户属性', '脱贫状态', '劳动能力', '健康状况']);
  });
});

describe('poverty-registry values', () => {
  it('reads attributes, status and health by label or variant', () => {
    expect(['一般贫困户', '低保贫困户', '特困供养贫困户', '五保户', '低保户', '一般户'].map((v) => value(readAttribute(v)))).toEqual(['general', 'dibao', 'tekun', 'tekun', 'dibao', 'general']);
    expect(['未脱贫', '已脱贫', '脱贫', '已脱贫（享受政策）'].map((v) => value(readStatus(v)))).toEqual(['poor', 'out', 'out', 'out']);
    expect(['健康', '长期慢性病', '患有大病', '残疾', '大病', '慢性病'].map((v) => value(readHealth(v)))).toEqual(['healthy', 'chronic', 'serious', 'disabled', 'serious', 'chronic']);
    const bad = readHealth('很好');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message.zh).toBe('健康状况应为：健康、长期慢性病、患有大病、残疾');
  });
  it('reads relations, labour and causes into the registry’s words', () => {
    expect(['本人', '妻', '长子', '女儿', '孙女', '儿媳'].map((v) => value(readRelation(v)))).toEqual(['户主', '配偶', '之子', '之女', '之孙女', '之儿媳']);
    expect(value(readRelation('表亲'))).toBeUndefined();
    expect(['有劳动能力', '部分丧失劳动能力', '无劳动能力', '技能劳动力'].map((v) => value(readLabor(v)))).toEqual(['普通劳动力', '弱劳动力或半劳动力', '无劳动力', '技能劳动力']);
    expect(value(readCause('因病致贫'))).toBe('因病');
    expect(value(readCause('因婚'))).toBe('因婚');
  });
  it('reads grades and years within bounds', () => {
    expect(['一级', '4', '二级残疾'].map((v) => value(readGrade(v)))).toEqual([1, 4, 2]);
    expect(readGrade('五级').ok).toBe(false);
    expect(value(readExitYear('2018年', 2019))).toBe(2018);
    expect(readExitYear('2020', 2019).ok).toBe(false);
    expect(readExitYear('2012', 2019).ok).toBe(false);
  });
});
