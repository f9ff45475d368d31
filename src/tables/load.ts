// Load CSV / JSON Lines / JSON array files into one typed Table: choose the schema (explicit, catalog or
// inferred), map file columns onto it, convert every value (errors name file:line:column), count rows.

import { closeSync, fstatSync, openSync } from 'node:fs';
import { extname } from 'node:path';
import type { KqlError } from '../diagnostics.js';
import { expandDataPaths } from './data-paths.js';
import { badFileError, badSchemaError, DataCode, dataWarning } from './errors.js';
import { ColumnGuess } from './infer.js';
import { inferCsv, loadCsv } from './load-csv.js';
import {
  type DataFormat,
  type DataSource,
  type FileSource,
  LoadContext,
  type LoadOptions,
  type LoadPlan,
  type LoadSummary,
  type Source,
} from './load-context.js';
import { inferJson, loadJson } from './load-json.js';
import { readSchemaFile } from './schema.js';
import type { ColumnInfo, Table } from './table.js';

export type { DataFormat, DataSource, FileSummary, LoadOptions, LoadSummary } from './load-context.js';
export { tableToCsv, tableToJsonl } from './write.js';

/** The format a file name implies, or undefined. */
export function formatOf(file: string): DataFormat | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return 'json';
  return undefined;
}

function fileSource(file: string, format: DataFormat | undefined): FileSource {
  const f = format ?? formatOf(file);
  if (!f) throw badFileError(`unknown data file type '${extname(file) || file}': use .csv, .json, .jsonl or .ndjson`, { file });
  let size: number;
  try {
    const fd = openSync(file, 'r');
    try {
      size = fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw badFileError(`cannot read data file${code === 'EACCES' ? ': permission denied' : code ? `: ${code}` : ''}`, { file });
  }
  return { file, path: file, size, format: f };
}

/**
 * Load one table from one or more files (CSV, JSON Lines or a JSON array, by extension); several files
 * are unioned into the same schema. A folder stands for the data files directly inside it, in name
 * order (see data-paths.ts).
 *
 * Schema: `schema`, else `schemaFile`, else `catalog.get(name)`, else inferred from the data. File
 * columns not in a known schema are an error (KQL307, with a suggestion) unless `allowExtraColumns`;
 * schema columns a file lacks are null ("" for strings). A value that does not fit its column rejects its
 * row with an error naming file, line, column and reason; up to `maxErrors` rejected rows are reported
 * in the summary, one more fails the load.
 *
 * @throws KqlError (kind 'data', codes KQL301..KQL311)
 */
export function loadTable(files: readonly string[], opts: LoadOptions): { table: Table; summary: LoadSummary } {
  if (files.length === 0) throw badFileError(`no data files given for table '${opts.name}'`, {});
  return loadAll(expandDataPaths(files).map((f) => fileSource(f, opts.format)), opts);
}

/** {@link loadTable} over data already in memory (for tests and for callers that read files themselves). */
export function loadSources(sources: readonly DataSource[], opts: LoadOptions): { table: Table; summary: LoadSummary } {
  return loadAll(sources, opts);
}

function sizeOf(src: Source): number {
  return 'path' in src ? src.size : typeof src.data === 'string' ? src.data.length : src.data.length;
}

function loadAll(sources: readonly Source[], opts: LoadOptions): { table: Table; summary: LoadSummary } {
  let known: readonly ColumnInfo[] | undefined = opts.schema;
  let schemaSource: LoadSummary['schemaSource'] = 'explicit';
  if (!known && opts.schemaFile) known = readSchemaFile(opts.schemaFile);
  if (!known && opts.catalog) {
    known = opts.catalog.get(opts.name);
    schemaSource = 'catalog';
  }
  if (!known) schemaSource = 'inferred';

  const schema: ColumnInfo[] = known ? known.map((c) => ({ ...c })) : [];
  const dup = schema.find((c, i) => schema.findIndex((d) => d.name === c.name) !== i);
  if (dup) throw badSchemaError(`column '${dup.name}' is declared twice in the schema of table '${opts.name}'`);
  const plan: LoadPlan = {
    table: opts.name,
    schema,
    index: new Map(schema.map((c, i) => [c.name, i])),
    known: known !== undefined,
    knownNames: schema.map((c) => c.name),
  };

  const inferring = !known || opts.allowExtraColumns === true;
  const bytesTotal = sources.reduce((n, s) => n + sizeOf(s), 0) * (inferring ? 2 : 1);
  let inferred = { bytes: 0, notes: [] as KqlError[] };
  if (inferring) inferred = addInferredColumns(sources, plan, opts, bytesTotal);

  const ctx = new LoadContext(plan, opts, schemaSource);
  ctx.bytesTotal = bytesTotal;
  ctx.bytesDone = inferred.bytes;
  for (const w of inferred.notes) ctx.warn(w);
  for (const src of sources) {
    const fs = src.format === 'csv' ? loadCsv(src, ctx) : loadJson(src, ctx);
    ctx.summary.files.push(fs);
    ctx.summary.read += fs.read;
  }
  return { table: ctx.table(), summary: ctx.summary };
}

/**
 * Inference pass: columns of the files that the schema lacks are appended (first-seen order across
 * files) with the type their values suggest. In known-schema mode this runs only for allowExtraColumns.
 * Returns the bytes read and a KQL323 warning for each column kept as text so as not to round numbers.
 */
function addInferredColumns(sources: readonly Source[], plan: LoadPlan, opts: LoadOptions, bytesTotal: number): { bytes: number; notes: KqlError[] } {
  const guesses = new Map<string, ColumnGuess>();
  const order: string[] = [];
  const want = (name: string): ColumnGuess | undefined => {
    if (plan.index.has(name)) return undefined;
    let g = guesses.get(name);
    if (!g) {
      g = new ColumnGuess();
      guesses.set(name, g);
      order.push(name);
    }
    return g;
  };
  // Inference reads the files with the plan as it stands (known columns are loaded; the rest guessed at).
  const ctx = new LoadContext(plan, opts, 'inferred');
  ctx.bytesTotal = bytesTotal;
  for (const src of sources) {
    if (src.format === 'csv') inferCsv(src, ctx, want);
    else inferJson(src, ctx, want);
  }
  const notes: KqlError[] = [];
  const files = sources.map((s) => s.file).join(', ');
  for (const name of order) {
    const g = guesses.get(name)!;
    plan.index.set(name, plan.schema.length);
    plan.schema.push({ name, type: g.result() });
    const note = g.note();
    if (note) notes.push(dataWarning(DataCode.inexactColumn, `column '${name}' of table '${opts.name}' ${note}`, { file: files }));
  }
  return { bytes: ctx.bytesDone, notes };
}
