import type { HouseholdSearch } from '#contracts/registry.ts';

/** Cache keys of the registry: lists under one prefix so any write can invalidate them all at once. */
export const registryKeys = {
  all: ['registry'] as const,
  lists: () => ['registry', 'list'] as const,
  list: (params: Partial<HouseholdSearch>) => ['registry', 'list', params] as const,
  household: (county: string, id: string) => ['registry', 'household', county, id] as const,
};
