import { randomUUID } from 'node:crypto';
import type { AssetInput, IncomeInput } from '../../contracts/registry.ts';
import { AppError } from '../../kernel/errors.ts';
import { parseYuan } from '../../kernel/money.ts';
import type { AssetItemTable, IncomeItemTable } from '../../db/schema.ts';

function amount(text: string, field: string): number {
  const fen = parseYuan(text);
  if (fen === null || fen < 0) {
    throw new AppError(
      'AMOUNT_INVALID',
      { zh: '金额须为不小于 0 的数字，最多两位小数', en: 'An amount must be a number ≥ 0 with at most two decimals' },
      { field },
    );
  }
  return fen;
}

export function itemRows(
  incomes: readonly IncomeInput[],
  assets: readonly AssetInput[],
  opts: { countyCode: string; householdId: string; memberIds: readonly string[]; now: Date },
): { incomes: IncomeItemTable[]; assets: AssetItemTable[] } {
  const at = opts.now.toISOString();
  return {
    incomes: incomes.map((it, i) => {
      const pi = it.personIndex;
      if (pi != null && (pi < 0 || pi >= opts.memberIds.length)) {
        throw new AppError(
          'INCOME_PERSON_UNKNOWN',
          { zh: '收入所属成员不存在', en: 'The member this income belongs to does not exist' },
          { field: `incomes.${i}.personIndex` },
        );
      }
      return {
        county_code: opts.countyCode,
        id: randomUUID(),
        household_id: opts.householdId,
        person_id: pi == null ? null : opts.memberIds[pi],
        kind: it.kind,
        annual_fen: amount(it.annualYuan, `incomes.${i}.annualYuan`),
        note: it.note ?? null,
        created_at: at,
      };
    }),
    assets: assets.map((it, i) => ({
      county_code: opts.countyCode,
      id: randomUUID(),
      household_id: opts.householdId,
      kind: it.kind,
      value_fen: amount(it.valueYuan, `assets.${i}.valueYuan`),
      quantity: it.quantity ?? 1,
      note: it.note ?? null,
      created_at: at,
    })),
  };
}
