// mv-expand: one output row per element of the expanded dynamic arrays (or per property of a bag), zipping
// several expanded columns. Per Kusto's docs, a null value gives one row (null), an empty array or bag gives
// none, and `to typeof(t)` is a cast: elements that are not of type t become null.

import { columnBuilder } from '../../tables/column.js';
import { parseDateTime, parseTimespan } from '../../tables/datetime.js';
import { Table, type ColumnInfo } from '../../tables/table.js';
import type { Dynamic, ScalarType, Value } from '../../types.js';
import type { MvExpandSpec } from '../bound.js';
import { convertValue } from '../convert.js';
import type { Span } from '../../diagnostics.js';
import { CHECK_EVERY, type ExecContext } from '../exec/context.js';
import { shape } from '../exec/memory.js';

/** The items a value expands to: array elements, bag properties, or the value itself. */
function items(v: Value, bagArray: boolean): Dynamic[] {
  if (v === null || v === undefined) return [null];
  if (Array.isArray(v)) return v as Dynamic[];
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, Dynamic>).map(([k, x]) => (bagArray ? [k, x] : { [k]: x }));
  }
  return [v as Dynamic];
}

/** `to typeof(t)`: the element itself when it is a t, otherwise null (a cast, not a conversion). */
export function castElement(v: Dynamic, t: ScalarType): Value {
  if (v === null) return null;
  switch (t) {
    case 'dynamic':
      return v;
    case 'string':
      return typeof v === 'string' ? v : null;
    case 'bool':
      return typeof v === 'boolean' ? v : null;
    case 'long':
    case 'int':
      if (typeof v === 'bigint') return t === 'long' ? v : convertValue(v, 'long', 'int');
      return typeof v === 'number' && Number.isInteger(v) ? (t === 'long' ? BigInt(v) : convertValue(BigInt(v), 'long', 'int')) : null;
    case 'real':
    case 'decimal':
      return typeof v === 'number' || typeof v === 'bigint' ? Number(v) : null;
    case 'datetime':
      return typeof v === 'string' ? (parseDateTime(v) ?? null) : null;
    case 'timespan':
      return typeof v === 'string' ? (parseTimespan(v) ?? null) : null;
    case 'guid':
      return typeof v === 'string' ? convertValue(v, 'string', 'guid') : null;
  }
}

/**
 * Expand every row of `input` (whose expanded columns hold dynamic values) into a table of `schema`.
 * Each row's output rows are charged to the memory budget before they are made, and the time limit is
 * checked as rows are made.
 */
export function expandRows(spec: MvExpandSpec, input: Table, schema: readonly ColumnInfo[], ctx: ExecContext, span?: Span): Table {
  const builders = schema.map((c) => columnBuilder(c.type));
  const expanded = new Map(spec.columns.map((c, i) => [c.index, i]));
  const ncols = input.columns.length;
  let n = 0;
  for (let r = 0; r < input.length; r++) {
    const lists = spec.columns.map((c) => items(input.columns[c.index]!.get(r), spec.bagArray));
    let count = Math.max(0, ...lists.map((l) => l.length));
    if (spec.limit !== undefined) count = Math.min(count, spec.limit);
    if (count > 1) ctx.memory.charge(count * schema.length, () => `mv-expand would produce ${shape(count, schema.length)} from one row`, span);
    if ((r & CHECK_EVERY) === 0) ctx.checkTime();
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < ncols; c++) {
        const e = expanded.get(c);
        if (e === undefined) {
          builders[c]!.push(input.columns[c]!.get(r));
          continue;
        }
        const item = lists[e]![i] ?? null;
        const t = spec.columns[e]!.toType;
        builders[c]!.push(t ? castElement(item, t) : item);
      }
      if (spec.itemIndex) builders[ncols]!.push(BigInt(i));
      if ((++n & CHECK_EVERY) === 0) ctx.checkTime();
    }
  }
  return new Table(schema, builders.map((b) => b.build()), n);
}
