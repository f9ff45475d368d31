// A constant regular expression is checked while binding: an invalid one is KQL108 at the pattern itself,
// even over a table without rows (where no row would ever evaluate it).
import { describe, expect, it } from 'vitest';
import { errorOf, rows } from '../../helpers.js';

const EMPTY = 'datatable(s:string)[]';

/** The 1-based column of the first occurrence of `needle` in `query` (a one-line query). */
function columnOf(query: string, needle: string): number {
  const i = query.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in ${query}`);
  return i + 1;
}

describe('invalid constant regexes are bind errors at the pattern', () => {
  const cases: [query: string, pattern: string][] = [
    [`${EMPTY} | extend x = extract("(a", 1, s)`, '"(a"'],
    [`${EMPTY} | extend x = extract("(a", 1, s, typeof(long))`, '"(a"'],
    [`${EMPTY} | extend x = extract_all(@"[a-", s)`, '@"[a-"'],
    [`${EMPTY} | extend x = extract_all(@"(\\w)(", dynamic([1]), s)`, '@"(\\w)("'],
    [`${EMPTY} | extend x = replace_regex(s, "a{2,1}", "b")`, '"a{2,1}"'],
    [`${EMPTY} | extend x = replace("(?<=a)b", "c", s)`, '"(?<=a)b"'],
    [`${EMPTY} | extend x = countof(s, "a)", "regex")`, '"a)"'],
    [`${EMPTY} | extend x = indexof_regex(s, "*a")`, '"*a"'],
    [`${EMPTY} | extend x = trim("[", s)`, '"["'],
    [`${EMPTY} | extend x = trim_start("(", s), y = trim_end("(", s)`, '"("'],
    [`${EMPTY} | where s matches regex "a(?=b)"`, '"a(?=b)"'],
    [`${EMPTY} | parse kind=regex s with "x" a:long "([0-9]" b:string`, '"([0-9]"'],
    [`${EMPTY} | parse-where kind=regex s with "(?<!x)" a:long`, '"(?<!x)"'],
    [`${EMPTY} | parse-kv s as (a:long) with (regex = "(")`, '"("'],
    [`let re = "("; ${EMPTY} | extend x = extract(re, 1, s)`, 're, 1'],
  ];
  for (const [query, pattern] of cases) {
    it(query, () => {
      const e = errorOf(query);
      expect(e.code).toBe('KQL108');
      expect(e.kind).toBe('semantic');
      expect(e.line).toBe(1);
      expect(e.column).toBe(columnOf(query, pattern));
    });
  }

  it('countof with the default kind (normal) takes any text', () => {
    expect(() => errorOf(`${EMPTY} | extend x = countof(s, "(")`)).toThrow('expected the query to fail');
  });

  it('a parse kind=regex error shows the pattern as written, not the regex kqlite builds from it', () => {
    const e = errorOf(`${EMPTY} | parse kind=regex s with "(?P<a>b)" x:long "(?P<a>c)"`);
    expect(e.code).toBe('KQL108');
    expect(e.message).toContain('"(?P<a>b)" x:long "(?P<a>c)"');
    expect(e.message).not.toMatch(/kqlite\d|\(\?:|\?P<kqlite/);
  });
});

describe('evil patterns run in linear time (RE2 semantics, no backtracking)', () => {
  // In a backtracking engine (JS RegExp) (a+)+$ against a run of a's ending in "!" takes 2^n steps; n = 30
  // already takes seconds there. Here the text has 100,000 a's.
  const S = `print s = "${'a'.repeat(100_000)}!"`;
  const cases: [string, unknown[][]][] = [
    [`${S} | where s matches regex "^(a+)+$" | count`, [[0n]]],
    [`${S} | project x = extract("(a+)+$", 0, s)`, [['']]],
    [`${S} | project x = extract_all("((a|aa)+)b", s)`, [[null]]],
    [`${S} | project x = strlen(replace_regex(s, "(a*)*b", "x"))`, [[100_001n]]],
    [`${S} | parse kind=regex s with x:string "(a+)+b" | project isnull(x), isempty(x)`, [[false, true]]],
  ];
  for (const [query, expected] of cases) {
    it(query.slice(S.length + 3), { timeout: 30_000 }, () => {
      const t0 = performance.now();
      expect(rows(query)).toEqual(expected);
      expect(performance.now() - t0).toBeLessThan(10_000);
    });
  }
});
