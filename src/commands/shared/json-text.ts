/** Values stored as JSON text columns (reasons, details, snapshots): written and read the same way everywhere. */
export const json = (v: unknown): string => JSON.stringify(v ?? null);
export const parseJson = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
