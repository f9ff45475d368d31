// Running test specs: for each case, build its tables, run the rule with the case's frozen `now`, and
// check the expectations (fires, row count, exact rows, expected error). A failing case carries a diff
// down to row and column, the row count after each `|` stage, and (for small inputs) an explanation
// of where each input row stopped. Invalid specs, rules and data files are errors, not failures.

import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatDiagnostic, KqlError } from '../diagnostics.js';
import { suggest } from '../engine/binder/suggest.js';
import { compileQuery } from '../engine/index.js';
import { showValue, compareRows, formatDiff } from './compare.js';
import { CoverageCollector, type RuleCoverage } from './coverage.js';
import { loadRuleFile, runRule, stageCounts, formatStages, type LoadedRule, type RuleRun, type Stage } from './execute.js';
import { explainRow, formatExplanation, type Explanation } from './explain.js';
import { buildFixture, catalogFor, mergeTables, type Fixture } from './fixtures.js';
import { checkRuleMetadata } from './metadata.js';
import { mainTable, scannedTables, walkPlans } from './plan-walk.js';
import { loadSpec, type CaseSpec, type TestSpec } from './spec.js';

export type CaseStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface Failure {
  /** One line saying what did not hold. */
  message: string;
  /** The diff, rows, or problems, one per line. */
  details: string[];
}

export interface CaseResult {
  name: string;
  /** Line of the case in the spec (0 for the metadata check). */
  line: number;
  kind: 'case' | 'metadata';
  status: CaseStatus;
  durationMs: number;
  failures: Failure[];
  /** For status 'error': the problem, printed as `file:line:col: error CODE: message`. */
  error?: KqlError;
  skipReason?: string;
  rowCount?: number;
  stages?: Stage[];
  explanations?: Explanation[];
  /** Warnings that did not fail the case (metadata). */
  notes?: string[];
}

export interface SpecResult {
  file: string;
  /** The spec path as shown (relative to the working directory). */
  display: string;
  name?: string;
  rule?: string;
  cases: CaseResult[];
  /** The spec itself is invalid (or its rule or data could not be read): no case ran. */
  error?: KqlError;
  durationMs: number;
}

export interface RunOptions {
  cwd?: string;
  /** Keep only cases whose name or spec path contains this text (or matches this /regex/). */
  filter?: string;
  coverage?: boolean;
  /** Run the Sentinel metadata checks on YAML rules (default true; a spec can turn them off). */
  metadata?: boolean;
  /** Stop a query that runs longer than this. */
  timeoutMs?: number;
  /** Stop a query whose operators would hold more than this many bytes (default: half of V8's heap limit). */
  memoryLimit?: number;
}

export interface Counts {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
}

export interface RunSummary {
  specs: SpecResult[];
  counts: Counts;
  durationMs: number;
  coverage?: RuleCoverage[];
  /** The --filter text when it matched no case (the run then fails: a filter that selects nothing is a mistake). */
  unmatchedFilter?: string;
  /** Cases the spec files hold (before filtering), for the message when the filter matched none. */
  casesSearched?: number;
}

/** A filter test for a case: substring (case-insensitive) of "spec › case", or /regex/flags. */
export function caseFilter(filter: string | undefined): (spec: string, name: string) => boolean {
  if (!filter) return () => true;
  const re = /^\/(.+)\/([a-z]*)$/.exec(filter);
  if (re) {
    let rx: RegExp;
    try {
      rx = new RegExp(re[1]!, re[2]);
    } catch (e) {
      throw new KqlError({ code: 'KQL501', kind: 'usage', message: `--filter: invalid regular expression: ${(e as Error).message}` });
    }
    return (spec, name) => rx.test(`${spec} › ${name}`);
  }
  const f = filter.toLowerCase();
  return (spec, name) => `${spec} › ${name}`.toLowerCase().includes(f);
}

function display(file: string, cwd: string): string {
  const r = relative(cwd, resolve(cwd, file));
  return r.startsWith('..') ? resolve(cwd, file) : r;
}

/** Columns compared as sets: named in the spec, or made by make_set somewhere in the rule. */
function setColumns(rule: LoadedRule, run: RuleRun, named: string[]): Set<string> {
  const out = new Set(named);
  walkPlans(run.root, (p) => {
    if (p.op !== 'summarize') return;
    for (const a of p.aggregates) {
      const text = a.span ? rule.text.query.slice(a.span.start, a.span.end) : '';
      if (/^\s*(?:[\w$]+\s*=\s*)?(?:make_?set(?:_if)?)\s*\(/i.test(text)) for (const n of a.names) out.add(n);
    }
  });
  return out;
}

/** The rule a spec names (a missing rule file is an error at the spec's `rule:` line), or its inline query. */
export function ruleForSpec(spec: TestSpec, shown: string, cwd: string): LoadedRule {
  if (spec.rule) {
    if (!existsSync(spec.rule.path)) {
      throw new KqlError({ code: 'KQL502', kind: 'usage', message: `rule file not found: ${display(spec.rule.path, cwd)}`, file: shown, line: spec.rule.pos.line, column: spec.rule.pos.column });
    }
    return loadRuleFile(spec.rule.path, cwd);
  }
  return { key: `${resolve(cwd, spec.file)}#query`, display: `${shown} (query)`, text: { query: spec.query!.text, source: { ...spec.query!.source, file: shown } } };
}

/** Shared state of one run: rules read once, metadata checked once per rule, coverage collected. */
export class Runner {
  readonly cwd: string;
  readonly coverage?: CoverageCollector;
  private readonly metadataDone = new Set<string>();
  /** Warnings already shown for the spec being run. */
  private specNotes = new Set<string>();
  private readonly filter: (spec: string, name: string) => boolean;
  /** Cases in the specs read so far, before filtering. */
  casesSeen = 0;

  constructor(readonly opts: RunOptions = {}) {
    this.cwd = opts.cwd ?? process.cwd();
    if (opts.coverage) this.coverage = new CoverageCollector();
    this.filter = caseFilter(opts.filter);
  }

  /** Run every case of one spec file. */
  runSpec(file: string): SpecResult {
    const t0 = performance.now();
    this.specNotes = new Set();
    const shown = display(file, this.cwd);
    const result: SpecResult = { file, display: shown, cases: [], durationMs: 0 };
    let spec: TestSpec;
    let rule: LoadedRule;
    try {
      spec = loadSpec(resolve(this.cwd, file));
      spec.file = shown;
      result.name = spec.name;
      rule = ruleForSpec(spec, shown, this.cwd);
      result.rule = rule.display;
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      if (e.file && !e.source) e.file = display(e.file, this.cwd);
      result.error = e;
      result.durationMs = performance.now() - t0;
      return result;
    }
    this.casesSeen += spec.cases.length;
    const selected = spec.cases.filter((c) => this.filter(shown, c.name));
    if (rule.file && spec.metadataChecks && this.opts.metadata !== false && /\.ya?ml$/i.test(rule.file) && !this.metadataDone.has(rule.key)) {
      const name = `Sentinel metadata of ${rule.display}`;
      if (this.filter(shown, name) && (selected.length || !this.opts.filter)) {
        this.metadataDone.add(rule.key);
        result.cases.push(this.metadataCase(rule, spec, name));
      }
    }
    for (const c of selected) result.cases.push(this.runCase(spec, rule, c));
    result.durationMs = performance.now() - t0;
    return result;
  }

  private metadataCase(rule: LoadedRule, spec: TestSpec, name: string): CaseResult {
    const t0 = performance.now();
    const res: CaseResult = { name, line: 0, kind: 'metadata', status: 'pass', durationMs: 0, failures: [] };
    try {
      const problems = checkRuleMetadata(rule.file!, { catalog: catalogFor(spec.schemaFlavor) });
      for (const p of problems) p.file = rule.display;
      const errors = problems.filter((p) => p.severity === 'error');
      const warnings = problems.filter((p) => p.severity === 'warning');
      if (errors.length) {
        res.status = 'fail';
        res.failures.push({
          message: `${errors.length} metadata problem${errors.length === 1 ? '' : 's'}`,
          details: errors.map((p) => formatDiagnostic(p)),
        });
      }
      if (warnings.length) res.notes = warnings.map((p) => formatDiagnostic(p));
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      res.status = 'error';
      res.error = e;
    }
    res.durationMs = performance.now() - t0;
    return res;
  }

  /** Run one case. */
  runCase(spec: TestSpec, rule: LoadedRule, c: CaseSpec): CaseResult {
    const t0 = performance.now();
    const res: CaseResult = { name: c.name, line: c.pos.line, kind: 'case', status: 'pass', durationMs: 0, failures: [] };
    const finish = (): CaseResult => {
      res.durationMs = performance.now() - t0;
      if (res.status === 'pass' && res.failures.length) res.status = 'fail';
      return res;
    };
    if (c.skip) {
      res.status = 'skip';
      res.skipReason = c.skip;
      return finish();
    }
    const now = (c.now ?? spec.now)!.ticks;
    const catalog = catalogFor(spec.schemaFlavor);
    let fixture: Fixture;
    let run: RuleRun | undefined;
    try {
      fixture = buildFixture(mergeTables(spec.tables, c.tables), { file: spec.file, catalog, cwd: this.cwd, now });
    } catch (e) {
      return this.errored(res, e, finish);
    }
    // Values a view's conversions left null: noted once per spec (on the first case that meets them).
    for (const w of fixture.warnings) {
      const text = formatDiagnostic(w);
      if (this.specNotes.has(text)) continue;
      this.specNotes.add(text);
      (res.notes ??= []).push(text);
    }
    try {
      run = runRule(rule, fixture.tables, catalog, now, { timeoutMs: this.opts.timeoutMs, memoryLimit: this.opts.memoryLimit });
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      const want = c.expect.error;
      if (!want) return this.errored(res, e, finish);
      const codeOk = !want.code || want.code === e.code;
      const msgOk = !want.message || e.message.toLowerCase().includes(want.message.toLowerCase());
      if (!codeOk || !msgOk) {
        res.failures.push({
          message: `expected the query to fail with ${[want.code, want.message && `a message containing ${JSON.stringify(want.message)}`].filter(Boolean).join(' and ')} (line ${want.pos.line}), but it failed with ${e.code}: ${e.message}`,
          details: [formatDiagnostic(e)],
        });
      }
      return finish();
    }

    // Tables given to the case that nothing reads are almost always a misspelt table name.
    const read = scannedTables(run.root);
    const tableSpecs = mergeTables(spec.tables, c.tables);
    for (const t of tableSpecs) {
      if (!read.has(t.name) && !fixture.viewSources.has(t.name)) {
        const hint = suggest(t.name, read);
        return this.errored(
          res,
          new KqlError({
            code: 'KQL416',
            kind: 'usage',
            message: `table '${t.name}' is given but the rule never reads it${hint ? ` (did you mean '${hint}'?)` : read.size ? ` (it reads ${[...read].join(', ')})` : ''}`,
            file: spec.file,
            line: t.pos.line,
            column: t.pos.column,
          }),
          finish,
        );
      }
    }

    const rt = rule.text;
    const n = run.result.rows.length;
    res.rowCount = n;
    res.stages = stageCounts(run, rt);
    this.coverage?.record(rule, run);
    const x = c.expect;
    try {
      if (x.error) {
        res.failures.push({
          message: `expected the query to fail${x.error.code ? ` with ${x.error.code}` : ''} (line ${x.error.pos.line}), but it ran and returned ${n} row${n === 1 ? '' : 's'}`,
          details: [],
        });
      }
      if (x.fires && x.fires.value && n === 0) {
        res.failures.push({ message: `expected the rule to fire (line ${x.fires.pos.line}), but it returned no rows`, details: [] });
      }
      if (x.fires && !x.fires.value && n > 0) {
        res.failures.push({
          message: `expected the rule not to fire (line ${x.fires.pos.line}), but it returned ${n} row${n === 1 ? '' : 's'}`,
          details: resultPreview(run, 5),
        });
      }
      if (x.rowCount && x.rowCount.value !== n) {
        res.failures.push({ message: `expected ${x.rowCount.value} row${x.rowCount.value === 1 ? '' : 's'} (line ${x.rowCount.pos.line}), got ${n}`, details: [] });
      }
      if (x.rows) {
        const diff = compareRows(run.result, x.rows.rows, { ordered: x.ordered, sets: setColumns(rule, run, x.sets), file: spec.file });
        if (diff.length) {
          res.failures.push({
            message: `the result differs from expect.rows (line ${x.rows.pos.line}): expected ${x.rows.rows.length} row${x.rows.rows.length === 1 ? '' : 's'}${x.ordered ? ' in order' : ''}, got ${n}`,
            details: formatDiff(diff),
          });
        }
      }
    } catch (e) {
      return this.errored(res, e, finish);
    }

    // Explanations: on request, or for a failing case with a small main table.
    const main = mainTable(run.root);
    const input = main ? fixture.tables.get(main) : undefined;
    if (main && input && (c.explain || (res.failures.length && input.length <= 10 && !x.error))) {
      const origins = fixture.origins.get(main) ?? [];
      res.explanations = [];
      for (let i = 0; i < Math.min(input.length, 50); i++) res.explanations.push(explainRow(rt, run, main, i, origins[i]?.label));
    }
    return finish();
  }

  private errored(res: CaseResult, e: unknown, finish: () => CaseResult): CaseResult {
    if (!(e instanceof KqlError)) throw e;
    if (e.file && !e.source) e.file = display(e.file, this.cwd);
    res.status = 'error';
    res.error = e;
    return finish();
  }

  /** Coverage of the rules run so far. */
  coverageReport(): RuleCoverage[] | undefined {
    return this.coverage?.report();
  }
}

/** The first rows of a result, as `{ Column: value, ... }` lines. */
function resultPreview(run: RuleRun, max: number): string[] {
  const cols = run.result.columns;
  const lines = run.result.rows.slice(0, max).map((r, i) => `result row ${i + 1}: { ${r.map((v, j) => `${cols[j]!.name}: ${showValue(v, cols[j]!.type)}`).join(', ')} }`);
  if (run.result.rows.length > max) lines.push(`… and ${run.result.rows.length - max} more`);
  return lines;
}

export function countResults(specs: SpecResult[]): Counts {
  const c: Counts = { total: 0, passed: 0, failed: 0, errors: 0, skipped: 0 };
  for (const s of specs) {
    if (s.error) {
      c.total++;
      c.errors++;
    }
    for (const r of s.cases) {
      c.total++;
      if (r.status === 'pass') c.passed++;
      else if (r.status === 'fail') c.failed++;
      else if (r.status === 'error') c.errors++;
      else c.skipped++;
    }
  }
  return c;
}

/** Run spec files in order and summarize. */
export function runSpecs(files: string[], opts: RunOptions = {}): RunSummary {
  warmUp();
  const t0 = performance.now();
  const runner = new Runner(opts);
  let specs = files.map((f) => runner.runSpec(f));
  const summary: RunSummary = { specs, counts: countResults(specs), durationMs: 0, coverage: runner.coverageReport() };
  // Under --filter, specs with no matching case are left out of the report.
  if (opts.filter) {
    specs = specs.filter((s) => s.error || s.cases.length);
    if (!specs.length) {
      summary.unmatchedFilter = opts.filter;
      summary.casesSearched = runner.casesSeen;
    }
    summary.specs = specs;
  }
  summary.durationMs = performance.now() - t0;
  return summary;
}

let warm = false;

/** Build the parser once before timing anything, so the first case's time is its own. */
function warmUp(): void {
  if (warm) return;
  warm = true;
  try {
    compileQuery('print 1', {}, 0n);
  } catch {
    // nothing to warm: errors show up in the cases
  }
}

/**
 * 0 when everything passed, 2 when a spec, rule or data file is invalid, else 1 when a case failed,
 * coverage is below `minCoverage` or --filter matched no case.
 */
export function exitCodeOf(s: RunSummary, minCoverage?: number): number {
  if (s.counts.errors) return 2;
  if (s.counts.failed || s.unmatchedFilter !== undefined) return 1;
  if (coverageShortfall(s, minCoverage)) return 1;
  return 0;
}

/** Why the run's coverage fails `minCoverage`, or undefined when it does not. */
export function coverageShortfall(s: RunSummary, minCoverage?: number): string | undefined {
  if (minCoverage === undefined || !s.coverage) return undefined;
  const overall = CoverageCollector.overall(s.coverage);
  if (overall >= minCoverage) return undefined;
  const total = s.coverage.reduce((n, r) => n + r.total, 0);
  const covered = s.coverage.reduce((n, r) => n + r.covered, 0);
  const pct = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
  return (
    `coverage ${pct(overall)} is below --min-coverage ${pct(minCoverage)}: the cases saw ${covered} of the ${total} where-branch outcomes ` +
    `(each branch keeping a row and dropping a row); add cases for the branches listed under Coverage`
  );
}

export { formatStages, formatExplanation };
