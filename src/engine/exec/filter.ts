// Filtering rows for `where`: a predicate narrows a selection vector. A conjunction is split into its
// conjuncts; comparisons of one datetime/long/real column with constants are merged into one range test
// per column and run on the typed arrays; a conjunct that reads only one dictionary-encoded string column
// is decided once per distinct string (and, over a whole column that filters have scanned before, reads
// the rows of the strings that pass from per-string row lists: postings.ts). The conjuncts run
// cheapest-and-most-selective first (their pass rates are measured on a sample of the rows), each over
// the rows the previous ones kept. Anything else runs as a row closure.

import { BoolColumn, LongColumn, NumberColumn, TicksColumn, splitTicks } from '../../tables/column.js';
import type { Table } from '../../tables/table.js';
import type { BExpr } from '../bound.js';
import { compile, type CompileEnv } from './compile.js';
import { overDictionary, singleDictionaryColumn } from './dependencies.js';
import { rowsOfPassingCodes } from './postings.js';

/** Physical rows in logical order; null means every row 0..n-1. */
type Sel = Uint32Array | null;

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==' };
const SAMPLE = 256;

/** One conjunct, ready to run over a selection. `rank` orders cheap kernels before row closures. */
interface Step {
  run(sel: Sel, n: number): Uint32Array;
  /** Whether row r passes (used to measure the pass rate on a sample); absent for row closures. */
  test?: (r: number) => boolean;
  order: number;
}

/** The physical rows (of `n` when `sel` is null) for which `pred` is true, in order. */
export function filterSelection(pred: BExpr, sel: Sel, n: number, env: CompileEnv): Uint32Array {
  const measured = sel ? sel.length : n;
  const steps = planSteps(conjuncts(pred, []), env, measured);
  if (steps.length > 1 && measured > SAMPLE * 4) orderBySelectivity(steps, sel, measured);
  let cur = sel;
  let len = measured;
  for (const s of steps) {
    cur = s.run(cur, len);
    len = cur.length;
    if (len === 0) break;
  }
  return cur ?? identity(n);
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function conjuncts(e: BExpr, out: BExpr[]): BExpr[] {
  if (e.k === 'and') for (const a of e.args) conjuncts(a, out);
  else out.push(e);
  return out;
}

/** Kernels for the conjuncts: range tests merged per column, dictionary verdicts, then row closures. */
function planSteps(parts: BExpr[], env: CompileEnv, rows: number): Step[] {
  const ranges = new Map<number, Range>();
  const steps: Step[] = [];
  parts.forEach((p, i) => {
    const cmp = rangeOf(p, env.table);
    if (cmp) {
      const r = ranges.get(cmp.col);
      if (r) narrow(r, cmp);
      else ranges.set(cmp.col, { ...cmp, order: i });
      return;
    }
    const dict = dictionaryStep(p, env, i, rows);
    if (dict) {
      steps.push(dict);
      return;
    }
    steps.push(closureStep(p, env, i));
  });
  for (const r of ranges.values()) steps.push(rangeStep(r, env.table));
  return steps.sort((a, b) => a.order - b.order);
}

/** Put the kernels with the lowest pass rate on a sample of the rows first; row closures stay last. */
function orderBySelectivity(steps: Step[], sel: Sel, n: number): void {
  const stride = n / SAMPLE;
  const rate = new Map<Step, number>();
  for (const s of steps) {
    if (!s.test) continue;
    let pass = 0;
    for (let k = 0; k < SAMPLE; k++) {
      const i = Math.floor(k * stride);
      if (s.test(sel ? sel[i]! : i)) pass++;
    }
    rate.set(s, pass);
  }
  steps.sort((a, b) => {
    const ra = rate.get(a);
    const rb = rate.get(b);
    if (ra === undefined || rb === undefined) return ra === undefined ? (rb === undefined ? a.order - b.order : 1) : -1;
    return ra - rb || a.order - b.order;
  });
}

function closureStep(p: BExpr, env: CompileEnv, order: number): Step {
  const f = compile(p, env);
  const test = (r: number): boolean => f(r) === true;
  return { order: 1e9 + order, run: (sel, n) => selectRows(test, sel, n, env) };
}

/** The rows of the selection (all n rows when sel is null) that pass test. */
function selectRows(test: (r: number) => boolean, sel: Sel, n: number, env: CompileEnv): Uint32Array {
  const out = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = sel ? sel[i]! : i;
    if (test(r)) out[k++] = r;
    if ((i & 0xffff) === 0) env.ctx.checkTime();
  }
  return out.subarray(0, k);
}

// ------------------------------------------------------------------------------- dictionary verdicts

/**
 * A conjunct that reads only one dictionary-encoded string column (has, contains, ==, in~, and/or of
 * such tests, function calls...) has one verdict per distinct string. When the dictionary is no larger
 * than the rows to scan, every verdict is decided up front and the scan is branch-free; otherwise each
 * code is decided on first sight.
 */
function dictionaryStep(p: BExpr, env: CompileEnv, order: number, rows: number): Step | undefined {
  const d = singleDictionaryColumn(p, env.table);
  if (!d) return undefined;
  const { codes } = d.col;
  const slots = d.col.pool.size + 1;
  if (slots > 1 && slots <= rows) {
    const values = (overDictionary(p, env, d.index, d.col) as BoolColumn).values;
    const pass = new Uint8Array(slots);
    for (let s = 0; s < slots; s++) pass[s] = values[s] === 1 ? 1 : 0;
    return {
      order,
      test: (r) => pass[codes[r]! + 1] === 1,
      run(sel, n) {
        const listed = sel || n !== codes.length ? undefined : rowsOfPassingCodes(codes, slots, pass);
        if (listed) return listed;
        const out = scratch(n);
        let k = 0;
        if (sel) {
          for (let i = 0; i < n; i++) {
            const r = sel[i]!;
            out[k] = r;
            k += pass[codes[r]! + 1]!;
          }
        } else {
          for (let r = 0; r < n; r++) {
            out[k] = r;
            k += pass[codes[r]! + 1]!;
          }
        }
        return out.slice(0, k);
      },
    };
  }
  const f = compile(p, env);
  // 0 = not yet decided, 1 = true, 2 = false or null.
  const verdict = new Uint8Array(slots);
  const test = (r: number): boolean => {
    const c = codes[r]! + 1; // guid null is code -1
    let v = verdict[c]!;
    if (v === 0) v = verdict[c] = f(r) === true ? 1 : 2;
    return v === 1;
  };
  return { order, test, run: (sel, n) => selectRows(test, sel, n, env) };
}

// ------------------------------------------------------------------------------------- range tests

/**
 * `lo <(=) col <(=) hi` on one column, bounds as numbers: for datetime/timespan the bound is split in
 * (ms, sub); for long/int/real it is the value (sub unused). A missing bound is ±Infinity.
 */
interface Range {
  col: number;
  loMs: number;
  loSub: number;
  loIncl: boolean;
  hiMs: number;
  hiSub: number;
  hiIncl: boolean;
  order: number;
}

/** `col <op> const` (either order, op one of == < <= > >=) on a ticks/long/number column, as a range. */
function rangeOf(e: BExpr, t: Table): Omit<Range, 'order'> | undefined {
  if (e.k !== 'call' || e.args.length !== 2 || !(e.name in FLIP)) return undefined;
  let [a, b] = e.args as [BExpr, BExpr];
  let op = e.name;
  if (a.k === 'const' && b.k === 'col') {
    [a, b] = [b, a];
    op = FLIP[op]!;
  }
  if (a.k !== 'col' || b.k !== 'const' || a.type !== b.type || b.value === null) return undefined;
  const col = t.columns[a.index];
  let ms: number;
  let sub = 0;
  if (col instanceof TicksColumn && typeof b.value === 'bigint') {
    [ms, sub] = splitTicks(b.value);
  } else if (col instanceof LongColumn && col.small && typeof b.value === 'bigint' && b.value >= -(2n ** 53n) && b.value <= 2n ** 53n) {
    ms = Number(b.value);
  } else if (col instanceof NumberColumn && col.type !== 'decimal' && typeof b.value === 'number' && !Number.isNaN(b.value)) {
    ms = b.value;
  } else {
    return undefined;
  }
  const r = { col: a.index, loMs: -Infinity, loSub: 0, loIncl: true, hiMs: Infinity, hiSub: 0, hiIncl: true };
  if (op === '==' || op === '>' || op === '>=') Object.assign(r, { loMs: ms, loSub: sub, loIncl: op !== '>' });
  if (op === '==' || op === '<' || op === '<=') Object.assign(r, { hiMs: ms, hiSub: sub, hiIncl: op !== '<' });
  return r;
}

/** Intersect range r with c (both on the same column). */
function narrow(r: Range, c: Omit<Range, 'order'>): void {
  if (c.loMs > r.loMs || (c.loMs === r.loMs && (c.loSub > r.loSub || (c.loSub === r.loSub && !c.loIncl)))) {
    r.loMs = c.loMs;
    r.loSub = c.loSub;
    r.loIncl = c.loIncl;
  }
  if (c.hiMs < r.hiMs || (c.hiMs === r.hiMs && (c.hiSub < r.hiSub || (c.hiSub === r.hiSub && !c.hiIncl)))) {
    r.hiMs = c.hiMs;
    r.hiSub = c.hiSub;
    r.hiIncl = c.hiIncl;
  }
}

function rangeStep(g: Range, t: Table): Step {
  const col = t.columns[g.col] as TicksColumn | LongColumn | NumberColumn;
  const vals = col instanceof TicksColumn ? col.ms : col instanceof LongColumn ? col.small! : col.values;
  const sub = col instanceof TicksColumn ? col.sub : null;
  const { nulls } = col;
  const { loMs, loSub, loIncl, hiMs, hiSub, hiIncl } = g;
  const test = (r: number): boolean => {
    if (nulls && nulls[r]) return false;
    const m = vals[r]!;
    if (m > loMs && m < hiMs) return true;
    if (m !== m) return false; // NaN compares false with everything (as the row-at-a-time comparison)
    if (m < loMs || m > hiMs) return false;
    const s = sub ? sub[r]! : 0;
    return (m > loMs || (loIncl ? s >= loSub : s > loSub)) && (m < hiMs || (hiIncl ? s <= hiSub : s < hiSub));
  };
  return {
    order: g.order,
    test,
    run(sel, n) {
      const out = scratch(n);
      if (!sel && !nulls && vals instanceof Float64Array && loMs !== -Infinity) return out.slice(0, scanAll(vals, n, loMs, hiMs, test, out));
      let k = 0;
      for (let i = 0; i < n; i++) {
        const r = sel ? sel[i]! : i;
        const m = vals[r]!;
        // Strictly inside decides without a branch on the value (half the rows passing costs no
        // mispredictions); rows on a bound, NaN and nulls take the full test.
        out[k] = r;
        if ((m === loMs || m === hiMs || m !== m) || (nulls !== null && nulls[r] === 1)) k += test(r) ? 1 : 0;
        else k += +(m > loMs) & +(m < hiMs);
      }
      return out.slice(0, k);
    },
  };
}

/**
 * The range test over every row of a column without nulls and with a lower bound (so NaN fails): rows
 * strictly inside pass without a branch on the value; rows on a bound take the full test.
 */
function scanAll(vals: Float64Array, n: number, lo: number, hi: number, test: (r: number) => boolean, out: Uint32Array): number {
  let k = 0;
  for (let r = 0; r < n; r++) {
    const m = vals[r]!;
    out[k] = r;
    if (m === lo || m === hi) k += test(r) ? 1 : 0;
    else k += +(m > lo) & +(m < hi);
  }
  return k;
}

let scratchRows = new Uint32Array(0);

/**
 * A buffer of at least n rows shared by the kernels that call no query code while they fill it (range
 * tests, decided dictionary verdicts); they return a copy of the rows that passed. A filter that keeps
 * few rows of many then allocates only what it keeps.
 */
function scratch(n: number): Uint32Array {
  if (scratchRows.length < n) scratchRows = new Uint32Array(Math.max(n, scratchRows.length * 2));
  return scratchRows;
}
