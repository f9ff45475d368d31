// Bad command-line input: every error names the place, has a stable code and exits 2, never a stack trace.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'kqlite-cli-'));
const rule = join(dir, 'rule.yaml');
writeFileSync(rule, 'query: |\n  T\n  | where x > 1\n  | wher y\n');
const data = join(dir, 'T.csv');
writeFileSync(data, 'x,y\n1,true\n2,false\n');

describe('CLI errors', () => {
  it('rejects an unknown option with a suggestion', () => {
    const r = cli(['run', rule, '--tabel', `T=${data}`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error KQL501: unknown option '--tabel' \(did you mean '--table'\?\)/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  it('rejects an unknown command', () => {
    const r = cli(['runn']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('KQL501');
  });
  it('names a missing rule file', () => {
    const r = cli(['run', join(dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error KQL502: file not found: ${join(dir, 'nope.yaml')}`);
  });
  it('names a directory given where a file is expected', () => {
    const r = cli(['run', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('KQL503');
  });
  it('names a missing data file', () => {
    const r = cli(['run', '-q', 'T | count', '--table', `T=${join(dir, 'missing.csv')}`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing\.csv/);
  });
  it('rejects a malformed --table value', () => {
    const r = cli(['run', '-q', 'T | count', '--table', 'T']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("needs NAME=PATH");
  });
  it('rejects an invalid --now', () => {
    const r = cli(['run', '-q', 'print 1', '--now', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('KQL506');
  });
  it('reports a syntax error in a rule file at its file line and column with a caret', () => {
    const r = cli(['run', rule, '--table', `T=${data}`]);
    expect(r.code).toBe(2);
    // `wher` is on line 4 of the file, column 5 (two spaces of YAML indentation, then "| ").
    expect(r.err).toMatch(new RegExp(`^${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:5: error KQL002: `, 'm'));
    expect(r.err).toContain('| wher y');
    expect(r.err).toMatch(/\n\s+\|\s+\^{4}/);
  });
  it('reports an unknown column with a suggestion at its position', () => {
    const r = cli(['run', '-q', 'T | where xx > 1', '--table', `T=${data}`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^<query>:1:11: error KQL101: unknown name 'xx'.*did you mean 'x'\?/m);
  });
  it('reports an unknown table with a suggestion', () => {
    const r = cli(['run', '-q', 'DeviceProcesEvents | count']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/KQL102: unknown table 'DeviceProcesEvents' \(did you mean 'DeviceProcessEvents'\?\)/);
  });
  it('reports rule YAML problems', () => {
    const notYaml = join(dir, 'bad.yaml');
    writeFileSync(notYaml, 'query: [unclosed\n');
    expect(cli(['run', notYaml]).err).toContain('KQL401');
    const noQuery = join(dir, 'noquery.yaml');
    writeFileSync(noQuery, 'name: x\n');
    expect(cli(['run', noQuery]).err).toContain('KQL402');
    const notString = join(dir, 'num.yaml');
    writeFileSync(notString, 'query: 5\n');
    const r = cli(['run', notString]);
    expect(r.err).toContain('KQL403');
    expect(r.code).toBe(2);
  });
  it('names an unreadable file', () => {
    if (process.getuid?.() === 0) return; // root reads files regardless of their mode
    const locked = join(dir, 'locked.yaml');
    writeFileSync(locked, 'query: T\n');
    chmodSync(locked, 0);
    const r = cli(['run', locked]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('KQL504');
  });
});
