// Kusto's automatic column names, as Microsoft's binder computes them: `Column1` for unnamed expressions,
// `a_b` for `a.b`, the column's own name through conversions (`tostring(x)` → `x`), `strlen_s` for the
// few functions that prefix their name, and numeric suffixes on collisions.

import type { Expr } from '../../parser/ast.js';

/** Functions whose result keeps the name of their first argument (`tostring(a.b)` → `a_b`, `bin(T, 1h)` → `T`). */
const FIRST_ARGUMENT = new Set([
  'split', 'tostring', 'tohex', 'todynamic', 'toobject', 'tolong', 'toint', 'toreal', 'todouble', 'todatetime',
  'totimespan', 'totime', 'tobool', 'toboolean', 'todecimal', 'toguid', 'parse_csv', 'parsejson', 'parse_json',
  'parse_xml', 'format_datetime', 'format_timespan', 'startofday', 'bin', 'floor', 'bin_at', 'bin_auto',
  'binary_and', 'binary_or', 'binary_xor', 'binary_not', 'binary_shift_right', 'binary_shift_left',
  'bitset_count_ones', 'series_fir', 'series_outliers', 'series_iir', 'series_fill_backward',
  'series_fill_forward', 'series_fill_const', 'series_fill_linear', 'round', 'ceiling', 'pow', 'sqrt', 'log',
  'log2', 'log10', 'exp', 'exp2', 'exp10', 'cos', 'sin', 'tan', 'acos', 'asin', 'atan', 'atan2', 'abs', 'rand',
  'gamma', 'loggamma', 'erf', 'erfc', 'format_bytes',
]);

/** Functions named `<function>_<first argument>` (`strlen(s)` → `strlen_s`). */
const NAME_AND_FIRST_ARGUMENT = new Set(['strlen', 'string_size', 'percentile_tdigest', 'dcount_hll']);

/** Functions named `<prefix>_<first argument>`. */
const PREFIX_AND_FIRST_ARGUMENT: Record<string, string> = {
  gettype: 'type', treepath: 'tree', repeat: 'repeat', percentiles_array_tdigest: 'percentile_tdigest',
};

/** Functions with a fixed result name. */
const PREFIX_ONLY: Record<string, string> = {
  tdigest_merge: 'tdigests_merge_result', merge_tdigest: 'tdigests_merge_result', hll_merge: 'hll_merged_result',
  ingestion_time: '$IngestionTime',
};

/** Functions named after their only argument. */
const ONLY_ARGUMENT = new Set(['make_datetime', 'make_timespan']);

/**
 * The name Kusto gives an unnamed expression (in project, extend, summarize keys, aggregate arguments),
 * or undefined when it becomes `ColumnN`.
 */
export function expressionName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'Name':
      return e.name;
    case 'Member':
    case 'Index':
      return accessName(e);
    case 'Call':
      return callName(e.name, e.args, e.argNames?.[0]);
    default:
      return undefined;
  }
}

/** `firstArgName`: the first argument written `name = expr` (`round(F = x * 100)` is named F). */
function callName(fn: string, args: Expr[], firstArgName?: string): string | undefined {
  const first = firstArgName ?? (args[0] ? expressionName(args[0]) : undefined);
  if (FIRST_ARGUMENT.has(fn)) return first;
  if (NAME_AND_FIRST_ARGUMENT.has(fn)) return first ? `${fn}_${first}` : undefined;
  if (ONLY_ARGUMENT.has(fn)) return args.length === 1 ? first : undefined;
  const prefix = PREFIX_AND_FIRST_ARGUMENT[fn];
  if (prefix) return first ? `${prefix}_${first}` : undefined;
  const fixed = PREFIX_ONLY[fn];
  if (fixed) return fixed;
  if (fn === 'column_ifexists' || fn === 'columnifexists') {
    const a = args[0];
    return a?.kind === 'Literal' && typeof a.value === 'string' ? a.value : undefined;
  }
  return undefined;
}

/** The name an unnamed expression gets in project/extend, or undefined when it becomes ColumnN. */
export const projectedName = expressionName;

/** The name an unnamed `by` key gets in summarize: bin(Col, x) keeps Col, tolower(Col) is ColumnN. */
export const groupKeyName = expressionName;

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

/** Whether `name` matches a pattern in which `*` stands for any run of characters (`Device*`). */
export function matchesWildcard(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === name;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!name.startsWith(first) || name.length < first.length + last.length || !name.endsWith(last)) return false;
  let pos = first.length;
  const end = name.length - last.length;
  for (const mid of parts.slice(1, -1)) {
    const at = name.indexOf(mid, pos);
    if (at < 0 || at + mid.length > end) return false;
    pos = at + mid.length;
  }
  return true;
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
  /** `name` made unique, or a fresh `ColumnN` when there is no name. */
  named(name: string | undefined): string {
    return name === undefined ? this.column() : this.unique(name);
  }
  has(name: string): boolean {
    return this.used.has(name);
  }
  take(name: string): void {
    this.used.add(name);
  }
}
