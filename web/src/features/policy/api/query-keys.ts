/** Cache keys of the policy screens: any override action invalidates everything under `policy`. */
export const policyKeys = {
  all: ['policy'] as const,
  list: (at: string) => ['policy', 'parameters', at] as const,
  parameter: (name: string) => ['policy', 'parameter', name] as const,
  compliance: (at: string) => ['policy', 'compliance', at] as const,
  overrides: (status: string) => ['policy', 'overrides', status] as const,
};
