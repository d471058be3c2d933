import type { Db } from '../../db/connect.ts';
import { generateDemo } from './generate-demo.ts';

/** The small demo `npm start` creates on an empty registry: fixed seed, so every fresh install shows the same data. */
export const STARTER_DEMO = { households: 3_000, seed: 'tieling-demo' } as const;

/**
 * Seeds the starter demo only when the registry holds no household at all (a database with real or earlier
 * data is never touched). Returns a one-line message for the console, or null when nothing was done.
 */
export async function seedDemoIfEmpty(db: Db, opts: { households?: number; seed?: string; now?: Date } = {}): Promise<string | null> {
  const any = await db.kysely.selectFrom('household').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const r = await generateDemo(db, {
    households: opts.households ?? STARTER_DEMO.households,
    seed: opts.seed ?? STARTER_DEMO.seed,
    actor: { userId: null, username: 'system:demo-seed' },
    now: opts.now,
  });
  const n = (x: number) => x.toLocaleString('en-US');
  return `合成演示数据 synthetic demo data: 已生成 ${n(r.households)} 户、${n(r.persons)} 人 / created ${n(r.households)} households, ${n(r.persons)} persons (全部标记为合成 all flagged synthetic)`;
}
