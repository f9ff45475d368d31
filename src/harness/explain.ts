// Explain: follow one input row through a rule's pipeline and say where it stops. The row is run alone
// through each stage on its way to the result (other inputs, such as the right side of a join or a
// subquery, keep all their rows); at each `where`, every and/or branch of the predicate is evaluated
// on it and shown with the column values it read. After a `summarize` the row's group is followed
// (found among the real groups by its keys), so a later `where Count > 5` is explained too.

import type { Plan } from '../engine/bound.js';
import { compile } from '../engine/exec/compile.js';
import { execute, compileEnv } from '../engine/exec/executor.js';
import type { ExecContext } from '../engine/exec/context.js';
import { valueKey } from '../engine/values.js';
import type { Table } from '../tables/table.js';
import { showValue } from './compare.js';
import { contextFor, type RuleRun } from './execute.js';
import {
  conditionTree,
  filePos,
  namedConstants,
  pathToTable,
  referencedColumns,
  shorten,
  stageLabel,
  type Condition,
  type FilePos,
  type RuleText,
} from './plan-walk.js';

export interface BranchEval {
  label: string;
  pos?: FilePos;
  depth: number;
  /** `true`, `false` or `null`. */
  value: string;
  /** Whether this branch, as evaluated, lets the row through (false under `not` when it holds). */
  keeps: boolean;
  /** Column values (and named constants) the branch reads; only for leaf branches. */
  inputs: { name: string; value: string }[];
}

export interface ExplainStep {
  label: string;
  pos?: FilePos;
  op: Plan['op'];
  outcome: 'kept' | 'rejected' | 'passed' | 'grouped' | 'untracked';
  detail?: string;
  branches?: BranchEval[];
}

export interface Explanation {
  table: string;
  /** 1-based row of the input table. */
  row: number;
  origin?: string;
  verdict: 'kept' | 'rejected' | 'untracked' | 'not-read';
  /** The stage that dropped the row. */
  rejectedAt?: { label: string; pos?: FilePos };
  steps: ExplainStep[];
  /** 1-based result rows the row ends up in (or contributes to, after a summarize). */
  resultRows: number[];
}

function values(table: Table, like: Plan): Plan {
  return { op: 'values', table, schema: table.schema.slice(), span: like.span };
}

function rowKey(t: Table, i: number): string {
  return t.columns.map((c) => valueKey(c.get(i))).join('\u0001');
}

/** Evaluate every condition of a where's predicate on row `r` of its (materialized) input. */
export function evaluateConditions(rt: RuleText, tree: Condition, input: Table, r: number, ctx: ExecContext): BranchEval[] {
  const out: BranchEval[] = [];
  const env = compileEnv(input, ctx);
  const go = (c: Condition): void => {
    const v = compile(c.expr, env)(r);
    const holds = v === true;
    const inputs: { name: string; value: string }[] = [];
    if (!c.children.length) {
      for (const col of referencedColumns(c.expr)) {
        const info = input.schema[col.index];
        if (info) inputs.push({ name: col.name, value: showValue(input.columns[col.index]!.get(r), info.type) });
      }
      for (const k of namedConstants(rt, c.expr)) inputs.push({ name: k.text, value: showValue(k.expr.value, k.expr.type) });
    }
    out.push({
      label: c.label,
      pos: c.pos,
      depth: c.depth,
      value: v === null ? 'null' : String(v),
      keeps: c.positive ? holds : !holds && v !== null,
      inputs,
    });
    c.children.forEach(go);
  };
  go(tree);
  return out;
}

/** Follow row `row` (0-based) of `table` through the rule's pipeline. */
export function explainRow(rt: RuleText, run: RuleRun, table: string, row: number, origin?: string): Explanation {
  const x: Explanation = { table, row: row + 1, origin, verdict: 'kept', steps: [], resultRows: [] };
  const path = pathToTable(run.root, table);
  const source = run.execTables.get(table);
  if (!path || !source) {
    x.verdict = 'not-read';
    return x;
  }
  const ctx = contextFor(run);
  const scan = path[path.length - 1]!;
  let current = values(source.take([row]), scan);
  x.steps.push({ label: table, op: 'scan', outcome: 'passed', pos: filePos(rt, scan.span), detail: origin });

  for (let i = path.length - 2; i >= 0; i--) {
    const node = path[i]!;
    const child = path[i + 1]!;
    const step: ExplainStep = { label: stageLabel(rt, node, 80), op: node.op, pos: filePos(rt, node.span), outcome: 'passed' };
    x.steps.push(step);
    const reject = (detail?: string): Explanation => {
      step.outcome = 'rejected';
      if (detail) step.detail = detail;
      x.verdict = 'rejected';
      x.rejectedAt = { label: step.label, pos: step.pos };
      return x;
    };
    switch (node.op) {
      case 'where': {
        const input = execute(current, ctx);
        const out = execute({ ...node, input: current }, ctx);
        const tree = conditionTree(rt, node.predicate);
        // Show the branches for the first tracked row the where drops (or the first row when it keeps all).
        let shown = 0;
        if (out.length < input.length) {
          const keepKeys = new Set<string>();
          for (let k = 0; k < out.length; k++) keepKeys.add(rowKey(out, k));
          for (let k = 0; k < input.length; k++) if (!keepKeys.has(rowKey(input, k))) { shown = k; break; }
        }
        step.branches = evaluateConditions(rt, tree, input, shown, ctx);
        if (out.length === 0) return reject();
        step.outcome = 'kept';
        if (input.length > 1) step.detail = `${out.length} of ${input.length} rows kept`;
        current = values(out, node);
        break;
      }
      case 'summarize':
      case 'count': {
        const mine = execute({ ...node, input: current }, ctx);
        const all = execute(node, ctx);
        const nk = node.op === 'summarize' ? node.keys.length : 0;
        const keyOf = (t: Table, r: number): string => t.columns.slice(0, nk).map((c) => valueKey(c.get(r))).join('\u0001');
        const wanted = new Set<string>();
        for (let k = 0; k < mine.length; k++) wanted.add(keyOf(mine, k));
        const idx: number[] = [];
        for (let k = 0; k < all.length; k++) if (wanted.has(keyOf(all, k))) idx.push(k);
        if (!idx.length) return reject('its group is not in the output');
        const group = all.take(idx);
        step.outcome = 'grouped';
        if (nk) step.detail = node.schema.slice(0, nk).map((c, k) => `${c.name} = ${showValue(group.columns[k]!.get(0), c.type)}`).join(', ');
        current = values(group, node);
        break;
      }
      case 'join': {
        const clone: Plan = node.left === child ? { ...node, left: current } : { ...node, right: current };
        const out = execute(clone, ctx);
        if (out.length === 0) return reject(`the join (kind=${node.kind}) gives no row for it`);
        step.outcome = 'kept';
        step.detail = `${out.length} joined row${out.length === 1 ? '' : 's'}`;
        current = values(out, node);
        break;
      }
      case 'union': {
        const k = node.inputs.indexOf(child);
        const clone: Plan = { ...node, inputs: [current], sourceNames: [node.sourceNames[k]!], mappings: [node.mappings[k]!] };
        current = values(execute(clone, ctx), node);
        break;
      }
      case 'take':
      case 'top': {
        const out = execute({ ...node, input: current }, ctx);
        const all = execute(node, ctx);
        const present = new Set<string>();
        for (let k = 0; k < all.length; k++) present.add(rowKey(all, k));
        const idx: number[] = [];
        for (let k = 0; k < out.length; k++) if (present.has(rowKey(out, k))) idx.push(k);
        if (!idx.length) return reject(`${node.op} keeps ${node.count} rows and other rows come first`);
        current = values(out.take(idx), node);
        break;
      }
      case 'getschema': {
        step.outcome = 'untracked';
        step.detail = 'rows are not followed past getschema';
        x.verdict = 'untracked';
        return x;
      }
      case 'materialize': {
        current = values(execute({ ...node, input: current, cache: {} }, ctx), node);
        break;
      }
      default: {
        if ((node as { input?: Plan }).input !== child) {
          step.outcome = 'untracked';
          step.detail = `rows are not followed through ${node.op}`;
          x.verdict = 'untracked';
          return x;
        }
        const out = execute({ ...node, input: current } as Plan, ctx);
        if (out.length === 0) return reject(`${node.op} produces no rows from it`);
        current = values(out, node);
      }
    }
  }
  // Which result rows it reached.
  const final = (current as Extract<Plan, { op: 'values' }>).table;
  const mine = new Set<string>();
  for (let k = 0; k < final.length; k++) mine.add(rowKey(final, k));
  for (let k = 0; k < run.output.length; k++) if (mine.has(rowKey(run.output, k))) x.resultRows.push(k + 1);
  return x;
}

function where(p?: FilePos): string {
  return p ? `line ${p.line}` : '';
}

/**
 * Text lines of an explanation. Each branch of a where is marked ✓ when, as evaluated, it lets the row
 * through (✗ otherwise). `full`: show the branches of every where, not only of the rejecting one.
 */
export function formatExplanation(x: Explanation, full = false): string[] {
  const head = `${x.table} row ${x.row}${x.origin ? ` (${x.origin})` : ''}`;
  if (x.verdict === 'not-read') return [`${head}: the rule does not read table ${x.table}`];
  const lines: string[] = [];
  if (x.verdict === 'rejected') lines.push(`${head}: REJECTED by ${shorten(x.rejectedAt!.label, 70)}${x.rejectedAt!.pos ? ` (line ${x.rejectedAt!.pos.line})` : ''}`);
  else if (x.verdict === 'untracked') lines.push(`${head}: not followed to the end (see below)`);
  else lines.push(`${head}: KEPT${x.resultRows.length ? ` → result row${x.resultRows.length > 1 ? 's' : ''} ${x.resultRows.join(', ')}` : ''}`);
  for (const s of x.steps) {
    if (s.op === 'scan') continue;
    const mark = s.outcome === 'rejected' ? 'REJECTED' : s.outcome === 'kept' ? 'kept' : s.outcome === 'grouped' ? 'grouped' : s.outcome === 'untracked' ? 'not followed' : 'passed';
    const at = where(s.pos);
    const detail = s.detail ? (s.outcome === 'grouped' ? ` into the group ${s.detail}` : `: ${s.detail}`) : '';
    lines.push(`  ${at ? at.padEnd(8) : ''}${shorten(s.label, 70)}  → ${mark}${detail}`);
    if (s.branches && (full || s.outcome === 'rejected')) {
      for (const b of s.branches) {
        const ind = '  '.repeat(b.depth);
        const inputs = b.inputs.length ? `   [${b.inputs.map((i) => `${i.name} = ${shorten(i.value, 80)}`).join('; ')}]` : '';
        lines.push(`            ${ind}${b.keeps ? '✓' : '✗'} ${b.value.padEnd(5)} ${shorten(b.label, 70)}${inputs}`);
      }
    }
  }
  return lines;
}
