// mv-apply: for each input row, expand that row (as mv-expand does), run the subquery over the expanded
// rows, and output the subquery's rows with the row's other columns repeated alongside.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Plan } from '../bound.js';
import type { ExecContext } from '../exec/context.js';
import { shape } from '../exec/memory.js';
import { expandRows } from './mv-expand.js';

type MvApplyPlan = Extract<Plan, { op: 'mvapply' }>;

/** Run mv-apply over `input` (the rows of the plan's input); `runSubquery` executes the bound subquery. */
export function runMvApply(p: MvApplyPlan, input: Table, ctx: ExecContext, runSubquery: (plan: Plan, ctx: ExecContext) => Table): Table {
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const caches = materializeCaches(p.subquery, []);
  let n = 0;
  for (let r = 0; r < input.length; r++) {
    // Results cached inside the subquery (materialize, as) belong to one row's subtable.
    for (const c of caches) delete c.table;
    // The row's expansion and the subquery's work are dropped once its output rows are copied out.
    const mark = ctx.memory.mark();
    p.slot.table = expandRows(p.expand, input.take([r]), p.slot.schema, ctx, p.span);
    const sub = runSubquery(p.subquery, ctx);
    ctx.memory.settle(mark, 0);
    if (sub.length > 1) ctx.memory.charge(sub.length * p.schema.length, () => `mv-apply would produce ${shape(sub.length, p.schema.length)} from one row`, p.span);
    for (let s = 0; s < sub.length; s++) {
      p.output.forEach((o, j) => builders[j]!.push(o.from === 'sub' ? sub.columns[o.index]!.get(s) : input.columns[o.index]!.get(r)));
      n++;
    }
    ctx.checkTime();
  }
  p.slot.table = null;
  return new Table(p.schema, builders.map((b) => b.build()), n);
}

/** The caches of materialize nodes inside a plan. */
function materializeCaches(node: unknown, out: { table?: Table }[], seen = new Set<unknown>()): { table?: Table }[] {
  if (node === null || typeof node !== 'object' || seen.has(node) || node instanceof Table) return out;
  seen.add(node);
  const p = node as { op?: string; cache?: { table?: Table } };
  if (p.op === 'materialize' && p.cache) out.push(p.cache);
  for (const v of Object.values(node)) materializeCaches(v, out, seen);
  return out;
}
