// `kqlite run`: run rule files (Sentinel YAML or .kql) and inline queries over loaded tables, printing
// each result as a table, JSON, JSON Lines or CSV.

import { resolveNow } from '../api.js';
import { KqlError, formatDiagnostic, type SourceRef } from '../diagnostics.js';
import { compileQuery, executeQuery } from '../engine/index.js';
import { readRuleFile } from '../harness/rule-file.js';
import { resultToJson, tableToResult, type QueryResult } from '../result.js';
import { flag, intFlag, memoryLimitFlag, oneOf, parseArgs, usageError } from './args.js';
import { formatCsv, formatTable } from './format.js';
import { describeLoads, loadSources, SOURCE_FLAGS } from './sources.js';
import type { Io } from './io.js';

export const RUN_HELP = `usage: kqlite run <rule.yaml | query.kql>... [-q TEXT] --table NAME=PATH ... [options]

Runs each rule or query over the same tables, in the order given, and prints its result.

  -q, --query TEXT          a query given inline (may be combined with files)
  --table NAME=PATH         load a CSV, JSON Lines or JSON file as table NAME (repeatable;
                            several files for one NAME are unioned); a folder: every data file
                            directly in it, in name order
  --view NAME=FILE          define table NAME (also) as the KQL in FILE over other tables
                            (conversions in it that give null are reported as warnings)
  --schema NAME=FILE        the schema of table NAME: Kusto notation "(a:string, b:long)" or JSON
  --schema-flavor F         bundled schemas: merged (default), defender or sentinel
  --now ISO-8601            the instant now() returns (default: the current time)
  --format F                table (default), json, jsonl or csv
  --max-errors N            skip up to N rows that do not load (each is reported); default 0
  --allow-extra-columns     keep file columns the table's known schema lacks (appended after the
                            schema's columns, types inferred); without it such a column is KQL307
  --timeout SECONDS         stop a query that runs longer than this (KQL203)
  --max-memory MB           stop a query whose operators would hold more than this (KQL206);
                            default: half of Node's heap limit
  --timing                  print load_ms=<n> query_ms=<n> on stderr (several queries: the sum of
                            their medians)
  --repeat N                run each query N times over the loaded tables; --timing reports the median
  --quiet                   print no load summary on stderr for tables that loaded every row
                            (rejected rows and warnings are still printed)
  --debug                   show stack traces of internal errors`;

const FLAGS = {
  ...SOURCE_FLAGS,
  query: { value: true, repeat: true, short: 'q' },
  now: { value: true },
  format: { value: true },
  timeout: { value: true },
  'max-memory': { value: true },
  timing: {},
  repeat: { value: true },
  quiet: {},
  debug: {},
  help: { short: 'h' },
} as const;

interface QueryInput {
  file: string;
  query: string;
  source: SourceRef;
}

export function runCommand(argv: string[], io: Io): number {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.has('help')) {
    io.out(RUN_HELP);
    return 0;
  }
  const format = oneOf(args, 'format', ['table', 'json', 'jsonl', 'csv'] as const, 'table');
  const inputs: QueryInput[] = [];
  // Inline queries and files run in the order they are given on the command line. Several inline
  // queries are told apart as <query 1>, <query 2>, ...
  const inline = args.flags.get('query')?.length ?? 0;
  let k = 0;
  for (const { flag: name, value } of args.sequence) {
    if (name === 'query') {
      const file = inline > 1 ? `<query ${++k}>` : '<query>';
      inputs.push({ file, query: value, source: { file, text: value } });
    }
    else if (name === undefined) {
      const r = readRuleFile(value);
      inputs.push({ file: value, query: r.query, source: r.source });
    }
  }
  if (!inputs.length) throw usageError('no query: give rule or query files, or -q TEXT (see kqlite run --help)');
  if (format === 'json' && inputs.length > 1) throw usageError('--format json prints one query; use --format jsonl for several');
  const nowText = flag(args, 'now');
  const now = resolveNow(nowText);
  const timeoutSec = flag(args, 'timeout');
  if (timeoutSec !== undefined && !/^\d+(\.\d+)?$/.test(timeoutSec)) throw usageError(`option '--timeout' needs a number of seconds, not '${timeoutSec}'`);
  const memoryLimit = memoryLimitFlag(args);
  const repeat = Math.max(1, intFlag(args, 'repeat', 1));

  const t0 = performance.now();
  const sources = loadSources(args, { now });
  const loadMs = performance.now() - t0;
  for (const l of describeLoads(sources, args.flags.has('quiet'))) io.err(l);

  let failed = false;
  /** Per query: the median of its runs (a query that fails counts its runs up to the failure). */
  let queryMs = 0;
  const median = (xs: number[]): number => {
    const sorted = xs.slice().sort((a, b) => a - b);
    return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0;
  };
  for (const input of inputs) {
    let result: QueryResult;
    const times: number[] = [];
    try {
      const compiled = compileQuery(input.query, sources, now);
      let table = null;
      for (let i = 0; i < repeat; i++) {
        const q0 = performance.now();
        try {
          table = executeQuery(compiled, sources, { now, timeoutMs: timeoutSec ? Number(timeoutSec) * 1000 : undefined, memoryLimit });
        } finally {
          times.push(performance.now() - q0);
        }
      }
      queryMs += median(times);
      result = tableToResult(table!);
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      queryMs += median(times);
      e.withSource(input.source);
      failed = true;
      if (format === 'jsonl') {
        const { code, message, line, column } = e.toJSON();
        io.out(JSON.stringify({ file: input.file, error: { code, message, line, column } }));
      } else io.err(formatDiagnostic(e));
      continue;
    }
    switch (format) {
      case 'json':
        io.out(resultToJson(result));
        break;
      case 'jsonl':
        io.out(resultToJson(result, { file: input.file }));
        break;
      case 'csv':
        io.out(formatCsv(result).replace(/\r\n$/, ''));
        break;
      default:
        if (inputs.length > 1) io.out(`== ${input.file}`);
        io.out(formatTable(result));
    }
  }
  if (args.flags.has('timing')) io.err(`load_ms=${Math.round(loadMs)} query_ms=${queryMs.toFixed(1)}`);
  return failed ? 2 : 0;
}
