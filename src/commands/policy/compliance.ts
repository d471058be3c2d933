import type { ComplianceFindingView, ComplianceReportView } from '../../contracts/policy.ts';
import { checkCompliance, type ComplianceFinding, type ComplianceReport } from '../../policy/compliance.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { loadParameterSet } from './parameters.ts';
import { areaView, dayOrToday } from './present-parameters.ts';

/**
 * 合规检查 Do the parameters in force (files + database overrides) meet the plan's floors on a day, per
 * county? For city users in the UI, and the operator (`doudi policy check`).
 */
export async function checkPolicyCompliance(ctx: CommandContext, q: { at?: string }): Promise<ComplianceReportView> {
  requirePermission(ctx.actor, 'compliance.read');
  const day = dayOrToday(q.at, ctx.clock());
  const ps = await loadParameterSet(ctx.db);
  return presentCompliance(checkCompliance(ps, day), ps);
}

export function presentCompliance(r: ComplianceReport, ps: ParameterSet): ComplianceReportView {
  return {
    day: r.day,
    ok: r.ok,
    city: areaView(ps, ps.jurisdiction.city),
    counties: r.counties.map((c) => ({ county: { code: c.county, name: c.name }, ok: c.ok, findings: c.findings.map(findingView) })),
    cityFindings: r.city.map(findingView),
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
  };
}
