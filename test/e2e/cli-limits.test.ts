// The command line's limits: --max-memory and --timeout stop a query with a stable code, its position
// and a caret, exit 2, never a stack trace; a runtime error names its place the same way; unknown CSV
// header columns are KQL307 unless --allow-extra-columns keeps them.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

function cli(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at /);
const dir = mkdtempSync(join(tmpdir(), 'kqlite-limits-'));

describe('--max-memory', () => {
  it('stops a query past the budget with KQL206 at the operator, with a caret', () => {
    const r = cli(['run', '--quiet', '--max-memory', '1', '-q', 'range x from 1 to 1000000 step 1 | count']);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n');
    expect(lines[0]).toMatch(/^<query>:1:1: error KQL206: range would produce 1,000,000 rows of 1 column: .*memory budget of 1 MB/);
    expect(lines[1]).toBe(' 1 | range x from 1 to 1000000 step 1 | count');
    expect(lines[2]).toBe('   | ' + '^'.repeat('range x from 1 to 1000000 step 1'.length));
    noStack(r.err);
  });
  it('runs the same query under a larger budget', () => {
    const r = cli(['run', '--quiet', '--max-memory', '64', '--format', 'csv', '-q', 'range x from 1 to 1000000 step 1 | count']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Count\r\n1000000');
  });
  it('stops a cross join explosion in a rule pack and goes on with the next query', () => {
    const join = 'range x from 1 to 2000 step 1 | extend k = 1 | join kind=inner (range y from 1 to 2000 step 1 | extend k = 1) on k | count';
    const r = cli(['run', '--quiet', '--max-memory', '8', '--format', 'jsonl', '-q', join, '-q', 'print n = 1']);
    expect(r.code).toBe(2);
    const [first, second] = r.out.split('\n').map((l) => JSON.parse(l));
    expect(first.error.code).toBe('KQL206');
    expect([first.error.line, first.error.column]).toEqual([1, 48]);
    expect(second.rows).toEqual([[1]]);
  });
  it('rejects a budget that is not a positive number of megabytes', () => {
    for (const bad of ['0', '-5', 'lots', '']) {
      const r = cli(['run', '--max-memory', bad, '-q', 'print 1']);
      expect(r.code).toBe(2);
      expect(r.err).toContain("error KQL501: option '--max-memory' needs a positive number of megabytes");
    }
  });
});

describe('kqlite test --max-memory', () => {
  const specs = join(dir, 'specs');
  mkdirSync(specs);
  writeFileSync(join(specs, 'big.kql'), 'range x from 1 to 1000000 step 1\n| count\n');
  writeFileSync(join(specs, 'big.kqltest.yaml'), 'rule: big.kql\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: counts\n    expect: { rowCount: 1 }\n');
  it('reports a case whose query is past the budget as an error at the rule file position, exit 2', () => {
    const r = cli(['test', specs, '--max-memory', '1']);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${join(specs, 'big.kql')}:1:1: error KQL206: range would produce 1,000,000 rows of 1 column`);
    expect(r.out).toContain('^'.repeat('range x from 1 to 1000000 step 1'.length));
  });
  it('passes the case under a larger budget', () => {
    expect(cli(['test', specs, '--max-memory', '64']).code).toBe(0);
  });
});

describe('--timeout', () => {
  it('stops a long join with KQL203, exit 2', () => {
    const q = 'range x from 1 to 5000 step 1 | extend k = 1 | join kind=inner (range y from 1 to 5000 step 1 | extend k = 1) on k | count';
    const t0 = performance.now();
    const r = cli(['run', '--quiet', '--timeout', '0.01', '-q', q]);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^<query>:1:\d+: error KQL203: the query ran past its time limit of 0\.01 s \(--timeout\)/);
    expect(r.err.split('\n')[2]).toMatch(/^ {3}\| +\^+$/);
    noStack(r.err);
  });
  it('stops a long mv-expand', () => {
    const r = cli(['run', '--quiet', '--timeout', '0.01', '-q', 'range i from 1 to 2000 step 1 | extend a = range(1, 50000) | mv-expand a | count']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error KQL203');
  });
});

describe('runtime errors', () => {
  it('a regular expression read from a column that does not compile is KQL108 at the call, with a caret', () => {
    const r = cli(['run', '-q', 'print p = "(" | extend m = extract(p, 0, "abc")']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([
      expect.stringMatching(/^<query>:1:28: error KQL108: invalid regular expression "\(": /),
      ' 1 | print p = "(" | extend m = extract(p, 0, "abc")',
      '   |                            ' + '^'.repeat('extract(p, 0, "abc")'.length),
    ]);
  });
  it('a rule file reports a runtime error at the file line of the failing call', () => {
    const rule = join(dir, 'grow.yaml');
    writeFileSync(rule, 'name: grow\nquery: |\n  range x from 1 to 2 step 1\n  | extend s = strrep(strrep(strrep(tostring(x), 1024), 1024), 1024)\n');
    const r = cli(['run', rule]);
    expect(r.code).toBe(2);
    // The query starts on line 3 of the file; the failing call is on its second line, column 14 + 2 spaces of indentation.
    expect(r.err).toMatch(new RegExp(`^${rule.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:16: error KQL206: `));
    noStack(r.err);
  });
});

describe('--allow-extra-columns', () => {
  const csv = join(dir, 'syslog.csv');
  // Syslog has a bundled schema with Computer and SyslogMessage but no column named Shoe.
  writeFileSync(csv, 'Computer,SyslogMessage,Shoe\nhost1,hello,left\nhost2,bye,right\n');
  it('without it, a header column the schema lacks is KQL307 naming the file position, the column and the option', () => {
    const r = cli(['run', '-q', 'Syslog | count', '--table', `Syslog=${csv}`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${csv}:1:24: error KQL307: column 'Shoe' is not in the schema of table 'Syslog'`);
    expect(r.err).toContain('--allow-extra-columns');
  });
  it('with it, the column is kept after the schema columns and every row loads', () => {
    const r = cli(['run', '--format', 'csv', '-q', 'Syslog | project Computer, Shoe', '--table', `Syslog=${csv}`, '--allow-extra-columns']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('loaded Syslog: 2 rows read, 2 loaded, 0 rejected');
    expect(r.out).toBe('Computer,Shoe\r\nhost1,left\r\nhost2,right');
  });
  it('is documented in the README and in kqlite run --help', () => {
    const r = cli(['run', '--help']);
    expect(r.out).toContain('--allow-extra-columns');
    expect(r.out).toContain('--max-memory MB');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('| `--allow-extra-columns` |');
    expect(readme).toContain('| `--max-memory MB` |');
  });
});
