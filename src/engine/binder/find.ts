// Binding of `find [in (T1, T2*)] where predicate [project a, b [, pack_all()]]`: the predicate is bound per
// table (tables lacking a column it uses drop out), and the matching rows are unioned under a common schema:
// `source_`, then the listed columns (or, by default, the columns the predicate names and those every table
// has), then `pack_`, a bag of each row's other columns.

import type { Span } from '../../diagnostics.js';
import { KqlError } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { Dynamic, ScalarType, Value } from '../../types.js';
import type { BExpr, Plan } from '../bound.js';
import { toDynamic } from '../values.js';
import type { Binder } from './binder.js';
import { expandLegs } from './combine.js';
import { errors } from './errors.js';
import { rowScope } from './operands.js';
import type { Scope } from './scope.js';
import { searchPredicate } from './search.js';

/** The source-table column's name unless `withsource=` renames it. */
const SOURCE_COLUMN = 'source_';
const PACK_COLUMN = 'pack_';

/** Names a syntax tree refers to, in order of first appearance. */
function namesIn(node: unknown, out: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return out;
  const n = node as { kind?: string; name?: unknown };
  if (n.kind === 'Name' && typeof n.name === 'string' && !out.includes(n.name)) out.push(n.name);
  for (const [k, v] of Object.entries(node)) if (k !== 'span') namesIn(v, out);
  return out;
}

/** A bag of the given columns of a row (nulls left out). */
function packColumns(cols: { index: number; name: string; type: ScalarType }[], span: Span): BExpr {
  return {
    k: 'call',
    type: 'dynamic',
    name: 'pack_',
    fn: (...vals: Value[]) => {
      const bag: Record<string, Dynamic> = {};
      cols.forEach((c, i) => {
        if (vals[i] !== null && vals[i] !== undefined) bag[c.name] = toDynamic(vals[i]!, c.type);
      });
      return bag;
    },
    args: cols.map((c) => ({ k: 'col', type: c.type, index: c.index, name: c.name })),
    handlesNulls: true,
    span,
  };
}

export function bindFind(b: Binder, e: A.Find, scope: Scope): Plan {
  const legExprs = e.tables.length ? e.tables : b.tables.names().sort().map((name): A.Expr => ({ kind: 'Name', name, span: e.span }));
  const legs: { plan: Plan; name: string }[] = [];
  for (const leg of expandLegs(b, legExprs, scope, !e.tables.length)) {
    try {
      const predicate = searchPredicate(b, e.predicate, rowScope(scope, leg.plan));
      legs.push({ name: leg.name, plan: { op: 'where', input: leg.plan, predicate, schema: leg.plan.schema.slice(), span: e.span } });
    } catch (err) {
      // A table without a column the predicate uses is left out.
      if (!(err instanceof KqlError && err.code === 'KQL101')) throw err;
    }
  }
  if (!legs.length) throw errors.invalid('find: no table has the columns its predicate uses', e.span);

  const packAll = e.project.some((p) => p.kind === 'Call' && p.name === 'pack_all');
  const listed = e.project.filter((p) => !(p.kind === 'Call' && p.name === 'pack_all'));
  let wanted: string[];
  if (e.project.length) {
    wanted = listed.map((p) => {
      if (p.kind !== 'Name') throw errors.invalid('find project takes column names (and pack_all())', p.span);
      return p.name;
    });
  } else {
    const common = legs[0]!.plan.schema.map((c) => c.name).filter((n) => legs.every((l) => l.plan.schema.some((c) => c.name === n)));
    const named = namesIn(e.predicate).filter((n) => legs.some((l) => l.plan.schema.some((c) => c.name === n)));
    wanted = [...named, ...common.filter((n) => !named.includes(n))];
  }
  const withPack = !e.project.length || packAll;

  // One output column per (name, type); a name with several types becomes name_type, as in union.
  const columns: { name: string; source: string; type: ScalarType }[] = [];
  for (const name of wanted) {
    const types = [...new Set(legs.flatMap((l) => l.plan.schema.filter((c) => c.name === name).map((c) => c.type)))];
    if (!types.length) types.push('string');
    for (const type of types) columns.push({ name: types.length > 1 ? `${name}_${type}` : name, source: name, type });
  }
  const schema: ColumnInfo[] = [
    { name: e.withsource ?? SOURCE_COLUMN, type: 'string' },
    ...columns.map((c) => ({ name: c.name, type: c.type })),
    ...(withPack ? [{ name: PACK_COLUMN, type: 'dynamic' as ScalarType }] : []),
  ];
  const inputs = legs.map((l): Plan => {
    const cols: BExpr[] = [{ k: 'const', type: 'string', value: l.name }];
    for (const c of columns) {
      const i = l.plan.schema.findIndex((x) => x.name === c.source && x.type === c.type);
      cols.push(i < 0 ? { k: 'const', type: c.type, value: c.type === 'string' ? '' : null } : { k: 'col', type: c.type, index: i, name: c.source });
    }
    if (withPack) {
      const rest = l.plan.schema.flatMap((c, index) => (wanted.includes(c.name) ? [] : [{ index, name: c.name, type: c.type }]));
      cols.push(packColumns(rest, e.span));
    }
    return { op: 'project', input: l.plan, columns: cols, schema, span: e.span };
  });
  return {
    op: 'union',
    inputs,
    sourceNames: legs.map((l) => l.name),
    mappings: inputs.map(() => schema.map((_, i) => i)),
    schema,
    span: e.span,
  };
}
