// Query results as plain data: column names and types, rows of values, and their JSON form (exact longs,
// ISO-8601 datetimes with 100-ns digits, Kusto-style timespans, NaN/Infinity as strings).

import { formatDateTime, formatTimespan } from './tables/datetime.js';
import type { Table } from './tables/table.js';
import type { Dynamic, ScalarType, Value } from './types.js';
import { dynamicToJson } from './engine/values.js';

export interface ResultColumn {
  name: string;
  type: ScalarType;
}

export interface QueryResult {
  columns: ResultColumn[];
  /** Row values in the JS shapes of src/types.ts (bigint for long, datetime and timespan ticks). */
  rows: Value[][];
}

export function tableToResult(t: Table): QueryResult {
  return { columns: t.schema.map((c) => ({ name: c.name, type: c.type })), rows: t.rows() };
}

/** JSON text of one value of type t (bigints written as exact digits). */
export function valueToJson(v: Value, t: ScalarType): string {
  if (v === null || v === undefined) return 'null';
  switch (t) {
    case 'string':
    case 'guid':
      return JSON.stringify(v);
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
    case 'long':
      return String(v);
    case 'real':
    case 'decimal': {
      const n = v as number;
      if (Number.isNaN(n)) return '"NaN"';
      if (n === Infinity) return '"Infinity"';
      if (n === -Infinity) return '"-Infinity"';
      return JSON.stringify(n);
    }
    case 'datetime':
      return JSON.stringify(formatDateTime(v as bigint));
    case 'timespan':
      return JSON.stringify(formatTimespan(v as bigint));
    case 'dynamic':
      return dynamicToJson(v as Dynamic);
  }
}

/** `{"columns":[{"name","type"}],"rows":[[...]]}` with extra leading fields (e.g. "file"). */
export function resultToJson(r: QueryResult, extra: Record<string, unknown> = {}): string {
  const head = Object.entries(extra).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const cols = JSON.stringify(r.columns.map((c) => ({ name: c.name, type: c.type })));
  const rows = r.rows.map((row) => '[' + row.map((v, i) => valueToJson(v, r.columns[i]!.type)).join(',') + ']').join(',');
  return `{${[...head, `"columns":${cols}`, `"rows":[${rows}]`].join(',')}}`;
}

/** Text of a value for table and CSV output: as Kusto displays it. */
export function valueToText(v: Value, t: ScalarType): string {
  if (v === null || v === undefined) return '';
  switch (t) {
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      return typeof v === 'string' ? v : dynamicToJson(v as Dynamic);
    case 'real':
    case 'decimal': {
      const n = v as number;
      return Number.isNaN(n) ? 'NaN' : n === Infinity ? 'Infinity' : n === -Infinity ? '-Infinity' : String(n);
    }
    default:
      return String(v);
  }
}
