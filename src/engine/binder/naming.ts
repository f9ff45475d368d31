// Kusto's automatic column names: `Column1` for unnamed expressions, `a_b` for `a.b`, `strlen_s` for a
// one-argument function of a column, `Col` for `bin(Col, ...)` keys, and numeric suffixes on collisions.

import type { Expr } from '../../parser/ast.js';

/** The name an unnamed expression gets in project/extend, or undefined when it becomes ColumnN. */
export function projectedName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'Name':
      return e.name;
    case 'Member':
    case 'Index':
      return accessName(e);
    case 'Call': {
      if (e.args.length === 1) {
        const inner = e.args[0]!;
        const n = inner.kind === 'Name' ? inner.name : inner.kind === 'Member' || inner.kind === 'Index' ? accessName(inner) : undefined;
        if (n) return `${e.name}_${n}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The name an unnamed `by` key gets in summarize: bin(Col, x) keeps Col. */
export function groupKeyName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'Name':
      return e.name;
    case 'Member':
    case 'Index':
      return accessName(e);
    case 'Call':
      if ((e.name === 'bin' || e.name === 'floor' || e.name === 'bin_at') && e.args[0]) return groupKeyName(e.args[0]);
      return undefined;
    default:
      return undefined;
  }
}

/** `a.b.c` → `a_b_c`, `a['b']` → `a_b`, `a[0]` → `a_0`. */
function accessName(e: Expr): string | undefined {
  if (e.kind === 'Name') return e.name;
  if (e.kind === 'Member') {
    const t = accessName(e.target);
    return t ? `${t}_${e.name}` : undefined;
  }
  if (e.kind === 'Index') {
    const t = accessName(e.target);
    const i = e.index;
    if (t && i.kind === 'Literal' && (typeof i.value === 'string' || typeof i.value === 'bigint')) return `${t}_${String(i.value)}`;
  }
  return undefined;
}

/** Hands out unique names: ColumnN for unnamed columns, and `name1`, `name2`, ... on collisions. */
export class NameAllocator {
  private used: Set<string>;
  private next = 1;
  constructor(existing: Iterable<string> = []) {
    this.used = new Set(existing);
  }
  /** A fresh `ColumnN`. */
  column(): string {
    while (this.used.has(`Column${this.next}`)) this.next++;
    const n = `Column${this.next++}`;
    this.used.add(n);
    return n;
  }
  /** `base`, or `base1`, `base2`, ... when taken. */
  unique(base: string): string {
    if (!this.used.has(base)) {
      this.used.add(base);
      return base;
    }
    for (let i = 1; ; i++) {
      const n = `${base}${i}`;
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }
  has(name: string): boolean {
    return this.used.has(name);
  }
  take(name: string): void {
    this.used.add(name);
  }
}
