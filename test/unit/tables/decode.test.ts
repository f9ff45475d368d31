// Strict UTF-8 decoding: whole and chunked, BOM handling, and positions of NUL bytes and invalid sequences.

import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { bytePosition, decodeUtf8, decodeUtf8Chunks, findInvalidUtf8 } from '../../../src/tables/decode.js';

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

function errorOf(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected a KqlError');
}

describe('decodeUtf8', () => {
  it('decodes and drops a BOM', () => {
    expect(decodeUtf8(Buffer.concat([bom, Buffer.from('a,ä\n')]))).toBe('a,ä\n');
  });

  it('reports a NUL byte and invalid sequences at their line and column', () => {
    const nul = errorOf(() => decodeUtf8(Buffer.from('ab\ncd\u0000'), 'f'));
    expect([nul.code, nul.file, nul.line, nul.column]).toEqual(['KQL305', 'f', 2, 3]);
    const bad = errorOf(() => decodeUtf8(Buffer.concat([bom, Buffer.from('€x'), Buffer.from([0xc3, 0x28])])));
    expect([bad.code, bad.line, bad.column]).toEqual(['KQL305', 1, 3]);
    expect(bad.message).toMatch(/0xc3/);
  });

  it('finds overlong, surrogate and truncated sequences', () => {
    expect(findInvalidUtf8(Buffer.from('héllo'))).toBe(-1);
    expect(findInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(findInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // UTF-16 surrogate
    expect(findInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // truncated €
    expect(findInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
  });

  it('gives positions in UTF-16 code units', () => {
    expect(bytePosition(Buffer.from('😀ab'), 5)).toEqual({ line: 1, column: 4 });
  });
});

describe('decodeUtf8Chunks', () => {
  it('never splits a character across chunks and drops the BOM', () => {
    const text = 'a,ä,😀\n€,"x\ny",ß\n'.repeat(20);
    const bytes = Buffer.concat([bom, Buffer.from(text)]);
    for (const size of [1, 2, 3, 5, 64]) {
      const parts: string[] = [];
      decodeUtf8Chunks(bytes, (t) => parts.push(t), 'f.csv', size);
      expect(parts.join('')).toBe(text);
    }
  });
});
