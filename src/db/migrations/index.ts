import type { Migration, MigrationProvider } from 'kysely';
import type { KeyRing } from '../../kernel/sealing.ts';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-cases.ts';
import * as m0003 from './0003-enrollment-terms.ts';
import * as m0004 from './0004-reviews.ts';
import * as m0005 from './0005-payroll.ts';
import * as m0006 from './0006-search-index.ts';
import * as m0007 from './0007-simulation-covering.ts';
import * as m0008 from './0008-worklist-cover.ts';
import { sealedPersonalData } from './0009-sealed-personal-data.ts';
import * as m0012 from './0012-policy-override-review.ts';
import * as m0014 from './0014-audit-search-text.ts';
import * as m0015 from './0015-situation-cover.ts';
import * as m0016 from './0016-payroll-refresh-holds.ts';
import * as m0017 from './0017-tekun-placement.ts';
import * as m0018 from './0018-document-numbers.ts';
import * as m0019 from './0019-poverty-registry.ts';
import * as m0022 from './0022-four-deliberations.ts';
import * as m0021 from './0021-screening.ts';
import * as m0020 from './0020-poverty-referrals.ts';
import * as m0023 from './0023-poverty-match.ts';
import * as m0024 from './0024-person-index-clustered.ts';
import * as m0025 from './0025-temporary-aid.ts';
import * as m0026 from './0026-township-reserve.ts';
import * as m0027 from './0027-temporary-disbursement.ts';
import * as m0028 from './0028-household-heating.ts';
import * as m0029 from './0029-heating-season.ts';
import * as m0030 from './0030-quarterly-reports.ts';
import * as m0031 from './0031-supervision.ts';
import * as m0032 from './0032-audit-browser.ts';
import * as m0034 from './0034-case-files.ts';
import * as m0035 from './0035-case-file-previews.ts';
import * as m0036 from './0036-field-visits.ts';
import * as m0037 from './0037-field-visit-kinds.ts';
import * as m0038 from './0038-case-file-client-key.ts';
import * as m0010 from './0010-accounts.ts';
import { opsHardening } from './0011-ops-hardening.ts';
import { auditBaseline } from './0011b-audit-baseline.ts';

/** One migration set for SQLite and PostgreSQL, listed explicitly (no directory scanning at run time). */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-cases': m0002,
  '0003-enrollment-terms': m0003,
  '0004-reviews': m0004,
  '0005-payroll': m0005,
  '0006-search-index': m0006,
  '0007-simulation-covering': m0007,
  '0008-worklist-cover': m0008,
  '0010-accounts': m0010,
  '0012-policy-override-review': m0012,
  '0014-audit-search-text': m0014,
  '0015-situation-cover': m0015,
  '0016-payroll-refresh-holds': m0016,
  '0017-tekun-placement': m0017,
  '0018-document-numbers': m0018,
  '0019-poverty-registry': m0019,
  '0022-four-deliberations': m0022,
  '0021-screening': m0021,
  '0020-poverty-referrals': m0020,
  '0023-poverty-match': m0023,
  '0024-person-index-clustered': m0024,
  '0025-temporary-aid': m0025,
  '0026-township-reserve': m0026,
  '0027-temporary-disbursement': m0027,
  '0028-household-heating': m0028,
  '0029-heating-season': m0029,
  '0030-quarterly-reports': m0030,
  '0031-supervision': m0031,
  '0032-audit-browser': m0032,
  '0034-case-files': m0034,
  '0035-case-file-previews': m0035,
  '0036-field-visits': m0036,
  '0037-field-visit-kinds': m0037,
  '0038-case-file-client-key': m0038,
};

/**
 * The migrations for a database opened with `keys`: a migration that must seal existing personal data (0009) or key
 * the audit chain (0011, 0011b) is a function of the key ring; the others ignore it.
 */
export function migrationProviderFor(keys: KeyRing): MigrationProvider {
  return {
    getMigrations: async () => ({
      ...migrations,
      ...Object.fromEntries(Object.entries(keyedMigrations).map(([name, make]) => [name, make(keys)])),
    }),
  };
}

/** Migrations that need the keys (they seal or re-hash existing rows). */
const keyedMigrations: Record<string, (keys: KeyRing) => Migration> = {
  '0009-sealed-personal-data': sealedPersonalData,
  '0011-ops-hardening': opsHardening,
  '0011b-audit-baseline': auditBaseline,
};
