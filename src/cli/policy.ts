import type { Command } from 'commander';
import type { ComplianceFindingView, ComplianceReportView, OverrideStatus, OverrideView, ParameterDetail, ParameterList, ParamValueView } from '../contracts/policy.ts';
import { OVERRIDE_STATUSES } from '../contracts/policy.ts';
import { contextAs } from '../commands/auth/acting-user.ts';
import { getParameter, listParameters } from '../commands/policy/browse-parameters.ts';
import { checkPolicyCompliance } from '../commands/policy/compliance.ts';
import { confirmOverride, listParameterOverrides, proposeOverride, withdrawOverride } from '../commands/policy/overrides.ts';
import { AppError } from '../kernel/errors.ts';
import { withDb } from './runtime.ts';
import { operatorActor, operatorContext } from '../commands/context.ts';

const OPERATOR = operatorActor().username;
const out = (t: string) => process.stdout.write(t);

const CHECK_ZH: Record<string, string> = {
  TEKUN_FLOOR: '特困供养标准 ≥ 规定倍数 × 低保标准',
  HEATING_DISPERSED_FLOOR: '分散取暖救助 ≥ 下限',
  HEATING_CENTRAL_FLOOR: '集中供暖救助 ≥ 城市低保标准',
  CITY_AVERAGE_FLOOR: '全市平均低保标准 ≥ 实施方案',
  TEMPORARY_CEILING: '临时救助乡镇审批额度 ≤ 一般最高救助额',
  TEMPORARY_STANDARDS: '临时救助各类别标准递增且 ≤ 一般最高救助额',
  TEMPORARY_CATEGORIES: '临时救助急难型类别全部列入、列有支出型类别',
  TEMPORARY_PAPERWORK: '先行救助补办手续期限已设定',
};

/**
 * `doudi policy …`: the parameters in force (files + database overrides) — list, show, the compliance check of
 * the plan's floors, and dated overrides entered by the operator (author `cli:<user>`, audited).
 */
export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('政策参数 Policy parameters: list, show, check, override');

  policy
    .command('list')
    .description('各参数在某日的有效值（各县区） every parameter’s value in force per county on a day')
    .option('--at <date>', '日期 YYYY-MM-DD（默认今天 default today）')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { at?: string; json?: boolean }) => {
      const list = await withDb((db) => listParameters(operatorContext(db), { at: o.at }), { quiet: true });
      out(o.json ? `${JSON.stringify(list, null, 2)}\n` : listText(list));
    });

  policy
    .command('show <name>')
    .description('参数的完整历史 a parameter’s dated history per area, with citations')
    .option('--json', '输出 JSON / print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const detail = await withDb((db) => getParameter(operatorContext(db), { name }), { quiet: true });
      out(o.json ? `${JSON.stringify(detail, null, 2)}\n` : showText(detail));
    });

  policy
    .command('check')
    .description('合规检查：各县区参数在某日是否达到实施方案的下限，及任何日期有无县区缺少有效值或低于下限（有问题时退出码 1） do the parameters meet the plan’s floors on a day, and does any county lack a value or fall below a floor on any day? exit 1 when so')
    .option('--at <date>', '日期 YYYY-MM-DD（默认今天 default today）')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { at?: string; json?: boolean }) => {
      const report = await withDb((db) => checkPolicyCompliance(operatorContext(db), { at: o.at }), { quiet: true });
      out(o.json ? `${JSON.stringify(report, null, 2)}\n` : checkText(report));
      process.exitCode = report.ok ? 0 : 1;
    });

  const override = policy
    .command('override')
    .description('参数调整（须市局督查确认后生效） Dated parameter overrides: proposed, confirmed by a city supervisor, withdrawn (ADR 0017)');
  override
    .command('add <name>')
    .description('提出参数调整（待确认；审计留痕） propose a dated override (pending until a city supervisor confirms it; audited; author cli:<user>)')
    .requiredOption('--area <code>', '全市 211200 或县区代码 the city or a 6-digit county code')
    .requiredOption('--from <date>', '生效日期 effective from, YYYY-MM-DD')
    .requiredOption('--value <v>', '数值；列表用逗号分隔；null 结束县区自有值 a number, a comma-separated list, or null')
    .requiredOption('--citation <text>', '依据（文件、文号、条款） the citation')
    .option('--back-pay', '生效日期早于已审批的花名册时须注明：差额补发 required to date it before an approved roll: the difference is paid as back-pay')
    .option('--json', '输出 JSON / print JSON')
    .action(async (name: string, o: { area: string; from: string; value: string; citation: string; backPay?: boolean; json?: boolean }) => {
      const input = { name, area: o.area, effectiveFrom: o.from, value: parseValue(o.value), citation: o.citation, backPay: o.backPay === true };
      const r = await withDb((db) => proposeOverride(operatorContext(db), input), { quiet: true });
      out(o.json ? `${JSON.stringify(r)}\n` : `已提交参数调整，待市局督查确认后生效 override proposed (pending confirmation by a city supervisor): ${name} = ${valueText(input.value)} (${o.area}, ${o.from} 起) by ${OPERATOR}, id=${r.id}\n`);
    });
  override
    .command('list')
    .description('参数调整及其处理经过 overrides with who proposed, confirmed or withdrew them')
    .option('--status <status>', `${OVERRIDE_STATUSES.join(' | ')}`)
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { status?: string; json?: boolean }) => {
      if (o.status !== undefined && !(OVERRIDE_STATUSES as readonly string[]).includes(o.status)) {
        throw new AppError('PARAM_OVERRIDE_STATUS', { zh: `状态须为 ${OVERRIDE_STATUSES.join('、')}`, en: `The status is one of ${OVERRIDE_STATUSES.join(', ')}` }, { field: 'status' });
      }
      const list = await withDb((db) => listParameterOverrides(operatorContext(db), { status: o.status as OverrideStatus | undefined }), { quiet: true });
      out(o.json ? `${JSON.stringify(list, null, 2)}\n` : list.items.length ? `${list.items.map(overrideText).join('\n')}\n` : '没有参数调整 no overrides\n');
    });
  override
    .command('confirm <id>')
    .description('确认参数调整（以市局督查账号；不能确认本人提出的） confirm a pending override as a named city supervisor, not its author')
    .requiredOption('--as <username>', '确认人账号（市局督查） the confirming user (city supervisor)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (id: string, o: { as: string; json?: boolean }) => {
      const r = await withDb(async (db) => confirmOverride(await contextAs(db, o.as.trim()), { id: id.trim(), input: {} }), { quiet: true });
      out(o.json ? `${JSON.stringify(r)}\n` : `已确认，自 ${r.effectiveFrom} 起生效 confirmed, in force from ${r.effectiveFrom}: ${overrideText(r)}\n`);
    });
  override
    .command('withdraw <id>')
    .description('撤回参数调整（生效前） withdraw an override before it takes effect (audited)')
    .requiredOption('--reason <text>', '撤回理由 the reason')
    .option('--json', '输出 JSON / print JSON')
    .action(async (id: string, o: { reason: string; json?: boolean }) => {
      const r = await withDb((db) => withdrawOverride(operatorContext(db), { id: id.trim(), input: { reason: o.reason } }), { quiet: true });
      out(o.json ? `${JSON.stringify(r)}\n` : `已撤回 withdrawn: ${overrideText(r)}\n`);
    });
}

const STATUS_TEXT: Record<OverrideStatus, string> = { pending: '待确认 pending', confirmed: '已确认 confirmed', withdrawn: '已撤回 withdrawn' };

function overrideText(v: OverrideView): string {
  const lines = [
    `${v.id}  ${STATUS_TEXT[v.status]}  ${v.name} = ${valueText(v.value)}  ${v.area.name.zh} ${v.area.code}  ${v.effectiveFrom} 起${v.backPay ? ' 补发 back-pay' : ''}`,
    `  依据 citation: ${v.citation}`,
    `  提出 proposed: ${v.proposedBy.displayName} (${v.proposedBy.username}) ${v.proposedAt}`,
  ];
  if (v.confirmedBy) lines.push(`  确认 confirmed: ${v.confirmedBy.displayName} (${v.confirmedBy.username}) ${v.confirmedAt}`);
  if (v.withdrawnBy) lines.push(`  撤回 withdrawn: ${v.withdrawnBy.displayName} (${v.withdrawnBy.username}) ${v.withdrawnAt}: ${v.withdrawReason ?? ''}`);
  return lines.join('\n');
}

/** "null" ends a county's value; a plain number is a number; anything else is a list of codes. */
function parseValue(text: string): number | string[] | null {
  const t = text.trim();
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return v.map(String);
    } catch {
      // not JSON: read as a comma-separated list below
    }
  }
  return t.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function valueText(v: ParamValueView | null): string {
  if (v === null) return 'null（结束 ends）';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

function listText(list: ParameterList): string {
  const lines = [`政策参数 parameters in force on ${list.at} · ${list.city.name.zh} ${list.city.name.en}`, ''];
  for (const p of list.parameters) {
    lines.push(`${p.name}  [${p.unit}]  ${p.description.zh}`);
    const shown = p.values.map((v) => (v ? `${valueText(v.value)}${v.illustrative ? ' 示例值' : ''}${v.source === 'override' ? ' 覆盖' : ''}` : '—'));
    if (new Set(shown).size === 1) lines.push(`  各县区 all counties: ${shown[0]}${p.values[0] ? `（${p.values[0].effectiveFrom} 起）` : ''}`);
    else {
      list.counties.forEach((c, i) => {
        lines.push(`  ${c.name.zh} ${c.code}: ${shown[i]}${p.values[i] ? `（${p.values[i].effectiveFrom} 起）` : ''}`);
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

function showText(d: ParameterDetail): string {
  const lines = [`${d.name}  [${d.unit}]`, `  ${d.description.zh}`, `  ${d.description.en}`];
  if (d.file) lines.push(`  文件 file: policy/tieling/${d.file}`);
  for (const a of d.areas) {
    lines.push('', `${a.area.name.zh} ${a.area.name.en} (${a.area.code}):`);
    for (const e of a.entries) {
      const span = e.superseded ? '（被同日覆盖 superseded）' : e.until ? `至 until ${e.until}` : '至今 to date';
      const src = e.source === 'override' ? `覆盖 override by ${e.author ?? '?'}` : `文件 file ${e.file ?? ''}:${e.line ?? ''}`;
      lines.push(`  ${e.effectiveFrom} ${span}: ${valueText(e.value)}${e.illustrative ? ' 示例值 illustrative' : ''}  [${src}]`);
      if (e.citation) lines.push(`    依据 citation: ${e.citation}`);
      if (e.note) lines.push(`    说明 note: ${e.note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function findingText(f: ComplianceFindingView): string {
  const values = Object.entries(f.values).map(([k, v]) => `${k}=${v}`).join(' ');
  const params = f.parameters?.length ? `\n    参数 parameters: ${f.parameters.join(', ')}` : '';
  return `  ${f.ok ? '✓ 达标 pass' : '✗ 未达标 FAIL'}  ${CHECK_ZH[f.check] ?? f.check} (${f.check})${values ? `  ${values}` : ''}\n    ${f.message.zh} / ${f.message.en}${params}\n    依据 citation: ${f.citation}`;
}

function checkText(r: ComplianceReportView): string {
  const lines = [
    `合规检查 compliance check · ${r.day} · ${r.city.name.zh} ${r.city.name.en}`,
    `结论 result: ${r.ok ? '全部达标 every floor holds' : '有未达标项 SOME FLOORS FAIL'}`,
  ];
  for (const c of r.counties) {
    lines.push('', `${c.county.name.zh} ${c.county.name.en} (${c.county.code}): ${c.ok ? '达标 pass' : '未达标 FAIL'}`);
    for (const f of c.findings) lines.push(findingText(f));
  }
  lines.push('', `${r.city.name.zh} ${r.city.name.en} (${r.city.code}):`);
  for (const f of r.cityFindings) lines.push(findingText(f));
  lines.push('', `全部日期 every day of the timeline: ${r.timeline.length === 0 ? '各县区均有有效值，下限均达标 every county has a value of every parameter and meets every floor' : `${r.timeline.length} 个问题 PROBLEMS`}`);
  for (const p of r.timeline) {
    const what = p.kind === 'gap' ? `✗ 缺少有效值 NO VALUE  ${p.parameter?.name ?? ''}` : `✗ 未达标 FAIL  ${CHECK_ZH[p.finding?.check ?? ''] ?? ''} (${p.finding?.check ?? ''})`;
    lines.push(`  ${p.area.name.zh} ${p.area.name.en} (${p.area.code}) ${what}`, `    ${p.message.zh} / ${p.message.en}`);
  }
  return `${lines.join('\n')}\n`;
}
