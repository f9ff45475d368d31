// The programmatic entry point: `runQuery(kql, { tables, now })` parses, binds and runs a query over
// in-memory tables and returns its columns and rows (the same result the CLI prints).

import { KqlError } from './diagnostics.js';
import { compileQuery, executeQuery, type ViewDefinition } from './engine/index.js';
import { tableToResult, type QueryResult } from './result.js';
import { isFailure, jsonValueToType } from './tables/convert.js';
import { parseDateTime } from './tables/datetime.js';
import { SchemaCatalog, type SchemaFlavor } from './tables/schema.js';
import { Table, type ColumnInfo } from './tables/table.js';
import type { Dynamic, ScalarType, Value } from './types.js';

/** A table given as row objects: `{ DeviceName: "x", Timestamp: "2024-06-30T12:00:00Z", ... }`. */
export type RowObject = Record<string, unknown>;

export interface RunQueryOptions {
  /** Tables by name: kqlite Tables (from loadTable) or arrays of row objects. */
  tables?: Record<string, Table | RowObject[]> | ReadonlyMap<string, Table | RowObject[]>;
  /** The query's now(): a Date, an ISO-8601 string, or ticks since 1970. Defaults to the current time. */
  now?: Date | string | bigint;
  /** Views: table name → KQL text (or several texts) defining its rows from other tables. */
  views?: Record<string, string | string[]>;
  /** Schemas for binding and for typing row objects (default: the bundled merged Defender + Sentinel schemas). */
  catalog?: SchemaCatalog | SchemaFlavor;
  /** Tables known from the catalog but not given read as empty. */
  emptyTables?: boolean;
  /** Fail with KQL203 when the query runs longer than this. */
  timeoutMs?: number;
  /** Fail with KQL206 when the query's operators would hold more than this many bytes (default: half of V8's heap limit). */
  memoryLimit?: number;
}

/** Ticks since 1970 of a `now` option (the wall clock only when none is given). */
export function resolveNow(now: RunQueryOptions['now']): bigint {
  if (now === undefined) return BigInt(Date.now()) * 10_000n;
  if (typeof now === 'bigint') return now;
  if (now instanceof Date) return BigInt(now.getTime()) * 10_000n;
  const t = parseDateTime(now);
  if (t === undefined) throw new KqlError({ code: 'KQL506', kind: 'usage', message: `invalid now value '${now}': expected an ISO-8601 datetime` });
  return t;
}

function inferType(values: unknown[]): ScalarType {
  let t: ScalarType | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const u: ScalarType =
      typeof v === 'bigint' ? 'long'
      : typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'real')
      : typeof v === 'boolean' ? 'bool'
      : v instanceof Date ? 'datetime'
      : typeof v === 'string' ? 'string'
      : 'dynamic';
    t = t === undefined || t === u ? u : (t === 'long' && u === 'real') || (t === 'real' && u === 'long') ? 'real' : 'dynamic';
  }
  return t ?? 'string';
}

/** Build a typed table from row objects, using the catalog schema of `name` when there is one. */
export function tableFromObjects(name: string, rows: RowObject[], catalog: SchemaCatalog): Table {
  let schema: readonly ColumnInfo[] | undefined = catalog.get(name);
  if (!schema) {
    const keys: string[] = [];
    for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
    schema = keys.map((k) => ({ name: k, type: inferType(rows.map((r) => r[k])) }));
  }
  const known = new Set(schema.map((c) => c.name));
  const out: Value[][] = rows.map((r, i) => {
    for (const k of Object.keys(r)) {
      if (!known.has(k)) {
        throw new KqlError({ code: 'KQL304', kind: 'data', message: `row ${i + 1} of table '${name}' has column '${k}', which is not in its schema` });
      }
    }
    return schema.map((c) => {
      let v = r[c.name];
      if (v instanceof Date) v = v.toISOString();
      const converted = jsonValueToType(v as Dynamic | undefined, c.type);
      if (isFailure(converted)) {
        throw new KqlError({ code: 'KQL302', kind: 'data', message: `row ${i + 1} of table '${name}', column '${c.name}' (${c.type}): ${converted.reason}` });
      }
      return converted;
    });
  });
  return Table.fromRows(schema, out);
}

/** Parse, bind and run a KQL query over in-memory tables. Throws KqlError for any bad input. */
export function runQuery(kql: string, opts: RunQueryOptions = {}): QueryResult {
  const catalog = opts.catalog instanceof SchemaCatalog ? opts.catalog : SchemaCatalog.bundled(opts.catalog ?? 'merged');
  const entries = opts.tables instanceof Map ? [...opts.tables] : Object.entries(opts.tables ?? {});
  const tables = new Map<string, Table>();
  for (const [name, t] of entries as [string, Table | RowObject[]][]) {
    tables.set(name, t instanceof Table ? t : tableFromObjects(name, t, catalog));
  }
  const views = new Map<string, ViewDefinition[]>();
  for (const [name, v] of Object.entries(opts.views ?? {})) views.set(name, (Array.isArray(v) ? v : [v]).map((query) => ({ query })));
  const now = resolveNow(opts.now);
  const sources = { tables, views, catalog, emptyTables: opts.emptyTables };
  try {
    const compiled = compileQuery(kql, sources, now);
    return tableToResult(executeQuery(compiled, sources, { now, timeoutMs: opts.timeoutMs, memoryLimit: opts.memoryLimit }));
  } catch (e) {
    if (e instanceof KqlError) e.withSource({ text: kql });
    throw e;
  }
}
