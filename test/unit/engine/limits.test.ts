// Limits as Kusto has them, and kqlite's own guards: the memory budget per query (KQL206), the time
// limit (KQL203), Kusto's documented string and collection limits, and runtime errors placed at the
// query position that failed. Expected values are worked out by hand from Kusto's documentation.
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';

const MB = 2 ** 20;

describe('memory budget (KQL206)', () => {
  it('stops a range of ten billion rows before allocating it, at the range operator', () => {
    const e = errorOf('print 1 | project x = 1 | union (range x from 1 to 10000000000 step 1) | count');
    expect(e.code).toBe('KQL206');
    expect(e.column).toBe(34);
    expect(e.message).toContain('range would produce 10,000,000,000 rows of 1 column');
    expect(e.message).toContain('--max-memory');
  });
  it('lets a range that fits run: 1 to 10 step 3 is 1, 4, 7, 10', () => {
    expect(rows('range x from 1 to 10 step 3', { memoryLimit: MB })).toEqual([[1n], [4n], [7n], [10n]]);
  });
  it('stops a cross join explosion (1,000 x 1,000 rows on one key) at the join', () => {
    const q = 'range x from 1 to 1000 step 1 | extend k = 1 | join kind=inner (range y from 1 to 1000 step 1 | extend k = 1) on k | count';
    const e = errorOf(q, { memoryLimit: MB });
    expect(e.code).toBe('KQL206');
    expect(e.column).toBe(48);
    expect(e.message).toMatch(/^join would produce at least [\d,]+ rows of 4 columns/);
    // With the default budget the same join runs: 1,000 x 1,000 pairs.
    expect(scalar(q)).toBe(1_000_000n);
  });
  it('charges a join for the output columns something reads, not every column it could make', () => {
    // 1,000 x 100 = 100,000 pairs of 16 columns: about 29 MB at full width, 3 MB for the pairs alone.
    const side = (v: string, n: number): string => `range ${v} from 1 to ${n} step 1 | extend k = 1, ${[1, 2, 3, 4, 5, 6].map((c) => `c${c}${v} = ${v}`).join(', ')}`;
    const q = `${side('x', 1000)} | join kind=inner (${side('y', 100)}) on k`;
    expect(scalar(`${q} | count`, { memoryLimit: 8 * MB })).toBe(100_000n);
    const e = errorOf(`${q} | summarize sum(c1x + c1y + c2x + c2y + c3x + c3y + c4x + c4y + c5x + c5y + c6x + c6y)`, { memoryLimit: 8 * MB });
    expect(e.code).toBe('KQL206');
    expect(e.message).toMatch(/^join would produce at least [\d,]+ rows of 16 columns/);
  });
  it('stops mv-expand of a huge array', () => {
    const e = errorOf('print a = range(1, 1000000) | mv-expand a | count', { memoryLimit: MB });
    expect(e.code).toBe('KQL206');
    expect(e.message).toContain('mv-expand would produce 1,000,000 rows of 1 column from one row');
    expect(e.column).toBe(31);
  });
  it('stops mv-apply whose subquery multiplies a row', () => {
    const e = errorOf('print a = range(1, 1000000) | mv-apply a to typeof(long) on (extend b = a * 2) | count', { memoryLimit: MB });
    expect(e.code).toBe('KQL206');
    expect(e.message).toMatch(/mv-(expand|apply) would produce 1,000,000 rows/);
  });
  it('stops a union too large to hold', () => {
    // Each leg fits (30,000 rows each, held together), their union of 60,000 rows beside them does not.
    const e = errorOf('union (range x from 1 to 30000 step 1), (range x from 1 to 30000 step 1) | count', { memoryLimit: MB });
    expect(e.code).toBe('KQL206');
    expect(e.message).toContain('union would produce 60,000 rows of 1 column');
    expect(e.column).toBe(1);
  });
  it('stops make_set growing past the budget', () => {
    // One row whose array holds 1,000,000 distinct values: make_set collects every one of them.
    const q = 'print a = range(1, 1000000) | summarize s = make_set(a) | project n = array_length(s)';
    const e = errorOf(q, { memoryLimit: 4 * MB });
    expect(e.code).toBe('KQL206');
    expect(e.message).toMatch(/^make_set\(\) collected [\d,]+ values/);
    expect(e.column).toBe(45);
    expect(scalar(q)).toBe(1_000_000n);
  });
  it('stops make_list growing past the budget', () => {
    const e = errorOf('print a = range(1, 1000000) | mv-expand a | summarize l = make_list(a)', { memoryLimit: 24 * MB });
    expect(e.code).toBe('KQL206');
    expect(e.message).toMatch(/^make_list\(\) collected [\d,]+ values/);
  });
  it('stops functions that build large values from small inputs: range(), repeat(), strrep()', () => {
    // Ten rows of 500,000 elements (or 3 million characters) each: 5 million cells, past a 16 MB budget.
    // (Each query reads the column it builds: a column nothing reads is never computed.)
    for (const [q, what] of [
      ['range i from 1 to 10 step 1 | extend a = range(i, i + 499999) | where isnotnull(a) | count', /^range\(\) built an array of 500,000 elements/],
      ['range i from 1 to 10 step 1 | extend a = repeat(i, 500000) | where isnotnull(a) | count', /^repeat\(\) would build an array of 500,000 elements/],
      ['range i from 1 to 10 step 1 | extend s = strrep(strrep(strcat("abc", i), 1024), 1024) | where isnotempty(s) | count', /^strrep\(\) would build a string of [\d,]+ characters/],
    ] as const) {
      const e = errorOf(q, { memoryLimit: 16 * MB });
      expect(e.code).toBe('KQL206');
      expect(e.message).toMatch(what);
      expect(e.column).toBe(42);
      expect(scalar(q.replace('to 10', 'to 2'), { memoryLimit: 64 * MB })).toBe(2n);
    }
  });
  it('a column nothing reads is never built, so it costs nothing', () => {
    expect(scalar('range i from 1 to 10 step 1 | extend a = range(i, i + 499999) | count', { memoryLimit: 16 * MB })).toBe(10n);
  });
  it('stops strcat and replace_string building long strings row after row', () => {
    // Each row's string is 8 x 8,192 characters and its number: 65,537 or more characters.
    const q = 'let s = strrep("abcdefgh", 1024); range i from 1 to 1000 step 1 | extend t = strcat(s, s, s, s, s, s, s, s, i) | where isnotempty(t) | count';
    const e = errorOf(q, { memoryLimit: 16 * MB });
    expect(e.code).toBe('KQL206');
    expect(e.message).toMatch(/^strcat\(\) built a string of 65,5\d\d characters/);
    expect(scalar(q)).toBe(1000n);
    // Every 'a' of a 1,000-character text becomes 100 characters: 100,000 characters a row.
    const r = 'let s = strrep("a", 1000); range i from 1 to 1000 step 1 | extend t = replace_string(s, "a", strrep(tostring(i % 10), 100)) | where isnotempty(t) | count';
    expect(errorOf(r, { memoryLimit: 16 * MB }).message).toMatch(/^replace_string\(\) built a string of 100,000 characters/);
  });
  it('counts only what an operator keeps: a long pipeline of small steps fits a small budget', () => {
    // Each extend makes 10,000 cells; ten of them in a row never hold more than two at once.
    const steps = Array.from({ length: 10 }, (_, i) => `| extend c${i} = x + ${i}`).join(' ');
    expect(scalar(`range x from 1 to 10000 step 1 ${steps} | count`, { memoryLimit: MB })).toBe(10_000n);
  });
});

describe('time limit (KQL203)', () => {
  const slow = (q: string): void => {
    const t0 = performance.now();
    const e = errorOf(q, { timeoutMs: 5 });
    expect(e.code).toBe('KQL203');
    expect(e.message).toContain('--timeout');
    // Stopped near the limit, not after the loop ran to its end.
    expect(performance.now() - t0).toBeLessThan(5_000);
  };
  it('stops a long range', () => slow('range x from 1 to 100000000 step 1 | count'));
  it('stops a long join probe', () =>
    slow('range x from 1 to 3000 step 1 | extend k = 1 | join kind=inner (range y from 1 to 3000 step 1 | extend k = 1) on k | count'));
  it('stops a long mv-expand', () => slow('range i from 1 to 1000 step 1 | extend a = range(1, 100000) | mv-expand a | count'));
  it('stops a long extend of a computed column, with nothing after it that checks the time', () => {
    // The range is made in milliseconds; the extend (about 1 s: a hash per row) checks the time every
    // 65,536 rows and stops at its own position.
    const t0 = performance.now();
    const e = errorOf('range x from 1 to 300000 step 1 | extend s = hash_sha256(strrep(tostring(x), 50)) | take 1', { timeoutMs: 100 });
    expect(e.code).toBe('KQL203');
    expect(e.column).toBe(35);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
  it('stops a regex-heavy filter', () => slow('range i from 1 to 5000000 step 1 | where tostring(i) matches regex "^(1|2|3)*[4-9]+0$" | count'));
});

describe("Kusto's string and collection limits", () => {
  it('strcat takes 1 to 64 arguments', () => {
    const args = (n: number): string => Array.from({ length: n }, () => '"a"').join(', ');
    expect(scalar(`print strcat(${args(64)})`)).toBe('a'.repeat(64));
    const e = errorOf(`print strcat(${args(65)})`);
    expect(e.code).toBe('KQL104');
    expect(e.message).toBe('strcat() takes at most 64 arguments, but 65 were given');
  });
  it('strcat_delim takes a delimiter and 2 to 64 arguments', () => {
    const args = (n: number): string => Array.from({ length: n }, () => '"a"').join(', ');
    expect(scalar(`print strcat_delim("-", ${args(64)})`)).toBe(Array(64).fill('a').join('-'));
    expect(errorOf(`print strcat_delim("-", ${args(65)})`).code).toBe('KQL104');
    expect(errorOf('print strcat_delim("-", "a")').code).toBe('KQL104');
  });
  it('strrep repeats at most 1,024 times', () => {
    // 'ab' x 1,024 = 2,048 characters; with a delimiter, 1,024 copies and 1,023 commas = 3,071.
    expect(scalar('print strlen(strrep("ab", 5000))')).toBe(2048n);
    expect(scalar('print strlen(strrep("ab", 2000, ","))')).toBe(3071n);
    expect(scalar('print strrep("ab", 3)')).toBe('ababab');
  });
  it('a computed string past what kqlite can hold is KQL206 at the call, not a crash', () => {
    // 8 characters x 1,024^3 = 8,589,934,592 characters.
    const e = errorOf('print n = strlen(strrep(strrep(strrep("abcdefgh", 1024), 1024), 1024))');
    expect(e.code).toBe('KQL206');
    expect(e.column).toBe(18);
  });
  it('make_list and make_set keep at most 1,048,576 values by default', () => {
    expect(scalar('range x from 1 to 1100000 step 1 | summarize l = make_list(x) | project array_length(l)')).toBe(1_048_576n);
    // Two arrays of 1,048,576 distinct values each: 2,097,152 distinct values offered, 1,048,576 kept.
    const q = 'range i from 0 to 1 step 1 | extend a = range(i * 1048576 + 1, i * 1048576 + 1048576) | summarize s = make_set(a) | project array_length(s)';
    expect(scalar(q)).toBe(1_048_576n);
  });
  it('the deprecated makelist and makeset default to 128 values', () => {
    expect(rows('range x from 1 to 200 step 1 | summarize a = array_length(makelist(x)), b = array_length(makeset(x))')).toEqual([[128n, 128n]]);
  });
  it('a maximum size outside 1..1,048,576 is an error', () => {
    expect(scalar('range x from 1 to 5 step 1 | summarize l = make_list(x, 1048576) | project array_length(l)')).toBe(5n);
    for (const bad of ['1048577', '0', '-1']) {
      const e = errorOf(`range x from 1 to 5 step 1 | summarize make_list(x, ${bad})`);
      expect(e.code).toBe('KQL105');
      expect(e.message).toContain('from 1 to 1,048,576');
      expect(e.column).toBe(40);
    }
  });
});

describe('runtime errors carry the query position', () => {
  it('an invalid regular expression read from a column fails at the call', () => {
    const e = errorOf('print p = "(" | extend m = extract(p, 0, "abc")');
    expect(e.code).toBe('KQL108');
    expect([e.line, e.column]).toEqual([1, 28]);
  });
  it('a string grown too long from a column fails at the outermost call, on its line', () => {
    const e = errorOf('range x from 1 to 2 step 1\n| extend s = strrep(strrep(strrep(tostring(x), 1024), 1024), 1024)');
    expect(e.code).toBe('KQL206');
    expect([e.line, e.column]).toEqual([2, 14]);
  });
});
