import type { Db } from '../../db/connect.ts';
import { addMeta, readMeta } from '../../db/meta-repo.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { seedDemoInstitutions } from './demo-institutions.ts';
import { enrollDemo } from './enroll-demo.ts';
import { generateDemo, incompleteRun } from './generate-demo.ts';
import { operatorContext } from '../context.ts';

/** The small demo `npm start` creates on an empty registry: fixed seed, so every fresh install shows the same data. */
export const STARTER_DEMO = { households: 3_000, seed: 'tieling-demo' } as const;

const ENROLLED = 'demo.starter.enrolled';

/**
 * Seeds the starter demo only when the registry holds no household at all (a database with real or earlier
 * data is never touched) — or completes the starter demo when its first start was interrupted (its generation, then
 * its enrollment, both resumable). Returns a one-line message for the console, or null when nothing was done.
 * Bootstrap (`npm start`, `serve --demo`), not a use case: the composition root runs it, as the operator
 * `system:demo-seed` over the whole city.
 */
export async function seedDemoIfEmpty(db: Db, opts: { households?: number; seed?: string; now?: Date; enroll?: boolean } = {}): Promise<string | null> {
  const ctx = operatorContext(db, { name: 'system:demo-seed', clock: opts.now ? () => opts.now as Date : undefined });
  const seed = opts.seed ?? STARTER_DEMO.seed;
  const any = !(await new RegistryRepo(db.kysely, scopeOf(ctx.actor.areaCode)).isEmpty());
  const interrupted = await incompleteRun(db.kysely, 'city', seed);
  if (any && !interrupted) {
    // A registry with data is left alone, unless it is this starter demo whose enrollment did not finish.
    const ours = await hasMeta(db, `demo.run:city:${seed}`);
    if (!ours || opts.enroll === false || (await hasMeta(db, ENROLLED))) return null;
  }
  const r =
    any && !interrupted
      ? null
      : await generateDemo(ctx, {
          households: interrupted?.households ?? opts.households ?? STARTER_DEMO.households,
          seed,
        });
  const n = (x: number) => x.toLocaleString('en-US');
  const line = r
    ? `合成演示数据 synthetic demo data: 已生成 ${n(r.households)} 户、${n(r.persons)} 人 / created ${n(r.households)} households, ${n(r.persons)} persons (全部标记为合成 all flagged synthetic)${r.resumedFrom > 0 ? ` — 续上次中断 resumed after ${n(r.resumedFrom)}` : ''}`
    : '合成演示数据 synthetic demo data: 已生成 generated earlier';
  // 供养服务机构（演示）: the demo county's labelled demo institutions, for 集中供养 (ADR 0027).
  await seedDemoInstitutions(ctx);
  if (opts.enroll === false) return line;
  // The households that qualify are enrolled too (synthetic decisions), so the demo has rolls to build since 2019-01.
  // Enrollment skips households already enrolled: an interrupted first start finishes it on the next.
  const e = await enrollDemo(ctx);
  await addMeta(db.kysely, ENROLLED, new Date().toISOString());
  return `${line}\n合成保障对象 synthetic enrollments: 低保 dibao ${n(e.dibao)}、特困 tekun ${n(e.tekun)} (2019-01 起 from 2019-01, 决定标记为合成 decisions marked synthetic)`;
}

async function hasMeta(db: Db, key: string): Promise<boolean> {
  return (await readMeta(db.kysely, key)) !== undefined;
}
