// Support for operators whose output columns depend on the data (evaluate bag_unpack, evaluate pivot).
// When the input's rows are reachable at bind time (literal tables, or tables the resolver hands over),
// the input is executed once and the columns come from the data, as Kusto does. Otherwise the columns are
// the names the rest of the pipeline uses (typed dynamic), which is how Microsoft's binder treats such
// "open" schemas when it has no data.

import type { TabularOp } from '../../parser/ast.js';
import { Table, type ColumnInfo } from '../../tables/table.js';
import type { Plan } from '../bound.js';
import { ExecContext } from '../exec/context.js';
import { execute } from '../exec/executor.js';
import type { Binder } from './binder.js';
import type { Scope } from './scope.js';

/** Table names a plan scans, or null when it reads rows only known at run time (mv-apply's per-row source). */
function scannedTables(plan: unknown, out: Set<string>, seen = new Set<unknown>()): Set<string> | null {
  if (plan === null || typeof plan !== 'object' || seen.has(plan) || plan instanceof Table) return out;
  seen.add(plan);
  const p = plan as { op?: unknown; table?: unknown };
  if (p.op === 'rowsource') return null;
  if (p.op === 'scan' && typeof p.table === 'string') out.add(p.table);
  for (const v of Object.values(plan)) {
    if (typeof v === 'function') continue;
    if (scannedTables(v, out, seen) === null) return null;
  }
  return out;
}

/** The rows of `plan`, computed now, or undefined when some table it reads has no data at bind time. */
export function rowsAtBindTime(b: Binder, plan: Plan): Table | undefined {
  const names = scannedTables(plan, new Set());
  if (!names) return undefined;
  const tables = new Map<string, Table>();
  for (const n of names) {
    const t = b.tables.data?.(n);
    if (!t) return undefined;
    tables.set(n, t);
  }
  return execute(plan, new ExecContext({ now: b.now, tables }));
}

/** Fields of operators that hold other tables (their names are not columns of this pipeline). */
const NESTED_TABLE_FIELDS = new Set(['right', 'tables', 'subquery', 'with', 'branches']);

/** Names referred to (`used`) and assigned (`x = ...`) in an operator's syntax tree. */
function collectNames(node: unknown, used: Set<string>, assigned: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) collectNames(x, used, assigned);
    return;
  }
  const n = node as { kind?: string; name?: unknown; names?: unknown; expr?: unknown };
  if (n.kind === 'Name' && typeof n.name === 'string') used.add(n.name);
  if (Array.isArray(n.names) && n.expr) for (const x of n.names) assigned.add(String(x));
  for (const [k, v] of Object.entries(node)) {
    if (k === 'span' || NESTED_TABLE_FIELDS.has(k)) continue;
    collectNames(v, used, assigned);
  }
}

/**
 * Column names the `later` operators refer to that `schema` does not have and that are not lets or
 * tables: the columns an open schema must supply.
 */
export function demandedColumns(b: Binder, later: readonly TabularOp[], schema: readonly ColumnInfo[], scope: Scope): string[] {
  const names = new Set<string>();
  const assigned = new Set<string>();
  for (const op of later) {
    collectNames(op, names, assigned);
    if (op.kind === 'ProjectRename') for (const r of op.renames) names.add(r.oldName);
  }
  const known = new Set([...schema.map((c) => c.name), ...assigned]);
  const tables = new Set(b.tables.names());
  return [...names].filter((n) => !known.has(n) && !scope.lookup(n) && !tables.has(n) && !n.startsWith('$'));
}

