// The spec loader: shape checks with YAML line and column, `now` from spec, case or project config.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { loadSpec } from '../../../src/harness/spec.js';
import { parseDateTime } from '../../../src/tables/datetime.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'kqlite-spec-'));
}

function specError(text: string, at = dir()): KqlError {
  const file = join(at, 'x.kqltest.yaml');
  writeFileSync(file, text);
  try {
    loadSpec(file);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected the spec to be rejected');
}

const OK = `rule: r.kql
now: 2024-06-30T12:00:00Z
tables:
  DeviceProcessEvents:
    - { FileName: a.exe }
cases:
  - name: one
    expect: { fires: true }
`;

describe('loadSpec', () => {
  it('reads a spec: rule path resolved, now, tables, cases', () => {
    const d = dir();
    writeFileSync(join(d, 's.kqltest.yaml'), OK);
    const s = loadSpec(join(d, 's.kqltest.yaml'));
    expect(s.rule!.path).toBe(join(d, 'r.kql'));
    expect(s.now!.ticks).toBe(parseDateTime('2024-06-30T12:00:00Z'));
    expect([...s.tables.keys()]).toEqual(['DeviceProcessEvents']);
    expect(s.tables.get('DeviceProcessEvents')!.rows[0]!.pos.line).toBe(5);
    expect(s.cases[0]!.expect.fires!.value).toBe(true);
    expect(s.metadataChecks).toBe(true);
  });

  it('keeps where an inline query sits, for error positions', () => {
    const d = dir();
    writeFileSync(join(d, 's.kqltest.yaml'), `now: 2024-06-30T12:00:00Z\nquery: |\n  T\n  | where x > 1\ncases:\n  - { name: a, expect: { fires: false } }\n`);
    const s = loadSpec(join(d, 's.kqltest.yaml'));
    expect(s.query!.text).toBe('T\n| where x > 1\n');
    expect(s.query!.source.lineOffset).toBe(2);
    expect(s.query!.source.columnOffset).toBe(2);
  });

  it('names the line and suggests the key for an unknown key', () => {
    const e = specError(OK.replace('expect: { fires: true }', 'expcet: { fires: true }'));
    expect(e.code).toBe('KQL411');
    expect(e.line).toBe(8);
    expect(e.message).toContain("did you mean 'expect'");
  });

  it('requires now unless the case or the project config sets it', () => {
    const noNow = OK.replace('now: 2024-06-30T12:00:00Z\n', '');
    const e = specError(noNow);
    expect(e.code).toBe('KQL412');
    expect(e.message).toContain('kqltest.config.yaml');
    const d = dir();
    writeFileSync(join(d, 'kqltest.config.yaml'), 'now: 2024-01-02T03:04:05Z\n');
    const sub = join(d, 'rules');
    mkdirSync(sub);
    writeFileSync(join(sub, 's.kqltest.yaml'), noNow);
    expect(loadSpec(join(sub, 's.kqltest.yaml')).now!.text).toBe('2024-01-02T03:04:05Z');
  });

  it('rejects a now that is not a datetime, at its position', () => {
    const e = specError(OK.replace('2024-06-30T12:00:00Z', 'yesterday'));
    expect([e.code, e.line, e.column]).toEqual(['KQL412', 2, 6]);
  });

  it('rejects rule and query together, and neither', () => {
    expect(specError(OK.replace('rule: r.kql', 'rule: r.kql\nquery: T')).message).toContain('not both');
    expect(specError(OK.replace('rule: r.kql\n', '')).message).toContain('names no rule');
  });

  it('rejects an expectation that checks nothing, and contradictions', () => {
    expect(specError(OK.replace('{ fires: true }', '{ ordered: true }')).message).toMatch(/says nothing to check|apply to `expect.rows`/);
    expect(specError(OK.replace('{ fires: true }', '{ fires: true, rowCount: 0 }')).message).toContain('contradicts');
    expect(specError(OK.replace('{ fires: true }', '{ fires: true, error: KQL114 }')).message).toContain('cannot be combined');
  });

  it('rejects duplicate case names, naming the other line', () => {
    const e = specError(OK + '  - name: one\n    expect: { fires: false }\n');
    expect(e.message).toContain('line 7');
    expect(e.line).toBe(9);
  });

  it('explains a table written as a single row mapping', () => {
    const e = specError(OK.replace('    - { FileName: a.exe }', '    FileName: a.exe'));
    expect(e.code).toBe('KQL411');
    expect(e.message).toContain("unknown key 'FileName' in table 'DeviceProcessEvents'");
    expect(e.line).toBe(5);
  });

  it('reports YAML syntax errors with their position', () => {
    const e = specError('cases: [\n  - a\n');
    expect(e.code).toBe('KQL410');
    expect(e.line).toBeGreaterThan(0);
  });

  it('reads expected errors in their three forms', () => {
    const d = dir();
    const text = OK.replace('expect: { fires: true }', 'expect: { error: KQL114 }') +
      '  - { name: b, expect: { error: "unknown table" } }\n  - { name: c, expect: { error: { code: kql101, message: x } } }\n';
    writeFileSync(join(d, 's.kqltest.yaml'), text);
    const s = loadSpec(join(d, 's.kqltest.yaml'));
    expect(s.cases.map((c) => [c.expect.error!.code, c.expect.error!.message])).toEqual([
      ['KQL114', undefined],
      [undefined, 'unknown table'],
      ['KQL101', 'x'],
    ]);
  });
});
