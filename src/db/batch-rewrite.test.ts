import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rewriteRows } from './batch-rewrite.ts';
import { connect, type Db } from './connect.ts';

/** rewriteRows' options for long rewrites while others write (key rotation, ADR 0019), on SQLite. */
describe('rewriteRows', () => {
  let dir: string;
  let db: Db;
  let q: Kysely<unknown>;
  let other: DatabaseSync;
  const values = async () => (await sql<{ id: number; v: string }>`select id, v from t order by id`.execute(q)).rows.map((r) => r.v);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doudi-rewrite-'));
    db = await connect({ dataDir: dir });
    q = db.kysely as unknown as Kysely<unknown>;
    await sql`create table t (id integer primary key, v text)`.execute(q);
    await sql`insert into t (id, v) values (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')`.execute(q);
    other = new DatabaseSync(join(dir, 'doudi.sqlite'));
  });
  afterEach(async () => {
    other.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ifUnchanged: a row another writer changed between the read and the write keeps that writer\'s value', async () => {
    const changed = await rewriteRows(q, {
      table: 't',
      key: ['id'],
      read: ['v'],
      batch: 2,
      ifUnchanged: true,
      write: (r) => {
        // Another connection writes row 3 after this batch read it.
        if (r.id === 3) other.prepare(`update t set v = 'other' where id = 3`).run();
        return { v: `${r.v}!` };
      },
    });
    expect(await values()).toEqual(['a!', 'b!', 'other', 'd!', 'e!']);
    expect(changed).toBe(4);
  });

  it('without it, the older value would be written back over the other writer\'s', async () => {
    await rewriteRows(q, {
      table: 't',
      key: ['id'],
      read: ['v'],
      write: (r) => {
        if (r.id === 3) other.prepare(`update t set v = 'other' where id = 3`).run();
        return { v: `${r.v}!` };
      },
    });
    expect((await values())[2]).toBe('c!');
  });

  it('transactionPerBatch: each batch commits with its afterBatch; a failure loses only the batch in hand', async () => {
    const seen: number[] = [];
    const run = rewriteRows(q, {
      table: 't',
      key: ['id'],
      read: ['v'],
      batch: 2,
      transactionPerBatch: true,
      write: (r) => ({ v: `${r.v}!` }),
      afterBatch: async (trx, n) => {
        seen.push(n);
        await sql`insert into t (id, v) values (${100 + seen.length}, 'log')`.execute(trx);
        if (seen.length === 2) throw new Error('interrupted');
      },
    });
    await expect(run).rejects.toThrow('interrupted');
    expect(seen).toEqual([2, 2]);
    expect(await values()).toEqual(['a!', 'b!', 'c', 'd', 'e', 'log']);
  });
});
