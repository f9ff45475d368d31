// Fuzz targets: the lexer and parser, the binder and engine, the CSV and JSON loaders, and the CLI's
// argument handling. Each target must either succeed or throw kqlite's own KqlError: anything else
// (a TypeError, a RangeError from deep recursion, a hang) is a crash.

import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQuery } from '../../src/api.js';
import { main } from '../../src/cli/main.js';
import { KqlError } from '../../src/diagnostics.js';
import { parse } from '../../src/parser/index.js';
import { loadSources } from '../../src/tables/load.js';
import { SchemaCatalog } from '../../src/tables/schema.js';

/** Run `fn`; a KqlError is an accepted outcome, any other exception is returned as a crash. */
export function outcome(fn: () => unknown): Error | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof KqlError) return undefined;
    return e instanceof Error ? e : new Error(String(e));
  }
}

const KQL_PIECES = [
  'T', '|', 'where', 'summarize', 'count()', 'by', 'x', 'has', '"a"', "'b'", '==', '!=', '=~', 'between', '(', ')', '..',
  '[', ']', '{', '}', ',', ';', 'let', '=', 'dynamic([1,2])', 'datetime(2024-01-01)', '1d', '5', '-', '+', '*', '/', 'and', 'or',
  'not(', 'extend', 'project', 'join', 'on', 'union', 'mv-expand', 'parse', 'with', '@"x"', '```', '//c\n', '\n', ' ', '.', 'in~',
  'make_set(x)', 'tostring(', 'ago(1h)', 'now()', '$left.x', 'kind=inner', 'take 5', 'sort by x', 'top 3 by x', 'h"s"', '\u00e9', '\u0000',
];

/** KQL-ish text: random sequences of real tokens, plus arbitrary strings. */
export const kqlText = fc.oneof(
  fc.array(fc.constantFrom(...KQL_PIECES), { maxLength: 40 }).map((a) => a.join(' ')),
  fc.array(fc.constantFrom(...KQL_PIECES), { maxLength: 40 }).map((a) => a.join('')),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
);

/** Parse arbitrary text. */
export function fuzzParser(text: string): Error | undefined {
  return outcome(() => parse(text));
}

/** Parse, bind and run arbitrary text over a small table. */
export function fuzzEngine(text: string): Error | undefined {
  return outcome(() =>
    runQuery(text, {
      now: '2024-06-30T12:00:00Z',
      tables: { T: [{ x: 1, s: 'a b' }, { x: null, s: '' }] },
      timeoutMs: 2000,
    }),
  );
}

const CSV_PIECES = ['a', 'b', ',', '"', '""', '\n', '\r\n', '\r', '1', '1.0', '-', 'True', '2024-06-30T12:00:00Z', ' ', '\u0000', '\ufeff', '{"k":1}', '9007199254740993', '1e400', 'é'];

/** CSV-ish and JSON-ish file contents, as bytes. */
export const fileBytes = fc.oneof(
  fc.array(fc.constantFrom(...CSV_PIECES), { maxLength: 60 }).map((a) => Buffer.from(a.join(''), 'utf8')),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc.json().map((j) => Buffer.from(j, 'utf8')),
  fc.array(fc.json(), { maxLength: 5 }).map((a) => Buffer.from(a.join('\n'), 'utf8')),
);

const catalog = SchemaCatalog.bundled();

/** Load arbitrary bytes as CSV and as JSON, with an inferred schema and with a known one. */
export function fuzzLoader(bytes: Buffer): Error | undefined {
  for (const format of ['csv', 'json'] as const) {
    for (const name of ['Fuzz', 'Syslog']) {
      const e = outcome(() => loadSources([{ file: `fuzz.${format}`, data: bytes, format }], { name, catalog, maxErrors: 3 }));
      if (e) return e;
    }
  }
  return undefined;
}

const ARG_PIECES = ['run', 'check', 'test', 'explain', 'help', '--table', '--view', '--now', '--format', 'json', 'jsonl', 'csv', '-q', 'T | count',
  'T=x.csv', '--max-errors', '-1', '3', '--timeout', '--max-memory', '0.5', '--repeat', '--', '--tabel', '=', '', '--format=table', '-h', '--debug', '2024-06-30T12:00:00Z'];

/** Command lines made of real and broken arguments. */
export const argv = fc.array(fc.oneof(fc.constantFrom(...ARG_PIECES), fc.string({ maxLength: 12 })), { maxLength: 8 });

const scratch = mkdtempSync(join(tmpdir(), 'kqlite-fuzz-'));
writeFileSync(join(scratch, 'x.csv'), 'x\n1\n');

/** Run the CLI on arbitrary arguments: it must exit 0, 1 or 2 and never print an internal error. */
export function fuzzCli(args: string[]): Error | undefined {
  const lines: string[] = [];
  const cwd = process.cwd();
  try {
    process.chdir(scratch);
    // --watch would wait for file changes, and a path outside the scratch folder ('/', '..') would have
    // `test` and `check` search the whole disk; neither is a crash to leave out.
    const kept = args.filter((a) => a !== '--watch' && !a.includes('/') && !a.includes('..'));
    const code = main(kept, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    if (![0, 1, 2].includes(code) || lines.some((l) => l.startsWith('internal error'))) {
      return new Error(`exit ${code}: ${lines.join('\n').slice(0, 500)}`);
    }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  } finally {
    process.chdir(cwd);
  }
}
