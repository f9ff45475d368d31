// Bound (typed) scalar expressions and the logical plan: the binder's output and the executor's input.
// Every expression carries its KQL type; every plan node carries its output schema.

import type { Span } from '../diagnostics.js';
import type { JoinKind, SortKey as AstSortKey } from '../parser/ast.js';
import type { ColumnInfo, Table } from '../tables/table.js';
import type { ScalarType, Value } from '../types.js';
import type { AggregateFactory } from './functions/registry.js';

export type BExpr =
  | { k: 'const'; type: ScalarType; value: Value; span?: Span }
  | { k: 'col'; type: ScalarType; index: number; name: string; span?: Span }
  /** A pure function of its arguments. Unless `nullable`, a null argument gives a null result. */
  | { k: 'call'; type: ScalarType; name: string; fn: (...args: Value[]) => Value; args: BExpr[]; handlesNulls: boolean; span?: Span; volatile?: boolean }
  | { k: 'and' | 'or'; type: 'bool'; args: BExpr[]; span?: Span }
  /** `x in (set)` / `x has_any (set)`, with the set evaluated once (from constants or a tabular subquery). */
  | { k: 'inset'; type: 'bool'; arg: BExpr; set: SetSource; caseInsensitive: boolean; negated: boolean; match?: 'has_any' | 'has_all'; span?: Span }
  /** The first column of the first row of a subquery (`toscalar`). */
  | { k: 'scalar'; type: ScalarType; plan: Plan; span?: Span }
  /** A row-position function over a serialized input (row_number, prev, next, row_cumsum, sessions, ranks). */
  | { k: 'window'; type: ScalarType; fn: WindowFunction; args: BExpr[]; span?: Span };

export type WindowFunction = 'row_number' | 'prev' | 'next' | 'row_cumsum' | 'row_window_session' | 'row_rank_min' | 'row_rank_dense';

/** The members of an `in`/`has_any` set: constant values, or a subquery's first column. */
export type SetSource = { kind: 'values'; values: BExpr[] } | { kind: 'plan'; plan: Plan };

export interface NamedExpr {
  name: string;
  expr: BExpr;
}

export interface BoundAggregate {
  /** The aggregate function's name (count, dcount, make_set, ...). */
  fn: string;
  /** Output column names (one for most aggregates; several for arg_max). */
  names: string[];
  types: ScalarType[];
  factory: AggregateFactory;
  args: BExpr[];
  /** The most values a collecting aggregate (make_set) keeps per group. */
  limit?: number;
  span?: Span;
}

export interface BoundSortKey {
  expr: BExpr;
  desc: boolean;
  nullsFirst: boolean;
}

interface PlanBase {
  schema: ColumnInfo[];
  span?: Span;
}

export type Plan =
  | (PlanBase & { op: 'scan'; table: string })
  | (PlanBase & { op: 'values'; table: Table })
  /** `range`: from, to (inclusive) and step, already of the column's type (a timespan step for datetimes). */
  | (PlanBase & { op: 'range'; from: Value; to: Value; step: Value })
  | (PlanBase & { op: 'where'; input: Plan; predicate: BExpr })
  | (PlanBase & { op: 'extend'; input: Plan; columns: { expr: BExpr; target: number }[] })
  | (PlanBase & { op: 'project'; input: Plan; columns: BExpr[] })
  | (PlanBase & { op: 'summarize'; input: Plan; keys: BExpr[]; aggregates: BoundAggregate[] })
  | (PlanBase & { op: 'sort'; input: Plan; keys: BoundSortKey[] })
  | (PlanBase & { op: 'take'; input: Plan; count: number })
  | (PlanBase & { op: 'top'; input: Plan; count: number; keys: BoundSortKey[] })
  | (PlanBase & { op: 'distinct'; input: Plan; columns: BExpr[] })
  | (PlanBase & { op: 'count'; input: Plan })
  | (PlanBase & { op: 'union'; inputs: Plan[]; sourceColumn?: string; sourceNames: string[]; mappings: (number | null)[][] })
  | (PlanBase & { op: 'join'; kind: JoinKind; left: Plan; right: Plan; leftKeys: number[]; rightKeys: number[] })
  | (PlanBase & ({ op: 'mvexpand'; input: Plan } & MvExpandSpec))
  | (PlanBase & { op: 'mvapply'; input: Plan; expand: MvExpandSpec; subquery: Plan; slot: RowSlot; output: MvApplyColumn[] })
  /** A leaf whose rows an enclosing operator supplies at run time (mv-apply's per-row subtable). */
  | (PlanBase & { op: 'rowsource'; slot: RowSlot })
  | (PlanBase & { op: 'parse'; input: Plan; source: BExpr; regex: string; captures: ParseCapture[]; relaxed: boolean; filter: boolean })
  | (PlanBase & { op: 'parsekv'; input: Plan; source: BExpr; columns: { target: number; type: ScalarType; key: string }[]; pairs: KvSyntax })
  | (PlanBase & ({ op: 'makeseries'; input: Plan } & MakeSeriesSpec))
  | (PlanBase & { op: 'bagunpack'; input: Plan; column: number; columns: BagUnpackColumn[] })
  | (PlanBase & { op: 'pivot'; input: Plan; pivot: BExpr; keys: BExpr[]; aggregate: BoundAggregate; values: string[] })
  | (PlanBase & { op: 'sample'; input: Plan; count: number })
  | (PlanBase & { op: 'sampledistinct'; input: Plan; count: number; column: BExpr })
  | (PlanBase & { op: 'topnested'; input: Plan; levels: TopNestedLevel[] })
  | (PlanBase & { op: 'serialize'; input: Plan; columns: { expr: BExpr; target: number }[] })
  | (PlanBase & { op: 'getschema'; input: Plan })
  | (PlanBase & { op: 'render'; input: Plan; visualization: string })
  | (PlanBase & { op: 'materialize'; input: Plan; cache: { table?: Table } });

export type PlanOp = Plan['op'];

/** What mv-expand expands: input columns (by index), their element types, the item index and row limit. */
export interface MvExpandSpec {
  columns: { index: number; toType?: ScalarType }[];
  /** Append a long column numbering each row's items from 0 (`with_itemindex`). */
  itemIndex: boolean;
  /** `kind=array`: a property bag expands into [key, value] pairs instead of single-entry bags. */
  bagArray: boolean;
  limit?: number;
}

/** A mutable holder through which an operator hands a subquery its input table. */
export interface RowSlot {
  table: Table | null;
  /** The columns of the rows handed over. */
  schema: readonly ColumnInfo[];
}

/** One mv-apply output column: taken from the subquery's result, or repeated from the input row. */
export type MvApplyColumn = { from: 'sub'; index: number } | { from: 'row'; index: number };

/** One parse capture: the regex group it reads and the column (and type) it fills. */
export interface ParseCapture {
  target: number;
  group: string;
  type: ScalarType;
}

/** How parse-kv splits text: pair and key/value delimiters, quotes, or a regex with two groups. */
export interface KvSyntax {
  pairDelimiter?: string;
  kvDelimiter?: string;
  quote: string[];
  escape: string[];
  greedy: boolean;
  regex?: string;
}

/** make-series: group keys, the binned axis and the aggregates, each filled into one array per group. */
export interface MakeSeriesSpec {
  keys: BExpr[];
  axis: BExpr;
  aggregates: BoundAggregate[];
  /** The value of empty bins, per aggregate (already of the aggregate's type). */
  defaults: Value[];
  /** Axis range; null bounds come from the data. `to` is exclusive, unless `inRange`. */
  from: Value;
  to: Value;
  step: Value;
  /** Written `in range(from, to, step)`: `to` is inclusive and bins align like bin(). */
  inRange: boolean;
  /** `kind=nonempty`: an empty input still gives one row of default series. */
  nonEmpty: boolean;
}

/** One bag_unpack output column: an input column (converted to `type`), or a bag slot cast to `type`. */
export type BagUnpackColumn = { input: number; type: ScalarType } | { slot: string; type: ScalarType };

/** One level of top-nested: how many values of `of` to keep (ranked by the aggregate), and the Others row's value. */
export interface TopNestedLevel {
  count: number | null;
  of: BExpr;
  aggregate: BoundAggregate;
  desc: boolean;
  others?: Value;
}
export type { AstSortKey };
