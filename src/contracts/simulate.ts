import { z } from 'zod';

/**
 * 政策测算 What-if simulation over the registry (issue 3, point 8): the same structure from `doudi simulate --json`
 * and from `POST /api/policy/simulate`. Money in fen per month; `delta` = scenario − baseline.
 */
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Count = z.number().int();

export const SimulationChange = z.object({
  name: z.string().trim().min(1).max(100),
  /** A number, or a list of codes (as an array, or comma-separated text). */
  value: z.union([z.number(), z.string().max(500), z.array(z.string().max(50)).max(50)]),
});
export type SimulationChange = z.infer<typeof SimulationChange>;

export const SimulationRequest = z.object({
  changes: z.array(SimulationChange).min(1).max(20),
  /** The month the changes apply from: the month simulated. */
  from: z.string().trim().regex(/^\d{4}-\d{2}$/),
  /** One county (6 digits); the whole scope when absent. */
  county: z.string().trim().regex(/^\d{6}$/).optional(),
});
export type SimulationRequest = z.infer<typeof SimulationRequest>;

/** Dibao households (household unit), their members, the monthly dibao cost, and tekun persons with their cost. */
export const SimulationFigures = z.object({
  households: Count,
  persons: Count,
  monthlyFen: Count,
  tekun: z.object({ persons: Count, monthlyFen: Count }),
});
export type SimulationFigures = z.infer<typeof SimulationFigures>;

const Comparison = {
  /** Households and persons read from the registry and determined. */
  assessed: z.object({ households: Count, persons: Count }),
  baseline: SimulationFigures,
  scenario: SimulationFigures,
  delta: SimulationFigures,
  /** Dibao households eligible only under the scenario (gained) or only under the baseline (lost). */
  dibaoChanged: z.object({ gained: Count, lost: Count }),
};

export const SimulationCounty = z.object({ county: z.string(), name: Bilingual, ...Comparison });
export type SimulationCounty = z.infer<typeof SimulationCounty>;

export const SimulationResult = z.object({
  from: z.string(),
  changes: z.array(z.object({ name: z.string(), value: z.union([z.number(), z.array(z.string())]) })),
  counties: z.array(SimulationCounty),
  total: z.object(Comparison),
  /** E.g. a changed parameter that no dibao or tekun determination of the month reads. */
  warnings: z.array(z.object({ code: z.string(), name: z.string(), message: Bilingual })),
  seconds: z.number(),
});
export type SimulationResult = z.infer<typeof SimulationResult>;
