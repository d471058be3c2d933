import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import { closeCampaign } from '../commands/screening/close-campaign.ts';
import { exportLedger } from '../commands/screening/export-ledger.ts';
import { openCampaign } from '../commands/screening/open-campaign.ts';
import { campaignProgress } from '../commands/screening/read-campaigns.ts';
import type { CampaignView, Tally } from '../contracts/screening.ts';
import { AppError } from '../kernel/errors.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** A typed option wrong: exit 2. */
const asUsage = usageErrorsIn(new Set(['SCREENING_OPTION']));

const tallyText = (t: Tally) => `${t.done}/${t.total} 已完成 done${t.overdue > 0 ? `，逾期 ${t.overdue} overdue` : ''}`;
const campaignLine = (c: CampaignView) => `${c.id}  ${c.areaName} ${c.year}年  时限 deadline ${c.deadline}  ${c.state === 'open' ? '进行中 open' : '已结束 closed'}  ${tallyText(c.tally)}\n`;

/**
 * `doudi screening open|progress|export|close`: the concentrated screening campaign (集中排查, ADR 0035). Opening,
 * exporting and closing are a named user's (`--as`), with that user's role and area; progress is a report without
 * personal data, which the operator reads too.
 */
export function registerScreeningCommands(program: Command): void {
  const screening = program.command('screening').description('集中排查与核查台账 the screening campaign and its ledger');
  screening
    .command('open')
    .description('开展集中排查 open a campaign for a county (--county) or the whole city (--city)')
    .option('--county <code>', '6 位县（区）代码 a county')
    .option('--city', '全市各县区 every county of the city')
    .requiredOption('--year <year>', '年度 year')
    .option('--deadline <date>', '完成时限（工作日）deadline, a working day YYYY-MM-DD')
    .option('--working-days <n>', '自今日起若干个工作日 so many working days from today')
    .requiredOption('--as <username>', '以该用户开展 as this user')
    .option('--json', '输出 JSON')
    .action(async (o: { county?: string; city?: boolean; year: string; deadline?: string; workingDays?: string; as: string; json?: boolean }) => {
      const body = await asUsage(() => {
        const year = Number(o.year);
        if (!Number.isInteger(year)) throw new AppError('SCREENING_OPTION', { zh: '年度须为整数', en: 'The year is a whole number' }, { field: 'year' });
        const days = o.workingDays === undefined ? undefined : Number(o.workingDays);
        if (days !== undefined && !Number.isInteger(days)) throw new AppError('SCREENING_OPTION', { zh: '工作日数须为整数', en: 'Working days is a whole number' }, { field: 'workingDays' });
        return { ...(o.county ? { county: o.county } : {}), city: Boolean(o.city), year, ...(o.deadline ? { deadline: o.deadline } : {}), ...(days !== undefined ? { workingDays: days } : {}) };
      });
      const c = await withDb(async (db) => openCampaign(await contextAs(db, o.as.trim()), body), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(c)}\n` : `已开展 opened ${campaignLine(c)}`);
    });
  screening
    .command('progress')
    .description('排查进度 progress per township and village (done/total, overdue)')
    .argument('<campaign>', '排查活动编号 campaign id')
    .option('--as <username>', '以该用户的辖区 as this user (their area)')
    .option('--json', '输出 JSON')
    .action(async (campaignId: string, o: { as?: string; json?: boolean }) => {
      const p = await withDb(async (db) => campaignProgress(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), { campaignId }), { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(p)}\n`);
        return;
      }
      process.stdout.write(campaignLine(p.campaign));
      for (const t of p.townships) {
        process.stdout.write(`  ${t.name}  ${tallyText(t)}\n`);
        for (const v of t.villages) process.stdout.write(`    ${v.name}  ${tallyText(v)}\n`);
      }
    });
  screening
    .command('export')
    .description('导出核查台账 the ledger to XLSX (audited)')
    .argument('<campaign>', '排查活动编号 campaign id')
    .requiredOption('--out <file>', '输出文件 output file (.xlsx)')
    .requiredOption('--as <username>', '以该用户的角色和辖区 as this user')
    .option('--json', '输出 JSON { file, rows }')
    .action(async (campaignId: string, o: { out: string; as: string; json?: boolean }) => {
      const rows = await withDb(
        async (db) => {
          const file = await exportLedger(await contextAs(db, o.as.trim()), { campaignId });
          const out = createWriteStream(o.out);
          await Promise.all([file.write(out), finished(out)]);
          return file.rows;
        },
        { quiet: true },
      );
      process.stdout.write(o.json ? `${JSON.stringify({ file: o.out, rows })}\n` : `已导出 exported ${o.out}：${rows} 户 rows\n`);
    });
  screening
    .command('close')
    .description('结束排查 close a campaign (every row concluded)')
    .argument('<campaign>', '排查活动编号 campaign id')
    .requiredOption('--as <username>', '以该用户结束 as this user')
    .option('--json', '输出 JSON')
    .action(async (campaignId: string, o: { as: string; json?: boolean }) => {
      const c = await withDb(async (db) => closeCampaign(await contextAs(db, o.as.trim()), { campaignId }), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(c)}\n` : `已结束 closed ${campaignLine(c)}`);
    });
}
