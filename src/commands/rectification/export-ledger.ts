import type { RuleCode } from '../../contracts/supervision.ts';
import type { FindingTable } from '../../db/schema.ts';
import { notFound } from '../../db/scope.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { type PreparedListExport, prepareSourceExport } from '../exports/export-list.ts';
import { RULES } from '../supervision/rules/index.ts';
import { areaNamesOf, CAMPAIGN, rectificationRepo } from './rectification-context.ts';

const STATUS_WORDS: Record<FindingTable['status'], string> = { open: '待整改', answered: '待核查', closed: '已销号' };
const chinaTime = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

/**
 * 专项治理台账导出 A campaign's ledger (its findings within the reader's area, with their status, deadline, answer and
 * closing) to XLSX through the one list export (ADR 0029): the permission, the cap, the bulk-read audit event and the
 * workbook's heading are the mechanism's; the rows are the ledger's.
 */
export async function exportCampaignLedger(ctx: CommandContext, id: string): Promise<PreparedListExport> {
  requirePermission(ctx.actor, 'findings.read');
  const repo = rectificationRepo(ctx);
  const c = await repo.campaign(id);
  if (!c) throw notFound(CAMPAIGN);
  const today = todayOf(ctx);
  return prepareSourceExport<FindingTable & { areaName: string }>(ctx, {
    kind: 'campaign-ledger',
    source: {
      title: '专项治理台账',
      permission: 'findings.read',
      action: 'campaign.export',
      columns: [
        { header: '县（市）区', value: (f) => f.county_code, width: 10 },
        { header: '区划', value: (f) => f.areaName, width: 16 },
        { header: '问题类型', value: (f) => RULES[f.rule as RuleCode]?.name.zh ?? f.rule, width: 22 },
        { header: '首次发现', value: (f) => chinaTime(f.first_found_at), width: 18 },
        { header: '整改期限', value: (f) => f.due_on, width: 12 },
        { header: '状态', value: (f) => STATUS_WORDS[f.status], width: 8 },
        { header: '是否逾期', value: (f) => (f.status === 'open' && f.due_on < today ? '逾期' : ''), width: 8 },
        { header: '退回次数', value: (f) => Number(f.sent_back_count), width: 8 },
        { header: '整改措施', value: (f) => f.answer_action, width: 40 },
        { header: '销号时间', value: (f) => chinaTime(f.closed_at), width: 18 },
      ],
      open: async (cx, cap) => {
        const rows = await repo.campaignLedger(c.id, cap + 1);
        const nameOf = await areaNamesOf(cx, rows.map((f) => f.area_code));
        const named = rows.map((f) => ({ ...f, areaName: nameOf(f.area_code) }));
        return {
          total: named.length,
          overCap: named.length > cap,
          areaCode: repo.scope.areaCode,
          chain: c.area_code.slice(4, 6) === '00' ? 'city' : c.area_code.slice(0, 6),
          entityType: 'supervision_campaign',
          entityId: c.id,
          words: [
            ['专项治理', c.title],
            ['期间', `${c.starts_on} 至 ${c.ends_on}`],
          ],
          audited: { campaign: c.id },
          batches: (async function* () {
            if (named.length > 0) yield named;
          })(),
        };
      },
    },
  });
}
