import type { MemberPlan } from './household-shapes.ts';
import { cumulate, type Rng, weightedIndex } from './prng.ts';

/**
 * Health, schooling and capacity of a synthetic person, at rates shaped on Chinese surveys (2006 disability
 * sample survey: ~6% of people, rising steeply with age; most disabilities physical, most grades 3–4). Labour
 * capacity follows from age, schooling, disability, illness and self-care so that the combinations make sense:
 * nobody who cannot dress alone is recorded as able to work.
 */
export interface Traits {
  disabilityKind: string | null;
  disabilityGrade: number | null;
  seriousIllness: boolean;
  selfCareMask: number;
  laborCapacity: 'full' | 'partial' | 'none';
  inSchool: boolean;
}

const KINDS = ['physical', 'visual', 'hearing', 'intellectual', 'mental', 'speech', 'multiple'] as const;
const KIND_CUM = cumulate([45, 13, 13, 8, 9, 2, 10]);
/** Grade 1 is the most severe. */
const GRADE_CUM = cumulate([12, 23, 28, 37]);
/**
 * Bits of `self_care_mask` (eat, dress, bed, toilet, walk, bathe = bits 0–5) in the order people usually lose
 * them (Katz): bathing first, eating last.
 */
const LOSS_ORDER = [5, 1, 4, 3, 2, 0];
const ITEMS_LOST_CUM = cumulate([30, 20, 15, 12, 10, 13]);

function byAge(age: number, under18: number, to44: number, to59: number, to79: number, older: number): number {
  return age < 18 ? under18 : age < 45 ? to44 : age < 60 ? to59 : age < 80 ? to79 : older;
}

function schooling(rng: Rng, p: MemberPlan): boolean {
  if (p.relation !== 'child' && p.relation !== 'grandchild') return false;
  if (p.age >= 6 && p.age <= 15) return rng.chance(0.99);
  if (p.age >= 16 && p.age <= 18) return rng.chance(0.8);
  if (p.age >= 19 && p.age <= 22) return rng.chance(0.35);
  return false;
}

export function drawTraits(rng: Rng, p: MemberPlan): Traits {
  const inSchool = schooling(rng, p);
  let disabilityKind: string | null = null;
  let disabilityGrade: number | null = null;
  if (rng.chance(byAge(p.age, 0.01, 0.025, 0.045, 0.08, 0.15))) {
    disabilityKind = KINDS[weightedIndex(rng, KIND_CUM)];
    disabilityGrade = weightedIndex(rng, GRADE_CUM) + 1;
  }
  const seriousIllness = rng.chance(byAge(p.age, 0.005, 0.015, 0.04, 0.08, 0.12));

  let pSelfCare = p.age < 60 ? 0 : p.age < 70 ? 0.02 : p.age < 80 ? 0.05 : 0.18;
  if (disabilityGrade === 1) pSelfCare = Math.max(pSelfCare, 0.7);
  else if (disabilityGrade === 2) pSelfCare = Math.max(pSelfCare, 0.35);
  if (seriousIllness) pSelfCare += 0.1;
  let selfCareMask = 0;
  if (p.age >= 3 && rng.chance(pSelfCare)) {
    const lost = weightedIndex(rng, ITEMS_LOST_CUM) + 1;
    for (let i = 0; i < lost; i++) selfCareMask |= 1 << LOSS_ORDER[i];
  }

  return { disabilityKind, disabilityGrade, seriousIllness, selfCareMask, laborCapacity: labour(rng, p, inSchool, disabilityGrade, seriousIllness, selfCareMask), inSchool };
}

function labour(rng: Rng, p: MemberPlan, inSchool: boolean, grade: number | null, ill: boolean, selfCare: number): Traits['laborCapacity'] {
  if (p.age < 16 || inSchool || selfCare !== 0 || p.age >= 70) return 'none';
  if (grade !== null && grade <= 2) return 'none';
  let cap: Traits['laborCapacity'] = 'full';
  // Rural people keep farming in their sixties, at a reduced pace.
  if (p.age >= 60) cap = rng.chance(0.8) ? 'partial' : 'none';
  if (grade !== null && cap === 'full') cap = 'partial';
  if (ill) cap = cap === 'none' || rng.chance(0.4) ? 'none' : 'partial';
  if (cap === 'full' && rng.chance(0.03)) cap = 'partial';
  return cap;
}

/**
 * 法定赡养、抚养、扶养义务人 supporter status, which depends on the whole household: a child with a working parent
 * at home, or an elderly person with a working spouse or child at home, has an able supporter; otherwise the
 * supporters live elsewhere and are mostly (not always) able. Working-age people able to work need none.
 */
export function supporterStatuses(rng: Rng, plans: readonly MemberPlan[], traits: readonly Traits[]): ('none' | 'able' | 'unable')[] {
  const working = (rel: readonly string[]) => plans.some((p, i) => rel.includes(p.relation) && traits[i].laborCapacity === 'full');
  const elsewhere = (able: number, unable: number): 'none' | 'able' | 'unable' => {
    const x = rng.float();
    return x < able ? 'able' : x < able + unable ? 'unable' : 'none';
  };
  return plans.map((p, i) => {
    const t = traits[i];
    if (p.age < 18) {
      if (p.relation === 'child') return working(['head', 'spouse']) ? 'able' : elsewhere(0.7, 0.25);
      return elsewhere(0.85, 0.1);
    }
    if (p.age < 60 && t.laborCapacity === 'full') return 'none';
    if (t.inSchool) return working(['head', 'spouse']) ? 'able' : elsewhere(0.8, 0.15);
    const carers = p.relation === 'head' || p.relation === 'spouse' ? ['child', p.relation === 'head' ? 'spouse' : 'head'] : ['head', 'spouse'];
    return working(carers) ? 'able' : elsewhere(0.65, 0.2);
  });
}
