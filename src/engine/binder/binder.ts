// The binder: turns a parsed script into a typed logical plan before any data is read. It resolves
// tables, columns, lets and functions, checks types, and reports problems with stable codes and spans.

import { KqlError, type Span } from '../../diagnostics.js';
import type { Call, Expr, LetStatement, Script, Statement, TabularOp } from '../../parser/ast.js';
import { Table, type ColumnInfo } from '../../tables/table.js';
import { parseTypeName, type Dynamic, type ScalarType, type Value } from '../../types.js';
import type { BExpr, Plan } from '../bound.js';
import { scalarFunction } from '../functions/index.js';
import { coerce } from '../functions/registry.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { Scope, type LetValue, type RowScope, type TableResolver } from './scope.js';
import { bindOperator } from './tabular.js';
import { bindSource } from './sources.js';
import { toDynamic } from '../values.js';

const MAX_CALL_DEPTH = 64;

/** Functions whose result is a table (so a call in table position is not a scalar call). */
const TABULAR_CALLS = new Set(['materialize', 'table', 'view', 'database', 'cluster', 'workspace', 'app']);

export class Binder {
  private depth = 0;
  /** The operators after the one being bound, in the innermost pipeline (for schemas that depend on later use). */
  pending: readonly TabularOp[] = [];
  constructor(
    readonly tables: TableResolver,
    /** The query's fixed clock (ticks since 1970). */
    readonly now: bigint,
  ) {}

  /** Bind every statement; returns one plan per query statement (at least one). */
  bindScript(script: Script, scope = new Scope()): Plan[] {
    const plans: Plan[] = [];
    for (const st of script.statements) {
      const p = this.bindStatement(st, scope);
      if (p) plans.push(p);
    }
    if (!plans.length) {
      const end = script.span;
      throw errors.invalid('the query has no tabular expression to run (only let/set statements)', { ...end, start: end.end, end: end.end });
    }
    return plans;
  }

  private bindStatement(st: Statement, scope: Scope): Plan | undefined {
    switch (st.kind) {
      case 'Let':
        scope.define(st.name, this.bindLetValue(st.name, st.value, scope));
        return undefined;
      case 'Set':
        return undefined;
      case 'Declare':
        for (const p of st.params) {
          if (typeof p.type !== 'string') throw errors.unsupported('tabular query parameters', p.span);
          if (!p.default) throw errors.missingResource(`query parameter '${p.name}' has no default value; give it one to run the query locally`, p.span);
          scope.define(p.name, { kind: 'scalar', expr: coerce(bindExpr(this, p.default, { scope, columns: [] }), p.type) });
        }
        return undefined;
      case 'Query':
        if (!this.isTabularExpr(st.expr, scope)) {
          throw errors.invalid('a query statement must be tabular; use print to show a scalar', st.expr.span);
        }
        return this.bindTabular(st.expr, scope);
    }
  }

  private bindLetValue(name: string, value: LetStatement['value'], scope: Scope): LetValue {
    if (value.kind === 'FunctionDef') return { kind: 'function', name, def: value, scope };
    if (this.isTabularExpr(value, scope)) return { kind: 'tabular', plan: this.bindTabular(value, scope) };
    return { kind: 'scalar', expr: bindExpr(this, value, { scope, columns: [] }) };
  }

  /** Whether an expression denotes a table (decided from syntax and the names in scope). */
  isTabularExpr(e: Expr, scope: Scope): boolean {
    switch (e.kind) {
      case 'Pipeline':
      case 'DataTable':
      case 'Print':
      case 'Range':
      case 'UnionSource':
      case 'ExternalData':
      case 'Find':
      case 'Search':
      case 'EvaluateSource':
        return true;
      case 'Name': {
        const v = scope.lookup(e.name);
        if (v) return v.kind === 'tabular' || (v.kind === 'function' && this.functionIsTabular(v));
        return this.tables.names().includes(e.name) || !scalarFunction(e.name);
      }
      case 'Call': {
        const v = scope.lookup(e.name);
        if (v?.kind === 'function') return this.functionIsTabular(v);
        if (TABULAR_CALLS.has(e.name)) return true;
        return false;
      }
      default:
        return false;
    }
  }

  private functionIsTabular(v: Extract<LetValue, { kind: 'function' }>): boolean {
    const last = v.def.body[v.def.body.length - 1];
    if (!last || last.kind !== 'Query') return false;
    const inner = new Scope(v.scope);
    for (const p of v.def.params) {
      if (typeof p.type !== 'string') inner.define(p.name, { kind: 'tabular', plan: { op: 'values', table: Table.empty([]), schema: [] } });
      else inner.define(p.name, { kind: 'scalar', expr: { k: 'const', type: p.type, value: null } });
    }
    for (const st of v.def.body.slice(0, -1)) {
      if (st.kind === 'Let' && st.value.kind !== 'FunctionDef') {
        inner.define(st.name, this.isTabularExpr(st.value, inner) ? { kind: 'tabular', plan: { op: 'values', table: Table.empty([]), schema: [] } } : { kind: 'scalar', expr: { k: 'const', type: 'string', value: '' } });
      } else if (st.kind === 'Let' && st.value.kind === 'FunctionDef') {
        inner.define(st.name, { kind: 'function', name: st.name, def: st.value, scope: inner });
      }
    }
    return this.isTabularExpr(last.expr, inner);
  }

  /** Bind a tabular expression to a plan. */
  bindTabular(e: Expr, scope: Scope): Plan {
    switch (e.kind) {
      case 'Pipeline': {
        let plan = this.bindTabular(e.source, scope);
        e.ops.forEach((op, i) => {
          this.pending = e.ops.slice(i + 1);
          plan = bindOperator(this, op, plan, scope);
        });
        this.pending = [];
        return plan;
      }
      case 'Name': {
        const v = scope.lookup(e.name);
        if (v?.kind === 'tabular') return v.plan;
        if (v?.kind === 'function') return this.callTabular(v, [], e.span, scope);
        if (v?.kind === 'scalar') throw errors.notTabular(e.name, e.span);
        const plan = this.tables.resolve(e.name, e.span);
        if (plan) return plan;
        const lets = scope.names().filter((n) => scope.lookup(n)?.kind !== 'scalar');
        throw errors.unknownTable(e.name, [...this.tables.names(), ...lets], e.span);
      }
      case 'Call':
        return this.bindTabularCall(e, scope);
      default:
        return bindSource(this, e, scope);
    }
  }

  private bindTabularCall(e: Call, scope: Scope): Plan {
    const v = scope.lookup(e.name);
    if (v?.kind === 'function') return this.callTabular(v, e.args, e.span, scope);
    switch (e.name) {
      case 'materialize': {
        if (e.args.length !== 1) throw errors.argCount('materialize', 1, 1, e.args.length, e.span);
        const input = this.bindTabular(e.args[0]!, scope);
        return { op: 'materialize', input, cache: {}, schema: input.schema, span: e.span };
      }
      case 'table':
      case 'view': {
        const arg = e.args[0];
        if (!arg || arg.kind !== 'Literal' || typeof arg.value !== 'string') {
          throw errors.invalid(`${e.name}() takes the table name as a string literal`, e.span);
        }
        return this.bindTabular({ kind: 'Name', name: arg.value, span: arg.span }, scope);
      }
      case '_GetWatchlist':
        throw errors.missingResource(
          `watchlist ${e.args[0]?.kind === 'Literal' ? JSON.stringify(e.args[0].value) : ''} is not available offline; define it with a let (let Watchlist = datatable(...)[...]) or load it as a table and call it through a view`,
          e.span,
        );
      default:
        if (scalarFunction(e.name)) throw errors.invalid(`${e.name}() returns a scalar, but a table is expected here`, e.span);
        throw errors.unknownFunction(
          e.name,
          scope.names().filter((n) => scope.lookup(n)?.kind === 'function'),
          e.nameSpan,
        );
    }
  }

  /** Bind a call of a user function whose body is tabular. */
  callTabular(fn: Extract<LetValue, { kind: 'function' }>, args: Expr[], span: Span, callerScope: Scope, piped?: Plan): Plan {
    const { inner, last } = this.enterFunction(fn, args, span, { scope: callerScope, columns: [] }, piped);
    try {
      if (last.kind !== 'Query' || !this.isTabularExpr(last.expr, inner)) throw errors.notTabular(fn.name, span);
      return this.bindTabular(last.expr, inner);
    } finally {
      this.depth--;
    }
  }

  /** Bind a call of a user function whose body is scalar (inlined at the call site). */
  callFunction(fn: Extract<LetValue, { kind: 'function' }>, args: Expr[], span: Span, rs: RowScope): BExpr {
    const { inner, last } = this.enterFunction(fn, args, span, rs);
    try {
      if (last.kind !== 'Query') throw errors.invalid(`function '${fn.name}' has no result expression`, span);
      if (this.isTabularExpr(last.expr, inner)) throw errors.notScalar(fn.name, span);
      return bindExpr(this, last.expr, { ...rs, scope: inner });
    } finally {
      this.depth--;
    }
  }

  private enterFunction(
    fn: Extract<LetValue, { kind: 'function' }>,
    args: Expr[],
    span: Span,
    rs: RowScope,
    piped?: Plan,
  ): { inner: Scope; last: Statement } {
    if (++this.depth > MAX_CALL_DEPTH) {
      this.depth--;
      throw errors.invalid(`function '${fn.name}' calls itself too deeply (recursion is not allowed in KQL)`, span);
    }
    try {
      const params = fn.def.params;
      const given = piped ? args.length + 1 : args.length;
      const required = params.filter((p) => !p.default).length;
      if (given < required || given > params.length) throw errors.argCount(fn.name, required, params.length, given, span);
      const inner = new Scope(fn.scope);
      let argIndex = 0;
      params.forEach((p, i) => {
        if (typeof p.type !== 'string') {
          const plan = i === 0 && piped ? piped : this.bindTabular(args[argIndex++] ?? p.default!, rs.scope);
          inner.define(p.name, { kind: 'tabular', plan });
          return;
        }
        const a = args[argIndex++];
        const bound = a ? bindExpr(this, a, rs) : bindExpr(this, p.default!, { scope: fn.scope, columns: [] });
        inner.define(p.name, { kind: 'scalar', expr: coerceParam(bound, p.type, fn.name, p.name) });
      });
      for (const st of fn.def.body.slice(0, -1)) this.bindStatement(st, inner);
      const last = fn.def.body[fn.def.body.length - 1];
      if (!last) throw errors.invalid(`function '${fn.name}' has an empty body`, span);
      return { inner, last };
    } catch (e) {
      this.depth--;
      throw e;
    }
  }

  /** Calls that are syntax rather than catalog functions: toscalar(), column_ifexists(), pack_all(), window functions. */
  specialCall(e: Call, rs: RowScope): BExpr | undefined {
    switch (e.name) {
      case 'toscalar': {
        if (e.args.length !== 1) throw errors.argCount('toscalar', 1, 1, e.args.length, e.span);
        const arg = e.args[0]!;
        if (this.isTabularExpr(arg, rs.scope)) {
          const plan = this.bindTabular(arg, rs.scope);
          const first = plan.schema[0];
          if (!first) throw errors.invalid('toscalar() needs a table with at least one column', e.span);
          return { k: 'scalar', type: first.type, plan, span: e.span };
        }
        return bindExpr(this, arg, rs);
      }
      case 'typeof': {
        // `typeof(T)` as an argument (extract, extract_json): the type's canonical name, as a string constant.
        const arg = e.args[0];
        const t = e.args.length === 1 && arg?.kind === 'Name' ? parseTypeName(arg.name) : undefined;
        if (!t) throw errors.invalid('typeof() takes a type name, as in typeof(long)', e.span);
        return { k: 'const', type: 'string', value: t, span: e.span };
      }
      case 'column_ifexists':
      case 'columnifexists': {
        const [nameArg, dflt] = e.args;
        if (e.args.length !== 2 || nameArg?.kind !== 'Literal' || typeof nameArg.value !== 'string') {
          throw errors.invalid('column_ifexists() takes a column name (string literal) and a default value', e.span);
        }
        const idx = rs.columns.findIndex((c) => c.name === nameArg.value);
        if (idx >= 0) return { k: 'col', type: rs.columns[idx]!.type, index: idx, name: nameArg.value, span: e.span };
        return bindExpr(this, dflt!, rs);
      }
      case 'pack_all': {
        const cols = rs.columns.map((c, i): BExpr => ({ k: 'col', type: c.type, index: i, name: c.name }));
        const names = rs.columns.map((c) => c.name);
        const types = rs.columns.map((c) => c.type);
        const skipNulls = e.args[0]?.kind === 'Literal' && e.args[0].value === true;
        return {
          k: 'call',
          type: 'dynamic',
          name: 'pack_all',
          fn: (...vals: Value[]) => packRow(names, types, vals, skipNulls),
          args: cols,
          handlesNulls: true,
          span: e.span,
        };
      }
      case 'row_number':
      case 'prev':
      case 'next':
      case 'row_cumsum':
      case 'row_window_session':
      case 'row_rank_min':
      case 'row_rank_dense': {
        if (!rs.serialized) {
          throw errors.invalid(`${e.name}() needs a serialized input (after sort, top, serialize or take)`, e.span);
        }
        const args = e.args.map((a) => bindExpr(this, a, rs));
        if (e.name === 'row_window_session' && (args.length < 3 || args.length > 4)) throw errors.argCount(e.name, 3, 4, args.length, e.span);
        const type: ScalarType =
          e.name === 'row_number' || e.name === 'row_rank_min' || e.name === 'row_rank_dense' ? 'long'
          : e.name === 'row_cumsum' ? (args[0]?.type === 'real' ? 'real' : 'long')
          : (args[0]?.type ?? 'string');
        return { k: 'window', type, fn: e.name, args, span: e.span };
      }
      default:
        return undefined;
    }
  }
}

function packRow(names: string[], types: ScalarType[], vals: Value[], skipNulls: boolean): Dynamic {
  const o: Record<string, Dynamic> = {};
  vals.forEach((v, i) => {
    if (skipNulls && (v === null || v === '')) return;
    o[names[i]!] = toDynamic(v, types[i]!);
  });
  return o;
}

function coerceParam(e: BExpr, t: ScalarType, fn: string, param: string): BExpr {
  if (e.type === t || t === 'dynamic' || e.type === 'dynamic') return coerce(e, t);
  // Numbers convert between numeric parameter types (Kusto's binder accepts `f(100)` for an int parameter).
  const numeric = (x: ScalarType): boolean => x === 'int' || x === 'long' || x === 'real' || x === 'decimal';
  const widen = numeric(e.type) && numeric(t);
  if (!widen && !(e.k === 'const' && e.value === null)) {
    throw errors.typeMismatch(`argument '${param}' of ${fn}() must be ${t}, but is ${e.type}`, e.span ?? { start: 0, end: 0, line: 1, column: 1 });
  }
  return coerce(e, t);
}

export type { ColumnInfo, KqlError };
