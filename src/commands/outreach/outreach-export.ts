import type { OutreachQuery, OutreachRow } from '../../contracts/outreach.ts';
import { scopeOf } from '../../db/scope.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { CommandContext } from '../context.ts';
import { type PreparedListExport, prepareSourceExport } from '../exports/export-list.ts';
import type { ListSource } from '../exports/list-sources.ts';
import { listOutreach } from './outreach.ts';

const KIND_WORDS = { dibao_household: '低保（家庭）', dibao_individual: '单人保', tekun: '特困供养' } as const;

/**
 * 应保尽保名单 The outreach list to a workbook through the one list export (ADR 0029): the same rows as the page (one line
 * per finding: a household eligible for dibao and one member for tekun is two lines), the area's heading, the cap and
 * the bulk-read audit event before the first byte.
 */
const outreachSource: ListSource<'outreach', OutreachRow & { finding: OutreachRow['findings'][number] }> = {
  title: '应保尽保名单',
  permission: 'outreach.read',
  action: 'outreach.export',
  columns: [
    { header: '乡镇（街道）', value: (r) => r.townshipName, width: 18 },
    { header: '村（社区）', value: (r) => r.areaName, width: 22 },
    { header: '户主', value: (r) => r.headName, width: 12 },
    { header: '人口', value: (r) => r.memberCount, width: 8 },
    { header: '建档立卡', value: (r) => (r.registeredPoor ? '是' : '否'), width: 10 },
    { header: '可申请类别', value: (r) => KIND_WORDS[r.finding.kind], width: 14 },
    { header: '对象成员', value: (r) => r.finding.personName ?? '', width: 12 },
    { header: '测算月保障金额（元）', value: (r) => formatYuan(r.finding.monthlyFen), width: 20 },
    { header: '户编号', value: (r) => r.householdId, width: 38 },
  ],
  async open(ctx, f: OutreachQuery, cap) {
    const list = await listOutreach(ctx, f);
    const lines = list.rows.flatMap((r) => r.findings.map((finding) => ({ ...r, finding })));
    const words: [string, string][] = [['测算月份', list.month]];
    return {
      total: lines.length,
      overCap: lines.length > cap,
      areaCode: list.areaCode,
      chain: scopeOf(list.areaCode).countyCode ?? 'city',
      entityType: 'household',
      words,
      audited: { county: f.county ?? null, township: f.township ?? null, month: list.month },
      batches: (async function* () {
        for (let i = 0; i < Math.min(lines.length, cap); i += 500) yield lines.slice(i, i + 500);
      })(),
    };
  },
};

export function prepareOutreachExport(ctx: CommandContext, filters: OutreachQuery): Promise<PreparedListExport> {
  return prepareSourceExport(ctx, { kind: 'outreach', source: { ...outreachSource, open: (c, cap) => outreachSource.open(c, filters, cap) } });
}
