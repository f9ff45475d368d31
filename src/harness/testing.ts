// `kqlite/testing`: rule tests in any vitest suite.
//
//   import { expect, test } from 'vitest';
//   import { loadRule, runRule, installMatchers } from 'kqlite/testing';
//   installMatchers(expect);
//
//   test('fires on encoded PowerShell', () => {
//     const result = runRule(loadRule('rules/encoded-powershell.yaml'), {
//       now: '2024-06-30T12:00:00Z',
//       tables: { DeviceProcessEvents: [{ Timestamp: '2024-06-30T11:00:00Z', FileName: 'powershell.exe', ProcessCommandLine: 'powershell -enc AAAA' }] },
//     });
//     expect(result).toFire();
//     expect(result).toHaveRows([{ DeviceName: '' }]);
//   });
//
// Nothing here imports vitest: the matchers are registered by `installMatchers(expect)` with the
// `expect` the test file already has, so importing this module outside vitest is harmless.

import { resolve } from 'node:path';
import { resolveNow } from '../api.js';
import { KqlError, formatDiagnostic } from '../diagnostics.js';
import type { QueryResult } from '../result.js';
import { loadTable } from '../tables/load.js';
import { SchemaCatalog, type SchemaFlavor } from '../tables/schema.js';
import { Table } from '../tables/table.js';
import type { Value } from '../types.js';
import { compareRows, formatDiff, showValue } from './compare.js';
import { loadRuleFile, runRule as runLoadedRule, stageCounts, formatStages, type LoadedRule, type RuleRun, type Stage } from './execute.js';
import { explainRow, formatExplanation, type Explanation } from './explain.js';
import { inferSchema, rowsToValues } from './fixtures.js';
import { checkRuleFileMetadata } from './metadata.js';
import { mainTable, walkPlans } from './plan-walk.js';
import type { RowSpec } from './spec.js';
import type { Pos, YNode } from './yaml-nodes.js';
// Types only (erased from the JavaScript): lets the matcher declarations below extend vitest's.
import type {} from 'vitest';

export type { Explanation } from './explain.js';
export type { Stage } from './execute.js';

/** A rule to test: from a Sentinel YAML or .kql file, or a query string. */
export type Rule = LoadedRule;

/** Read a rule file (Sentinel analytics-rule YAML or a .kql file). Throws KqlError for a bad file. */
export function loadRule(path: string): Rule {
  return loadRuleFile(resolve(path));
}

/** A rule from KQL text. */
export function ruleFromQuery(kql: string, name = '<query>'): Rule {
  return { key: `query:${name}:${kql}`, display: name, text: { query: kql, source: { file: name, text: kql } } };
}

/** A row of a test table: column name → value as you would write it (ISO datetimes, numbers, arrays). */
export type TestRow = Record<string, unknown>;

export interface RunRuleOptions {
  /** The frozen now() of the run: a Date, an ISO-8601 string or ticks. Required: rules depend on it. */
  now: Date | string | bigint;
  /** Tables by name: row objects (columns left out take the empty value), a data file path, or a Table. */
  tables?: Record<string, TestRow[] | string | Table>;
  /** Bundled schemas to type rows with (default merged), or a catalog. */
  catalog?: SchemaCatalog | SchemaFlavor;
}

const NOWHERE: Pos = { line: 0, column: 0 };

function toNode(v: unknown): YNode {
  if (v === null || v === undefined) return { t: 'scalar', pos: NOWHERE, value: null, block: false };
  if (v instanceof Date) return { t: 'scalar', pos: NOWHERE, value: v.toISOString(), block: false };
  if (Array.isArray(v)) return { t: 'seq', pos: NOWHERE, items: v.map(toNode) };
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return { t: 'scalar', pos: NOWHERE, value: v, block: false };
    case 'object':
      return { t: 'map', pos: NOWHERE, entries: Object.entries(v as object).map(([key, x]) => ({ key, keyPos: NOWHERE, value: toNode(x) })) };
    default:
      return { t: 'scalar', pos: NOWHERE, value: String(v), block: false };
  }
}

function toRowSpec(r: TestRow): RowSpec {
  return { pos: NOWHERE, cells: Object.entries(r).map(([key, v]) => ({ key, keyPos: NOWHERE, value: toNode(v) })) };
}

/** A rule's run: its result, row counts per stage, and explanations of input rows. */
export class RuleResult {
  constructor(
    readonly rule: Rule,
    /** The engine's run (plan, per-node row counts). */
    readonly run: RuleRun,
    /** The input tables. */
    readonly tables: ReadonlyMap<string, Table>,
  ) {}

  get result(): QueryResult {
    return this.run.result;
  }

  get columns(): QueryResult['columns'] {
    return this.run.result.columns;
  }

  /** Result rows in kqlite's value shapes (bigint for long, ticks for datetime). */
  get rows(): Value[][] {
    return this.run.result.rows;
  }

  get rowCount(): number {
    return this.run.result.rows.length;
  }

  /** True when the rule returned at least one row. */
  get fired(): boolean {
    return this.rowCount > 0;
  }

  /** Rows after each `|` stage of the query. */
  get stages(): Stage[] {
    return stageCounts(this.run, this.rule.text);
  }

  /** Result rows as objects keyed by column name. */
  objects(): Record<string, Value>[] {
    const cols = this.columns;
    return this.rows.map((r) => Object.fromEntries(cols.map((c, i) => [c.name, r[i]!])));
  }

  /** Explain where input rows stop: every row of `table` (default: the table the query starts from), or one (1-based). */
  explain(opts: { table?: string; row?: number } = {}): Explanation[] {
    const table = opts.table ?? mainTable(this.run.root);
    if (!table) return [];
    const t = this.tables.get(table);
    if (!t) throw new KqlError({ code: 'KQL416', kind: 'usage', message: `there is no input table '${table}'` });
    const rows = opts.row ? [opts.row - 1] : [...Array(t.length).keys()];
    return rows.map((r) => explainRow(this.rule.text, this.run, table, r));
  }

  /** The explanations as text. */
  explainText(opts: { table?: string; row?: number } = {}): string {
    return this.explain(opts).flatMap((x) => formatExplanation(x, true)).join('\n');
  }

  /** Columns made by make_set (compared as sets by toHaveRows). */
  setColumns(): Set<string> {
    const out = new Set<string>();
    walkPlans(this.run.root, (p) => {
      if (p.op !== 'summarize') return;
      for (const a of p.aggregates) {
        const text = a.span ? this.rule.text.query.slice(a.span.start, a.span.end) : '';
        if (/^\s*(?:[\w$]+\s*=\s*)?make_?set(?:_if)?\s*\(/i.test(text)) for (const n of a.names) out.add(n);
      }
    });
    return out;
  }
}

/** Run a rule (or KQL text) over test tables with a frozen now(). Throws KqlError for bad rules or data. */
export function runRule(rule: Rule | string, opts: RunRuleOptions): RuleResult {
  if (opts?.now === undefined) throw new KqlError({ code: 'KQL412', kind: 'usage', message: 'runRule needs `now` (the frozen time of the run)' });
  const r = typeof rule === 'string' ? ruleFromQuery(rule) : rule;
  const catalog = opts.catalog instanceof SchemaCatalog ? opts.catalog : SchemaCatalog.bundled(opts.catalog ?? 'merged');
  const now = resolveNow(opts.now);
  const tables = new Map<string, Table>();
  for (const [name, t] of Object.entries(opts.tables ?? {})) {
    if (t instanceof Table) tables.set(name, t);
    else if (typeof t === 'string') tables.set(name, loadTable([t], { name, catalog }).table);
    else {
      const specs = t.map(toRowSpec);
      const schema = catalog.get(name) ?? inferSchema(specs);
      tables.set(name, Table.fromRows(schema, rowsToValues(specs, schema, name, '')));
    }
  }
  return new RuleResult(r, runLoadedRule(r, tables, catalog, now), tables);
}

/** Sentinel metadata problems of a YAML rule (errors and warnings; none for .kql or query rules). */
export function checkMetadata(rule: Rule): KqlError[] {
  return rule.file ? checkRuleFileMetadata(rule.file) : [];
}

export interface HaveRowsOptions {
  /** Compare in order (default: as a multiset). */
  ordered?: boolean;
  /** Dynamic columns compared as sets (make_set columns are found automatically). */
  sets?: string[];
}

/** The matchers `installMatchers` adds to `expect`. */
export interface KqlMatchers<R = unknown> {
  /** The rule returned at least one row. */
  toFire(): R;
  /** The rule returned exactly `count` rows. */
  toHaveRowCount(count: number): R;
  /** The result has exactly these rows (each naming the columns it compares). */
  toHaveRows(rows: TestRow[], opts?: HaveRowsOptions): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends KqlMatchers<T> {}
}

interface MatcherContext {
  isNot: boolean;
}

type MatcherResult = { pass: boolean; message: () => string };

function preview(r: RuleResult, max = 5): string[] {
  const cols = r.columns;
  const lines = r.rows.slice(0, max).map((row, i) => `  result row ${i + 1}: { ${row.map((v, j) => `${cols[j]!.name}: ${showValue(v, cols[j]!.type)}`).join(', ')} }`);
  if (r.rowCount > max) lines.push(`  … and ${r.rowCount - max} more`);
  return lines;
}

function context(r: RuleResult, withExplain: boolean): string {
  const lines = [`rows after each stage: ${formatStages(r.stages)}`];
  const main = mainTable(r.run.root);
  const input = main ? r.tables.get(main) : undefined;
  if (withExplain && input && input.length && input.length <= 10) {
    lines.push('explain:');
    for (const x of r.explain()) lines.push(...formatExplanation(x, false).map((l) => '  ' + l));
  }
  return lines.join('\n');
}

function notResult(name: string, received: unknown): MatcherResult | undefined {
  if (received instanceof RuleResult) return undefined;
  return { pass: false, message: () => `${name}: expected the result of runRule(), got ${typeof received}` };
}

const matchers = {
  toFire(this: MatcherContext, received: unknown): MatcherResult {
    const bad = notResult('toFire', received);
    if (bad) return bad;
    const r = received as RuleResult;
    return {
      pass: r.fired,
      message: () =>
        r.fired
          ? [`expected the rule not to fire, but it returned ${r.rowCount} row${r.rowCount === 1 ? '' : 's'}:`, ...preview(r), context(r, true)].join('\n')
          : ['expected the rule to fire, but it returned no rows', context(r, true)].join('\n'),
    };
  },

  toHaveRowCount(this: MatcherContext, received: unknown, count: number): MatcherResult {
    const bad = notResult('toHaveRowCount', received);
    if (bad) return bad;
    const r = received as RuleResult;
    return {
      pass: r.rowCount === count,
      message: () =>
        this.isNot
          ? `expected the rule not to return ${count} rows\n${context(r, false)}`
          : `expected ${count} row${count === 1 ? '' : 's'}, got ${r.rowCount}\n${[...preview(r), context(r, false)].join('\n')}`,
    };
  },

  toHaveRows(this: MatcherContext, received: unknown, rows: TestRow[], opts: HaveRowsOptions = {}): MatcherResult {
    const bad = notResult('toHaveRows', received);
    if (bad) return bad;
    const r = received as RuleResult;
    let lines: string[];
    try {
      const sets = r.setColumns();
      for (const s of opts.sets ?? []) sets.add(s);
      lines = formatDiff(compareRows(r.result, rows.map(toRowSpec), { ordered: !!opts.ordered, sets, file: '' }));
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      return { pass: false, message: () => `toHaveRows: ${formatDiagnostic(e)}` };
    }
    return {
      pass: lines.length === 0,
      message: () =>
        lines.length === 0
          ? `expected the result not to have these ${rows.length} rows, but it does`
          : [`the result differs from the expected ${rows.length} row${rows.length === 1 ? '' : 's'}${opts.ordered ? ' (in order)' : ''}; got ${r.rowCount}:`, ...lines.map((l) => '  ' + l), context(r, false)].join('\n'),
    };
  },
};

/** Register toFire, toHaveRowCount and toHaveRows with vitest's (or a compatible) `expect`. */
export function installMatchers(expect: { extend(matchers: Record<string, unknown>): void }): void {
  expect.extend(matchers);
}
