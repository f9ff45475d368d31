// Binding of operators that combine tables: join (every kind, with Kusto's Key1 naming), lookup and union
// (outer/inner, withsource, wildcard table names, name_type columns on type conflicts).

import type { Span } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { Plan } from '../bound.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { matchesWildcard, NameAllocator } from './naming.js';
import type { Scope } from './scope.js';

function keyIndexes(conds: A.JoinCondition[], left: Plan, right: Plan): { leftKeys: number[]; rightKeys: number[] } {
  const leftKeys: number[] = [];
  const rightKeys: number[] = [];
  const find = (p: Plan, name: string, span: Span, side: string): number => {
    const i = p.schema.findIndex((c) => c.name === name);
    if (i < 0) throw errors.joinKey(name, side, p.schema.map((c) => c.name), span);
    return i;
  };
  for (const c of conds) {
    const l = find(left, c.kind === 'SameName' ? c.name : c.left, c.span, 'left');
    const r = find(right, c.kind === 'SameName' ? c.name : c.right, c.span, 'right');
    const lt = left.schema[l]!.type;
    const rt = right.schema[r]!.type;
    const numeric = (t: string): boolean => t === 'int' || t === 'long';
    // int and long keys match by value; a dynamic key matches a scalar key holding the same value.
    if (lt !== rt && !(numeric(lt) && numeric(rt)) && lt !== 'dynamic' && rt !== 'dynamic') {
      throw errors.typeMismatch(`join keys have different types: ${left.schema[l]!.name} is ${lt}, ${right.schema[r]!.name} is ${rt}`, c.span);
    }
    leftKeys.push(l);
    rightKeys.push(r);
  }
  if (!conds.length) throw errors.invalid('join needs at least one `on` condition', undefined);
  return { leftKeys, rightKeys };
}

/** Left columns, then right columns; a right name already taken gets the next numeric suffix (Key1). */
function joinedSchema(left: readonly ColumnInfo[], right: readonly ColumnInfo[]): ColumnInfo[] {
  const names = new NameAllocator(left.map((c) => c.name));
  return [...left, ...right.map((c) => ({ name: names.unique(c.name), type: c.type }))];
}

/** `join [kind=K] (R) on conds`: key columns matched by name and type; left columns, then right (Key1 on clashes). */
export function bindJoin(b: Binder, op: A.Join, left: Plan, scope: Scope): Plan {
  const right = b.bindTabular(op.right, scope);
  const { leftKeys, rightKeys } = keyIndexes(op.on, left, right);
  const kind = op.joinKind;
  const schema =
    kind === 'leftsemi' || kind === 'leftanti'
      ? left.schema.slice()
      : kind === 'rightsemi' || kind === 'rightanti'
        ? right.schema.slice()
        : joinedSchema(left.schema, right.schema);
  return { op: 'join', kind, left, right, leftKeys, rightKeys, schema, span: op.span };
}

/** lookup: like a join, but the right side's key columns are not repeated. */
export function bindLookup(b: Binder, op: A.Lookup, left: Plan, scope: Scope): Plan {
  const right = b.bindTabular(op.right, scope);
  const { leftKeys, rightKeys } = keyIndexes(op.on, left, right);
  const joined: Plan = {
    op: 'join',
    kind: op.joinKind,
    left,
    right,
    leftKeys,
    rightKeys,
    schema: joinedSchema(left.schema, right.schema),
    span: op.span,
  };
  const keep = joined.schema.map((_, i) => i).filter((i) => i < left.schema.length || !rightKeys.includes(i - left.schema.length));
  const names = new NameAllocator(left.schema.map((c) => c.name));
  const schema = keep.map((i) => (i < left.schema.length ? joined.schema[i]! : { name: names.unique(right.schema[i - left.schema.length]!.name), type: joined.schema[i]!.type }));
  return {
    op: 'project',
    input: joined,
    columns: keep.map((i) => ({ k: 'col', type: joined.schema[i]!.type, index: i, name: joined.schema[i]!.name })),
    schema,
    span: op.span,
  };
}

/** Bind union-style legs, expanding `Device*` wildcard names against the known tables; a leg that does not bind is skipped when fuzzy. */
export function expandLegs(b: Binder, legs: A.Expr[], scope: Scope, fuzzy: boolean, offset = 0): { plan: Plan; name: string }[] {
  const out: { plan: Plan; name: string }[] = [];
  legs.forEach((leg, i) => {
    if (leg.kind === 'Name' && leg.name.includes('*')) {
      for (const n of b.tables.names().filter((t) => matchesWildcard(leg.name, t)).sort()) {
        try {
          out.push({ plan: b.bindTabular({ kind: 'Name', name: n, span: leg.span }, scope), name: n });
        } catch (e) {
          if (!fuzzy) throw e;
        }
      }
      return;
    }
    try {
      out.push({ plan: b.bindTabular(leg, scope), name: leg.kind === 'Name' ? leg.name : `union_arg${offset + i}` });
    } catch (e) {
      if (!fuzzy) throw e;
    }
  });
  return out;
}

/**
 * The output columns of an outer union: one per name, in order of first appearance; a name with several
 * types becomes one column per type (`a_long`, `a_string`), at the position of the name's first appearance.
 */
function outerColumns(schemas: (readonly ColumnInfo[])[]): { columns: ColumnInfo[]; source: { name: string; type: string }[] } {
  const typesByName = new Map<string, ColumnInfo['type'][]>();
  for (const s of schemas) {
    for (const c of s) {
      const ts = typesByName.get(c.name) ?? typesByName.set(c.name, []).get(c.name)!;
      if (!ts.includes(c.type)) ts.push(c.type);
    }
  }
  const columns: ColumnInfo[] = [];
  const source: { name: string; type: string }[] = [];
  for (const [name, types] of typesByName) {
    for (const type of types) {
      columns.push({ name: types.length > 1 ? `${name}_${type}` : name, type });
      source.push({ name, type });
    }
  }
  return { columns, source };
}

/** The name a scanned table is known by (internal keys of tables read as empty carry a prefix). */
function tableName(key: string): string {
  return key.startsWith('\u0000') ? key.slice(key.indexOf(':') + 1) : key;
}

/** union: legs in order (the first ones already bound, e.g. the piped input), with an optional source-name column. */
export function bindUnion(b: Binder, options: A.UnionOptions, first: Plan[], legs: A.Expr[], scope: Scope, span: Span): Plan {
  const inputs = [
    ...first.map((p, i) => ({ plan: p, name: p.op === 'scan' ? tableName(p.table) : `union_arg${i}` })),
    ...expandLegs(b, legs, scope, !!options.isfuzzy, first.length),
  ];
  if (!inputs.length) throw errors.invalid('union has no tables to combine', span);
  let columns: ColumnInfo[];
  let source: { name: string; type: string }[];
  if (options.kind === 'inner') {
    columns = inputs[0]!.plan.schema.filter((c) => inputs.every((i) => i.plan.schema.some((x) => x.name === c.name && x.type === c.type)));
    source = columns.map((c) => ({ name: c.name, type: c.type }));
  } else {
    ({ columns, source } = outerColumns(inputs.map((i) => i.plan.schema)));
  }
  const mappings = inputs.map((i) =>
    source.map((c) => {
      const idx = i.plan.schema.findIndex((x) => x.name === c.name && x.type === c.type);
      return idx < 0 ? null : idx;
    }),
  );
  const schema = options.withsource ? [{ name: options.withsource, type: 'string' as const }, ...columns] : columns;
  return {
    op: 'union',
    inputs: inputs.map((i) => i.plan),
    sourceColumn: options.withsource,
    sourceNames: inputs.map((i) => i.name),
    mappings,
    schema,
    span,
  };
}
