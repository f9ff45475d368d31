// Binding of tabular operators (`| where`, `| summarize`, ...): one typed handler per operator kind, each
// checking its operator against the input schema and returning a plan node with the output schema. The
// larger families live in their own modules; operators kqlite does not run fail with KQL110.

import type { Span } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { BoundSortKey, Plan } from '../bound.js';
import type { Binder } from './binder.js';
import { bindJoin, bindLookup, bindUnion } from './combine.js';
import { errors } from './errors.js';
import { evaluate } from './evaluate.js';
import { bindExpr } from './expr.js';
import { mvApply, mvExpand } from './expand.js';
import { NameAllocator, projectedName } from './naming.js';
import { colRef, constCount, isSerialized, predicate, rowScope, type Handler } from './operands.js';
import { parse, parseKv } from './parse.js';
import { extend, project, projectAway, projectKeep, projectRename, projectReorder, serialize } from './project.js';
import type { RowScope, Scope } from './scope.js';
import { search } from './search.js';
import { sample, sampleDistinct, topNested } from './select.js';
import { makeSeries } from './series.js';
import { summarize } from './summarize.js';

type Handlers = { [K in A.TabularOp['kind']]: Handler<K> };

/** Bind one `| operator` applied to `input`. */
export function bindOperator(b: Binder, op: A.TabularOp, input: Plan, scope: Scope): Plan {
  const h = HANDLERS[op.kind] as Handler<typeof op.kind>;
  return h(b, op as never, input, scope);
}

export { isSerialized };

/** Sort keys: `asc` puts nulls first and `desc` (the default) puts them last, unless `nulls` says otherwise. */
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
  const columns = op.columns.map((a) => bindExpr(b, a.expr, rs));
  const schema = op.columns.map((a, i) => ({ name: names.named(a.names[0] ?? projectedName(a.expr)), type: columns[i]!.type }));
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
  predicate: predicate(b, op.predicate, rowScope(scope, input), op),
  schema: input.schema.slice(),
  span: op.span,
});

const getschema: Handler<'GetSchema'> = (_b, op, input) => ({
  op: 'getschema',
  input,
  schema: [
    { name: 'ColumnName', type: 'string' },
    { name: 'ColumnOrdinal', type: 'long' },
    { name: 'DataType', type: 'string' },
    { name: 'ColumnType', type: 'string' },
  ],
  span: op.span,
});

/** render: accepted and recorded on the plan; rows pass through unchanged. */
const render: Handler<'Render'> = (_b, op, input) => ({ op: 'render', input, visualization: op.visualization, schema: input.schema.slice(), span: op.span });

/** `as Name`: the rows so far, computed once, become a tabular let visible to the rest of the query. */
const as: Handler<'As'> = (_b, op, input, scope) => {
  const m: Plan = { op: 'materialize', input, cache: {}, schema: input.schema.slice(), span: op.span };
  scope.define(op.name, { kind: 'tabular', plan: m });
  return m;
};

/** `invoke f(args)`: a tabular function called with the piped table as its first argument. */
const invoke: Handler<'Invoke'> = (b, op, input, scope) => {
  const fn = scope.lookup(op.call.name);
  if (fn?.kind !== 'function') throw errors.unknownFunction(op.call.name, scope.names().filter((n) => scope.lookup(n)?.kind === 'function'), op.call.nameSpan);
  return b.callTabular(fn, op.call.args, op.call.span, scope, input);
};

const union: Handler<'Union'> = (b, op, input, scope) => bindUnion(b, op.options, [input], op.tables, scope, op.span);
const join: Handler<'Join'> = (b, op, input, scope) => bindJoin(b, op, input, scope);
const lookup: Handler<'Lookup'> = (b, op, input, scope) => bindLookup(b, op, input, scope);

/** `consume`: reads every row and outputs none. */
const consume: Handler<'Consume'> = (_b, op, input) => ({ op: 'take', input, count: 0, schema: input.schema.slice(), span: op.span });

const unsupported =
  (what: string) =>
  (_b: Binder, op: { span: Span }): Plan => {
    throw errors.unsupported(`the ${what} operator`, op.span);
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
  MvApply: mvApply,
  Parse: parse,
  Evaluate: evaluate,
  Render: render,
  Invoke: invoke,
  Serialize: serialize,
  As: as,
  GetSchema: getschema,
  MakeSeries: makeSeries,
  Sample: sample,
  SampleDistinct: sampleDistinct,
  TopNested: topNested,
  Facet: unsupported('facet'),
  Fork: unsupported('fork'),
  Search: search,
  Consume: consume,
  Reduce: unsupported('reduce'),
  ParseKv: parseKv,
  Scan: unsupported('scan'),
};
