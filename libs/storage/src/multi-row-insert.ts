// Postgres accepts at most 65535 bind parameters per statement.
const MAX_PARAMETERS = 60_000;

/** Splits rows into chunks that fit one statement, and builds `($1,$2),($3,$4)` placeholders for each. */
export function* valueChunks<T>(
  rows: T[],
  columns: number,
  toParams: (row: T) => unknown[],
): Generator<{ placeholders: string; params: unknown[] }> {
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  for (let start = 0; start < rows.length; start += perChunk) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(start, start + perChunk)) {
      const values = toParams(row);
      const base = params.length;
      tuples.push(`(${values.map((_, i) => `$${base + i + 1}`).join(',')})`);
      params.push(...values);
    }
    yield { placeholders: tuples.join(','), params };
  }
}
