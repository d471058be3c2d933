/**
 * A write refused by a unique key — PostgreSQL's 23505 or SQLite's "UNIQUE constraint failed" — the one test of it: the
 * database's key is what stops a second payment, a second user of a name, a second record of a visit or a file.
 */
export function isUniqueViolation(e: unknown): boolean {
  const x = e as { code?: string; message?: string };
  return x?.code === '23505' || /UNIQUE constraint failed/.test(String(x?.message ?? ''));
}
