import { BulletinBody, BulletinIssueBody, type BulletinListItem, type BulletinView, type ComparisonView } from '../../contracts/report-workflow.ts';
import { appendAudit, canonicalJson, digest } from '../../db/audit.ts';
import type { ReportBulletinTable } from '../../db/schema.ts';
import { notFound } from '../../db/scope.ts';
import { type CommandContext, actorName, auditActor, may, requirePermission, staleVersion, todayOf } from '../context.ts';
import { comparisonOf } from './compare-counties.ts';
import { CITY, isCityScope, reportError, reportKey, reportsRepo } from './report-context.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

const BULLETIN = { zh: '通报', en: 'bulletin' };

function quarterOf(input: { quarter: unknown }, ctx: CommandContext): string {
  return reportKey({ county: '211221', quarter: input.quarter }, todayOf(ctx)).quarter;
}

function requireWriter(ctx: CommandContext): void {
  requirePermission(ctx.actor, 'reports.bulletin');
  if (!isCityScope(ctx)) throw reportError('REPORT_CITY_ONLY', { zh: '通报由市局撰写和发布', en: 'The city writes and issues the bulletin' }, undefined, 403);
}

const issuedError = (quarter: string) => reportError('BULLETIN_ISSUED', { zh: `${quarter} 通报已发布，不能再修改`, en: `The ${quarter} bulletin was issued: it no longer changes` }, 'quarter', 409);

/**
 * 撰写通报 The city supervisor writes the bulletin of a quarter (title and text): the first save creates the draft, later
 * saves need the version read. An issued bulletin is refused. In the city's audit chain, in the same transaction.
 */
export async function saveBulletin(ctx: CommandContext, input: { quarter: unknown; body: unknown }): Promise<ReportBulletinTable> {
  requireWriter(ctx);
  const quarter = quarterOf(input, ctx);
  const parsed = BulletinBody.safeParse(input.body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'title';
    throw reportError('BULLETIN_TEXT', { zh: '请填写通报标题（最多 200 字），正文最多 20000 字', en: 'A bulletin has a title (200 characters at most) and a text of 20,000 at most' }, field);
  }
  const b = parsed.data;
  const at = ctx.clock().toISOString();
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const repo = reportsRepo(ctx, trx);
      const cur = await repo.bulletin(CITY, quarter);
      if (cur?.status === 'issued') throw issuedError(quarter);
      const text = { title: b.title, body: b.body, drafted_by_name: actorName(ctx.actor), updated_at: at };
      let row: ReportBulletinTable;
      if (!cur) {
        if (b.version !== undefined) throw staleVersion(BULLETIN);
        row = { city_code: CITY, quarter, status: 'draft', ...text, created_at: at, snapshot: null, snapshot_digest: null, issued_by: null, issued_by_name: null, issued_at: null, version: 1 };
        await repo.insertBulletin(row);
      } else {
        if (b.version !== cur.version || !(await repo.saveBulletin(CITY, quarter, cur.version, text))) throw staleVersion(BULLETIN);
        row = { ...cur, ...text, version: cur.version + 1 };
      }
      await appendAudit(trx, auditActor(ctx.actor), { chain: 'city', action: 'bulletin.draft', entityType: 'report_bulletin', entityId: quarter, before: cur ?? null, after: row, detail: { quarter, version: row.version } }, at);
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw staleVersion(BULLETIN);
    throw e;
  }
}

/**
 * 发布通报 The city issues the bulletin: the comparison of the counties computed now (their submitted snapshots, the
 * others computed) is frozen with it, its digest in the audit event of the same transaction; from then every county
 * reads it, and it never changes.
 */
export async function issueBulletin(ctx: CommandContext, input: { quarter: unknown; body: unknown }): Promise<ReportBulletinTable> {
  requireWriter(ctx);
  const quarter = quarterOf(input, ctx);
  const parsed = BulletinIssueBody.safeParse(input.body ?? {});
  if (!parsed.success) throw reportError('REPORT_VERSION', { zh: '请刷新页面后再发布', en: 'Reload the bulletin and issue it again (its version is missing)' }, 'version');
  const cur = await reportsRepo(ctx).bulletin(CITY, quarter);
  if (!cur) throw reportError('BULLETIN_NO_DRAFT', { zh: `${quarter} 通报尚未起草`, en: `The ${quarter} bulletin has no draft yet` }, 'quarter', 409);
  if (cur.status === 'issued') throw issuedError(quarter);
  if (cur.version !== parsed.data.version) throw staleVersion(BULLETIN);
  const comparison = await comparisonOf(ctx, quarter);
  const at = ctx.clock().toISOString();
  const snapshotDigest = digest(comparison)!;
  const frozen = { snapshot: canonicalJson(comparison), snapshot_digest: snapshotDigest, issued_by: ctx.actor.userId || null, issued_by_name: actorName(ctx.actor), issued_at: at };
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = reportsRepo(ctx, trx);
    if (!(await repo.issueBulletin(CITY, quarter, cur.version, frozen))) {
      if ((await repo.bulletin(CITY, quarter))?.status === 'issued') throw issuedError(quarter);
      throw staleVersion(BULLETIN);
    }
    const row: ReportBulletinTable = { ...cur, ...frozen, status: 'issued', updated_at: at, version: cur.version + 1 };
    await appendAudit(trx, auditActor(ctx.actor), {
      chain: 'city',
      action: 'bulletin.issue',
      entityType: 'report_bulletin',
      entityId: quarter,
      before: cur,
      after: row,
      detail: { quarter, snapshotDigest, counties: comparison.counties.length, submitted: comparison.counties.filter((c) => c.source === 'snapshot').length },
    }, at);
    return row;
  });
}

/** Whether the actor reads drafts (the city's writers); everyone else reads issued bulletins only. */
const readsDrafts = (ctx: CommandContext) => may(ctx.actor, 'reports.bulletin') && isCityScope(ctx);

/**
 * 通报 A bulletin: issued, to everyone with reports.read (with the comparison frozen when issued); a draft only to the
 * city's writers (with the comparison computed now, their preview) — to anyone else it does not exist.
 */
export async function getBulletin(ctx: CommandContext, input: { quarter: unknown }): Promise<BulletinView> {
  requirePermission(ctx.actor, 'reports.read');
  const quarter = quarterOf(input, ctx);
  const row = await reportsRepo(ctx).bulletin(CITY, quarter);
  if (!row || (row.status !== 'issued' && !readsDrafts(ctx))) throw notFound(BULLETIN);
  const comparison: ComparisonView = row.snapshot ? (JSON.parse(row.snapshot) as ComparisonView) : await comparisonOf(ctx, quarter);
  return {
    quarter: row.quarter,
    status: row.status,
    title: row.title,
    body: row.body,
    draftedBy: row.drafted_by_name,
    updatedAt: row.updated_at,
    issuedBy: row.issued_by_name,
    issuedAt: row.issued_at,
    snapshotDigest: row.snapshot_digest,
    version: row.version,
    comparison,
  };
}

export async function listBulletins(ctx: CommandContext): Promise<BulletinListItem[]> {
  requirePermission(ctx.actor, 'reports.read');
  const rows = await reportsRepo(ctx).bulletins(CITY, { issuedOnly: !readsDrafts(ctx) });
  return rows.map((r) => ({ quarter: r.quarter, status: r.status, title: r.title, issuedAt: r.issued_at }));
}
