import { describe, expect, it } from 'vitest';
import { overrideBody, overrideErrorField } from './override-form-model.ts';

const form = { area: '211224', effectiveFrom: '2030-01-01', end: false, number: 4000, list: ['wage'], citation: '昌图县 测试', backPay: false };

describe('override form → request, refusal → field', () => {
  it('sends null when the value ends, else the number or the list by kind', () => {
    expect(overrideBody({ name: 'dibao.standard.rural', kind: 'number' }, form)).toEqual({ name: 'dibao.standard.rural', area: '211224', effectiveFrom: '2030-01-01', value: 4000, citation: '昌图县 测试', backPay: false });
    expect(overrideBody({ name: 'dibao.standard.rural', kind: 'number' }, { ...form, end: true }).value).toBeNull();
    expect(overrideBody({ name: 'dibao.income.excludedKinds', kind: 'list' }, form).value).toEqual(['wage']);
  });

  it('puts a refused value on the value typed, or on “end” when the value is being ended (a county left without one, issue 11 point 3)', () => {
    expect(overrideErrorField('value', { kind: 'number', ending: false })).toBe('number');
    expect(overrideErrorField('value', { kind: 'list', ending: false })).toBe('list');
    expect(overrideErrorField('value', { kind: 'number', ending: true })).toBe('end');
    expect(overrideErrorField('effectiveFrom', { kind: 'number', ending: false })).toBe('effectiveFrom');
    expect(overrideErrorField('name', { kind: 'number', ending: false })).toBeNull();
    expect(overrideErrorField(undefined, { kind: 'number', ending: false })).toBeNull();
  });
});
