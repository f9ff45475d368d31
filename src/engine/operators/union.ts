// union: concatenates its legs, mapping each leg's columns onto the output schema (missing columns are
// null, or "" for strings), with an optional source-name column.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Plan } from '../bound.js';
import { CHECK_EVERY, type ExecContext } from '../exec/context.js';
import { shape } from '../exec/memory.js';

export function runUnion(p: Extract<Plan, { op: 'union' }>, inputs: Table[], ctx: ExecContext): Table {
  const total = inputs.reduce((a, t) => a + t.length, 0);
  ctx.memory.charge(total * p.schema.length, `union would produce ${shape(total, p.schema.length)}`, p.span);
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const offset = p.sourceColumn ? 1 : 0;
  let n = 0;
  inputs.forEach((t, leg) => {
    const map = p.mappings[leg]!;
    for (let r = 0; r < t.length; r++) {
      if (offset) builders[0]!.push(p.sourceNames[leg]!);
      map.forEach((src, j) => builders[j + offset]!.push(src === null ? null : t.columns[src]!.get(r)));
      if ((r & CHECK_EVERY) === 0) ctx.checkTime();
    }
    n += t.length;
  });
  return new Table(p.schema, builders.map((b) => b.build()), n);
}
