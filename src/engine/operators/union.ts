// union: concatenates its legs, mapping each leg's columns onto the output schema (missing columns are
// null, or "" for strings), with an optional source-name column.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Plan } from '../bound.js';

export function runUnion(p: Extract<Plan, { op: 'union' }>, inputs: Table[]): Table {
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const offset = p.sourceColumn ? 1 : 0;
  let n = 0;
  inputs.forEach((t, leg) => {
    const map = p.mappings[leg]!;
    for (let r = 0; r < t.length; r++) {
      if (offset) builders[0]!.push(p.sourceNames[leg]!);
      map.forEach((src, j) => builders[j + offset]!.push(src === null ? null : t.columns[src]!.get(r)));
    }
    n += t.length;
  });
  return new Table(p.schema, builders.map((b) => b.build()), n);
}
