// Syntax errors: codes, positions (1-based line/column of the offending token) and what the message expects.
import { describe, expect, it } from 'vitest';
import { isKqlError } from '../../../src/diagnostics.js';
import { parse, tokenize } from '../../../src/parser/index.js';
import { syntaxError } from './helpers.js';

describe('lexing errors (KQL001)', () => {
  it('reports an unterminated string at its opening quote', () => {
    const e = syntaxError('T\n| where a == "abc');
    expect(e.code).toBe('KQL001');
    expect(e.kind).toBe('syntax');
    expect([e.line, e.column]).toEqual([2, 14]);
    expect(e.message).toMatch(/string/);
  });

  it('reports an unknown character', () => {
    const e = syntaxError('print 1 ^ 2');
    expect(e.code).toBe('KQL001');
    expect([e.line, e.column]).toEqual([1, 9]);
    expect(e.span).toEqual({ start: 8, end: 9, line: 1, column: 9 });
  });

  it('reports a bare ! and a # after the first token', () => {
    expect(syntaxError('print !x')).toMatchObject({ code: 'KQL001', line: 1, column: 7 });
    expect(syntaxError('T\n#x')).toMatchObject({ code: 'KQL001', line: 2, column: 1 });
  });

  it('tokenize returns tokens without trivia', () => {
    expect(tokenize('T // c\n| take 1').map((t) => t.image)).toEqual(['T', '|', 'take', '1']);
  });
});

describe('parse errors (KQL002)', () => {
  it('names the expected token and the one found', () => {
    const e = syntaxError('T | where (a == 1');
    expect(e.code).toBe('KQL002');
    expect(e.kind).toBe('syntax');
    expect(e.message).toMatch(/expected '\)'/);
    expect(e.message).toMatch(/end of input/);
  });

  it('a query as a bare function argument: parentheses needed except for toscalar, totable and conversions', () => {
    const e = syntaxError('print strlen(T | count)');
    expect(e.message).toMatch(/must be in parentheses/);
    expect([e.line, e.column]).toEqual([1, 18]); // the operator after the pipe
    expect(() => parse('print strlen((T | count)), toscalar(T | count)')).not.toThrow();
  });

  it('a stray semicolon is reported as such', () => {
    expect(syntaxError(';T').message).toBe(`unexpected ';': a statement is missing before it`);
  });

  it('points at the end of the text for an unexpected end of input', () => {
    const e = syntaxError('T\n| where');
    expect(e.span).toMatchObject({ start: 9, end: 9 });
    expect([e.line, e.column]).toEqual([2, 8]);
    expect(e.message).toMatch(/expected an expression/);
  });

  it('points at the offending token in the middle of the text', () => {
    const e = syntaxError('T\n| where (a == 1\n| take 5 | where b)) | count');
    expect([e.line, e.column]).toEqual([3, 20]);
    expect(e.message).toMatch(/expected ';' but found '\)'/);
  });

  it('reads a pipe inside parentheses as part of them, as Kusto does', () => {
    const e = syntaxError('T\n| where (a == 1\n| take 5');
    expect([e.line, e.column]).toEqual([3, 9]);
    expect(e.message).toMatch(/expected '\)' but found end of input/);
  });

  it('asks for a ; between statements', () => {
    const e = syntaxError('T\n| take 1\n\nU | take 2');
    expect([e.line, e.column]).toEqual([4, 1]);
    expect(e.message).toMatch(/expected ';' but found 'U'/);
  });

  it('asks for a query operator after |', () => {
    const e = syntaxError('T | Sha1 in (x)');
    expect([e.line, e.column]).toEqual([1, 5]);
    expect(e.message).toMatch(/expected a query operator but found 'Sha1'/);
  });

  it('reports a missing ( after a set operator', () => {
    const e = syntaxError('T | where x has_all has_any ("a")');
    expect([e.line, e.column]).toEqual([1, 21]);
    expect(e.message).toMatch(/expected '\('/);
  });

  it('reports a trailing comma in a list', () => {
    const e = syntaxError("T | where x in ('a', )");
    expect([e.line, e.column]).toEqual([1, 22]);
    expect(e.message).toMatch(/expected an expression but found '\)'/);
  });

  it('reports a missing = in a let', () => {
    const e = syntaxError('let x 1;');
    expect([e.line, e.column]).toEqual([1, 7]);
    expect(e.message).toMatch(/expected '='/);
  });

  it('reports a second comparison without parentheses', () => {
    const e = syntaxError('print a == b == c');
    expect([e.line, e.column]).toEqual([1, 14]);
    expect(e.message).toMatch(/expected ';'/);
  });

  it('reports an unknown type name at the type', () => {
    const e = syntaxError('datatable(a:foo)[1]');
    expect([e.line, e.column]).toEqual([1, 13]);
    expect(e.message).toMatch(/expected type name but found 'foo'/);
  });

  it('reports invalid typed literals at the literal', () => {
    const e = syntaxError('print x = int(3000000000)');
    expect(e.code).toBe('KQL002');
    expect([e.line, e.column]).toEqual([1, 11]);
  });

  it('throws KqlError instances only', () => {
    for (const q of ['(', ')', 'T |', 'let x', 'print 1,', 'T | join', '"', '@', 'datatable(']) {
      try {
        parse(q);
        throw new Error(`parsed: ${q}`);
      } catch (e) {
        expect(isKqlError(e), q).toBe(true);
      }
    }
  });
});
