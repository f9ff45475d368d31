// Functions with several results (series_stats, series_fit_line, series_fit_2lines, series_decompose,
// series_decompose_anomalies): `extend (a, b) = f(x)` and `project f(x)` turn one call into several columns.
// The function returns its results as one dynamic array; each column takes one element, converted to the
// result's type. Names, as the Kusto docs give them: an unnamed result is `<function>_<argument>_<result>`
// (`series_stats_x_avg`); `project (a, b) = f(x)` names the first results and keeps the rest under their
// default names; `extend (a, b) = f(x)` (or `extend a = f(x)`) keeps only the named ones.

import type * as A from '../../parser/ast.js';
import type { Dynamic, Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { convertValue } from '../convert.js';
import { tupleResults } from '../functions/index.js';
import { errors } from './errors.js';
import { expressionName } from './naming.js';

export interface TupleColumn {
  name: string;
  expr: BExpr;
}

/** Whether an assignment's expression is a call of a function with several results. */
export function isTupleCall(a: A.Assignment): boolean {
  return a.expr.kind === 'Call' && a.expr.name !== undefined && tupleResults(a.expr.name) !== undefined;
}

/**
 * The columns of `names = f(...)`: for a function with several results, one per result (all of them when
 * `keepRest`, else only the named ones unless none is named); otherwise `(a, b) = ...` is an error.
 */
export function tupleColumns(expr: BExpr, a: A.Assignment, keepRest: boolean): TupleColumn[] {
  const parts = a.expr.kind === 'Call' && a.expr.name !== undefined ? tupleResults(a.expr.name) : undefined;
  if (!parts) {
    if (expr.type !== 'dynamic') throw errors.typeMismatch(`(${a.names.join(', ')}) = ... needs a function with several results, but this is one ${expr.type}`, a.expr.span);
    return a.names.map((name, i) => ({ name, expr: part(expr, i, 'dynamic', a) }));
  }
  const call = a.expr as A.Call;
  if (a.names.length > parts.length) {
    throw errors.invalid(`${call.name}() has ${parts.length} results, but ${a.names.length} names are given`, a.span);
  }
  const arg = call.args[0] ? expressionName(call.args[0]) : undefined;
  const count = a.names.length && !keepRest ? a.names.length : parts.length;
  return parts.slice(0, count).map((p, i) => ({
    name: a.names[i] ?? (arg === undefined ? `${call.name}_${p.suffix}` : `${call.name}_${arg}_${p.suffix}`),
    expr: part(expr, i, p.type, a),
  }));
}

function part(expr: BExpr, i: number, type: BExpr['type'], a: A.Assignment): BExpr {
  return {
    k: 'call',
    type,
    name: 'tuple_part',
    fn: (v: Value) => {
      const x = Array.isArray(v) ? ((v as Dynamic[])[i] ?? null) : null;
      return type === 'dynamic' ? x : convertValue(x, 'dynamic', type);
    },
    args: [expr],
    handlesNulls: false,
    span: a.span,
  };
}
