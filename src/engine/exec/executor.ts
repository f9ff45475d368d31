// Executes a logical plan: one small function per plan node, dispatched through an exhaustive map.

import { KqlError } from '../../diagnostics.js';
import { columnBuilder, columnFrom, ConstantColumn } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { BExpr, Plan } from '../bound.js';
import type { Value } from '../../types.js';
import { compile, type CompileEnv, type WindowState } from './compile.js';
import { filterSelection } from './filter.js';
import { inlineExtend } from './inline.js';
import { columnsRead } from './dependencies.js';
import { inputNeed, joinNeeds, readsOf, type Need } from './needs.js';
import { denseColumn, scatter, vectorize } from './vector.js';
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

/** Runs one plan node; `need` is the set of its output columns read downstream (undefined: all). */
type Runner<K extends Plan['op']> = (p: Extract<Plan, { op: K }>, ctx: ExecContext, need: Need) => Rel;

/** Execute a plan and return its rows as a table. */
export function execute(plan: Plan, ctx: ExecContext): Table {
  return materialize(run(plan, ctx));
}

/**
/**
 * Execute a plan, keeping a selection where the last operator was a filter. With `need`, only those
 * output columns are read afterwards: the others may be left unfilled. An error without a position (a
 * runtime error deep in a function, a budget or nesting limit) is placed at this operator. Once the
 * operator is done, only its output stays charged to the memory budget.
 */
export function run(plan: Plan, ctx: ExecContext, need?: Need): Rel {
  const mark = ctx.memory.mark();
  let r: Rel;
  try {
    r = (RUNNERS[plan.op] as Runner<typeof plan.op>)(plan as never, ctx, need);
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

/**
 * where: a chain of filters over one input runs as one conjunction (so its conjuncts can be reordered by
 * selectivity) unless per-operator row counts are being recorded.
 */
const where: Runner<'where'> = (p, ctx, need) => {
  const preds = [p.predicate];
  let src = p.input;
  while (!ctx.stats && src.op === 'where') {
    preds.unshift(src.predicate);
    src = src.input;
  }
  const pred: BExpr = preds.length === 1 ? preds[0]! : { k: 'and', type: 'bool', args: preds };
  const input = run(src, ctx, need && readsOf([pred], need));
  return { table: input.table, sel: filterSelection(pred, input.sel, input.table.length, compileEnv(input.table, ctx)) };
};

/**
 * extend and serialize: evaluate new columns in logical order (window functions see positions). When a
 * filter left most rows selected, the new columns are built at physical length and the selection is
 * kept, so the input's other columns are not copied; a small selection is gathered first instead.
 */
function extendLike(p: Extract<Plan, { op: 'extend' | 'serialize' }>, ctx: ExecContext, need: Need): Rel {
  const input = run(p.input, ctx, p.op === 'extend' ? inputNeed(p, need) : undefined);
  const keepSel = input.sel !== null && input.sel.length * 4 >= input.table.length;
  const base = keepSel ? input.table : materialize(input);
  const sel = keepSel ? input.sel : null;
  const schema = base.schema.slice();
  const columns = base.columns.slice();
  const physical = base.length;
  const order = sel ?? relRows(whole(base));
  const live = liveAssignments(p, need);
  for (const [ci, c] of p.columns.entries()) {
    if (!live[ci]) {
      // Nothing downstream reads it: the column keeps its place in the schema, unfilled.
      columns[c.target] = new ConstantColumn(p.schema[c.target]!.type, null, physical);
      schema[c.target] = p.schema[c.target]!;
      continue;
    }
    // Each assignment sees the columns computed before it.
    const env = compileEnv(new Table(schema, columns, physical), ctx);
    const vec = vectorize(c.expr, env, order);
    if (vec) {
      // A column read in place stays as it is; a constant needs no storage; computed values are spread
      // back to their physical rows when the selection is kept.
      columns[c.target] =
        vec.idx === order ? vec.col
        : vec.col instanceof ConstantColumn ? new ConstantColumn(vec.col.type, vec.col.value, physical)
        : sel ? scatter(denseColumn(vec), sel, physical)
        : denseColumn(vec);
      schema[c.target] = p.schema[c.target]!;
      continue;
    }
    const window: WindowState = { pos: 0, order };
    const f = compile(c.expr, compileEnv(new Table(schema, columns, physical), ctx, window));
    const b = columnBuilder(c.expr.type);
    if (sel) {
      const values = new Array<Value>(physical).fill(null);
      for (let i = 0; i < sel.length; i++) {
        if ((i & 0xffff) === 0) ctx.checkTime();
        window.pos = i;
        values[sel[i]!] = f(sel[i]!);
      }
      for (let i = 0; i < physical; i++) b.push(values[i]!);
    } else {
      for (let i = 0; i < physical; i++) {
        if ((i & 0xffff) === 0) ctx.checkTime();
        window.pos = i;
        b.push(f(i));
      }
    }
    columns[c.target] = b.build();
    schema[c.target] = p.schema[c.target]!;
  }
  return { table: new Table(p.schema, columns, physical), sel };
}

/** Which of an extend's assignments something reads: downstream (`need`) or a later assignment. */
function liveAssignments(p: Extract<Plan, { op: 'extend' | 'serialize' }>, need: Need): boolean[] {
  const live = p.columns.map(() => true);
  if (!need || p.op !== 'extend') return live;
  const read = new Set(need);
  for (let i = p.columns.length - 1; i >= 0; i--) {
    const c = p.columns[i]!;
    live[i] = read.has(c.target);
    if (live[i] && !columnsRead(c.expr, read)) return p.columns.map(() => true);
  }
  return live;
}

const project: Runner<'project'> = (p, ctx) => {
  const input = run(p.input, ctx, inputNeed(p, undefined));
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
      if ((i & 0xffff) === 0) ctx.checkTime();
      window.pos = i;
      b.push(f(rows[i]!));
    }
    return b.build();
  });
  return whole(new Table(p.schema, cols, n));
};

/** summarize, with an extend just before it merged in (unless per-operator row counts are recorded). */
const summarize: Runner<'summarize'> = (p, ctx) => {
  const q = (!ctx.stats && inlineExtend(p)) || p;
  return whole(runSummarize(q, run(q.input, ctx, inputNeed(q, undefined)), ctx));
};

const count: Runner<'count'> = (p, ctx) => {
  const n = relLength(run(p.input, ctx, inputNeed(p, undefined)));
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
  summarize,
  sort: (p, ctx, need) => runSort(p, run(p.input, ctx, inputNeed(p, need)), ctx),
  take: (p, ctx, need) => runTake(p, run(p.input, ctx, inputNeed(p, need))),
  top: (p, ctx, need) => runTop(p, run(p.input, ctx, inputNeed(p, need)), ctx),
  distinct: (p, ctx) => runDistinct(p, run(p.input, ctx), ctx),
  count,
  union: (p, ctx) => whole(runUnion(p, p.inputs.map((i) => execute(i, ctx)), ctx)),
  join: (p, ctx, need) => {
    const needs = joinNeeds(p, need);
    return whole(runJoin(p, run(p.left, ctx, needs.left), run(p.right, ctx, needs.right), ctx, need));
  },
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
  render: (p, ctx, need) => run(p.input, ctx, need),
  materialize: materializeOp,
};
