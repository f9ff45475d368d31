// Reports: XML escaping for JUnit, and the text report's layout.
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { formatJunit, formatText, xmlEscape } from '../../../src/harness/reporters.js';
import type { RunSummary } from '../../../src/harness/runner.js';

const summary: RunSummary = {
  durationMs: 12.5,
  counts: { total: 3, passed: 1, failed: 1, errors: 1, skipped: 0 },
  specs: [
    {
      file: '/x/a.kqltest.yaml',
      display: 'rules/a.kqltest.yaml',
      rule: 'rules/a.yaml',
      durationMs: 10,
      cases: [
        { name: 'ok', line: 5, kind: 'case', status: 'pass', durationMs: 1.25, failures: [] },
        {
          name: 'fires on <script> & "quotes"',
          line: 9,
          kind: 'case',
          status: 'fail',
          durationMs: 2,
          failures: [{ message: 'expected the rule to fire (line 12), but it returned no rows', details: ['bell \u0007 here'] }],
          stages: [
            { label: 'T', op: 'scan', rows: 3 },
            { label: 'where x', op: 'where', rows: 0 },
          ],
        },
      ],
    },
    {
      file: '/x/b.kqltest.yaml',
      display: 'rules/b.kqltest.yaml',
      durationMs: 1,
      cases: [],
      error: new KqlError({ code: 'KQL411', kind: 'usage', message: 'unknown key', file: 'rules/b.kqltest.yaml', line: 3, column: 1 }),
    },
  ],
};

describe('reporters', () => {
  it('escapes XML and drops characters XML cannot hold', () => {
    expect(xmlEscape(`a<b>&"c"'\u0007\u0000\uD800`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;');
  });

  it('writes a JUnit failure with the stage counts and an error for an invalid spec', () => {
    const xml = formatJunit(summary);
    expect(xml).toContain('<testsuites name="kqlite test" tests="3" failures="1" errors="1" skipped="0" time="0.013">');
    expect(xml).toContain('<testcase name="fires on &lt;script&gt; &amp; &quot;quotes&quot;" classname="rules.a" file="rules/a.kqltest.yaml" line="9" time="0.002">');
    expect(xml).toContain('rows after each stage: T: 3 → where x: 0');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('<error message="unknown key" type="KQL411">rules/b.kqltest.yaml:3:1: error KQL411: unknown key</error>');
  });

  it('prints PASS/FAIL per case with timings and a summary', () => {
    const text = formatText(summary);
    expect(text.split('\n').slice(0, 6)).toEqual([
      'rules/a.kqltest.yaml  (rule: rules/a.yaml)',
      '  PASS   ok (1.3 ms)',
      '  FAIL   fires on <script> & "quotes" (2.0 ms)',
      '         expected the rule to fire (line 12), but it returned no rows',
      '           bell \u0007 here',
      '         rows after each stage: T: 3 → where x: 0',
    ]);
    expect(text).toContain('  ERROR  the spec cannot run:');
    expect(text.endsWith('FAILED: 1 passed, 1 failed, 1 error — 2 cases in 2 spec files; 1 spec file cannot run, 0.01 s')).toBe(true);
  });
});
