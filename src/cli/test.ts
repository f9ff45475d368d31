// `kqlite test`: find rule test specs (*.kqltest.yaml), run them, and report PASS/FAIL per case with a
// diff, per-stage row counts and explanations for failures; JSON or JUnit XML for tools; coverage of
// the rules' where branches; watch mode. Exit 0 all pass, 1 a case failed (or coverage too low, or a
// filter that matched nothing), 2 invalid spec/rule/data.

import { existsSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { KqlError } from '../diagnostics.js';
import { findSpecFiles, specDependencies, SPEC_PATTERN } from '../harness/discover.js';
import { clearFixtureCache } from '../harness/fixtures.js';
import { formatJson, formatJunit, formatText, summaryLine } from '../harness/reporters.js';
import { exitCodeOf, runSpecs, type RunSummary } from '../harness/runner.js';
import { flag, memoryLimitFlag, oneOf, parseArgs, usageError, type ParsedArgs } from './args.js';
import type { Io } from './io.js';

export const TEST_HELP = `usage: kqlite test [files or folders]... [options]

Runs rule test specs (*.kqltest.yaml; folders are searched recursively, default: the current folder)
and prints PASS/FAIL per case. A failing case shows what differs, down to row and column, and the
row count after each | stage of the query. See docs/testing.md for the spec format.

  --format F           text (default), json or junit (JUnit XML for CI)
  -o, --output FILE    write the report to FILE (and a summary line to stdout)
  --filter TEXT        run only cases whose "spec › case name" contains TEXT (or matches /regex/)
  --coverage           report, per rule, which where predicates and and/or branches the suite has
                       seen keep a row and drop a row
  --min-coverage N     fail (exit 1) when that coverage is below N percent (implies --coverage)
  -v, --verbose        show stage counts and explanations for passing cases too
  --no-metadata        skip the Sentinel metadata checks of YAML rules
  --timeout SECONDS    stop a query that runs longer than this (KQL203)
  --max-memory MB      stop a query whose operators would hold more than this (KQL206); default:
                       half of Node's heap limit
  --watch              run again whenever a spec, rule or data file changes (Ctrl-C to stop)

Exit status: 0 when every case passes; 1 when a case fails, coverage is below --min-coverage or
--filter matches no case; 2 when a spec, rule or data file is invalid.`;

const FLAGS = {
  format: { value: true },
  output: { value: true, short: 'o' },
  filter: { value: true },
  coverage: {},
  'min-coverage': { value: true },
  verbose: { short: 'v' },
  'no-metadata': {},
  timeout: { value: true },
  'max-memory': { value: true },
  watch: {},
  debug: {},
  help: { short: 'h' },
} as const;

interface TestSettings {
  paths: string[];
  format: 'text' | 'json' | 'junit';
  output?: string;
  filter?: string;
  coverage: boolean;
  minCoverage?: number;
  verbose: boolean;
  metadata: boolean;
  timeoutMs?: number;
  memoryLimit?: number;
  cwd: string;
}

function settings(args: ParsedArgs, cwd: string): TestSettings {
  const mc = flag(args, 'min-coverage');
  let minCoverage: number | undefined;
  if (mc !== undefined) {
    if (!/^\d+(\.\d+)?%?$/.test(mc) || Number(mc.replace('%', '')) > 100) throw usageError(`option '--min-coverage' needs a percentage from 0 to 100, not '${mc}'`);
    minCoverage = Number(mc.replace('%', ''));
  }
  const timeout = flag(args, 'timeout');
  if (timeout !== undefined && !/^\d+(\.\d+)?$/.test(timeout)) throw usageError(`option '--timeout' needs a number of seconds, not '${timeout}'`);
  return {
    paths: args.positionals,
    format: oneOf(args, 'format', ['text', 'json', 'junit'] as const, 'text'),
    output: flag(args, 'output'),
    filter: flag(args, 'filter'),
    coverage: args.flags.has('coverage') || minCoverage !== undefined,
    minCoverage,
    verbose: args.flags.has('verbose'),
    metadata: !args.flags.has('no-metadata'),
    timeoutMs: timeout !== undefined ? Number(timeout) * 1000 : undefined,
    memoryLimit: memoryLimitFlag(args),
    cwd,
  };
}

/** Run the suite once and print the report; returns the exit code and the summary. */
function runOnce(s: TestSettings, io: Io): { code: number; summary: RunSummary } {
  const files = findSpecFiles(s.paths, s.cwd);
  const summary = runSpecs(files, { cwd: s.cwd, filter: s.filter, coverage: s.coverage, metadata: s.metadata, timeoutMs: s.timeoutMs, memoryLimit: s.memoryLimit });
  const code = exitCodeOf(summary, s.minCoverage);
  const report =
    s.format === 'json' ? formatJson(summary, { minCoverage: s.minCoverage })
    : s.format === 'junit' ? formatJunit(summary)
    : formatText(summary, { verbose: s.verbose, minCoverage: s.minCoverage });
  if (s.output) {
    try {
      writeFileSync(resolve(s.cwd, s.output), report + '\n');
    } catch (e) {
      throw new KqlError({ code: 'KQL504', kind: 'usage', message: `cannot write ${s.output}: ${(e as Error).message}`, file: s.output });
    }
    io.out(summaryLine(summary, s.minCoverage));
  } else io.out(report);
  return { code, summary };
}

export function testCommand(argv: string[], io: Io, cwd = process.cwd()): number {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.has('help')) {
    io.out(TEST_HELP);
    return 0;
  }
  const s = settings(args, cwd);
  if (args.flags.has('watch')) {
    // The watchers keep the process running; Ctrl-C ends it.
    void watchTests(s, io);
    return 0;
  }
  return runOnce(s, io).code;
}

export interface WatchOptions {
  /** Stops watching (the returned promise then resolves). */
  signal?: AbortSignal;
  /** Wait this long after the last change before running (default 150 ms). */
  debounceMs?: number;
  /** Called after each run with its exit code. */
  onRun?: (code: number) => void;
}

/** Watch mode: run, then run again whenever a spec, rule, data file or config changes or a spec appears. */
export function watchTestsCommand(argv: string[], io: Io, opts: WatchOptions = {}, cwd = process.cwd()): Promise<void> {
  const args = parseArgs(argv.filter((a) => a !== '--watch'), FLAGS);
  return watchTests(settings(args, cwd), io, opts);
}

function watchTests(s: TestSettings, io: Io, opts: WatchOptions = {}): Promise<void> {
  const watchers = new Map<string, FSWatcher>();
  let watched = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const run = (): void => {
    let code = 2;
    try {
      code = runOnce(s, io).code;
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      io.err(`${e.file ? `${e.file}: ` : ''}error ${e.code}: ${e.message}`);
    }
    // Watch every file the specs read, through their folders (editors often replace files on save).
    let files: string[] = [];
    try {
      files = findSpecFiles(s.paths, s.cwd).flatMap((f) => specDependencies(f));
    } catch {
      files = [];
    }
    watched = new Set(files);
    const roots = (s.paths.length ? s.paths : ['.']).map((p) => resolve(s.cwd, p));
    const dirs = new Set<string>([...files.map((f) => dirname(f)), ...roots.filter((r) => !SPEC_PATTERN.test(r))]);
    for (const [d, w] of watchers) {
      if (!dirs.has(d)) {
        w.close();
        watchers.delete(d);
      }
    }
    for (const d of dirs) {
      if (watchers.has(d)) continue;
      try {
        const w = watch(d, (_event, name) => {
          const full = name ? resolve(d, name.toString()) : undefined;
          if (full && !watched.has(full) && !SPEC_PATTERN.test(basename(full))) return;
          schedule(full);
        });
        w.on('error', () => undefined);
        watchers.set(d, w);
      } catch {
        // a folder that does not exist (yet) is not watched
      }
    }
    const existing = [...watched].filter((f) => existsSync(f)).length;
    io.out(`\nwatching ${existing} file${existing === 1 ? '' : 's'} for changes (Ctrl-C to stop)`);
    opts.onRun?.(code);
  };

  const schedule = (file?: string): void => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      io.out(`\nchanged: ${file ?? 'a watched file'}; running again`);
      clearFixtureCache();
      run();
    }, opts.debounceMs ?? 150);
  };

  return new Promise<void>((resolveDone) => {
    const stop = (): void => {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
      resolveDone();
    };
    if (opts.signal?.aborted) return stop();
    opts.signal?.addEventListener('abort', stop, { once: true });
    run();
  });
}
