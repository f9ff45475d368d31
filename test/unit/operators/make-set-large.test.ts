// make_set over many rows and many distinct values, per group: each group's distinct values in order of
// first appearance, nulls left out, at most the size limit. Values share their low 32 bits (multiples of
// 2^32) so that a hash of only the low bits would collide. Expected answers come from plain JavaScript
// Sets over the same generated rows.
import { describe, expect, it } from 'vitest';
import { LongColumn, StringColumn } from '../../../src/tables/column.js';
import { Table } from '../../../src/tables/table.js';
import { NumberIds } from '../../../src/engine/operators/number-ids.js';
import { rows } from '../../helpers.js';

const N = 120_000;
const KEYS = Array.from({ length: 37 }, (_, i) => `device-${i}`);
const keyOf = (x: number): number => (x * 31) % KEYS.length;
/** Row x's value, or null on every 101st row: 5,003 distinct multiples of 2^32 (exact as doubles). */
const valueOf = (x: number): number | null => (x % 101 === 0 ? null : ((x * 7919) % 5003) * 4294967296);

function table(): Table {
  const codes = new Uint8Array(N);
  const vals = new Float64Array(N);
  const nulls = new Uint8Array(N);
  for (let x = 0; x < N; x++) {
    codes[x] = keyOf(x);
    const v = valueOf(x);
    if (v === null) nulls[x] = 1;
    else vals[x] = v;
  }
  return new Table(
    [
      { name: 'K', type: 'string' },
      { name: 'V', type: 'long' },
    ],
    [new StringColumn('string', codes, KEYS), new LongColumn(vals, null, nulls)],
    N,
  );
}

const T = table();

/** Each key's distinct values in order of first appearance, at most `limit`. */
function expectedSets(limit: number): Map<string, number[]> {
  const sets = new Map<string, Set<number>>();
  for (let x = 0; x < N; x++) {
    const k = KEYS[keyOf(x)]!;
    const v = valueOf(x);
    let s = sets.get(k);
    if (!s) sets.set(k, (s = new Set()));
    if (v !== null && s.size < limit) s.add(v);
  }
  return new Map([...sets].map(([k, s]) => [k, [...s]]));
}

describe('make_set over many distinct values', () => {
  it('per group, in order of first appearance, without nulls', () => {
    const got = rows('T | summarize s = make_set(V) by K', { tables: { T } });
    const want = expectedSets(Infinity);
    expect(got.length).toBe(KEYS.length);
    for (const [k, s] of got) expect(s).toEqual(want.get(k as string));
    // About 3,240 rows a group, nearly all with a value not seen before in that group.
    for (const [, s] of got) expect((s as unknown[]).length).toBeGreaterThan(3000);
  });
  it('with a size limit, the first values found', () => {
    const got = rows('T | summarize s = make_set(V, 7) by K', { tables: { T } });
    const want = expectedSets(7);
    for (const [k, s] of got) expect(s).toEqual(want.get(k as string));
  });
  it('of a string column, over all rows', () => {
    const firstSeen = [...new Set(Array.from({ length: N }, (_, x) => KEYS[keyOf(x)]!))];
    expect(rows('T | summarize s = make_set(K)', { tables: { T } })).toEqual([[firstSeen]]);
  });
});

describe('NumberIds', () => {
  it('gives dense ids in order of first appearance, across table growth and colliding low bits', () => {
    const ids = new NumberIds(4);
    const keys = Array.from({ length: 50_000 }, (_, i) => ((i * 7919) % 50_000) * 2 ** 32 + (i % 3));
    const first = new Map<number, number>();
    for (const k of [...keys, ...keys.slice(0, 1000)]) {
      if (!first.has(k)) first.set(k, first.size);
      expect(ids.id(k)).toBe(first.get(k));
    }
    expect(ids.size).toBe(first.size);
  });
});
