// Reading a compiled rule's plan for the test harness: the pipeline stages from the source table up
// (for row counts per `|` stage), the `where` predicates and their `and`/`or`/`not` branches (for
// explain and coverage), the tables a rule reads, and source text and file positions of each of them.

import type { SourceRef, Span } from '../diagnostics.js';
import type { BExpr, Plan } from '../engine/bound.js';

/** The rule text plans point into, and where that text sits in its file. */
export interface RuleText {
  query: string;
  source: SourceRef;
}

export interface FilePos {
  line: number;
  column: number;
}

/** The file line and column of a span of the rule's query. */
export function filePos(rt: RuleText, span: Span | undefined): FilePos | undefined {
  if (!span) return undefined;
  return { line: span.line + (rt.source.lineOffset ?? 0), column: span.column + (rt.source.columnOffset ?? 0) };
}

/** Parentheses opened minus closed in KQL text, ignoring string literals and comments. */
function parenBalance(text: string): { open: number; close: number } {
  let depth = 0;
  let unmatchedClose = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const q = c;
      for (i++; i < text.length && text[i] !== q; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) depth--;
      else unmatchedClose++;
    }
  }
  return { open: depth, close: unmatchedClose };
}

/**
 * The source text of a span, with runs of white space (and line breaks) folded to one space. A span
 * that ends inside parentheses (an operand written as `(a or b)` spans only `a or b`) is widened to the
 * matching parentheses, so labels read as written.
 */
export function spanText(rt: RuleText, span: Span | undefined): string {
  if (!span) return '';
  let start = span.start;
  let end = span.end;
  const q = rt.query;
  let b = parenBalance(q.slice(start, end));
  for (let guard = 0; (b.open > 0 || b.close > 0) && guard < 20; guard++) {
    let moved = false;
    if (b.open > 0) {
      let j = end;
      while (j < q.length && /\s/.test(q[j]!)) j++;
      if (q[j] === ')') {
        end = j + 1;
        moved = true;
      }
    }
    if (b.close > 0) {
      let j = start - 1;
      while (j >= 0 && /\s/.test(q[j]!)) j--;
      if (q[j] === '(') {
        start = j;
        moved = true;
      }
    }
    if (!moved) break;
    b = parenBalance(q.slice(start, end));
  }
  return q.slice(start, end).replace(/\s+/g, ' ').trim();
}

/** Shorten text to `max` characters with an ellipsis. */
export function shorten(s: string, max = 60): string {
  return s.length <= max ? s : s.slice(0, max - 1).trimEnd() + '…';
}

const EMPTY_PREFIX = '\u0000empty:';

/** The table name a scan reads (without the engine's internal prefix for catalog-only tables). */
export function scanName(p: Extract<Plan, { op: 'scan' }>): string {
  return p.table.startsWith(EMPTY_PREFIX) ? p.table.slice(EMPTY_PREFIX.length) : p.table;
}

function isPlan(x: unknown): x is Plan {
  return typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string' && Array.isArray((x as { schema?: unknown }).schema);
}

const CHILD_KEYS = ['input', 'left', 'right'] as const;

/** Child plans of a plan node in pipeline order (not counting subqueries inside expressions). */
export function planChildren(p: Plan): Plan[] {
  const o = p as unknown as Record<string, unknown>;
  const out: Plan[] = [];
  for (const k of CHILD_KEYS) if (isPlan(o[k])) out.push(o[k]);
  if (Array.isArray(o.inputs)) for (const i of o.inputs) if (isPlan(i)) out.push(i);
  return out;
}

/** Plans nested elsewhere in a node: subqueries in expressions (`in (...)`, `toscalar`), mv-apply bodies. */
function nestedPlans(p: Plan): Plan[] {
  const out: Plan[] = [];
  const seen = new Set<object>();
  const go = (x: unknown, depth: number): void => {
    if (typeof x !== 'object' || x === null || seen.has(x) || depth > 50) return;
    seen.add(x);
    if (isPlan(x)) {
      out.push(x);
      return;
    }
    if (x instanceof Map || x instanceof Set || ArrayBuffer.isView(x)) return;
    if (Array.isArray(x)) {
      for (const v of x) go(v, depth + 1);
      return;
    }
    if (Object.getPrototypeOf(x) !== Object.prototype) return; // tables, functions' closures, caches
    for (const v of Object.values(x)) go(v, depth + 1);
  };
  const o = p as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if ((CHILD_KEYS as readonly string[]).includes(k) || k === 'inputs' || k === 'schema' || k === 'span' || k === 'table' || k === 'cache') continue;
    go(v, 0);
  }
  return out;
}

/** Visit every plan node once, including subqueries inside expressions, children before parents. */
export function walkPlans(root: Plan, visit: (p: Plan) => void): void {
  const seen = new Set<Plan>();
  const go = (p: Plan): void => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const c of planChildren(p)) go(c);
    for (const s of nestedPlans(p)) go(s);
    visit(p);
  };
  go(root);
}

/** Names of the tables a plan reads. */
export function scannedTables(root: Plan): Set<string> {
  const out = new Set<string>();
  walkPlans(root, (p) => {
    if (p.op === 'scan') out.add(scanName(p));
  });
  return out;
}

/** The main pipeline from its source up to the root: the first input at every step. */
export function mainChain(root: Plan): Plan[] {
  const chain: Plan[] = [];
  for (let p: Plan | undefined = root; p; p = planChildren(p)[0]) chain.unshift(p);
  return chain;
}

/** The path from the root down to a scan of `table` (root first), preferring the main pipeline. */
export function pathToTable(root: Plan, table: string): Plan[] | undefined {
  const go = (p: Plan): Plan[] | undefined => {
    if (p.op === 'scan') return scanName(p) === table ? [p] : undefined;
    for (const c of planChildren(p)) {
      const r = go(c);
      if (r) return [p, ...r];
    }
    return undefined;
  };
  return go(root);
}

/** The table the main pipeline starts from, if it starts from a table. */
export function mainTable(root: Plan): string | undefined {
  const first = mainChain(root)[0];
  return first?.op === 'scan' ? scanName(first) : undefined;
}

/** A short label of a plan node for stage listings: `where <predicate>`, the table name, or the operator. */
export function stageLabel(rt: RuleText, p: Plan, max = 60): string {
  if (p.op === 'scan') return scanName(p);
  if (p.op === 'values') return 'datatable';
  const text = spanText(rt, p.span);
  if (p.op === 'where') return shorten(text.startsWith('where') || text.startsWith('filter') ? text : `where ${spanText(rt, p.predicate.span)}`, max);
  const word = /^[A-Za-z][\w-]*/.exec(text)?.[0];
  if (p.op === 'join') {
    const kind = /kind\s*=\s*(\w+)/.exec(text)?.[1];
    return kind ? `join kind=${kind}` : 'join';
  }
  return word ?? p.op;
}

/** One condition of a `where`: the whole predicate, or a branch of an `and`/`or` inside it. */
export interface Condition {
  expr: BExpr;
  /** Identity across compilations of the same rule text: the span's offsets. */
  key: string;
  label: string;
  pos?: FilePos;
  depth: number;
  /** True when the condition holding keeps a row; false under an odd number of `not`s. */
  positive: boolean;
  children: Condition[];
}

function spanKey(span: Span | undefined): string {
  return span ? `${span.start}-${span.end}` : '?';
}

function isNot(e: BExpr): e is Extract<BExpr, { k: 'call' }> {
  return e.k === 'call' && e.name === 'not' && e.args.length === 1;
}

/** Branches of an `and`/`or` that are written in the query (not desugared, like `between`). */
function writtenBranches(e: BExpr): BExpr[] | undefined {
  if (e.k !== 'and' && e.k !== 'or') return undefined;
  if (!e.span) return undefined;
  for (const a of e.args) {
    if (!a.span || (a.span.start === e.span.start && a.span.end === e.span.end)) return undefined;
  }
  return e.args;
}

/** The condition tree of a predicate: and/or branches (through `not`) become children. */
export function conditionTree(rt: RuleText, e: BExpr, depth = 0, positive = true, keyOverride?: string): Condition {
  let inner: BExpr = e;
  let pos = positive;
  if (isNot(e)) {
    inner = e.args[0]!;
    pos = !positive;
  }
  const branches = writtenBranches(inner);
  const node: Condition = {
    expr: e,
    key: keyOverride ?? spanKey(e.span),
    label: spanText(rt, e.span),
    pos: filePos(rt, e.span),
    depth,
    positive,
    children: [],
  };
  if (branches) node.children = branches.map((b) => conditionTree(rt, b, depth + 1, pos));
  return node;
}

/** All conditions of a tree, parents before children. */
export function flattenConditions(c: Condition): Condition[] {
  return [c, ...c.children.flatMap(flattenConditions)];
}

/** Column references inside an expression (name and index into the input row), in order, once each. */
export function referencedColumns(e: BExpr): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  const go = (x: BExpr): void => {
    switch (x.k) {
      case 'col':
        if (!out.some((o) => o.index === x.index)) out.push({ name: x.name, index: x.index });
        return;
      case 'call':
      case 'and':
      case 'or':
      case 'window':
        x.args.forEach(go);
        return;
      case 'inset':
        go(x.arg);
        return;
      default:
        return;
    }
  };
  go(e);
  return out;
}

/** Constants written as names or calls (`Time_start`, `ago(5d)`), whose values are worth showing. */
export function namedConstants(rt: RuleText, e: BExpr): { text: string; expr: Extract<BExpr, { k: 'const' }> }[] {
  const out: { text: string; expr: Extract<BExpr, { k: 'const' }> }[] = [];
  const go = (x: BExpr): void => {
    if (x.k === 'const') {
      const text = spanText(rt, x.span);
      if (/^[A-Za-z_]/.test(text) && !/^(true|false|null|dynamic|datetime|timespan|time|guid|int|long|real|double|bool|string|decimal)\b/.test(text)) {
        if (!out.some((o) => o.text === text)) out.push({ text, expr: x });
      }
      return;
    }
    if (x.k === 'call' || x.k === 'and' || x.k === 'or' || x.k === 'window') x.args.forEach(go);
    else if (x.k === 'inset') go(x.arg);
  };
  go(e);
  return out;
}
