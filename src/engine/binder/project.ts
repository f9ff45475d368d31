// Binding of the column-shaping operators: extend, serialize, project, project-away, project-keep,
// project-rename and project-reorder (with `*` wildcards in column patterns).

import type { Span } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { BExpr, Plan } from '../bound.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { matchesWildcard, NameAllocator, projectedName } from './naming.js';
import { colRef, isSerialized, rowScope, type Handler } from './operands.js';
import type { Scope } from './scope.js';
import { isTupleCall, tupleColumns } from './tuples.js';

/**
 * Assignments that add or replace columns, left to right (extend and serialize). A replaced column keeps
 * its position; each assignment sees the columns computed before it.
 */
export function bindExtendLike(
  b: Binder,
  items: A.Assignment[],
  input: Plan,
  scope: Scope,
  serialized: boolean,
): { schema: ColumnInfo[]; columns: { expr: BExpr; target: number }[] } {
  const schema = input.schema.slice();
  const columns: { expr: BExpr; target: number }[] = [];
  const names = new NameAllocator(schema.map((c) => c.name));
  const assign = (name: string, expr: BExpr): void => {
    names.take(name);
    let target = schema.findIndex((c) => c.name === name);
    if (target < 0) {
      target = schema.length;
      schema.push({ name, type: expr.type });
    } else schema[target] = { name, type: expr.type };
    columns.push({ expr, target });
  };
  for (const a of items) {
    const expr = bindExpr(b, a.expr, { scope, columns: schema, serialized });
    if (a.names.length > 1 || isTupleCall(a)) {
      for (const c of tupleColumns(expr, a, false)) assign(c.name, c.expr);
      continue;
    }
    assign(a.names[0] ?? projectedName(a.expr) ?? names.column(), expr);
  }
  return { schema, columns };
}

/** A plan node adding one computed column `name = expr` (used by operators that expand expressions). */
export function extendOne(b: Binder, input: Plan, scope: Scope, names: string[], expr: A.Expr, span: Span): Extract<Plan, { op: 'extend' }> {
  const { schema, columns } = bindExtendLike(b, [{ names, expr, span }], input, scope, isSerialized(input));
  return { op: 'extend', input, columns, schema, span };
}

/** `extend a = expr, ...`: add columns, or replace same-named ones in place. */
export const extend: Handler<'Extend'> = (b, op, input, scope) => {
  const { schema, columns } = bindExtendLike(b, op.columns, input, scope, isSerialized(input));
  return { op: 'extend', input, columns, schema, span: op.span };
};

/** `serialize [a = expr, ...]`: mark the row order as defined (window functions allowed), extending like extend. */
export const serialize: Handler<'Serialize'> = (b, op, input, scope) => {
  const { schema, columns } = bindExtendLike(b, op.columns, input, scope, true);
  return { op: 'serialize', input, columns, schema, span: op.span };
};

/** `project a, b = expr, ...`: exactly the listed columns, in order; unnamed expressions get Kusto's names. */
export const project: Handler<'Project'> = (b, op, input, scope) => {
  const rs = rowScope(scope, input);
  const names = new NameAllocator();
  // Output names that were written (`a = ...` or a bare column); a name derived from an expression
  // (`tostring(x)` → x) is not. Two written names collide (an error, as in Microsoft's binder); any other
  // collision gives the later column the next free suffix (`project x, tostring(x)` → x, x1).
  const written = new Set<string>();
  const out: ColumnInfo[] = [];
  const exprs: BExpr[] = [];
  const add = (name: string | undefined, isWritten: boolean, expr: BExpr, span: Span): void => {
    if (name !== undefined && isWritten && written.has(name)) throw errors.invalid(`column '${name}' is projected twice`, span);
    name = names.named(name);
    if (isWritten) written.add(name);
    out.push({ name, type: expr.type });
    exprs.push(expr);
  };
  for (const a of op.columns) {
    const expr = bindExpr(b, a.expr, rs);
    if (a.names.length > 1 || isTupleCall(a)) for (const c of tupleColumns(expr, a, true)) add(c.name, true, c.expr, a.span);
    else add(a.names[0] ?? projectedName(a.expr), a.names.length > 0 || a.expr.kind === 'Name', expr, a.span);
  }
  return { op: 'project', input, columns: exprs, schema: out, span: op.span };
};

/** Indexes of the columns matching a name or `*` pattern. */
export function matchPattern(schema: readonly ColumnInfo[], pattern: string): number[] {
  return schema.flatMap((c, i) => (matchesWildcard(pattern, c.name) ? [i] : []));
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

/** A projection of input columns by index. */
export function projectIndexes(input: Plan, idx: number[], span: Span | undefined): Plan {
  return { op: 'project', input, columns: idx.map((i) => colRef(input.schema, i)), schema: idx.map((i) => input.schema[i]!), span };
}

/** `project-away a, b*`: every column except the named or matching ones. */
export const projectAway: Handler<'ProjectAway'> = (_b, op, input) => {
  const drop = new Set(patternIndexes(input.schema, op.patterns));
  return projectIndexes(input, input.schema.map((_, i) => i).filter((i) => !drop.has(i)), op.span);
};

/** `project-keep a, b*`: only the named or matching columns, in input order. */
export const projectKeep: Handler<'ProjectKeep'> = (_b, op, input) => {
  const keep = new Set(patternIndexes(input.schema, op.patterns));
  return projectIndexes(input, input.schema.map((_, i) => i).filter((i) => keep.has(i)), op.span);
};

/** `project-rename new = old, ...`: renamed columns keep their positions. */
export const projectRename: Handler<'ProjectRename'> = (_b, op, input) => {
  const schema = input.schema.slice();
  for (const r of op.renames) {
    const i = schema.findIndex((c) => c.name === r.oldName);
    if (i < 0) throw errors.unknownName(r.oldName, schema.map((c) => c.name), r.span);
    schema[i] = { name: r.newName, type: schema[i]!.type };
  }
  const seen = new Set<string>();
  for (const c of schema) {
    if (seen.has(c.name)) throw errors.invalid(`project-rename gives two columns the name '${c.name}'`, op.span);
    seen.add(c.name);
  }
  return { op: 'project', input, columns: input.schema.map((_, i) => colRef(input.schema, i)), schema, span: op.span };
};

/** project-reorder: the named (or matching) columns first, in the order given; the rest keep their order. */
export const projectReorder: Handler<'ProjectReorder'> = (_b, op, input) => {
  const first: number[] = [];
  for (const c of op.columns) {
    let hits = matchPattern(input.schema, c.pattern);
    if (!hits.length && !c.pattern.includes('*')) throw errors.unknownName(c.pattern, input.schema.map((x) => x.name), c.span);
    if (c.order) {
      const granny = c.order.startsWith('granny');
      const sign = c.order.endsWith('desc') ? -1 : 1;
      hits = hits.slice().sort((x, y) => sign * cmpNames(input.schema[x]!.name, input.schema[y]!.name, granny));
    }
    for (const h of hits) if (!first.includes(h)) first.push(h);
  }
  const rest = input.schema.map((_, i) => i).filter((i) => !first.includes(i));
  return projectIndexes(input, [...first, ...rest], op.span);
};

/** Name order for project-reorder: ordinal, or "granny" order where digit runs compare as numbers (a2 < a10). */
function cmpNames(a: string, b: string, granny: boolean): number {
  if (!granny) return a < b ? -1 : a > b ? 1 : 0;
  const split = (s: string): (string | number)[] => s.split(/(\d+)/).filter((x) => x !== '').map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const xa = split(a);
  const xb = split(b);
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
    const p = xa[i]!;
    const q = xb[i]!;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return xa.length - xb.length;
}
