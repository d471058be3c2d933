import { describe, expect, it } from 'vitest';
import { auditActor, may, operatorActor, requirePermission } from './context.ts';

describe('the operator (ADR 0024)', () => {
  it('acts in the city by default, under its name, with no user id in the audit', () => {
    const a = operatorActor({ name: 'cli:test' });
    expect(a).toMatchObject({ username: 'cli:test', displayName: 'cli:test', areaCode: '211200000000', operator: true });
    expect(auditActor(a)).toEqual({ userId: null, username: 'cli:test' });
  });

  it('runs the server’s own work but never takes a decision that names its decider', () => {
    const a = operatorActor({ name: 'cli:test' });
    for (const p of ['payroll.build', 'payroll.export', 'payroll.reconcile', 'users.manage', 'params.manage', 'cases.read'] as const) expect(may(a, p)).toBe(true);
    for (const p of ['cases.approve', 'cases.review', 'cases.apply', 'payroll.approve', 'params.confirm', 'personal.reveal', 'audit.persons'] as const) {
      expect(may(a, p)).toBe(false);
      expect(() => requirePermission(a, p)).toThrow(expect.objectContaining({ code: 'PERMISSION_DENIED' }));
    }
  });
});
