// Running a rule over test tables with a frozen `now`, keeping what reports need: the compiled plan,
// the row count of every plan node (for per-stage counts) and the result.

import { relative } from 'node:path';
import { KqlError } from '../diagnostics.js';
import type { Plan } from '../engine/bound.js';
import { ExecContext } from '../engine/exec/context.js';
import { compileQuery, executeQuery, type CompiledQuery, type EngineSources } from '../engine/index.js';
import { tableToResult, type QueryResult } from '../result.js';
import type { SchemaCatalog } from '../tables/schema.js';
import type { Table } from '../tables/table.js';
import { readRuleFile } from './rule-file.js';
import { mainChain, stageLabel, filePos, type RuleText } from './plan-walk.js';

/** A rule ready to run: its query text and, for a YAML rule, its Sentinel metadata. */
export interface LoadedRule {
  /** Identity for coverage: the absolute rule file, or `<spec file>#query`. */
  key: string;
  /** How the rule is named in reports. */
  display: string;
  file?: string;
  text: RuleText;
  metadata?: Record<string, unknown>;
}

/** Read a rule file (Sentinel YAML or .kql). */
export function loadRuleFile(path: string, cwd = process.cwd()): LoadedRule {
  const r = readRuleFile(path);
  const shown = relative(cwd, path);
  return {
    key: path,
    display: shown.startsWith('..') ? path : shown,
    file: path,
    text: { query: r.query, source: { ...r.source, file: shown.startsWith('..') ? path : shown } },
    metadata: r.metadata,
  };
}

export interface RuleRun {
  compiled: CompiledQuery;
  root: Plan;
  sources: EngineSources;
  now: bigint;
  /** Rows produced by each plan node. */
  stats: Map<object, number>;
  output: Table;
  result: QueryResult;
  /** Tables the executor saw (loaded plus the engine's empty tables). */
  execTables: Map<string, Table>;
}

/** Compile and run a rule; KqlErrors carry the rule's source so they print with file positions. */
export function runRule(
  rule: LoadedRule,
  tables: Map<string, Table>,
  catalog: SchemaCatalog,
  now: bigint,
  limits: { timeoutMs?: number; memoryLimit?: number } = {},
): RuleRun {
  const sources: EngineSources = { tables, catalog, emptyTables: true };
  try {
    const compiled = compileQuery(rule.text.query, sources, now);
    const root = compiled.plans[0];
    if (!root) throw new KqlError({ code: 'KQL415', kind: 'usage', message: 'the rule has no query statement (only let statements)', file: rule.text.source.file });
    const stats = new Map<object, number>();
    const output = executeQuery(compiled, sources, { now, stats, ...limits });
    const execTables = new Map<string, Table>([...tables, ...compiled.tables]);
    return { compiled, root, sources, now, stats, output, result: tableToResult(output), execTables };
  } catch (e) {
    if (e instanceof KqlError) e.withSource(rule.text.source);
    throw e;
  }
}

/** A context for running parts of a rule's plan again (explain, coverage). */
export function contextFor(run: RuleRun): ExecContext {
  return new ExecContext({ now: run.now, tables: run.execTables });
}

/** Rows after one `|` stage of the main pipeline. */
export interface Stage {
  label: string;
  op: Plan['op'];
  rows: number;
  line?: number;
}

/** Row counts after each stage of the main pipeline, from the source table to the result. */
export function stageCounts(run: RuleRun, rt: RuleText): Stage[] {
  return mainChain(run.root)
    .filter((p) => p.op !== 'render')
    .map((p) => ({ label: stageLabel(rt, p), op: p.op, rows: run.stats.get(p) ?? 0, line: filePos(rt, p.span)?.line }));
}

/** `DeviceProcessEvents: 187 → where Timestamp between (…): 150 → summarize: 5` */
export function formatStages(stages: Stage[]): string {
  return stages.map((s) => `${s.label}: ${s.rows}`).join(' → ');
}
