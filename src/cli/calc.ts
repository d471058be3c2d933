import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { AppError, isAppError } from '../kernel/errors.ts';
import { loadDefaultPolicy } from '../policy/loader.ts';
import type { ParameterSet } from '../policy/parameter-set.ts';
import type { ExplainedParamView } from '../contracts/policy.ts';
import type { Determination } from '../rules/common/result.ts';
import { determine } from '../rules/engine.ts';
import { parseSituation, type SituationIssue } from '../rules/situation.ts';
import { explainDetermination } from '../rules/explain/explain.ts';
import { UsageError } from './failure.ts';

export interface CalcDeps {
  /** The parameters in force (files, plus database overrides when the caller has them). */
  loadPolicy?: () => ParameterSet | Promise<ParameterSet>;
  readStdin?: () => string;
  out?: (text: string) => void;
}

const PROGRAM_ZH: Record<string, string> = { dibao: '最低生活保障', tekun: '特困人员救助供养', heating: '取暖救助', temporary: '临时救助' };
const PER_ZH: Record<string, string> = { month: '元/月', season: '元/采暖季', case: '元/次' };
const LEVEL_ZH: Record<string, string> = { township: '乡镇（街道）审批', county: '县（市）区审批', collective: '一事一议集体研究' };

/**
 * `doudi calc [file|-] [--json]`: one situation (YAML or JSON; stdin with "-" or no file) → the determination.
 * Exit 0 with a result (eligible or not), 2 when the situation is invalid (the field at fault is printed; the failure
 * is reported by `src/cli/failure.ts`, as JSON too with --json).
 */
export function registerCalcCommand(program: Command, deps: CalcDeps = {}): void {
  const out = deps.out ?? ((t: string) => process.stdout.write(t));
  program
    .command('calc')
    .description('计算一个情形的救助资格和金额（临时救助可填类别 temporary.category，按该类别的救助标准计算） determine eligibility and amount for one situation (docs/situation.schema.json; temporary aid by category: temporary.category)')
    .argument('[file]', '情形文件（YAML 或 JSON），"-" 或省略为标准输入 / situation file (YAML or JSON); "-" or none reads stdin')
    .option('--json', '输出 JSON / print JSON')
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      // Every fault on its own stderr line; the JSON error names the first fault's field and lists them all.
      const invalid = (issues: SituationIssue[]) =>
        new UsageError(new AppError('SITUATION_INVALID', { zh: '情形无效', en: 'invalid situation' }, { field: issues[0]?.path.startsWith('(') ? undefined : issues[0]?.path }), {
          lines: issues.map((i) => `SITUATION_INVALID ${i.path}: ${i.message}`),
          extra: { issues },
        });
      let text: string;
      try {
        text = !file || file === '-' ? (deps.readStdin ?? (() => readFileSync(0, 'utf8')))() : readFileSync(file, 'utf8');
      } catch (e) {
        throw invalid([{ path: '(file)', message: `cannot read ${file ?? 'stdin'}: ${(e as Error).message} 无法读取` }]);
      }
      let raw: unknown;
      try {
        raw = parseYaml(text);
      } catch (e) {
        throw invalid([{ path: '(yaml)', message: `${(e as Error).message.split('\n')[0]} 语法错误` }]);
      }
      const parsed = parseSituation(raw);
      if (!parsed.ok) throw invalid(parsed.issues);
      const ps = await (deps.loadPolicy ?? loadDefaultPolicy)();
      if (!ps.hasCounty(parsed.situation.county)) {
        throw invalid([{ path: 'county', message: `${parsed.situation.county} is not a county of ${ps.jurisdiction.name.en} 不是${ps.jurisdiction.name.zh}所辖县区` }]);
      }
      let result: Determination;
      try {
        result = determine(parsed.situation, ps, { trace: true });
      } catch (e) {
        if (!isAppError(e)) throw e;
        const field = e.field?.startsWith('parameters.') ? e.field : e.code === 'PARAM_UNKNOWN' || e.code === 'PARAM_VALUE_KIND' ? `parameters.${e.field}` : 'month';
        throw invalid([{ path: field, message: `${e.code}: ${e.messages.en} ${e.messages.zh}` }]);
      }
      out(opts.json ? `${JSON.stringify(result, null, 2)}\n` : explain(result, ps));
      process.exitCode = 0;
    });
}

/** The determination as a readable Chinese explanation (English after each line), from the presenter every screen shares. */
export function explain(r: Determination, ps: ParameterSet): string {
  const e = explainDetermination(r, ps);
  if (!e) throw new Error('the engine returned no determination');
  const lines = [
    `${PROGRAM_ZH[e.program]} ${e.program} · ${e.month} · ${e.county.name.zh} ${e.county.code}`,
    `结论 decision: ${e.eligible ? '符合条件 eligible' : '不符合条件 not eligible'}`,
    `金额 amount: ${e.amount.yuan} ${PER_ZH[e.amount.per]} (${e.amount.fen} 分 fen, per ${e.amount.per})`,
  ];
  if (e.approvalLevel) lines.push(`审批 approval: ${LEVEL_ZH[e.approvalLevel]} (${e.approvalLevel})`);
  if (e.details.length > 0) lines.push(`说明 details: ${e.details.map((d) => `${d.label.zh} ${d.shown.zh}`).join('；')}`);
  lines.push('', '理由 reasons:');
  for (const x of e.reasons) {
    lines.push(`  - ${x.message.zh}（${x.code}）`, `    ${x.message.en}`);
    if (x.citation) lines.push(`    依据 citation: ${x.citation.zh}`);
  }
  lines.push('', '计算过程 trace:');
  const params = new Map<string, ExplainedParamView>();
  for (const s of e.trace) {
    const names = s.params.map((p) => p.name);
    for (const p of s.params) params.set(`${p.name}|${p.area}|${p.effectiveFrom}`, p);
    const exact = s.rounded ? `（精确值 exact ${s.value}）` : '';
    lines.push(`  ${s.label.zh} ${s.step} = ${s.shown.zh}${exact}${s.note ? `  [${s.note.zh}]` : ''}${names.length ? `  ← ${names.join(', ')}` : ''}`);
  }
  if (params.size > 0) {
    lines.push('', '参数 parameters:');
    for (const p of params.values()) {
      const src = `${p.source === 'override' ? '调整 override' : '文件 file'}${p.illustrative ? '，示例值 illustrative' : ''}`;
      lines.push(`  ${p.label.zh} ${p.name} = ${p.shown.zh}（${p.effectiveFrom} 起，${p.areaName.zh} ${p.area}，${src}）`, `    依据 citation: ${p.citation.zh}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
