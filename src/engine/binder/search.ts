// Binding of `search` (as a source over tables, or after a pipe): a union with a `$table` column, filtered
// by a search predicate where a bare string term tests every column (`"x"` → has, `"x*"` → hasprefix,
// `"*x"` → hassuffix, `"*x*"` → contains, `"a*b"` → regex) and `* op value` tests every column with op.

import type { Span } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { BExpr, Plan } from '../bound.js';
import { binaryOperator } from '../functions/operators.js';
import { coerce } from '../functions/registry.js';
import { toText } from '../values.js';
import type { Value } from '../../types.js';
import { RE2JS } from 're2js';
import type { Binder } from './binder.js';
import { bindUnion } from './combine.js';
import { errors } from './errors.js';
import { bindExpr, logical } from './expr.js';
import { colRef, predicate, rowScope, type Handler } from './operands.js';
import type { RowScope, Scope } from './scope.js';

/** The column every search result carries: the table each row came from. */
const SOURCE_COLUMN = '$table';

function call(b: Binder, op: A.BinaryOp, args: BExpr[], span: Span): BExpr {
  return binaryOperator(op)!.bind({ name: op, span, args, argSpans: args.map(() => span), now: b.now });
}

/** A column's value as text for term tests ("" for null). */
function asText(col: BExpr): BExpr {
  if (col.type === 'string') return col;
  const type = col.type;
  return { k: 'call', type: 'string', name: 'tostring', fn: (v: Value) => (v === null ? '' : toText(v, type)), args: [col], handlesNulls: true };
}

/** `<every column> op value`, true when any column matches. */
function anyColumn(b: Binder, rs: RowScope, op: A.BinaryOp, value: BExpr, span: Span): BExpr {
  const columns = rs.columns.map((_, i) => i).filter((i) => rs.columns[i]!.name !== SOURCE_COLUMN);
  const tests = columns.map((i) => {
    const col = colRef(rs.columns, i);
    const left = op === '==' || op === '!=' ? col : asText(col);
    try {
      return call(b, op, [left, op === '==' || op === '!=' ? value : coerce(value, 'string')], span);
    } catch {
      return { k: 'const', type: 'bool', value: false } as BExpr;
    }
  });
  return tests.length ? logical('or', tests, span) : { k: 'const', type: 'bool', value: false };
}

/**
 * `* op value` outside search (`where * has "x"`): true when any column passes the test, each column read
 * as text for the string operators. Kusto types `*` as dynamic, so the value of a string operator must be a
 * string.
 */
export function bindStarTest(b: Binder, e: A.Binary, rs: RowScope): BExpr {
  const value = bindExpr(b, e.right, rs);
  if (e.op !== '==' && value.type !== 'string' && value.type !== 'dynamic') {
    throw errors.typeMismatch(`operator '${e.op}' cannot be applied to * (any column) and ${value.type}: the value must be a string`, e.opSpan);
  }
  return anyColumn(b, rs, e.op, value, e.span);
}

/** The case-sensitive form of a string operator (`kind=case_sensitive`). */
const CASE_SENSITIVE: Partial<Record<A.BinaryOp, A.BinaryOp>> = {
  has: 'has_cs', '!has': '!has_cs', hasprefix: 'hasprefix_cs', '!hasprefix': '!hasprefix_cs', hassuffix: 'hassuffix_cs',
  '!hassuffix': '!hassuffix_cs', contains: 'contains_cs', '!contains': '!contains_cs', startswith: 'startswith_cs',
  '!startswith': '!startswith_cs', endswith: 'endswith_cs', '!endswith': '!endswith_cs', '=~': '==', '!~': '!=',
};

/** A bare search term: which string operator its `*` wildcards select. */
function termTest(b: Binder, rs: RowScope, term: string, cs: boolean, span: Span): BExpr {
  if (term === '*') return { k: 'const', type: 'bool', value: true };
  const lead = term.startsWith('*');
  const trail = term.endsWith('*') && term.length > 1;
  const core = term.slice(lead ? 1 : 0, trail ? -1 : undefined);
  const lit = (s: string): BExpr => ({ k: 'const', type: 'string', value: s });
  if (core.includes('*')) {
    const re = `${cs ? '' : '(?i)'}\\b${core.split('*').map((p) => RE2JS.quote(p)).join('.*')}\\b`;
    return anyColumn(b, rs, 'matches regex', lit(re), span);
  }
  const op: A.BinaryOp = lead && trail ? 'contains' : lead ? 'hassuffix' : trail ? 'hasprefix' : 'has';
  return anyColumn(b, rs, cs ? CASE_SENSITIVE[op]! : op, lit(core), span);
}

/**
 * Bind a search predicate: string terms and `*` tests expand over the columns (`Column:"term"` arrives as
 * `Column has "term"`); with `caseSensitive`, string operators take their `_cs` forms.
 */
export function searchPredicate(b: Binder, e: A.Expr, rs: RowScope, caseSensitive = false): BExpr {
  switch (e.kind) {
    case 'Star':
      return { k: 'const', type: 'bool', value: true };
    case 'Literal':
      if (typeof e.value === 'string') return termTest(b, rs, e.value, caseSensitive, e.span);
      break;
    case 'Binary': {
      if (e.op === 'and' || e.op === 'or') return logical(e.op, [searchPredicate(b, e.left, rs, caseSensitive), searchPredicate(b, e.right, rs, caseSensitive)], e.span);
      const op = caseSensitive ? (CASE_SENSITIVE[e.op] ?? e.op) : e.op;
      if (e.left.kind === 'Star') return anyColumn(b, rs, op, bindExpr(b, e.right, rs), e.span);
      if (op !== e.op) return predicate(b, { ...e, op }, rs);
      break;
    }
    case 'Call':
      if (e.name === 'not' && e.args.length === 1) {
        const inner = searchPredicate(b, e.args[0]!, rs, caseSensitive);
        return call(b, '==', [inner, { k: 'const', type: 'bool', value: false }], e.span);
      }
      break;
    default:
      break;
  }
  return predicate(b, e, rs);
}

/** A plan with `$table` in front: the source name of every row of `input`. */
function withSourceColumn(input: Plan, name: string, span: Span): Plan {
  return {
    op: 'project',
    input,
    columns: [{ k: 'const', type: 'string', value: name }, ...input.schema.map((_, i) => colRef(input.schema, i))],
    schema: [{ name: SOURCE_COLUMN, type: 'string' }, ...input.schema],
    span,
  };
}

function filtered(b: Binder, input: Plan, pred: A.Expr, scope: Scope, caseSensitive: boolean, span: Span): Plan {
  const p = searchPredicate(b, pred, rowScope(scope, input), caseSensitive);
  return { op: 'where', input, predicate: p, schema: input.schema.slice(), span };
}

/** `search [in (T1, T2*)] predicate` at the start of a query: over the listed tables, or every table in scope. */
export function bindSearchSource(b: Binder, e: A.Search, scope: Scope): Plan {
  let legs = e.tables;
  let fuzzy = false;
  if (!legs.length) {
    legs = b.tables.names().sort().map((name) => ({ kind: 'Name', name, span: e.span }) as A.NameRef);
    fuzzy = true;
  }
  const union = bindUnion(b, { withsource: SOURCE_COLUMN, isfuzzy: fuzzy }, [], legs, scope, e.span);
  return filtered(b, union, e.predicate, scope, !!e.caseSensitive, e.span);
}

/** `T | search predicate`. */
export const search: Handler<'Search'> = (b, op, input, scope) => {
  if (op.tables.length) throw errors.invalid("search after '|' cannot also take 'in (tables)'", op.span);
  const name = input.op === 'scan' ? input.table.replace(/^\u0000[^:]*:/, '') : '';
  return filtered(b, withSourceColumn(input, name, op.span), op.predicate, scope, !!op.caseSensitive, op.span);
};
