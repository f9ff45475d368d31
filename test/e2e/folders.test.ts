// Folders given to `kqlite test` and `kqlite check` are walked once each: a symlink loop ends, and a
// dangling link is skipped, instead of a hang or an internal error.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'kqlite-folders-'));
mkdirSync(join(dir, 'rules'));
writeFileSync(join(dir, 'rules', 'r.kql'), 'print x = 1\n');
writeFileSync(join(dir, 'rules', 'r.kqltest.yaml'), 'rule: r.kql\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: one row\n    expect: { rowCount: 1 }\n');
// rules/loop -> .. (a cycle back to the top), rules/gone -> a path that does not exist.
symlinkSync('..', join(dir, 'rules', 'loop'));
symlinkSync(join(dir, 'nowhere'), join(dir, 'rules', 'gone'));

describe('walking folders', () => {
  it('kqlite test finds the spec once and ends despite a symlink loop', () => {
    const r = cli(['test', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.match(/PASS/g)).toHaveLength(1);
  });
  it('kqlite check checks the rule once and ends despite a symlink loop', () => {
    const r = cli(['check', dir, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    const files = r.out.split('\n').map((l) => JSON.parse(l).file);
    expect(files).toEqual([join(dir, 'rules', 'r.kql')]);
  });
});
