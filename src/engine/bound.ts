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
  | { k: 'call'; type: ScalarType; name: string; fn: (...args: Value[]) => Value; args: BExpr[]; handlesNulls: boolean; span?: Span }
  | { k: 'and' | 'or'; type: 'bool'; args: BExpr[]; span?: Span }
  /** `x in (set)` / `x has_any (set)`, with the set evaluated once (from constants or a tabular subquery). */
  | { k: 'inset'; type: 'bool'; arg: BExpr; set: SetSource; caseInsensitive: boolean; negated: boolean; match?: 'has_any' | 'has_all'; span?: Span }
  /** The first column of the first row of a subquery (`toscalar`). */
  | { k: 'scalar'; type: ScalarType; plan: Plan; span?: Span }
  /** A row-position function over a serialized input (row_number, prev, next, row_cumsum). */
  | { k: 'window'; type: ScalarType; fn: 'row_number' | 'prev' | 'next' | 'row_cumsum'; args: BExpr[]; span?: Span };

/** The members of an `in`/`has_any` set: constant values, or a subquery's first column. */
export type SetSource = { kind: 'values'; values: BExpr[] } | { kind: 'plan'; plan: Plan };

export interface NamedExpr {
  name: string;
  expr: BExpr;
}

export interface BoundAggregate {
  /** Output column names (one for most aggregates; several for arg_max). */
  names: string[];
  types: ScalarType[];
  factory: AggregateFactory;
  args: BExpr[];
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
  | (PlanBase & { op: 'mvexpand'; input: Plan; columns: { index: number; toType?: ScalarType }[]; itemIndex: boolean; limit?: number })
  | (PlanBase & { op: 'serialize'; input: Plan; columns: { expr: BExpr; target: number }[] })
  | (PlanBase & { op: 'getschema'; input: Plan })
  | (PlanBase & { op: 'render'; input: Plan; visualization: string })
  | (PlanBase & { op: 'materialize'; input: Plan; cache: { table?: Table } });

export type PlanOp = Plan['op'];
export type { AstSortKey };
