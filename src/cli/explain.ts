// `kqlite explain`: for given input rows, which stage of the rule drops each one, and at a `where`,
// which and/or branch rejected it and the column values it read. Works on a test spec's cases (their
// tables and `now`) or on a rule with --table data, like `kqlite run`.

import { resolve } from 'node:path';
import { resolveNow } from '../api.js';
import { formatDiagnostic, KqlError } from '../diagnostics.js';
import { SPEC_PATTERN } from '../harness/discover.js';
import { loadRuleFile, runRule, stageCounts, formatStages, type LoadedRule, type RuleRun } from '../harness/execute.js';
import { explainRow, formatExplanation, type Explanation } from '../harness/explain.js';
import { buildFixture, catalogFor, mergeTables, type RowOrigin } from '../harness/fixtures.js';
import { mainTable } from '../harness/plan-walk.js';
import { ruleForSpec } from '../harness/runner.js';
import { loadSpec } from '../harness/spec.js';
import { formatDateTime } from '../tables/datetime.js';
import type { Table } from '../tables/table.js';
import { flag, flagList, intFlag, oneOf, parseArgs, usageError } from './args.js';
import type { Io } from './io.js';
import { loadSources, SOURCE_FLAGS } from './sources.js';

export const EXPLAIN_HELP = `usage: kqlite explain <spec.kqltest.yaml> [--case NAME] [--row [TABLE:]N]... [options]
       kqlite explain <rule.yaml | query.kql> --table NAME=PATH... [--now ISO-8601] [--row [TABLE:]N]... [options]

Follows input rows through the rule and says where each one stops: at a where, which predicate and
which and/or branch rejected it, with the column values the branch read (✓ lets the row through,
✗ does not); a row that passes everything shows the result row it ends up in.

  --case NAME          the spec case to explain (default: every case); a unique part of the name will do
  --row [TABLE:]N      explain row N (1-based) of TABLE (default: the table the query starts from);
                       repeatable; default: every row, up to --limit
  --limit N            explain at most N rows per case (default 20)
  --format F           text (default) or json
  --table, --view, --schema, --schema-flavor, --now
                       data and time for a rule (as for kqlite run)`;

const FLAGS = {
  ...SOURCE_FLAGS,
  case: { value: true },
  row: { value: true, repeat: true },
  limit: { value: true },
  now: { value: true },
  format: { value: true },
  debug: {},
  help: { short: 'h' },
} as const;

interface RowPick {
  table?: string;
  row: number;
}

function parseRows(values: string[]): RowPick[] {
  return values.map((v) => {
    const m = /^(?:(.+):)?(\d+)$/.exec(v);
    if (!m || Number(m[2]) < 1) throw usageError(`option '--row' needs N or TABLE:N (N from 1), not '${v}'`);
    return { table: m[1], row: Number(m[2]) };
  });
}

interface CaseExplanation {
  case?: string;
  now: bigint;
  stages: string;
  explanations: Explanation[];
}

function explainRun(
  rule: LoadedRule,
  run: RuleRun,
  tables: Map<string, Table>,
  origins: Map<string, RowOrigin[]>,
  picks: RowPick[],
  limit: number,
): Explanation[] {
  const main = mainTable(run.root);
  const out: Explanation[] = [];
  const wanted = picks.length ? picks : main ? [{ table: main, row: 0 }] : [];
  for (const p of wanted) {
    const table = p.table ?? main;
    if (!table) throw usageError('the query does not start from a table; name one with --row TABLE:N');
    const t = tables.get(table);
    if (!t) throw usageError(`there is no table '${table}' (tables: ${[...tables.keys()].join(', ') || 'none'})`);
    const rows = p.row > 0 ? [p.row - 1] : [...Array(Math.min(t.length, limit)).keys()];
    for (const r of rows) {
      if (r >= t.length) throw usageError(`table '${table}' has ${t.length} row${t.length === 1 ? '' : 's'}; there is no row ${r + 1}`);
      out.push(explainRow(rule.text, run, table, r, origins.get(table)?.[r]?.label));
    }
  }
  return out;
}

export function explainCommand(argv: string[], io: Io, cwd = process.cwd()): number {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.has('help')) {
    io.out(EXPLAIN_HELP);
    return 0;
  }
  const format = oneOf(args, 'format', ['text', 'json'] as const, 'text');
  const limit = Math.max(1, intFlag(args, 'limit', 20));
  const picks = parseRows(flagList(args, 'row'));
  if (args.positionals.length !== 1) throw usageError('give one test spec or rule file (see kqlite explain --help)');
  const target = args.positionals[0]!;
  const results: CaseExplanation[] = [];

  if (SPEC_PATTERN.test(target)) {
    for (const f of ['table', 'view', 'schema', 'now']) {
      if (args.flags.has(f)) throw usageError(`--${f} does not apply to a test spec: its tables and now come from the spec`);
    }
    const spec = loadSpec(resolve(cwd, target));
    spec.file = target;
    const rule: LoadedRule = ruleForSpec(spec, target, cwd);
    const want = flag(args, 'case');
    let cases = spec.cases;
    if (want !== undefined) {
      const exact = cases.filter((c) => c.name === want);
      cases = exact.length ? exact : cases.filter((c) => c.name.toLowerCase().includes(want.toLowerCase()));
      if (!cases.length) throw usageError(`no case named '${want}' in ${target} (cases: ${spec.cases.map((c) => c.name).join('; ')})`);
      if (cases.length > 1) throw usageError(`'${want}' matches several cases: ${cases.map((c) => c.name).join('; ')}`);
    }
    const catalog = catalogFor(spec.schemaFlavor);
    const noted = new Set<string>();
    for (const c of cases) {
      const now = (c.now ?? spec.now)!.ticks;
      const fixture = buildFixture(mergeTables(spec.tables, c.tables), { file: target, catalog, cwd, now });
      for (const w of fixture.warnings) {
        const text = formatDiagnostic(w);
        if (!noted.has(text)) io.err(text);
        noted.add(text);
      }
      let run: RuleRun;
      try {
        run = runRule(rule, fixture.tables, catalog, now);
      } catch (e) {
        if (e instanceof KqlError && c.expect.error) continue; // a case expecting an error has nothing to explain
        throw e;
      }
      results.push({
        case: c.name,
        now,
        stages: formatStages(stageCounts(run, rule.text)),
        explanations: explainRun(rule, run, fixture.tables, fixture.origins, picks, limit),
      });
    }
  } else {
    const rule = loadRuleFile(resolve(cwd, target), cwd);
    const now = resolveNow(flag(args, 'now'));
    const sources = loadSources(args, { now });
    for (const w of sources.viewWarnings) io.err(formatDiagnostic(w));
    const run = runRule(rule, sources.tables, sources.catalog, now);
    const origins = new Map<string, RowOrigin[]>();
    results.push({ now, stages: formatStages(stageCounts(run, rule.text)), explanations: explainRun(rule, run, sources.tables, origins, picks, limit) });
  }

  if (format === 'json') {
    io.out(
      JSON.stringify(
        results.map((r) => ({ case: r.case ?? null, now: formatDateTime(r.now), stages: r.stages, explanations: r.explanations })),
        null,
        2,
      ),
    );
    return 0;
  }
  const lines: string[] = [];
  for (const r of results) {
    if (r.case !== undefined) lines.push(`case '${r.case}' (now ${formatDateTime(r.now)})`);
    lines.push(`  rows after each stage: ${r.stages}`);
    for (const x of r.explanations) lines.push(...formatExplanation(x, true).map((l) => '  ' + l));
    lines.push('');
  }
  io.out(lines.join('\n').trimEnd());
  return 0;
}
