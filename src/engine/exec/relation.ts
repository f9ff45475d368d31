// A relation is a table plus an optional selection of its rows: filters narrow the selection instead
// of copying columns, and later operators read through it (materialising only when they must).

import { Table } from '../../tables/table.js';

export interface Rel {
  table: Table;
  /** Physical row indices in logical order; null means every row in order. */
  sel: Uint32Array | null;
}

export function relLength(r: Rel): number {
  return r.sel ? r.sel.length : r.table.length;
}

let ident = new Uint32Array(0);

/** Physical row index of each logical row (read-only: the whole-table case is a shared 0..n-1 view). */
export function relRows(r: Rel): ArrayLike<number> {
  if (r.sel) return r.sel;
  const n = r.table.length;
  if (ident.length < n) {
    ident = new Uint32Array(Math.max(n, ident.length * 2));
    for (let i = 0; i < ident.length; i++) ident[i] = i;
  }
  return ident.subarray(0, n);
}

/** The relation as a plain table (gathering selected rows when there is a selection). */
export function materialize(r: Rel): Table {
  return r.sel ? r.table.take(r.sel) : r.table;
}

export function whole(table: Table): Rel {
  return { table, sel: null };
}
