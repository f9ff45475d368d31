// Compiles bound scalar expressions into closures over a table's physical rows. String functions of a
// dictionary-encoded column with constant other arguments run once per distinct value and are cached:
// a `has` over a million rows with a thousand distinct values does a thousand term searches.

import { asInputError, type Span } from '../../diagnostics.js';
import { LongColumn, NumberColumn, StringColumn, TicksColumn, type Column } from '../../tables/column.js';
import type { Table } from '../../tables/table.js';
import type { Dynamic, Value } from '../../types.js';
import type { BExpr, Plan } from '../bound.js';
import { stringTest } from '../functions/operators.js';
import { toText } from '../values.js';
import type { ExecContext } from './context.js';

export type RowFn = (row: number) => Value;

/** Runs a subquery plan (provided by the executor, to avoid an import cycle). */
export type PlanRunner = (plan: Plan, ctx: ExecContext) => Table;

/** Logical position of the row being evaluated, for window functions over a serialized input. */
export interface WindowState {
  pos: number;
  /** Physical row index of each logical position. */
  order: ArrayLike<number>;
}

export interface CompileEnv {
  table: Table;
  ctx: ExecContext;
  run: PlanRunner;
  window?: WindowState;
}

/** A closure reading one column's value at a physical row. */
export function columnReader(c: Column): RowFn {
  if (c instanceof StringColumn) {
    const { codes, dict } = c;
    return c.type === 'guid' ? (r) => (codes[r]! < 0 ? null : dict[codes[r]!]!) : (r) => dict[codes[r]!]!;
  }
  if (c instanceof NumberColumn && !c.nulls) {
    const v = c.values;
    return (r) => v[r]!;
  }
  if (c instanceof LongColumn && c.small && !c.nulls) {
    const v = c.small;
    return (r) => BigInt(v[r]!);
  }
  if (c instanceof TicksColumn && !c.nulls) {
    const { ms, sub } = c;
    return (r) => BigInt(ms[r]!) * 10000n + BigInt(sub[r]!);
  }
  return (r) => c.get(r);
}

export function compile(e: BExpr, env: CompileEnv): RowFn {
  switch (e.k) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'col':
      return columnReader(env.table.columns[e.index]!);
    case 'call':
      return compileCall(e, env);
    case 'and':
    case 'or':
      return compileLogical(e.k, e.args.map((a) => compile(a, env)));
    case 'inset':
      return compileSetTest(e, env);
    case 'scalar': {
      let cached: { v: Value } | undefined;
      return () => {
        if (!cached) {
          const t = env.run(e.plan, env.ctx);
          cached = { v: t.length > 0 && t.columns.length > 0 ? t.columns[0]!.get(0) : null };
        }
        return cached.v;
      };
    }
    case 'window':
      return compileWindow(e, env);
  }
}

/**
 * `fn`, with an exception it throws placed at `span` (a runtime error names the call that failed). The
 * common arities get wrappers without a rest array, so the per-row cost is one inlinable call.
 */
function located(fn: (...args: Value[]) => Value, span: Span | undefined, arity: number): (...args: Value[]) => Value {
  const fail = (err: unknown): never => {
    throw asInputError(err, span);
  };
  switch (arity) {
    case 1:
      return (a) => {
        try {
          return fn(a);
        } catch (err) {
          return fail(err);
        }
      };
    case 2:
      return (a, b) => {
        try {
          return fn(a, b);
        } catch (err) {
          return fail(err);
        }
      };
    default:
      return (...args) => {
        try {
          return fn(...args);
        } catch (err) {
          return fail(err);
        }
      };
  }
}

function compileCall(e: Extract<BExpr, { k: 'call' }>, env: CompileEnv): RowFn {
  const handlesNulls = e.handlesNulls;
  const fn = located(e.fn, e.span, e.args.length);
  // One dictionary-encoded string column plus constants: evaluate once per distinct string.
  const nonConst = e.args.filter((a) => a.k !== 'const');
  if (nonConst.length === 1 && nonConst[0]!.k === 'col') {
    const col = env.table.columns[(nonConst[0] as { index: number }).index];
    if (col instanceof StringColumn && col.type === 'string') {
      const pos = e.args.indexOf(nonConst[0]!);
      const consts = e.args.map((a) => (a.k === 'const' ? a.value : null));
      if (handlesNulls || !consts.some((v, i) => i !== pos && v === null)) {
        const { codes, dict } = col;
        const cache: Value[] = new Array(dict.length);
        const done = new Uint8Array(dict.length);
        return (r) => {
          const c = codes[r]!;
          if (done[c]) return cache[c]!;
          consts[pos] = dict[c]!;
          const v = fn(...consts);
          cache[c] = v;
          done[c] = 1;
          return v;
        };
      }
    }
  }
  const args = e.args.map((a) => compile(a, env));
  if (args.length === 1) {
    const a0 = args[0]!;
    return handlesNulls ? (r) => fn(a0(r)) : (r) => {
      const v = a0(r);
      return v === null ? null : fn(v);
    };
  }
  if (args.length === 2) {
    const [a0, a1] = args as [RowFn, RowFn];
    return handlesNulls ? (r) => fn(a0(r), a1(r)) : (r) => {
      const x = a0(r);
      if (x === null) return null;
      const y = a1(r);
      return y === null ? null : fn(x, y);
    };
  }
  return (r) => {
    const vals = args.map((a) => a(r));
    if (!handlesNulls && vals.includes(null)) return null;
    return fn(...vals);
  };
}

/** Kusto's three-valued and/or: false and null = false; true or null = true; otherwise null is sticky. */
function compileLogical(op: 'and' | 'or', args: RowFn[]): RowFn {
  const stop = op === 'or';
  return (r) => {
    let sawNull = false;
    for (const a of args) {
      const v = a(r);
      if (v === stop) return stop;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : !stop;
  };
}

/** A key that makes equal numbers of different widths (int 5, long 5) and case-folded strings match. */
function setKey(v: Value, fold: boolean): string {
  switch (typeof v) {
    case 'string':
      return 's' + (fold ? v.toLowerCase() : v);
    case 'bigint':
      return 'n' + v.toString();
    case 'number':
      return Number.isInteger(v) ? 'n' + BigInt(v).toString() : 'r' + String(v);
    case 'boolean':
      return v ? 't' : 'f';
    default:
      return 'j' + JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  }
}

function flatten(values: Value[], out: Value[]): Value[] {
  for (const v of values) {
    if (Array.isArray(v)) flatten(v as Value[], out);
    else out.push(v);
  }
  return out;
}

function compileSetTest(e: Extract<BExpr, { k: 'inset' }>, env: CompileEnv): RowFn {
  const left = compile(e.arg, env);
  const leftType = e.arg.type;
  const fold = e.caseInsensitive;
  // The members, computed once on first use (a subquery runs once per query).
  let members: Value[] | undefined;
  const memberValues = (): Value[] => {
    if (members) return members;
    if (e.set.kind === 'plan') {
      const t = env.run(e.set.plan, env.ctx);
      const c = t.columns[0];
      const vals: Value[] = [];
      if (c) for (let i = 0; i < t.length; i++) vals.push(c.get(i));
      members = flatten(vals, []);
    } else {
      members = flatten(
        e.set.values.map((x) => (x.k === 'const' ? x.value : compile(x, env)(0))),
        [],
      );
    }
    return members;
  };
  if (e.match) {
    const test = stringTest(fold ? 'has' : 'has_cs')!;
    const all = e.match === 'has_all';
    return (r) => {
      const v = left(r);
      const hay = typeof v === 'string' ? v : toText(v, leftType);
      const needles = memberValues()
        .filter((m) => m !== null)
        .map((m) => (typeof m === 'string' ? m : toText(m as Dynamic, 'dynamic')));
      return all ? needles.every((n) => test(hay, n)) : needles.some((n) => test(hay, n));
    };
  }
  let keys: Set<string> | undefined;
  const negated = e.negated;
  const test = (v: Value): boolean => {
    if (v === null) return negated;
    keys ??= new Set(memberValues().filter((m) => m !== null).map((m) => setKey(m, fold)));
    const hit = keys.has(setKey(v, fold));
    return negated ? !hit : hit;
  };
  // A dictionary-encoded string column: decide once per distinct string.
  const col = e.arg.k === 'col' ? env.table.columns[e.arg.index] : undefined;
  if (col instanceof StringColumn && col.type === 'string') {
    const { codes, dict } = col;
    const verdict = new Uint8Array(dict.length);
    return (r) => {
      const c = codes[r]!;
      let v = verdict[c]!;
      if (v === 0) v = verdict[c] = test(dict[c]!) ? 1 : 2;
      return v === 1;
    };
  }
  return (r) => test(left(r));
}

function compileWindow(e: Extract<BExpr, { k: 'window' }>, env: CompileEnv): RowFn {
  const w = env.window;
  if (!w) return () => null;
  const args = e.args.map((a) => compile(a, env));
  switch (e.fn) {
    case 'row_number': {
      const start = e.args[0]?.k === 'const' ? Number(e.args[0].value) : 1;
      return () => BigInt(w.pos + start);
    }
    case 'prev':
    case 'next': {
      const offset = e.args[1]?.k === 'const' ? Number(e.args[1].value) : 1;
      const dflt = args[2];
      const sign = e.fn === 'prev' ? -1 : 1;
      return () => {
        const p = w.pos + sign * offset;
        if (p < 0 || p >= w.order.length) return dflt ? dflt(w.order[w.pos]!) : null;
        return args[0]!(w.order[p]!);
      };
    }
    case 'row_cumsum': {
      // row_cumsum(term [, restart]): the running sum, restarting at rows where restart is true.
      let sum: number | bigint = e.type === 'real' ? 0 : 0n;
      let last = -1;
      return (r) => {
        if (w.pos !== last + 1 || args[1]?.(r) === true) sum = e.type === 'real' ? 0 : 0n;
        last = w.pos;
        const v = args[0]!(r);
        if (v !== null) sum = typeof sum === 'bigint' ? sum + BigInt(v as bigint) : sum + Number(v);
        return sum;
      };
    }
    case 'row_window_session':
      return compileSession(args, w);
    case 'row_rank_min':
    case 'row_rank_dense': {
      // Ranks of a sorted term: equal neighbours share a rank; min ranks by row number, dense by 1 per change.
      let rank = 0n;
      let prevKey: string | undefined;
      let last = -1;
      return (r) => {
        if (w.pos !== last + 1) prevKey = undefined;
        last = w.pos;
        const key = setKey(args[0]!(r), false);
        if (key !== prevKey) rank = e.fn === 'row_rank_min' ? BigInt(w.pos + 1) : prevKey === undefined ? 1n : rank + 1n;
        prevKey = key;
        return rank;
      };
    }
  }
}

/**
 * row_window_session(expr, maxFromFirst, maxBetweenNeighbours [, restart]): the expr value at the start of
 * each row's session. A session starts at the first row, after a null, when the value reaches the session
 * start plus maxFromFirst or the previous value plus maxBetweenNeighbours, or where restart is true.
 */
function compileSession(args: RowFn[], w: WindowState): RowFn {
  const plus = (a: Value, b: Value): Value => (typeof a === 'bigint' ? a + BigInt(b as bigint) : Number(a) + Number(b));
  let start: Value = null;
  let prev: Value = null;
  let last = -1;
  return (r) => {
    if (w.pos !== last + 1) start = prev = null;
    last = w.pos;
    const v = args[0]!(r);
    const fromFirst = args[1]!(r);
    const between = args[2]!(r);
    const fresh =
      start === null || prev === null || v === null || args[3]?.(r) === true ||
      (fromFirst !== null && (v as number) >= (plus(start, fromFirst) as number)) ||
      (between !== null && (v as number) >= (plus(prev, between) as number));
    if (fresh) start = v;
    prev = v;
    return start;
  };
}
