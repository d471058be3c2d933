import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { type CommandContext, operatorContext } from '../commands/context.ts';
import { buildSeason } from '../commands/heating/build-season.ts';
import { openSeason } from '../commands/heating/open-season.ts';
import { getSeason, listSeasonExceptions, listSeasons, seasonRoll } from '../commands/heating/season-views.ts';
import { approveRoll } from '../commands/payroll/approve-roll.ts';
import { getRoll } from '../commands/payroll/get-roll.ts';
import { exportRollToFile } from '../commands/payroll/operator.ts';
import type { SeasonView } from '../contracts/heating.ts';
import type { Db } from '../db/connect.ts';
import { AppError } from '../kernel/errors.ts';
import { formatYuanGrouped } from '../kernel/money.ts';
import { usageErrorsIn } from './failure.ts';
import { formatOf } from './payroll.ts';
import { buildProgress } from './progress.ts';
import { withDb } from './runtime.ts';

/** What the operator typed wrong: exit 2. */
const asUsage = usageErrorsIn(new Set(['HEATING_SEASON_FORMAT', 'HEATING_REFERENCE_DAY', 'HEATING_SEASON_FUTURE', 'PAYROLL_COUNTY_UNKNOWN', 'PAYROLL_FORMAT', 'HEATING_OPTION', 'HEATING_EXCEPTIONS_QUERY']));
const yuan = (fen: number) => `${formatYuanGrouped(fen)} 元`;
/** Below this many households a build takes about a second: no progress display. */
const PROGRESS_FROM = 20_000;
const EXCEPTION_WORDS: Record<string, string> = { missing: '缺少取暖信息', none: '登记为无取暖', institution: '集中供养（由供养机构保障）', changed: '基准日后待遇已变更' };

const asUser = async (db: Db, as: string | undefined): Promise<CommandContext> => (as ? contextAs(db, as.trim()) : operatorContext(db));

/** The round asked for (0: the season roll). */
function roundOf(round: string | undefined): number {
  const n = round === undefined ? 0 : Number(round);
  if (!Number.isInteger(n) || n < 0) throw new AppError('HEATING_OPTION', { zh: '批次应为 0（采暖季花名册）或补充发放的批次号', en: 'The round is 0 (the season roll) or a supplementary round' }, { field: 'round' });
  return n;
}

function seasonSummary(v: SeasonView): string {
  const f = v.figures;
  const lines = [
    `${v.countyName} ${v.season} 采暖季 heating season: ${v.firstMonth} 至 ${v.lastMonth}，基准日 reference day ${v.referenceDay}（${v.status === 'open' ? '进行中 open' : '已关闭 closed'}）`,
    `  标准 amounts: 分散取暖 ${yuan(v.amounts.dispersedFen)}/户；集中供暖 ${v.amounts.centralRate} 元/平方米，最多 ${v.amounts.maxArea} 平方米；补充发放 ${v.amounts.supplementary === 'full' ? '全额' : '按剩余月数折算'}`,
    `  花名册 rolls: ${f.households} 户 ${yuan(f.fen)}（集中供暖 ${f.central} 户 ${yuan(f.centralFen)}，分散取暖 ${f.dispersed} 户 ${yuan(f.dispersedFen)}）；已发放 paid ${f.paid} 户 ${yuan(f.paidFen)}`,
    `  例外 exceptions: ${Object.entries(f.exceptions).map(([k, n]) => `${EXCEPTION_WORDS[k]} ${n}`).join('，')}`,
  ];
  for (const r of v.rolls) lines.push(`  ${r.round === 0 ? '采暖季花名册' : `补充发放第 ${r.round} 批`} ${r.id}  ${r.status}  ${r.totals.lines} 笔 ${yuan(r.totals.totalFen)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `doudi heating season open|build|show|exceptions|approve|export|list`: 取暖救助采暖季 (issue 14, ADR 0043) — a county
 * opens a season, builds its roll (again: the same roll; `--supplementary`: the next supplementary roll), an approver
 * who did not build it approves it, and its bank file is written. Results import as for any roll: `doudi payroll import`.
 */
export function registerHeatingCommands(program: Command): void {
  const heating = program.command('heating').description('取暖救助 heating aid by season');
  const season = heating.command('season').description('采暖季 a county’s heating season: open, build the roll, approve, export the bank file');
  season
    .command('open')
    .description('开启采暖季（日期与基准日取自参数）open a county’s season (dates and reference day from the parameters)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--season <season>', '采暖季 e.g. 2019-2020')
    .option('--reference-day <date>', '基准日 YYYY-MM-DD (default: the parameter’s)')
    .option('--as <username>', '以该用户开启 as this user')
    .option('--json', '输出 JSON')
    .action(async (o: { county: string; season: string; referenceDay?: string; as?: string; json?: boolean }) => {
      const r = await asUsage(() =>
        withDb(async (db) => {
          const ctx = await asUser(db, o.as);
          await openSeason(ctx, { county: o.county, season: o.season, referenceDay: o.referenceDay });
          return getSeason(ctx, { county: o.county, season: o.season });
        }, { quiet: true }),
      );
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : seasonSummary(r));
    });
  season
    .command('build')
    .description('生成（或续建）采暖季花名册；再次执行得到同一份 build (or finish) the season roll; again: the same roll')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--season <season>', '采暖季 e.g. 2019-2020')
    .option('--supplementary', '补充发放：基准日后纳入或新补录取暖信息的家庭，及需重发的款项 the next supplementary roll')
    .option('--as <username>', '以该用户生成（生成人不能审批）as this user (the maker cannot approve)')
    .option('--json', '输出 JSON { rollId, county, season, lines, households, totalFen }')
    .action(async (o: { county: string; season: string; supplementary?: boolean; as?: string; json?: boolean }) => {
      const progress = buildProgress('采暖季花名册 building [{bar}] {percentage}% {value}/{total} 户 households', PROGRESS_FROM);
      const batchSize = Number(process.env.DOUDI_PAYROLL_BATCH) || undefined;
      const r = await asUsage(() =>
        withDb(async (db) => buildSeason(await asUser(db, o.as), { county: o.county, season: o.season, supplementary: o.supplementary === true }, { batchSize, onProgress: progress.report }), { quiet: true }),
      ).finally(progress.stop);
      process.stdout.write(
        o.json
          ? `${JSON.stringify(r)}\n`
          : `${r.round === 0 ? '采暖季花名册' : `补充发放第 ${r.round} 批`} ${r.rollId}\n  ${r.county} ${r.season}: ${r.households} 户，${r.lines} 笔，${yuan(r.totalFen)}；暂缓（缺少银行账号）${r.held} 笔 ${yuan(r.heldFen)}\n  审批 approve: doudi heating season approve --county ${r.county} --season ${r.season}${r.round ? ` --round ${r.round}` : ''} --as <审批人>\n`,
      );
    });
  season
    .command('show')
    .description('采暖季概况：标准、花名册、户数与金额、例外 the season: amounts, rolls, figures, exceptions')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--season <season>', '采暖季 e.g. 2019-2020')
    .option('--json', '输出 JSON')
    .action(async (o: { county: string; season: string; json?: boolean }) => {
      const r = await asUsage(() => withDb((db) => getSeason(operatorContext(db), { county: o.county, season: o.season }), { quiet: true }));
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : seasonSummary(r));
    });
  season
    .command('exceptions')
    .description('例外清单 households the season does not pay (missing heating data, none, institution) or should look at (changed)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--season <season>', '采暖季 e.g. 2019-2020')
    .option('--kind <kind>', 'missing | none | institution | changed')
    .option('--area <code>', '乡镇（9 位）或村（12 位）township or village')
    .option('--json', '输出 JSON')
    .action(async (o: { county: string; season: string; kind?: string; area?: string; json?: boolean }) => {
      const r = await asUsage(() =>
        withDb((db) => listSeasonExceptions(operatorContext(db), { county: o.county, season: o.season, kind: o.kind, area: o.area, page: 1, pageSize: 500 }), { quiet: true }),
      );
      if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
      process.stdout.write(`例外 ${r.total} 户（${Object.entries(r.counts).map(([k, n]) => `${EXCEPTION_WORDS[k]} ${n}`).join('，')}）\n`);
      for (const x of r.rows) process.stdout.write(`  ${EXCEPTION_WORDS[x.kind]}  ${x.areaName}  ${x.headName}（${x.members} 人）  ${x.householdId}${x.sinceMonth ? `  自 ${x.sinceMonth}` : ''}\n`);
    });
  season
    .command('approve')
    .description('审批采暖季花名册（以县区审批账号；生成人不能审批）approve a season roll as a county approver, not its maker')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--season <season>', '采暖季 e.g. 2019-2020')
    .option('--round <n>', '批次：0 采暖季花名册（默认），1… 补充发放 round (0: the season roll)')
    .requiredOption('--as <username>', '审批人账号（县区审批）the approving user')
    .option('--json', '输出 JSON (the roll)')
    .action(async (o: { county: string; season: string; round?: string; as: string; json?: boolean }) => {
      const r = await asUsage(() =>
        withDb(async (db) => {
          const ctx = await contextAs(db, o.as.trim());
          const roll = await seasonRoll(ctx, { county: o.county, season: o.season, round: roundOf(o.round) });
          const ref = { county: roll.county, id: roll.id };
          return approveRoll(ctx, { ref, input: { version: (await getRoll(ctx, ref)).version } });
        }, { quiet: true }),
      );
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `已审批 approved ${r.id}（${r.approvedByName ?? o.as}）\n`);
    });
  season
    .command('export')
    .description('导出代发文件（须已审批；审计留痕）write the bank file of an approved season roll (audited)')
    .requiredOption('--county <code>', '县区代码 6-digit county code')
    .requiredOption('--season <season>', '采暖季 e.g. 2019-2020')
    .option('--round <n>', '批次 round (0: the season roll)')
    .requiredOption('--out <file>', '输出文件 output file (.csv or .xlsx)')
    .option('--format <format>', 'csv | xlsx (default: from the file name)')
    .action(async (o: { county: string; season: string; round?: string; out: string; format?: string }) => {
      const r = await asUsage(() =>
        withDb(async (db) => {
          const ctx = operatorContext(db);
          const roll = await seasonRoll(ctx, { county: o.county, season: o.season, round: roundOf(o.round) });
          return exportRollToFile(ctx, { county: roll.county, rollId: roll.id, format: formatOf(o.format, o.out), path: o.out });
        }, { quiet: true }),
      );
      process.stderr.write(`已导出 exported ${o.out} (${r.filename})\n`);
    });
  season
    .command('list')
    .description('采暖季列表：各县区各季户数与金额（按取暖方式）seasons with households and amounts by mode')
    .option('--json', '输出 JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = await withDb((db) => listSeasons(operatorContext(db)), { quiet: true });
      if (o.json) return void process.stdout.write(`${JSON.stringify(rows)}\n`);
      if (rows.length === 0) return void process.stdout.write('没有采暖季 no seasons\n');
      for (const s of rows) {
        process.stdout.write(`${s.season}  ${s.countyName}  ${s.households} 户 ${yuan(s.fen)}（集中 ${s.central} 户 ${yuan(s.centralFen)}，分散 ${s.dispersed} 户 ${yuan(s.dispersedFen)}）  已发放 ${s.paid} 户\n`);
      }
    });
}
