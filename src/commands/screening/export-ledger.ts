import { recordBulkRead } from '../../db/read-audit.ts';
import { divisionNames } from '../../db/division-repo.ts';
import type { ScreeningRowTable } from '../../db/schema.ts';
import { formatYuan } from '../../kernel/money.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { type CommandContext, actorName, auditActor, requirePermission } from '../context.ts';
import { EXPORT_ROW_CAP, type PreparedListExport, XLSX_TYPE } from '../exports/export-list.ts';
import { type Column, writeListWorkbook } from '../exports/workbook.ts';
import { parseJson } from '../shared/json-text.ts';
import type { StoredAssessment, StoredFindings } from './assess-row.ts';
import { campaignChain, requireCampaign, screeningRepo } from './screening-context.ts';
import { AppError } from '../../kernel/errors.ts';

const ATTRIBUTE = { general: '一般贫困户', dibao: '低保贫困户', tekun: '特困供养贫困户' } as const;
const METHOD = { data_comparison: '数据比对', information_check: '信息核查', home_visit: '入户走访' } as const;
const CONCLUSION = { covered: '已纳入', eligible: '符合条件，已开案', single_person: '单人保，已开案', not_eligible: '不符合条件', referred: '转介其他救助' } as const;
const REFERRAL = { temporary_aid: '临时救助', medical_aid: '医疗救助', welfare: '福利保障', elderly_care: '养老服务', employment: '就业帮扶' } as const;
const OPTION = { dibao_household: '家庭低保', dibao_individual: '单人保', tekun: '特困供养' } as const;
const LABOR = { full: '有劳动能力', partial: '部分丧失劳动能力', none: '无劳动能力' } as const;

type LedgerRow = ScreeningRowTable & { county_name: string; township_name: string; village_name: string };

const methodsText = (r: ScreeningRowTable) => parseJson<{ method: keyof typeof METHOD; date: string; staff: string[] }[]>(r.methods, []);

/** The ledger's columns (核查台账), in the order a county's ledger is kept. */
export const LEDGER_COLUMNS: readonly Column<LedgerRow>[] = [
  { header: '序号', value: (r) => Number(r.seq), width: 6 },
  { header: '县（区）', value: (r) => r.county_name, width: 10 },
  { header: '乡镇', value: (r) => r.township_name, width: 12 },
  { header: '村', value: (r) => r.village_name, width: 12 },
  { header: '户编号', value: (r) => r.hh_no, width: 18 },
  { header: '户主', value: (r) => r.head_name, width: 10 },
  { header: '户属性', value: (r) => ATTRIBUTE[r.attribute], width: 14 },
  { header: '脱贫状态', value: (r) => (r.status === 'out' ? `已脱贫${r.exit_year ? `（${r.exit_year}年）` : ''}` : '未脱贫'), width: 14 },
  { header: '家庭人口', value: (r) => Number(r.member_count), width: 8 },
  { header: '开展时在保情况', value: (r) => parseJson<string[]>(r.covered_at_open, []).map((p) => (p === 'dibao' ? '低保' : '特困')).join('、') || '未在保', width: 12 },
  { header: '核查方式及日期', value: (r) => methodsText(r).map((m) => `${METHOD[m.method]} ${m.date}`).join('；'), width: 30 },
  { header: '核查人', value: (r) => [...new Set(methodsText(r).flatMap((m) => m.staff))].join('、'), width: 16 },
  {
    header: '核查发现',
    value: (r) => {
      const f = parseJson<StoredFindings | null>(r.findings, null);
      if (!f) return '';
      const severe = f.members.filter((m) => (m.disability && m.disability.grade <= 2) || m.seriousIllness).length;
      const labor = f.members.map((m) => LABOR[m.laborCapacity]);
      const parts = [`年人均收入 ${formatYuan(f.incomeAnnualPerCapitaFen)} 元`, `金融资产 ${formatYuan(f.financialAssetsFen)} 元`, `车辆 ${f.vehicles} 辆`];
      if (labor.length > 0) parts.push(`劳动能力：${labor.join('、')}`);
      if (severe > 0) parts.push(`重度残疾或重病成员 ${severe} 人`);
      if (f.note) parts.push(f.note);
      return parts.join('；');
    },
    width: 40,
  },
  {
    header: '评估结果',
    value: (r) => {
      const a = parseJson<StoredAssessment | null>(r.assessment, null);
      if (!a) return '';
      const yes = a.options.filter((o) => o.eligible);
      return yes.length === 0 ? `${a.month} 不符合低保、特困条件` : yes.map((o) => `${OPTION[o.kind]}符合，月 ${formatYuan(o.amountFen)} 元`).join('；');
    },
    width: 30,
  },
  {
    header: '处理结论',
    value: (r) => {
      if (!r.conclusion) return '未完成';
      const d = parseJson<{ reason?: string; referrals?: (keyof typeof REFERRAL)[] }>(r.conclusion_detail, {});
      const more = [d.referrals?.map((k) => REFERRAL[k]).join('、'), d.reason].filter(Boolean).join('：');
      return more ? `${CONCLUSION[r.conclusion]}（${more}）` : CONCLUSION[r.conclusion];
    },
    width: 24,
  },
  { header: '结论日期', value: (r) => r.concluded_on, width: 12 },
  { header: '案件编号', value: (r) => r.case_id, width: 38 },
  { header: '填报人', value: (r) => r.updated_by_name, width: 10 },
];

/**
 * 台账导出 The ledger of the reader's area as an XLSX workbook in the ledger's layout, through the list exports'
 * streaming writer (ADR 0029): the heading, then the rows in batches. One bulk-read audit event before the first byte.
 */
export async function exportLedger(ctx: CommandContext, ref: { campaignId: string }): Promise<PreparedListExport> {
  requirePermission(ctx.actor, 'screening.read');
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const c = await requireCampaign(repo, ref.campaignId);
  const rows = await repo.countInScope(c.id);
  if (rows > EXPORT_ROW_CAP * 10) {
    throw new AppError('EXPORT_TOO_MANY_ROWS', { zh: '台账过大，请按乡镇导出', en: 'The ledger is too large; export it per township' }, { status: 400 });
  }
  const now = ctx.clock();
  await recordBulkRead(
    ctx.db.kysely,
    auditActor(ctx.actor),
    { chain: campaignChain(c.area_code), action: 'screening.export', entityType: 'screening_campaign', entityId: c.id, detail: { rows, format: 'xlsx', area: ctx.actor.areaCode } },
    now.toISOString(),
  );
  const areaName = (await divisionNames(ctx.db.kysely, [c.area_code, ctx.actor.areaCode])).get(ctx.actor.operator ? c.area_code : ctx.actor.areaCode) ?? c.area_code;
  const title = `${c.year}年集中排查核查台账`;
  const day = chinaDateOf(now).replaceAll('-', '');
  const kysely = ctx.db.kysely;
  async function* batches(): AsyncGenerator<LedgerRow[]> {
    for await (const batch of repo.batches(c.id, 500)) {
      const names = await divisionNames(kysely, batch.flatMap((r) => [`${r.county_code}000000`, r.township_code, r.area_code]));
      yield batch.map((r) => ({ ...r, county_name: names.get(`${r.county_code}000000`) ?? r.county_code, township_name: names.get(r.township_code) ?? r.township_code, village_name: names.get(r.area_code) ?? r.area_code }));
    }
  }
  return {
    filename: `${title}-${day}.xlsx`,
    asciiFilename: `doudi-screening-ledger-${c.year}-${day}.xlsx`,
    contentType: XLSX_TYPE,
    rows,
    write: (out) =>
      writeListWorkbook(out, {
        sheet: '核查台账',
        heading: { title, filters: [['完成时限', c.deadline]], who: `${actorName(ctx.actor)}（${ctx.actor.username}）`, at: now, areaName, rows },
        columns: LEDGER_COLUMNS,
        batches: batches(),
      }),
  };
}
