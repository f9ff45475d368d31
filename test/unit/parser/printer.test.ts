// The printer: exact output for a few forms, and parse(print(parse(q))) == parse(q) over many queries.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse, print, printExpr, type Expr } from '../../../src/parser/index.js';
import { ACCEPTED } from './oracle-cases.js';
import { strip } from './helpers.js';

const CORPUS = join(import.meta.dirname, '../../../../shared/corpus/rules');

function roundTrip(q: string): void {
  const first = strip(parse(q));
  const text = print(parse(q));
  let second;
  try {
    second = strip(parse(text));
  } catch (e) {
    throw new Error(`printed text does not parse: ${(e as Error).message}\n${text}`);
  }
  expect(second, text).toEqual(first);
}

const lit = (type: string, value: unknown): Expr => ({ kind: 'Literal', type, value, span: { start: 0, end: 0, line: 1, column: 1 } }) as Expr;

describe('print', () => {
  it('adds parentheses only where precedence needs them', () => {
    expect(print(parse('print (a or b) and c, a or b and c, a * (b + c), (a * b) + c'))).toBe(
      'print (a or b) and c, a or b and c, a * (b + c), a * b + c',
    );
    expect(print(parse('print -(-1), (a == b) == c'))).toBe('print -(-1), (a == b) == c');
  });

  it('brackets names that are keywords or not identifiers', () => {
    expect(print(parse("T | project ['a b'], ['where'], count, x"))).toBe(`T | project ["a b"], ["where"], ["count"], x`);
  });

  it('prints strings with escapes and literals in forms that read back the same', () => {
    expect(print(parse(String.raw`print @"c:\x", "a\"b", 'it''s'`))).toBe(String.raw`print "c:\\x", "a\"b", "its"`);
    expect(print(parse('print 1.5d, 90m, 1tick, 2.0, 1e3, 0x10'))).toBe('print 36h, 90m, 1tick, 2.0, 1000.0, 16');
    expect(printExpr(lit('long', -5n))).toBe('long(-5)');
    expect(printExpr(lit('real', -0.5))).toBe('real(-0.5)');
    expect(printExpr(lit('real', NaN))).toBe('real(nan)');
    expect(printExpr(lit('timespan', -36_000_000_000n))).toBe('timespan(-1h)');
  });

  it('prints subqueries of mv-apply without their $input source', () => {
    expect(print(parse('T | mv-apply x on (where x > 1 | take 1)'))).toBe('T | mv-apply x on (where x > 1 | take 1)');
  });

  it('round-trips every accepted hand-written case', () => {
    for (const q of ACCEPTED) roundTrip(q);
  });

  it('round-trips every corpus rule that parses', () => {
    let n = 0;
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.yaml'))) {
      const q = (parseYaml(readFileSync(join(CORPUS, file), 'utf8')) as { query: string }).query;
      try {
        parse(q);
      } catch {
        continue;
      }
      roundTrip(q);
      n++;
    }
    expect(n).toBe(925);
  });
});
