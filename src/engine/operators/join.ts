// join: a hash join on the `on` keys for every Kusto join kind. The default, innerunique, keeps one
// left row per key before matching. Null keys never match. Inputs are read through their selections
// and the output columns are gathered by row index (typed copies), not rebuilt value by value.

import { columnBuilder, ConstantColumn, StringColumn, type Column } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { CHECK_EVERY, type ExecContext } from '../exec/context.js';
import { counted, distinctCodesOf } from '../exec/memory.js';
import { relRows, type Rel } from '../exec/relation.js';
import { valueKey } from '../values.js';

type Key = string | bigint | boolean | null;

/**
 * The join key of a row. int and long keys of equal value must match, so integers become bigints; a
 * single string or integer key is used as it is (Map compares them by value); several keys are joined.
 */
function keyReader(t: Table, cols: number[]): (r: number) => Key {
  const norm = (v: Value): Key =>
    v === null ? null : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : typeof v === 'string' || typeof v === 'bigint' || typeof v === 'boolean' ? v : valueKey(v);
  if (cols.length === 1) {
    const c = t.columns[cols[0]!]!;
    return (r) => {
      const k = norm(c.get(r));
      return typeof k === 'string' ? 's' + k : k;
    };
  }
  const cs = cols.map((i) => t.columns[i]!);
  return (r) => {
    let k = '';
    for (const c of cs) {
      const v = norm(c.get(r));
      if (v === null) return null;
      k += (typeof v === 'string' ? 's' + v : valueKey(v)) + '\u0001';
    }
    return k;
  };
}

/** Rows `idx` of a column, where -1 stands for a missing row (null). */
function gather(c: Column, idx: Int32Array, anyMissing: boolean): Column {
  if (!anyMissing) return c.take(idx);
  const b = columnBuilder(c.type);
  for (let i = 0; i < idx.length; i++) b.push(idx[i]! < 0 ? null : c.get(idx[i]!));
  return b.build();
}

/**
 * The join keys of both sides as small integers: rid[j] for right position j (-1 for a null key),
 * lid[i] for left position i (the id of the equal right key, or -1 when its key is null or has no
 * equal on the right). A single string key reads dictionary codes, each distinct left string looked up
 * once; other keys go through a map of their values.
 */
function keyIds(left: Table, lrows: ArrayLike<number>, lkeys: number[], right: Table, rrows: ArrayLike<number>, rkeys: number[]): { lid: Int32Array; rid: Int32Array; space: number } {
  const lid = new Int32Array(lrows.length);
  const rid = new Int32Array(rrows.length);
  const lk = lkeys.length === 1 ? left.columns[lkeys[0]!] : undefined;
  const rk = rkeys.length === 1 ? right.columns[rkeys[0]!] : undefined;
  if (lk instanceof StringColumn && rk instanceof StringColumn && lk.type === rk.type) {
    const lc = distinctCodesOf(lk);
    const rc = distinctCodesOf(rk);
    for (let j = 0; j < rrows.length; j++) rid[j] = rc.codes[rrows[j]!]!;
    // Left code -> right code: the same when both read one dictionary, else found by string on first sight.
    const samePool = lc.pool === rc.pool;
    const byString = samePool ? null : new Map<string, number>(rc.pool.strings().map((s, k) => [s, k]));
    const cache = samePool ? null : new Int32Array(lc.pool.size).fill(-2);
    for (let i = 0; i < lrows.length; i++) {
      const c = lc.codes[lrows[i]!]!;
      if (c < 0 || !cache) lid[i] = c;
      else {
        if (cache[c] === -2) cache[c] = byString!.get(lc.pool.get(c)) ?? -1;
        lid[i] = cache[c]!;
      }
    }
    return { lid, rid, space: rc.pool.size };
  }
  const rightKey = keyReader(right, rkeys);
  const leftKey = keyReader(left, lkeys);
  const ids = new Map<Key, number>();
  for (let j = 0; j < rrows.length; j++) {
    const k = rightKey(rrows[j]!);
    if (k === null) rid[j] = -1;
    else {
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      rid[j] = id;
    }
  }
  for (let i = 0; i < lrows.length; i++) {
    const k = leftKey(lrows[i]!);
    lid[i] = k === null ? -1 : (ids.get(k) ?? -1);
  }
  return { lid, rid, space: ids.size };
}

/** Pairs of positions (left, right), growing by doubling. */
class PairBuffer {
  left: Int32Array;
  right: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
  }
  push(l: number, r: number): void {
    if (this.length === this.left.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.left = grow(this.left);
      this.right = grow(this.right);
    }
    this.left[this.length] = l;
    this.right[this.length++] = r;
  }
}

/**
 * Hash join for any join kind; the output follows the plan's schema. Output columns not in `need` are
 * left unfilled (all null). Output rows are charged to the query's memory budget before they are made,
 * so a join too large to hold (a cross join explosion) stops with KQL206 instead of exhausting the heap.
 */
export function runJoin(p: Extract<Plan, { op: 'join' }>, leftRel: Rel, rightRel: Rel, ctx: ExecContext, need?: ReadonlySet<number>): Table {
  const left = leftRel.table;
  const right = rightRel.table;
  const lrows = relRows(leftRel);
  const rrows = relRows(rightRel);
  const { lid, rid, space } = keyIds(left, lrows, p.leftKeys, right, rrows, p.rightKeys);
  // The right positions of each key id, in order: a chain through `next` from `head`.
  const head = new Int32Array(space).fill(-1);
  const tail = new Int32Array(space).fill(-1);
  const next = new Int32Array(rrows.length).fill(-1);
  const matchCount = new Int32Array(space);
  for (let j = 0; j < rrows.length; j++) {
    if ((j & CHECK_EVERY) === 0) ctx.checkTime();
    const id = rid[j]!;
    if (id < 0) continue;
    matchCount[id]!++;
    if (head[id]! < 0) head[id] = j;
    else next[tail[id]!] = j;
    tail[id] = j;
  }
  // Pairs of logical positions; -1 marks the missing side of an outer row.
  const pairs = new PairBuffer(Math.max(16, lrows.length));
  const rightMatched = new Uint8Array(rrows.length);
  const seenLeft = new Uint8Array(space);
  const kind = p.kind;
  // Matched pairs about to be produced are charged, and the time limit checked, every 64K pairs (outer
  // and semi rows are at most one per input row): the pair and the output columns something reads.
  const columnsMade = need ? need.size : p.schema.length;
  const cellsPerRow = columnsMade + 2;
  let pending = 0;
  const grow = (rows: number): void => {
    if ((pending += rows) <= CHECK_EVERY) return;
    const total = pairs.length + pending;
    ctx.memory.charge(pending * cellsPerRow, () => `join would produce at least ${counted(total, 'row')} of ${counted(p.schema.length, 'column')}`, p.span);
    ctx.checkTime();
    pending = 0;
  };
  for (let i = 0; i < lrows.length; i++) {
    if ((i & CHECK_EVERY) === 0) ctx.checkTime();
    const id = lid[i]!;
    if (kind === 'innerunique') {
      // Unmatched left rows give no output here, so only matched keys need deduplicating.
      if (id < 0 || seenLeft[id]) continue;
      seenLeft[id] = 1;
    }
    const first = id < 0 ? -1 : head[id]!;
    if (kind === 'leftsemi' || kind === 'leftanti') {
      if (first >= 0 === (kind === 'leftsemi')) {
        pairs.push(i, -1);
      }
      continue;
    }
    if (first >= 0) {
      if (kind !== 'rightsemi' && kind !== 'rightanti') grow(matchCount[id]!);
      for (let j = first; j >= 0; j = next[j]!) {
        rightMatched[j] = 1;
        if (kind !== 'rightsemi' && kind !== 'rightanti') {
          pairs.push(i, j);
        }
      }
    } else if (kind === 'leftouter' || kind === 'fullouter') {
      pairs.push(i, -1);
    }
  }
  if (kind === 'rightouter' || kind === 'fullouter' || kind === 'rightsemi' || kind === 'rightanti') {
    for (let j = 0; j < rrows.length; j++) {
      const keep = kind === 'rightsemi' ? rightMatched[j] === 1 : rightMatched[j] === 0;
      if (keep) {
        pairs.push(-1, j);
      }
    }
  }

  const n = pairs.length;
  const li = pairs.left.subarray(0, n);
  const ri = pairs.right.subarray(0, n);
  let leftMissing = false;
  let rightMissing = false;
  // Logical positions -> physical rows.
  for (let i = 0; i < n; i++) {
    if (li[i]! < 0) leftMissing = true;
    else li[i] = lrows[li[i]!]!;
    if (ri[i]! < 0) rightMissing = true;
    else ri[i] = rrows[ri[i]!]!;
  }
  const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
  const rightOnly = kind === 'rightsemi' || kind === 'rightanti';
  const columns: Column[] = [];
  const out = (c: Column, idx: Int32Array, missing: boolean): Column =>
    need && !need.has(columns.length) ? new ConstantColumn(c.type, null, n) : gather(c, idx, missing);
  if (!rightOnly) for (const c of left.columns) columns.push(out(c, li, leftMissing));
  if (!leftOnly) for (const c of right.columns) columns.push(out(c, ri, rightMissing));
  return new Table(p.schema, columns, n);
}
