import type { HouseholdDetail } from '#contracts/registry.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** `GET /api/households/:county/:id`: one registered household, read once to fill the calculator's form. */
export function getHousehold(countyCode: string, id: string): Promise<HouseholdDetail> {
  return apiRequest<HouseholdDetail>(`/api/households/${countyCode}/${encodeURIComponent(id)}`);
}
