// The evaluate plugins: bag_unpack (each bag slot becomes a column of the bound slot list) and pivot (one
// aggregate per group of the other columns and value of the pivot column, one column per value).

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Dynamic, Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { compile } from '../exec/compile.js';
import { CHECK_EVERY, type ExecContext } from '../exec/context.js';
import { shape } from '../exec/memory.js';
import { compileEnv } from '../exec/executor.js';
import { materialize, relRows, type Rel } from '../exec/relation.js';
import type { Accumulator } from '../functions/registry.js';
import { toText, valueKey } from '../values.js';
import { castElement } from './mv-expand.js';
import { convertValue } from '../convert.js';

/** bag_unpack: the bound columns, each an input column or a bag slot (null when a row's bag lacks it). */
export function runBagUnpack(p: Extract<Plan, { op: 'bagunpack' }>, input: Rel, ctx: ExecContext): Table {
  const table = materialize(input);
  ctx.memory.charge(table.length * p.schema.length, `bag_unpack would produce ${shape(table.length, p.schema.length)}`, p.span);
  const bags = table.columns[p.column]!;
  const builders = p.schema.map((c) => columnBuilder(c.type));
  for (let r = 0; r < table.length; r++) {
    if ((r & CHECK_EVERY) === 0) ctx.checkTime();
    const bag = bags.get(r);
    const slots = bag !== null && typeof bag === 'object' && !Array.isArray(bag) ? (bag as Record<string, Dynamic>) : {};
    p.columns.forEach((c, j) => {
      if ('input' in c) {
        const col = table.columns[c.input]!;
        builders[j]!.push(col.type === c.type ? col.get(r) : convertValue(col.get(r), col.type, c.type));
        return;
      }
      const v = slots[c.slot];
      builders[j]!.push(v === undefined ? null : castElement(v, c.type));
    });
  }
  return new Table(p.schema, builders.map((b) => b.build()), table.length);
}

/** pivot: one row per group of the key columns, one aggregate per pivot value (the empty aggregate when none). */
export function runPivot(p: Extract<Plan, { op: 'pivot' }>, input: Rel, ctx: ExecContext): Table {
  const env = compileEnv(input.table, ctx);
  const keyFns = p.keys.map((k) => compile(k, env));
  const pivotFn = compile(p.pivot, env);
  const argFns = p.aggregate.args.map((a) => compile(a, env));
  const column = new Map(p.values.map((v, i) => [v, i]));
  const groups = new Map<string, { keys: Value[]; cells: (Accumulator | undefined)[] }>();
  const rows = relRows(input);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const keys = keyFns.map((f) => f(r));
    const gk = keys.map(valueKey).join('\u0001');
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { keys, cells: [] }));
    if ((i & CHECK_EVERY) === 0) ctx.checkTime();
    const c = column.get(toText(pivotFn(r), p.pivot.type));
    if (c === undefined) continue;
    const acc = (g.cells[c] ??= p.aggregate.factory.create());
    acc.add(argFns.map((f) => f(r)));
  }
  ctx.memory.charge(groups.size * p.schema.length, `pivot would produce ${shape(groups.size, p.schema.length)}`, p.span);
  const empty = p.aggregate.factory.create().result()[0] ?? null;
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const nk = p.keys.length;
  for (const g of groups.values()) {
    g.keys.forEach((k, i) => builders[i]!.push(k));
    p.values.forEach((_, c) => builders[nk + c]!.push(g.cells[c] ? g.cells[c]!.result()[0]! : empty));
  }
  return new Table(p.schema, builders.map((b) => b.build()), groups.size);
}
