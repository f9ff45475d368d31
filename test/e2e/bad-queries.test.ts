// Bad queries get positioned KqlErrors with stable codes; pathological ones finish (kql-semantics.md A5).
import { describe, expect, it } from 'vitest';
import { errorOf, rows } from '../helpers.js';

const T = 'datatable(s:string)["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "abc"]';

describe('bad queries', () => {
  it('an invalid regular expression is KQL108 at the pattern', () => {
    const e = errorOf(`${T} | where s matches regex "(a"`);
    expect(e.code).toBe('KQL108');
    // " | where s matches regex " is 25 characters, so the pattern starts at column T.length + 26.
    expect(e.span?.column).toBe(T.length + 26);
  });
  it('lookaround is rejected as Kusto (RE2) rejects it', () => {
    expect(errorOf(`${T} | where s matches regex "a(?=b)"`).code).toBe('KQL108');
  });
  it('a pattern that backtracks catastrophically in JS RegExp runs in linear time', () => {
    const t0 = performance.now();
    expect(rows(`${T} | where s matches regex "^(a+)+$"`)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
  it('10,000 nested parentheses are KQL204, not a crash', () => {
    const e = errorOf('print x = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000));
    expect(e.code).toBe('KQL204');
  });
  it('a 1 MB query runs', () => {
    const big = 'a'.repeat(1_000_000);
    expect(rows(`print n = strlen("${big}")`)).toEqual([[1_000_000n]]);
  });
  it('wrong argument types and counts have codes', () => {
    expect(errorOf('print x = strlen(1, 2)').code).toBe('KQL104');
    expect(errorOf('print x = datetime(2024-01-01) + 1').code).toBe('KQL106');
    expect(errorOf('print x = nosuchfn(1)').code).toBe('KQL107');
    expect(errorOf('print x = tolowr("A")').message).toContain("did you mean 'tolower'");
  });
});
