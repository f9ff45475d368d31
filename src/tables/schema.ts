// Table schemas: the bundled Defender XDR / Sentinel catalogs (three flavors), Kusto schema notation
// `(a:string, ['c d']:long)`, and JSON schema files. Table and column names are case-sensitive, as in KQL.

import { readTextFile } from '../io.js';
import { KqlError } from '../diagnostics.js';
import { parseTypeName, type ScalarType } from '../types.js';
import { badFileError, badSchemaError } from './errors.js';
import { parseJsonExact } from './json-value.js';
import type { ColumnInfo } from './table.js';
import defenderAllJson from './schemas/defender-xdr-advanced-hunting.all.json' with { type: 'json' };
import sentinelJson from './schemas/sentinel-log-analytics.used-tables.json' with { type: 'json' };

/**
 * Which published shape the bundled catalog gives a table:
 * - `defender`: Defender XDR advanced hunting (`Timestamp`, no `TimeGenerated`);
 * - `sentinel`: Log Analytics / Sentinel (`TimeGenerated`, `TenantId`, ...);
 * - `merged` (default): for a table in both, the Defender columns in Defender order, then the
 *   Sentinel-only columns; a column typed differently is `dynamic` if either side says dynamic, else
 *   the Defender type. Tables in one catalog only are taken as they are.
 */
export type SchemaFlavor = 'merged' | 'defender' | 'sentinel';

type RawCatalog = Record<string, string[][]>;

/** A set of named table schemas. */
export class SchemaCatalog {
  private static readonly cache = new Map<SchemaFlavor, SchemaCatalog>();

  private constructor(private readonly tables: ReadonlyMap<string, readonly ColumnInfo[]>) {}

  /** The bundled catalog in the given flavor (built once, then shared). */
  static bundled(flavor: SchemaFlavor = 'merged'): SchemaCatalog {
    let c = SchemaCatalog.cache.get(flavor);
    if (!c) {
      c = new SchemaCatalog(buildFlavor(flavor));
      SchemaCatalog.cache.set(flavor, c);
    }
    return c;
  }

  /** A catalog of the given tables. */
  static fromTables(entries: Iterable<readonly [string, readonly ColumnInfo[]]>): SchemaCatalog {
    return new SchemaCatalog(new Map(entries));
  }

  /**
   * A catalog from JSON text `{ "<Table>": <columns> }`, each table's columns in any form
   * {@link parseSchemaJson} reads (the bundled files use `[["Column", "type"], ...]`).
   */
  static fromJson(text: string, source?: string): SchemaCatalog {
    const r = parseJsonExact(text);
    if (!r.ok) throw badSchemaError(`invalid JSON: ${r.message}`, { file: source });
    if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) {
      throw badSchemaError('a schema catalog is a JSON object mapping table names to columns', { file: source });
    }
    const m = new Map<string, ColumnInfo[]>();
    for (const [name, cols] of Object.entries(r.value)) m.set(name, schemaFromJsonValue(cols, `table '${name}'`, source));
    return new SchemaCatalog(m);
  }

  /** The columns of table `name` (exact, case-sensitive name), or undefined. */
  get(name: string): readonly ColumnInfo[] | undefined {
    return this.tables.get(name);
  }

  has(name: string): boolean {
    return this.tables.has(name);
  }

  /** All table names, sorted (for listings and "did you mean" suggestions). */
  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  /** A new catalog with these tables added (replacing any of the same name). */
  withTables(entries: Iterable<readonly [string, readonly ColumnInfo[]]>): SchemaCatalog {
    const m = new Map(this.tables);
    for (const [k, v] of entries) m.set(k, v);
    return new SchemaCatalog(m);
  }
}

// ------------------------------------------------------------------------------------------ flavors

function fromRaw(raw: RawCatalog, where: string): Map<string, ColumnInfo[]> {
  const m = new Map<string, ColumnInfo[]>();
  for (const [table, cols] of Object.entries(raw)) m.set(table, schemaFromJsonValue(cols, `${where} table '${table}'`));
  return m;
}

/**
 * Defender tables as published, minus a later column whose name differs only in case from an earlier
 * one (the docs list DeviceProcessEvents `LogonId` and `LogonID`; only `LogonId` exists).
 */
function defenderTables(): Map<string, ColumnInfo[]> {
  const m = fromRaw(defenderAllJson as RawCatalog, 'defender-xdr-advanced-hunting.all.json');
  for (const [t, cols] of m) {
    const seen = new Set<string>();
    m.set(t, cols.filter((c) => {
      const k = c.name.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }));
  }
  return m;
}

/** The merged shape of one table in both catalogs (see {@link SchemaFlavor}). */
export function mergeTableSchemas(defender: readonly ColumnInfo[], sentinel: readonly ColumnInfo[]): ColumnInfo[] {
  const sentinelTypes = new Map(sentinel.map((c) => [c.name, c.type]));
  const out: ColumnInfo[] = defender.map((c) => {
    const st = sentinelTypes.get(c.name);
    if (st === undefined || st === c.type) return c;
    return { name: c.name, type: st === 'dynamic' || c.type === 'dynamic' ? 'dynamic' : c.type };
  });
  const inDefender = new Set(defender.map((c) => c.name));
  for (const c of sentinel) if (!inDefender.has(c.name)) out.push(c);
  return out;
}

function buildFlavor(flavor: SchemaFlavor): Map<string, readonly ColumnInfo[]> {
  if (flavor === 'defender') return defenderTables();
  const sentinel = fromRaw(sentinelJson as RawCatalog, 'sentinel-log-analytics.used-tables.json');
  if (flavor === 'sentinel') return sentinel;
  const merged = new Map<string, readonly ColumnInfo[]>();
  const defender = defenderTables();
  for (const [t, cols] of defender) {
    const s = sentinel.get(t);
    merged.set(t, s ? mergeTableSchemas(cols, s) : cols);
  }
  for (const [t, cols] of sentinel) if (!merged.has(t)) merged.set(t, cols);
  return merged;
}

// ------------------------------------------------------------------------------------------ notations

function resolveType(name: string, column: string, pos: { file?: string | undefined; line?: number; column?: number }): ScalarType {
  const t = parseTypeName(name);
  if (!t) throw badSchemaError(`unknown type '${name}' for column '${column}'`, pos);
  return t;
}

function checkUnique(cols: ColumnInfo[], file: string | undefined): ColumnInfo[] {
  const seen = new Set<string>();
  for (const c of cols) {
    if (seen.has(c.name)) throw badSchemaError(`column '${c.name}' is declared twice`, { file });
    seen.add(c.name);
  }
  return cols;
}

/** Columns from a parsed JSON value: `[["a","string"],...]`, `{"a":"string"}` or `[{"name":"a","type":"string"}]`. */
function schemaFromJsonValue(v: unknown, what: string, file?: string): ColumnInfo[] {
  const bad = (why: string): never => {
    throw badSchemaError(`${what}: ${why}`, { file });
  };
  const cols: ColumnInfo[] = [];
  if (Array.isArray(v)) {
    for (const e of v) {
      if (Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string') {
        cols.push({ name: e[0], type: resolveType(e[1], e[0], { file }) });
      } else if (e && typeof e === 'object' && !Array.isArray(e)) {
        const o = e as Record<string, unknown>;
        const name = o.name ?? o.Name ?? o.ColumnName;
        const type = o.type ?? o.Type ?? o.CslType ?? o.ColumnType;
        if (typeof name !== 'string' || typeof type !== 'string') bad('each column object needs "name" and "type" strings');
        cols.push({ name: name as string, type: resolveType((type as string).replace(/^System\./, ''), name as string, { file }) });
      } else bad('each column is ["name", "type"] or {"name": ..., "type": ...}');
    }
  } else if (v && typeof v === 'object') {
    for (const [name, type] of Object.entries(v)) {
      if (typeof type !== 'string') bad(`the type of column '${name}' must be a string`);
      cols.push({ name, type: resolveType(type as string, name, { file }) });
    }
  } else bad('expected an array of columns or an object of name: type');
  return checkUnique(cols, file);
}

/**
 * Parse a JSON schema for one table: `[["a","string"], ...]`, `{"a": "string", ...}` or
 * `[{"name": "a", "type": "string"}, ...]`. Type names are case-insensitive and may be aliases.
 * @throws KqlError KQL310 when the JSON or a type is invalid, or a column is declared twice
 */
export function parseSchemaJson(text: string, source?: string): ColumnInfo[] {
  const r = parseJsonExact(text);
  if (!r.ok) throw badSchemaError(`invalid JSON: ${r.message}`, { file: source, ...lineCol(text, r.offset) });
  return schemaFromJsonValue(r.value, 'schema', source);
}

function lineCol(text: string, off: number): { line: number; column: number } {
  let line = 1;
  let ls = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < off; i = text.indexOf('\n', i + 1)) {
    line++;
    ls = i + 1;
  }
  return { line, column: off - ls + 1 };
}

const IDENT = /[A-Za-z0-9_$]/;

/**
 * Parse Kusto schema notation: `(a:string, b:datetime, ['c d']:long)`. The parentheses are optional and
 * may be preceded by a table name or `.create table Name`. Names are identifiers or `['...']`/`["..."]`.
 * @throws KqlError KQL310 with the line and column of the problem
 */
export function parseSchemaText(text: string, source?: string): ColumnInfo[] {
  let i = 0;
  const n = text.length;
  const fail = (msg: string, at = i): never => {
    throw badSchemaError(msg, { file: source, ...lineCol(text, at) });
  };
  const ws = (): void => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  const prefix = /^\s*(?:\.create(?:-merge)?\s+table\s+)?(?:[A-Za-z_$][\w$]*\s*)?(?=\()/.exec(text);
  if (prefix) i = prefix[0].length;
  ws();
  const paren = text[i] === '(';
  if (paren) i++;
  const cols: ColumnInfo[] = [];
  ws();
  if (!(paren && text[i] === ')')) {
    for (;;) {
      ws();
      const at = i;
      let name = '';
      if (text[i] === '[') {
        const q = text[i + 1];
        if (q !== "'" && q !== '"') fail(`expected ['name'] or a column name`);
        i += 2;
        while (i < n && text[i] !== q) {
          if (text[i] === '\\' && i + 1 < n) i++;
          name += text[i++];
        }
        if (text[i] !== q || text[i + 1] !== ']') fail('unterminated quoted column name', at);
        i += 2;
      } else {
        while (i < n && IDENT.test(text[i]!)) name += text[i++];
        if (name === '') fail(i < n ? `expected a column name, found ${JSON.stringify(text[i])}` : 'expected a column name');
      }
      ws();
      if (text[i] !== ':') fail(`expected ':' and a type after column '${name}'`);
      i++;
      ws();
      const tAt = i;
      let tname = '';
      while (i < n && /[A-Za-z0-9_.]/.test(text[i]!)) tname += text[i++];
      if (tname === '') fail(`expected a type for column '${name}'`);
      if (cols.some((c) => c.name === name)) fail(`column '${name}' is declared twice`, at);
      cols.push({ name, type: resolveType(tname.replace(/^System\./, ''), name, { file: source, ...lineCol(text, tAt) }) });
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
  }
  ws();
  if (paren) {
    if (text[i] !== ')') fail(i < n ? `expected ',' or ')', found ${JSON.stringify(text[i])}` : "missing ')'");
    i++;
    ws();
  }
  if (i < n) fail(`unexpected text after the schema: ${JSON.stringify(text.slice(i, i + 20))}`);
  return cols;
}

/**
 * Read a schema file for one table: Kusto notation (`(a:string, ...)`) or JSON (see {@link parseSchemaJson}),
 * told apart by the content.
 * @throws KqlError KQL311 when the file cannot be read (missing, a folder, unreadable, not UTF-8: the
 *   message says which), KQL310 when the schema is invalid
 */
export function readSchemaFile(path: string): ColumnInfo[] {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    throw badFileError(`cannot read schema file: ${e.message}`, { file: path, line: e.line, column: e.column });
  }
  const first = text.trimStart()[0];
  if (first === '{' || (first === '[' && parseJsonExact(text).ok)) return parseSchemaJson(text, path);
  return parseSchemaText(text, path);
}
