// Ordering operators: sort (stable, Kusto's default descending with nulls last), top, take and distinct.

import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { BoundSortKey, Plan } from '../bound.js';
import { compile } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { relRows, type Rel } from '../exec/relation.js';
import { compareValues, valueKey } from '../values.js';
import { columnBuilder } from '../../tables/column.js';

/** Logical row order for sort keys (stable: equal rows keep their input order). */
function sortedRows(keys: BoundSortKey[], input: Rel, ctx: ExecContext): Uint32Array {
  const env = compileEnv(input.table, ctx);
  const rows = relRows(input);
  const n = rows.length;
  const keyVals: Value[][] = keys.map((k) => {
    const f = compile(k.expr, env);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = f(rows[i]!);
    return out;
  });
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const x = keyVals[k]![a]!;
      const y = keyVals[k]![b]!;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === key.nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y, key.expr.type);
      if (c !== 0) return key.desc ? -c : c;
    }
    return a - b;
  });
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rows[idx[i]!]!;
  return out;
}

export function runSort(p: Extract<Plan, { op: 'sort' }>, input: Rel, ctx: ExecContext): Rel {
  return { table: input.table, sel: sortedRows(p.keys, input, ctx) };
}

export function runTop(p: Extract<Plan, { op: 'top' }>, input: Rel, ctx: ExecContext): Rel {
  return { table: input.table, sel: sortedRows(p.keys, input, ctx).subarray(0, p.count) };
}

export function runTake(p: Extract<Plan, { op: 'take' }>, input: Rel): Rel {
  const rows = relRows(input);
  return { table: input.table, sel: Uint32Array.from(Array.prototype.slice.call(rows, 0, p.count) as number[]) };
}

export function runDistinct(p: Extract<Plan, { op: 'distinct' }>, input: Rel, ctx: ExecContext): Rel {
  const env = compileEnv(input.table, ctx);
  const fns = p.columns.map((c) => compile(c, env));
  const rows = relRows(input);
  const seen = new Set<string>();
  const builders = p.schema.map((c) => columnBuilder(c.type));
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const vals = fns.map((f) => f(rows[i]!));
    const key = vals.map(valueKey).join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    vals.forEach((v, j) => builders[j]!.push(v));
    n++;
  }
  return { table: new Table(p.schema, builders.map((b) => b.build()), n), sel: null };
}
