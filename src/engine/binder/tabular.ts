// Binding of tabular operators (`| where`, `| summarize`, ...): each handler checks its operator against
// the input schema and returns a plan node with the output schema.

import type { Span } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { ScalarType } from '../../types.js';
import type { BExpr, BoundAggregate, BoundSortKey, Plan } from '../bound.js';
import { aggregateDefaultNames } from '../functions/aggregates.js';
import { aggregateFunction } from '../functions/index.js';
import { coerce } from '../functions/registry.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { groupKeyName, NameAllocator, projectedName } from './naming.js';
import type { RowScope, Scope } from './scope.js';
import { bindJoin, bindLookup, bindUnion } from './combine.js';

type Handler<K extends A.TabularOp['kind']> = (b: Binder, op: Extract<A.TabularOp, { kind: K }>, input: Plan, scope: Scope) => Plan;
type Handlers = { [K in A.TabularOp['kind']]: Handler<K> };

/** Bind one `| operator` applied to `input`. */
export function bindOperator(b: Binder, op: A.TabularOp, input: Plan, scope: Scope): Plan {
  const h = HANDLERS[op.kind] as Handler<typeof op.kind>;
  return h(b, op as never, input, scope);
}

function rowScope(scope: Scope, input: Plan, extra: Partial<RowScope> = {}): RowScope {
  return { scope, columns: input.schema, serialized: isSerialized(input), ...extra };
}

/** Whether row order is defined at this point (after sort, top, take, serialize, and order-keeping operators). */
export function isSerialized(p: Plan): boolean {
  switch (p.op) {
    case 'sort':
    case 'top':
    case 'take':
    case 'serialize':
    case 'values':
      return true;
    case 'where':
    case 'extend':
    case 'project':
    case 'render':
    case 'materialize':
      return isSerialized(p.input);
    default:
      return false;
  }
}

function colRef(schema: readonly ColumnInfo[], i: number): BExpr {
  return { k: 'col', type: schema[i]!.type, index: i, name: schema[i]!.name };
}

function predicate(b: Binder, e: A.Expr, rs: RowScope): BExpr {
  const p = bindExpr(b, e, rs);
  if (p.type === 'bool') return p;
  if (p.type === 'dynamic') return coerce(p, 'bool');
  throw errors.typeMismatch(`a filter must be a bool expression, but this is ${p.type}`, e.span);
}

function constCount(b: Binder, e: A.Expr, scope: Scope, what: string): number {
  const c = bindExpr(b, e, { scope, columns: [] });
  if (c.k !== 'const' || (typeof c.value !== 'bigint' && typeof c.value !== 'number')) {
    throw errors.invalid(`${what} must be a constant number`, e.span);
  }
  return Math.max(0, Number(c.value));
}

// ------------------------------------------------------------------------------------ extend / project

/** Shared by extend and serialize: assignments that add or replace columns, left to right. */
function bindExtendLike(b: Binder, items: A.Assignment[], input: Plan, scope: Scope, serialized: boolean): { schema: ColumnInfo[]; columns: { expr: BExpr; target: number }[] } {
  const schema = input.schema.slice();
  const columns: { expr: BExpr; target: number }[] = [];
  const names = new NameAllocator(schema.map((c) => c.name));
  for (const a of items) {
    if (a.names.length > 1) throw errors.unsupported('assigning several columns at once in extend', a.span);
    const expr = bindExpr(b, a.expr, { scope, columns: schema, serialized });
    const name = a.names[0] ?? projectedName(a.expr) ?? names.column();
    names.take(name);
    let target = schema.findIndex((c) => c.name === name);
    if (target < 0) {
      target = schema.length;
      schema.push({ name, type: expr.type });
    } else schema[target] = { name, type: expr.type };
    columns.push({ expr, target });
  }
  return { schema, columns };
}

const extend: Handler<'Extend'> = (b, op, input, scope) => {
  const { schema, columns } = bindExtendLike(b, op.columns, input, scope, isSerialized(input));
  return { op: 'extend', input, columns, schema, span: op.span };
};

const serialize: Handler<'Serialize'> = (b, op, input, scope) => {
  const { schema, columns } = bindExtendLike(b, op.columns, input, scope, true);
  return { op: 'serialize', input, columns, schema, span: op.span };
};

const project: Handler<'Project'> = (b, op, input, scope) => {
  const rs = rowScope(scope, input);
  const names = new NameAllocator();
  const out: ColumnInfo[] = [];
  const exprs: BExpr[] = [];
  for (const a of op.columns) {
    if (a.names.length > 1) throw errors.unsupported('assigning several columns at once in project', a.span);
    const expr = bindExpr(b, a.expr, rs);
    const name = a.names[0] ?? projectedName(a.expr) ?? names.column();
    if (names.has(name)) throw errors.invalid(`column '${name}' is projected twice`, a.span);
    names.take(name);
    out.push({ name, type: expr.type });
    exprs.push(expr);
  }
  return { op: 'project', input, columns: exprs, schema: out, span: op.span };
};

/** Column names matching a pattern with `*` wildcards. */
function matchPattern(schema: readonly ColumnInfo[], pattern: string): number[] {
  if (!pattern.includes('*')) {
    const i = schema.findIndex((c) => c.name === pattern);
    return i < 0 ? [] : [i];
  }
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return schema.flatMap((c, i) => (re.test(c.name) ? [i] : []));
}

function patternIndexes(schema: readonly ColumnInfo[], patterns: { pattern: string; span: Span }[]): number[] {
  const out: number[] = [];
  for (const p of patterns) {
    const hits = matchPattern(schema, p.pattern);
    if (!hits.length && !p.pattern.includes('*')) throw errors.unknownName(p.pattern, schema.map((c) => c.name), p.span);
    for (const h of hits) if (!out.includes(h)) out.push(h);
  }
  return out;
}

function projectIndexes(input: Plan, idx: number[], span: Span): Plan {
  return { op: 'project', input, columns: idx.map((i) => colRef(input.schema, i)), schema: idx.map((i) => input.schema[i]!), span };
}

const projectAway: Handler<'ProjectAway'> = (_b, op, input) => {
  const drop = new Set(patternIndexes(input.schema, op.patterns));
  return projectIndexes(input, input.schema.map((_, i) => i).filter((i) => !drop.has(i)), op.span);
};

const projectKeep: Handler<'ProjectKeep'> = (_b, op, input) => {
  const keep = new Set(patternIndexes(input.schema, op.patterns));
  return projectIndexes(input, input.schema.map((_, i) => i).filter((i) => keep.has(i)), op.span);
};

const projectRename: Handler<'ProjectRename'> = (_b, op, input) => {
  const schema = input.schema.slice();
  for (const r of op.renames) {
    const i = schema.findIndex((c) => c.name === r.oldName);
    if (i < 0) throw errors.unknownName(r.oldName, schema.map((c) => c.name), r.span);
    schema[i] = { name: r.newName, type: schema[i]!.type };
  }
  return { op: 'project', input, columns: input.schema.map((_, i) => colRef(input.schema, i)), schema, span: op.span };
};

const projectReorder: Handler<'ProjectReorder'> = (_b, op, input) => {
  const first: number[] = [];
  for (const c of op.columns) {
    let hits = matchPattern(input.schema, c.pattern);
    if (!hits.length && !c.pattern.includes('*')) throw errors.unknownName(c.pattern, input.schema.map((x) => x.name), c.span);
    if (c.order === 'asc' || c.order === 'granny-asc') hits = hits.slice().sort((x, y) => cmpNames(input.schema[x]!.name, input.schema[y]!.name, c.order === 'granny-asc'));
    if (c.order === 'desc' || c.order === 'granny-desc') hits = hits.slice().sort((x, y) => -cmpNames(input.schema[x]!.name, input.schema[y]!.name, c.order === 'granny-desc'));
    for (const h of hits) if (!first.includes(h)) first.push(h);
  }
  const rest = input.schema.map((_, i) => i).filter((i) => !first.includes(i));
  return projectIndexes(input, [...first, ...rest], op.span);
};

function cmpNames(a: string, b: string, granny: boolean): number {
  if (!granny) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b, 'en', { numeric: true });
}

// ------------------------------------------------------------------------------------------- summarize

const summarize: Handler<'Summarize'> = (b, op, input, scope) => {
  const rs = rowScope(scope, input);
  const names = new NameAllocator();
  const keys: BExpr[] = [];
  const keySchema: ColumnInfo[] = [];
  for (const k of op.by) {
    const expr = bindExpr(b, k.expr, rs);
    const name = k.names[0] ?? groupKeyName(k.expr) ?? names.column();
    names.take(name);
    keys.push(expr);
    keySchema.push({ name, type: expr.type });
  }
  const keyIdx = new Set(keys.flatMap((k) => (k.k === 'col' ? [k.index] : [])));
  const aggs: BoundAggregate[] = [];
  const hidden: ColumnInfo[] = [];
  const finals: { name: string; expr: BExpr | null; aggIndex: number }[] = [];

  const bindAggregate = (call: A.Call, explicitNames: string[] | null): BoundAggregate => {
    const fn = aggregateFunction(call.name)!;
    const starAt = call.args.findIndex((a) => a.kind === 'Star');
    const argExprs = call.args.filter((a) => a.kind !== 'Star');
    if (argExprs.length < fn.minArgs || (starAt < 0 && argExprs.length > fn.maxArgs)) {
      throw errors.argCount(call.name, fn.minArgs, fn.maxArgs, call.args.length, call.span);
    }
    let args = argExprs.map((a) => bindExpr(b, a, rs));
    let argNames = argExprs.map((a) => (a.kind === 'Name' ? a.name : projectedName(a) && a.kind !== 'Call' ? projectedName(a) : undefined));
    if (starAt >= 0 && call.name !== 'count') {
      // `*` in arg_max/arg_min/take_any: every input column except the by keys and the explicit arguments.
      const explicit = new Set(args.flatMap((a) => (a.k === 'col' ? [a.index] : [])));
      const extra = input.schema.map((_, i) => i).filter((i) => !keyIdx.has(i) && !explicit.has(i));
      args = [...args, ...extra.map((i) => colRef(input.schema, i))];
      argNames = [...argNames, ...extra.map((i) => input.schema[i]!.name)];
    }
    const info = fn.bind({ name: call.name, span: call.span, args, argSpans: argExprs.map((a) => a.span), now: b.now });
    const defaults = aggregateDefaultNames(fn, argNames, info, args);
    const outNames = (explicitNames && explicitNames.length ? [...explicitNames, ...defaults.slice(explicitNames.length)] : defaults).map((n) => names.unique(n));
    return { names: outNames, types: info.types, factory: info.factory, args: info.args, span: call.span };
  };

  for (const a of op.aggregates) {
    const e = a.expr;
    if (e.kind === 'Call' && aggregateFunction(e.name) && !rs.scope.lookup(e.name)) {
      const bound = bindAggregate(e, a.names.length ? a.names : null);
      aggs.push(bound);
      bound.names.forEach((n, i) => finals.push({ name: n, expr: null, aggIndex: hidden.length + i }));
      bound.types.forEach((t, i) => hidden.push({ name: bound.names[i]!, type: t }));
      continue;
    }
    // An expression over aggregates (count() * 2, dcount(x) / count()): aggregate into hidden columns, then compute.
    const startHidden = hidden.length;
    const collector = {
      add: (call: A.Call): BExpr => {
        const bound = bindAggregate(call, [`\u0000agg${hidden.length}`]);
        aggs.push(bound);
        const idx = keys.length + hidden.length;
        hidden.push({ name: bound.names[0]!, type: bound.types[0]! });
        return { k: 'col', type: bound.types[0]!, index: idx, name: bound.names[0]! };
      },
    };
    const expr = bindExpr(b, e, { ...rs, aggregates: collector });
    if (hidden.length === startHidden && expr.k !== 'const') {
      throw errors.invalid('a summarize expression must use an aggregate function (count(), sum(), ...)', e.span);
    }
    const name = names.unique(a.names[0] ?? names.column());
    finals.push({ name, expr, aggIndex: -1 });
  }

  const schema = [...keySchema, ...hidden];
  const plan: Plan = { op: 'summarize', input, keys, aggregates: aggs, schema, span: op.span };
  if (finals.every((f) => f.expr === null) && finals.length === hidden.length) return plan;
  // Post-projection: keys, then each aggregate column or computed expression, in written order.
  const cols: BExpr[] = keySchema.map((_, i) => colRef(schema, i));
  const outSchema: ColumnInfo[] = keySchema.slice();
  for (const f of finals) {
    const expr = f.expr ?? colRef(schema, keys.length + f.aggIndex);
    cols.push(expr);
    outSchema.push({ name: f.name, type: expr.type });
  }
  return { op: 'project', input: plan, columns: cols, schema: outSchema, span: op.span };
};

// ---------------------------------------------------------------------------------- sort, top, take...

function sortKeys(b: Binder, keys: A.SortKey[], rs: RowScope): BoundSortKey[] {
  return keys.map((k) => {
    const desc = k.order === 'desc';
    return { expr: bindExpr(b, k.expr, rs), desc, nullsFirst: k.nulls ? k.nulls === 'first' : !desc };
  });
}

const sort: Handler<'Sort'> = (b, op, input, scope) => ({
  op: 'sort',
  input,
  keys: sortKeys(b, op.keys, rowScope(scope, input)),
  schema: input.schema.slice(),
  span: op.span,
});

const top: Handler<'Top'> = (b, op, input, scope) => ({
  op: 'top',
  input,
  count: constCount(b, op.count, scope, 'top count'),
  keys: sortKeys(b, [op.key], rowScope(scope, input)),
  schema: input.schema.slice(),
  span: op.span,
});

const take: Handler<'Take'> = (b, op, input, scope) => ({
  op: 'take',
  input,
  count: constCount(b, op.count, scope, 'take count'),
  schema: input.schema.slice(),
  span: op.span,
});

const distinct: Handler<'Distinct'> = (b, op, input, scope) => {
  if (op.star) {
    return { op: 'distinct', input, columns: input.schema.map((_, i) => colRef(input.schema, i)), schema: input.schema.slice(), span: op.span };
  }
  const rs = rowScope(scope, input);
  const names = new NameAllocator();
  const columns: BExpr[] = [];
  const schema: ColumnInfo[] = [];
  for (const a of op.columns) {
    const expr = bindExpr(b, a.expr, rs);
    const name = a.names[0] ?? projectedName(a.expr) ?? names.column();
    names.take(name);
    columns.push(expr);
    schema.push({ name, type: expr.type });
  }
  return { op: 'distinct', input, columns, schema, span: op.span };
};

const count: Handler<'Count'> = (_b, op, input) => ({
  op: 'count',
  input,
  schema: [{ name: op.as ?? 'Count', type: 'long' }],
  span: op.span,
});

const where: Handler<'Where'> = (b, op, input, scope) => ({
  op: 'where',
  input,
  predicate: predicate(b, op.predicate, rowScope(scope, input)),
  schema: input.schema.slice(),
  span: op.span,
});

const getschema: Handler<'GetSchema'> = (_b, op, input) => ({
  op: 'getschema',
  input,
  schema: [
    { name: 'ColumnName', type: 'string' },
    { name: 'ColumnOrdinal', type: 'int' },
    { name: 'DataType', type: 'string' },
    { name: 'ColumnType', type: 'string' },
  ],
  span: op.span,
});

const render: Handler<'Render'> = (_b, op, input) => ({ op: 'render', input, visualization: op.visualization, schema: input.schema.slice(), span: op.span });

const as: Handler<'As'> = (_b, op, input, scope) => {
  const m: Plan = { op: 'materialize', input, cache: {}, schema: input.schema.slice(), span: op.span };
  scope.define(op.name, { kind: 'tabular', plan: m });
  return m;
};

const invoke: Handler<'Invoke'> = (b, op, input, scope) => {
  const fn = scope.lookup(op.call.name);
  if (fn?.kind !== 'function') throw errors.unknownFunction(op.call.name, scope.names(), op.call.nameSpan);
  return b.callTabular(fn, op.call.args, op.call.span, scope, input);
};

const mvExpand: Handler<'MvExpand'> = (b, op, input, scope) => {
  // Computed items (`name = expr`) are added by an extend first; then the named columns are expanded.
  let source = input;
  const targets: { index: number; toType?: ScalarType }[] = [];
  for (const c of op.columns) {
    let name = c.names[0];
    if (c.expr.kind !== 'Name' || (name && name !== c.expr.name)) {
      const ext = extend(b, { kind: 'Extend', columns: [{ names: name ? [name] : [], expr: c.expr, span: c.span }], span: c.span }, source, scope) as Extract<Plan, { op: 'extend' }>;
      source = ext;
      name = ext.schema[ext.columns[0]!.target]!.name;
    } else name = c.expr.name;
    const index = source.schema.findIndex((s) => s.name === name);
    if (index < 0) throw errors.unknownName(name, source.schema.map((s) => s.name), c.span);
    targets.push({ index, toType: c.toType });
  }
  const schema = source.schema.map((c, i) => {
    const t = targets.find((x) => x.index === i);
    return t ? { name: c.name, type: t.toType ?? ('dynamic' as ScalarType) } : c;
  });
  if (op.itemIndex) schema.push({ name: op.itemIndex, type: 'long' });
  return {
    op: 'mvexpand',
    input: source,
    columns: targets,
    itemIndex: !!op.itemIndex,
    limit: op.limit ? constCount(b, op.limit, scope, 'mv-expand limit') : undefined,
    schema,
    span: op.span,
  };
};

const union: Handler<'Union'> = (b, op, input, scope) => bindUnion(b, op.options, [input], op.tables, scope, op.span);
const join: Handler<'Join'> = (b, op, input, scope) => bindJoin(b, op, input, scope);
const lookup: Handler<'Lookup'> = (b, op, input, scope) => bindLookup(b, op, input, scope);

const notYet =
  (what: string) =>
  (_b: Binder, op: { span: Span }): Plan => {
    throw errors.unsupported(what, op.span);
  };

const HANDLERS: Handlers = {
  Where: where,
  Summarize: summarize,
  Extend: extend,
  Project: project,
  ProjectAway: projectAway,
  ProjectKeep: projectKeep,
  ProjectRename: projectRename,
  ProjectReorder: projectReorder,
  Join: join,
  Lookup: lookup,
  Union: union,
  Sort: sort,
  Top: top,
  Take: take,
  Distinct: distinct,
  Count: count,
  MvExpand: mvExpand,
  MvApply: notYet('mv-apply'),
  Parse: notYet('parse'),
  Evaluate: notYet('evaluate'),
  Render: render,
  Invoke: invoke,
  Serialize: serialize,
  As: as,
  GetSchema: getschema,
  MakeSeries: notYet('make-series'),
  Sample: notYet('sample'),
  SampleDistinct: notYet('sample-distinct'),
  TopNested: notYet('top-nested'),
  Facet: notYet('facet'),
  Fork: notYet('fork'),
  Search: notYet('search'),
  Consume: (_b, op, input) => ({ op: 'take', input, count: 0, schema: input.schema.slice(), span: op.span }),
  Reduce: notYet('reduce'),
  ParseKv: notYet('parse-kv'),
  Scan: notYet('scan'),
};
