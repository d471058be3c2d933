import { describe, expect, it } from 'vitest';
import type { PlainDate } from '../../kernel/plain-date.ts';
import fc from 'fast-check';
import { idHashOf, sealAccount, sealIdNumber, sealPhone } from '../../db/personal-data.ts';
import { newKeyRing } from '../../kernel/sealing.ts';
import { appendHousehold, comparableRow, BULK_ORDER, BULK_TABLES, emptyBuffers, insertSql, rowsPerStatement, statementSizes } from './bulk-writer.ts';
import { createIdAllocator } from './id-allocator.ts';
import { createPopulation } from './population.ts';

describe('bulk writer', () => {
  it('lays out every row in the column order of its INSERT', () => {
    const pop = createPopulation({
      seed: 'cols',
      scope: 'city',
      asOf: '2026-01-01' as PlainDate,
      counties: ['211221'],
      villages: [{ code: '211221101201', countyIndex: 0, place: '某村', community: false }],
      allocator: createIdAllocator(['211221'], '2026-01-01' as PlainDate),
      now: '2026-01-05T02:00:00.000Z',
    });
    const keys = newKeyRing();
    for (let i = 0; i < 50; i++) {
      const g = pop.next();
      const buffers = emptyBuffers();
      appendHousehold(buffers, g, keys);
      // The rows as stored: sealed columns and their keyed hashes in place of the clear values (ADR 0012).
      const { bank_account, phone, ...household } = g.household;
      const expected = {
        household: [{ ...household, ...sealAccount(keys, bank_account), phone_sealed: sealPhone(keys, phone) }],
        person: g.persons.map(({ id_number, ...p }) => ({ ...p, ...sealIdNumber(keys, id_number) })),
        person_index: g.persons.map((p) => ({ id_hash: idHashOf(keys, p.id_number), county_code: p.county_code, person_id: p.id })),
        income_item: g.incomes,
        asset_item: g.assets,
      };
      for (const t of BULK_ORDER) {
        const rows = expected[t] as unknown as Record<string, unknown>[];
        const cols = BULK_TABLES[t];
        // Sealed values differ at each sealing: compare them opened; everything else exactly.
        const laidOut = buffers[t].map((v, k) => (cols[k % cols.length].endsWith('_sealed') ? comparableRow(keys, t, { [cols[k % cols.length]]: v }).join() : v));
        const wanted = rows.flatMap((r) => cols.map((c) => (c.endsWith('_sealed') ? comparableRow(keys, t, { [c]: r[c] }).join() : r[c])));
        expect(laidOut).toEqual(wanted);
        // No column of the row type is left out of the INSERT.
        for (const r of rows) expect(Object.keys(r).sort()).toEqual([...cols].sort());
      }
    }
  });

  it('keeps statements under both databases\' bound-parameter limits', () => {
    for (const t of BULK_ORDER) {
      expect(rowsPerStatement('sqlite', t) * BULK_TABLES[t].length).toBeLessThanOrEqual(32_766);
      expect(rowsPerStatement('postgres', t) * BULK_TABLES[t].length).toBeLessThanOrEqual(65_535);
    }
    expect(insertSql('sqlite', 'person_index', 2)).toBe('insert into "person_index" ("id_hash", "county_code", "person_id") values (?, ?, ?), (?, ?, ?)');
    expect(insertSql('postgres', 'person_index', 2)).toBe('insert into "person_index" ("id_hash", "county_code", "person_id") values ($1, $2, $3), ($4, $5, $6)');
  });

  it('splits any number of rows into few statement shapes that add up', () => {
    const shapes = new Set<number>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 25_000 }), (rows) => {
        const sizes = statementSizes(rows, 1000);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(rows);
        for (const n of sizes) shapes.add(n);
        expect(sizes.filter((n) => n < 1000).length).toBeLessThanOrEqual(10);
      }),
    );
    expect(shapes.size).toBeLessThanOrEqual(11);
    expect(statementSizes(2_345, 1000)).toEqual([1000, 1000, 256, 64, 16, 8, 1]);
  });
});
