import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { PlainDate } from '../kernel/plain-date.ts';
import { listRetentionDue } from '../commands/cases/case-retention.ts';
import { householdArchivePdf } from '../commands/documents/archive-pdf.ts';
import { operatorContext } from '../commands/context.ts';
import { contextAs } from '../commands/auth/acting-user.ts';
import { withDb } from './runtime.ts';

/**
 * `doudi archive pdf --county C --household H --out FILE [--case ID] [--as USER] [--json]` (ADR 0050): the household's
 * bound case file as a PDF (cover, contents, the listing, every document), audited like the web's.
 * `doudi archive due --county C [--day D] [--json]`: the closed cases past their retention — listed, never deleted.
 */
export function registerArchiveCommands(program: Command): void {
  const archive = program.command('archive').description('电子档案 the electronic case file (ADR 0049, 0050)');
  archive
    .command('pdf')
    .description('生成一户的电子档案装订本（PDF：封面、目录、案卷清单、全部材料）the bound case file of a household as one PDF')
    .requiredOption('--county <code>', '县区代码（6 位）county (6 digits)')
    .requiredOption('--household <id>', '家庭编号 household id')
    .requiredOption('--out <file>', '输出的 PDF 文件 the PDF to write')
    .option('--case <id>', '只装订一个案件 one case only')
    .option('--as <username>', '以该账号的权限生成（角色与辖区适用）as this user (role and area apply; default: the operator)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { county: string; household: string; out: string; case?: string; as?: string; json?: boolean }) => {
      const r = await withDb(
        async (db) => householdArchivePdf(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), { countyCode: o.county.trim(), id: o.household.trim(), ...(o.case ? { caseId: o.case.trim() } : {}) }),
        { quiet: true },
      );
      await writeFile(o.out, r.bytes, { mode: 0o600 });
      const summary = { file: o.out, pages: r.pages, documents: r.documents, notBound: r.notBound, bytes: r.bytes.length };
      process.stdout.write(
        o.json
          ? `${JSON.stringify(summary)}\n`
          : `已生成电子档案 written: ${o.out}（${r.pages} 页 pages，材料 documents ${r.documents}${r.notBound ? `，无法并入 not bound ${r.notBound}` : ''}，${(r.bytes.length / 1024 / 1024).toFixed(1)} MB）\n`,
      );
    });
  archive
    .command('due')
    .description('列出已超过档案保管期限的已办结案件（只列出，从不自动删除）list the closed cases past their retention (listed only, never deleted)')
    .requiredOption('--county <code>', '县区代码（6 位）county (6 digits)')
    .option('--day <YYYY-MM-DD>', '按该日计算（默认今天）as of this day (default: today)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { county: string; day?: string; json?: boolean }) => {
      const r = await withDb((db) => listRetentionDue(operatorContext(db), { county: o.county.trim(), ...(o.day ? { day: o.day.trim() as PlainDate } : {}) }), { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      const lines = [`${r.county} 截至 as of ${r.day}：保管期满的已办结案件 cases past their retention: ${r.items.length}（仅列出，不删除 listed, never deleted）`];
      for (const c of r.items) lines.push(`  ${c.caseId}  ${c.program}  ${c.state}  办结 closed ${c.closedOn}  保管 ${c.years} 年 years  至 until ${c.retainUntil}  户 household ${c.householdId}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
