// Group ids for summarize's `by` keys, computed column at a time: each key becomes a small integer per
// row (a dictionary code, or a number renumbered in order of first appearance), the keys' integers are
// combined into one, and each combination gets a group id in order of first appearance.

import { BoolColumn, ConstantColumn, LongColumn, NumberColumn, StringColumn, TicksColumn } from '../../tables/column.js';
import { distinctCodesOf } from '../exec/memory.js';
import type { Vec } from '../exec/vector.js';
import { NumberIds } from './number-ids.js';

export interface Groups {
  /** Group id of each logical row. */
  gids: Int32Array;
  count: number;
  /** Logical position of each group's first row. */
  first: Uint32Array;
}

interface KeyCodes {
  codes: Int32Array | Uint8Array;
  card: number;
}

/** Group ids for rows 0..n-1 by the key vectors, or undefined when a key has no integer form. */
export function groupIds(keys: Vec[], n: number): Groups | undefined {
  const parts: KeyCodes[] = [];
  for (const k of keys) {
    const c = keyCodes(k, n);
    if (!c) return undefined;
    parts.push(c);
  }
  let space = 1;
  for (const p of parts) space *= p.card;
  if (space > Number.MAX_SAFE_INTEGER) return undefined;
  // A single key's codes are made for this call: its group ids can overwrite them (each is read once,
  // just before its id is written).
  const only = parts.length === 1 ? parts[0]!.codes : null;
  const gids = only instanceof Int32Array ? only : new Int32Array(n);
  const first: number[] = [];
  if (space <= 4 * n + 65536) {
    // Dense: a table over every combination of key codes.
    const slot = new Int32Array(space).fill(-1);
    const single = parts.length === 1 ? parts[0]!.codes : null;
    for (let i = 0; i < n; i++) {
      const c = single ? single[i]! : combined(parts, i);
      let g = slot[c]!;
      if (g < 0) {
        g = slot[c] = first.length;
        first.push(i);
      }
      gids[i] = g;
    }
  } else {
    const slot = new NumberIds(Math.min(n, 1 << 16));
    for (let i = 0; i < n; i++) {
      const g = slot.id(combined(parts, i));
      if (g === first.length) first.push(i);
      gids[i] = g;
    }
  }
  return { gids, count: first.length, first: Uint32Array.from(first) };
}

function combined(parts: KeyCodes[], i: number): number {
  let c = 0;
  for (let k = 0; k < parts.length; k++) c = c * parts[k]!.card + parts[k]!.codes[i]!;
  return c;
}

/** One key as integers 0..card-1 per row: dictionary codes directly, other values renumbered. */
function keyCodes(v: Vec, n: number): KeyCodes | undefined {
  const { col, idx } = v;
  if (col instanceof ConstantColumn) return { codes: new Uint8Array(n), card: 1 };
  if (col instanceof StringColumn) {
    const codes = new Int32Array(n);
    const d = distinctCodesOf(col);
    const src = d.codes;
    // +1 so that the guid null (code -1) is 0.
    for (let i = 0; i < n; i++) codes[i] = src[idx ? idx[i]! : i]! + 1;
    return { codes, card: d.pool.size + 1 };
  }
  if (col instanceof BoolColumn) {
    const codes = new Uint8Array(n);
    const src = col.values;
    for (let i = 0; i < n; i++) codes[i] = src[idx ? idx[i]! : i]!;
    return { codes, card: 3 };
  }
  if (col instanceof TicksColumn) {
    const { ms, sub, nulls } = col;
    const onGrid = gridCodes(ms, sub, nulls, idx, n, v.grid, v.gridRange);
    if (onGrid) return onGrid;
    return renumber(n, (i) => {
      const r = idx ? idx[i]! : i;
      if (nulls && nulls[r]) return null;
      const s = sub[r]!;
      return s === 0 ? ms[r]! : `${ms[r]!}.${s}`;
    });
  }
  if (col instanceof LongColumn || (col instanceof NumberColumn && col.type !== 'decimal')) {
    const vals = col instanceof LongColumn ? (col.small ?? col.big!) : col.values;
    const nulls = col.nulls;
    const onGrid = vals instanceof BigInt64Array ? undefined : gridCodes(vals, null, nulls, idx, n);
    if (onGrid) return onGrid;
    // Map keys compare by SameValueZero: NaN groups with NaN and -0 with 0, as Kusto groups them.
    return renumber(n, (i) => {
      const r = idx ? idx[i]! : i;
      return nulls && nulls[r] ? null : vals[r]!;
    });
  }
  return undefined;
}

/** Integers for the values `at(i)` in order of first appearance (null is one more value). */
function renumber(n: number, at: (i: number) => number | bigint | string | null): KeyCodes {
  const codes = new Int32Array(n);
  const ids = new Map<number | bigint | string | null, number>();
  let last: number | bigint | string | null | undefined;
  let lastId = 0;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v !== last || v !== v) {
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = ids.size));
      last = v;
      lastId = id;
    }
    codes[i] = lastId;
  }
  return { codes, card: Math.max(1, ids.size) };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Codes without a hash table when every value is an integer on an evenly spaced grid that is not much
 * larger than the rows (bins of a datetime, small integers): code = (v - min) / step, plus one slot for
 * null. Undefined when the values are not such (a fraction, a sub-millisecond part, a sparse spread).
 */
function gridCodes(
  vals: Float64Array | Int32Array,
  sub: Uint16Array | null,
  nulls: Uint8Array | null,
  idx: ArrayLike<number> | null,
  n: number,
  knownStep?: number,
  knownRange?: [number, number],
): KeyCodes | undefined {
  let [min, max] = knownRange ?? [Infinity, -Infinity];
  let base = NaN;
  let step = knownStep ?? 0;
  let hasNull = 0;
  if (knownStep !== undefined && knownRange) {
    // Bins whose range is known: only whether there is a null.
    if (nulls) for (let i = 0; i < n && !hasNull; i++) hasNull = nulls[idx ? idx[i]! : i]!;
  } else if (knownStep !== undefined) {
    // Bins: already on the grid; only the range is needed.
    for (let i = 0; i < n; i++) {
      const r = idx ? idx[i]! : i;
      if (nulls && nulls[r]) hasNull = 1;
      else {
        const v = vals[r]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  for (let i = 0; knownStep === undefined && i < n; i++) {
    const r = idx ? idx[i]! : i;
    if (nulls && nulls[r]) {
      hasNull = 1;
      continue;
    }
    const v = vals[r]!;
    if ((sub && sub[r] !== 0) || !Number.isSafeInteger(v)) return undefined;
    if (base !== base) base = v;
    const d = Math.abs(v - base);
    // A difference past 2^53 is rounded: values could share a code.
    if (!Number.isSafeInteger(d)) return undefined;
    if (step === 0 ? d !== 0 : d % step !== 0) step = gcd(step, d);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (step === 0) step = 1;
  if (!Number.isSafeInteger(max - min)) return undefined;
  const card = (max - min) / step + 1 + hasNull;
  if (!(card <= 4 * n + 65536)) return undefined;
  const codes = new Int32Array(n);
  // Every value is min plus a whole number of steps, fewer than 2^31 of them: the product with the
  // reciprocal is within far less than half a step of that number, so rounding it gives it exactly.
  const inv = 1 / step;
  for (let i = 0; i < n; i++) {
    const r = idx ? idx[i]! : i;
    codes[i] = nulls && nulls[r] ? 0 : (((vals[r]! - min) * inv + 0.5) | 0) + hasNull;
  }
  return { codes, card: Math.max(1, card) };
}
