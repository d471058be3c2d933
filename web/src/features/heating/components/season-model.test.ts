import { describe, expect, it } from 'vitest';
import { areaParam, buildActions, chartBars, isSeasonText, paramValueKey, rollNameKey, seasonOfMonth } from './season-model.ts';

const township = (code: string, fen: number) => ({
  township: code, townshipName: `镇${code}`, households: 1, fen, central: 0, centralFen: 0, dispersed: 1, dispersedFen: fen, paid: 0, paidFen: 0,
});

describe('heating season view model', () => {
  it('takes a season as two consecutive years', () => {
    expect(isSeasonText('2019-2020')).toBe(true);
    expect(isSeasonText(' 2019-2020 ')).toBe(true);
    expect(isSeasonText('2019-2021')).toBe(false);
    expect(isSeasonText('2019')).toBe(false);
    expect(isSeasonText('2019/2020')).toBe(false);
  });
  it('finds a roll’s season from its first month, and names the season roll and the supplementary ones', () => {
    expect(seasonOfMonth('2019-11')).toBe('2019-2020');
    expect(rollNameKey({ round: 0 }).key).toBe('heatingSeason.rollName.season');
    expect(rollNameKey({ round: 2 })).toEqual({ key: 'heatingSeason.rollName.supplementary', values: { round: 2 } });
  });
  it('offers the season roll until it is built, the supplementary roll once it is approved', () => {
    expect(buildActions([])).toEqual({ build: true, supplementary: false });
    expect(buildActions([{ round: 0, status: 'building' }])).toEqual({ build: true, supplementary: false });
    expect(buildActions([{ round: 0, status: 'built' }])).toEqual({ build: false, supplementary: false });
    expect(buildActions([{ round: 0, status: 'approved' }])).toEqual({ build: false, supplementary: true });
    expect(buildActions([{ round: 0, status: 'closed' }, { round: 1, status: 'built' }])).toEqual({ build: false, supplementary: true });
  });
  it('draws one bar per township in yuan, the largest first', () => {
    expect(chartBars([township('211221101', 20_000), township('211221102', 129_200), township('211221103', 20_000)])).toEqual({
      names: ['镇211221102', '镇211221101', '镇211221103'],
      codes: ['211221102', '211221101', '211221103'],
      yuan: [1292, 200, 200],
    });
    expect(chartBars([])).toEqual({ names: [], codes: [], yuan: [] });
  });
  it('says parameter values with their units and the enumerations in words', () => {
    expect(paramValueKey({ name: 'heating.dispersed.annual', value: '200' })).toEqual({ key: 'heatingSeason.params.value.annual', values: { v: '200' } });
    expect(paramValueKey({ name: 'heating.season.referenceDay', value: '0' })?.key).toBe('heatingSeason.params.value.referenceDay0');
    expect(paramValueKey({ name: 'heating.season.referenceDay', value: '14' })?.key).toBe('heatingSeason.params.value.referenceDay');
    expect(paramValueKey({ name: 'heating.supplementary.amount', value: 'prorated' })?.key).toBe('heatingSeason.supplementary.prorated');
    expect(paramValueKey({ name: 'heating.tekun.concentrated', value: 'institution' })?.key).toBe('heatingSeason.concentrated.institution');
    expect(paramValueKey({ name: 'heating.tekun.concentrated', value: 'other' })).toBeNull();
    expect(paramValueKey({ name: 'something.else', value: '1' })).toBeNull();
  });
  it('narrows the exceptions to a township by its 9 digits, a village by its 12, the county not at all', () => {
    expect(areaParam('211221101000')).toBe('211221101');
    expect(areaParam('211221101200')).toBe('211221101200');
    expect(areaParam('211221000000')).toBeUndefined();
    expect(areaParam(undefined)).toBeUndefined();
  });
});
