// An immutable table: named, typed columns of equal length. Tables are values; operators return new ones.

import type { ScalarType, Value } from '../types.js';
import { type Column, columnBuilder } from './column.js';

export interface ColumnInfo {
  name: string;
  type: ScalarType;
}

export class Table {
  readonly length: number;
  constructor(
    readonly schema: readonly ColumnInfo[],
    readonly columns: readonly Column[],
    length?: number,
  ) {
    this.length = length ?? columns[0]?.length ?? 0;
  }

  /** Index of a column by exact name, or -1. */
  indexOf(name: string): number {
    for (let i = 0; i < this.schema.length; i++) if (this.schema[i]!.name === name) return i;
    return -1;
  }

  column(name: string): Column | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : this.columns[i];
  }

  /** Rows `indices` of every column, in that order. */
  take(indices: ArrayLike<number>): Table {
    return new Table(this.schema, this.columns.map((c) => c.take(indices)), indices.length);
  }

  /** Row i as an array of values in schema order. */
  row(i: number): Value[] {
    return this.columns.map((c) => c.get(i));
  }

  rows(): Value[][] {
    const out: Value[][] = [];
    for (let i = 0; i < this.length; i++) out.push(this.row(i));
    return out;
  }

  /** Build a table from row arrays whose values are already in each type's JS shape. */
  static fromRows(schema: readonly ColumnInfo[], rows: readonly (readonly Value[])[]): Table {
    const builders = schema.map((c) => columnBuilder(c.type));
    for (const r of rows) builders.forEach((b, j) => b.push(r[j] ?? null));
    return new Table(schema, builders.map((b) => b.build()), rows.length);
  }

  static empty(schema: readonly ColumnInfo[]): Table {
    return Table.fromRows(schema, []);
  }
}
