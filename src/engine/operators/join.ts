// join: a hash join on the `on` keys for every Kusto join kind. The default, innerunique, keeps one
// left row per key before matching. Null keys never match.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { valueKey } from '../values.js';

/** A join key: int and long keys of equal value must match, so integers share one spelling. */
function keyOf(t: Table, cols: number[], r: number): string | null {
  let k = '';
  for (const c of cols) {
    const v = t.columns[c]!.get(r);
    if (v === null) return null;
    k += (typeof v === 'number' && Number.isInteger(v) ? 'b' + v : valueKey(v)) + '\u0001';
  }
  return k;
}

/** Hash join of two materialised tables for any join kind; the output follows the plan's schema. */
export function runJoin(p: Extract<Plan, { op: 'join' }>, left: Table, right: Table): Table {
  const rightIndex = new Map<string, number[]>();
  for (let r = 0; r < right.length; r++) {
    const k = keyOf(right, p.rightKeys, r);
    if (k === null) continue;
    const list = rightIndex.get(k);
    if (list) list.push(r);
    else rightIndex.set(k, [r]);
  }
  const pairs: [number, number][] = [];
  const rightMatched = new Uint8Array(right.length);
  const seenLeft = new Set<string>();
  const kind = p.kind;
  const leftKeys: (string | null)[] = [];
  for (let l = 0; l < left.length; l++) leftKeys.push(keyOf(left, p.leftKeys, l));

  for (let l = 0; l < left.length; l++) {
    const k = leftKeys[l]!;
    if (kind === 'innerunique') {
      if (k === null || seenLeft.has(k)) continue;
      seenLeft.add(k);
    }
    const matches = k === null ? undefined : rightIndex.get(k);
    if (kind === 'leftsemi') {
      if (matches) pairs.push([l, -1]);
      continue;
    }
    if (kind === 'leftanti') {
      if (!matches) pairs.push([l, -1]);
      continue;
    }
    if (matches) {
      for (const r of matches) {
        rightMatched[r] = 1;
        if (kind !== 'rightsemi' && kind !== 'rightanti') pairs.push([l, r]);
      }
    } else if (kind === 'leftouter' || kind === 'fullouter') pairs.push([l, -1]);
  }
  if (kind === 'rightouter' || kind === 'fullouter' || kind === 'rightsemi' || kind === 'rightanti') {
    for (let r = 0; r < right.length; r++) {
      if (kind === 'rightsemi' && rightMatched[r]) pairs.push([-1, r]);
      if (kind === 'rightanti' && !rightMatched[r]) pairs.push([-1, r]);
      if ((kind === 'rightouter' || kind === 'fullouter') && !rightMatched[r]) pairs.push([-1, r]);
    }
  }
  if (kind === 'rightouter') {
    // rightouter keeps only matched pairs plus unmatched right rows.
    for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i]![1] === -1) pairs.splice(i, 1);
  }

  const builders = p.schema.map((c) => columnBuilder(c.type));
  const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
  const rightOnly = kind === 'rightsemi' || kind === 'rightanti';
  const nl = left.columns.length;
  for (const [l, r] of pairs) {
    if (rightOnly) {
      right.columns.forEach((c, j) => builders[j]!.push(c.get(r)));
      continue;
    }
    left.columns.forEach((c, j) => builders[j]!.push(l < 0 ? null : c.get(l)));
    if (leftOnly) continue;
    right.columns.forEach((c, j) => builders[nl + j]!.push(r < 0 ? (null as Value) : c.get(r)));
  }
  return new Table(p.schema, builders.map((b) => b.build()), pairs.length);
}
