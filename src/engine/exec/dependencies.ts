// What a bound expression reads: the columns it depends on, and whether its value is a function of
// them alone (no row position, no randomness). Such an expression of one dictionary-encoded string
// column has one value per distinct string, so kernels compute it once per dictionary code.

import { StringColumn, columnBuilder, type Column } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { BExpr } from '../bound.js';
import { compile, type CompileEnv } from './compile.js';

/** The columns `e` reads, or null when its value also depends on the row position or on chance. */
export function columnsRead(e: BExpr, out = new Set<number>()): Set<number> | null {
  switch (e.k) {
    case 'const':
    case 'scalar':
      return out;
    case 'col':
      out.add(e.index);
      return out;
    case 'window':
      return null;
    case 'call':
      if (e.volatile) return null;
      for (const a of e.args) if (!columnsRead(a, out)) return null;
      return out;
    case 'and':
    case 'or':
      for (const a of e.args) if (!columnsRead(a, out)) return null;
      return out;
    case 'inset':
      if (!columnsRead(e.arg, out)) return null;
      if (e.set.kind === 'values') for (const v of e.set.values) if (!columnsRead(v, out)) return null;
      return out;
  }
}

/** The dictionary-encoded column that `e` is a pure function of, when it reads exactly one such column. */
export function singleDictionaryColumn(e: BExpr, t: Table): { index: number; col: StringColumn } | undefined {
  const cols = columnsRead(e);
  if (!cols || cols.size !== 1) return undefined;
  const index = [...cols][0]!;
  const c = t.columns[index];
  return c instanceof StringColumn ? { index, col: c } : undefined;
}

/**
 * `e`, a pure function of the dictionary column at `index` (with at least one string), evaluated once per distinct string: row s of
 * the result is its value for code s - 1 (row 0 is the guid null, code -1). Read a row's value at
 * `codes[r] + 1`.
 */
export function overDictionary(e: BExpr, env: CompileEnv, index: number, col: StringColumn): Column {
  const slots = col.pool.size + 1;
  const codes = new Int32Array(slots);
  for (let s = 0; s < slots; s++) codes[s] = s - 1;
  // A string column has no null code: its slot 0 is never read, so it repeats the first string.
  if (col.type === 'string') codes[0] = 0;
  const columns = env.table.columns.slice();
  columns[index] = new StringColumn(col.type, codes, col.pool);
  const f = compile(e, { ...env, table: new Table(env.table.schema, columns, slots) });
  const b = columnBuilder(e.type);
  for (let s = 0; s < slots; s++) {
    if ((s & 0xffff) === 0) env.ctx.checkTime();
    b.push(f(s));
  }
  return b.build();
}
