// Views run once into tables, counting the conversions that left a value null. In Kusto a conversion
// that fails (todatetime("garbage"), tolong("n/a")) is null, not an error, so a view keeps those rows;
// but a view over an export with the wrong format would silently empty whole columns. Each conversion in
// a view's last project/extend (and each conversion of a view column to the table schema's type) is
// watched, and the ones that turned a non-empty value into null are reported as warnings (KQL324).

import { KqlError } from '../diagnostics.js';
import type { SourceRef, Span } from '../diagnostics.js';
import { Table } from '../tables/table.js';
import type { Value } from '../types.js';
import type { BExpr, Plan } from './bound.js';
import { toText } from './values.js';
import { compileQuery, executeQuery, type EngineSources, type ViewDefinition } from './index.js';

/** The code of the warning for values a view's conversions left null. */
export const VIEW_NULLS = 'KQL324';

/** Conversion functions: null when the value does not convert (`to_<type>` are the binder's implicit ones). */
const CONVERSIONS = new Set([
  'tolong', 'toint', 'toreal', 'todouble', 'todecimal', 'tobool', 'toboolean', 'todatetime', 'totimespan', 'toguid',
]);

function isConversion(e: BExpr): e is Extract<BExpr, { k: 'call' }> {
  return e.k === 'call' && e.args.length >= 1 && (CONVERSIONS.has(e.name) || e.name.startsWith('to_'));
}

/** A watched conversion: where it is, the column it fills, and a string expression holding the value when it failed. */
interface Probe {
  call: Extract<BExpr, { k: 'call' }>;
  column: string;
  /** Implicit: the view column converted to the table schema's type. */
  implicit: boolean;
  test: BExpr;
  /** Where the value converted was written in the view (for an implicit conversion: the column's expression). */
  span?: Span | undefined;
}

/** True when `v` is a value (not null, not empty or blank text). */
function present(v: Value): boolean {
  return v !== null && !(typeof v === 'string' && v.trim() === '');
}

function conversionsIn(e: BExpr, out: Extract<BExpr, { k: 'call' }>[]): void {
  if (isConversion(e)) out.push(e);
  if (e.k === 'call' || e.k === 'and' || e.k === 'or' || e.k === 'window') for (const a of e.args) conversionsIn(a, out);
  else if (e.k === 'inset') conversionsIn(e.arg, out);
}

function probesOf(exprs: { expr: BExpr; column: string }[], implicit: boolean): Probe[] {
  const probes: Probe[] = [];
  for (const { expr, column } of exprs) {
    const calls: Extract<BExpr, { k: 'call' }>[] = [];
    conversionsIn(expr, calls);
    for (const call of calls) {
      const from = call.args[0]!.type;
      // The value that did not convert, as text (null when the conversion worked or had nothing to convert).
      const test: BExpr = {
        k: 'call',
        type: 'string',
        name: 'conversion_failed',
        fn: (arg, result) => (result === null && present(arg) ? toText(arg, from) : ''),
        args: [call.args[0]!, call],
        handlesNulls: true,
      };
      probes.push({ call, column, implicit, test, span: call.span });
    }
  }
  return probes;
}

function exprsOf(p: Extract<Plan, { op: 'project' | 'extend' }>): { expr: BExpr; column: string }[] {
  if (p.op === 'project') return p.columns.map((expr, i) => ({ expr, column: p.schema[i]!.name }));
  return p.columns.map((c) => ({ expr: c.expr, column: p.schema[c.target]!.name }));
}

/** Add `probes` as extra string columns at the end of a project or extend node. */
function withProbes(p: Extract<Plan, { op: 'project' | 'extend' }>, input: Plan, probes: BExpr[]): Plan {
  const extra = probes.map((_, k) => ({ name: `\u0000probe${p.schema.length + k}`, type: 'string' as const }));
  const schema = [...p.schema, ...extra];
  if (p.op === 'project') return { ...p, input, columns: [...p.columns, ...probes], schema };
  return { ...p, input, columns: [...p.columns, ...probes.map((expr, k) => ({ expr, target: p.schema.length + k }))], schema };
}

/**
 * The plan of one view with its conversions watched: the view's last project/extend, and the project
 * that conforms it to the table's schema. Returns the plan (the view's columns first, then one bool
 * column per probe) and the probes in column order.
 */
function instrument(plan: Plan, conformed: boolean): { plan: Plan; probes: Probe[] } {
  if (plan.op !== 'project' && plan.op !== 'extend') return { plan, probes: [] };
  // When the table has a schema the top node is the project conforming the view to it, and its input
  // is the view's own last operator.
  const inner = conformed && plan.op === 'project' && (plan.input.op === 'project' || plan.input.op === 'extend') ? plan.input : undefined;
  const innerProbes = inner ? probesOf(exprsOf(inner), false) : [];
  const topProbes = probesOf(exprsOf(plan), conformed);
  // An implicit conversion points at the expression of the view column it converts.
  const own = conformed ? plan.input : undefined;
  for (const p of topProbes) {
    const arg = p.call.args[0]!;
    if (arg.k !== 'col' || !own) continue;
    if (own.op === 'project') p.span = own.columns[arg.index]?.span;
    else if (own.op === 'extend') p.span = own.columns.find((c) => c.target === arg.index)?.expr.span;
  }
  const input = inner && innerProbes.length ? withProbes(inner, inner.input, innerProbes.map((p) => p.test)) : plan.input;
  const passThrough: BExpr[] = inner ? innerProbes.map((_, k) => ({ k: 'col', type: 'string', index: inner.schema.length + k, name: `\u0000probe${k}` })) : [];
  const top = withProbes(plan, input, [...passThrough, ...topProbes.map((p) => p.test)]);
  return { plan: top, probes: [...innerProbes, ...topProbes] };
}

/** How many rows of a probe column hold a value that did not convert, and the first such value. */
function failures(t: Table, index: number): { count: number; first?: string } {
  const c = t.columns[index]!;
  let count = 0;
  let first: string | undefined;
  for (let i = 0; i < t.length; i++) {
    const v = c.get(i);
    if (typeof v !== 'string' || v === '') continue;
    count++;
    first ??= v;
  }
  return { count, first };
}

function quoteShort(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

function report(name: string, v: ViewDefinition, probes: Probe[], t: Table, width: number): KqlError[] {
  const out: KqlError[] = [];
  probes.forEach((p, k) => {
    const { count: failed, first: firstValue } = failures(t, width + k);
    if (!failed) return;
    const source: SourceRef = { file: v.file ?? `<view ${name}>`, text: v.query };
    const rows = `${failed} of ${t.length} row${t.length === 1 ? '' : 's'}`;
    const first = `(the first: ${quoteShort(firstValue!)})`;
    const message = p.implicit
      ? `view '${name}', column '${p.column}': null in ${rows} because the ${p.call.args[0]!.type} value does not convert to the ${p.call.type} of the ${name} schema ${first}; Kusto also gives null there`
      : `view '${name}', column '${p.column}': ${p.call.span ? v.query.slice(p.call.span.start, p.call.span.end) : `${p.call.name}()`} is null in ${rows} because the value does not convert to ${p.call.type} ${first}; Kusto also gives null there`;
    out.push(new KqlError({ code: VIEW_NULLS, kind: 'data', severity: 'warning', message, span: p.span, file: source.file }).withSource(source));
  });
  return out;
}

function nameQuery(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/'/g, "\\'")}']`;
}

/**
 * Run every view once and return the tables they define (a table with data and views: their union), with
 * a KQL324 warning for each conversion in a view that turned non-empty values into null.
 * Views may read loaded tables and other views.
 */
export function materializeViews(sources: EngineSources, now: bigint): { tables: Map<string, Table>; warnings: KqlError[] } {
  const out = new Map<string, Table>();
  const warnings: KqlError[] = [];
  for (const [name, defs] of sources.views ?? []) {
    const compiled = compileQuery(nameQuery(name), sources, now);
    const root = compiled.plans[0]!;
    // Data and views, or several views: a union with one leg each.
    const several = sources.tables?.has(name) === true || defs.length > 1;
    const legs = several && root.op === 'union' ? root.inputs : [root];
    const conformed = (sources.catalog?.get(name) ?? sources.tables?.get(name)?.schema) !== undefined;
    let viewIndex = 0;
    let whole: Table | undefined;
    for (const leg of legs) {
      if (leg.op === 'scan' && leg.table === name) continue; // the table's own data
      const def = defs[viewIndex++];
      if (!def) break;
      const { plan, probes } = instrument(leg, conformed);
      const width = leg.schema.length;
      const t = executeQuery({ ...compiled, plans: [plan] }, sources, { now });
      warnings.push(...report(name, def, probes, t, width));
      if (legs.length === 1) whole = new Table(t.schema.slice(0, width), t.columns.slice(0, width), t.length);
    }
    out.set(name, whole ?? executeQuery(compiled, sources, { now }));
  }
  return { tables: out, warnings };
}
