// Helpers for parser tests: parse and strip spans, pick out the first query expression or operator.
import { expect } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { parse, type Expr, type Pipeline, type Script, type TabularOp } from '../../../src/parser/index.js';

const SPAN_KEYS = new Set(['span', 'opSpan', 'nameSpan']);

/** A deep copy without span fields, for structural comparison. */
export function strip<T>(x: T): T {
  if (Array.isArray(x)) return x.map(strip) as T;
  if (x && typeof x === 'object') {
    return Object.fromEntries(
      Object.entries(x)
        .filter(([k, v]) => !SPAN_KEYS.has(k) && v !== undefined)
        .map(([k, v]) => [k, strip(v)]),
    ) as T;
  }
  return x;
}

/** Parse a script without spans. */
export function ast(text: string): Script {
  return strip(parse(text));
}

/** The expression of the last statement (which must be a query). */
export function queryExpr(text: string): Expr {
  const s = parse(text).statements.at(-1);
  if (s?.kind !== 'Query') throw new Error(`last statement of ${text} is ${s?.kind}`);
  return s.expr;
}

/** The value of `print x` without spans (the first print column). */
export function expr(text: string): Expr {
  const e = queryExpr(`print ${text}`);
  if (e.kind !== 'Print') throw new Error('not a print');
  return strip(e.columns[0]!.expr);
}

/** The operators of `T | ...` without spans. */
export function ops(text: string): TabularOp[] {
  const e = queryExpr(`T | ${text}`);
  if (e.kind !== 'Pipeline') throw new Error('not a pipeline');
  return strip((e as Pipeline).ops);
}

/** The single operator of `T | op`. */
export function op(text: string): TabularOp {
  const list = ops(text);
  expect(list).toHaveLength(1);
  return list[0]!;
}

/** The KqlError thrown by parsing `text` (fails the test when it parses). */
export function syntaxError(text: string): KqlError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for: ${text}`);
}

/** `Name` node. */
export const N = (name: string): Expr => ({ kind: 'Name', name }) as Expr;
/** long literal. */
export const L = (v: number | bigint): Expr => ({ kind: 'Literal', type: 'long', value: BigInt(v) }) as Expr;
/** string literal. */
export const S = (v: string): Expr => ({ kind: 'Literal', type: 'string', value: v }) as Expr;
/** Binary node. */
export const B = (op: string, left: Expr, right: Expr): Expr => ({ kind: 'Binary', op, left, right }) as Expr;
