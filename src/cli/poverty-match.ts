import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { decideMatch } from '../commands/poverty/decide-match.ts';
import { listMatchQueue } from '../commands/poverty/list-match-queue.ts';
import { MatchDecisionInput, MatchQueueQuery } from '../contracts/poverty-match.ts';
import { AppError } from '../kernel/errors.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

const asUsage = usageErrorsIn(new Set(['MATCH_ARGUMENT_INVALID']));

const REASONS: Record<string, string> = {
  name_exact: '姓名相同',
  name_homophone: '姓名同音',
  name_transposed: '姓名字序颠倒',
  name_typo: '姓名有错字',
  name_different: '姓名不同',
  birth_equal: '出生日期相同',
  birth_near: '出生日期相近',
  birth_unknown: '出生日期不详',
  birth_differs: '出生日期不同',
  village_same: '同村',
  township_same: '同乡镇',
  county_moved: '同县异村（迁居）',
  place_differs: '地址不同',
  sex_equal: '性别相同',
  sex_unknown: '性别不详',
  sex_differs: '性别不同',
};

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('MATCH_ARGUMENT_INVALID', { zh, en }, { field });
}

/**
 * `doudi poverty matches --as USER [--area C] [--page N] [--json]`: the review queue of suggested matches in the user's
 * area (as the web page shows it: ID numbers masked, the read audited); `doudi poverty match confirm|reject SNAPSHOT
 * PERSON_KEY --person COUNTY/ID --as USER [--json]`: the user's decision on one suggestion (ADR 0033). Both need a named
 * user: the operator has no `poverty.match` right.
 */
export function registerPovertyMatchCommands(poverty: Command): void {
  poverty
    .command('matches')
    .description('待复核的比对建议 suggested matches waiting for review')
    .requiredOption('--as <username>', '以该用户的角色和辖区 as this user (role and area)')
    .option('--area <code>', '区划代码 area (6 or 12 digits) within the user’s')
    .option('--page <n>', '页码 page', '1')
    .option('--json', 'machine-readable output')
    .action(async (o: { as: string; area?: string; page: string; json?: boolean }) => {
      const query = await asUsage(() => {
        const q = MatchQueueQuery.safeParse({ area: o.area, page: o.page, pageSize: 100 });
        if (!q.success) throw invalid(String(q.error.issues[0]?.path[0] ?? 'area'), '区划代码或页码无效', 'Invalid area code or page');
        return q.data;
      });
      const page = await withDb(async (db) => listMatchQueue(await contextAs(db, o.as.trim()), query), { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(page)}\n`);
        return;
      }
      for (const m of page.items) {
        const s = m.snapshot;
        const r = m.registry;
        process.stdout.write(
          `${m.confidence}  ${s.name} ${s.idNumber || '（无有效身份证号）'} ${s.birthDate ?? '生日不详'} ${s.villageName}  →  ` +
            `${r.name} ${r.idNumber} ${r.birthDate} ${r.villageName} 户主${r.headName}  [${m.reasons.map((x) => REASONS[x.code]).join('，')}]\n` +
            `    doudi poverty match confirm|reject ${m.snapshotId} ${m.personKey} --person ${r.countyCode}/${r.personId}\n`,
        );
      }
      process.stdout.write(`共 ${page.total} 条待复核 total ${page.total} waiting (page ${page.page})\n`);
    });

  poverty
    .command('match')
    .description('确认或否决一条比对建议 confirm or reject one suggested match')
    .argument('<decision>', 'confirm | reject')
    .argument('<snapshotId>', '快照编号 snapshot id')
    .argument('<personKey>', '人员键 the snapshot person’s key')
    .requiredOption('--person <county/id>', 'doudi 人员 the suggested doudi person, COUNTY/ID')
    .requiredOption('--as <username>', '以该用户的角色和辖区 as this user (role and area)')
    .option('--json', 'machine-readable output')
    .action(async (decision: string, snapshotId: string, personKey: string, o: { person: string; as: string; json?: boolean }) => {
      const input = await asUsage(() => {
        if (decision !== 'confirm' && decision !== 'reject') throw invalid('decision', `决定须为 confirm 或 reject：${decision}`, `The decision is confirm or reject: ${decision}`);
        const [countyCode, ...rest] = o.person.split('/');
        const parsed = MatchDecisionInput.safeParse({ snapshotId, personKey, countyCode, personId: rest.join('/'), decision: decision === 'confirm' ? 'confirmed' : 'rejected' });
        if (!parsed.success) throw invalid('person', `人员应写作 县代码/人员编号：${o.person}`, `Name the person as COUNTY/ID: ${o.person}`);
        return parsed.data;
      });
      const r = await withDb(async (db) => decideMatch(await contextAs(db, o.as.trim()), input), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `${r.decision === 'confirmed' ? '已确认 confirmed' : '已否决 rejected'} ${r.personKey}\n`);
    });
}
