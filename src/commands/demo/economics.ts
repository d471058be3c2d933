import type { MemberPlan } from './household-shapes.ts';
import type { Traits } from './person-traits.ts';
import { cumulate, type Rng, weightedIndex } from './prng.ts';

/**
 * Incomes, assets, bank account and registered-poor flag of a synthetic household. Amounts are shaped on rural
 * Liaoning around 2019–2023 (per-capita disposable income ≈ 16,000–21,000 yuan; farming net income the largest
 * part; resident pension ≈ 110–180 yuan a month; migrant wages ≈ 2,000+ a month): most households sit well above
 * the dibao line, households of the old, the sick and the disabled cluster below it. These figures shape demo data
 * only; no rule reads them.
 */
export interface IncomeDraft {
  personIndex: number | null;
  kind: string;
  fen: number;
  note: string | null;
}

export interface AssetDraft {
  kind: string;
  fen: number;
  quantity: number;
  note: string | null;
}

export interface Economy {
  incomes: IncomeDraft[];
  assets: AssetDraft[];
  registeredPoor: boolean;
  bankName: string | null;
  bankAccount: string | null;
}

export interface EconomyMember {
  plan: MemberPlan;
  traits: Traits;
  supporter: 'none' | 'able' | 'unable';
}

/** Only for deciding who looks poor enough to be in the poverty registry; close to the rural dibao line. */
const LOW_INCOME_YUAN_PER_PERSON = 5_000;

const BANKS = ['铁岭农村商业银行', '中国农业银行', '中国邮政储蓄银行', '中国建设银行', '中国工商银行'];
const BANK_CUM = cumulate([40, 25, 25, 5, 5]);
const VEHICLES: readonly [string, number, number][] = [
  ['农用三轮车 farm tricycle', 3_000, 8_000],
  ['拖拉机 tractor', 10_000, 40_000],
  ['小型汽车 car', 20_000, 100_000],
];
const VEHICLE_CUM = cumulate([45, 20, 35]);

const fenOf = (yuan: number, step: number) => Math.max(step, Math.round(yuan / step) * step) * 100;

export function drawEconomy(rng: Rng, members: readonly EconomyMember[], opts: { rural: boolean }): Economy {
  // A household's luck (land, skills, health of the economy around it) scales what its members earn.
  let luck = rng.logNormal(1, 0.35);
  if (members.some((m) => m.traits.seriousIllness || (m.traits.disabilityGrade ?? 9) <= 2)) luck *= 0.7;
  const incomes: IncomeDraft[] = [];
  let farmers = 0;
  let hasChildAtHomeWorking = false;
  members.forEach((m, i) => {
    const { age } = m.plan;
    const cap = m.traits.laborCapacity;
    if (cap === 'full' && age >= 18 && age < 60) {
      if (rng.chance(0.55)) incomes.push({ personIndex: i, kind: 'wage', fen: fenOf(rng.logNormal(28_000, 0.45) * luck, 10), note: null });
      else if (rng.chance(0.5)) incomes.push({ personIndex: i, kind: 'wage', fen: fenOf(rng.logNormal(8_000, 0.5) * luck, 10), note: '零工 odd jobs' });
    } else if (cap === 'partial' && age >= 18 && age < 65 && rng.chance(0.2)) {
      incomes.push({ personIndex: i, kind: 'wage', fen: fenOf(rng.logNormal(9_000, 0.5) * luck, 10), note: null });
    }
    if (age >= 16 && age < 76) farmers += cap === 'full' ? 1 : cap === 'partial' ? 0.45 : 0;
    if (m.plan.relation === 'child' && cap === 'full') hasChildAtHomeWorking = true;
    if (age >= 60) {
      // 城乡居民基本养老保险, or for a few a pension from former employment.
      if (rng.chance(0.06)) incomes.push({ personIndex: i, kind: 'pension', fen: fenOf(12 * rng.logNormal(2_300, 0.25), 10), note: '职工养老金 employee pension' });
      else if (rng.chance(0.95)) incomes.push({ personIndex: i, kind: 'pension', fen: 1200 * rng.int(110, 180), note: '城乡居民养老保险 resident pension' });
      if (rng.chance(0.08)) incomes.push({ personIndex: i, kind: 'family_planning_award', fen: 96_000, note: null });
      if (age >= 80) incomes.push({ personIndex: i, kind: 'transfer', fen: 1200 * rng.int(50, 100), note: '高龄津贴 old-age allowance' });
      if (rng.chance(0.005)) incomes.push({ personIndex: i, kind: 'special_care', fen: fenOf(rng.int(6_000, 15_000), 10), note: null });
    }
  });
  // Support paid by children living elsewhere (赡养费).
  members.forEach((m, i) => {
    if (m.plan.age >= 60 && m.supporter === 'able' && !hasChildAtHomeWorking && rng.chance(m.plan.age >= 70 ? 0.8 : 0.5)) {
      incomes.push({ personIndex: i, kind: 'transfer', fen: fenOf(rng.logNormal(3_600, 0.6), 10), note: '子女赡养费 support from children' });
    }
  });
  if (farmers > 0 && rng.chance(opts.rural ? 0.9 : 0.2)) {
    incomes.push({ personIndex: null, kind: 'business', fen: fenOf(rng.logNormal(14_000, 0.6) * luck * farmers, 10), note: '种植养殖 crops and livestock' });
  }
  // Land rented out (土地流转), more often by those who can no longer farm it.
  if (rng.chance(farmers === 0 ? 0.7 : 0.2)) {
    incomes.push({ personIndex: null, kind: 'property', fen: fenOf(rng.logNormal(3_000, 0.5), 10), note: '土地流转 land rent' });
  }
  if (rng.chance(0.05)) incomes.push({ personIndex: null, kind: 'other', fen: fenOf(rng.int(500, 3_000), 10), note: null });

  const perCapitaYuan = incomes.reduce((s, it) => s + it.fen, 0) / 100 / members.length;
  const poorLooking = perCapitaYuan < LOW_INCOME_YUAN_PER_PERSON * 1.3;
  const frail = members.some((m) => m.traits.seriousIllness || m.traits.disabilityKind !== null);
  const registeredPoor = opts.rural && rng.chance(poorLooking ? 0.2 : frail ? 0.06 : 0.025);

  const assets: AssetDraft[] = [];
  if (rng.chance(poorLooking ? 0.3 : 0.6)) {
    assets.push({ kind: 'financial', fen: fenOf(rng.logNormal(poorLooking ? 4_000 : 18_000, 1.1) * luck, 100), quantity: 1, note: '存款 deposits' });
  }
  if (rng.chance(poorLooking ? 0.1 : 0.3)) {
    const [note, lo, hi] = VEHICLES[weightedIndex(rng, VEHICLE_CUM)];
    assets.push({ kind: 'vehicle', fen: fenOf(rng.int(lo, hi), 100), quantity: 1, note });
  }
  if (!poorLooking && rng.chance(0.06)) {
    assets.push({ kind: 'house', fen: fenOf(rng.int(150_000, 450_000), 1_000), quantity: 1, note: '城镇商品房 flat in town' });
  }

  const banked = rng.chance(0.92);
  return {
    incomes,
    assets,
    registeredPoor,
    bankName: banked ? BANKS[weightedIndex(rng, BANK_CUM)] : null,
    bankAccount: banked ? syntheticAccount(rng) : null,
  };
}

/** 19 digits starting 999 (no bank issues that prefix) with a Luhn check digit, so format checks pass. */
function syntheticAccount(rng: Rng): string {
  let body = '999';
  for (let i = 0; i < 15; i++) body += String(rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
