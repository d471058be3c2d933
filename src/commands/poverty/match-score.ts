import { soundRelation } from './homophones.ts';

/**
 * 模糊比对评分 How alike a person of the poverty office's snapshot and a person of doudi's registry are, 0–100, and why
 * (issue 12 point 2, ADR 0033). Pure: the matcher scores candidates with it, and the review queue scores the pair again
 * to show the reasons (nothing but the score is stored).
 *
 * Points: name up to 50 (an edit distance over characters where a homophone costs ¼, a sound-alike ½, two swapped
 * characters ½, any other change 1), birth date 30 (one digit off or day and month swapped: 15; unknown on either
 * side: 10), place 12 (same village; same township 6; moved within the county 3), sex 8 (unknown: 4).
 */
export interface MatchSide {
  name: string;
  /** YYYY-MM-DD, or null when unknown (no valid ID number and none given). */
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** 12-digit village code. */
  villageCode: string;
}

export type NameKind = 'exact' | 'homophone' | 'transposed' | 'typo' | 'different';

export type ReasonCode =
  | 'name_exact'
  | 'name_homophone'
  | 'name_transposed'
  | 'name_typo'
  | 'name_different'
  | 'birth_equal'
  | 'birth_near'
  | 'birth_unknown'
  | 'birth_differs'
  | 'village_same'
  | 'township_same'
  | 'county_moved'
  | 'place_differs'
  | 'sex_equal'
  | 'sex_unknown'
  | 'sex_differs';

export interface MatchReason {
  code: ReasonCode;
  points: number;
}

export interface MatchScore {
  score: number;
  reasons: MatchReason[];
}

/** A suggestion goes to the review queue at this score or above; below it the person stays unknown to doudi. */
export const SUGGEST_THRESHOLD = 70;

const COST_HOMOPHONE = 0.25;
const COST_ALIKE = 0.5;
const COST_TRANSPOSE = 0.5;

/** A name as compared: no spaces or the middle dot of minority names, full-width letters folded. */
export function normalName(name: string): string {
  return [...name.normalize('NFKC').replace(/[\s·•．.]/g, '')].join('');
}

function substitution(a: string, b: string): number {
  const r = soundRelation(a, b);
  return r === 'same' ? 0 : r === 'homophone' ? COST_HOMOPHONE : r === 'alike' ? COST_ALIKE : 1;
}

/**
 * The weighted optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of one substring) over
 * characters (code points, so that rare characters outside the BMP count as one).
 */
export function nameDistance(a: string, b: string): number {
  const x = [...normalName(a)];
  const y = [...normalName(b)];
  const n = x.length;
  const m = y.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => {
    const row = new Array<number>(m + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= m; j++) d[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution(x[i - 1], y[j - 1]));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1] && x[i - 1] !== x[i - 2]) v = Math.min(v, d[i - 2][j - 2] + COST_TRANSPOSE);
      d[i][j] = v;
    }
  }
  return d[n][m];
}

/** 0–1: one minus the distance over the longer name's length; what kind of difference it is. */
export function nameSimilarity(a: string, b: string): { similarity: number; kind: NameKind } {
  const x = [...normalName(a)];
  const y = [...normalName(b)];
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return { similarity: 0, kind: 'different' };
  const dist = nameDistance(a, b);
  const similarity = Math.max(0, 1 - dist / longer);
  if (dist === 0) return { similarity: 1, kind: 'exact' };
  if (similarity <= 0.34) return { similarity, kind: 'different' };
  const sameLength = x.length === y.length;
  if (sameLength && x.every((c, i) => soundRelation(c, y[i]) !== 'different')) return { similarity, kind: 'homophone' };
  if (sameLength && [...x].sort().join('') === [...y].sort().join('')) return { similarity, kind: 'transposed' };
  return { similarity, kind: 'typo' };
}

/** Two birth dates that differ in one digit only, or by day and month swapped: a slip of the pen. */
export function birthDatesNear(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  if (diff === 1) return true;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  return ya === yb && ma === db && da === mb;
}

const NAME_CODES: Record<NameKind, ReasonCode> = {
  exact: 'name_exact',
  homophone: 'name_homophone',
  transposed: 'name_transposed',
  typo: 'name_typo',
  different: 'name_different',
};

/** The score of a pair and its reasons (each with the points it gave). Symmetric in its two sides. */
export function scoreMatch(a: MatchSide, b: MatchSide): MatchScore {
  const reasons: MatchReason[] = [];
  const name = nameSimilarity(a.name, b.name);
  reasons.push({ code: NAME_CODES[name.kind], points: Math.round(50 * name.similarity) });
  if (a.birthDate === null || b.birthDate === null) reasons.push({ code: 'birth_unknown', points: 10 });
  else if (a.birthDate === b.birthDate) reasons.push({ code: 'birth_equal', points: 30 });
  else if (birthDatesNear(a.birthDate, b.birthDate)) reasons.push({ code: 'birth_near', points: 15 });
  else reasons.push({ code: 'birth_differs', points: 0 });
  if (a.villageCode === b.villageCode) reasons.push({ code: 'village_same', points: 12 });
  else if (a.villageCode.slice(0, 9) === b.villageCode.slice(0, 9)) reasons.push({ code: 'township_same', points: 6 });
  else if (a.villageCode.slice(0, 6) === b.villageCode.slice(0, 6)) reasons.push({ code: 'county_moved', points: 3 });
  else reasons.push({ code: 'place_differs', points: 0 });
  if (a.sex === null || b.sex === null) reasons.push({ code: 'sex_unknown', points: 4 });
  else reasons.push(a.sex === b.sex ? { code: 'sex_equal', points: 8 } : { code: 'sex_differs', points: 0 });
  const score = Math.max(0, Math.min(100, reasons.reduce((s, r) => s + r.points, 0)));
  return { score, reasons };
}

/** The best-scoring candidate (ties: the first in the order given), or null when there is none. */
export function bestCandidate<T extends MatchSide>(person: MatchSide, candidates: readonly T[]): { candidate: T; score: number } | null {
  let best: { candidate: T; score: number } | null = null;
  for (const c of candidates) {
    const { score } = scoreMatch(person, c);
    if (!best || score > best.score) best = { candidate: c, score };
  }
  return best;
}
