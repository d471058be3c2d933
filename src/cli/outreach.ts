import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { type CommandContext, operatorContext } from '../commands/context.ts';
import { listOutreach } from '../commands/outreach/outreach.ts';
import type { OutreachList } from '../contracts/outreach.ts';
import type { Db } from '../db/connect.ts';
import { formatYuanGrouped } from '../kernel/money.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

const asUsage = usageErrorsIn(new Set(['MONTH_FORMAT', 'COUNTY_UNKNOWN', 'TOWNSHIP_NOT_IN_COUNTY', 'AREA_FORBIDDEN']));
const asUser = async (db: Db, as: string | undefined): Promise<CommandContext> => (as ? contextAs(db, as.trim()) : operatorContext(db));
const KIND = { dibao_household: '低保', dibao_individual: '单人保', tekun: '特困' } as const;

/**
 * `doudi outreach [--county C] [--township T] [--month YYYY-MM] [--as USER] [--json]`: the 应保尽保 list (issue 16 point 5,
 * ADR 0047) — the registry households the engine finds eligible with no enrollment and no open case, with the engine's
 * monthly amount per household. One JSON document with `--json`; a table per township otherwise. Reads only.
 */
export function registerOutreachCommand(program: Command): void {
  program
    .command('outreach')
    .description('应保尽保名单：登记家庭中经测算符合低保、单人保或特困条件但未纳入、也无在办申请的 the outreach list: eligible households with no enrollment and no open case')
    .option('--county <code>', '县区（6 位代码）/ county (6 digits)')
    .option('--township <code>', '乡镇（12 位代码）/ township (12 digits)')
    .option('--month <YYYY-MM>', '测算月份（默认本月）/ month assessed (default: this month)')
    .option('--as <username>', '以该用户查看（按其管辖区域）as this user (their area)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { county?: string; township?: string; month?: string; as?: string; json?: boolean }) => {
      const list = await asUsage(() =>
        withDb(async (db) => listOutreach(await asUser(db, o.as), { county: o.county?.trim(), township: o.township?.trim(), month: o.month?.trim() }), { quiet: true }),
      );
      process.stdout.write(o.json ? `${JSON.stringify(list, null, 2)}\n` : table(list));
      process.exitCode = 0;
    });
}

function table(l: OutreachList): string {
  const out = [`应保尽保名单 outreach list — ${l.month}，读取 ${l.scanned} 户 households read, ${l.rows.length} 户 listed (${l.seconds} s)`];
  for (const t of l.townships) {
    out.push('', `${t.name} ${t.code}: ${t.households} 户, 月测算 ${formatYuanGrouped(t.monthlyFen)} 元`);
    for (const r of l.rows.filter((x) => x.townshipCode === t.code)) {
      const f = r.findings.map((x) => `${KIND[x.kind]}${x.personName ? `（${x.personName}）` : ''} ${formatYuanGrouped(x.monthlyFen)}`).join('；');
      out.push(`  ${r.areaName}  ${r.headName}  ${r.memberCount} 人  ${f}  ${r.householdId}`);
    }
  }
  if (l.rows.length === 0) out.push('', '本区域没有经测算符合条件而未纳入的家庭 / no eligible household left out in this area');
  return `${out.join('\n')}\n`;
}
