// join: a hash join on the `on` keys for every Kusto join kind. The default, innerunique, keeps one
// left row per key before matching. Null keys never match. Inputs are read through their selections
// and the output columns are gathered by row index (typed copies), not rebuilt value by value.

import { columnBuilder, type Column } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { CHECK_EVERY, type ExecContext } from '../exec/context.js';
import { counted } from '../exec/memory.js';
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
 * Hash join for any join kind; the output follows the plan's schema. Output rows are charged to the
 * query's memory budget before they are made, so a join too large to hold (a cross join explosion)
 * stops with KQL206 instead of exhausting the heap.
 */
export function runJoin(p: Extract<Plan, { op: 'join' }>, leftRel: Rel, rightRel: Rel, ctx: ExecContext): Table {
  const left = leftRel.table;
  const right = rightRel.table;
  const lrows = relRows(leftRel);
  const rrows = relRows(rightRel);
  const rightKey = keyReader(right, p.rightKeys);
  const leftKey = keyReader(left, p.leftKeys);
  const rightIndex = new Map<Key, number[]>();
  for (let j = 0; j < rrows.length; j++) {
    if ((j & CHECK_EVERY) === 0) ctx.checkTime();
    const k = rightKey(rrows[j]!);
    if (k === null) continue;
    const list = rightIndex.get(k);
    if (list) list.push(j);
    else rightIndex.set(k, [j]);
  }
  // Pairs of logical positions; -1 marks the missing side of an outer row.
  const lp: number[] = [];
  const rp: number[] = [];
  const rightMatched = new Uint8Array(rrows.length);
  const seenLeft = new Set<Key>();
  const kind = p.kind;
  // Matched pairs about to be produced are charged, and the time limit checked, every 64K pairs (outer
  // and semi rows are at most one per input row).
  const cellsPerRow = p.schema.length + 2;
  let pending = 0;
  const grow = (rows: number): void => {
    if ((pending += rows) <= CHECK_EVERY) return;
    const total = lp.length + pending;
    ctx.memory.charge(pending * cellsPerRow, () => `join would produce at least ${counted(total, 'row')} of ${counted(p.schema.length, 'column')}`, p.span);
    ctx.checkTime();
    pending = 0;
  };
  for (let i = 0; i < lrows.length; i++) {
    if ((i & CHECK_EVERY) === 0) ctx.checkTime();
    const k = leftKey(lrows[i]!);
    if (kind === 'innerunique') {
      if (k === null || seenLeft.has(k)) continue;
      seenLeft.add(k);
    }
    const matches = k === null ? undefined : rightIndex.get(k);
    if (kind === 'leftsemi' || kind === 'leftanti') {
      if (!!matches === (kind === 'leftsemi')) {
        lp.push(i);
        rp.push(-1);
      }
      continue;
    }
    if (matches) {
      if (kind !== 'rightsemi' && kind !== 'rightanti') grow(matches.length);
      for (const j of matches) {
        rightMatched[j] = 1;
        if (kind !== 'rightsemi' && kind !== 'rightanti') {
          lp.push(i);
          rp.push(j);
        }
      }
    } else if (kind === 'leftouter' || kind === 'fullouter') {
      lp.push(i);
      rp.push(-1);
    }
  }
  if (kind === 'rightouter' || kind === 'fullouter' || kind === 'rightsemi' || kind === 'rightanti') {
    for (let j = 0; j < rrows.length; j++) {
      const keep = kind === 'rightsemi' ? rightMatched[j] === 1 : rightMatched[j] === 0;
      if (keep) {
        lp.push(-1);
        rp.push(j);
      }
    }
  }

  const n = lp.length;
  const li = new Int32Array(n);
  const ri = new Int32Array(n);
  let leftMissing = false;
  let rightMissing = false;
  for (let i = 0; i < n; i++) {
    li[i] = lp[i]! < 0 ? -1 : lrows[lp[i]!]!;
    ri[i] = rp[i]! < 0 ? -1 : rrows[rp[i]!]!;
    if (lp[i]! < 0) leftMissing = true;
    if (rp[i]! < 0) rightMissing = true;
  }
  const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
  const rightOnly = kind === 'rightsemi' || kind === 'rightanti';
  const columns: Column[] = [];
  if (!rightOnly) for (const c of left.columns) columns.push(gather(c, li, leftMissing));
  if (!leftOnly) for (const c of right.columns) columns.push(gather(c, ri, rightMissing));
  return new Table(p.schema, columns, n);
}
