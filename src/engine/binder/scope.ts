// Name scopes of a query: `let` bindings (scalars, tables, functions) nested by function bodies, and the
// environment that resolves table names to plans.

import type { Span } from '../../diagnostics.js';
import type { FunctionDef } from '../../parser/ast.js';
import type { ColumnInfo, Table } from '../../tables/table.js';
import type { BExpr, Plan } from '../bound.js';

export type LetValue =
  | { kind: 'scalar'; expr: BExpr }
  | { kind: 'tabular'; plan: Plan }
  | { kind: 'function'; name: string; def: FunctionDef; scope: Scope };

export class Scope {
  private readonly lets = new Map<string, LetValue>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): LetValue | undefined {
    return this.lets.get(name) ?? this.parent?.lookup(name);
  }

  define(name: string, v: LetValue): void {
    this.lets.set(name, v);
  }

  names(): string[] {
    return [...this.lets.keys(), ...(this.parent?.names() ?? [])];
  }
}

/** Where table names come from: loaded files, views, or (for `check`) bundled schemas. */
export interface TableResolver {
  /** A plan reading the table, or undefined when the name is unknown. */
  resolve(name: string, span: Span): Plan | undefined;
  names(): string[];
  /**
   * The rows a `scan` of this table name reads, when they are available while binding. Lets operators
   * whose output columns depend on the data (bag_unpack, pivot) compute them exactly.
   */
  data?(name: string): Table | undefined;
}

/** The columns in scope for a scalar expression, and (inside summarize) where aggregates go. */
export interface RowScope {
  scope: Scope;
  columns: readonly ColumnInfo[];
  /** Set inside summarize: aggregate calls are collected here and replaced by column references. */
  aggregates?: AggregateCollector;
  /** Set inside a serialized pipeline: row_number(), prev(), next() are allowed. */
  serialized?: boolean;
}

export interface AggregateCollector {
  add(call: import('../../parser/ast.js').Call, rs: RowScope): BExpr;
}
