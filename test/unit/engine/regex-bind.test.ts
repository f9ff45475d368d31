// A constant regular expression is checked while binding: an invalid one is KQL108 at the pattern itself,
// even over a table without rows (where no row would ever evaluate it).
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../helpers.js';

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
