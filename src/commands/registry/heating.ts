import { type HeatingMode, heatedAreaDm2 } from '../../contracts/registry.ts';
import type { HouseholdTable } from '../../db/schema.ts';

/**
 * 取暖信息 A household's heating as the registry stores it (ADR 0042): the mode (null = not recorded) and, for central
 * heating only, the heated area in hundredths of a m². The contracts have checked the input (central has an area of
 * 1–1,000 m², the others none); the database checks the pair again.
 */
export type HeatingColumns = Pick<HouseholdTable, 'heating_mode' | 'heated_area_dm2'>;

/** The columns an input sets: none when it leaves the heating out (an edit keeps what is stored). */
export function heatingColumns(input: { heatingMode?: HeatingMode | null; heatedAreaM2?: number | null }): HeatingColumns | Record<string, never> {
  if (input.heatingMode === undefined) return {};
  const mode = input.heatingMode;
  return { heating_mode: mode, heated_area_dm2: mode === 'central' && input.heatedAreaM2 != null ? heatedAreaDm2(input.heatedAreaM2) : null };
}

/** The heating as screens show it: the mode, the area in m² (two decimals at most). */
export function presentHeating(h: Partial<HeatingColumns>): { heatingMode: HeatingMode | null; heatedAreaM2: number | null } {
  const dm2 = h.heated_area_dm2 == null ? null : Number(h.heated_area_dm2);
  return { heatingMode: (h.heating_mode as HeatingMode | null | undefined) ?? null, heatedAreaM2: dm2 === null ? null : dm2 / 100 };
}

/** The heating data a heating season needs is missing: no mode recorded, or central heating without its area. */
export const heatingMissing = (h: Partial<HeatingColumns>): boolean => h.heating_mode == null || (h.heating_mode === 'central' && h.heated_area_dm2 == null);
