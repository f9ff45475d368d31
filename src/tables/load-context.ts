// The shared state of one table load: options, the target schema (plan), the column builders, and the
// row/error accounting (maxErrors, badValues) that the CSV and JSON file loaders report into.

import type { KqlError } from '../diagnostics.js';
import type { Value } from '../types.js';
import { ColumnAssembler } from './assemble.js';
import { type ColumnBuilder, columnBuilder } from './column.js';
import type { ColumnPart } from './sinks.js';
import { DataCode, dataWarning, rowShapeError, tooManyErrorsError } from './errors.js';
import type { SchemaCatalog } from './schema.js';
import { type ColumnInfo, Table } from './table.js';

/** How a file's text is laid out. */
export type DataFormat = 'csv' | 'json';

/** Options for {@link loadTable}. */
export interface LoadOptions {
  /** The table's name: looked up in `catalog` and used in messages. */
  name: string;
  /** An explicit schema; wins over `schemaFile` and the catalog. */
  schema?: readonly ColumnInfo[];
  /** A schema file (Kusto notation or JSON); wins over the catalog. */
  schemaFile?: string;
  /** Where to look up `name` when no explicit schema is given. */
  catalog?: SchemaCatalog;
  /** Rows that may be rejected (each reported in the summary) before loading fails. Default 0. */
  maxErrors?: number;
  /** Keep file columns that a known schema lacks, as extra columns with inferred types (default: error KQL307). */
  allowExtraColumns?: boolean;
  /** 'reject' (default): a value that does not fit its column rejects the row. 'null': it becomes null (Kusto ingestion). */
  badValues?: 'reject' | 'null';
  /** Force a format instead of going by the file extension. */
  format?: DataFormat;
  /**
   * Called now and then while data is read (about every 200 ms on large files, and once at the end of
   * each file), with the bytes read so far and the bytes to read in all. When the schema is inferred
   * every file is read twice, and `bytesTotal` counts both passes.
   */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** Counts for one file. */
export interface FileSummary {
  file: string;
  format: 'csv' | 'jsonl' | 'json-array';
  read: number;
  loaded: number;
  rejected: number;
}

/** What loading did. */
export interface LoadSummary {
  /** Data rows read (header excluded), loaded into the table, and rejected (see `errors`). */
  read: number;
  loaded: number;
  rejected: number;
  /** Values set to null under `badValues: 'null'`. */
  nulled: number;
  /** One error per rejected row (file, line, column, reason). */
  errors: KqlError[];
  /** Things that did not stop loading: ignored index columns, nulled values (first 100). */
  warnings: KqlError[];
  files: FileSummary[];
  /** Where the schema came from. */
  schemaSource: 'explicit' | 'catalog' | 'inferred';
}

/** One input: its name (for messages), bytes or text, and format. */
export interface DataSource {
  file: string;
  data: Uint8Array | string;
  format: DataFormat;
}

/** A data file still on disk (read in ranges by the loaders, never as one string). */
export interface FileSource {
  file: string;
  path: string;
  size: number;
  format: DataFormat;
}

export type Source = DataSource | FileSource;

/** The target schema and the rules every file loader follows. */
export interface LoadPlan {
  table: string;
  schema: ColumnInfo[];
  /** Column index by name. */
  index: Map<string, number>;
  /** Known-schema mode: unknown file columns are errors (or extras when allowed); false = all inferred. */
  known: boolean;
  /** Known schema before extras were added (for suggestions). */
  knownNames: string[];
}

/**
 * Row sink and error accounting shared by the file loaders. Columns are assembled in file order from
 * range parts (the byte loaders) and from rows accepted one at a time (JSON arrays, slow paths).
 */
export class LoadContext {
  private builders: ColumnBuilder[] | null = null;
  private readonly assemblers: ColumnAssembler[];
  private readonly defaults: Value[];
  readonly summary: LoadSummary;
  private readonly maxErrors: number;
  readonly nullBadValues: boolean;
  /** Bytes read so far and in all (for onProgress). */
  bytesDone = 0;
  bytesTotal = 0;
  private lastProgress = 0;

  constructor(
    readonly plan: LoadPlan,
    readonly opts: LoadOptions,
    schemaSource: LoadSummary['schemaSource'],
  ) {
    this.assemblers = plan.schema.map((c) => new ColumnAssembler(c.type));
    this.defaults = plan.schema.map((c) => (c.type === 'string' ? '' : null));
    this.maxErrors = opts.maxErrors ?? 0;
    this.nullBadValues = opts.badValues === 'null';
    this.summary = { read: 0, loaded: 0, rejected: 0, nulled: 0, errors: [], warnings: [], files: [], schemaSource };
  }

  get maxErrorCount(): number {
    return this.maxErrors;
  }

  /** A fresh row of defaults: "" for strings, null otherwise. */
  emptyRow(): Value[] {
    return this.defaults.slice();
  }

  /** Append a fully converted row. */
  accept(row: Value[], fs: FileSummary): void {
    const b = (this.builders ??= this.plan.schema.map((c) => columnBuilder(c.type)));
    for (let j = 0; j < row.length; j++) b[j]!.push(row[j]!);
    this.summary.loaded++;
    fs.loaded++;
  }

  /** Move rows accepted one at a time into the columns (before parts that follow them in the file). */
  private flushRows(): void {
    if (!this.builders) return;
    this.builders.forEach((b, j) => this.assemblers[j]!.addColumn(b.build()));
    this.builders = null;
  }

  /** Append the rows of one range: per schema column its part, or nothing (the column's default). */
  addParts(parts: readonly (ColumnPart | null)[], rows: number, fs: FileSummary): void {
    if (rows === 0) return;
    this.flushRows();
    for (let j = 0; j < this.assemblers.length; j++) {
      const p = parts[j];
      if (p) this.assemblers[j]!.addPart(p, rows);
      else this.assemblers[j]!.addConstant(this.defaults[j]!, rows);
    }
    this.summary.loaded += rows;
    fs.loaded += rows;
  }

  /** Reject a row: recorded while within maxErrors, thrown beyond it. */
  reject(err: KqlError, fs: FileSummary): void {
    this.summary.rejected++;
    fs.rejected++;
    if (this.summary.rejected > this.maxErrors) throw this.maxErrors === 0 ? err : tooManyErrorsError(this.maxErrors, err);
    this.summary.errors.push(err);
  }

  /** Note a value turned into null under `badValues: 'null'` (the first 100 are kept as KQL322 warnings). */
  nulled(err: KqlError): void {
    this.summary.nulled++;
    if (this.summary.nulled <= 100) {
      this.summary.warnings.push(dataWarning(DataCode.nulledValue, `${err.message} (loaded as null)`, err));
    }
  }

  warn(w: KqlError): void {
    this.summary.warnings.push(w);
  }

  /** Count bytes read; calls onProgress at most every 100 ms (and always when `force`). */
  progress(bytes: number, force = false, inFlight = 0): void {
    this.bytesDone += bytes;
    const cb = this.opts.onProgress;
    if (!cb) return;
    const now = performance.now();
    if (!force && now - this.lastProgress < 100) return;
    this.lastProgress = now;
    cb(Math.min(this.bytesDone + inFlight, this.bytesTotal), this.bytesTotal);
  }

  table(): Table {
    this.flushRows();
    return new Table(this.plan.schema, this.assemblers.map((a) => a.build()), this.summary.loaded);
  }
}

/** A fresh per-file summary. */
export function fileSummary(file: string, format: FileSummary['format']): FileSummary {
  return { file, format, read: 0, loaded: 0, rejected: 0 };
}

/** A ragged-row error: a CSV row whose field count differs from the header's. */
export function raggedRow(file: string, line: number, got: number, want: number): KqlError {
  return rowShapeError(`row has ${got} field${got === 1 ? '' : 's'}, the header has ${want}`, { file, line, column: 1 });
}
