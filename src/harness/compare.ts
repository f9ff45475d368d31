// Comparing a query result with the rows a spec expects. Expected values are written as a user would
// (ISO datetimes, numbers, strings, lists for dynamic) and converted with the result column's type:
// datetimes compare at tick precision, longs exactly, dynamic sets (make_set) as sets. Rows compare
// as a multiset unless the spec asks for order; an expected row may name only some columns. The diff
// says which expected row differs from which result row in which column, then missing and unexpected rows.

import { formatDateTime, formatTimespan } from '../tables/datetime.js';
import { dynamicToJson, realToText } from '../engine/values.js';
import type { QueryResult, ResultColumn } from '../result.js';
import type { Dynamic, ScalarType, Value } from '../types.js';
import { cellValue } from './fixtures.js';
import type { RowSpec } from './spec.js';
import type { Pos } from './yaml-nodes.js';

export type DiffItem =
  | { kind: 'column'; column: string; pos: Pos; available: string[] }
  | { kind: 'cell'; expectedRow: number; pos: Pos; actualRow: number; column: string; expected: string; got: string; note?: string }
  | { kind: 'missing'; expectedRow: number; pos: Pos; row: string }
  | { kind: 'unexpected'; actualRow: number; row: string };

export interface CompareOptions {
  ordered: boolean;
  /** Dynamic columns compared as sets. */
  sets: ReadonlySet<string>;
  /** The spec file (for errors in expected values). */
  file: string;
}

/** A value as the diff prints it. */
export function showValue(v: Value, t: ScalarType): string {
  if (v === null || v === undefined) return 'null';
  switch (t) {
    case 'string':
    case 'guid':
      return JSON.stringify(v);
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'real':
    case 'decimal':
      return realToText(v as number);
    case 'dynamic':
      return dynamicToJson(v as Dynamic);
    default:
      return String(v);
  }
}

function canonDynamic(v: Dynamic, asSet: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) {
    const items = v.map((x) => canonDynamic(x, false));
    if (asSet) return '[' + [...new Set(items)].sort().join(',') + ']';
    return '[' + items.join(',') + ']';
  }
  switch (typeof v) {
    case 'bigint':
      return 'n' + v.toString();
    case 'number':
      return Number.isInteger(v) ? 'n' + BigInt(v).toString() : 'r' + String(Number(v.toPrecision(12)));
    case 'string':
      return 's' + JSON.stringify(v);
    case 'boolean':
      return v ? 't' : 'f';
    default: {
      const o = v as { [k: string]: Dynamic };
      return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonDynamic(o[k]!, false)).join(',') + '}';
    }
  }
}

/** A comparison key of a value: equal keys mean equal values for the test. */
export function canonValue(v: Value, t: ScalarType, asSet = false): string {
  if (v === null || v === undefined) return 'null';
  switch (t) {
    case 'int':
    case 'long':
      return 'n' + BigInt(v as number | bigint).toString();
    case 'real':
    case 'decimal': {
      const n = v as number;
      return Number.isNaN(n) ? 'rNaN' : 'r' + String(Number(n.toPrecision(12)));
    }
    case 'datetime':
    case 'timespan':
      return 't' + String(v);
    case 'bool':
      return v ? 't' : 'f';
    case 'dynamic':
      return canonDynamic(v as Dynamic, asSet);
    default:
      return 's' + String(v);
  }
}

interface ExpectedRow {
  index: number;
  pos: Pos;
  cols: number[];
  values: Value[];
  keys: string[];
}

function setNote(expected: Value, got: Value): string | undefined {
  if (!Array.isArray(expected) || !Array.isArray(got)) return undefined;
  const e = new Map((expected as Dynamic[]).map((x) => [canonDynamic(x, false), x]));
  const g = new Map((got as Dynamic[]).map((x) => [canonDynamic(x, false), x]));
  const missing = [...e].filter(([k]) => !g.has(k)).map(([, x]) => dynamicToJson(x));
  const extra = [...g].filter(([k]) => !e.has(k)).map(([, x]) => dynamicToJson(x));
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length) parts.push(`extra ${extra.join(', ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

function rowText(values: Value[], cols: number[], columns: ResultColumn[]): string {
  return '{ ' + cols.map((c) => `${columns[c]!.name}: ${showValue(values[c]!, columns[c]!.type)}`).join(', ') + ' }';
}

/** Compare a result with expected rows; an empty list means they match. */
export function compareRows(result: QueryResult, expected: RowSpec[], opts: CompareOptions): DiffItem[] {
  const columns = result.columns;
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const items: DiffItem[] = [];
  const exp: ExpectedRow[] = [];
  expected.forEach((r, i) => {
    const cols: number[] = [];
    const values: Value[] = [];
    for (const cell of r.cells) {
      const ci = index.get(cell.key);
      if (ci === undefined) {
        if (!items.some((x) => x.kind === 'column' && x.column === cell.key)) {
          items.push({ kind: 'column', column: cell.key, pos: cell.keyPos, available: columns.map((c) => c.name) });
        }
        continue;
      }
      cols.push(ci);
      values.push(cellValue(cell.value, columns[ci]!, 'the result', opts.file));
    }
    const keys = cols.map((c, k) => canonValue(values[k]!, columns[c]!.type, opts.sets.has(columns[c]!.name)));
    exp.push({ index: i + 1, pos: r.pos, cols, values, keys });
  });
  if (items.length) return items;

  const actualKey = (row: Value[], c: number): string => canonValue(row[c]!, columns[c]!.type, opts.sets.has(columns[c]!.name));
  const allCols = [...new Set(exp.flatMap((e) => e.cols))].sort((a, b) => a - b);
  const shownCols = allCols.length ? allCols : columns.map((_, i) => i);

  const cellDiffs = (e: ExpectedRow, actual: Value[], actualRow: number): DiffItem[] => {
    const out: DiffItem[] = [];
    e.cols.forEach((c, k) => {
      if (e.keys[k] === actualKey(actual, c)) return;
      const col = columns[c]!;
      const note = opts.sets.has(col.name) ? setNote(e.values[k]!, actual[c]!) : undefined;
      out.push({
        kind: 'cell',
        expectedRow: e.index,
        pos: e.pos,
        actualRow,
        column: col.name,
        expected: showValue(e.values[k]!, col.type),
        got: showValue(actual[c]!, col.type),
        note,
      });
    });
    return out;
  };

  if (opts.ordered) {
    const n = Math.max(exp.length, result.rows.length);
    for (let i = 0; i < n; i++) {
      const e = exp[i];
      const a = result.rows[i];
      if (e && a) items.push(...cellDiffs(e, a, i + 1));
      else if (e) items.push({ kind: 'missing', expectedRow: e.index, pos: e.pos, row: rowText(expandRow(e, columns.length), e.cols, columns) });
      else if (a) items.push({ kind: 'unexpected', actualRow: i + 1, row: rowText(a, shownCols, columns) });
    }
    return items;
  }

  // As a multiset: exact matches first, then pair the rest by the number of equal columns.
  const used = new Array<boolean>(result.rows.length).fill(false);
  const unmatched: ExpectedRow[] = [];
  for (const e of exp) {
    let found = -1;
    for (let j = 0; j < result.rows.length; j++) {
      if (used[j]) continue;
      const a = result.rows[j]!;
      if (e.cols.every((c, k) => e.keys[k] === actualKey(a, c))) {
        found = j;
        break;
      }
    }
    if (found >= 0) used[found] = true;
    else unmatched.push(e);
  }
  const pairs: { e: ExpectedRow; j: number; score: number }[] = [];
  for (const e of unmatched) {
    for (let j = 0; j < result.rows.length; j++) {
      if (used[j]) continue;
      const a = result.rows[j]!;
      const score = e.cols.filter((c, k) => e.keys[k] === actualKey(a, c)).length;
      // Pair when at least a third of the compared columns agree (so a diff names the columns that differ).
      if (score >= 1 && score * 3 >= e.cols.length) pairs.push({ e, j, score });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.e.index - y.e.index || x.j - y.j);
  const paired = new Map<ExpectedRow, number>();
  for (const p of pairs) {
    if (paired.has(p.e) || used[p.j]) continue;
    paired.set(p.e, p.j);
    used[p.j] = true;
  }
  for (const e of unmatched) {
    const j = paired.get(e);
    if (j !== undefined) items.push(...cellDiffs(e, result.rows[j]!, j + 1));
  }
  for (const e of unmatched) {
    if (!paired.has(e)) items.push({ kind: 'missing', expectedRow: e.index, pos: e.pos, row: rowText(expandRow(e, columns.length), e.cols, columns) });
  }
  for (let j = 0; j < result.rows.length; j++) {
    if (!used[j]) items.push({ kind: 'unexpected', actualRow: j + 1, row: rowText(result.rows[j]!, shownCols, columns) });
  }
  return items;
}

/** An expected row's values spread over the result's column positions. */
function expandRow(e: ExpectedRow, width: number): Value[] {
  const out: Value[] = new Array(width).fill(null);
  e.cols.forEach((c, k) => (out[c] = e.values[k]!));
  return out;
}

function at(pos: Pos): string {
  return pos.line ? ` (line ${pos.line})` : '';
}

/** One line per difference, e.g. `row 3 (line 42), column LastSeen: expected …, got …`. */
export function formatDiff(items: DiffItem[]): string[] {
  return items.map((d) => {
    switch (d.kind) {
      case 'column':
        return `column ${d.column}${at(d.pos)} is not in the result; its columns are ${d.available.join(', ')}`;
      case 'cell':
        return (
          `row ${d.expectedRow}${at(d.pos)}, column ${d.column}: expected ${d.expected}, got ${d.got}` +
          (d.actualRow !== d.expectedRow ? ` (in result row ${d.actualRow})` : '') +
          (d.note ? ` [${d.note}]` : '')
        );
      case 'missing':
        return `missing row ${d.expectedRow}${at(d.pos)}: ${d.row}`;
      case 'unexpected':
        return `unexpected result row ${d.actualRow}: ${d.row}`;
    }
  });
}
