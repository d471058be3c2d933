import { sql } from 'kysely';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../db/connect.ts';
import { contextAs } from '../auth/acting-user.ts';
import { importPovertySnapshot } from '../poverty/import-snapshot.ts';
import { topUpReserve } from '../temporary/reserve-top-up.ts';
import { confirmOverride, proposeOverride } from '../policy/overrides.ts';
import { REQUIRED_DOCUMENTS } from '../../contracts/case-files.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { writeDemoPovertyFile } from './poverty-file.ts';
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

/** The demo's poverty liaison (src/commands/admin/demo-users.ts), who imports the starter poverty-registry file. */
const DEMO_LIAISON = 'fupin';

/**
 * The starter demo's poverty-registry snapshot (issue 12 point 8): on a demo start with no snapshot yet, the demo's
 * poverty file (`doudi demo poverty-file`, the starter seed) is imported as the liaison, so the poverty pages have data.
 * A database with a snapshot, without the demo liaison or without synthetic households is left alone. Returns a line for the console, or null.
 */
export async function seedDemoPovertyIfNone(db: Db, opts: { seed?: string } = {}): Promise<string | null> {
  if (await db.kysely.selectFrom('poverty_snapshot').select('id').limit(1).executeTakeFirst()) return null;
  const liaison = await db.kysely.selectFrom('app_user').select('username').where('username', '=', DEMO_LIAISON).executeTakeFirst();
  if (!liaison) return null;
  // Only over a demo population (rows flagged synthetic): a registry of real households gets no made-up snapshot.
  if (!(await db.kysely.selectFrom('household').select('id').where('synthetic', '=', 1).limit(1).executeTakeFirst())) return null;
  const dir = await mkdtemp(join(tmpdir(), 'doudi-demo-poverty-'));
  try {
    const file = join(dir, 'demo-poverty.csv');
    const started = Date.now();
    const made = await writeDemoPovertyFile(operatorContext(db, { name: 'system:demo-seed' }), { seed: opts.seed ?? STARTER_DEMO.seed, out: file, format: 'csv' });
    const r = await importPovertySnapshot(await contextAs(db, DEMO_LIAISON), { file, format: 'csv', fileName: '演示建档立卡数据.csv' });
    if (r.outcome !== 'accepted') return `演示建档立卡数据未导入 demo poverty file not imported: ${r.problems[0]?.message.zh ?? r.outcome}`;
    return `演示建档立卡数据 demo poverty registry: ${made.households} 户、${made.persons} 人 imported as ${DEMO_LIAISON} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The demo's county approvers (src/commands/admin/demo-users.ts), who top up the reserves of their counties' townships. */
const DEMO_RESERVE_APPROVERS = ['shenpi', 'xifeng'];
const DEMO_RESERVE_YUAN = '20000';

/**
 * The starter demo's township reserves (乡镇临时救助备用金, ADR 0039): on a demo start with no reserve yet, each demo
 * county approver tops up every township of their county that has synthetic households, so an emergency can be paid
 * first at once. Real registries (no synthetic households) and databases with a reserve are left alone. Returns a line
 * for the console, or null.
 */
export async function seedDemoReservesIfNone(db: Db): Promise<string | null> {
  if (await db.kysely.selectFrom('township_reserve').select('township_code').limit(1).executeTakeFirst()) return null;
  let n = 0;
  for (const username of DEMO_RESERVE_APPROVERS) {
    const user = await db.kysely.selectFrom('app_user').select(['username', 'area_code']).where('username', '=', username).executeTakeFirst();
    if (!user) continue;
    const county = user.area_code.slice(0, 6);
    const townships = await db.kysely
      .selectFrom('household')
      .select((e) => sql<string>`substr(${e.ref('area_code')}, 1, 9) || '000'`.as('township'))
      .where('county_code', '=', county)
      .where('synthetic', '=', 1)
      .groupBy(sql`substr(area_code, 1, 9)`)
      .execute();
    if (townships.length === 0) continue;
    const ctx = await contextAs(db, username);
    for (const t of townships) {
      await topUpReserve(ctx, { ref: { township: t.township }, input: { amount: DEMO_RESERVE_YUAN, note: '演示数据（合成）：年初拨付' } });
      n++;
    }
  }
  return n > 0 ? `演示备用金 demo township reserves: ${n} 个乡镇各 ${DEMO_RESERVE_YUAN} 元 topped up (synthetic)` : null;
}

/** The demo county whose new cases need their documents as files (铁岭县, the demo users' county). */
const DEMO_DOCUMENTS_COUNTY = '211221';

/**
 * 必备材料（演示县）: on a demo start with no decision about the required documents yet, the demo's system administrator
 * proposes and its city supervisor confirms that 铁岭县 requires them (ADR 0049) for the cases applied for from today —
 * so a demo user taking a new case of the county through acceptance and investigation uploads the application, the
 * declaration, the ID/hukou copies and the home-visit form, while the demo's earlier cases keep their typed-in names.
 * Real registries (no synthetic households) and databases that already decided are left alone. A line for the console, or null.
 */
export async function seedDemoRequiredDocumentsIfNone(db: Db, now: Date = new Date()): Promise<string | null> {
  const decided = await db.kysely.selectFrom('policy_override').select('id').where('name', '=', REQUIRED_DOCUMENTS.parameter).limit(1).executeTakeFirst();
  if (decided) return null;
  if (!(await db.kysely.selectFrom('household').select('id').where('county_code', '=', DEMO_DOCUMENTS_COUNTY).where('synthetic', '=', 1).limit(1).executeTakeFirst())) return null;
  const users = await db.kysely.selectFrom('app_user').select('username').where('username', 'in', ['admin', 'ducha']).execute();
  if (users.length < 2) return null;
  const day = chinaDateOf(now);
  const clock = () => now;
  const proposed = await proposeOverride(
    { ...(await contextAs(db, 'admin')), clock },
    { name: REQUIRED_DOCUMENTS.parameter, area: DEMO_DOCUMENTS_COUNTY, effectiveFrom: day, value: 1, citation: `演示设置（合成）：铁岭县自 ${day} 起受理的案件须上传必备材料，依据${REQUIRED_DOCUMENTS.citation}` },
  );
  await confirmOverride({ ...(await contextAs(db, 'ducha')), clock }, { id: proposed.id, input: {} });
  return `演示必备材料 demo required documents: 铁岭县自 ${day} 起受理的案件须上传申请书、声明、身份证/户口簿和入户调查表 (from ${day}, synthetic setting)`;
}
