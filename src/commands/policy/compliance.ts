import type { ComplianceFindingView, ComplianceReportView, TimelineProblemView } from '../../contracts/policy.ts';
import { checkCompliance, type ComplianceFinding, type ComplianceReport } from '../../policy/compliance.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { type ProblemPeriod, timelinePeriods } from '../../policy/timeline.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { loadParameterSet } from './parameters.ts';
import { areaView, dayOrToday } from './present-parameters.ts';

/**
 * 合规检查 Do the parameters in force (files + database overrides) meet the plan's floors on a day, per county — and
 * does any county lack a value, or fall below a floor, on any day of the timeline (data entered before the checks, or
 * rows changed outside the commands)? For city users in the UI, and the operator (`doudi policy check`).
 */
export async function checkPolicyCompliance(ctx: CommandContext, q: { at?: string }): Promise<ComplianceReportView> {
  requirePermission(ctx.actor, 'compliance.read');
  const day = dayOrToday(q.at, ctx.clock());
  const ps = await loadParameterSet(ctx.db);
  return presentCompliance(checkCompliance(ps, day), ps, timelinePeriods(ps));
}

export function presentCompliance(r: ComplianceReport, ps: ParameterSet, timeline: readonly ProblemPeriod[]): ComplianceReportView {
  return {
    day: r.day,
    ok: r.ok && timeline.length === 0,
    city: areaView(ps, ps.jurisdiction.city),
    counties: r.counties.map((c) => ({ county: { code: c.county, name: c.name }, ok: c.ok, findings: c.findings.map(findingView) })),
    cityFindings: r.city.map(findingView),
    timeline: timeline.map((p) => problemView(p, ps)),
  };
}

function problemView(p: ProblemPeriod, ps: ParameterSet): TimelineProblemView {
  const span = {
    zh: p.until ? `${p.from} 至 ${p.until} 前` : `自 ${p.from} 起`,
    en: p.until ? `from ${p.from} until ${p.until}` : `from ${p.from} on`,
  };
  if (p.problem.kind === 'gap') {
    const { name, county } = p.problem;
    const d = ps.definition(name).description;
    return {
      kind: 'gap',
      area: areaView(ps, county),
      from: p.from,
      until: p.until,
      parameter: { name, description: { ...d } },
      message: { zh: `${span.zh}没有有效的“${d.zh}”（${name}）`, en: `no value of “${d.en}” (${name}) ${span.en}` },
    };
  }
  const f = p.problem.finding;
  return {
    kind: 'floor',
    area: areaView(ps, f.area),
    from: p.from,
    until: p.until,
    finding: findingView(f),
    message: { zh: `${span.zh}${f.message.zh}（${f.citation}）`, en: `${span.en}: ${f.message.en} (${f.citation})` },
  };
}

function findingView(f: ComplianceFinding): ComplianceFindingView {
  return {
    check: f.check,
    ok: f.ok,
    area: f.area,
    message: { ...f.message },
    citation: f.citation,
    values: { ...f.values },
    ...(f.missing ? { missing: [...f.missing] } : {}),
    ...(f.parameters ? { parameters: [...f.parameters] } : {}),
  };
}
