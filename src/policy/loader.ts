import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../kernel/errors.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { ParameterSet } from './parameter-set.ts';
import { EntrySchema, JurisdictionSchema, ParamFileSchema, type EntryInput, UNITS } from './schema.ts';
import { valueProblem } from './value-check.ts';
import type { Jurisdiction, ParamDefinition, ParamEntry } from './types.ts';

/**
 * Reads the policy parameters of one jurisdiction from YAML (the only I/O in src/policy). The file's path
 * is the parameter's name: `dibao/standard/rural.yaml` → `dibao.standard.rural`. Files starting with "_"
 * hold metadata (`_jurisdiction.yaml`). A bad file is reported with its file, line and field.
 */
export const JURISDICTION_FILE = '_jurisdiction.yaml';

export function defaultPolicyDir(): string {
  return fileURLToPath(new URL('../../policy/tieling/', import.meta.url));
}

let cached: ParameterSet | undefined;

/** The shipped Tieling parameters, loaded once per process. */
export function loadDefaultPolicy(): ParameterSet {
  cached ??= loadPolicyDir(defaultPolicyDir());
  return cached;
}

export function loadPolicyDir(dir: string): ParameterSet {
  const jurisdiction = parseJurisdiction(readFileSync(join(dir, JURISDICTION_FILE), 'utf8'), JURISDICTION_FILE);
  const defs = new Map<string, ParamDefinition>();
  const entries = new Map<string, ParamEntry[]>();
  for (const path of yamlFiles(dir)) {
    const rel = relative(dir, path).split(sep).join('/');
    if (rel.split('/').some((seg) => seg.startsWith('_'))) continue;
    const parsed = parseParameterFile(readFileSync(path, 'utf8'), { file: rel, jurisdiction });
    defs.set(parsed.definition.name, parsed.definition);
    entries.set(parsed.definition.name, parsed.entries);
  }
  return new ParameterSet(jurisdiction, defs, entries);
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) out.push(...yamlFiles(p));
    else if (ent.name.endsWith('.yaml') || ent.name.endsWith('.yml')) out.push(p);
  }
  return out.sort();
}

/** `dibao/standard/rural.yaml` → `dibao.standard.rural`. */
export function parameterNameOf(file: string): string {
  return file.replace(/\.ya?ml$/, '').split('/').join('.');
}

export interface ParsedParameterFile {
  definition: ParamDefinition;
  entries: ParamEntry[];
}

export function parseParameterFile(
  text: string,
  opts: { file: string; jurisdiction: Jurisdiction; name?: string },
): ParsedParameterFile {
  const { file, jurisdiction } = opts;
  const name = opts.name ?? parameterNameOf(file);
  const { doc, lines } = parseYaml(text, file);
  if (!name.split('.').every((seg) => /^[a-z][A-Za-z0-9]*$/.test(seg))) {
    throw invalid(file, 1, '(file name)', '文件路径段应为小写字母开头的字母数字', 'path segments must be letters and digits starting lower-case');
  }
  const top = ParamFileSchema.safeParse(doc.toJS());
  if (!top.success) throw fromZod(top.error, doc, lines, file, []);
  const kind = top.data.unit === 'list' ? 'list' : 'number';
  if (kind === 'number' && !top.data.bounds) {
    throw invalid(file, lineOf(doc, lines, ['unit']), 'bounds', '数值参数须声明取值范围 bounds: { min, max }', 'a number parameter declares its range, bounds: { min, max }');
  }
  const unit = UNITS[top.data.unit];
  const definition: ParamDefinition = {
    name,
    description: top.data.description,
    unit: top.data.unit,
    kind,
    file,
    ...(top.data.bounds ? { bounds: { min: top.data.bounds.min, max: top.data.bounds.max } } : {}),
    ...(kind === 'number' ? { integer: unit.integer, decimals: unit.decimals } : {}),
    ...(top.data.allowed ? { allowed: Object.freeze([...top.data.allowed]) } : {}),
  };
  const areas = new Set([jurisdiction.city, ...jurisdiction.counties.map((c) => c.code)]);
  const entries: ParamEntry[] = [];
  const seen = new Set<string>();
  for (const [date, raw] of Object.entries(top.data.values)) {
    const base = ['values', date];
    const effectiveFrom = date as PlainDate;
    if (raw === null) {
      entries.push({ area: jurisdiction.city, effectiveFrom, value: null, citation: '', source: 'file', origin: { file, line: lineOf(doc, lines, base) } });
      continue;
    }
    const items: unknown[] = Array.isArray(raw) ? raw : [raw];
    items.forEach((item, i) => {
      const path = Array.isArray(raw) ? [...base, i] : base;
      const r = EntrySchema.safeParse(item);
      if (!r.success) throw fromZod(r.error, doc, lines, file, path);
      const e: EntryInput = r.data;
      const valueOk = e.value === null || (kind === 'list' ? Array.isArray(e.value) : typeof e.value === 'number');
      if (!valueOk) {
        throw invalid(file, lineOf(doc, lines, [...path, 'value']), fieldOf([...path, 'value']),
          `单位为 ${top.data.unit} 的参数值应为${kind === 'list' ? '列表' : '数值'}`,
          `a parameter with unit ${top.data.unit} takes a ${kind}`);
      }
      // The shipped values obey the same range and precision as an override.
      const problem = valueOk ? valueProblem(definition, e.value) : null;
      if (problem) throw invalid(file, lineOf(doc, lines, [...path, 'value']), fieldOf([...path, 'value']), problem.message.zh, problem.message.en);
      const list = e.area === undefined ? [jurisdiction.city] : Array.isArray(e.area) ? e.area : [e.area];
      for (const area of list) {
        if (!areas.has(area)) {
          throw invalid(file, lineOf(doc, lines, [...path, 'area']), fieldOf([...path, 'area']),
            `区划 ${area} 不是${jurisdiction.name.zh}或其所辖县区`, `area ${area} is not ${jurisdiction.name.en} or one of its counties`);
        }
        const key = `${area}|${date}`;
        if (seen.has(key)) {
          throw invalid(file, lineOf(doc, lines, path), fieldOf(path), `区划 ${area} 在 ${date} 有两个值`, `area ${area} has two values on ${date}`);
        }
        seen.add(key);
        entries.push({
          area,
          effectiveFrom,
          value: Array.isArray(e.value) ? Object.freeze([...e.value]) : e.value,
          citation: e.reference,
          ...(e.note !== undefined ? { note: e.note } : {}),
          ...(e.illustrative ? { illustrative: true } : {}),
          source: 'file',
          origin: { file, line: lineOf(doc, lines, path) },
        });
      }
    });
  }
  return { definition, entries };
}

export function parseJurisdiction(text: string, file: string): Jurisdiction {
  const { doc, lines } = parseYaml(text, file);
  const r = JurisdictionSchema.safeParse(doc.toJS());
  if (!r.success) throw fromZod(r.error, doc, lines, file, []);
  return {
    name: r.data.name,
    city: r.data.city,
    counties: r.data.counties.map((c) => ({ code: c.code, name: { zh: c.zh, en: c.en } })),
  };
}

function parseYaml(text: string, file: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? 1;
    throw invalid(file, line, '(yaml)', `YAML 语法错误：${err.message}`, `YAML syntax error: ${err.message}`);
  }
  return { doc, lines };
}

type Path = (string | number)[];

/** Line of the deepest existing node on the path (a missing field is reported at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(file)';
}

function fromZod(error: z.ZodError, doc: Document, lines: LineCounter, file: string, prefix: Path): AppError {
  const issue = error.issues[0];
  // An unknown field is reported at the field itself, not at the object holding it.
  const extra = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
  const path = [...prefix, ...(issue.path as Path), ...extra];
  return invalid(file, lineOf(doc, lines, path), fieldOf(path), issue.message, issue.message, error.issues.length);
}

function invalid(file: string, line: number, field: string, zh: string, en: string, count = 1): AppError {
  return new AppError(
    'POLICY_FILE_INVALID',
    { zh: `参数文件 ${file} 第 ${line} 行 ${field}：${zh}`, en: `parameter file ${file}, line ${line}, ${field}: ${en}` },
    { field, status: 500, details: { file, line, field, issues: count } },
  );
}
