/**
 * How tests/e2e/run.ts splits the browser tests into shards that run at the same time, each against a system of its own
 * (its own database, server and Chromium). Balanced by how long each file typically takes, greedily: the longest unit
 * first, each to the shard with the least work so far. Within a shard the files run in name order, as they did when
 * one system ran them all.
 */

/**
 * Typical seconds per file when one system runs the files one after another (CI on 2 cores, 2026-12-05: the mean of
 * the SQLite and the PostgreSQL run, rounded). For balancing only: a stale or missing figure makes the shards uneven,
 * never a test wrong. A file not listed counts as the mean of those listed. Update from the `(file: N s)` lines of a
 * CI log when a file grows or a new one arrives.
 */
export const TYPICAL_SECONDS: Readonly<Record<string, number>> = {
  'account.e2e.ts': 24,
  'admin.e2e.ts': 40,
  'audit-browser.e2e.ts': 33,
  'case-archive.e2e.ts': 12,
  'case-files.e2e.ts': 8,
  'cases.e2e.ts': 47,
  'csp.e2e.ts': 39,
  'dashboard.e2e.ts': 15,
  'dual-inclusion.e2e.ts': 12,
  'exports.e2e.ts': 4,
  'field-visit.e2e.ts': 22,
  'findings.e2e.ts': 15,
  'four-deliberations.e2e.ts': 16,
  'heating-registry.e2e.ts': 25,
  'heating-season.e2e.ts': 38,
  'notices.e2e.ts': 10,
  'outreach.e2e.ts': 8,
  'payroll.e2e.ts': 23,
  'personal-data.e2e.ts': 20,
  'phone.e2e.ts': 59,
  'policy.e2e.ts': 43,
  'poverty-import.e2e.ts': 9,
  'poverty-match.e2e.ts': 5,
  'quarterly-report.e2e.ts': 30,
  'rectification.e2e.ts': 25,
  'registry-import.e2e.ts': 8,
  'registry.e2e.ts': 17,
  'review-changes.e2e.ts': 11,
  'reviews.e2e.ts': 13,
  'screening.e2e.ts': 23,
  'simulate.e2e.ts': 10,
  'tekun-care.e2e.ts': 6,
  'temporary-aid.e2e.ts': 90,
  'township-reserve.e2e.ts': 20,
};

/**
 * Files that read what another file left in the system, and so run in one shard, in name order (which is the order
 * listed here). Every file also passes alone on a fresh system (`run.ts <stem>`); these are kept together so that no
 * file sees less than it did when one system ran them all.
 * - csp.e2e.ts opens "a case" among its routes: the one cases.e2e.ts approved. Without it, it would load the case
 *   page's not-found result instead of a real case, and check the CSP of less.
 */
export const TOGETHER: readonly (readonly string[])[] = [['cases.e2e.ts', 'csp.e2e.ts']];

/**
 * Order-only relations that name order within a shard keeps, with no need to share a shard (noted here so that a
 * change of order is made knowingly):
 * - dual-inclusion.e2e.ts shows the empty state only while no poverty snapshot exists; poverty-import, poverty-match and
 *   screening make snapshots and sort after it.
 * - reviews.e2e.ts and review-changes.e2e.ts share the runner's four `e2re` households (the first two and the last).
 */

/** `files` in at most `n` shards (none empty), balanced by `seconds`; each shard's files in name order. */
export function planShards(files: readonly string[], n: number, seconds: Readonly<Record<string, number>> = TYPICAL_SECONDS, together = TOGETHER): string[][] {
  const known = Object.values(seconds);
  const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const cost = (f: string) => seconds[f] ?? mean;
  // Units: each group's files that are present, then every other file on its own.
  const units: string[][] = [];
  const grouped = new Set<string>();
  for (const g of together) {
    const present = g.filter((f) => files.includes(f));
    if (present.length === 0) continue;
    units.push(present);
    for (const f of present) grouped.add(f);
  }
  for (const f of files) if (!grouped.has(f)) units.push([f]);
  const weight = (u: string[]) => u.reduce((s, f) => s + cost(f), 0);
  units.sort((a, b) => weight(b) - weight(a) || a[0].localeCompare(b[0]));

  const shards = Array.from({ length: Math.max(1, Math.min(n, units.length)) }, () => ({ files: [] as string[], load: 0 }));
  for (const u of units) {
    const lightest = shards.reduce((min, s) => (s.load < min.load ? s : min));
    lightest.files.push(...u);
    lightest.load += weight(u);
  }
  return shards.map((s) => s.files.sort());
}
