// Binding of make-series: group keys, aggregates (each becomes a dynamic array column with its default for
// empty bins), the axis (a dynamic array column, last) and its constant range: `from`/`to` (exclusive)/`step`,
// or `in range(from, to, step)` (inclusive).

import type { ColumnInfo } from '../../tables/table.js';
import type { ScalarType, Value } from '../../types.js';
import type { BoundAggregate } from '../bound.js';
import { coerce } from '../functions/registry.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { expressionName, NameAllocator } from './naming.js';
import { constValue, rowScope, type Handler } from './operands.js';
import { bindAggregateCall, bindGroupKeys, isAggregateCall } from './summarize.js';

const AXIS_TYPES: ScalarType[] = ['datetime', 'timespan', 'int', 'long', 'real', 'decimal'];

/** The type axis values are binned in: ints widen to long. */
function axisDomain(t: ScalarType): ScalarType {
  return t === 'int' ? 'long' : t === 'decimal' ? 'real' : t;
}

/** `make-series aggs [default=v] on axis [from a] [to b] step s [by keys]`. */
export const makeSeries: Handler<'MakeSeries'> = (b, op, input, scope) => {
  const rs = rowScope(scope, input);
  const names = new NameAllocator();
  const { keys, schema: keySchema } = bindGroupKeys(b, op.by, rs, names);
  const keyIdx = new Set(keys.flatMap((k) => (k.k === 'col' ? [k.index] : [])));
  const aggregates: BoundAggregate[] = [];
  const defaults: Value[] = [];
  for (const a of op.aggregates) {
    if (!isAggregateCall(a.expr, rs)) throw errors.invalid('make-series takes aggregate calls (count(), avg(x), ...)', a.expr.span);
    const agg = bindAggregateCall(b, a.expr, rs, keyIdx, names, a.names.length ? a.names : null);
    if (agg.types.length !== 1) throw errors.invalid(`${a.expr.name}() gives several columns, which make-series cannot put in one series`, a.expr.span);
    aggregates.push(agg);
    const type = agg.types[0]!;
    const d = a.default ? constValue(b, a.default, scope, 'make-series default') : { k: 'const' as const, type: 'long' as ScalarType, value: 0n as Value };
    const c = coerce(d, type);
    defaults.push(c.k === 'const' ? c.value : null);
  }
  let axis = bindExpr(b, op.on, rs);
  if (!AXIS_TYPES.includes(axis.type)) throw errors.typeMismatch(`the make-series axis must be a datetime, timespan or number, but is ${axis.type}`, op.on.span);
  const domain = axisDomain(axis.type);
  axis = coerce(axis, domain);
  const bound = (e: typeof op.from, what: string): Value => {
    if (!e) return null;
    const c = constValue(b, e, scope, `make-series ${what}`);
    if (c.type !== domain && !(domain === 'real' && (c.type === 'long' || c.type === 'int')) && !(domain === 'long' && c.type === 'int')) {
      throw errors.typeMismatch(`make-series ${what} must be ${domain}, but is ${c.type}`, e.span);
    }
    const v = coerce(c, domain);
    return v.k === 'const' ? v.value : null;
  };
  const stepType: ScalarType = domain === 'datetime' ? 'timespan' : domain;
  const stepConst = constValue(b, op.step, scope, 'make-series step');
  if (stepConst.type !== stepType && !(stepType === 'real' && (stepConst.type === 'long' || stepConst.type === 'int')) && !(stepType === 'long' && stepConst.type === 'int')) {
    throw errors.typeMismatch(`make-series step must be ${stepType}, but is ${stepConst.type}`, op.step.span);
  }
  const step = (coerce(stepConst, stepType) as { value: Value }).value;
  if (step === null || Number(step) <= 0) throw errors.invalid('make-series step must be positive', op.step.span);
  const schema: ColumnInfo[] = [
    ...keySchema,
    ...aggregates.map((a) => ({ name: a.names[0]!, type: 'dynamic' as ScalarType })),
    { name: names.named(expressionName(op.on)), type: 'dynamic' },
  ];
  const from = bound(op.from, 'from');
  const to = bound(op.to, 'to');
  const inRange = !!op.inRange;
  return { op: 'makeseries', input, keys, axis, aggregates, defaults, from, to, step, inRange, nonEmpty: !!op.nonEmpty, schema, span: op.span };
};
