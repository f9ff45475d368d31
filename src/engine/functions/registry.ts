// The function catalog's shape: scalar functions and aggregates are declared as data (name, overloads,
// result type, implementation) and looked up by the binder. One overload-resolution mechanism serves all.

import { asInputError, KqlError, type Span } from '../../diagnostics.js';
import type { Dynamic, ScalarType, Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { convertValue } from '../convert.js';

/** What the binder hands a function: the bound arguments and where the call is. */
export interface CallSite {
  name: string;
  span: Span;
  args: BExpr[];
  argSpans: Span[];
  /** The query's fixed clock, as ticks since 1970 (for now()/ago()). */
  now: bigint;
}

export interface ScalarFunction {
  name: string;
  minArgs: number;
  maxArgs: number;
  bind(site: CallSite): BExpr;
}

/** One accumulator per group. `add` receives the evaluated arguments of one row in a buffer that is reused for the next row: copy what you keep. */
export interface Accumulator {
  add(args: Value[]): void;
  /** One value per output column of the aggregate. */
  result(): Value[];
}

export interface AggregateFactory {
  create(): Accumulator;
}

export interface BoundAggregateInfo {
  types: ScalarType[];
  /** Output names when the aggregate names its own columns (arg_max); otherwise the default naming applies. */
  names?: string[];
  factory: AggregateFactory;
  /** Arguments after binding (possibly coerced). */
  args: BExpr[];
  /** The most values a collecting aggregate (make_set) keeps per group. */
  limit?: number;
}

export interface AggregateFunction {
  name: string;
  minArgs: number;
  maxArgs: number;
  /** Default output column name prefix (`count` → `count_`, `make_set` → `set_x`). */
  prefix: string;
  /** Arguments that are `*` are passed as Star markers (arg_max(x, *)); `expand` receives the input schema. */
  bind(site: CallSite & { starColumns?: BExpr[] }): BoundAggregateInfo;
}

// --------------------------------------------------------------------------------- overload resolution

/** A parameter: a concrete type, or a family. */
/** `dynamic_value` matches only an argument that is dynamic itself (no widening into dynamic). */
export type ParamType = ScalarType | 'any' | 'number' | 'integer' | 'datetime_or_timespan' | 'orderable' | 'dynamic_value';

export interface Overload {
  params: ParamType[];
  /** Extra trailing arguments repeat the last parameter type. */
  variadic?: boolean;
  /** Most arguments a variadic overload takes (default 1024). */
  max?: number;
  /** Minimum argument count when fewer than params are given (optional trailing params). */
  min?: number;
  ret: ScalarType | ((argTypes: ScalarType[]) => ScalarType);
  /** The implementation over argument values (already converted to the parameter types). */
  fn: (...args: Value[]) => Value;
  /** Called with the argument types when the implementation depends on them. Overrides fn. */
  make?: (argTypes: ScalarType[], site: CallSite) => (...args: Value[]) => Value;
  /** The implementation deals with null arguments itself; otherwise null in → null out. */
  handlesNulls?: boolean;
  /** Not constant-foldable (rand, new_guid). */
  volatile?: boolean;
}

const NUMERIC: ScalarType[] = ['int', 'long', 'real', 'decimal'];

/** How well an argument type fits a parameter: 0 exact, 1 widening, 2 dynamic conversion, -1 no. */
function fit(param: ParamType, arg: ScalarType): number {
  if (param === 'any') return 0;
  if (param === arg) return 0;
  if (param === 'dynamic_value') return arg === 'dynamic' ? 0 : -1;
  switch (param) {
    case 'number':
      return NUMERIC.includes(arg) ? 0 : arg === 'dynamic' ? 2 : -1;
    case 'integer':
      return arg === 'int' || arg === 'long' ? 0 : arg === 'dynamic' ? 2 : -1;
    case 'datetime_or_timespan':
      return arg === 'datetime' || arg === 'timespan' ? 0 : arg === 'dynamic' ? 2 : -1;
    case 'orderable':
      return arg === 'dynamic' || arg === 'bool' ? 1 : 0;
    case 'long':
      return arg === 'int' ? 1 : arg === 'dynamic' ? 2 : -1;
    case 'real':
    case 'decimal':
      return NUMERIC.includes(arg) ? 1 : arg === 'dynamic' ? 2 : -1;
    case 'dynamic':
      return 1;
    case 'string':
      return arg === 'dynamic' || arg === 'guid' ? 2 : -1;
    case 'guid':
      return arg === 'string' ? 1 : arg === 'dynamic' ? 2 : -1;
    default:
      return arg === 'dynamic' ? 2 : -1;
  }
}

function concreteParam(param: ParamType, arg: ScalarType): ScalarType {
  if (param === 'dynamic_value') return 'dynamic';
  if (param === 'any' || param === 'number' || param === 'integer' || param === 'datetime_or_timespan' || param === 'orderable') {
    if (arg === 'dynamic' && param !== 'any' && param !== 'orderable') return param === 'datetime_or_timespan' ? 'datetime' : 'real';
    return arg;
  }
  return param;
}

/** Wrap `e` in a conversion to `to` when its type differs. */
export function coerce(e: BExpr, to: ScalarType): BExpr {
  if (e.type === to) return e;
  const from = e.type;
  if (e.k === 'const') return { k: 'const', type: to, value: convertValue(e.value, from, to), span: e.span };
  return { k: 'call', type: to, name: `to_${to}`, fn: (v) => convertValue(v, from, to), args: [e], handlesNulls: false, span: e.span };
}

/** Build a scalar function from overloads: picks the best-fitting overload and coerces arguments. */
export function overloaded(name: string, overloads: Overload[]): ScalarFunction {
  let minArgs = Infinity;
  let maxArgs = 0;
  for (const o of overloads) {
    minArgs = Math.min(minArgs, o.min ?? o.params.length);
    maxArgs = Math.max(maxArgs, o.variadic ? (o.max ?? 1024) : o.params.length);
  }
  return {
    name,
    minArgs,
    maxArgs,
    bind(site) {
      const types = site.args.map((a) => a.type);
      let best: Overload | undefined;
      let bestScore = Infinity;
      for (const o of overloads) {
        const n = types.length;
        if (n < (o.min ?? o.params.length)) continue;
        if (n > o.params.length && !o.variadic) continue;
        let score = 0;
        for (let i = 0; i < n && score >= 0; i++) {
          const f = fit(o.params[Math.min(i, o.params.length - 1)]!, types[i]!);
          score = f < 0 ? -1 : score + f;
        }
        if (score >= 0 && score < bestScore) {
          best = o;
          bestScore = score;
        }
      }
      if (!best) throw wrongArgTypes(site, overloads);
      const o = best;
      const args = site.args.map((a, i) => coerce(a, concreteParam(o.params[Math.min(i, o.params.length - 1)]!, a.type)));
      const argTypes = args.map((a) => a.type);
      const type = typeof o.ret === 'function' ? o.ret(argTypes) : o.ret;
      const fn = o.make ? o.make(argTypes, site) : o.fn;
      return foldIfConstant({ k: 'call', type, name, fn, args, handlesNulls: !!o.handlesNulls, span: site.span, ...(o.volatile ? { volatile: true } : {}) }, !!o.volatile);
    },
  };
}

/** Evaluate a call whose arguments are all constants once, at bind time. */
export function foldIfConstant(e: BExpr, volatile = false): BExpr {
  if (volatile || e.k !== 'call' || !e.args.every((a) => a.k === 'const')) return e;
  const vals = e.args.map((a) => (a as { value: Value }).value);
  if (!e.handlesNulls && vals.some((v) => v === null)) return { k: 'const', type: e.type, value: null, span: e.span };
  try {
    return { k: 'const', type: e.type, value: e.fn(...vals), span: e.span };
  } catch (err) {
    // A constant call that fails (a value too long to hold, a runtime error) is reported at the call.
    throw asInputError(err, e.span);
  }
}

function describe(p: ParamType): string {
  return p === 'number' ? 'number' : p === 'integer' ? 'int or long' : p === 'datetime_or_timespan' ? 'datetime or timespan' : p === 'orderable' ? 'scalar' : p === 'dynamic_value' ? 'dynamic' : p;
}

export function wrongArgTypes(site: CallSite, overloads: Overload[]): KqlError {
  const got = site.args.map((a) => a.type).join(', ');
  const want = overloads.map((o) => `(${o.params.map(describe).join(', ')}${o.variadic ? ', ...' : ''})`).join(' or ');
  return new KqlError({
    code: 'KQL105',
    kind: 'semantic',
    message: `${site.name}() cannot take arguments of type (${got}); expected ${want}`,
    span: site.span,
  });
}

/** A scalar function whose binding is written by hand (e.g. now(), which reads the clock). */
export function custom(name: string, minArgs: number, maxArgs: number, bind: (site: CallSite) => BExpr): ScalarFunction {
  return { name, minArgs, maxArgs, bind };
}

export type { Dynamic };
