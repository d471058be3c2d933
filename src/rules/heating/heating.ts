import { Dec, yuanToFen } from '../../kernel/money.ts';
import { firstDayOf } from '../../kernel/plain-date.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { type ParamContext, paramContext } from '../common/param-context.ts';
import { isCounted } from '../common/person.ts';
import { REASONS } from '../common/reasons.ts';
import { amountOf, type Determination, type Reason } from '../common/result.ts';
import { Tracer } from '../common/tracer.ts';
import { determineDibao } from '../dibao/dibao.ts';
import type { Situation } from '../situation.ts';
import { determineTekun } from '../tekun/tekun.ts';

/**
 * 取暖救助 heating aid for one heating season (seed 二(四)): rural dibao households and rural tekun persons
 * enrolled on the season's reference day (the first day of `month`, which must fall in the season).
 * Central heating: rate × min(area, maxArea); dispersed: a flat amount per household.
 */
export function determineHeating(s: Situation, ps: ParameterSet, trace = false): Determination {
  const ctx = paramContext(ps, s.county, firstDayOf(s.month));
  const t = new Tracer(trace);
  const reasons: Reason[] = [];
  const none = (): Determination => ({
    program: 'heating', month: s.month, county: s.county, eligible: false, amount: amountOf(0, 'season'), reasons, trace: t.steps,
  });
  const start = ctx.num('heating.season.startMonth');
  const length = ctx.num('heating.season.months');
  const offset = (Number(s.month.slice(5, 7)) - start.value + 12) % 12;
  const inSeason = offset < length.value;
  t.step('season.inSeason', inSeason, [start.use, length.use], `month ${s.month.slice(5, 7)} within ${length.value} months from ${start.value}`);
  if (!inSeason) {
    reasons.push(REASONS.HEATING_OUT_OF_SEASON);
    return none();
  }
  if (s.household.hukou !== 'rural') {
    reasons.push(REASONS.HEATING_URBAN_NOT_COVERED);
    return none();
  }
  const enrolled = enrolment(s, ps, trace, t);
  reasons.push(enrolled ?? REASONS.HEATING_NOT_ENROLLED);
  if (!enrolled) return none();

  const h = s.heating ?? { mode: 'dispersed' as const, area: 0 };
  let fen = seasonAmount(ctx, h, t, reasons);
  // A household joining after the reference day: the whole season, or the months left of it (the county's parameter).
  if (h.monthsPaid !== undefined && ctx.list('heating.supplementary.amount').value.includes('prorated')) fen = prorateSeason(ctx, fen, h.monthsPaid, t, reasons);
  return {
    program: 'heating', month: s.month, county: s.county, eligible: true, amount: amountOf(fen, 'season'), reasons, trace: t.steps,
    details: { mode: h.mode },
  };
}

/**
 * A household's amount for the whole season from its heating (the steps and reasons of the trace): dispersed heating
 * the flat amount per household; central heating rate × min(area, cap) m². Rounded half-up to the fen, once. The season
 * rolls compute the same in SQL (db/heating-ledger.ts) and explain a line with this function.
 */
export function seasonAmount(ctx: ParamContext, h: { mode: 'central' | 'dispersed'; area: number | string }, t: Tracer, reasons: Reason[]): number {
  let exact: InstanceType<typeof Dec>;
  if (h.mode === 'dispersed') {
    reasons.push(REASONS.HEATING_DISPERSED);
    const p = ctx.num('heating.dispersed.annual');
    exact = p.dec;
    t.step('amount.exact', exact, [p.use], 'flat amount per household and season');
  } else {
    reasons.push(REASONS.HEATING_CENTRAL);
    const rate = ctx.num('heating.central.rate');
    const max = ctx.num('heating.central.maxArea');
    const given = new Dec(h.area);
    const area = Dec.min(given, max.dec);
    if (given.greaterThan(max.dec)) reasons.push(REASONS.HEATING_AREA_CAPPED);
    t.step('area.paid', area, [max.use], `min(${given.toFixed()}, ${max.value}) m²`);
    exact = rate.dec.times(area);
    t.step('amount.exact', exact, [rate.use, max.use], `${rate.value} × ${area.toFixed()}`);
  }
  const fen = yuanToFen(exact);
  t.step('amount.fen', fen, [], 'rounded half-up to the fen, once');
  return fen;
}

/**
 * 补充发放折算 A supplementary household's share of the season when the county pro-rates it: the months from its first
 * payable month to the season's end, of the season's months — half-up to the fen (an exact integer division).
 */
export function prorateSeason(ctx: ParamContext, fen: number, months: number, t: Tracer, reasons: Reason[]): number {
  const len = ctx.num('heating.season.months');
  const mode = ctx.list('heating.supplementary.amount');
  t.step('season.monthsPaid', months, [len.use, mode.use], `${months} of ${len.value} months`);
  if (months >= len.value) return fen;
  reasons.push(REASONS.HEATING_PRORATED);
  const share = Math.floor((fen * months * 2 + len.value) / (2 * len.value));
  t.step('amount.prorated', share, [len.use, mode.use], `${fen} × ${months} / ${len.value}`);
  return share;
}

/** A dibao household, else the first tekun member (the applicant, when one is named). */
function enrolment(s: Situation, ps: ParameterSet, trace: boolean, t: Tracer): Reason | null {
  const dibao = determineDibao({ ...s, program: 'dibao', unit: 'household' }, ps, trace);
  t.include('dibao.', dibao.trace);
  t.step('enrolment.dibao', dibao.eligible);
  if (dibao.eligible) return REASONS.HEATING_DIBAO_HOUSEHOLD;
  const candidates = s.applicant !== undefined ? [s.applicant] : s.household.members.map((_, i) => i);
  for (const i of candidates) {
    const m = s.household.members[i];
    // A member without the facts a tekun assessment needs has not been assessed, so is not enrolled.
    if (!isCounted(m) || m.laborCapacity === undefined || m.supporter === undefined || m.selfCareFailed === undefined) continue;
    const tekun = determineTekun({ ...s, program: 'tekun', applicant: i }, ps, trace);
    t.include(`tekun.${i}.`, tekun.trace);
    t.step(`enrolment.tekun.${i}`, tekun.eligible);
    if (tekun.eligible) return REASONS.HEATING_TEKUN_PERSON;
  }
  return null;
}
