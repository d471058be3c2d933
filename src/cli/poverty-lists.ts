import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import type { PreparedListExport } from '../commands/exports/export-list.ts';
import { countyLists } from '../commands/poverty/dual-inclusion-overview.ts';
import { importReplies } from '../commands/poverty/import-replies.ts';
import { prepareExchangeExport, prepareReferralExport } from '../commands/poverty/poverty-exports.ts';
import { writeImportReport } from '../commands/uploads/import-report.ts';
import type { CountyLists, ReplyImportReport } from '../contracts/dual-inclusion.ts';
import { AppError } from '../kernel/errors.ts';
import { spreadsheetFormatOf, usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

const asUsage = usageErrorsIn(new Set(['POVERTY_FORMAT', 'DIVISION_CODE_FORMAT']));

const formatOf = (v: string | undefined, path: string) => spreadsheetFormatOf(v, path, 'POVERTY_FORMAT');

const county = (c: string | undefined): string | undefined => {
  if (c === undefined) return undefined;
  const t = c.trim();
  if (!/^\d{6}(\d{6})?$/.test(t)) throw new AppError('DIVISION_CODE_FORMAT', { zh: '区划代码须为 6 位或 12 位数字', en: 'A division code has 6 or 12 digits' }, { field: 'county' });
  return t;
};

async function save(file: PreparedListExport, out: string): Promise<void> {
  const stream = createWriteStream(out);
  await Promise.all([file.write(stream), finished(stream)]);
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function listsText(r: CountyLists): string {
  const line = (f: CountyLists['total'], asOf?: string | null) =>
    `${f.areaName}\t建档立卡 ${f.registeredPoor}\t已纳入 ${f.covered}\t未纳入 ${f.uncovered}\t待转介 ${f.referral}\t不一致 ${f.discrepancies}\t双纳入率 ${pct(f.rate)}${asOf === undefined ? '' : `\t数据日期 ${asOf ?? '未导入'}`}\n`;
  return `月份 month ${r.month}\n${r.counties.map((c) => line(c, c.snapshotAsOf)).join('')}合计 total: ${line(r.total)}`;
}

function repliesText(r: ReplyImportReport): string {
  if (r.applied) return `已导入回复 imported: 接收 accepted ${r.accepted}，不予接收 refused ${r.refused}\n`;
  const more = r.problemCount > r.problems.length ? `  …（另有 ${r.problemCount - r.problems.length} 处 more）\n` : '';
  return (
    `未导入 NOT imported: ${r.problemCount} 处问题 problems; nothing changed\n` +
    r.problems.map((p) => `  第 ${p.row} 行 row ${p.row}${p.column ? ` 「${p.column}」` : ''}: ${p.code} ${p.message.zh} / ${p.message.en}\n`).join('') +
    more
  );
}

/**
 * `doudi poverty lists|export|referrals|replies` (issue 12 points 3–4, 9): the dual-inclusion counts per county, doudi's
 * dibao/tekun households in the poverty template for the office, the referral list (referring the households it
 * holds), and the office's reply imported back.
 */
export function registerPovertyListCommands(poverty: Command): void {
  poverty
    .command('lists')
    .description('双纳入名单各类户数及双纳入率（按县区）dual-inclusion counts and rate per county')
    .option('--county <code>', '县区代码 one county (6 or 12 digits)')
    .option('--as <username>', '以该用户的角色和辖区查询 as this user (default: the operator, whole city)')
    .option('--json', '输出 JSON')
    .action(async (o: { county?: string; as?: string; json?: boolean }) => {
      const c = await asUsage(() => county(o.county));
      const r = await withDb(async (db) => countyLists(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), { county: c }), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : listsText(r));
    });
  poverty
    .command('export')
    .description('导出在保低保特困户（扶贫建档立卡模板格式，身份证号码完整，审计留痕）dibao/tekun households in the poverty template (audited)')
    .requiredOption('--out <file>', '输出文件 output file (.xlsx)')
    .option('--county <code>', '县区代码 one county')
    .requiredOption('--as <username>', '导出人账号（扶贫办联络员或县区管理员）the exporting user')
    .option('--json', '输出 JSON { file, rows }')
    .action(async (o: { out: string; county?: string; as: string; json?: boolean }) => {
      const c = await asUsage(() => county(o.county));
      const rows = await withDb(
        async (db) => {
          const file = await prepareExchangeExport(await contextAs(db, o.as.trim()), { county: c });
          await save(file, o.out);
          return file.rows;
        },
        { quiet: true },
      );
      process.stdout.write(o.json ? `${JSON.stringify({ file: o.out, rows })}\n` : `已导出 exported ${o.out}：${rows} 行 rows\n`);
    });
  poverty
    .command('referrals')
    .description('导出转介名单并记录转介（未建档立卡的低保特困户）the referral list, recording the referrals (audited)')
    .requiredOption('--out <file>', '输出文件 output file (.xlsx)')
    .option('--area <code>', '区划代码 a part of the user’s area')
    .requiredOption('--as <username>', '导出人账号 the exporting user')
    .option('--json', '输出 JSON { file, rows, referred }')
    .action(async (o: { out: string; area?: string; as: string; json?: boolean }) => {
      const a = await asUsage(() => county(o.area));
      const r = await withDb(
        async (db) => {
          const file = await prepareReferralExport(await contextAs(db, o.as.trim()), { area: a });
          await save(file, o.out);
          return { rows: file.rows, referred: file.referred };
        },
        { quiet: true },
      );
      process.stdout.write(o.json ? `${JSON.stringify({ file: o.out, ...r })}\n` : `已导出 exported ${o.out}：${r.rows} 户 households（新转介 newly referred ${r.referred}）\n`);
    });
  poverty
    .command('replies')
    .description('导入扶贫部门对转介的回复：全部无误才导入 import the office’s reply (all or nothing, a row-by-row report)')
    .argument('<file>', '回复文件 the reply (.xlsx or .csv)')
    .requiredOption('--as <username>', '导入人账号 the importing user')
    .option('--format <format>', 'xlsx | csv (default: from the file name)')
    .option('--report <file>', '被拒绝时把问题清单写入此文件（xlsx）write a refused file’s report here')
    .option('--json', '输出 JSON report')
    .action(async (file: string, o: { as: string; format?: string; report?: string; json?: boolean }) => {
      const format = await asUsage(() => formatOf(o.format, file));
      const r = await withDb(async (db) => importReplies(await contextAs(db, o.as.trim()), { file, format, fileName: basename(file) }), { quiet: true });
      if (!r.applied && o.report) await writeFile(o.report, await writeImportReport(r));
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : repliesText(r));
      if (!r.applied) process.exitCode = 1;
    });
}
