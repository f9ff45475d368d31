// Walking folders for rule and spec files: sorted, depth first, skipping hidden entries and node_modules.
// Each folder is entered once (by device and inode), so a symlink loop ends instead of recursing forever;
// entries that cannot be read (permission denied, a dangling link) are skipped.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files under `dir` whose name `accept` takes, in a stable order. */
export function walkFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (folder: string): void => {
    let id: string;
    let names: string[];
    try {
      const st = statSync(folder);
      id = `${st.dev}:${st.ino}`;
      names = readdirSync(folder).sort();
    } catch {
      return;
    }
    if (seen.has(id)) return;
    seen.add(id);
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(folder, name);
      let isDir: boolean;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (isDir) visit(p);
      else if (accept(name)) out.push(p);
    }
  };
  visit(dir);
  return out;
}
