import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * `meta`: the server's own small records (a key rotation's progress, a demo run's, the key check), outside any area —
 * they describe the database, not anyone's case. The one place commands read and write them.
 */
export async function readMeta(q: Q, key: string): Promise<string | undefined> {
  return (await q.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Sets a record (replacing it), in the caller's transaction. */
export async function writeMeta(q: Q, key: string, value: string): Promise<void> {
  await q.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/** Sets a record unless there is one already (a first time stays the first). */
export async function addMeta(q: Q, key: string, value: string): Promise<void> {
  await q.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
}
