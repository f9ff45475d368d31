// Rule coverage: for every `where` predicate of a rule and every and/or branch inside it, whether the
// test suite has a row on which it let the row through ("kept") and one on which it did not
// ("dropped"). Branches under `not` count the other way round. Each case's run is replayed: the input
// of every where is computed again and each branch evaluated on every input row.

import type { Plan } from '../engine/bound.js';
import { compile } from '../engine/exec/compile.js';
import { compileEnv, execute } from '../engine/exec/executor.js';
import { contextFor, type LoadedRule, type RuleRun } from './execute.js';
import { conditionTree, filePos, flattenConditions, spanText, walkPlans, type FilePos } from './plan-walk.js';

export interface BranchCoverage {
  key: string;
  label: string;
  pos?: FilePos;
  depth: number;
  /** The where this branch belongs to. */
  where: string;
  /** Rows on which the branch let the row through, and on which it did not. */
  kept: number;
  dropped: number;
}

export interface RuleCoverage {
  rule: string;
  key: string;
  branches: BranchCoverage[];
  /** Outcomes seen (kept, dropped) over all outcomes (two per branch). */
  covered: number;
  total: number;
  percent: number;
}

interface RuleEntry {
  display: string;
  branches: Map<string, BranchCoverage>;
}

export class CoverageCollector {
  private readonly rules = new Map<string, RuleEntry>();

  /** Add one case's run of a rule. */
  record(rule: LoadedRule, run: RuleRun): void {
    let entry = this.rules.get(rule.key);
    if (!entry) {
      entry = { display: rule.display, branches: new Map() };
      this.rules.set(rule.key, entry);
    }
    const rt = rule.text;
    const ctx = contextFor(run);
    const wheres: Extract<Plan, { op: 'where' }>[] = [];
    walkPlans(run.root, (p) => {
      if (p.op === 'where') wheres.push(p);
    });
    for (const w of wheres) {
      const whereLabel = spanText(rt, w.span);
      const tree = conditionTree(rt, w.predicate, 0, true, `${w.span?.start ?? '?'}-${w.span?.end ?? '?'}/where`);
      const conds = flattenConditions(tree);
      for (const c of conds) {
        if (!entry.branches.has(c.key)) {
          entry.branches.set(c.key, { key: c.key, label: c.label, pos: c.pos ?? filePos(rt, w.span), depth: c.depth, where: whereLabel, kept: 0, dropped: 0 });
        }
      }
      let input;
      try {
        input = execute(w.input, ctx);
      } catch {
        continue;
      }
      const env = compileEnv(input, ctx);
      for (const c of conds) {
        const fn = compile(c.expr, env);
        const b = entry.branches.get(c.key)!;
        for (let r = 0; r < input.length; r++) {
          const holds = fn(r) === true;
          if (holds === c.positive) b.kept++;
          else b.dropped++;
        }
      }
    }
  }

  /** Coverage per rule, branches in source order. */
  report(): RuleCoverage[] {
    return [...this.rules].map(([key, e]) => {
      const branches = [...e.branches.values()].sort(
        (a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.column ?? 0) - (b.pos?.column ?? 0) || a.depth - b.depth,
      );
      const total = branches.length * 2;
      const covered = branches.reduce((n, b) => n + (b.kept > 0 ? 1 : 0) + (b.dropped > 0 ? 1 : 0), 0);
      return { rule: e.display, key, branches, covered, total, percent: total ? (covered / total) * 100 : 100 };
    });
  }

  /** Coverage over all rules: outcomes seen over all outcomes, as a percentage. */
  static overall(rules: RuleCoverage[]): number {
    const total = rules.reduce((n, r) => n + r.total, 0);
    const covered = rules.reduce((n, r) => n + r.covered, 0);
    return total ? (covered / total) * 100 : 100;
  }
}

function pct(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}

/** Text lines of a coverage report: per rule its percentage, then every branch missing an outcome. */
export function formatCoverage(rules: RuleCoverage[]): string[] {
  const lines: string[] = ['Coverage (each where predicate and and/or branch: kept a row / dropped a row)'];
  for (const r of rules) {
    lines.push(`  ${r.rule}: ${r.covered} of ${r.total} outcomes (${pct(r.percent)})`);
    for (const b of r.branches) {
      const missing = b.kept === 0 && b.dropped === 0 ? 'never evaluated on any row' : b.kept === 0 ? 'never kept a row' : b.dropped === 0 ? 'never dropped a row' : '';
      if (!missing) continue;
      const at = b.pos ? `line ${b.pos.line}`.padEnd(9) : '';
      lines.push(`    ${at}${'  '.repeat(b.depth)}${b.label.length > 70 ? b.label.slice(0, 69) + '…' : b.label}: ${missing}`);
    }
  }
  if (rules.length > 1) lines.push(`  overall: ${pct(CoverageCollector.overall(rules))}`);
  return lines;
}
