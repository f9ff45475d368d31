// Test data: the tables of a spec or case, from data files (CSV, JSON Lines, JSON), inline YAML rows and
// views. Inline rows are typed against the table's schema; a column the schema lacks is an error at the
// row's YAML line, a value that does not fit is an error at the value. Columns a row leaves out take the
// table's `defaults`, else the type's empty value ("" for strings, null otherwise). Every row remembers
// where it came from (for explanations).

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { KqlError } from '../diagnostics.js';
import { suggest } from '../engine/binder/suggest.js';
import { compileQuery, type ViewDefinition } from '../engine/index.js';
import { materializeViews } from '../engine/views.js';
import { readTextFile } from '../io.js';
import { isFailure, jsonValueToType } from '../tables/convert.js';
import { loadTable } from '../tables/load.js';
import { parseSchemaText, readSchemaFile, SchemaCatalog, type SchemaFlavor } from '../tables/schema.js';
import { Table, type ColumnInfo } from '../tables/table.js';
import type { Dynamic, ScalarType, Value } from '../types.js';
import { scannedTables } from './plan-walk.js';
import type { RowSpec, TableSpec } from './spec.js';
import { toDynamic, yamlError, type YNode } from './yaml-nodes.js';

/** Where a row of a test table came from. */
export interface RowOrigin {
  /** "spec.kqltest.yaml:31" for an inline row, "data.csv row 4" for a file row, "view row 2" otherwise. */
  label: string;
  file?: string;
  line?: number;
}

export interface Fixture {
  tables: Map<string, Table>;
  origins: Map<string, RowOrigin[]>;
  /** Tables defined (also) by views: their rows come out of other tables. */
  viewTables: Set<string>;
  /** Tables the views read. */
  viewSources: Set<string>;
  /** Values the views' conversions left null (KQL324), one warning per conversion. */
  warnings: KqlError[];
}

interface CachedLoad {
  key: string;
  mtimes: number[];
  table: Table;
}

/** Loaded data files, reused across cases and specs while the files are unchanged. */
const loadCache = new Map<string, CachedLoad>();

function mtimes(files: string[]): number[] {
  return files.map((f) => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return -1;
    }
  });
}

function loadFiles(name: string, files: string[], schema: readonly ColumnInfo[] | undefined, catalog: SchemaCatalog): Table {
  const key = `${name}\u0000${files.join('\u0000')}\u0000${schema ? schema.map((c) => `${c.name}:${c.type}`).join(',') : ''}`;
  const m = mtimes(files);
  const hit = loadCache.get(key);
  if (hit && hit.mtimes.every((t, i) => t === m[i])) return hit.table;
  const { table } = loadTable(files, { name, catalog, schema });
  loadCache.set(key, { key, mtimes: m, table });
  return table;
}

export interface BuildOptions {
  /** The spec file (for inline-row positions and messages). */
  file: string;
  catalog: SchemaCatalog;
  /** Shown in messages instead of absolute paths. */
  cwd?: string;
  /** now() for views that use it. */
  now?: bigint;
}

/** The bundled catalog in a flavor. */
export function catalogFor(flavor: SchemaFlavor): SchemaCatalog {
  return SchemaCatalog.bundled(flavor);
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Column types for a table known only from its inline rows. */
export function inferSchema(rows: RowSpec[]): ColumnInfo[] {
  const order: string[] = [];
  const kinds = new Map<string, Set<string>>();
  for (const r of rows) {
    for (const c of r.cells) {
      if (!kinds.has(c.key)) {
        kinds.set(c.key, new Set());
        order.push(c.key);
      }
      const v = c.value;
      const set = kinds.get(c.key)!;
      if (v.t !== 'scalar') set.add('dynamic');
      else if (v.value === null) continue;
      else if (typeof v.value === 'bigint') set.add('long');
      else if (typeof v.value === 'number') set.add(Number.isInteger(v.value) ? 'long' : 'real');
      else if (typeof v.value === 'boolean') set.add('bool');
      else set.add(ISO_DATETIME.test(v.value) ? 'datetime' : 'string');
    }
  }
  return order.map((name) => {
    const s = kinds.get(name)!;
    let type: ScalarType = 'string';
    if (s.size === 1) type = [...s][0] as ScalarType;
    else if (s.size === 2 && s.has('long') && s.has('real')) type = 'real';
    else if (s.size === 2 && s.has('datetime') && s.has('string')) type = 'string';
    else if (s.size > 1) type = 'dynamic';
    return { name, type };
  });
}

function rel(file: string, cwd?: string): string {
  if (!cwd || !isAbsolute(file)) return file;
  const r = relative(cwd, file);
  return r.startsWith('..') ? file : r;
}

/** Convert one YAML value to a column's type, or throw KQL414 at the value. `owner`: "table 'T'", "the result". */
export function cellValue(node: YNode, col: ColumnInfo, owner: string, file: string): Value {
  const v = toDynamic(node);
  const converted = jsonValueToType(v as Dynamic, col.type);
  if (isFailure(converted)) {
    throw yamlError('KQL414', `column '${col.name}' of ${owner} is ${col.type}: ${converted.reason}`, file, node.pos);
  }
  return converted;
}

/** Type inline rows against a schema: unknown columns are KQL413 at their YAML line. */
export function rowsToValues(rows: RowSpec[], schema: readonly ColumnInfo[], table: string, file: string, defaults?: RowSpec): Value[][] {
  const index = new Map(schema.map((c, i) => [c.name, i]));
  const check = (r: RowSpec): void => {
    for (const c of r.cells) {
      if (!index.has(c.key)) {
        const hint = suggest(c.key, index.keys());
        throw yamlError(
          'KQL413',
          `column '${c.key}' is not in the schema of table '${table}'${hint ? ` (did you mean '${hint}'?)` : ''}`,
          file,
          c.keyPos,
        );
      }
    }
  };
  const base: Value[] = schema.map((c) => (c.type === 'string' ? '' : null));
  if (defaults) {
    check(defaults);
    for (const c of defaults.cells) base[index.get(c.key)!] = cellValue(c.value, schema[index.get(c.key)!]!, `table '${table}'`, file);
  }
  return rows.map((r) => {
    check(r);
    const out = base.slice();
    for (const c of r.cells) {
      const i = index.get(c.key)!;
      out[i] = cellValue(c.value, schema[i]!, `table '${table}'`, file);
    }
    return out;
  });
}

function explicitSchema(t: TableSpec, file: string): ColumnInfo[] | undefined {
  if (!t.schema) return undefined;
  try {
    return t.schema.text !== undefined ? parseSchemaText(t.schema.text) : readSchemaFile(t.schema.path!);
  } catch (e) {
    if (e instanceof KqlError && t.schema.text !== undefined) {
      throw yamlError(e.code, `schema of table '${t.name}': ${e.message}`, file, t.schema.pos);
    }
    throw e;
  }
}

/** Build the tables of a spec or case (spec tables merged with the case's replacements by the caller). */
export function buildFixture(specs: Iterable<TableSpec>, opts: BuildOptions): Fixture {
  const tables = new Map<string, Table>();
  const origins = new Map<string, RowOrigin[]>();
  const views = new Map<string, ViewDefinition[]>();
  const all = [...specs];
  let catalog = opts.catalog;
  const extra = all.flatMap((t) => {
    const s = explicitSchema(t, opts.file);
    return s ? [[t.name, s] as const] : [];
  });
  if (extra.length) catalog = catalog.withTables(extra);

  // A missing file is reported at the spec line that names it.
  for (const t of all) {
    const named = [...t.files, ...(t.view ? [t.view] : []), ...(t.schema?.path ? [{ path: t.schema.path, pos: t.schema.pos }] : [])];
    for (const f of named) {
      if (!existsSync(f.path)) throw yamlError('KQL502', `file not found: ${rel(f.path, opts.cwd)} (named by table '${t.name}')`, opts.file, f.pos);
    }
  }

  for (const t of all) {
    const files = t.files.map((f) => f.path);
    let schema: readonly ColumnInfo[] | undefined = catalog.get(t.name);
    let fromFiles: Table | undefined;
    if (files.length) {
      fromFiles = loadFiles(t.name, files, schema, catalog);
      schema = fromFiles.schema;
    }
    if (!schema) schema = t.rows.length ? inferSchema(t.defaults ? [t.defaults, ...t.rows] : t.rows) : undefined;
    if (t.view && !fromFiles && !t.rows.length) {
      views.set(t.name, [{ query: readTextFile(t.view.path), file: rel(t.view.path, opts.cwd) }]);
      origins.set(t.name, []);
      continue;
    }
    if (!schema) {
      throw yamlError('KQL413', `table '${t.name}' is not in the bundled schemas and has no rows to learn its columns from: give it a 'schema'`, opts.file, t.pos);
    }
    const inline = rowsToValues(t.rows, schema, t.name, opts.file, t.defaults);
    const rowOrigins: RowOrigin[] = [];
    if (fromFiles) {
      const label = rel(files.length === 1 ? files[0]! : files.join(', '), opts.cwd);
      for (let i = 0; i < fromFiles.length; i++) rowOrigins.push({ label: `${label} row ${i + 1}`, file: files.length === 1 ? files[0] : undefined });
    }
    for (const r of t.rows) rowOrigins.push({ label: `${rel(opts.file, opts.cwd)}:${r.pos.line}`, file: opts.file, line: r.pos.line });
    const table = fromFiles && inline.length ? Table.fromRows(schema, [...fromFiles.rows(), ...inline]) : fromFiles ?? Table.fromRows(schema, inline);
    tables.set(t.name, table);
    origins.set(t.name, rowOrigins);
    if (t.view) views.set(t.name, [{ query: readTextFile(t.view.path), file: rel(t.view.path, opts.cwd) }]);
  }

  // Views become plain tables, so rules see data (and stage counts start at the table).
  const viewTables = new Set(views.keys());
  const viewSources = new Set<string>();
  const warnings: KqlError[] = [];
  if (views.size) {
    const sources = { tables: new Map(tables), views, catalog };
    const now = opts.now ?? 0n;
    for (const name of views.keys()) {
      const text = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
      const compiled = compileQuery(text, sources, now);
      for (const p of compiled.plans) for (const t of scannedTables(p)) if (t !== name) viewSources.add(t);
    }
    const done = materializeViews(sources, now);
    warnings.push(...done.warnings);
    for (const [name, table] of done.tables) {
      tables.set(name, table);
      const own = origins.get(name) ?? [];
      const out: RowOrigin[] = [];
      for (let i = 0; i < table.length; i++) out.push(own[i] ?? { label: `view row ${i + 1}` });
      origins.set(name, out);
    }
  }
  return { tables, origins, viewTables, viewSources, warnings };
}

/** Merge spec tables with a case's replacements. */
export function mergeTables(spec: Map<string, TableSpec>, kase: Map<string, TableSpec>): TableSpec[] {
  const m = new Map(spec);
  for (const [k, v] of kase) m.set(k, v);
  return [...m.values()];
}

/** Forget cached data files (tests, watch mode). */
export function clearFixtureCache(): void {
  loadCache.clear();
}
