import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, matchHeaders, normaliseHeader, readAmount, readGrade, readHukou, readLabor, readRelation, readSelfCare, readYesNo } from './import-columns.ts';
import { shortVillageName } from './import-households.ts';

describe('registry import columns', () => {
  it('matches headers by name or variant, in any order, ignoring spaces, full-width brackets, units and a required mark', () => {
    expect(normaliseHeader(' 户 编号* ')).toBe('户编号');
    expect(normaliseHeader('工资性收入（元/年）')).toBe('工资性收入');
    const m = matchHeaders(['身份证号', '姓名', '户号', '关系', '劳动能力状况', '村代码', '地址', '工资性收入(元/年)', '备注', '']);
    expect(m.missing).toEqual([]);
    expect(m.found.get('idNumber')).toEqual({ index: 0, header: '身份证号' });
    expect(m.found.get('key')?.index).toBe(2);
    expect(m.found.get('income.wage')?.index).toBe(7);
    expect(m.unknown).toEqual(['备注']);
  });

  it('names the required columns missing and a column given twice', () => {
    const m = matchHeaders(['姓名', '身份证号码', '公民身份号码']);
    expect(m.missing.map((c) => c.header)).toEqual(['户编号', '所在村（社区）', '家庭住址', '与户主关系', '劳动能力']);
    expect(m.repeated).toEqual([{ index: 2, header: '公民身份号码' }]);
  });

  it('every template header and variant finds its own column (no two columns share a name)', () => {
    const names = IMPORT_COLUMNS.flatMap((c) => [c.header, ...c.variants].map((h) => normaliseHeader(h)));
    expect(new Set(names).size).toBe(names.length);
    expect(matchHeaders(IMPORT_COLUMNS.map((c) => c.header)).found.size).toBe(IMPORT_COLUMNS.length);
  });

  it('reads values by their Chinese label or a common variant, and says what a value may be', () => {
    expect(readRelation('户主')).toEqual({ ok: true, value: 'head' });
    expect(readRelation('妻子')).toEqual({ ok: true, value: 'spouse' });
    expect(readRelation('儿子')).toEqual({ ok: true, value: 'child' });
    const bad = readRelation('表亲');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message.zh).toBe('与户主关系应为：户主、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、其他');
    expect(readLabor('部分丧失劳动能力')).toEqual({ ok: true, value: 'partial' });
    expect(readLabor('无')).toEqual({ ok: true, value: 'none' });
    expect(readHukou('城镇')).toEqual({ ok: true, value: 'urban' });
    expect(readYesNo('是')).toEqual({ ok: true, value: true });
    expect(readYesNo('否')).toEqual({ ok: true, value: false });
    expect(readYesNo('也许').ok).toBe(false);
    expect(readGrade('三级')).toEqual({ ok: true, value: 3 });
    expect(readGrade('5').ok).toBe(false);
    expect(readSelfCare('吃饭、洗澡,吃饭')).toEqual({ ok: true, value: ['eat', 'bathe'] });
    expect(readSelfCare('跑步').ok).toBe(false);
  });

  it('reads amounts with separators and 元, refuses negatives and more than two decimals', () => {
    expect(readAmount('1,200.50')).toEqual({ ok: true, value: '1200.50' });
    expect(readAmount('3600元')).toEqual({ ok: true, value: '3600' });
    expect(readAmount('-5').ok).toBe(false);
    expect(readAmount('1.234').ok).toBe(false);
    expect(readAmount('2.11E+5').ok).toBe(false);
  });

  it('finds a village by the name people write', () => {
    expect(shortVillageName('懿路村民委员会')).toBe('懿路村');
    expect(shortVillageName('银州社区居民委员会')).toBe('银州社区');
    expect(shortVillageName('新华居委会')).toBe('新华社区');
    expect(shortVillageName('懿路村')).toBe('懿路村');
  });
});

describe('the heating template’s cells (ADR 0042)', () => {
  it('reads the heating mode by its label or a variant, and the area with a unit', async () => {
    const { readHeatingMode, readHeatedArea } = await import('./import-columns.ts');
    expect(readHeatingMode('集中供暖')).toEqual({ ok: true, value: 'central' });
    expect(readHeatingMode('分散')).toEqual({ ok: true, value: 'dispersed' });
    expect(readHeatingMode(' 无 ')).toEqual({ ok: true, value: 'none' });
    expect(readHeatingMode('烧煤').ok).toBe(false);
    expect(readHeatedArea('88.5 平方米')).toEqual({ ok: true, value: 88.5 });
    expect(readHeatedArea('60㎡')).toEqual({ ok: true, value: 60 });
    expect(readHeatedArea('1,000')).toEqual({ ok: true, value: 1000 });
    const bad = readHeatedArea('5000');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message.zh).toContain('1–1000 平方米');
  });
});
