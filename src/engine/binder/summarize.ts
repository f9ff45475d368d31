// Binding of summarize (and of the aggregate calls make-series and pivot share with it): keys first, then
// aggregates in written order, with Kusto's default names (`count_`, `sum_x`, `max_strlen_s`, `x1` on
// collisions); expressions over aggregates (`count() * 2`) aggregate into hidden columns, then compute.

import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { BExpr, BoundAggregate, Plan } from '../bound.js';
import { aggregateDefaultNames } from '../functions/aggregates.js';
import { aggregateFunction } from '../functions/index.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { expressionName, groupKeyName, NameAllocator } from './naming.js';
import { colRef, rowScope, type Handler } from './operands.js';
import type { RowScope } from './scope.js';

/** Whether an expression is a call of a built-in aggregate (not shadowed by a user function). */
export function isAggregateCall(e: A.Expr, rs: RowScope): e is A.Call {
  return e.kind === 'Call' && !!aggregateFunction(e.name) && !rs.scope.lookup(e.name);
}

/**
 * Bind one aggregate call. `*` arguments (arg_max(x, *)) stand for every input column except the group
 * keys (`keyIdx`) and the explicit arguments.
 */
export function bindAggregateCall(
  b: Binder,
  call: A.Call,
  rs: RowScope,
  keyIdx: ReadonlySet<number>,
  names: NameAllocator,
  explicitNames: string[] | null,
): BoundAggregate {
  const fn = aggregateFunction(call.name);
  if (!fn) throw errors.unknownFunction(call.name, [], call.nameSpan);
  const starAt = call.args.findIndex((a) => a.kind === 'Star');
  const argExprs = call.args.filter((a) => a.kind !== 'Star');
  if (argExprs.length + (starAt >= 0 ? 1 : 0) < fn.minArgs || (starAt < 0 && argExprs.length > fn.maxArgs)) {
    throw errors.argCount(call.name, fn.minArgs, fn.maxArgs, call.args.length, call.span);
  }
  let args = argExprs.map((a) => bindExpr(b, a, rs));
  let argNames = argExprs.map((a) => expressionName(a));
  if (starAt >= 0 && call.name !== 'count') {
    const explicit = new Set(args.flatMap((a) => (a.k === 'col' ? [a.index] : [])));
    const extra = rs.columns.map((_, i) => i).filter((i) => !keyIdx.has(i) && !explicit.has(i));
    args = [...args, ...extra.map((i) => colRef(rs.columns, i))];
    argNames = [...argNames, ...extra.map((i) => rs.columns[i]!.name)];
  }
  const info = fn.bind({ name: call.name, span: call.span, args, argSpans: argExprs.map((a) => a.span), now: b.now });
  const defaults = aggregateDefaultNames(fn, argNames, info, args);
  const chosen = explicitNames && explicitNames.length ? [...explicitNames, ...defaults.slice(explicitNames.length)] : defaults;
  return { fn: fn.name, names: chosen.map((n) => names.unique(n)), types: info.types, factory: info.factory, args: info.args, limit: info.limit, span: call.span };
}

/** Bind `by` keys: each key's expression and its output column (named, `bin(Col, ..)` → Col, or ColumnN). */
export function bindGroupKeys(b: Binder, by: A.Assignment[], rs: RowScope, names: NameAllocator): { keys: BExpr[]; schema: ColumnInfo[] } {
  const keys: BExpr[] = [];
  const schema: ColumnInfo[] = [];
  for (const k of by) {
    const expr = bindExpr(b, k.expr, rs);
    const name = names.named(k.names[0] ?? groupKeyName(k.expr));
    keys.push(expr);
    schema.push({ name, type: expr.type });
  }
  return { keys, schema };
}

/** `summarize aggs [by keys]`: keys first, then aggregates in written order. */
export const summarize: Handler<'Summarize'> = (b, op, input, scope) => {
  const rs = rowScope(scope, input);
  const names = new NameAllocator();
  const { keys, schema: keySchema } = bindGroupKeys(b, op.by, rs, names);
  const keyIdx = new Set(keys.flatMap((k) => (k.k === 'col' ? [k.index] : [])));
  const aggs: BoundAggregate[] = [];
  const hidden: ColumnInfo[] = [];
  const finals: { name: string; expr: BExpr | null; aggIndex: number }[] = [];

  for (const a of op.aggregates) {
    const e = a.expr;
    if (isAggregateCall(e, rs)) {
      const bound = bindAggregateCall(b, e, rs, keyIdx, names, a.names.length ? a.names : null);
      aggs.push(bound);
      bound.names.forEach((n, i) => finals.push({ name: n, expr: null, aggIndex: hidden.length + i }));
      bound.types.forEach((t, i) => hidden.push({ name: bound.names[i]!, type: t }));
      continue;
    }
    // An expression over aggregates (count() * 2, dcount(x) / count()): aggregate into hidden columns, then compute.
    const startHidden = hidden.length;
    const collector = {
      add: (call: A.Call): BExpr => {
        const bound = bindAggregateCall(b, call, rs, keyIdx, new NameAllocator(), [`\u0000agg${hidden.length}`]);
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
    const name = names.named(a.names[0]);
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
