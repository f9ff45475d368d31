// Running a query on the engine and on the reference, and comparing the two results: as multisets of rows,
// in order where the query orders, with `take` allowed to pick any rows among ties, and reals compared to
// 12 significant digits (summation order is not specified).

import fc from 'fast-check';
import { runQuery } from '../../src/api.js';
import { KqlError } from '../../src/diagnostics.js';
import type { QueryResult } from '../../src/result.js';
import { Table } from '../../src/tables/table.js';
import type { Dynamic, ScalarType, Value } from '../../src/types.js';
import { ANY, evaluate, RefNondeterministic, type RefResult, type RefTable, type SortSpec } from '../reference/evaluator.js';
import { RefSemanticError } from '../reference/values.js';

export const NOW = '2024-06-30T12:00:00Z';

/** The engine's input: a kqlite Table built from reference rows. */
export function toEngineTable(t: RefTable): Table {
  return Table.fromRows(
    t.columns.map((c) => ({ name: c.name, type: c.type })),
    t.rows.map((r) => t.columns.map((c) => r[c.name] ?? null)),
  );
}

export function runEngine(kql: string, tables: Record<string, RefTable>): QueryResult {
  const engineTables: Record<string, Table> = {};
  for (const [k, v] of Object.entries(tables)) engineTables[k] = toEngineTable(v);
  return runQuery(kql, { tables: engineTables, now: NOW });
}

// ---------------------------------------------------------------------------------------- canonical form

function canonicalReal(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Inf' : '-Inf';
  if (n === 0) return '0';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 53) return String(n);
  return n.toPrecision(12);
}

function canonicalDynamic(d: Dynamic, top: boolean): string {
  if (d === null || d === undefined) return 'null';
  if (typeof d === 'bigint') return d.toString();
  if (typeof d === 'number') return Number.isInteger(d) && Math.abs(d) < 2 ** 64 ? BigInt(d).toString() : canonicalReal(d);
  if (typeof d === 'string') return JSON.stringify(d);
  if (typeof d === 'boolean') return String(d);
  if (Array.isArray(d)) {
    const items = d.map((x) => canonicalDynamic(x, false));
    // Arrays in result cells come from make_set/make_list, whose element order is unspecified (E5, E6).
    if (top) items.sort();
    return '[' + items.join(',') + ']';
  }
  return '{' + Object.keys(d).sort().map((k) => JSON.stringify(k) + ':' + canonicalDynamic((d as Record<string, Dynamic>)[k]!, false)).join(',') + '}';
}

/** A text that is equal for two cells exactly when they should count as the same value. */
export function canonical(v: Value | typeof ANY, type: ScalarType): string {
  if (v === ANY) return '*';
  if (v === null || v === undefined) return 'null';
  switch (type) {
    case 'real':
    case 'decimal':
      return canonicalReal(v as number);
    case 'dynamic':
      return canonicalDynamic(v as Dynamic, true);
    case 'int':
    case 'long':
    case 'datetime':
    case 'timespan':
      return String(v);
    case 'bool':
      return String(v);
    default:
      return JSON.stringify(v);
  }
}

type Cells = (Value | typeof ANY)[];

function rowText(row: Cells, types: ScalarType[]): string[] {
  return row.map((v, i) => canonical(v, types[i]!));
}

const cellMatch = (a: string, b: string): boolean => a === b || a === '*' || b === '*';
const rowMatch = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => cellMatch(x, b[i]!));

/**
 * Whether `sub` is a sub-multiset of `of` (equal when `exact`). Rows holding unspecified cells (`*`)
 * match any row; exact rows are matched first so that wildcards do not steal them.
 */
function multisetIncluded(sub: string[][], of: string[][], exact: boolean): string | null {
  if (exact && sub.length !== of.length) return `row counts differ: engine ${sub.length}, reference ${of.length}`;
  const pool = new Map<string, number>();
  const wild: string[][] = [];
  for (const r of of) {
    if (r.includes('*')) wild.push(r);
    else pool.set(JSON.stringify(r), (pool.get(JSON.stringify(r)) ?? 0) + 1);
  }
  const unmatched: string[][] = [];
  for (const r of sub) {
    const k = JSON.stringify(r);
    const n = pool.get(k) ?? 0;
    if (n > 0) pool.set(k, n - 1);
    else unmatched.push(r);
  }
  for (const r of unmatched) {
    const i = wild.findIndex((w) => rowMatch(r, w));
    if (i < 0) return `engine row ${JSON.stringify(r)} is not in the reference result`;
    wild.splice(i, 1);
  }
  return null;
}

function isSorted(rows: string[][], raw: Cells[], order: SortSpec[], names: string[], types: ScalarType[]): string | null {
  const idx = order.map((k) => names.indexOf(k.column));
  if (idx.some((i) => i < 0)) return `sort column missing from the result`;
  const cmp = (a: Value, b: Value, t: ScalarType): number => {
    if (t === 'real' || t === 'int' || t === 'decimal') return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    if (t === 'bool') return Number(a) - Number(b);
    return (a as bigint | string) < (b as bigint | string) ? -1 : (a as bigint | string) > (b as bigint | string) ? 1 : 0;
  };
  for (let r = 1; r < raw.length; r++) {
    for (let k = 0; k < order.length; k++) {
      const spec = order[k]!;
      const i = idx[k]!;
      const a = raw[r - 1]![i] as Value;
      const b = raw[r]![i] as Value;
      if (rows[r - 1]![i] === rows[r]![i]) continue;
      let c: number;
      if (a === null || b === null) c = (a === null) === spec.nullsFirst ? -1 : 1;
      else c = spec.desc ? -cmp(a, b, types[i]!) : cmp(a, b, types[i]!);
      if (c > 0) return `rows ${r - 1} and ${r} are out of order on ${spec.column}`;
      break;
    }
  }
  return null;
}

/** The engine's result with its columns in the given order (when names match as sets). */
function reorderColumns(r: QueryResult, names: string[]): QueryResult {
  const idx = names.map((n) => r.columns.findIndex((c) => c.name === n));
  if (idx.some((i) => i < 0) || names.length !== r.columns.length) return r;
  return { columns: idx.map((i) => r.columns[i]!), rows: r.rows.map((row) => idx.map((i) => row[i]!)) };
}

/** null when the engine's result agrees with the reference's, else a description of the first difference. */
export function compareResults(engine: QueryResult, ref: RefResult): string | null {
  if (ref.columnOrderUnspecified) engine = reorderColumns(engine, ref.columns.map((c) => c.name));
  const en = engine.columns.map((c) => `${c.name}:${c.type}`);
  const rn = ref.columns.map((c) => `${c.name}:${c.type}`);
  if (JSON.stringify(en) !== JSON.stringify(rn)) return `columns differ: engine [${en.join(', ')}], reference [${rn.join(', ')}]`;
  const types = ref.columns.map((c) => c.type);
  const names = ref.columns.map((c) => c.name);
  const e = engine.rows.map((r) => rowText(r, types));
  const r = ref.rows.map((x) => rowText(x, types));
  if (ref.take) {
    if (e.length !== ref.take.n) return `take: engine returned ${e.length} rows, expected ${ref.take.n}`;
    const pool = ref.take.from.map((x) => rowText(x, types));
    const inc = multisetIncluded(e, pool, false);
    if (inc) return `take: ${inc}`;
    if (ref.order) {
      const sorted = isSorted(e, engine.rows, ref.order, names, types);
      if (sorted) return sorted;
      // The sort keys of the rows taken are determined even when ties make the rows themselves arbitrary.
      const keyIdx = ref.order.map((k) => names.indexOf(k.column));
      const keys = (rows: string[][]) => rows.map((row) => keyIdx.map((i) => row[i]!));
      const k = multisetIncluded(keys(e), keys(r), true);
      if (k) return `take after sort: sort keys differ: ${k}`;
    }
    return null;
  }
  const m = multisetIncluded(e, r, true);
  if (m) return m;
  if (ref.order) return isSorted(e, engine.rows, ref.order, names, types);
  return null;
}

// ------------------------------------------------------------------------------------------ the check

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x === ANY ? '<any>' : x));
}

export function describeTables(tables: Record<string, RefTable>): string {
  return Object.entries(tables)
    .map(([n, t]) => `${n} (${t.columns.map((c) => `${c.name}:${c.type}`).join(', ')}):\n${t.rows.map((r) => '  ' + show(t.columns.map((c) => r[c.name]))).join('\n')}`)
    .join('\n');
}

/**
 * The differential check: the engine and the reference agree on `kql` over `tables`. Both rejecting the
 * query is agreement; a query whose result depends on an arbitrary choice is skipped (fc.pre).
 */
export function checkAgainstReference(kql: string, tables: Record<string, RefTable>): void {
  let ref: RefResult | undefined;
  let refError: Error | undefined;
  try {
    ref = evaluate(kql, tables);
  } catch (e) {
    if (e instanceof RefNondeterministic) {
      fc.pre(false);
    }
    if (!(e instanceof RefSemanticError)) throw e;
    refError = e;
  }
  let engine: QueryResult | undefined;
  let engineError: Error | undefined;
  try {
    engine = runEngine(kql, tables);
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    engineError = e;
  }
  if (refError && engineError) return;
  if (refError) throw new Error(`the reference rejects the query (${refError.message}) but the engine runs it:\n${kql}`);
  if (engineError) throw new Error(`the engine rejects the query: ${engineError.message}\n${kql}\n${describeTables(tables)}`);
  const diff = compareResults(engine!, ref!);
  if (diff) {
    throw new Error(`${diff}\nquery: ${kql}\n${describeTables(tables)}\nengine rows: ${show(engine!.rows)}\nreference rows: ${show(ref!.rows)}`);
  }
}
