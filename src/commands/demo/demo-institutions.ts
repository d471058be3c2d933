import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../db/audit.ts';
import { scopeOf } from '../../db/scope.ts';
import { TekunCareRepo } from '../../db/tekun-care-repo.ts';
import { type CommandContext, auditActor } from '../context.ts';

/** The demo county (铁岭县). */
export const DEMO_INSTITUTION_COUNTY = '211221';

/**
 * 供养服务机构（演示） Labelled demo institutions of the demo county: not real places — each name and address says
 * 演示 and the rows are marked synthetic, so that a caseworker trying 集中供养 has a list to choose from (ADR 0027).
 */
const DEMO_INSTITUTIONS = [
  { name: '铁岭县中心敬老院（演示）', address: '铁岭县新台子镇敬老院路1号（演示地址）' },
  { name: '铁岭县腰堡镇敬老院（演示）', address: '铁岭县腰堡镇民政路8号（演示地址）' },
  { name: '铁岭县特困人员供养服务中心（演示）', address: '铁岭县凡河镇福寿街18号（演示地址）' },
] as const;

/** Adds the demo institutions to a county that has none (idempotent), audited as the demo's operator. */
export async function seedDemoInstitutions(ctx: CommandContext, county = DEMO_INSTITUTION_COUNTY): Promise<number> {
  const at = ctx.clock().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = new TekunCareRepo(trx, scopeOf(ctx.actor.areaCode));
    if ((await repo.institutions(county, { all: true })).length > 0) return 0;
    const rows = DEMO_INSTITUTIONS.map((i) => ({ county_code: county, id: randomUUID(), name: i.name, address: i.address, synthetic: 1, active: 1, created_at: at }));
    await repo.insertInstitutions(rows);
    await appendAudit(trx, auditActor(ctx.actor), { chain: county, action: 'tekun_institution.demo', entityType: 'tekun_institution', entityId: county, detail: { added: rows.length, synthetic: true } }, at);
    return rows.length;
  });
}
