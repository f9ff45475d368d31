// Filtering rows for `where`: a predicate narrows a selection vector. `and` filters its conjuncts one
// after another over the surviving rows; comparisons of a datetime/long/real column with a constant run
// on the typed arrays without boxing values; a predicate of one dictionary-encoded string column (has,
// contains, ==, ...) is decided once per distinct string. Anything else falls back to row closures.

import { LongColumn, NumberColumn, StringColumn, TicksColumn, splitTicks } from '../../tables/column.js';
import type { Table } from '../../tables/table.js';
import type { BExpr } from '../bound.js';
import { compile, type CompileEnv } from './compile.js';

type Rows = ArrayLike<number>;
const CMP = new Set(['==', '!=', '<', '<=', '>', '>=']);
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** The physical rows of `rows` for which `pred` is true, in order. */
export function filterRows(pred: BExpr, rows: Rows, env: CompileEnv): Uint32Array {
  if (pred.k === 'and') {
    let cur: Rows = rows;
    for (const a of pred.args) {
      cur = filterRows(a, cur, env);
      if (cur.length === 0) break;
    }
    return cur instanceof Uint32Array ? cur : Uint32Array.from(cur);
  }
  if (pred.k === 'call') {
    const fast = compareKernel(pred, env.table, rows) ?? dictionaryKernel(pred, env, rows);
    if (fast) return fast;
  }
  const f = compile(pred, env);
  const out = new Uint32Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (f(r) === true) out[n++] = r;
    if ((i & 0xffff) === 0) env.ctx.checkTime();
  }
  return out.subarray(0, n);
}

/** `col <op> const` (either order) over a ticks, long or number column, read from the typed arrays. */
function compareKernel(e: Extract<BExpr, { k: 'call' }>, t: Table, rows: Rows): Uint32Array | undefined {
  if (!CMP.has(e.name) || e.args.length !== 2) return undefined;
  let [a, b] = e.args as [BExpr, BExpr];
  let op = e.name;
  if (a.k === 'const' && b.k === 'col') {
    [a, b] = [b, a];
    op = FLIP[op]!;
  }
  if (a.k !== 'col' || b.k !== 'const' || a.type !== b.type) return undefined;
  const col = t.columns[a.index];
  const c = b.value;
  // Comparing with null: == is false, != is true for non-null rows, ordering is null (false).
  if (c === null) return undefined;
  const test = (d: number): boolean =>
    op === '==' ? d === 0 : op === '!=' ? d !== 0 : op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
  const out = new Uint32Array(rows.length);
  let n = 0;
  if (col instanceof TicksColumn && typeof c === 'bigint') {
    const [cms, csub] = splitTicks(c);
    const { ms, sub, nulls } = col;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (nulls && nulls[r]) {
        if (op === '!=') out[n++] = r;
        continue;
      }
      const m = ms[r]!;
      const d = m < cms ? -1 : m > cms ? 1 : sub[r]! - csub;
      if (test(d)) out[n++] = r;
    }
    return out.subarray(0, n);
  }
  if ((col instanceof LongColumn && col.small && typeof c === 'bigint' && c >= -(2n ** 53n) && c <= 2n ** 53n) || (col instanceof NumberColumn && typeof c === 'number' && !Number.isNaN(c))) {
    const vals = col instanceof LongColumn ? col.small! : col.values;
    const cv = Number(c);
    const nulls = col.nulls;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (nulls && nulls[r]) {
        if (op === '!=') out[n++] = r;
        continue;
      }
      const v = vals[r]!;
      if (Number.isNaN(v)) {
        // NaN orders below every number in Kusto's comparisons of reals; defer to the general path.
        return undefined;
      }
      if (test(v < cv ? -1 : v > cv ? 1 : 0)) out[n++] = r;
    }
    return out.subarray(0, n);
  }
  return undefined;
}

/** A bool function of one dictionary-encoded string column and constants: decided once per distinct string. */
function dictionaryKernel(e: Extract<BExpr, { k: 'call' }>, env: CompileEnv, rows: Rows): Uint32Array | undefined {
  const cols = e.args.filter((x) => x.k !== 'const');
  if (cols.length !== 1 || cols[0]!.k !== 'col') return undefined;
  const col = env.table.columns[(cols[0] as { index: number }).index];
  if (!(col instanceof StringColumn) || col.type !== 'string') return undefined;
  const pos = e.args.indexOf(cols[0]!);
  const consts = e.args.map((x) => (x.k === 'const' ? x.value : null));
  if (!e.handlesNulls && consts.some((v, i) => i !== pos && v === null)) return new Uint32Array(0);
  const { codes, dict } = col;
  // 0 = not yet decided, 1 = true, 2 = false or null.
  const verdict = new Uint8Array(dict.length);
  const out = new Uint32Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const code = codes[r]!;
    let v = verdict[code]!;
    if (v === 0) {
      consts[pos] = dict[code]!;
      v = verdict[code] = e.fn(...consts) === true ? 1 : 2;
    }
    if (v === 1) out[n++] = r;
  }
  return out.subarray(0, n);
}
