// The reference evaluator: a direct, row-at-a-time interpreter over the parser's AST (the parser is shared;
// evaluation is not). Tables are arrays of plain row objects keyed by column name. Every rule it follows is
// written next to the code with its section in docs/kql-semantics.md, so a disagreement with the engine
// can be settled by reading one function. It is deliberately slow and small: it supports the language the
// property generators produce (test/property/arbitraries.ts) and throws RefUnsupported for anything else.

import type * as A from '../../src/parser/ast.js';
import { parse } from '../../src/parser/index.js';
import type { Dynamic, Value } from '../../src/types.js';
import {
  type RType,
  type TV,
  RefSemanticError,
  RefUnsupported,
  TICKS_0001_TO_1970,
  compareNonNull,
  dynamicKey,
  equalNonNull,
  floorDiv,
  fold,
  isInteger,
  isNumeric,
  kqlAnd,
  kqlArith,
  kqlBetween,
  kqlCompare,
  kqlEquals,
  kqlNot,
  kqlOr,
  nullOf,
  parseIsoDateTime,
  STRING_OPERATORS,
  stringOperator,
  toDynamicValue,
  tv,
  valueKey,
  wrapLong,
} from './values.js';

export interface RefColumn {
  name: string;
  type: RType;
}

export type Row = Record<string, Value>;

/** A table for the reference: its columns and its rows as plain objects. */
export interface RefTable {
  columns: RefColumn[];
  rows: Row[];
}

/** A sort key the rows of a result are ordered by. */
export interface SortSpec {
  column: string;
  desc: boolean;
  nullsFirst: boolean;
}

/** A cell whose value Kusto leaves unspecified: it matches any value in comparisons. */
export const ANY: unique symbol = Symbol('any value');

/** The query depends on an arbitrary choice Kusto leaves open (take on unordered rows, innerunique, ...). */
export class RefNondeterministic extends Error {
  constructor(message: string) {
    super(`reference evaluator: result depends on an arbitrary choice: ${message}`);
    this.name = 'RefNondeterministic';
  }
}

export interface RefResult {
  columns: RefColumn[];
  rows: (Value | typeof ANY)[][];
  /** The rows are in this order (sort/top, kept by where/extend/project); absent when unordered. */
  order?: SortSpec[];
  /** The result is `take n` of these rows (in order when `order` is set): any n of them when unordered. */
  take?: { n: number; from: (Value | typeof ANY)[][] };
  /** The order of the columns is not specified (a union split a name into name_type columns, F6). */
  columnOrderUnspecified?: boolean;
}

// ------------------------------------------------------------------------------------------ relations

/** An intermediate result: columns, rows, and what is known about their order. */
interface Rel {
  columns: RefColumn[];
  rows: Row[];
  order?: SortSpec[];
  take?: { n: number; from: Row[] };
  /** Set once a later operator would read a value chosen arbitrarily. */
  arbitrary?: string;
  columnOrderUnspecified?: boolean;
}

interface Env {
  tables: Record<string, RefTable>;
  lets: Map<string, Rel | TV>;
}

const typeOfColumn = (rel: { columns: RefColumn[] }, name: string): RType | undefined => rel.columns.find((c) => c.name === name)?.type;

/** Run a KQL script over reference tables. The last statement is the result. */
export function evaluate(kql: string, tables: Record<string, RefTable>): RefResult {
  const script = parse(kql);
  const env: Env = { tables, lets: new Map() };
  let result: Rel | undefined;
  for (const st of script.statements) {
    if (st.kind === 'Let') {
      if (st.value.kind === 'FunctionDef') throw new RefUnsupported('user functions');
      env.lets.set(st.name, isTabular(st.value, env) ? evalTabular(st.value, env) : evalScalar(st.value, { columns: [], row: {}, env }));
    } else if (st.kind === 'Query') {
      result = evalTabular(st.expr, env);
    } else throw new RefUnsupported(`statement ${st.kind}`);
  }
  if (!result) throw new RefUnsupported('a script without a query');
  const cells = (r: Row): (Value | typeof ANY)[] => result!.columns.map((c) => r[c.name] as Value | typeof ANY);
  const out: RefResult = { columns: result.columns, rows: result.rows.map(cells) };
  if (result.order) out.order = result.order;
  if (result.take) out.take = { n: result.take.n, from: result.take.from.map(cells) };
  if (result.columnOrderUnspecified) out.columnOrderUnspecified = true;
  return out;
}

function isTabular(e: A.Expr, env: Env): boolean {
  switch (e.kind) {
    case 'Pipeline':
    case 'DataTable':
    case 'UnionSource':
      return true;
    case 'Name':
      return e.name in env.tables || env.lets.get(e.name)?.hasOwnProperty('rows') === true;
    default:
      return false;
  }
}

function evalTabular(e: A.Expr, env: Env): Rel {
  switch (e.kind) {
    case 'Name': {
      const bound = env.lets.get(e.name);
      if (bound && 'rows' in bound) return bound;
      const t = env.tables[e.name];
      if (!t) throw new RefSemanticError(`unknown table ${e.name}`);
      // Rows are copied so that no operator can change the caller's objects.
      return { columns: t.columns.slice(), rows: t.rows.map((r) => ({ ...r })) };
    }
    case 'Pipeline': {
      let rel = evalTabular(e.source, env);
      for (const op of e.ops) rel = applyOperator(op, rel, env);
      return rel;
    }
    case 'DataTable':
      return datatable(e, env);
    case 'UnionSource':
      return union(e.tables.map((t) => evalTabular(t, env)), e.options);
    default:
      throw new RefUnsupported(`tabular expression ${e.kind}`);
  }
}

function datatable(e: A.DataTable, env: Env): Rel {
  const columns = e.columns.map((c) => ({ name: c.name, type: c.type }));
  const rows: Row[] = [];
  for (let i = 0; i < e.values.length; i += columns.length) {
    const row: Row = {};
    columns.forEach((c, j) => {
      const v = evalScalar(e.values[i + j]!, { columns: [], row: {}, env });
      row[c.name] = convertConstant(v, c.type);
    });
    rows.push(row);
  }
  return { columns, rows };
}

/** A datatable constant into its column's type (integers widen to long/real; null stays null). */
function convertConstant(v: TV, t: RType): Value {
  if (v.value === null) return t === 'string' ? '' : null;
  if (v.type === t) return v.value;
  if (isInteger(v.type) && t === 'long') return BigInt(v.value as number | bigint);
  if (isNumeric(v.type) && (t === 'real' || t === 'decimal')) return Number(v.value);
  if (isInteger(v.type) && t === 'int') return Number(v.value);
  if (t === 'dynamic') return toDynamicValue(v);
  throw new RefSemanticError(`datatable value of type ${v.type} in a ${t} column`);
}

// --------------------------------------------------------------------------------------- operators

function applyOperator(op: A.TabularOp, rel: Rel, env: Env): Rel {
  const out = applyOperatorInner(op, rel, env);
  // A column order left open by union stays open until an operator lists the columns again (`*` in
  // arg_max(x, *) or distinct * does not: it takes the input's order).
  const listsColumns =
    op.kind === 'Project' || op.kind === 'Count' || (op.kind === 'Distinct' && !op.star) || (op.kind === 'Summarize' && !op.aggregates.some((a) => a.expr.kind === 'Call' && a.expr.args.some((x) => x.kind === 'Star')));
  if (rel.columnOrderUnspecified && !listsColumns) out.columnOrderUnspecified = true;
  return out;
}

function applyOperatorInner(op: A.TabularOp, rel: Rel, env: Env): Rel {
  // Rows chosen by take depend on ties and on the input order; an operator after it (other than another
  // take) would make the comparison ambiguous, so the generators put take last.
  if (rel.take && op.kind !== 'Take') throw new RefNondeterministic(`${op.kind} after take`);
  switch (op.kind) {
    case 'Where':
      return where(op, rel, env);
    case 'Extend':
      return extend(op, rel, env);
    case 'Project':
      return project(op, rel, env);
    case 'ProjectAway':
      return projectAway(op, rel);
    case 'ProjectKeep':
      return projectKeep(op, rel);
    case 'ProjectRename':
      return projectRename(op, rel);
    case 'Summarize':
      return summarize(op, rel, env);
    case 'Sort':
      return sort(op.keys, rel, env);
    case 'Top':
      return take(constantCount(op.count, env), sort([op.key], rel, env));
    case 'Take':
      return take(constantCount(op.count, env), rel);
    case 'Distinct':
      return distinct(op, rel, env);
    case 'Count':
      return { columns: [{ name: op.as ?? 'Count', type: 'long' }], rows: [{ [op.as ?? 'Count']: BigInt(rel.rows.length) }] };
    case 'Join':
      return join(op, rel, env);
    case 'Union':
      return union([rel, ...op.tables.map((t) => evalTabular(t, env))], op.options);
    case 'MvExpand':
      return mvExpand(op, rel, env);
    default:
      throw new RefUnsupported(`operator ${op.kind}`);
  }
}

/** D4: where keeps a row only when the predicate is true; null counts as false. */
function where(op: A.Where, rel: Rel, env: Env): Rel {
  const rows = rel.rows.filter((row) => {
    const p = evalScalar(op.predicate, { columns: rel.columns, row, env });
    if (p.type !== 'bool') throw new RefSemanticError(`where needs a bool predicate, not ${p.type}`);
    return p.value === true;
  });
  return { ...rel, rows, take: undefined };
}

/** The type an expression has over a relation: its value on a row of nulls (types never depend on values). */
function typeOver(e: A.Expr, columns: RefColumn[], env: Env): RType {
  const nullRow: Row = {};
  for (const c of columns) nullRow[c.name] = nullOf(c.type).value;
  return evalScalar(e, { columns, row: nullRow, env, typing: true }).type;
}

/**
 * Default names of unnamed expressions, as Microsoft's binder computes them (docs/kql-semantics.md,
 * section (i)), probed for each function the generators use: some functions keep their first
 * argument's column name, some prefix it, and every other expression is named ColumnN.
 */
const KEEPS_COLUMN_NAME = new Set(['tostring', 'bin', 'abs']);
const PREFIXES_COLUMN_NAME = new Set(['strlen']);

function defaultName(e: A.Expr): string | undefined {
  if (e.kind === 'Name') return e.name;
  if (e.kind === 'Call' && e.args[0]?.kind === 'Name') {
    if (KEEPS_COLUMN_NAME.has(e.name)) return e.args[0].name;
    if (PREFIXES_COLUMN_NAME.has(e.name) && e.args.length === 1) return `${e.name}_${e.args[0].name}`;
  }
  return undefined;
}

/** The first ColumnN not taken. */
function nextColumnName(taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) if (!taken(`Column${i}`)) return `Column${i}`;
}

/** H3.2: extend adds columns at the end; an existing name is replaced in its position (binder behaviour). */
function extend(op: A.Extend, rel: Rel, env: Env): Rel {
  let columns = rel.columns.slice();
  let rows = rel.rows;
  for (const a of op.columns) {
    if (a.names.length > 1) throw new RefUnsupported('extend (a, b) = ...');
    // An unnamed expression named after a column replaces that column (binder: `extend tostring(x)`).
    const name = a.names[0] ?? defaultName(a.expr) ?? nextColumnName((n) => columns.some((c) => c.name === n));
    const type = typeOver(a.expr, columns, env);
    const current = columns;
    rows = rows.map((row) => ({ ...row, [name!]: evalScalar(a.expr, { columns: current, row, env }).value }));
    const at = columns.findIndex((c) => c.name === name);
    columns = at >= 0 ? columns.map((c, i) => (i === at ? { name: name!, type } : c)) : [...columns, { name, type }];
  }
  return { ...rel, columns, rows, order: keepOrder(rel.order, columns, op.columns) };
}

/** H3.1: project outputs exactly the listed columns, in order. */
function project(op: A.Project, rel: Rel, env: Env): Rel {
  const columns: RefColumn[] = [];
  const exprs: { name: string; expr: A.Expr }[] = [];
  const taken = (n: string): boolean => columns.some((c) => c.name === n);
  // Microsoft's binder: two written names (`a = ...` or a bare column) may not collide; a written name
  // taken by a derived one (`project tostring(x), x`) gets the next suffix like a derived name does.
  const written = new Set<string>();
  for (const a of op.columns) {
    if (a.names.length > 1) throw new RefUnsupported('project (a, b) = ...');
    let name = a.names[0] ?? (a.expr.kind === 'Name' ? a.expr.name : undefined);
    if (name !== undefined && written.has(name)) throw new RefSemanticError(`column ${name} projected twice`);
    if (name !== undefined) {
      name = uniqueName(name, new Set(columns.map((c) => c.name)));
      written.add(name);
    } else {
      // Binder: a derived default name that is taken gets a numeric suffix (x, x1); others are ColumnN.
      const derived = defaultName(a.expr);
      name = derived !== undefined ? uniqueName(derived, new Set(columns.map((c) => c.name))) : nextColumnName(taken);
    }
    columns.push({ name, type: typeOver(a.expr, rel.columns, env) });
    exprs.push({ name, expr: a.expr });
  }
  const rows = rel.rows.map((row) => {
    const out: Row = {};
    for (const x of exprs) out[x.name] = evalScalar(x.expr, { columns: rel.columns, row, env }).value;
    return out;
  });
  return { ...rel, columns, rows, order: keepOrder(rel.order, columns, op.columns) };
}

/** Order survives an operator while every sort column is still there, untouched. */
function keepOrder(order: SortSpec[] | undefined, columns: RefColumn[], assigned: A.Assignment[] = []): SortSpec[] | undefined {
  if (!order) return undefined;
  for (const k of order) {
    if (!columns.some((c) => c.name === k.column)) return undefined;
    const reassigned = assigned.some((a) => {
      const name = a.names[0] ?? defaultName(a.expr);
      return name === k.column && !(a.expr.kind === 'Name' && a.expr.name === k.column);
    });
    if (reassigned) return undefined;
  }
  return order;
}

function globMatch(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const parts = pattern.split('*');
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i === 0) {
      if (!name.startsWith(p)) return false;
      at = p.length;
    } else if (i === parts.length - 1) {
      return name.length - p.length >= at && name.endsWith(p);
    } else {
      const j = name.indexOf(p, at);
      if (j < 0) return false;
      at = j + p.length;
    }
  }
  return true;
}

function keepColumns(rel: Rel, keep: (name: string) => boolean): Rel {
  const columns = rel.columns.filter((c) => keep(c.name));
  const rows = rel.rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, r[c.name]!])) as Row);
  return { ...rel, columns, rows, order: keepOrder(rel.order, columns) };
}

function projectAway(op: A.ProjectAway, rel: Rel): Rel {
  return keepColumns(rel, (n) => !op.patterns.some((p) => globMatch(p.pattern, n)));
}

function projectKeep(op: A.ProjectKeep, rel: Rel): Rel {
  return keepColumns(rel, (n) => op.patterns.some((p) => globMatch(p.pattern, n)));
}

/** H3.3: project-rename keeps each column's position. */
function projectRename(op: A.ProjectRename, rel: Rel): Rel {
  const rename = new Map(op.renames.map((r) => [r.oldName, r.newName]));
  for (const old of rename.keys()) if (!rel.columns.some((c) => c.name === old)) throw new RefSemanticError(`unknown column ${old}`);
  const columns = rel.columns.map((c) => ({ name: rename.get(c.name) ?? c.name, type: c.type }));
  const rows = rel.rows.map((r) => {
    const out: Row = {};
    for (const c of rel.columns) out[rename.get(c.name) ?? c.name] = r[c.name]!;
    return out;
  });
  const order = rel.order?.map((k) => ({ ...k, column: rename.get(k.column) ?? k.column }));
  return { ...rel, columns, rows, order };
}

function constantCount(e: A.Expr, env: Env): number {
  const v = evalScalar(e, { columns: [], row: {}, env });
  if (!isInteger(v.type) || v.value === null) throw new RefSemanticError('take/top needs a constant count');
  return Number(v.value);
}

/** take n: the first n rows of ordered input, or any n rows of unordered input (H3.5). */
function take(n: number, rel: Rel): Rel {
  const from = rel.take ? rel.take.from : rel.rows;
  const count = Math.min(n, rel.rows.length);
  return { ...rel, rows: rel.rows.slice(0, count), take: { n: count, from: rel.order ? rel.rows : from } };
}

/** H3.5: sort defaults to descending; nulls come last for desc and first for asc unless stated. */
function sort(keys: A.SortKey[], rel: Rel, env: Env): Rel {
  const specs = keys.map((k) => {
    const desc = k.order === 'desc';
    return { expr: k.expr, desc, nullsFirst: k.nulls ? k.nulls === 'first' : !desc };
  });
  const keyed = rel.rows.map((row) => ({ row, keys: specs.map((s) => evalScalar(s.expr, { columns: rel.columns, row, env })) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i]!;
      const a = x.keys[i]!;
      const b = y.keys[i]!;
      if (a.value === null || b.value === null) {
        if (a.value === null && b.value === null) continue;
        return (a.value === null) === s.nullsFirst ? -1 : 1;
      }
      const c = compareNonNull(a, b);
      if (c !== 0) return s.desc ? -c : c;
    }
    return 0;
  });
  const order = specs.every((s) => s.expr.kind === 'Name')
    ? specs.map((s) => ({ column: (s.expr as A.NameRef).name, desc: s.desc, nullsFirst: s.nullsFirst }))
    : undefined;
  if (!order) throw new RefUnsupported('sort by an expression (the comparator checks order by column names)');
  return { ...rel, rows: keyed.map((k) => k.row), order, take: undefined };
}

function distinct(op: A.Distinct, rel: Rel, env: Env): Rel {
  const cols = op.star ? rel.columns.map((c) => ({ names: [c.name], expr: { kind: 'Name', name: c.name } as A.Expr })) : op.columns;
  const projected = project({ kind: 'Project', columns: cols as A.Assignment[], span: op.span }, { ...rel, order: undefined }, env);
  const seen = new Set<string>();
  const rows = projected.rows.filter((r) => {
    const k = projected.columns.map((c) => valueKey(tv(c.type, r[c.name]!))).join('\u0001');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { columns: projected.columns, rows };
}

// --------------------------------------------------------------------------------------- summarize

interface AggregateSpec {
  names: string[];
  call: A.Call;
  /** For arg_max/arg_min: the columns read from the winning row (after the maximised one). */
  argColumns?: string[];
}

/** E4: the default output name of an aggregate. */
function aggregateName(call: A.Call): string {
  const arg = call.args[0];
  const col = arg?.kind === 'Name' ? arg.name : '';
  const prefixes: Record<string, string> = {
    count: 'count',
    countif: 'countif',
    dcount: 'dcount',
    dcountif: 'dcountif',
    count_distinct: 'count_distinct',
    sum: 'sum',
    sumif: 'sumif',
    avg: 'avg',
    avgif: 'avgif',
    min: 'min',
    max: 'max',
    minif: 'minif',
    maxif: 'maxif',
    make_set: 'set',
    make_set_if: 'set',
    make_list: 'list',
    make_list_if: 'list',
    variance: 'variance',
    variancep: 'variancep',
    stdev: 'stdev',
    stdevp: 'stdevp',
  };
  const prefix = prefixes[call.name];
  if (!prefix) throw new RefUnsupported(`aggregate ${call.name}`);
  if (call.name === 'countif') return 'countif_';
  return `${prefix}_${col}`;
}

/** E4.1: a taken name gets the next free numeric suffix (count_, count_1; max_x, max_x1). */
function uniqueName(name: string, taken: Set<string>): string {
  let out = name;
  for (let i = 1; taken.has(out); i++) out = `${name}${i}`;
  taken.add(out);
  return out;
}

/**
 * E7: arg_max(E, *) / arg_min(E, *) give E and every other input column except the by keys (or the listed
 * columns), named after the columns themselves.
 */
function argExtremeColumns(call: A.Call, rel: Rel, keyColumns: Set<string>): string[] {
  const first = call.args[0];
  if (first?.kind !== 'Name') throw new RefUnsupported(`${call.name} of an expression`);
  const rest = call.args.slice(1);
  if (rest.length === 1 && rest[0]!.kind === 'Star') return rel.columns.map((c) => c.name).filter((n) => n !== first.name && !keyColumns.has(n));
  return rest.map((a) => {
    if (a.kind !== 'Name') throw new RefUnsupported(`${call.name} with an expression column`);
    return a.name;
  });
}

/** E1-E3: by columns first, then aggregates; one row per distinct key; empty input without by gives one row. */
function summarize(op: A.Summarize, rel: Rel, env: Env): Rel {
  const taken = new Set<string>();
  let column = 1;
  const keys = op.by.map((k) => {
    // E4.2: a column keeps its name, bin(Col, ...) is Col, others follow the binder's default names.
    let name = k.names[0] ?? defaultName(k.expr);
    name ??= `Column${column++}`;
    return { name: uniqueName(name, taken), expr: k.expr, type: typeOver(k.expr, rel.columns, env) };
  });
  const keyColumns = new Set(op.by.flatMap((k) => (k.expr.kind === 'Name' ? [k.expr.name] : [])));
  const aggs: AggregateSpec[] = op.aggregates.map((a) => {
    if (a.expr.kind !== 'Call') throw new RefUnsupported('summarize expressions over aggregates');
    const call = a.expr;
    if (call.name === 'arg_max' || call.name === 'arg_min') {
      const argColumns = argExtremeColumns(call, rel, keyColumns);
      const defaults = [(call.args[0] as A.NameRef).name, ...argColumns];
      const names = defaults.map((d, i) => uniqueName(a.names[i] ?? d, taken));
      return { names, call, argColumns };
    }
    if (a.names.length > 1) throw new RefUnsupported('several names for a one-column aggregate');
    return { names: [uniqueName(a.names[0] ?? aggregateName(call), taken)], call };
  });

  const groups = new Map<string, { keys: TV[]; rows: Row[] }>();
  for (const row of rel.rows) {
    const kv = keys.map((k) => evalScalar(k.expr, { columns: rel.columns, row, env }));
    const id = kv.map(valueKey).join('\u0001');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { keys: kv, rows: [] }));
    g.rows.push(row);
  }
  if (keys.length === 0 && groups.size === 0) groups.set('', { keys: [], rows: [] });

  const aggColumns = aggs.flatMap((a) => {
    const types = a.argColumns ? argExtreme(a, [], rel, env).map((v) => v.type) : [aggregate(a.call, [], rel.columns, env).type];
    return a.names.map((name, i) => ({ name, type: types[i]! }));
  });
  const columns: RefColumn[] = [...keys.map((k) => ({ name: k.name, type: k.type })), ...aggColumns];
  const rows: Row[] = [];
  for (const g of groups.values()) {
    const row: Row = {};
    keys.forEach((k, i) => (row[k.name] = g.keys[i]!.value));
    for (const a of aggs) {
      const values = a.argColumns ? argExtreme(a, g.rows, rel, env).map((v) => v.value) : [aggregate(a.call, g.rows, rel.columns, env).value];
      a.names.forEach((name, i) => (row[name] = values[i]!));
    }
    rows.push(row);
  }
  return { columns, rows };
}

/**
 * E7/D5.6: arg_max/arg_min over a group: rows with a null key are skipped; the other columns come from a
 * row with the extreme key. When several rows tie (or the key is null throughout), which row is used is
 * unspecified: a column whose value differs among the candidate rows is ANY.
 */
function argExtreme(a: AggregateSpec, rows: Row[], rel: Rel, env: Env): TV[] {
  const keyName = (a.call.args[0] as A.NameRef).name;
  const cols = [keyName, ...a.argColumns!].map((n) => {
    const t = typeOfColumn(rel, n);
    if (!t) throw new RefSemanticError(`unknown column ${n}`);
    return { name: n, type: t };
  });
  if (!['long', 'int', 'real', 'datetime', 'timespan'].includes(cols[0]!.type)) throw new RefUnsupported(`${a.call.name} of ${cols[0]!.type}`);
  const key = (r: Row): TV => evalScalar(a.call.args[0]!, { columns: rel.columns, row: r, env });
  const withKey = rows.filter((r) => key(r).value !== null);
  let candidates: Row[];
  if (withKey.length === 0) candidates = rows;
  else {
    let best = key(withKey[0]!);
    for (const r of withKey) {
      const c = compareNonNull(key(r), best);
      if (a.call.name === 'arg_max' ? c > 0 : c < 0) best = key(r);
    }
    candidates = withKey.filter((r) => compareNonNull(key(r), best) === 0);
  }
  return cols.map((c) => {
    if (candidates.length === 0) return nullOf(c.type);
    const first = candidates[0]![c.name]!;
    const cellKey = (v: Value): string => ((v as unknown) === ANY ? '*any*' : valueKey(tv(c.type, v)));
    const same = cellKey(first) !== '*any*' && candidates.every((r) => cellKey(r[c.name]!) === cellKey(first));
    if (withKey.length === 0 && c.name === keyName) return nullOf(c.type);
    return same ? tv(c.type, first) : { type: c.type, value: ANY as unknown as Value };
  });
}


/** D5/E3/E5/E6: one aggregate over a group's rows. */
function aggregate(call: A.Call, rows: Row[], columns: RefColumn[], env: Env): TV {
  const argType = (i: number): RType => typeOver(call.args[i]!, columns, env);
  const arg = (i: number, row: Row): TV => evalScalar(call.args[i]!, { columns, row, env });
  const predicateHolds = (i: number) => (row: Row) => arg(i, row).value === true;
  const name = call.name;
  // The `_if` forms see only the rows whose last argument is true.
  const ifForms: Record<string, string> = { countif: 'count', sumif: 'sum', avgif: 'avg', minif: 'min', maxif: 'max', dcountif: 'dcount', make_set_if: 'make_set', make_list_if: 'make_list' };
  if (name in ifForms && name !== 'countif') {
    const base = { ...call, name: ifForms[name]!, args: call.args.slice(0, -1) };
    return aggregate(base, rows.filter(predicateHolds(call.args.length - 1)), columns, env);
  }
  switch (name) {
    case 'count':
      // D5.3: count() and count(x) both count rows, nulls included.
      return tv('long', BigInt(rows.length));
    case 'countif':
      return tv('long', BigInt(rows.filter(predicateHolds(0)).length));
    case 'dcount':
    case 'count_distinct': {
      // E8: exact for the small cardinalities generated here; nulls are not values (D5.1).
      const seen = new Set<string>();
      for (const r of rows) {
        const v = arg(0, r);
        if (v.value !== null) seen.add(valueKey(v));
      }
      return tv('long', BigInt(seen.size));
    }
    case 'sum': {
      const t = argType(0);
      const values = rows.map((r) => arg(0, r)).filter((v) => v.value !== null);
      if (isInteger(t)) return tv('long', wrapLong(values.reduce((s, v) => s + BigInt(v.value as number | bigint), 0n)));
      if (t === 'timespan') return tv('timespan', values.reduce((s, v) => s + (v.value as bigint), 0n));
      if (t === 'real' || t === 'decimal') return tv('real', values.reduce((s, v) => s + (v.value as number), 0));
      throw new RefSemanticError(`sum of ${t}`);
    }
    case 'avg': {
      const t = argType(0);
      if (!isNumeric(t)) throw new RefUnsupported(`avg of ${t}`);
      const values = rows.map((r) => arg(0, r)).filter((v) => v.value !== null);
      // E3: the average of no values is null.
      if (values.length === 0) return tv('real', null);
      return tv('real', values.reduce((s, v) => s + Number(v.value as number | bigint), 0) / values.length);
    }
    case 'min':
    case 'max': {
      // D5.2: nulls are ignored; a group without values gives null.
      const t = argType(0);
      // `best` starts as a JS null even for strings ("" is a string value, D5.5 [unverified]).
      let best: TV = { type: t, value: null };
      for (const r of rows) {
        const v = arg(0, r);
        if (v.value === null) continue;
        if (best.value === null || (name === 'min' ? compareNonNull(v, best) < 0 : compareNonNull(v, best) > 0)) best = v;
      }
      if (best.value === null) return nullOf(t);
      return best;
    }
    case 'make_set':
    case 'make_list': {
      const t = argType(0);
      const limit = call.args[1] ? constantCount(call.args[1], env) : 1_048_576;
      const out: Dynamic[] = [];
      const seen = new Set<string>();
      const put = (d: Dynamic): void => {
        if (d === null || out.length >= limit) return;
        if (name === 'make_set') {
          const k = dynamicKey(d);
          if (seen.has(k)) return;
          seen.add(k);
        }
        out.push(d);
      };
      for (const r of rows) {
        const v = arg(0, r);
        if (v.value === null) continue;
        // E5: make_set merges the elements of array arguments into the set.
        if (name === 'make_set' && t === 'dynamic' && Array.isArray(v.value)) for (const e of v.value as Dynamic[]) put(e);
        else put(toDynamicValue(v));
      }
      return tv('dynamic', out);
    }
    case 'variance':
    case 'variancep':
    case 'stdev':
    case 'stdevp': {
      // Sample (n - 1) or population (n) variance of the non-null values; fewer than two values give 0.
      const t = argType(0);
      if (!isNumeric(t)) throw new RefSemanticError(`${name} of ${t}`);
      const xs = rows.map((r) => arg(0, r)).filter((v) => v.value !== null).map((v) => Number(v.value as number | bigint));
      const population = name.endsWith('p');
      const n = xs.length;
      if (n === 0 || (!population && n === 1)) return tv('real', 0);
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const v = xs.reduce((acc, x) => acc + (x - mean) * (x - mean), 0) / (population ? n : n - 1);
      return tv('real', name.startsWith('stdev') ? Math.sqrt(v) : v);
    }
    default:
      throw new RefUnsupported(`aggregate ${name}`);
  }
}

// -------------------------------------------------------------------------------------------- join

/** H1.4: right columns keep their names unless taken; then the next free numeric suffix (Key1, Key2). */
function joinColumns(left: RefColumn[], right: RefColumn[]): { columns: RefColumn[]; rightNames: string[] } {
  const taken = new Set(left.map((c) => c.name));
  const rightNames = right.map((c) => uniqueName(c.name, taken));
  return { columns: [...left, ...right.map((c, i) => ({ name: rightNames[i]!, type: c.type }))], rightNames };
}

/** H1: equality joins of every kind; innerunique (the default) keeps one left row per key first. */
function join(op: A.Join, leftRel: Rel, env: Env): Rel {
  const rightRel = evalTabular(op.right, env);
  const pairs = op.on.map((c) => (c.kind === 'SameName' ? { left: c.name, right: c.name } : { left: c.left, right: c.right }));
  for (const p of pairs) {
    const lt = typeOfColumn(leftRel, p.left);
    const rt = typeOfColumn(rightRel, p.right);
    if (!lt || !rt) throw new RefSemanticError(`unknown join key ${p.left} / ${p.right}`);
    if (lt !== rt && !(isInteger(lt) && isInteger(rt))) throw new RefSemanticError(`join keys of types ${lt} and ${rt}`);
  }
  // H1.5 [unverified]: null keys never match.
  const keyOf = (row: Row, side: 'left' | 'right', rel: Rel): string | null => {
    const parts: string[] = [];
    for (const p of pairs) {
      const name = side === 'left' ? p.left : p.right;
      if ((row[name] as unknown) === ANY) throw new RefNondeterministic(`join key ${name} holds an unspecified value`);
      const v = tv(typeOfColumn(rel, name)!, row[name]!);
      if (v.value === null) return null;
      parts.push(valueKey(v));
    }
    return parts.join('\u0001');
  };
  const kind = op.joinKind;
  let leftRows = leftRel.rows;
  let arbitrary: string | undefined;
  if (kind === 'innerunique') {
    // H1.2: one arbitrary left row per key. Which one is unspecified: when rows of one key differ,
    // the left columns of the output are marked as unspecified (ANY).
    const byKey = new Map<string, Row[]>();
    for (const r of leftRows) {
      const k = keyOf(r, 'left', leftRel);
      if (k === null) continue;
      byKey.get(k)?.push(r) ?? byKey.set(k, [r]);
    }
    leftRows = [...byKey.values()].map((rs) => {
      const first = rs[0]!;
      const out: Row = {};
      for (const c of leftRel.columns) {
        const key = (v: Value): string => ((v as unknown) === ANY ? '*any*' : valueKey(tv(c.type, v)));
        const same = key(first[c.name]!) !== '*any*' && rs.every((r) => key(r[c.name]!) === key(first[c.name]!));
        out[c.name] = same ? first[c.name]! : (ANY as unknown as Value);
        if (!same) arbitrary = 'innerunique kept an arbitrary left row';
      }
      return out;
    });
  }
  const rightIndex = new Map<string, Row[]>();
  for (const r of rightRel.rows) {
    const k = keyOf(r, 'right', rightRel);
    if (k !== null) rightIndex.get(k)?.push(r) ?? rightIndex.set(k, [r]);
  }
  const leftKeys = new Set(leftRows.map((r) => keyOf(r, 'left', leftRel)).filter((k): k is string => k !== null));

  if (kind === 'leftsemi' || kind === 'leftanti') {
    const rows = leftRows.filter((r) => {
      const k = keyOf(r, 'left', leftRel);
      const hit = k !== null && rightIndex.has(k);
      return kind === 'leftsemi' ? hit : !hit;
    });
    return { columns: leftRel.columns.slice(), rows };
  }
  if (kind === 'rightsemi' || kind === 'rightanti') {
    const rows = rightRel.rows.filter((r) => {
      const k = keyOf(r, 'right', rightRel);
      const hit = k !== null && leftKeys.has(k);
      return kind === 'rightsemi' ? hit : !hit;
    });
    return { columns: rightRel.columns.slice(), rows };
  }

  const { columns, rightNames } = joinColumns(leftRel.columns, rightRel.columns);
  const combine = (l: Row | null, r: Row | null): Row => {
    const out: Row = {};
    // Columns of a missing side are null (D1: "" for strings).
    for (const c of leftRel.columns) out[c.name] = l ? l[c.name]! : nullOf(c.type).value;
    rightRel.columns.forEach((c, i) => (out[rightNames[i]!] = r ? r[c.name]! : nullOf(c.type).value));
    return out;
  };
  const rows: Row[] = [];
  const matchedRight = new Set<Row>();
  for (const l of leftRows) {
    const k = keyOf(l, 'left', leftRel);
    const matches = k === null ? [] : rightIndex.get(k) ?? [];
    for (const r of matches) {
      rows.push(combine(l, r));
      matchedRight.add(r);
    }
    if (matches.length === 0 && (kind === 'leftouter' || kind === 'fullouter')) rows.push(combine(l, null));
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (const r of rightRel.rows) if (!matchedRight.has(r)) rows.push(combine(null, r));
  }
  if (!['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter'].includes(kind)) throw new RefUnsupported(`join kind ${kind}`);
  return { columns, rows, arbitrary };
}

// ------------------------------------------------------------------------------------------- union

/** F6: union kind=outer keeps a column per (name, type); a name with several types becomes name_type. */
function union(legs: Rel[], options: A.UnionOptions): Rel {
  if (options.withsource || options.isfuzzy) throw new RefUnsupported('union withsource/isfuzzy');
  const columns: RefColumn[] = [];
  const leg = (name: string, type: RType): string => {
    const types = new Set(legs.flatMap((l) => l.columns.filter((c) => c.name === name).map((c) => c.type)));
    return types.size > 1 ? `${name}_${type}` : name;
  };
  if (options.kind === 'inner') {
    for (const c of legs[0]!.columns) if (legs.every((l) => l.columns.some((x) => x.name === c.name && x.type === c.type))) columns.push(c);
  } else {
    for (const l of legs) {
      for (const c of l.columns) {
        const name = leg(c.name, c.type);
        if (!columns.some((x) => x.name === name)) columns.push({ name, type: c.type });
      }
    }
  }
  const rows: Row[] = [];
  for (const l of legs) {
    for (const r of l.rows) {
      const out: Row = {};
      for (const c of columns) {
        const src = l.columns.find((x) => x.type === c.type && (options.kind === 'inner' ? x.name === c.name : leg(x.name, x.type) === c.name));
        out[c.name] = src ? r[src.name]! : nullOf(c.type).value;
      }
      rows.push(out);
    }
  }
  const split = columns.some((c) => !legs.some((l) => l.columns.some((x) => x.name === c.name)));
  return { columns, rows, columnOrderUnspecified: split || legs.some((l) => l.columnOrderUnspecified) };
}

// ---------------------------------------------------------------------------------------- mv-expand

/**
 * mv-expand (Kusto docs, "mv-expand operator", Returns): a null value gives one row (null); an empty
 * array or property bag gives no row; otherwise one row per element. Several columns expand in
 * parallel to the longest, missing values being null. `to typeof(T)` is a cast only: elements that are
 * not of type T become null.
 */
function mvExpand(op: A.MvExpand, rel: Rel, env: Env): Rel {
  let current = rel;
  const targets: { name: string; toType?: RType }[] = [];
  for (const c of op.columns) {
    const name = c.names[0] ?? (c.expr.kind === 'Name' ? c.expr.name : undefined);
    if (!name) throw new RefUnsupported('mv-expand of an unnamed expression');
    if (!(c.expr.kind === 'Name' && c.expr.name === name)) {
      current = extend({ kind: 'Extend', columns: [{ names: [name], expr: c.expr, span: c.span }], span: c.span }, current, env);
    }
    if (typeOfColumn(current, name) !== 'dynamic') throw new RefSemanticError(`mv-expand of a non-dynamic column ${name}`);
    targets.push({ name, toType: c.toType });
  }
  const limit = op.limit ? constantCount(op.limit, env) : Infinity;
  const bagAsArray = op.bagExpansion === 'array';
  const elementsOf = (v: Value): (Dynamic | typeof ANY)[] => {
    if ((v as unknown) === ANY) throw new RefNondeterministic('mv-expand of an unspecified value');
    if (v === null) return [null];
    if (Array.isArray(v)) return v as Dynamic[];
    if (typeof v === 'object' && typeof v !== 'bigint') {
      return Object.entries(v as Record<string, Dynamic>).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
    }
    // [unverified] a scalar dynamic value expands to itself.
    return [v as Dynamic];
  };
  const cast = (d: Dynamic, t: RType | undefined): Value => {
    if (!t || t === 'dynamic') return d;
    if (d === null) return nullOf(t).value;
    switch (t) {
      case 'long':
        if (typeof d === 'bigint') return d;
        if (typeof d === 'number' && Number.isInteger(d)) return BigInt(d);
        return null;
      case 'string':
        return typeof d === 'string' ? d : '';
      case 'bool':
        return typeof d === 'boolean' ? d : null;
      case 'real':
        return typeof d === 'number' ? d : typeof d === 'bigint' ? Number(d) : null;
      default:
        throw new RefUnsupported(`mv-expand to typeof(${t})`);
    }
  };
  const columns = current.columns.map((c) => {
    const t = targets.find((x) => x.name === c.name);
    return t ? { name: c.name, type: t.toType ?? ('dynamic' as RType) } : c;
  });
  if (op.itemIndex) columns.push({ name: op.itemIndex, type: 'long' });
  const rows: Row[] = [];
  for (const row of current.rows) {
    const lists = targets.map((t) => elementsOf(row[t.name]!));
    const count = Math.min(limit, Math.max(...lists.map((l) => l.length)));
    const allNull = targets.every((t) => row[t.name] === null);
    for (let i = 0; i < count; i++) {
      const out: Row = { ...row };
      targets.forEach((t, j) => {
        const item = lists[j]![i];
        out[t.name] = cast(item === undefined ? null : (item as Dynamic), t.toType);
      });
      // [unverified] the item index of the single row of a null value is not documented.
      if (op.itemIndex) out[op.itemIndex] = allNull ? (ANY as unknown as Value) : BigInt(i);
      rows.push(out);
    }
  }
  return { columns, rows };
}

// ------------------------------------------------------------------------------------------ scalars

interface RowContext {
  columns: RefColumn[];
  row: Row;
  env: Env;
  /** Evaluating only to learn the type (over a row of nulls): choices between branches are not made. */
  typing?: boolean;
}

function literal(e: A.Literal): TV {
  if (e.value !== undefined) {
    if (e.value === null) return nullOf(e.type);
    return tv(e.type, e.value);
  }
  const text = (e.text ?? '').trim().replace(/^(["'])(.*)\1$/s, '$2');
  if (text === 'null') return nullOf(e.type);
  switch (e.type) {
    case 'datetime':
      return tv('datetime', parseIsoDateTime(text));
    case 'guid':
      if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) throw new RefSemanticError(`guid literal ${text}`);
      return tv('guid', text.toLowerCase());
    default:
      throw new RefUnsupported(`literal ${e.type}(${text})`);
  }
}

function dynamicLiteral(n: A.DynamicNode): Dynamic {
  switch (n.kind) {
    case 'DynArray':
      return n.items.map(dynamicLiteral);
    case 'DynObject':
      return Object.fromEntries(n.entries.map(([k, v]) => [k, dynamicLiteral(v)]));
    default:
      return toDynamicValue(literal(n));
  }
}

export function evalScalar(e: A.Expr, ctx: RowContext): TV {
  switch (e.kind) {
    case 'Literal':
      return literal(e);
    case 'DynamicLiteral':
      return tv('dynamic', dynamicLiteral(e.node));
    case 'Name': {
      const col = ctx.columns.find((c) => c.name === e.name);
      if (col) {
        const v = ctx.row[e.name];
        if ((v as unknown) === ANY) throw new RefNondeterministic(`column ${e.name} holds an unspecified value`);
        return tv(col.type, v ?? null);
      }
      const bound = ctx.env.lets.get(e.name);
      if (bound && !('rows' in bound)) return bound;
      throw new RefSemanticError(`unknown name ${e.name}`);
    }
    case 'Unary': {
      const x = evalScalar(e.operand, ctx);
      if (e.op === '+') return x;
      if (x.value === null) return x;
      if (x.type === 'long' || x.type === 'timespan') return tv(x.type, wrapLong(-(x.value as bigint)));
      if (x.type === 'int' || x.type === 'real' || x.type === 'decimal') return tv(x.type, -(x.value as number));
      throw new RefSemanticError(`unary minus on ${x.type}`);
    }
    case 'Binary':
      return binary(e, ctx);
    case 'Between': {
      const x = evalScalar(e.expr, ctx);
      return kqlBetween(x, evalScalar(e.low, ctx), evalScalar(e.high, ctx), e.negated);
    }
    case 'SetTest':
      return setTest(e, ctx);
    case 'Call':
      return call(e, ctx);
    default:
      throw new RefUnsupported(`expression ${e.kind}`);
  }
}

function binary(e: A.Binary, ctx: RowContext): TV {
  const a = evalScalar(e.left, ctx);
  const b = evalScalar(e.right, ctx);
  switch (e.op) {
    case 'and':
    case 'or':
      if (a.type !== 'bool' || b.type !== 'bool') throw new RefSemanticError(`${e.op} needs bool operands`);
      return e.op === 'and' ? kqlAnd(a, b) : kqlOr(a, b);
    case '==':
    case '!=':
    case '<>':
      return kqlEquals(a, b, e.op !== '==');
    case '<':
    case '<=':
    case '>':
    case '>=':
      return kqlCompare(e.op, a, b);
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return kqlArith(e.op, a, b);
    default:
      return stringOperator(e.op, a, b);
  }
}

/** A4.2 and D3: `in` is an OR of == tests, `!in` an AND of != tests; `~` forms ignore case. */
function setTest(e: A.SetTest, ctx: RowContext): TV {
  const left = evalScalar(e.left, ctx);
  const members: TV[] = [];
  for (const item of e.items) {
    const v = evalScalar(item, ctx);
    // A dynamic array item contributes its elements.
    if (v.type === 'dynamic' && Array.isArray(v.value)) {
      for (const d of v.value as Dynamic[]) members.push(fromDynamicScalar(d));
    } else members.push(v);
  }
  if (e.op === 'has_any' || e.op === 'has_all' || e.op === 'has_any_cs' || e.op === 'has_all_cs') {
    // A2: has_any is true when `has` holds for some needle; has_all when it holds for every needle.
    const test = STRING_OPERATORS[e.op.endsWith('_cs') ? 'has_cs' : 'has']!;
    if (left.type !== 'string') throw new RefUnsupported(`${e.op} on ${left.type}`);
    const needles = members.filter((m) => m.value !== null).map((m) => String(m.value));
    const hits = needles.map((n) => test(left.value as string, n));
    return tv('bool', e.op.startsWith('has_all') ? hits.every(Boolean) : hits.some(Boolean));
  }
  const caseless = e.op.endsWith('~');
  const negated = e.op.startsWith('!');
  const eq = (m: TV): TV => {
    if (caseless) {
      if (left.type !== 'string' || m.type !== 'string') throw new RefUnsupported(`${e.op} on ${left.type}`);
      return tv('bool', fold(left.value as string) === fold(m.value as string));
    }
    return kqlEquals(left, m, false);
  };
  const tests = members.map(eq);
  if (!negated) return tests.reduce((acc, t) => kqlOr(acc, t), tv('bool', false));
  return tests.reduce((acc, t) => kqlAnd(acc, kqlNot(t)), tv('bool', true));
}

function fromDynamicScalar(d: Dynamic): TV {
  if (d === null) return tv('dynamic', null);
  if (typeof d === 'string') return tv('string', d);
  if (typeof d === 'bigint') return tv('long', d);
  if (typeof d === 'number') return Number.isInteger(d) ? tv('long', BigInt(d)) : tv('real', d);
  if (typeof d === 'boolean') return tv('bool', d);
  throw new RefUnsupported('nested dynamic values in a set');
}

function call(e: A.Call, ctx: RowContext): TV {
  const args = () => e.args.map((a) => evalScalar(a, ctx));
  const one = (): TV => {
    if (e.args.length !== 1) throw new RefSemanticError(`${e.name}() takes one argument`);
    return evalScalar(e.args[0]!, ctx);
  };
  switch (e.name) {
    case 'not':
      return kqlNot(one());
    case 'isnull':
      return tv('bool', one().value === null);
    case 'isnotnull':
      return tv('bool', one().value !== null);
    case 'isempty':
    case 'isnotempty': {
      // D1: empty means null or "".
      const v = one();
      const empty = v.value === null || v.value === '';
      return tv('bool', e.name === 'isempty' ? empty : !empty);
    }
    case 'strlen': {
      // strlen counts Unicode code points (Kusto docs, "strlen()").
      const v = one();
      if (v.type !== 'string') throw new RefSemanticError('strlen needs a string');
      return tv('long', BigInt(Array.from(v.value as string).length));
    }
    case 'tolower':
    case 'toupper': {
      const v = one();
      if (v.type !== 'string') throw new RefSemanticError(`${e.name} needs a string`);
      return tv('string', e.name === 'tolower' ? (v.value as string).toLowerCase() : (v.value as string).toUpperCase());
    }
    case 'tostring': {
      const v = one();
      return tv('string', textOf(v));
    }
    case 'strcat':
      return tv('string', args().map(textOf).join(''));
    case 'iff':
    case 'iif': {
      const [c, a, b] = args() as [TV, TV, TV];
      if (a.type !== b.type && !(isNumeric(a.type) && isNumeric(b.type))) throw new RefSemanticError('iff branches of different types');
      const type: RType = a.type === b.type ? a.type : a.type === 'real' || b.type === 'real' ? 'real' : 'long';
      const pick = c.value === true ? a : b;
      return retype(pick, type);
    }
    case 'bin':
      return bin(...(args() as [TV, TV]));
    case 'coalesce': {
      // Kusto docs, "coalesce()": the first argument that is not null (not empty for strings).
      const vs = args();
      const type = vs[0]!.type;
      if (vs.some((v) => v.type !== type)) throw new RefSemanticError('coalesce arguments of different types');
      return vs.find((v) => v.value !== null && v.value !== '') ?? nullOf(type);
    }
    case 'case': {
      // Kusto docs, "case()": the value of the first true predicate, else the last argument.
      const vs = args();
      if (vs.length % 2 === 0) throw new RefSemanticError('case() needs an odd number of arguments');
      const values = vs.filter((_, i) => i % 2 === 1 || i === vs.length - 1);
      const type = values[0]!.type;
      if (values.some((v) => v.type !== type)) throw new RefUnsupported('case() branches of different types');
      for (let i = 0; i + 1 < vs.length; i += 2) if (vs[i]!.value === true) return vs[i + 1]!;
      return vs[vs.length - 1]!;
    }
    case 'abs': {
      const v = one();
      if (v.value === null) return v;
      if (v.type === 'long') return tv('long', wrapLong((v.value as bigint) < 0n ? -(v.value as bigint) : (v.value as bigint)));
      if (v.type === 'int' || v.type === 'real') return tv(v.type, Math.abs(v.value as number));
      throw new RefUnsupported(`abs of ${v.type}`);
    }
    default:
      throw new RefUnsupported(`function ${e.name}()`);
  }
}

function retype(v: TV, type: RType): TV {
  if (v.type === type || v.value === null) return { type, value: v.value };
  if (type === 'real') return tv('real', Number(v.value as number | bigint));
  if (type === 'long') return tv('long', BigInt(v.value as number | bigint));
  throw new RefUnsupported(`retype ${v.type} to ${type}`);
}

/** tostring() of the types the generators use: integers in decimal, bools as true/false, strings as is. */
function textOf(v: TV): string {
  if (v.value === null) return '';
  switch (v.type) {
    case 'string':
    case 'guid':
      return v.value as string;
    case 'int':
    case 'long':
      return String(v.value);
    case 'bool':
      return v.value ? 'true' : 'false';
    default:
      throw new RefUnsupported(`tostring of ${v.type} (its text form is not checked independently)`);
  }
}

/** E9: bin(value, size) = floor(value / size) * size; datetimes align to multiples since 0001-01-01. */
function bin(v: TV, size: TV): TV {
  if (v.type === 'datetime' && size.type === 'timespan') {
    if (v.value === null || size.value === null) return nullOf('datetime');
    const s = size.value as bigint;
    if (s <= 0n) throw new RefUnsupported('bin with a non-positive size');
    const since0001 = (v.value as bigint) + TICKS_0001_TO_1970;
    return tv('datetime', floorDiv(since0001, s) * s - TICKS_0001_TO_1970);
  }
  if (v.type === 'timespan' && size.type === 'timespan') {
    if (v.value === null || size.value === null) return nullOf('timespan');
    const s = size.value as bigint;
    return tv('timespan', floorDiv(v.value as bigint, s) * s);
  }
  if (isNumeric(v.type) && isNumeric(size.type)) {
    // E9 [report]: the result type follows the operands (bin(10, 1.5) is real).
    const real = v.type === 'real' || size.type === 'real';
    if (v.value === null || size.value === null) return nullOf(real ? 'real' : 'long');
    if (real) {
      const s = Number(size.value);
      if (s <= 0) throw new RefUnsupported('bin with a non-positive size');
      return tv('real', Math.floor(Number(v.value) / s) * s);
    }
    const s = BigInt(size.value as number | bigint);
    if (s <= 0n) throw new RefUnsupported('bin with a non-positive size');
    // [unverified] near the long range's ends the multiple may overflow; like other long arithmetic it wraps.
    return tv('long', wrapLong(floorDiv(BigInt(v.value as number | bigint), s) * s));
  }
  throw new RefSemanticError(`bin of ${v.type} by ${size.type}`);
}

export { equalNonNull };
