// Command-line data sources shared by `run`, `check` and `explain`: --table NAME=PATH (repeatable; several
// Command-line data sources shared by `run`, `check` and `explain`: --table NAME=PATH (repeatable; several
// files for one name are unioned; a folder stands for its data files), --view NAME=FILE, --schema
// NAME=FILE, the bundled schema catalog, --max-errors N and --allow-extra-columns (keep file columns a
// known schema lacks).

import { formatDiagnostic, type KqlError } from '../diagnostics.js';
import type { ViewDefinition } from '../engine/index.js';
import { materializeViews } from '../engine/views.js';
import { readTextFile } from '../io.js';
import { loadTable, type LoadSummary } from '../tables/load.js';
import { progressBar } from '../tables/progress.js';
import { readSchemaFile, SchemaCatalog, type SchemaFlavor } from '../tables/schema.js';
import type { Table } from '../tables/table.js';
import { oneOf, pairs, intFlag, type ParsedArgs } from './args.js';

export const SOURCE_FLAGS = {
  table: { value: true, repeat: true },
  view: { value: true, repeat: true },
  schema: { value: true, repeat: true },
  'schema-flavor': { value: true },
  'max-errors': { value: true },
  'allow-extra-columns': {},
} as const;

export interface LoadedSources {
  catalog: SchemaCatalog;
  tables: Map<string, Table>;
  views: Map<string, ViewDefinition[]>;
  summaries: { name: string; summary: LoadSummary }[];
  /** Warnings about the views' rows (values their conversions left null), when the views were run. */
  viewWarnings: KqlError[];
}

/**
 * Load the tables, schemas and views the flags name. With `now`, the views are run once into tables
 * (so every query reads the same rows, and conversions that failed in a view are reported); without it
 * they stay views (for binding without data).
 */
export function loadSources(args: ParsedArgs, opts: { now?: bigint } = {}): LoadedSources {
  const flavor = oneOf<SchemaFlavor>(args, 'schema-flavor', ['merged', 'defender', 'sentinel'], 'merged');
  let catalog = SchemaCatalog.bundled(flavor);
  const schemaFiles = pairs(args, 'schema');
  if (schemaFiles.length) catalog = catalog.withTables(schemaFiles.map(([name, file]) => [name, readSchemaFile(file)] as const));
  const maxErrors = intFlag(args, 'max-errors', 0);
  const byName = new Map<string, string[]>();
  for (const [name, file] of pairs(args, 'table')) byName.set(name, [...(byName.get(name) ?? []), file]);
  const tables = new Map<string, Table>();
  const summaries: LoadedSources['summaries'] = [];
  for (const [name, files] of byName) {
    // A bar on stderr for loads that take more than a few seconds, when stderr is a terminal.
    const bar = args.flags.has('quiet') ? undefined : progressBar({ label: name });
    try {
      const { table, summary } = loadTable(files, { name, catalog, maxErrors, allowExtraColumns: args.flags.has('allow-extra-columns'), onProgress: bar?.onProgress });
      tables.set(name, table);
      summaries.push({ name, summary });
    } finally {
      bar?.done();
    }
  }
  const views = new Map<string, ViewDefinition[]>();
  for (const [name, file] of pairs(args, 'view')) {
    views.set(name, [...(views.get(name) ?? []), { query: readTextFile(file), file }]);
  }
  let viewWarnings: KqlError[] = [];
  if (opts.now !== undefined && views.size) {
    const done = materializeViews({ tables, views, catalog }, opts.now);
    for (const [name, t] of done.tables) tables.set(name, t);
    views.clear();
    viewWarnings = done.warnings;
  }
  return { catalog, tables, views, summaries, viewWarnings };
}

/** One line per loaded table: rows read, loaded and rejected, then each rejected row. */
export function describeLoads(s: LoadedSources, quiet = false): string[] {
  const lines: string[] = [];
  const rows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;
  for (const { name, summary } of s.summaries) {
    // Quiet drops the summary line of a table that loaded every row; rejected rows and warnings always show.
    if (!quiet || summary.rejected > 0) lines.push(`loaded ${name}: ${rows(summary.read)} read, ${summary.loaded} loaded, ${summary.rejected} rejected`);
    for (const e of summary.errors) lines.push(`  ${e.file ?? ''}:${e.line ?? ''}: rejected: ${e.message}`);
    for (const w of summary.warnings) lines.push(formatDiagnostic(w));
  }
  for (const w of s.viewWarnings) lines.push(formatDiagnostic(w));
  return lines;
}
