// Data paths as given to the loader: a file, or a folder standing for every data file directly inside it
// (`.csv`, `.json`, `.jsonl`, `.ndjson`, in name order; other files, hidden files and sub-folders are
// skipped). A missing path, a folder with no data file and an unreadable folder are KQL311.

import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { badFileError } from './errors.js';

const DATA_EXTS = new Set(['.csv', '.json', '.jsonl', '.ndjson']);

/** True when `name` has a data file extension (any letter case). */
export function isDataFileName(name: string): boolean {
  return DATA_EXTS.has(extname(name).toLowerCase());
}

/** The data files a folder holds, in name order (code-unit order, the same on every platform). */
export function dataFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw badFileError(`cannot read data folder${code === 'EACCES' ? ': permission denied' : code ? `: ${code}` : ''}`, { file: dir });
  }
  const files = names
    .filter((n) => !n.startsWith('.') && isDataFileName(n))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((n) => join(dir, n))
    .filter((p) => isFile(p));
  if (!files.length) throw badFileError('the folder holds no data files (.csv, .json, .jsonl or .ndjson)', { file: dir });
  return files;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Each path as itself, or (a folder) as the data files in it. */
export function expandDataPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      throw badFileError('data file not found', { file: p });
    }
    if (dir) out.push(...dataFilesIn(p));
    else out.push(p);
  }
  return out;
}
