import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { AppError, isAppError } from '../kernel/errors.ts';
import { loadDefaultPolicy } from '../policy/loader.ts';
import type { ParameterSet } from '../policy/parameter-set.ts';
import type { Determination, ParamUse } from '../rules/common/result.ts';
import { determine } from '../rules/engine.ts';
import { parseSituation, type SituationIssue } from '../rules/situation.ts';
import { stepLabel } from '../rules/step-labels.ts';
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
    .description('计算一个情形的救助资格和金额 determine eligibility and amount for one situation (docs/situation.schema.json)')
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

/** The determination as a readable Chinese explanation (English after each line). */
export function explain(r: Determination, ps: ParameterSet): string {
  const county = ps.counties().find((c) => c.code === r.county);
  const lines = [
    `${PROGRAM_ZH[r.program]} ${r.program} · ${r.month} · ${county?.name.zh ?? ''} ${r.county}`,
    `结论 decision: ${r.eligible ? '符合条件 eligible' : '不符合条件 not eligible'}`,
    `金额 amount: ${r.amount.yuan} ${PER_ZH[r.amount.per]} (${r.amount.fen} 分 fen, per ${r.amount.per})`,
  ];
  if (r.approvalLevel) lines.push(`审批 approval: ${LEVEL_ZH[r.approvalLevel]} (${r.approvalLevel})`);
  if (r.details) lines.push(`说明 details: ${Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  lines.push('', '理由 reasons:');
  for (const x of r.reasons) lines.push(`  - ${x.message.zh}（${x.code}）`, `    ${x.message.en}`, `    依据 citation: ${x.citation}`);
  lines.push('', '计算过程 trace:');
  const params = new Map<string, ParamUse>();
  for (const s of r.trace) {
    const label = stepLabel(s.step);
    const names = s.params.map((p) => p.name);
    for (const p of s.params) params.set(`${p.name}|${p.area}|${p.effectiveFrom}`, p);
    lines.push(`  ${label.zh} ${s.step} = ${s.value}${s.formula ? `  [${s.formula}]` : ''}${names.length ? `  ← ${names.join(', ')}` : ''}`);
  }
  if (params.size > 0) {
    lines.push('', '参数 parameters:');
    for (const p of params.values()) {
      const value = Array.isArray(p.value) ? p.value.join(', ') : String(p.value);
      const src = `${p.source === 'override' ? '覆盖 override' : '文件 file'}${p.illustrative ? '，示例值 illustrative' : ''}`;
      lines.push(`  ${p.name} = ${value}（${p.effectiveFrom} 起，区划 ${p.area}，${src}）`, `    依据 citation: ${p.citation}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
