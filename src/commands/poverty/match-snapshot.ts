import type { Kysely, Transaction } from 'kysely';
import { type CandidatePair, PovertyMatchRepo, type Suggestion } from '../../db/poverty-match-repo.ts';
import type { Database } from '../../db/schema.ts';
import { type MatchSide, SUGGEST_THRESHOLD, scoreMatch } from './match-score.ts';

/** What matching a snapshot found. */
export interface MatchSummary {
  /** Persons matched by their ID number. */
  byId: number;
  /** Persons matched by a caseworker's earlier confirmation (kept across snapshots). */
  confirmed: number;
  /** Persons with a suggested match waiting in the review queue. */
  suggested: number;
  /** Persons of the snapshot unknown to doudi. */
  unknown: number;
}

export interface MatchOptions {
  /** Unmatched persons scored per batch (default 1,000): the fuzzy pass holds one batch and its candidates at a time. */
  batchSize?: number;
  /** Skip the fuzzy pass (the benchmark times the passes apart). */
  fuzzy?: boolean;
}

const asSex = (s: string | null): 'M' | 'F' | null => (s === 'M' || s === 'F' ? s : null);

/**
 * Matches a snapshot's persons to doudi's registry (issue 12 point 2, ADR 0033), in the caller's transaction (the
 * import's): (1) by ID number (15-digit numbers were converted to 18 by the import; one set-based update through
 * `person_index`); (2) earlier confirmations of the person's stable key; (3) for the rest, the fuzzy pass — doudi's
 * persons of the same county born the same day or of the same village and surname, scored by name (typos, swapped
 * characters, homophones), birth date, village and sex; the best at or above `SUGGEST_THRESHOLD` is suggested for a
 * caseworker's review, pairs rejected before are never suggested again. Memory stays flat: keyset batches of unmatched
 * persons; their candidates read by an indexed join on the birth date, then — for those it left without a suggestion —
 * one on the village and surname.
 */
export async function matchSnapshot(
  db: Kysely<Database> | Transaction<Database>,
  snapshotId: string,
  opts: MatchOptions = {},
): Promise<MatchSummary> {
  const repo = new PovertyMatchRepo(db);
  await repo.matchById(snapshotId);
  await repo.applyConfirmed(snapshotId);
  if (opts.fuzzy !== false) await fuzzyPass(repo, snapshotId, opts.batchSize ?? 1000);
  const c = await repo.counts(snapshotId);
  return { byId: c.id, confirmed: c.confirmed, suggested: c.suggested, unknown: c.unknown };
}

/** The fuzzy pass alone (after the ID pass and the confirmations); returns how many persons got a suggestion. */
export async function fuzzyPass(repo: PovertyMatchRepo, snapshotId: string, batchSize = 1000): Promise<number> {
  let after = '';
  let suggested = 0;
  const taken = await repo.confirmedPersons(snapshotId);
  for (;;) {
    const keys = await repo.unmatchedKeys(snapshotId, after, batchSize);
    if (keys.length === 0) break;
    after = keys[keys.length - 1];
    const free = (pairs: CandidatePair[]) => (taken.size === 0 ? pairs : pairs.filter((p) => !taken.has(`${p.c_county}/${p.c_id}`)));
    const byBirth = bestPerPerson(free(await repo.candidatesByBirth(snapshotId, keys[0], after)));
    // The village and surname only for those the birth date left without a suggestion: a village has hundreds of a surname.
    const found = new Set(byBirth.map((x) => x.personKey));
    const byVillage = bestPerPerson(free(await repo.candidatesByVillage(snapshotId, keys.filter((k) => !found.has(k)))));
    const suggestions = [...byBirth, ...byVillage];
    await repo.writeSuggestions(snapshotId, suggestions);
    suggested += suggestions.length;
    if (keys.length < batchSize) break;
  }
  return suggested;
}

/** Each person's best candidate at or above the threshold (ties: the lower county and id, so that a re-run agrees). */
export function bestPerPerson(pairs: readonly CandidatePair[]): Suggestion[] {
  const best = new Map<string, Suggestion>();
  for (const p of pairs) {
    const person: MatchSide = { name: p.p_name, birthDate: p.p_birth, sex: asSex(p.p_sex), villageCode: p.p_village };
    const candidate: MatchSide = { name: p.c_name, birthDate: p.c_birth, sex: asSex(p.c_sex), villageCode: p.c_area };
    const { score } = scoreMatch(person, candidate);
    if (score < SUGGEST_THRESHOLD) continue;
    const held = best.get(p.person_key);
    const better =
      !held || score > held.confidence || (score === held.confidence && `${p.c_county}/${p.c_id}` < `${held.county}/${held.personId}`);
    if (better) best.set(p.person_key, { personKey: p.person_key, county: p.c_county, personId: p.c_id, confidence: score });
  }
  return [...best.values()];
}
