// Row lists per dictionary code of a string column, so that a filter passing few distinct strings
// reads only their rows instead of every row's code. A column's lists are built the second time a
// filter scans the whole column (a column filtered once is never indexed) and are kept with the code
// array for as long as the table lives: a test suite or a repeated query filtering the same table
// then pays one pass over the codes, once.

import type { CodeArray } from '../../tables/column.js';

/** The rows of each code, in row order: slot s (code + 1; slot 0 is the guid null) holds rows[starts[s]..starts[s+1]). */
interface Postings {
  starts: Uint32Array;
  rows: Uint32Array;
}

/** Below this many rows a scan of the codes costs less than keeping lists. */
const MIN_ROWS = 65_536;

/** Per code array: the lists, or how many whole-column scans it has had without them. */
const built = new WeakMap<CodeArray, Postings | number>();

/**
 * The rows, in order, whose slot (code + 1) passes, when the column has lists and reading them is
 * cheaper than scanning every code; undefined when the caller should scan. `pass` is indexed by slot.
 */
export function rowsOfPassingCodes(codes: CodeArray, slots: number, pass: Uint8Array): Uint32Array | undefined {
  const n = codes.length;
  if (n < MIN_ROWS) return undefined;
  const p = postingsOf(codes, slots);
  if (!p) return undefined;
  const lists: [number, number][] = [];
  let total = 0;
  // A pool that gained strings after the lists were built: the codes array is the same, so the new
  // slots have no rows.
  const known = Math.min(slots, p.starts.length - 1);
  for (let s = 0; s < known; s++) {
    if (pass[s] !== 1 || p.starts[s] === p.starts[s + 1]) continue;
    lists.push([p.starts[s]!, p.starts[s + 1]!]);
    total += p.starts[s + 1]! - p.starts[s]!;
  }
  // Merging k lists costs about total * log2(k) steps against n for the scan.
  if (total * Math.max(1, Math.ceil(Math.log2(lists.length))) > n / 4) return undefined;
  return mergeLists(p.rows, lists);
}

function postingsOf(codes: CodeArray, slots: number): Postings | undefined {
  const seen = built.get(codes);
  if (typeof seen === 'object') return seen;
  if (seen === undefined) {
    built.set(codes, 1);
    return undefined;
  }
  const p = build(codes, slots);
  built.set(codes, p);
  return p;
}

/** A counting sort of the row numbers by slot. */
function build(codes: CodeArray, slots: number): Postings {
  const n = codes.length;
  const starts = new Uint32Array(slots + 1);
  for (let r = 0; r < n; r++) starts[codes[r]! + 2]!++;
  for (let s = 1; s <= slots; s++) starts[s]! += starts[s - 1]!;
  const next = starts.slice(0, slots);
  const rows = new Uint32Array(n);
  for (let r = 0; r < n; r++) rows[next[codes[r]! + 1]!++] = r;
  return { starts, rows };
}

/** The union of sorted, disjoint ranges of `rows`, in order (pairwise merges). */
function mergeLists(rows: Uint32Array, lists: [number, number][]): Uint32Array {
  let runs: Uint32Array[] = lists.map(([a, b]) => rows.slice(a, b));
  if (runs.length === 0) return new Uint32Array(0);
  while (runs.length > 1) {
    const merged: Uint32Array[] = [];
    for (let i = 0; i < runs.length; i += 2) merged.push(i + 1 < runs.length ? merge2(runs[i]!, runs[i + 1]!) : runs[i]!);
    runs = merged;
  }
  return runs[0]!;
}

function merge2(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
