// The per-query memory budget. Operators that multiply rows or collect values (join, mv-expand,
// mv-apply, range, union, bag_unpack, pivot, make_list/make_set/make_bag) charge what they are about to
// hold, counted in cells, before they hold it; when an operator is done, only its output stays charged.
// Functions that build large values (range(), repeat(), strrep(), strcat(), strcat_delim(),
// replace_string(), replace_regex()) charge them too.
// Past the budget the query stops with KQL206, the way Kusto stops a runaway query (E_RUNAWAY_QUERY)
// when an operator exceeds its memory limit, instead of the process running out of memory.
// Kusto's limits: https://learn.microsoft.com/kusto/concepts/query-limits (maxmemoryconsumptionperiterator).

import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { KqlError, type Span } from '../../diagnostics.js';
import type { StringColumn } from '../../tables/column.js';

/** Bytes one cell is counted as: a value slot plus its share of the row bookkeeping around it. */
export const CELL_BYTES = 16;

/**
 * The default budget in bytes: half of V8's heap limit (or of physical memory, when that is smaller), so
 * the rows a query creates fit beside the loaded tables on any machine.
 */
export function defaultMemoryBudget(): number {
  return (defaultBudget ??= Math.floor(Math.min(getHeapStatistics().heap_size_limit, totalmem()) / 2));
}

let defaultBudget: number | undefined;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => fmt(Math.max(1, Math.ceil(bytes / 2 ** 20)));

export class MemoryBudget {
  /**
   * The budget of the query running now, for code that has no execution context (aggregate
   * accumulators). Queries run synchronously, so there is one at a time; see {@link withBudget}.
   */
  static active: MemoryBudget | undefined;

  private used = 0;

  constructor(readonly limitBytes: number = defaultMemoryBudget()) {}

  /** A mark to {@link settle} to once an operator is done. */
  mark(): number {
    return this.used;
  }

  /**
   * An operator started at `mark` is done and its inputs can be collected: of what it and its inputs
   * charged, only its output (at most `outputCells` cells) stays charged.
   */
  settle(mark: number, outputCells: number): void {
    this.used = mark + Math.max(0, Math.min(this.used - mark, outputCells * CELL_BYTES));
  }

  /** Bytes charged so far. */
  get usedBytes(): number {
    return this.used;
  }

  /**
   * Charge `cells` cells that `what` (e.g. "join would produce 20,000 rows of 4 columns", or a function
   * giving it) is about to create; throws KQL206 (at `span`) when they do not fit in what is left of the
   * budget.
   */
  charge(cells: number, what: string | (() => string), span?: Span): void {
    const bytes = cells * CELL_BYTES;
    if (this.used + bytes <= this.limitBytes) {
      this.used += bytes;
      return;
    }
    if (typeof what === 'function') what = what();
    const after = this.used + bytes;
    throw new KqlError({
      code: 'KQL206',
      kind: 'runtime',
      message:
        `${what}: the query would hold ${Number.isFinite(after) ? `about ${mb(after)} MB` : 'unbounded memory'}, ` +
        `past its memory budget of ${mb(this.limitBytes)} MB (set it with --max-memory MB). Kusto stops such a query ` +
        `with E_RUNAWAY_QUERY when an operator exceeds its memory limit (maxmemoryconsumptionperiterator)`,
      span,
    });
  }
}

/** Run `fn` with `budget` as the active budget (restoring the previous one after). */
export function withBudget<T>(budget: MemoryBudget, fn: () => T): T {
  const previous = MemoryBudget.active;
  MemoryBudget.active = budget;
  try {
    return fn();
  } finally {
    MemoryBudget.active = previous;
  }
}

/** Charge the active query's budget, if a query is running (see {@link MemoryBudget.charge}). */
export function chargeActive(cells: number, what: string | (() => string), span?: Span): void {
  MemoryBudget.active?.charge(cells, what, span);
}

/** Values at least this many cells large are charged by the functions that build them. */
const LARGE_VALUE_CELLS = 4096;

/**
 * Charge a value a function is building from a small input (a range() or repeat() array, a strrep()
 * string), when it is large: `cells` cells (an array element, or 8 characters of a string, is one).
 */
export function chargeLargeValue(cells: number, what: () => string): void {
  if (cells >= LARGE_VALUE_CELLS) chargeActive(cells, what);
}

/** Charge a long string a function built (8 characters a cell) and return it. */
export function chargedText(fn: string, text: string): string {
  if (text.length >= LARGE_VALUE_CELLS * 8) {
    chargeActive(Math.ceil(text.length / 8), () => `${fn}() built a string of ${text.length.toLocaleString('en-US')} characters`);
  }
  return text;
}

/** "20,000 rows": a count with its noun, for budget messages. */
export function counted(n: number, noun: string): string {
  return `${fmt(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** "20,000 rows of 4 columns": the shape an operator would produce, for budget messages. */
export function shape(rows: number, columns: number): string {
  return `${counted(rows, 'row')} of ${counted(columns, 'column')}`;
}

/**
 * A string column with codes equal exactly when the strings are (see StringColumn.withDistinctCodes).
 * Working out a loaded pool's canonical form holds a hash table, the bytes again and a code per row:
 * charged (about 6 cells an entry, one a byte and half a row) the first time, as any operator's memory.
 */
export function distinctCodesOf(col: StringColumn): StringColumn {
  if (!col.pool.canonicalReady) {
    const cells = col.pool.size * 6 + col.pool.byteLength / 8 + col.length / 2;
    chargeActive(cells, () => `finding the distinct values of a column of ${fmt(col.pool.size)} strings`);
  }
  return col.withDistinctCodes();
}
