// mv-expand: one output row per element of the expanded dynamic arrays (or per property of a bag),
// zipping several expanded columns; `to typeof(t)` converts the elements, `with_itemindex` numbers them.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Dynamic, Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { fromDynamic } from '../convert.js';

function elements(v: Value): Dynamic[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v as Dynamic[];
  if (typeof v === 'object') return Object.entries(v as Record<string, Dynamic>).map(([k, x]) => ({ [k]: x }));
  return [v as Dynamic];
}

export function runMvExpand(p: Extract<Plan, { op: 'mvexpand' }>, input: Table): Table {
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const expanded = new Map(p.columns.map((c) => [c.index, c]));
  const ncols = input.columns.length;
  let n = 0;
  for (let r = 0; r < input.length; r++) {
    const lists = p.columns.map((c) => elements(input.columns[c.index]!.get(r)));
    let count = Math.max(0, ...lists.map((l) => l.length));
    if (p.limit !== undefined) count = Math.min(count, p.limit);
    // A row whose arrays are all empty or null is kept once, with null in the expanded columns.
    const rowsOut = Math.max(count, 1);
    for (let i = 0; i < rowsOut; i++) {
      for (let c = 0; c < ncols; c++) {
        const e = expanded.get(c);
        if (!e) {
          builders[c]!.push(input.columns[c]!.get(r));
          continue;
        }
        const item = lists[p.columns.indexOf(e)]![i];
        const v = item === undefined ? null : item;
        builders[c]!.push(e.toType && e.toType !== 'dynamic' ? fromDynamic(v, e.toType) : v);
      }
      if (p.itemIndex) builders[ncols]!.push(count === 0 ? null : BigInt(i));
      n++;
    }
  }
  return new Table(p.schema, builders.map((b) => b.build()), n);
}
