// Helpers shared by the operator binders: the row scope of an operator's input, column references,
// filters, constant arguments, and whether row order is defined at a point of the pipeline.

import { joinSpans } from '../../parser/parser-base.js';
import type { Span } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { BExpr, Plan } from '../bound.js';
import { coerce } from '../functions/registry.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import type { RowScope, Scope } from './scope.js';

/** Binds one `| operator` applied to `input`. */
export type Handler<K extends A.TabularOp['kind']> = (b: Binder, op: Extract<A.TabularOp, { kind: K }>, input: Plan, scope: Scope) => Plan;

/** The columns an operator's expressions see: its input's schema. */
export function rowScope(scope: Scope, input: Plan, extra: Partial<RowScope> = {}): RowScope {
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
    case 'range':
    case 'rowsource':
      return true;
    case 'where':
    case 'extend':
    case 'project':
    case 'render':
    case 'materialize':
    case 'parse':
    case 'parsekv':
    case 'mvexpand':
      return isSerialized(p.input);
    default:
      return false;
  }
}

/** A reference to column `i` of `schema`. */
export function colRef(schema: readonly ColumnInfo[], i: number): BExpr {
  return { k: 'col', type: schema[i]!.type, index: i, name: schema[i]!.name };
}

/**
 * A filter: a bool expression (a dynamic one is converted). `nameSpan` is the `Name =` of a named filter
 * (`where Name = pred`), which is usually a comparison written with one `=`.
 */
export function predicate(b: Binder, e: A.Expr, rs: RowScope, named?: { name?: string; nameSpan?: Span }): BExpr {
  const p = bindExpr(b, e, rs);
  if (p.type === 'bool') return p;
  if (p.type === 'dynamic') return coerce(p, 'bool');
  const { name, nameSpan } = named ?? {};
  if (name && nameSpan) {
    throw errors.typeMismatch(
      `a filter must be a bool expression, but this is ${p.type}: \`${name} = ...\` only names the filter; to compare, write \`${name} == ...\``,
      joinSpans(nameSpan, e.span),
    );
  }
  throw errors.typeMismatch(`a filter must be a bool expression, but this is ${p.type}`, e.span);
}

/** A constant scalar argument (bound with no columns in scope). */
export function constValue(b: Binder, e: A.Expr, scope: Scope, what: string): Extract<BExpr, { k: 'const' }> {
  const c = bindExpr(b, e, { scope, columns: [] });
  if (c.k !== 'const') throw errors.invalid(`${what} must be a constant`, e.span);
  return c;
}

/** A constant non-negative count (take, top, limit). */
export function constCount(b: Binder, e: A.Expr, scope: Scope, what: string): number {
  const c = bindExpr(b, e, { scope, columns: [] });
  if (c.k !== 'const' || !['int', 'long', 'real', 'decimal'].includes(c.type) || (typeof c.value !== 'bigint' && typeof c.value !== 'number')) {
    throw errors.invalid(`${what} must be a constant number`, e.span);
  }
  return Math.max(0, Number(c.value));
}

/** The value of a named option (`with (x = 1)`, `kind = array`), when it is a literal. */
export function optionValue(args: readonly A.NamedArg[], name: string): Value | undefined {
  const a = args.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!a) return undefined;
  return a.value.kind === 'Literal' ? (a.value.value ?? null) : a.value.kind === 'Name' ? a.value.name : undefined;
}
