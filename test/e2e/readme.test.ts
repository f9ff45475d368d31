// The README's "Write your first test" walkthrough, run as written: its shell blocks go to bash in a fresh
// folder (with `npx kqlite` running this checkout's CLI), and each command's output is compared with the
// output block shown after it. Timings are left out of the comparison; a line `...` in the README stands
// for any lines, and a line ending in `...` for any line starting with the text before it.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const repo = resolve('.');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Write your first test'), readme.indexOf('\n## ', readme.indexOf('### Write your first test')));

/** The section's code blocks in order: shell commands (```sh) and the output shown after them (```). */
const blocks = [...section.matchAll(/```(sh)?\n([\s\S]*?)```/g)].map((m) => ({ sh: m[1] === 'sh', text: m[2]! }));

/** Lines of output with timings removed. */
function normalize(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => l.replace(/ \(\d+(\.\d+)? ms\)/g, '').replace(/, \d+\.\d+ s$/, ''));
}

/** Whether the actual lines match the README's lines (with `...` wildcards). */
function matches(shown: string[], actual: string[]): boolean {
  const go = (i: number, j: number): boolean => {
    if (i === shown.length) return j === actual.length;
    const want = shown[i]!;
    if (want.trim() === '...') {
      for (let k = j; k <= actual.length; k++) if (go(i + 1, k)) return true;
      return false;
    }
    if (j === actual.length) return false;
    const ok = want.endsWith('...') ? actual[j]!.startsWith(want.slice(0, -3)) : actual[j] === want;
    return ok && go(i + 1, j + 1);
  };
  return go(0, 0);
}

describe('README: write your first test', () => {
  it('works as written, with the outputs shown', { timeout: 300_000 }, () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kqlite-readme-'));
    const bin = mkdtempSync(join(tmpdir(), 'kqlite-readme-bin-'));
    // `npx kqlite ...` runs this checkout's CLI from its sources.
    writeFileSync(
      join(bin, 'npx'),
      `#!/bin/sh\n[ "$1" = kqlite ] || exit 127\nshift\nexec "${join(repo, 'node_modules/.bin/tsx')}" "${join(repo, 'src/cli/bin.ts')}" "$@"\n`,
    );
    chmodSync(join(bin, 'npx'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TZ: 'UTC', NO_COLOR: '1' };
    // The exit status of each shell block, as the README states it: steps 4 (below --min-coverage) and 6
    // (a failing case) exit 1.
    const statuses = [0, 0, 0, 1, 0, 1];
    expect(blocks.filter((x) => x.sh)).toHaveLength(statuses.length);
    let step = 0;
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!;
      if (!block.sh) continue;
      const r = spawnSync('bash', ['-c', block.text], { cwd, env, encoding: 'utf8' });
      const next = blocks[b + 1];
      const lastCommand = block.text.trimEnd().split('\n').at(-1)!;
      if (next && !next.sh) {
        const ok = matches(normalize(next.text), normalize(r.stdout));
        expect(ok ? '' : `command ${lastCommand}\nprinted:\n${r.stdout}\n${r.stderr}\nREADME shows:\n${next.text}`).toBe('');
      }
      expect([lastCommand, r.status, r.stderr]).toEqual([lastCommand, statuses[step++], '']);
    }
  });
});
