// AST → KQL text. The output re-parses to a structurally equal AST (spans aside); parentheses are added
// from operator precedence, names are bracketed when they are keywords or not identifiers.

import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../types.js';
import type {
  Assignment,
  ColumnDecl,
  DynamicNode,
  Expr,
  FunctionDef,
  JoinCondition,
  Literal,
  NamedArg,
  Param,
  ParsePart,
  Script,
  SortKey,
  Statement,
  TabularOp,
  UnionOptions,
} from './ast.js';
import { INPUT_NAME } from './tabular-rules.js';
import { isKeyword } from './tokens.js';

/** Print a whole script, one statement per line. */
export function print(script: Script): string {
  return script.statements.map(printStatement).join(';\n');
}

/** Print one expression (scalar or tabular). */
export function printExpr(e: Expr): string {
  return expr(e, PREC.pipe);
}

const PREC = { pipe: 0, or: 1, and: 2, rel: 3, add: 4, mul: 5, unary: 6, postfix: 7 } as const;

function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'Let':
      return `let ${name(s.name)} = ${s.value.kind === 'FunctionDef' ? functionDef(s.value) : expr(s.value, PREC.pipe)}`;
    case 'Set':
      return s.value ? `set ${name(s.name)} = ${expr(s.value, PREC.or)}` : `set ${name(s.name)}`;
    case 'Declare':
      return `declare query_parameters(${s.params.map(param).join(', ')})`;
    case 'Query':
      return expr(s.expr, PREC.pipe);
  }
}

function functionDef(f: FunctionDef): string {
  const body = f.body.map((s) => printStatement(s) + (s.kind === 'Let' ? ';' : '')).join(' ');
  return `${f.isView ? 'view ' : ''}(${f.params.map(param).join(', ')}) { ${body} }`;
}

function param(p: Param): string {
  const type =
    typeof p.type === 'string'
      ? p.type
      : p.type.star
        ? '(*)'
        : `(${p.type.columns.map(columnDecl).join(', ')})`;
  return `${name(p.name)}:${type}${p.default ? ` = ${expr(p.default, PREC.or)}` : ''}`;
}

function columnDecl(c: ColumnDecl): string {
  return `${name(c.name)}:${c.type}`;
}

// ------------------------------------------------------------------------------------------------ names

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name as written in KQL: bare when that reads back as the same name, else `['...']`. */
export function name(n: string): string {
  if (IDENT.test(n) && !isKeyword(n)) return n;
  return `[${quote(n)}]`;
}

/** A column pattern of project-away / project-keep / project-reorder (`Col*`, `*x`). */
function pattern(p: string): string {
  const segments = p.split('*').filter((s) => s !== '');
  if (/^[A-Za-z0-9_*]+$/.test(p) && segments.every((s) => IDENT.test(s) && !isKeyword(s))) return p;
  return `[${quote(p)}]`;
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

// ----------------------------------------------------------------------------------------- expressions

function precOf(e: Expr): number {
  switch (e.kind) {
    case 'Pipeline':
      return PREC.pipe;
    case 'Binary':
      if (e.op === 'or') return PREC.or;
      if (e.op === 'and') return PREC.and;
      if (e.op === '+' || e.op === '-') return PREC.add;
      if (e.op === '*' || e.op === '/' || e.op === '%') return PREC.mul;
      return PREC.rel;
    case 'Between':
    case 'SetTest':
      return PREC.rel;
    case 'Unary':
      return PREC.unary;
    case 'DataTable':
    case 'Print':
    case 'Range':
    case 'UnionSource':
    case 'ExternalData':
    case 'Find':
    case 'Search':
    case 'EvaluateSource':
      return PREC.pipe;
    case 'Literal':
      // a negative number would read back as a unary minus: print it in a typed form
      return PREC.postfix;
    default:
      return PREC.postfix;
  }
}

function expr(e: Expr, minPrec: number): string {
  const text = exprText(e);
  return precOf(e) < minPrec ? `(${text})` : text;
}

function exprText(e: Expr): string {
  switch (e.kind) {
    case 'Literal':
      return literal(e);
    case 'DynamicLiteral':
      return `dynamic(${dyn(e.node)})`;
    case 'Name':
      return name(e.name);
    case 'Star':
      return '*';
    case 'Binary': {
      const p = precOf(e);
      if (p === PREC.rel) return `${expr(e.left, PREC.add)} ${e.op} ${expr(e.right, PREC.add)}`;
      return `${expr(e.left, p)} ${e.op} ${expr(e.right, p + 1)}`;
    }
    case 'Unary':
      return `${e.op}${expr(e.operand, PREC.postfix)}`;
    case 'Between':
      return `${expr(e.expr, PREC.add)} ${e.negated ? '!between' : 'between'} (${expr(e.low, PREC.or)} .. ${expr(e.high, PREC.or)})`;
    case 'SetTest':
      return `${expr(e.left, PREC.add)} ${e.op} (${e.items.map((i) => expr(i, PREC.pipe)).join(', ')})`;
    case 'Call':
      return call(e);
    case 'Member':
      return `${expr(e.target, PREC.postfix)}.${IDENT.test(e.name) && !isKeyword(e.name) ? e.name : `[${quote(e.name)}]`}`;
    case 'Index':
      return `${expr(e.target, PREC.postfix)}[${expr(e.index, PREC.or)}]`;
    case 'Pipeline':
      return pipeline(e.source, e.ops);
    case 'DataTable':
      return `datatable(${e.columns.map(columnDecl).join(', ')}) [${e.values.map((v) => expr(v, PREC.or)).join(', ')}]`;
    case 'Print':
      return `print ${assignments(e.columns)}`;
    case 'Range':
      return `range ${name(e.name)} from ${expr(e.from, PREC.or)} to ${expr(e.to, PREC.or)} step ${expr(e.step, PREC.or)}`;
    case 'UnionSource':
      return `union ${unionOptions(e.options)}${e.tables.map(tableRef).join(', ')}`;
    case 'ExternalData':
      return (
        `externaldata(${e.columns.map(columnDecl).join(', ')}) [${e.urls.map((u) => expr(u, PREC.or)).join(', ')}]` +
        (e.properties.length ? ` with (${namedArgs(e.properties)})` : '')
      );
    case 'Find':
      return (
        `find ${e.withsource !== undefined ? `withsource=${name(e.withsource)} ` : ''}` +
        `${e.tables.length ? `in (${e.tables.map(tableRef).join(', ')}) ` : ''}where ${expr(e.predicate, PREC.or)}` +
        (e.project.length ? ` project ${e.project.map((p) => expr(p, PREC.or)).join(', ')}` : '')
      );
    case 'Search':
      return (
        'search ' +
        (e.caseSensitive !== undefined ? `kind=${e.caseSensitive ? 'case_sensitive' : 'case_insensitive'} ` : '') +
        (e.tables.length ? `in (${e.tables.map(tableRef).join(', ')}) ` : '') +
        expr(e.predicate, PREC.or)
      );
    case 'EvaluateSource':
      return `evaluate ${call(e.call)}${outputSchema(e.schema)}`;
  }
}

function call(e: Extract<Expr, { kind: 'Call' }>): string {
  if (e.name === 'typeof') {
    return `typeof(${e.args.map((a) => (a.kind === 'Name' ? a.name : exprText(a))).join(', ')})`;
  }
  const args = e.args.map((a, i) => {
    const n = e.argNames?.[i];
    // A pipeline argument is parenthesised: only toscalar(), totable() and conversions take a bare one.
    const text = expr(a, PREC.pipe);
    return (n !== undefined ? `${n} = ` : '') + (a.kind === 'Pipeline' ? `(${text})` : text);
  });
  return `${e.name}(${args.join(', ')})`;
}

function literal(l: Literal): string {
  const v = l.value;
  if (v === null) return l.type === 'dynamic' ? 'null' : `${l.type === 'string' ? 'dynamic' : l.type}(null)`;
  switch (l.type) {
    case 'string':
      return quote(String(v));
    case 'bool':
      return v ? 'true' : 'false';
    case 'long':
      return typeof v === 'bigint' && v >= 0n ? String(v) : `long(${String(v)})`;
    case 'int':
      return `int(${String(v)})`;
    case 'real':
      return realText(v as number, true);
    case 'decimal':
      return `decimal(${String(v)})`;
    case 'timespan':
      if (v === undefined) return `timespan(${body(l.text ?? '')})`;
      return timespanText(BigInt(v as bigint));
    case 'datetime':
      if (v === undefined) return `datetime(${body(l.text ?? '')})`;
      return `datetime(${datetimeText(BigInt(v as bigint))})`;
    case 'guid':
      return `guid(${body(l.text ?? String(v ?? ''))})`;
    case 'dynamic':
      return `dynamic(${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x))})`;
  }
}

/** The body of `datetime(...)`-style literals: raw when it reads back unchanged, else quoted. */
function body(text: string): string {
  if (text !== '' && text === text.trim() && !/[()'"\r\n]/.test(text) && text !== 'null') return text;
  return quote(text);
}

function realText(v: number, typed: boolean): string {
  if (Number.isNaN(v)) return 'real(nan)';
  if (v === Infinity) return 'real(+inf)';
  if (v === -Infinity) return 'real(-inf)';
  let s = Object.is(v, -0) ? '-0' : String(v);
  if (!/[.eE]/.test(s)) s += '.0';
  return v < 0 || Object.is(v, -0) ? (typed ? `real(${s})` : s) : s;
}

const UNITS: [bigint, string][] = [
  [TICKS_PER_DAY, 'd'],
  [TICKS_PER_HOUR, 'h'],
  [TICKS_PER_MINUTE, 'm'],
  [TICKS_PER_SECOND, 's'],
  [10_000n, 'ms'],
  [10n, 'microsecond'],
  [1n, 'tick'],
];

function timespanText(ticks: bigint): string {
  const neg = ticks < 0n;
  const abs = neg ? -ticks : ticks;
  const [size, unit] = UNITS.find(([size]) => abs % size === 0n && abs !== 0n) ?? [TICKS_PER_DAY, 'd'];
  const text = `${abs / size}${unit}`;
  return neg ? `timespan(-${text})` : text;
}

function datetimeText(ticks: bigint): string {
  const ms = ticks / 10_000n;
  const rest = ticks - ms * 10_000n;
  const iso = new Date(Number(ms)).toISOString().replace('Z', '');
  return rest === 0n ? `${iso}Z` : `${iso}${String(rest).padStart(4, '0')}Z`;
}

function dyn(n: DynamicNode): string {
  switch (n.kind) {
    case 'DynArray':
      return `[${n.items.map(dyn).join(', ')}]`;
    case 'DynObject':
      return `{${n.entries.map(([k, v]) => `${quote(k)}: ${dyn(v)}`).join(', ')}}`;
    case 'Literal': {
      const v = n.value;
      if (v === null && n.type === 'dynamic') return 'null';
      if (typeof v === 'bigint' && n.type === 'long') return String(v);
      if (typeof v === 'number' && n.type === 'real') return realText(v, false);
      if (typeof v === 'number' && n.type === 'int') return `int(${v})`;
      if (typeof v === 'bigint' && n.type === 'timespan' && v < 0n) return `-${timespanText(-v)}`;
      return literal(n);
    }
  }
}

// ------------------------------------------------------------------------------------------- pipelines

function pipeline(source: Expr, ops: TabularOp[]): string {
  const head = source.kind === 'Name' && source.name === INPUT_NAME ? [] : [expr(source, PREC.or)];
  return [...head, ...ops.map(op)].join(' | ');
}

function subquery(p: Expr): string {
  return p.kind === 'Pipeline' ? p.ops.map(op).join(' | ') : expr(p, PREC.pipe);
}

function assignment(a: Assignment): string {
  const target = a.names.length === 0 ? '' : a.names.length === 1 ? `${name(a.names[0]!)} = ` : `(${a.names.map(name).join(', ')}) = `;
  return target + expr(a.expr, PREC.or);
}

function assignments(list: Assignment[]): string {
  return list.map(assignment).join(', ');
}

function namedArgs(list: NamedArg[]): string {
  return list.map((a) => `${a.name} = ${expr(a.value, PREC.or)}`).join(', ');
}

function hints(list: NamedArg[]): string {
  return list.map((h) => `${h.name}=${expr(h.value, PREC.postfix)} `).join('');
}

function sortKey(k: SortKey): string {
  return `${expr(k.expr, PREC.or)} ${k.order}${k.nulls ? ` nulls ${k.nulls}` : ''}`;
}

function tableRef(t: Expr): string {
  if (t.kind === 'Name') return t.name.includes('*') ? pattern(t.name) : name(t.name);
  if (t.kind === 'Call') return call(t);
  return `(${expr(t, PREC.pipe)})`;
}

function unionOptions(o: UnionOptions): string {
  let s = '';
  if (o.kind) s += `kind=${o.kind} `;
  if (o.withsource !== undefined) s += `withsource=${name(o.withsource)} `;
  if (o.isfuzzy !== undefined) s += `isfuzzy=${o.isfuzzy} `;
  return s;
}

function joinOn(on: JoinCondition[]): string {
  return on
    .map((c) =>
      c.kind === 'SameName' ? name(c.name) : `$left.${memberName(c.left)} == $right.${memberName(c.right)}`,
    )
    .join(', ');
}

function memberName(n: string): string {
  return IDENT.test(n) && !isKeyword(n) ? n : `[${quote(n)}]`;
}

function mvColumns(cols: { names: string[]; expr: Expr; toType?: string }[]): string {
  return cols
    .map((c) => assignment({ names: c.names, expr: c.expr, span: c.expr.span }) + (c.toType ? ` to typeof(${c.toType})` : ''))
    .join(', ');
}

function outputSchema(cols: ColumnDecl[] | undefined): string {
  return cols ? ` : (${cols.map(columnDecl).join(', ')})` : '';
}

function parsePart(p: ParsePart): string {
  if (p.kind === 'Text') return quote(p.text);
  if (p.kind === 'Wildcard') return '*';
  return `${name(p.name)}${p.type ? `:${p.type}` : ''}`;
}

function op(o: TabularOp): string {
  switch (o.kind) {
    case 'Where':
      return `where ${o.name ? `${o.name} = ` : ''}${expr(o.predicate, PREC.or)}`;
    case 'Summarize':
      return (
        `summarize ${hints(o.hints)}${assignments(o.aggregates)}` + (o.by.length ? ` by ${assignments(o.by)}` : '')
      ).replace('summarize  by', 'summarize by');
    case 'Extend':
      return `extend ${assignments(o.columns)}`;
    case 'Project':
      return `project ${assignments(o.columns)}`;
    case 'ProjectAway':
      return `project-away ${o.patterns.map((p) => pattern(p.pattern)).join(', ')}`;
    case 'ProjectKeep':
      return `project-keep ${o.patterns.map((p) => pattern(p.pattern)).join(', ')}`;
    case 'ProjectRename':
      return `project-rename ${o.renames.map((r) => `${name(r.newName)} = ${name(r.oldName)}`).join(', ')}`;
    case 'ProjectReorder':
      return `project-reorder ${o.columns.map((c) => pattern(c.pattern) + (c.order ? ` ${c.order}` : '')).join(', ')}`;
    case 'Join':
      return `join ${o.kindText !== undefined ? `kind=${o.kindText} ` : ''}${hints(o.hints)}${expr(o.right, PREC.postfix)} on ${joinOn(o.on)}`;
    case 'Lookup':
      return `lookup kind=${o.joinKind} ${expr(o.right, PREC.postfix)} on ${joinOn(o.on)}`;
    case 'Union':
      return `union ${unionOptions(o.options)}${o.tables.map(tableRef).join(', ')}`;
    case 'Sort':
      return `sort by ${o.keys.map(sortKey).join(', ')}`;
    case 'Top':
      return `top ${expr(o.count, PREC.or)} by ${sortKey(o.key)}`;
    case 'Take':
      return `take ${expr(o.count, PREC.or)}`;
    case 'Distinct':
      return o.star ? 'distinct *' : `distinct ${assignments(o.columns)}`;
    case 'Count':
      return o.as !== undefined ? `count as ${name(o.as)}` : 'count';
    case 'MvExpand':
      return (
        'mv-expand ' +
        (o.bagExpansion ? `bagexpansion=${o.bagExpansion} ` : '') +
        (o.itemIndex !== undefined ? `with_itemindex=${name(o.itemIndex)} ` : '') +
        mvColumns(o.columns) +
        (o.limit ? ` limit ${expr(o.limit, PREC.or)}` : '')
      );
    case 'MvApply':
      return (
        'mv-apply ' +
        (o.itemIndex !== undefined ? `with_itemindex=${name(o.itemIndex)} ` : '') +
        mvColumns(o.columns) +
        (o.limit ? ` limit ${expr(o.limit, PREC.or)}` : '') +
        ` on (${subquery(o.subquery)})`
      );
    case 'Parse':
      return (
        `${o.where ? 'parse-where' : 'parse'} ` +
        (o.parseKind !== 'simple' ? `kind=${o.parseKind} ` : '') +
        (o.flags !== undefined ? `flags=${o.flags} ` : '') +
        `${expr(o.expr, PREC.or)} with ${o.pattern.map(parsePart).join(' ')}`
      );
    case 'ParseKv':
      return (
        `parse-kv ${expr(o.expr, PREC.or)} as (${o.columns.map(columnDecl).join(', ')})` +
        (o.properties.length ? ` with (${namedArgs(o.properties)})` : '')
      );
    case 'Evaluate':
      return `evaluate ${hints(o.hints)}${call(o.call)}${outputSchema(o.schema)}`;
    case 'Render':
      return `render ${o.visualization}${o.properties.length ? ` with (${namedArgs(o.properties)})` : ''}`;
    case 'Invoke':
      return `invoke ${call(o.call)}`;
    case 'Serialize':
      return o.columns.length ? `serialize ${assignments(o.columns)}` : 'serialize';
    case 'As':
      return `as ${hints(o.hints)}${name(o.name)}`;
    case 'GetSchema':
      return 'getschema';
    case 'MakeSeries': {
      const range =
        o.inRange && o.from && o.to
          ? ` in range(${expr(o.from, PREC.pipe)}, ${expr(o.to, PREC.pipe)}, ${expr(o.step, PREC.pipe)})`
          : (o.from ? ` from ${expr(o.from, PREC.or)}` : '') + (o.to ? ` to ${expr(o.to, PREC.or)}` : '') + ` step ${expr(o.step, PREC.or)}`;
      return (
        'make-series ' +
        (o.nonEmpty ? 'kind=nonempty ' : '') +
        o.aggregates.map((a) => assignment(a) + (a.default ? ` default = ${expr(a.default, PREC.or)}` : '')).join(', ') +
        ` on ${expr(o.on, PREC.add)}` +
        range +
        (o.by.length ? ` by ${assignments(o.by)}` : '')
      );
    }
    case 'Sample':
      return `sample ${expr(o.count, PREC.or)}`;
    case 'SampleDistinct':
      return `sample-distinct ${expr(o.count, PREC.or)} of ${expr(o.column, PREC.or)}`;
    case 'TopNested':
      return o.levels
        .map(
          (l) =>
            'top-nested ' +
            (l.count ? `${expr(l.count, PREC.or)} ` : '') +
            `of ${assignment(l.of)}` +
            (l.withOthers ? ` with others = ${expr(l.withOthers, PREC.or)}` : '') +
            ` by ${assignment(l.by)} ${l.order}`,
        )
        .join(', ');
    case 'Facet':
      return `facet by ${o.columns.map(name).join(', ')}${o.with ? ` with (${subquery(o.with)})` : ''}`;
    case 'Fork':
      return `fork ${o.branches.map((b) => `${b.name !== undefined ? `${name(b.name)} = ` : ''}(${b.ops.map(op).join(' | ')})`).join(' ')}`;
    case 'Search':
      return exprText(o);
    case 'Consume':
      return 'consume';
    case 'Reduce':
      return `reduce by ${expr(o.column, PREC.or)}${o.properties.length ? ` with ${namedArgs(o.properties)}` : ''}`;
    case 'Scan':
      return o.text;
  }
}
