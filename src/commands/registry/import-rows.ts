import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** The rows of a sheet normalised by the bounded reader (ADR 0018), each row's source row number first. */
export async function* csvRows(path: string): AsyncGenerator<string[]> {
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true, skip_empty_lines: true }));
  for await (const rec of parser) yield (rec as unknown[]).map((c) => String(c ?? ''));
}
