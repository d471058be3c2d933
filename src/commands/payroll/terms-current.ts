import type { Db } from '../../db/connect.ts';

type EnsureTermsCurrent = (db: Db, o: { county: string; month: string }) => Promise<unknown>;

/**
 * Before a roll is built, the enrollments' terms are brought up to date (recalculation when parameters changed for
 * the month, gradual exits that ran out…) by the enrollments module, which owns that logic. Loaded by path at run
 * time so the roll build works on terms as they are where that module is not there.
 */
const MODULE = '../enrollments/ensure-terms-current.ts';
let loaded: Promise<EnsureTermsCurrent | null> | undefined;

export async function ensureTermsCurrent(db: Db, o: { county: string; month: string }): Promise<void> {
  loaded ??= import(MODULE).then(
    (m: { ensureTermsCurrent?: EnsureTermsCurrent }) => m.ensureTermsCurrent ?? null,
    (e: NodeJS.ErrnoException) => {
      if (e?.code === 'ERR_MODULE_NOT_FOUND') return null;
      throw e;
    },
  );
  const fn = await loaded;
  if (fn) await fn(db, o);
}
