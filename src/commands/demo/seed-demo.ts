import type { Db } from '../../db/connect.ts';
import { enrollDemo } from './enroll-demo.ts';
import { generateDemo } from './generate-demo.ts';

/** The small demo `npm start` creates on an empty registry: fixed seed, so every fresh install shows the same data. */
export const STARTER_DEMO = { households: 3_000, seed: 'tieling-demo' } as const;

/**
 * Seeds the starter demo only when the registry holds no household at all (a database with real or earlier
 * data is never touched). Returns a one-line message for the console, or null when nothing was done.
 */
export async function seedDemoIfEmpty(db: Db, opts: { households?: number; seed?: string; now?: Date; enroll?: boolean } = {}): Promise<string | null> {
  const any = await db.kysely.selectFrom('household').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const r = await generateDemo(db, {
    households: opts.households ?? STARTER_DEMO.households,
    seed: opts.seed ?? STARTER_DEMO.seed,
    actor: { userId: null, username: 'system:demo-seed' },
    now: opts.now,
  });
  const n = (x: number) => x.toLocaleString('en-US');
  const line = `合成演示数据 synthetic demo data: 已生成 ${n(r.households)} 户、${n(r.persons)} 人 / created ${n(r.households)} households, ${n(r.persons)} persons (全部标记为合成 all flagged synthetic)`;
  if (opts.enroll === false) return line;
  // The households that qualify are enrolled too (synthetic decisions), so the demo has rolls to build since 2019-01.
  const e = await enrollDemo(db, { actor: { userId: null, username: 'system:demo-seed' }, now: opts.now });
  return `${line}\n合成保障对象 synthetic enrollments: 低保 dibao ${n(e.dibao)}、特困 tekun ${n(e.tekun)} (2019-01 起 from 2019-01, 决定标记为合成 decisions marked synthetic)`;
}
