import { connect, type Db, migrateToLatest, resolveConnectOptions } from '../db/connect.ts';
import { prepareDatabase } from '../commands/admin/bootstrap.ts';

/** The CLI's composition root: opens the configured database (DATABASE_URL or ./data), migrated and seeded. */
export async function openRuntimeDb(opts: { quiet?: boolean } = {}): Promise<Db> {
  const db = await connect(resolveConnectOptions());
  await prepareDatabase(db, new Date(), opts.quiet ? () => {} : (m) => process.stderr.write(`${m}\n`));
  return db;
}

export async function withDb<T>(fn: (db: Db) => Promise<T>, opts: { quiet?: boolean } = {}): Promise<T> {
  const db = await openRuntimeDb(opts);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `doudi db migrate`: the schema only, no seeding. */
export async function migrateOnly(): Promise<{ applied: string[]; dialect: string }> {
  const db = await connect(resolveConnectOptions());
  try {
    return { applied: await migrateToLatest(db), dialect: db.dialect };
  } finally {
    await db.close();
  }
}
