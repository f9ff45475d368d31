// Binding of tabular sources that take no input: datatable, print, range, union at the start of a query,
// and the sources kqlite cannot serve offline (externaldata, find, search, evaluate plugins).

import type * as A from '../../parser/ast.js';
import { Table, type ColumnInfo } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { BExpr, Plan } from '../bound.js';
import { coerce } from '../functions/registry.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { NameAllocator, projectedName } from './naming.js';
import type { Scope } from './scope.js';
import { bindUnion } from './combine.js';
import { bindSearchSource } from './search.js';
import { bindFind } from './find.js';

/** Bind a tabular expression that takes no input (datatable, print, range, union, search, ...). */
export function bindSource(b: Binder, e: A.Expr, scope: Scope): Plan {
  switch (e.kind) {
    case 'DataTable':
      return datatable(b, e, scope);
    case 'Print':
      return print(b, e, scope);
    case 'Range':
      return range(b, e, scope);
    case 'UnionSource':
      return bindUnion(b, e.options, [], e.tables, scope, e.span);
    case 'ExternalData':
      throw errors.missingResource(externalDataMessage(e), e.span);
    case 'Search':
      return bindSearchSource(b, e, scope);
    case 'Find':
      return bindFind(b, e, scope);
    case 'EvaluateSource':
      throw errors.unsupported(`evaluate ${e.call.name}()`, e.span);
    case 'Member': {
      const service = remoteService(e);
      if (service) {
        throw errors.missingResource(`${service}(...).${e.name} reads another cluster, database, workspace or Azure Resource Graph, which is not available offline; load the table with --table ${e.name}=FILE and read it by name`, e.span);
      }
      throw errors.invalid('a table is expected here', e.span);
    }
    default:
      throw errors.invalid('a table is expected here', e.span);
  }
}

/** Functions that name tables in another cluster, database, workspace or service (`arg("").Resources`). */
const REMOTE_SCOPES = new Set(['cluster', 'database', 'workspace', 'app', 'arg', 'adx']);

/** The remote-scope function an access like `database("d").T` goes through, if any. */
function remoteService(e: A.Expr): string | undefined {
  let x: A.Expr = e;
  while (x.kind === 'Member' || x.kind === 'Index') x = x.target;
  return x.kind === 'Call' && REMOTE_SCOPES.has(x.name) ? x.name : undefined;
}

/** Why externaldata cannot run, naming the URLs it would read and how to supply the rows instead. */
function externalDataMessage(e: A.ExternalData): string {
  const urls = e.urls.flatMap((u) => (u.kind === 'Literal' && typeof u.value === 'string' ? [u.value] : []));
  const what = urls.length ? ` (${urls.map((u) => JSON.stringify(u)).join(', ')})` : '';
  return (
    `externaldata reads from the network${what}, which kqlite never does; save the data to a file, load it with ` +
    '--table NAME=FILE and read that table (or bind it with a let) instead'
  );
}

function constant(b: Binder, e: A.Expr, scope: Scope): Extract<BExpr, { k: 'const' }> {
  const c = bindExpr(b, e, { scope, columns: [] });
  if (c.k !== 'const') throw errors.invalid('datatable values must be constants', e.span);
  return c;
}

function datatable(b: Binder, e: A.DataTable, scope: Scope): Plan {
  const schema: ColumnInfo[] = e.columns.map((c) => ({ name: c.name, type: c.type }));
  const n = schema.length;
  if (n === 0) throw errors.invalid('datatable needs at least one column', e.span);
  if (e.values.length % n !== 0) {
    throw errors.invalid(`datatable has ${e.values.length} values, which is not a multiple of its ${n} columns`, e.span);
  }
  const rows: Value[][] = [];
  for (let i = 0; i < e.values.length; i += n) {
    rows.push(
      schema.map((col, j) => {
        const v = constant(b, e.values[i + j]!, scope);
        const ok = v.type === col.type || v.value === null || col.type === 'dynamic' || ((v.type === 'long' || v.type === 'int') && (col.type === 'real' || col.type === 'long' || col.type === 'int' || col.type === 'decimal')) || (v.type === 'real' && col.type === 'decimal');
        if (!ok) throw errors.typeMismatch(`datatable value for column '${col.name}' must be ${col.type}, but is ${v.type}`, e.values[i + j]!.span);
        const c = coerce(v, col.type);
        return c.k === 'const' ? c.value : null;
      }),
    );
  }
  return { op: 'values', table: Table.fromRows(schema, rows), schema, span: e.span };
}

function print(b: Binder, e: A.Print, scope: Scope): Plan {
  const one: Plan = { op: 'values', table: new Table([], [], 1), schema: [] };
  const names = new NameAllocator();
  const columns: BExpr[] = [];
  const schema: ColumnInfo[] = [];
  e.columns.forEach((a, i) => {
    const expr = bindExpr(b, a.expr, { scope, columns: [] });
    const name = a.names[0] ?? (a.expr.kind === 'Name' ? undefined : projectedName(a.expr)) ?? `print_${i}`;
    names.take(name);
    columns.push(expr);
    schema.push({ name, type: expr.type });
  });
  return { op: 'project', input: one, columns, schema, span: e.span };
}

function range(b: Binder, e: A.Range, scope: Scope): Plan {
  const bound = [e.from, e.to, e.step].map((x) => {
    const c = bindExpr(b, x, { scope, columns: [] });
    if (c.k !== 'const') throw errors.invalid('range bounds and step must be constants', x.span);
    return c;
  }) as [Const, Const, Const];
  const type = rangeType(bound, e);
  // The step of a datetime or timespan range is a timespan; numbers step in the range's own type.
  const [from, to, step] = bound.map((c, i) => {
    const want = i === 2 && type === 'datetime' ? 'timespan' : type;
    const v = coerce(c, want);
    return v.k === 'const' ? v.value : null;
  }) as [Value, Value, Value];
  if (step !== null && Number(step) === 0) throw errors.invalid('range step must not be zero', e.step.span);
  const schema: ColumnInfo[] = [{ name: e.name, type }];
  return { op: 'range', from, to, step, schema, span: e.span };
}

type Const = Extract<BExpr, { k: 'const' }>;

/**
 * The column type of `range`: datetime (from and to datetimes, a timespan step), timespan (all
 * timespans), or a number: long when from, to and step are integers, else real.
 */
function rangeType([from, to, step]: [Const, Const, Const], e: A.Range): 'long' | 'real' | 'datetime' | 'timespan' {
  const numeric = (t: string): boolean => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
  if (from.type === 'datetime' || from.type === 'timespan') {
    if (to.type !== from.type) throw errors.typeMismatch(`the end of a ${from.type} range must be a ${from.type}, not ${to.type}`, e.to.span);
    if (step.type !== 'timespan') throw errors.typeMismatch(`the step of a ${from.type} range must be a timespan, not ${step.type}`, e.step.span);
    return from.type;
  }
  if (!numeric(from.type)) throw errors.typeMismatch(`range bounds must be numbers, datetimes or timespans, not ${from.type}`, e.from.span);
  if (!numeric(to.type)) throw errors.typeMismatch(`the end of a numeric range must be a number, not ${to.type}`, e.to.span);
  if (!numeric(step.type)) throw errors.typeMismatch(`the step of a numeric range must be a number, not ${step.type}`, e.step.span);
  return [from, to, step].some((c) => c.type === 'real' || c.type === 'decimal') ? 'real' : 'long';
}
