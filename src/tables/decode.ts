// Bytes of a data file to text: strict UTF-8 (no NUL bytes), with the line and column of the first bad byte,
// decoded whole or as a sequence of chunks so large files never need one giant string.

import { isUtf8 } from 'node:buffer';
import { encodingError } from './errors.js';

/** Line and column (1-based, column in UTF-16 code units as in the decoded text) of byte offset `off`. */
export function bytePosition(bytes: Uint8Array, off: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < off; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // The decoder drops a leading BOM, so it is not counted as a column.
  return { line, column: new TextDecoder('utf-8').decode(bytes.subarray(lineStart, off)).length + 1 };
}

/** Offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function findInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  for (let i = 0; i < n; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function checkNul(bytes: Uint8Array, file: string | undefined): void {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw encodingError('NUL byte in the file (is it UTF-16 or binary? save it as UTF-8)', { file, ...bytePosition(bytes, nul) });
}

function invalid(bytes: Uint8Array, file: string | undefined): never {
  const bad = findInvalidUtf8(bytes);
  const at = bad < 0 ? bytes.length : bad;
  const hex = bad < 0 ? 'truncated sequence at the end' : `byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}`;
  throw encodingError(`invalid UTF-8 (${hex}); save the file as UTF-8`, { file, ...bytePosition(bytes, at) });
}

/** Throw KQL305 unless the bytes are UTF-8 text without NUL bytes. */
function validate(bytes: Uint8Array, file: string | undefined): void {
  checkNul(bytes, file);
  if (!isUtf8(bytes)) invalid(bytes, file);
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Decode a whole file as UTF-8 text (a leading BOM is dropped).
 * @throws KqlError KQL305 at the first NUL byte or invalid UTF-8 sequence
 */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  validate(bytes, file);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', hasBom(bytes) ? 3 : 0);
}

/**
 * Decode a file as UTF-8 in chunks of about `chunkBytes`, handing each piece of text to `onText` (a BOM at
 * the start is dropped), so a large file never becomes one string. Same errors as {@link decodeUtf8}.
 */
export function decodeUtf8Chunks(bytes: Uint8Array, onText: (text: string) => void, file?: string, chunkBytes = 4 << 20): void {
  validate(bytes, file);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let off = hasBom(bytes) ? 3 : 0; off < buf.length; ) {
    let end = Math.min(buf.length, off + chunkBytes);
    // Never split a multi-byte sequence: back up over continuation bytes (10xxxxxx), or, when the chunk is
    // smaller than one character, go forward to its end.
    while (end < buf.length && end > off && (buf[end]! & 0xc0) === 0x80) end--;
    if (end === off) for (end = off + 1; end < buf.length && (buf[end]! & 0xc0) === 0x80; ) end++;
    onText(buf.toString('utf8', off, end));
    off = end;
  }
}
