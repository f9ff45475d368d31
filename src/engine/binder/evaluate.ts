// Binding of `evaluate` plugins: bag_unpack (one column per property-bag slot) and pivot (one column per
// distinct value of the pivot column). Their columns come from the data when the input is reachable at
// bind time, otherwise from the names later operators use (see data-schema.ts). Other plugins are KQL110.

import type * as A from '../../parser/ast.js';
import type { ColumnInfo, Table } from '../../tables/table.js';
import type { Dynamic, ScalarType } from '../../types.js';
import type { BagUnpackColumn, BExpr, Plan } from '../bound.js';
import { toText } from '../values.js';
import type { Binder } from './binder.js';
import { demandedColumns, rowsAtBindTime } from './data-schema.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { NameAllocator } from './naming.js';
import { colRef, constValue, rowScope, type Handler } from './operands.js';
import { coerce } from '../functions/registry.js';
import type { Scope } from './scope.js';
import { bindAggregateCall, isAggregateCall } from './summarize.js';

/** Positional and named arguments of a plugin call. */
function pluginArgs(call: A.Call): { positional: A.Expr[]; named: Map<string, A.Expr> } {
  const positional: A.Expr[] = [];
  const named = new Map<string, A.Expr>();
  call.args.forEach((a, i) => {
    const n = call.argNames?.[i];
    if (n) named.set(n.toLowerCase(), a);
    else positional.push(a);
  });
  return { positional, named };
}

/** The scalar type of a bag slot's values: their common kind, or dynamic when they differ. */
function slotType(values: Dynamic[]): ScalarType {
  let t: ScalarType | undefined;
  for (const v of values) {
    if (v === null) continue;
    const k: ScalarType =
      typeof v === 'string' ? 'string'
      : typeof v === 'boolean' ? 'bool'
      : typeof v === 'bigint' ? 'long'
      : typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'real')
      : 'dynamic';
    t = t === undefined || t === k ? k : (t === 'long' && k === 'real') || (t === 'real' && k === 'long') ? 'real' : 'dynamic';
  }
  return t ?? 'dynamic';
}

function bagUnpack(b: Binder, op: A.Evaluate, input: Plan, scope: Scope, later: readonly A.TabularOp[]): Plan {
  const { positional, named } = pluginArgs(op.call);
  const colArg = positional[0];
  if (!colArg) throw errors.argCount('bag_unpack', 1, 4, 0, op.call.span);
  const col = bindExpr(b, colArg, rowScope(scope, input));
  if (col.k !== 'col') throw errors.invalid('bag_unpack() takes a column of the input', colArg.span);
  if (col.type !== 'dynamic') throw errors.typeMismatch(`bag_unpack() needs a dynamic column, but '${col.name}' is ${col.type}`, colArg.span);
  const text = (e: A.Expr | undefined, what: string): string | undefined => {
    if (!e) return undefined;
    const v = constValue(b, e, scope, what).value;
    return typeof v === 'string' ? v : undefined;
  };
  const prefix = text(named.get('outputcolumnprefix') ?? positional[1], 'bag_unpack prefix') ?? '';
  const conflict = text(named.get('columnsconflict') ?? positional[2], 'bag_unpack columnsConflict') ?? 'error';
  if (!['error', 'replace_source', 'keep_source'].includes(conflict)) {
    throw errors.invalid(`bag_unpack columnsConflict must be 'error', 'replace_source' or 'keep_source', not '${conflict}'`, op.call.span);
  }
  const ignoredArg = named.get('ignoredproperties') ?? positional[3];
  const ignoredValue = ignoredArg ? constValue(b, ignoredArg, scope, 'bag_unpack ignoredProperties').value : null;
  const ignored = new Set(Array.isArray(ignoredValue) ? ignoredValue.map(String) : []);

  const kept = input.schema.map((_, i) => i).filter((i) => i !== col.index);
  if (op.schema) {
    // An output schema: exactly the declared columns, from the input where it has them, else from the bag.
    const columns: BagUnpackColumn[] = op.schema.map((d) => {
      const i = kept.find((k) => input.schema[k]!.name === d.name);
      return i !== undefined ? { input: i, type: d.type } : { slot: d.name.startsWith(prefix) ? d.name.slice(prefix.length) : d.name, type: d.type };
    });
    return { op: 'bagunpack', input, column: col.index, columns, schema: op.schema.map((d) => ({ name: d.name, type: d.type })), span: op.span };
  }
  const rows = rowsAtBindTime(b, input);
  let slots: { key: string; type: ScalarType }[];
  if (rows) {
    const byKey = new Map<string, Dynamic[]>();
    const column = rows.columns[col.index]!;
    for (let r = 0; r < rows.length; r++) {
      const bag = column.get(r);
      if (bag === null || typeof bag !== 'object' || Array.isArray(bag)) continue;
      for (const [k, v] of Object.entries(bag as Record<string, Dynamic>)) {
        if (ignored.has(k)) continue;
        (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(v);
      }
    }
    slots = [...byKey.keys()].sort().map((key) => ({ key, type: slotType(byKey.get(key)!) }));
  } else {
    slots = demandedColumns(b, later, kept.map((i) => input.schema[i]!), scope)
      .filter((n) => n.startsWith(prefix) && !ignored.has(n.slice(prefix.length)))
      .map((n) => ({ key: n.slice(prefix.length), type: 'dynamic' as ScalarType }));
  }
  let keep = kept;
  const taken = new Set(keep.map((i) => input.schema[i]!.name));
  const clashes = slots.filter((s) => taken.has(prefix + s.key));
  if (clashes.length && conflict === 'error') {
    throw errors.invalid(`bag_unpack: slot '${prefix + clashes[0]!.key}' has the name of an existing column (use columnsConflict='replace_source' or 'keep_source')`, op.call.span);
  }
  if (conflict === 'replace_source') keep = keep.filter((i) => !slots.some((s) => prefix + s.key === input.schema[i]!.name));
  if (conflict === 'keep_source') slots = slots.filter((s) => !taken.has(prefix + s.key));
  const columns: BagUnpackColumn[] = [...keep.map((i) => ({ input: i, type: input.schema[i]!.type })), ...slots.map((s) => ({ slot: s.key, type: s.type }))];
  const schema: ColumnInfo[] = [...keep.map((i) => input.schema[i]!), ...slots.map((s) => ({ name: prefix + s.key, type: s.type }))];
  return { op: 'bagunpack', input, column: col.index, columns, schema, span: op.span };
}

/** The distinct values of column `index`, as text, in order of first appearance: the pivot columns. */
function pivotValues(rows: Table, index: number, type: ScalarType): string[] {
  const out = new Set<string>();
  for (let r = 0; r < rows.length; r++) out.add(toText(rows.columns[index]!.get(r), type));
  return [...out];
}

function pivot(b: Binder, op: A.Evaluate, input: Plan, scope: Scope, later: readonly A.TabularOp[]): Plan {
  const rs = rowScope(scope, input);
  const [pivotArg, ...rest] = op.call.args;
  if (!pivotArg) throw errors.argCount('pivot', 1, 64, 0, op.call.span);
  const pivotExpr = bindExpr(b, pivotArg, rs);
  const aggArg = rest[0] && isAggregateCall(rest[0], rs) ? rest[0] : undefined;
  const keyArgs = aggArg ? rest.slice(1) : rest;
  const used = new Set<number>(pivotExpr.k === 'col' ? [pivotExpr.index] : []);
  const call: A.Call = aggArg ?? { kind: 'Call', name: 'count', nameSpan: op.call.span, args: [], span: op.call.span };
  const aggregate = bindAggregateCall(b, call, rs, new Set(), new NameAllocator(), null);
  if (aggregate.types.length !== 1) throw errors.invalid('pivot needs an aggregate with one result', call.span);
  for (const a of aggregate.args) if (a.k === 'col') used.add(a.index);
  const column = (i: number): BExpr => ({ k: 'col', type: input.schema[i]!.type, index: i, name: input.schema[i]!.name });
  const declared = op.schema;
  const keys: BExpr[] = declared
    ? declared.flatMap((d) => {
        const i = input.schema.findIndex((c) => c.name === d.name);
        return i >= 0 && !used.has(i) ? [column(i)] : [];
      })
    : keyArgs.length
      ? keyArgs.map((k) => bindExpr(b, k, rs))
      : input.schema.map((_, i) => i).filter((i) => !used.has(i)).map(column);
  const keyNames = keys.map((k, i) => (k.k === 'col' ? k.name : `Column${i + 1}`));
  const rows = declared ? undefined : rowsAtBindTime(b, input);
  let values: string[];
  if (declared) {
    // An output schema: its columns that are not keys are the pivot values.
    values = declared.filter((d) => !keyNames.includes(d.name)).map((d) => d.name);
  } else if (rows) {
    if (pivotExpr.k !== 'col') throw errors.invalid('pivot() takes a column of the input to rotate', pivotArg.span);
    values = pivotValues(rows, pivotExpr.index, pivotExpr.type);
  } else {
    values = demandedColumns(b, later, keyNames.map((name) => ({ name, type: 'string' })), scope);
  }
  const names = new NameAllocator(keyNames);
  const schema: ColumnInfo[] = [
    ...keys.map((k, i) => ({ name: keyNames[i]!, type: k.type })),
    ...values.map((v) => ({ name: names.unique(v), type: aggregate.types[0]! })),
  ];
  const plan: Plan = { op: 'pivot', input, pivot: pivotExpr, keys, aggregate, values, schema, span: op.span };
  if (!declared) return plan;
  // The declared order and types.
  const columns = declared.map((d) => coerce(colRef(schema, schema.findIndex((c) => c.name === d.name)), d.type));
  return { op: 'project', input: plan, columns, schema: declared.map((d) => ({ name: d.name, type: d.type })), span: op.span };
}

/** `evaluate plugin(...)`: bag_unpack and pivot; other plugins are KQL110. */
export const evaluate: Handler<'Evaluate'> = (b, op, input, scope) => {
  // The operators after this one (read before binding arguments, which may bind nested pipelines).
  const later = b.pending;
  switch (op.call.name) {
    case 'bag_unpack':
      return bagUnpack(b, op, input, scope, later);
    case 'pivot':
      return pivot(b, op, input, scope, later);
    default:
      throw errors.unsupported(`evaluate ${op.call.name}()`, op.call.span);
  }
};
