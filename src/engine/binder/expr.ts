// Binding of scalar expressions: resolves names against the row's columns and the let scopes, checks
// function signatures against the catalog, and gives every expression its KQL type.

import { KqlError, type Span } from '../../diagnostics.js';
import type { Between, Binary, Call, DynamicNode, Expr, Literal, SetTest } from '../../parser/ast.js';
import { parseDateTime, parseTimespan } from '../../tables/datetime.js';
import type { Dynamic, ScalarType, Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { convertValue } from '../convert.js';
import { aggregateFunction, functionNames, scalarFunction } from '../functions/index.js';
import { binaryOperator, stringTest } from '../functions/operators.js';
import { compileRegex } from '../functions/regex.js';
import { coerce, foldIfConstant, type CallSite } from '../functions/registry.js';
import { dynamicKind, toDynamic } from '../values.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { checkRegexArgument } from './regex-args.js';
import { bindStarTest } from './search.js';
import type { RowScope } from './scope.js';

/** Bind a scalar expression in a row scope. */
export function bindExpr(b: Binder, e: Expr, rs: RowScope): BExpr {
  switch (e.kind) {
    case 'Literal':
      return bindLiteral(e);
    case 'DynamicLiteral':
      return { k: 'const', type: 'dynamic', value: dynamicValue(e.node), span: e.span };
    case 'Name':
      return bindName(b, e.name, e.span, rs);
    case 'Binary':
      return bindBinary(b, e, rs);
    case 'Unary': {
      const x = bindExpr(b, e.operand, rs);
      if (e.op === '+') return x;
      return negate(x, e.span);
    }
    case 'Between':
      return bindBetween(b, e, rs);
    case 'SetTest':
      return bindSetTest(b, e, rs);
    case 'Call':
      return bindCall(b, e, rs);
    case 'Member': {
      const target = bindExpr(b, e.target, rs);
      return dynamicAccess(target, { k: 'const', type: 'string', value: e.name }, e.span);
    }
    case 'Index': {
      const target = bindExpr(b, e.target, rs);
      return dynamicAccess(target, bindExpr(b, e.index, rs), e.span);
    }
    case 'Star':
      throw errors.invalid("'*' is only allowed as a function argument (arg_max(x, *), count(*))", e.span);
    default:
      if (b.isTabularExpr(e, rs.scope)) {
        throw errors.invalid('a tabular expression is used where a scalar is expected; wrap it in toscalar()', e.span);
      }
      throw errors.unsupported(`expression ${e.kind}`, e.span);
  }
}

function bindLiteral(e: Literal): BExpr {
  if (e.value !== undefined) return { k: 'const', type: e.type, value: e.value, span: e.span };
  const text = (e.text ?? '').trim();
  let value: Value | undefined;
  if (e.type === 'datetime') value = parseDateTime(unquote(text));
  else if (e.type === 'timespan') value = parseTimespan(unquote(text));
  else if (e.type === 'guid') value = convertValue(unquote(text), 'string', 'guid');
  else value = convertValue(unquote(text), 'string', e.type);
  if (value === undefined || value === null) throw errors.badLiteral(e.type, text, e.span);
  return { k: 'const', type: e.type, value, span: e.span };
}

function unquote(s: string): string {
  const m = /^(?:@)?(["'])([\s\S]*)\1$/.exec(s);
  return m ? m[2]! : s;
}

/** The value of a dynamic literal's tree. */
function dynamicValue(n: DynamicNode): Dynamic {
  switch (n.kind) {
    case 'DynArray':
      return n.items.map(dynamicValue);
    case 'DynObject': {
      const o: Record<string, Dynamic> = {};
      for (const [k, v] of n.entries) o[k] = dynamicValue(v);
      return o;
    }
    default: {
      const c = bindLiteral(n) as { value: Value; type: ScalarType };
      return toDynamic(c.value, c.type);
    }
  }
}

function bindName(b: Binder, name: string, span: Span, rs: RowScope): BExpr {
  const idx = rs.columns.findIndex((c) => c.name === name);
  if (idx >= 0) return { k: 'col', type: rs.columns[idx]!.type, index: idx, name, span };
  const v = rs.scope.lookup(name);
  if (v?.kind === 'scalar') return { ...v.expr, span };
  if (v?.kind === 'tabular') throw errors.notScalar(name, span);
  if (v?.kind === 'function' && v.def.params.length === 0) return b.callFunction(v, [], span, rs);
  throw errors.unknownName(name, [...rs.columns.map((c) => c.name), ...rs.scope.names()], span);
}

function negate(x: BExpr, span: Span): BExpr {
  switch (x.type) {
    case 'long':
    case 'timespan':
      return foldIfConstant({ k: 'call', type: x.type, name: 'negate', fn: (v) => BigInt.asIntN(64, -(v as bigint)), args: [x], handlesNulls: false, span });
    case 'int':
    case 'real':
    case 'decimal':
      return foldIfConstant({ k: 'call', type: x.type, name: 'negate', fn: (v) => -(v as number), args: [x], handlesNulls: false, span });
    case 'dynamic':
      return negate(coerce(x, 'real'), span);
    default:
      throw errors.typeMismatch(`unary '-' cannot be applied to ${x.type}`, span);
  }
}

function site(name: string, span: Span, args: BExpr[], argSpans: Span[], now: bigint): CallSite {
  return { name, span, args, argSpans, now };
}

function bindBinary(b: Binder, e: Binary, rs: RowScope): BExpr {
  if (e.left.kind === 'Star') return bindStarTest(b, e, rs);
  const left = bindExpr(b, e.left, rs);
  const right = bindExpr(b, e.right, rs);
  if (e.op === 'and' || e.op === 'or') {
    return logical(e.op, [asBool(left, e.left.span), asBool(right, e.right.span)], e.span);
  }
  const fn = binaryOperator(e.op);
  if (!fn) throw errors.unsupported(`operator '${e.op}'`, e.opSpan);
  if (e.op === 'matches regex' && right.k === 'const') compileRegex(String(right.value ?? ''), e.right.span);
  try {
    return fn.bind(site(e.op, e.span, [left, right], [e.left.span, e.right.span], b.now));
  } catch (err) {
    if (err instanceof KqlError && err.code === 'KQL105') {
      const hint = left.type === 'string' && right.type === 'string' ? '; strings have no order in Kusto (compare with strcmp())' : '';
      throw errors.typeMismatch(`operator '${e.op}' cannot be applied to ${left.type} and ${right.type}${hint}`, e.opSpan);
    }
    throw err;
  }
}

/** `and`/`or` with Kusto's three-valued logic; nested forms are flattened. */
export function logical(op: 'and' | 'or', args: BExpr[], span?: Span): BExpr {
  const flat: BExpr[] = [];
  for (const a of args) {
    if (a.k === op) flat.push(...a.args);
    else flat.push(a);
  }
  return { k: op, type: 'bool', args: flat, span };
}

function asBool(x: BExpr, span: Span): BExpr {
  if (x.type === 'bool') return x;
  if (x.type === 'dynamic') return coerce(x, 'bool');
  throw errors.typeMismatch(`expected a bool expression, but this is ${x.type}`, span);
}

function bindBetween(b: Binder, e: Between, rs: RowScope): BExpr {
  const x = bindExpr(b, e.expr, rs);
  const lo = bindExpr(b, e.low, rs);
  let hi = bindExpr(b, e.high, rs);
  checkBetween(e, x.type, lo.type, hi.type);
  // `datetime between (lo .. timespan)` means the range [lo, lo + timespan].
  if (x.type === 'datetime' && hi.type === 'timespan') {
    hi = binaryOperator('+')!.bind(site('+', e.high.span, [lo, hi], [e.low.span, e.high.span], b.now));
  }
  const ge = binaryOperator('>=')!.bind(site('>=', e.span, [x, lo], [e.expr.span, e.low.span], b.now));
  const le = binaryOperator('<=')!.bind(site('<=', e.span, [x, hi], [e.expr.span, e.high.span], b.now));
  const both = logical('and', [ge, le], e.span);
  if (!e.negated) return both;
  return scalarFunction('not')!.bind(site('not', e.span, [both], [e.span], b.now));
}

const NUMBER_TYPES: readonly ScalarType[] = ['int', 'long', 'real', 'decimal'];

/**
 * The operand types `between` accepts (as Microsoft's binder does): a number between numbers (or between
 * two dynamic values), a dynamic value between two numbers of one type, a datetime between a datetime and a
 * datetime or timespan, a timespan between timespans.
 */
function checkBetween(e: Between, x: ScalarType, lo: ScalarType, hi: ScalarType): void {
  const num = (t: ScalarType): boolean => NUMBER_TYPES.includes(t);
  let want: [string, string] | undefined;
  if (num(x)) want = lo === 'dynamic' && hi === 'dynamic' ? undefined : ['a number', 'a number'];
  else if (x === 'dynamic') want = ['a number', num(lo) ? lo : 'a number'];
  else if (x === 'datetime') want = ['a datetime', 'a datetime or timespan'];
  else if (x === 'timespan') want = ['a timespan', 'a timespan'];
  else throw errors.typeMismatch(`between cannot be applied to ${x}: it needs a number, datetime or timespan`, e.span);
  if (!want) return;
  const loOk = num(x) || x === 'dynamic' ? num(lo) : lo === x;
  const hiOk = num(x) ? num(hi) : x === 'dynamic' ? num(lo) && hi === lo : x === 'datetime' ? hi === 'datetime' || hi === 'timespan' : hi === x;
  if (!loOk) throw errors.typeMismatch(`between ${x} needs ${want[0]} as the lower bound, but this is ${lo}`, e.low.span);
  if (!hiOk) throw errors.typeMismatch(`between ${x} needs ${want[1]} as the upper bound, but this is ${hi}`, e.high.span);
}

function bindSetTest(b: Binder, e: SetTest, rs: RowScope): BExpr {
  const left = bindExpr(b, e.left, rs);
  // in~ and has_any/has_all compare text: Kusto wants a string (or dynamic) on the left; in/!in take any type.
  if ((e.op.endsWith('~') || e.op.startsWith('has_')) && left.type !== 'string' && left.type !== 'dynamic') {
    throw errors.typeMismatch(`${e.op} needs a string on its left, but this is ${left.type} (convert it with tostring())`, e.left.span);
  }
  // A single tabular item: the set is the first column of its result.
  const only = e.items.length === 1 ? e.items[0]! : undefined;
  const isColumn = only?.kind === 'Name' && rs.columns.some((c) => c.name === only.name);
  if (only && !isColumn && b.isTabularExpr(only, rs.scope)) {
    const plan = b.bindTabular(only, rs.scope);
    if (e.op.startsWith('has_')) {
      return { k: 'inset', type: 'bool', arg: left, set: { kind: 'plan', plan }, caseInsensitive: !e.op.endsWith('_cs'), negated: false, span: e.span, ...hasMode(e.op) };
    }
    return { k: 'inset', type: 'bool', arg: left, set: { kind: 'plan', plan }, caseInsensitive: e.op.endsWith('~'), negated: e.op.startsWith('!'), span: e.span };
  }
  const items = e.items.map((i) => bindExpr(b, i, rs));
  if (e.op.startsWith('has_')) {
    return { k: 'inset', type: 'bool', arg: left, set: { kind: 'values', values: items }, caseInsensitive: !e.op.endsWith('_cs'), negated: false, span: e.span, ...hasMode(e.op) };
  }
  return { k: 'inset', type: 'bool', arg: left, set: { kind: 'values', values: items }, caseInsensitive: e.op.endsWith('~'), negated: e.op.startsWith('!'), span: e.span };
}

/** has_any / has_all are set tests whose membership is term matching rather than equality. */
function hasMode(op: string): { match: 'has_any' | 'has_all' } {
  return { match: op.startsWith('has_all') ? 'has_all' : 'has_any' };
}

/** `d.name`, `d["name"]`, `d[0]`, `d[-1]` on a dynamic value. */
function dynamicAccess(target: BExpr, key: BExpr, span: Span): BExpr {
  if (target.type !== 'dynamic') {
    throw errors.typeMismatch(`'.' and '[]' apply to dynamic values, but this is ${target.type}`, span);
  }
  return foldIfConstant({
    k: 'call',
    type: 'dynamic',
    name: 'dynamic_access',
    fn: (d, k) => dynamicGet(d as Dynamic, k),
    args: [target, key],
    handlesNulls: true,
    span,
  });
}

export function dynamicGet(d: Dynamic, k: Value): Dynamic {
  if (d === null || k === null || typeof d !== 'object') return null;
  if (Array.isArray(d)) {
    if (typeof k !== 'number' && typeof k !== 'bigint') return null;
    let i = Number(k);
    if (i < 0) i += d.length;
    return d[i] ?? null;
  }
  const v = (d as Record<string, Dynamic>)[String(k)];
  return v === undefined ? null : v;
}

function bindCall(b: Binder, e: Call, rs: RowScope): BExpr {
  const name = e.name;
  const special = b.specialCall(e, rs);
  if (special) return special;
  const user = rs.scope.lookup(name);
  if (user?.kind === 'function') {
    return b.callFunction(user, e.args, e.span, rs);
  }
  const agg = aggregateFunction(name);
  if (agg && !scalarFunction(name)) {
    if (!rs.aggregates) throw errors.aggregateOutsideSummarize(name, e.nameSpan);
    return rs.aggregates.add(e, rs);
  }
  const fn = scalarFunction(name);
  if (!fn) {
    if (b.isTabularExpr(e, rs.scope)) {
      throw errors.invalid(`${name}() returns a table, but a scalar is expected here`, e.span);
    }
    throw errors.unknownFunction(name, [...functionNames(), ...rs.scope.names()], e.nameSpan);
  }
  if (e.args.length < fn.minArgs || e.args.length > fn.maxArgs) {
    throw errors.argCount(name, fn.minArgs, fn.maxArgs, e.args.length, e.span);
  }
  const args = e.args.map((a) => bindExpr(b, a, rs));
  const argSpans = e.args.map((a) => a.span);
  checkRegexArgument(name, args, argSpans);
  return fn.bind(site(name, e.span, args, argSpans, b.now));
}

/** Has-family test for has_any/has_all items (used by the compiler). */
export function hasTest(caseInsensitive: boolean): (hay: string, needle: string) => boolean {
  return stringTest(caseInsensitive ? 'has' : 'has_cs')!;
}

export { dynamicKind };
