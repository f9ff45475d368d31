// Column-at-a-time forms of the commonest aggregates (count, countif, sum, min, max, dcount, make_set) over group
// ids: one pass over the typed arrays per aggregate instead of an accumulator call per row. Each gives
// exactly what its accumulator in functions/aggregates.ts gives; an input it has no exact form for
// (a long sum that may pass 2^53, a NaN in min/max, a computed argument) returns undefined and the
// accumulators run instead.

import { BoolColumn, LongColumn, NumberColumn, StringColumn, TicksColumn, columnBuilder, type Column } from '../../tables/column.js';
import type { Dynamic } from '../../types.js';
import type { BoundAggregate } from '../bound.js';
import { chargeActive, distinctCodesOf } from '../exec/memory.js';
import type { Vec } from '../exec/vector.js';
import { CHARGE_EVERY } from '../functions/aggregates.js';
import { toDynamic } from '../values.js';
import type { Groups } from './grouping.js';
import { NumberIds } from './number-ids.js';

/** Aggregates with a column-at-a-time form (for some argument types). */
export const KERNEL_AGGREGATES: ReadonlySet<string> = new Set(['count', 'countif', 'sum', 'min', 'max', 'dcount', 'make_set']);

/** The aggregate's output columns (one per group), or undefined when it has no column-at-a-time form here. */
export function aggregateColumns(a: BoundAggregate, args: (Vec | undefined)[], g: Groups): Column[] | undefined {
  if (args.some((v) => !v)) return undefined;
  const v = args as Vec[];
  switch (a.fn) {
    case 'count':
      return v.length === 0 ? [counts(g, null)] : undefined;
    case 'countif':
      return v[0]!.col instanceof BoolColumn ? [counts(g, v[0]!)] : undefined;
    case 'sum':
      return sum(v[0]!, g, a.types[0]!);
    case 'min':
    case 'max':
      return extreme(v[0]!, g, a.fn === 'max');
    case 'dcount':
      return v[0]!.col instanceof StringColumn ? [distinctCodes(v[0]!, g)] : undefined;
    case 'make_set':
      return v.length === 1 && a.limit !== undefined ? distinctValues(v[0]!, g, a, a.limit) : undefined;
    default:
      return undefined;
  }
}

/** Rows per group; with `pred`, only the rows where it is true. */
function counts(g: Groups, pred: Vec | null): Column {
  // Integer counters (a row count fits 32 bits): an integer increment is quicker than a double's.
  const n = new Uint32Array(g.count);
  const { gids } = g;
  if (!pred) {
    for (let i = 0; i < gids.length; i++) n[gids[i]!]!++;
  } else {
    const vals = (pred.col as BoolColumn).values;
    const idx = pred.idx;
    for (let i = 0; i < gids.length; i++) n[gids[i]!]! += vals[idx ? idx[i]! : i] === 1 ? 1 : 0;
  }
  return new LongColumn(Float64Array.from(n), null, null);
}

/** The typed values behind a long (while every value is a safe integer), int or real column. */
function numbers(col: Column): Float64Array | Int32Array | undefined {
  if (col instanceof LongColumn) return col.small ?? undefined;
  if (col instanceof NumberColumn && col.type !== 'decimal') return col.values;
  return undefined;
}

/** sum of long (exact while the sum of magnitudes stays below 2^53) or real (in row order, as the accumulator adds). */
function sum(v: Vec, g: Groups, type: string): Column[] | undefined {
  const vals = numbers(v.col);
  if (!vals || (type === 'long') !== v.col instanceof LongColumn) return undefined;
  if (type !== 'long' && type !== 'real') return undefined;
  const { idx } = v;
  const nulls = (v.col as LongColumn | NumberColumn).nulls;
  const { gids } = g;
  const out = new Float64Array(g.count);
  let magnitude = 0;
  for (let i = 0; i < gids.length; i++) {
    const r = idx ? idx[i]! : i;
    if (nulls && nulls[r]) continue;
    const x = vals[r]!;
    out[gids[i]!]! += x;
    magnitude += Math.abs(x);
  }
  if (type === 'long') return magnitude <= Number.MAX_SAFE_INTEGER ? [new LongColumn(out, null, null)] : undefined;
  return [new NumberColumn('real', out, null)];
}

/** min/max of a datetime, timespan, long, int or real column; null for groups without a value. */
function extreme(v: Vec, g: Groups, max: boolean): Column[] | undefined {
  const { col, idx } = v;
  const { gids } = g;
  const seen = new Uint8Array(g.count);
  const best = new Float64Array(g.count);
  const nullsOf = (): Uint8Array | null => {
    let any = false;
    const m = new Uint8Array(g.count);
    for (let k = 0; k < g.count; k++) if (!seen[k]) any = !!(m[k] = 1);
    return any ? m : null;
  };
  if (col instanceof TicksColumn) {
    const bestSub = new Uint16Array(g.count);
    const { ms, sub, nulls } = col;
    for (let i = 0; i < gids.length; i++) {
      const r = idx ? idx[i]! : i;
      if (nulls && nulls[r]) continue;
      const k = gids[i]!;
      const m = ms[r]!;
      const s = sub[r]!;
      if (!seen[k]) {
        seen[k] = 1;
        best[k] = m;
        bestSub[k] = s;
      } else if (max ? m > best[k]! || (m === best[k] && s > bestSub[k]!) : m < best[k]! || (m === best[k] && s < bestSub[k]!)) {
        best[k] = m;
        bestSub[k] = s;
      }
    }
    return [new TicksColumn(col.type, best, bestSub, nullsOf())];
  }
  const vals = numbers(col);
  if (!vals) return undefined;
  const nulls = (col as LongColumn | NumberColumn).nulls;
  for (let i = 0; i < gids.length; i++) {
    const r = idx ? idx[i]! : i;
    if (nulls && nulls[r]) continue;
    const x = vals[r]!;
    if (x !== x) return undefined; // NaN: the accumulator's ordering decides
    const k = gids[i]!;
    if (!seen[k]) {
      seen[k] = 1;
      best[k] = x;
    } else if (max ? x > best[k]! : x < best[k]!) best[k] = x;
  }
  if (col instanceof LongColumn) return [new LongColumn(best, null, nullsOf())];
  const type = (col as NumberColumn).type as 'int' | 'real';
  return [new NumberColumn(type, type === 'int' ? Int32Array.from(best) : best, nullsOf())];
}

/** dcount of a string/guid column: distinct dictionary codes per group (the guid null is not a value). */
function distinctCodes(v: Vec, g: Groups): Column {
  const col = distinctCodesOf(v.col as StringColumn);
  const { idx } = v;
  const { codes } = col;
  const card = col.pool.size;
  const out = new Float64Array(g.count);
  const { gids } = g;
  const seen = g.count * card <= 1 << 24 ? new Uint8Array(g.count * card) : null;
  const seenSet = seen ? null : new Set<number>();
  for (let i = 0; i < gids.length; i++) {
    const c = codes[idx ? idx[i]! : i]!;
    if (c < 0) continue;
    const k = gids[i]!;
    const key = k * card + c;
    if (seen) {
      if (seen[key]) continue;
      seen[key] = 1;
    } else {
      if (seenSet!.has(key)) continue;
      seenSet!.add(key);
    }
    out[k]!++;
  }
  return new LongColumn(out, null, null);
}

/**
 * make_set of a string, guid or long column: each group's first `limit` distinct values in order of
 * first appearance, as its accumulator collects them (and charged to the memory budget as it charges
 * them).
 */
function distinctValues(v: Vec, g: Groups, a: BoundAggregate, limit: number): Column[] | undefined {
  const { col, idx } = v;
  const { gids } = g;
  const n = gids.length;
  // A small integer per distinct value; -1 for null.
  const vid = new Int32Array(n);
  let card: number;
  if (col instanceof StringColumn) {
    const d = distinctCodesOf(col);
    const { codes } = d;
    for (let i = 0; i < n; i++) vid[i] = codes[idx ? idx[i]! : i]!;
    card = d.pool.size;
  } else if (col instanceof LongColumn && col.small) {
    const { small, nulls } = col;
    const ids = new NumberIds(Math.min(n, 1 << 16));
    for (let i = 0; i < n; i++) {
      const r = idx ? idx[i]! : i;
      vid[i] = nulls && nulls[r] ? -1 : ids.id(small[r]! + 0);
    }
    card = ids.size;
  } else {
    return undefined;
  }
  if (g.count * card > Number.MAX_SAFE_INTEGER) return undefined;
  // Each distinct (group, value) pair, with the row it first appears on.
  const pairs = new NumberIds(Math.min(n, 1 << 16));
  const pairRow: number[] = [];
  const pairGroup: number[] = [];
  for (let i = 0; i < n; i++) {
    if (vid[i]! < 0) continue;
    const k = gids[i]!;
    if (pairs.id(k * card + vid[i]!) === pairRow.length) {
      pairRow.push(idx ? idx[i]! : i);
      pairGroup.push(k);
    }
  }
  const sets: Dynamic[][] = Array.from({ length: g.count }, () => []);
  for (let p = 0; p < pairRow.length; p++) {
    const set = sets[pairGroup[p]!]!;
    if (set.length >= limit) continue;
    if (set.length % CHARGE_EVERY === 0 && set.length) {
      const size = set.length;
      chargeActive(CHARGE_EVERY, () => `${a.fn}() collected ${size.toLocaleString('en-US')} values`, a.span);
    }
    set.push(toDynamic(col.get(pairRow[p]!), col.type));
  }
  const out = columnBuilder('dynamic');
  for (const s of sets) out.push(s);
  return [out.build()];
}
