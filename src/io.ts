// Reading input files with kqlite's own errors: a missing file, a directory, an unreadable file or
// invalid UTF-8 is a KqlError naming the file (never a Node stack trace).

import { readFileSync, statSync } from 'node:fs';
import { KqlError } from './diagnostics.js';

function fileError(code: string, message: string, file: string, line?: number, column?: number): KqlError {
  return new KqlError({ code, kind: 'usage', message, file, line, column });
}

/** The bytes of a file, or a KQL50x error saying why they cannot be read. */
export function readFileBytes(file: string): Buffer {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw fileError('KQL502', `file not found: ${file}`, file);
  }
  if (st.isDirectory()) throw fileError('KQL503', `expected a file but found a directory: ${file}`, file);
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fileError('KQL504', `cannot read ${file}${code === 'EACCES' ? ': permission denied' : code ? `: ${code}` : ''}`, file);
  }
}

/** A UTF-8 text file (a leading BOM removed); invalid UTF-8 is an error at its line and column. */
export function readTextFile(file: string): string {
  const bytes = readFileBytes(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw fileError('KQL505', `invalid UTF-8 at byte ${at}`, file, line, column);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}
