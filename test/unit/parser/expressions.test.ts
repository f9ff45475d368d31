// Scalar expression grammar: precedence, every comparison/string/set operator, between, unary, postfix, calls.
import { describe, expect, it } from 'vitest';
import { parse, parseExpression } from '../../../src/parser/index.js';
import { B, L, N, S, expr, strip } from './helpers.js';

describe('precedence', () => {
  it('and binds tighter than or', () => {
    expect(expr('a or b and c')).toEqual(B('or', N('a'), B('and', N('b'), N('c'))));
    expect(expr('a and b or c')).toEqual(B('or', B('and', N('a'), N('b')), N('c')));
  });

  it('comparisons bind tighter than and', () => {
    expect(expr('a == 1 and b != 2')).toEqual(B('and', B('==', N('a'), L(1)), B('!=', N('b'), L(2))));
  });

  it('additive binds tighter than comparison, multiplicative tighter than additive', () => {
    expect(expr('a + b * c > d - e / f')).toEqual(
      B('>', B('+', N('a'), B('*', N('b'), N('c'))), B('-', N('d'), B('/', N('e'), N('f')))),
    );
  });

  it('binary operators of one level associate to the left', () => {
    expect(expr('a - b - c')).toEqual(B('-', B('-', N('a'), N('b')), N('c')));
    expect(expr('a % b * c')).toEqual(B('*', B('%', N('a'), N('b')), N('c')));
    expect(expr('a or b or c')).toEqual(B('or', B('or', N('a'), N('b')), N('c')));
  });

  it('parentheses override precedence and leave no node behind', () => {
    expect(expr('(a or b) and c')).toEqual(B('and', B('or', N('a'), N('b')), N('c')));
    expect(expr('a * (b + c)')).toEqual(B('*', N('a'), B('+', N('b'), N('c'))));
  });

  it('unary minus applies to a postfix expression and binds tighter than *', () => {
    expect(expr('-a * b')).toEqual(B('*', { kind: 'Unary', op: '-', operand: N('a') } as never, N('b')));
    expect(expr('-x.y')).toEqual({ kind: 'Unary', op: '-', operand: { kind: 'Member', target: N('x'), name: 'y' } });
    expect(expr('+1')).toEqual({ kind: 'Unary', op: '+', operand: L(1) });
  });

  it('comparisons do not chain', () => {
    expect(() => parse('print a == b == c')).toThrow();
    expect(() => parse('print a has b has c')).toThrow();
  });
});

describe('comparison and string operators', () => {
  const ops = [
    '==', '!=', '<', '<=', '>', '>=', '<>', '=~', '!~',
    'has', '!has', 'has_cs', '!has_cs', 'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs',
    'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs', 'contains', '!contains', 'contains_cs',
    '!contains_cs', 'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith',
    'endswith_cs', '!endswith_cs', 'like', 'notlike', 'likecs', 'notlikecs',
  ];
  for (const o of ops) {
    it(`parses x ${o} "v"`, () => {
      expect(expr(`x ${o} "v"`)).toEqual(B(o, N('x'), S('v')));
    });
  }

  it('parses matches regex as one operator', () => {
    expect(expr('x matches regex "a+"')).toEqual(B('matches regex', N('x'), S('a+')));
  });

  it('maps the legacy spellings containscs / notcontains / notcontainscs', () => {
    expect(expr('x containscs "a"')).toEqual(B('contains_cs', N('x'), S('a')));
    expect(expr('x notcontains "a"')).toEqual(B('!contains', N('x'), S('a')));
    expect(expr('x notcontainscs "a"')).toEqual(B('!contains_cs', N('x'), S('a')));
  });

  it('keeps the operator span', () => {
    const e = parseExpression('abc !has "x"');
    expect(e.kind === 'Binary' && e.opSpan).toEqual({ start: 4, end: 8, line: 1, column: 5 });
  });

  it('does not take an operator out of a longer word', () => {
    expect(expr('x == hasx')).toEqual(B('==', N('x'), N('hasx')));
    expect(expr('inner')).toEqual(N('inner'));
  });
});

describe('set tests', () => {
  for (const o of ['in', '!in', 'in~', '!in~', 'has_any', 'has_all']) {
    it(`parses x ${o} (list)`, () => {
      expect(expr(`x ${o} ("a", 2)`)).toEqual({ kind: 'SetTest', op: o, left: N('x'), items: [S('a'), L(2)] });
    });
  }

  it('accepts a let name, a dynamic array and a tabular expression as items', () => {
    expect(expr('x in (names)')).toMatchObject({ items: [N('names')] });
    expect(expr('x in (dynamic([1]))')).toMatchObject({ items: [{ kind: 'DynamicLiteral' }] });
    const tab = expr('x in (T | project y)');
    expect(tab).toMatchObject({ kind: 'SetTest', items: [{ kind: 'Pipeline', source: N('T'), ops: [{ kind: 'Project' }] }] });
    expect(expr('x in ((T | distinct y))')).toMatchObject({ items: [{ kind: 'Pipeline', ops: [{ kind: 'Distinct' }] }] });
  });

  it('requires a non-empty parenthesised list', () => {
    expect(() => parse('print x in ()')).toThrow();
    expect(() => parse('print x has_any "a"')).toThrow();
  });

  it('has no _cs variant of has_any / has_all (Kusto has none)', () => {
    expect(() => parse('print x has_any_cs ("a")')).toThrow();
  });
});

describe('between', () => {
  it('parses between and !between', () => {
    expect(expr('x between (1 .. 5)')).toEqual({ kind: 'Between', expr: N('x'), low: L(1), high: L(5), negated: false });
    expect(expr('x !between (1..5)')).toEqual({ kind: 'Between', expr: N('x'), low: L(1), high: L(5), negated: true });
  });

  it('takes any expressions as bounds', () => {
    expect(expr('t between (ago(1d) .. now())')).toMatchObject({
      low: { kind: 'Call', name: 'ago' },
      high: { kind: 'Call', name: 'now', args: [] },
    });
  });

  it('requires the parentheses', () => {
    expect(() => parse('print x between 1 .. 2')).toThrow();
  });
});

describe('postfix and primary expressions', () => {
  it('parses member access, bracketed members and indexing', () => {
    expect(expr('a.b.c')).toEqual({ kind: 'Member', target: { kind: 'Member', target: N('a'), name: 'b' }, name: 'c' });
    expect(expr("a['b c']")).toEqual({ kind: 'Index', target: N('a'), index: S('b c') });
    expect(expr('a.["b"]')).toEqual({ kind: 'Member', target: N('a'), name: 'b' });
    expect(expr('a.[0]')).toEqual({ kind: 'Index', target: N('a'), index: L(0) });
    expect(expr('a[-1]')).toEqual({ kind: 'Index', target: N('a'), index: { kind: 'Unary', op: '-', operand: L(1) } });
  });

  it('parses calls with no, positional, star and named arguments', () => {
    expect(expr('now()')).toEqual({ kind: 'Call', name: 'now', args: [] });
    expect(expr('bin(t, 1h)')).toMatchObject({ kind: 'Call', name: 'bin', args: [N('t'), { type: 'timespan' }] });
    expect(expr('arg_max(t, *)')).toEqual({ kind: 'Call', name: 'arg_max', args: [N('t'), { kind: 'Star' }] });
    expect(expr('round(F = 1.5, 2)')).toEqual({
      kind: 'Call',
      name: 'round',
      args: [{ kind: 'Literal', type: 'real', value: 1.5 }, L(2)],
      argNames: ['F', undefined],
    });
  });

  it('parses not(x) as an ordinary call and rejects a bare !', () => {
    expect(expr('not(x)')).toEqual({ kind: 'Call', name: 'not', args: [N('x')] });
    expect(() => parse('print !x')).toThrow();
  });

  it('parses tabular arguments of toscalar', () => {
    expect(expr('toscalar(T | count)')).toMatchObject({
      kind: 'Call',
      name: 'toscalar',
      args: [{ kind: 'Pipeline', source: N('T'), ops: [{ kind: 'Count' }] }],
    });
  });

  it('parses $left / $right / $table as names', () => {
    expect(expr('$left.a')).toEqual({ kind: 'Member', target: N('$left'), name: 'a' });
    expect(expr('$table')).toEqual(N('$table'));
  });

  it('parses typeof(...) as a call with type names', () => {
    expect(expr('typeof(long)')).toEqual({ kind: 'Call', name: 'typeof', args: [N('long')] });
    expect(expr('typeof(*, a:string)')).toEqual({ kind: 'Call', name: 'typeof', args: [{ kind: 'Star' }, N('a:string')] });
  });

  it('records spans covering the source text', () => {
    const e = parseExpression('f(a, b) + c.d');
    expect(e.span).toEqual({ start: 0, end: 13, line: 1, column: 1 });
    expect(e.kind === 'Binary' && e.left.span).toEqual({ start: 0, end: 7, line: 1, column: 1 });
    expect(e.kind === 'Binary' && e.right.span).toEqual({ start: 10, end: 13, line: 1, column: 11 });
  });

  it('parses a standalone expression', () => {
    expect(strip(parseExpression('1 + 2'))).toEqual(B('+', L(1), L(2)));
  });
});
