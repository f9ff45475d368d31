// Shared test helpers: run a query over datatables and get plain rows back.
import { runQuery, type RunQueryOptions } from '../src/api.js';
import { KqlError } from '../src/diagnostics.js';
import type { Value } from '../src/types.js';

export const NOW = '2024-06-30T12:00:00Z';

/** Run a query and return its result. */
export function q(kql: string, opts: RunQueryOptions = {}) {
  return runQuery(kql, { now: NOW, ...opts });
}

/** Rows of a query's result. */
export function rows(kql: string, opts: RunQueryOptions = {}): Value[][] {
  return q(kql, opts).rows;
}

/** Column names of a query's result. */
export function names(kql: string, opts: RunQueryOptions = {}): string[] {
  return q(kql, opts).columns.map((c) => c.name);
}

/** The single value of a one-row, one-column result. */
export function scalar(kql: string, opts: RunQueryOptions = {}): Value {
  const r = q(kql, opts);
  if (r.rows.length !== 1 || r.columns.length !== 1) throw new Error(`expected 1x1 result, got ${r.rows.length}x${r.columns.length}`);
  return r.rows[0]![0]!;
}

/** The KqlError a query throws (fails the test if it does not throw one). */
export function errorOf(kql: string, opts: RunQueryOptions = {}): KqlError {
  try {
    q(kql, opts);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected the query to fail');
}
