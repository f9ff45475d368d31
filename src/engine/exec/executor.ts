// Executes a logical plan: one small function per plan node, dispatched through an exhaustive map.

import { KqlError } from '../../diagnostics.js';
import { columnBuilder, columnFrom } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Plan } from '../bound.js';
import type { Value } from '../../types.js';
import { compile, type CompileEnv, type WindowState } from './compile.js';
import { filterRows } from './filter.js';
import type { ExecContext } from './context.js';
import { materialize, relLength, relRows, whole, type Rel } from './relation.js';
import { runSummarize } from '../operators/summarize.js';
import { runDistinct, runSort, runTake, runTop } from '../operators/order.js';
import { runJoin } from '../operators/join.js';
import { runUnion } from '../operators/union.js';
import { expandRows } from '../operators/mv-expand.js';
import { runMvApply } from '../operators/mv-apply.js';
import { runParse } from '../operators/parse.js';
import { runParseKv } from '../operators/parse-kv.js';
import { runMakeSeries } from '../operators/make-series.js';
import { runBagUnpack, runPivot } from '../operators/evaluate.js';
import { runSample, runSampleDistinct, runTopNested } from '../operators/select.js';
import { runRange } from '../operators/range.js';
import { asInputError } from '../../diagnostics.js';

type Runner<K extends Plan['op']> = (p: Extract<Plan, { op: K }>, ctx: ExecContext) => Rel;

/** Execute a plan and return its rows as a table. */
export function execute(plan: Plan, ctx: ExecContext): Table {
  return materialize(run(plan, ctx));
}

/**
 * Execute a plan, keeping a selection where the last operator was a filter. An error without a position
 * (a runtime error deep in a function, a budget or nesting limit) is placed at this operator. Once the
 * operator is done, only its output stays charged to the memory budget.
 */
export function run(plan: Plan, ctx: ExecContext): Rel {
  const mark = ctx.memory.mark();
  let r: Rel;
  try {
    r = (RUNNERS[plan.op] as Runner<typeof plan.op>)(plan as never, ctx);
  } catch (e) {
    throw asInputError(e, plan.span);
  }
  ctx.memory.settle(mark, relLength(r) * plan.schema.length);
  ctx.stats?.set(plan, relLength(r));
  return r;
}

export function compileEnv(table: Table, ctx: ExecContext, window?: WindowState): CompileEnv {
  return { table, ctx, run: execute, window };
}

const scan: Runner<'scan'> = (p, ctx) => {
  const t = ctx.tables.get(p.table);
  if (!t) throw new KqlError({ code: 'KQL102', kind: 'runtime', message: `table '${p.table}' has no data loaded`, span: p.span });
  return whole(t);
};

const where: Runner<'where'> = (p, ctx) => {
  const input = run(p.input, ctx);
  return { table: input.table, sel: filterRows(p.predicate, relRows(input), compileEnv(input.table, ctx)) };
};

/**
 * extend and serialize: evaluate new columns in logical order (window functions see positions). When a
 * filter left most rows selected, the new columns are built at physical length and the selection is
 * kept, so the input's other columns are not copied; a small selection is gathered first instead.
 */
function extendLike(p: Extract<Plan, { op: 'extend' | 'serialize' }>, ctx: ExecContext): Rel {
  const input = run(p.input, ctx);
  const keepSel = input.sel !== null && input.sel.length * 4 >= input.table.length;
  const base = keepSel ? input.table : materialize(input);
  const sel = keepSel ? input.sel : null;
  const schema = base.schema.slice();
  const columns = base.columns.slice();
  const physical = base.length;
  const order = sel ?? relRows(whole(base));
  for (const c of p.columns) {
    // Each assignment sees the columns computed before it.
    const window: WindowState = { pos: 0, order };
    const f = compile(c.expr, compileEnv(new Table(schema, columns, physical), ctx, window));
    const b = columnBuilder(c.expr.type);
    if (sel) {
      const values = new Array<Value>(physical).fill(null);
      for (let i = 0; i < sel.length; i++) {
        window.pos = i;
        values[sel[i]!] = f(sel[i]!);
      }
      for (let i = 0; i < physical; i++) b.push(values[i]!);
    } else {
      for (let i = 0; i < physical; i++) {
        window.pos = i;
        b.push(f(i));
      }
    }
    columns[c.target] = b.build();
    schema[c.target] = p.schema[c.target]!;
  }
  return { table: new Table(p.schema, columns, physical), sel };
}

const project: Runner<'project'> = (p, ctx) => {
  const input = run(p.input, ctx);
  const rows = relRows(input);
  const n = rows.length;
  const order = rows;
  const cols = p.columns.map((e) => {
    if (e.k === 'col') {
      const c = input.table.columns[e.index]!;
      return input.sel ? c.take(input.sel) : c;
    }
    const window: WindowState = { pos: 0, order };
    const f = compile(e, compileEnv(input.table, ctx, window));
    if (e.k === 'const') return columnFrom(e.type, new Array(n).fill(e.value));
    const b = columnBuilder(e.type);
    for (let i = 0; i < n; i++) {
      window.pos = i;
      b.push(f(rows[i]!));
    }
    return b.build();
  });
  return whole(new Table(p.schema, cols, n));
};

const count: Runner<'count'> = (p, ctx) => {
  const n = relLength(run(p.input, ctx));
  return whole(Table.fromRows(p.schema, [[BigInt(n)]]));
};

const getschema: Runner<'getschema'> = (p) =>
  whole(
    Table.fromRows(
      p.schema,
      p.input.schema.map((c, i) => [c.name, BigInt(i), c.type === 'real' ? 'System.Double' : systemType(c.type), c.type]),
    ),
  );

function systemType(t: string): string {
  const m: Record<string, string> = {
    string: 'System.String', long: 'System.Int64', int: 'System.Int32', bool: 'System.Boolean', datetime: 'System.DateTime',
    timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object', decimal: 'System.Data.SqlTypes.SqlDecimal',
  };
  return m[t] ?? t;
}

const materializeOp: Runner<'materialize'> = (p, ctx) => {
  p.cache.table ??= execute(p.input, ctx);
  return whole(p.cache.table);
};

/** The per-row source of an mv-apply subquery: the rows its mv-apply handed over. */
const rowsource: Runner<'rowsource'> = (p) => {
  if (!p.slot.table) throw new KqlError({ code: 'KQL112', kind: 'runtime', message: 'a subquery source was read outside its operator', span: p.span });
  return whole(p.slot.table);
};

const RUNNERS: { [K in Plan['op']]: Runner<K> } = {
  scan,
  values: (p) => whole(p.table),
  range: (p, ctx) => whole(runRange(p, ctx)),
  where,
  extend: extendLike,
  serialize: extendLike,
  project,
  summarize: (p, ctx) => whole(runSummarize(p, run(p.input, ctx), ctx)),
  sort: (p, ctx) => runSort(p, run(p.input, ctx), ctx),
  take: (p, ctx) => runTake(p, run(p.input, ctx)),
  top: (p, ctx) => runTop(p, run(p.input, ctx), ctx),
  distinct: (p, ctx) => runDistinct(p, run(p.input, ctx), ctx),
  count,
  union: (p, ctx) => whole(runUnion(p, p.inputs.map((i) => execute(i, ctx)), ctx)),
  join: (p, ctx) => whole(runJoin(p, run(p.left, ctx), run(p.right, ctx), ctx)),
  mvexpand: (p, ctx) => whole(expandRows(p, execute(p.input, ctx), p.schema, ctx, p.span)),
  mvapply: (p, ctx) => whole(runMvApply(p, execute(p.input, ctx), ctx, execute)),
  rowsource,
  parse: (p, ctx) => whole(runParse(p, run(p.input, ctx), ctx)),
  parsekv: (p, ctx) => whole(runParseKv(p, run(p.input, ctx), ctx)),
  makeseries: (p, ctx) => whole(runMakeSeries(p, run(p.input, ctx), ctx)),
  bagunpack: (p, ctx) => whole(runBagUnpack(p, run(p.input, ctx), ctx)),
  pivot: (p, ctx) => whole(runPivot(p, run(p.input, ctx), ctx)),
  sample: (p, ctx) => runSample(p, run(p.input, ctx)),
  sampledistinct: (p, ctx) => whole(runSampleDistinct(p, run(p.input, ctx), ctx)),
  topnested: (p, ctx) => whole(runTopNested(p, run(p.input, ctx), ctx)),
  getschema,
  render: (p, ctx) => run(p.input, ctx),
  materialize: materializeOp,
};
