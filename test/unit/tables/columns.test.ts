// Column storage added for lean loading: constant columns, dictionaries kept as UTF-8 bytes (StringPool,
// ByteDict, DictMerger), narrow dictionary codes, and the progress bar renderer.

import { describe, expect, it } from 'vitest';
import { ConstantColumn, LongColumn, StringColumn, TicksColumn } from '../../../src/tables/column.js';
import { loadSources } from '../../../src/tables/load.js';
import { formatBytes, progressBar, renderProgress } from '../../../src/tables/progress.js';
import { SchemaCatalog } from '../../../src/tables/schema.js';
import { ByteDict, DictMerger, type DictExport, encodeWtf8, hashBytes, StringPool } from '../../../src/tables/string-pool.js';

describe('ConstantColumn', () => {
  it('gets one value for every row and stays constant through take', () => {
    const c = new ConstantColumn('long', 5n, 1_000_000_000);
    expect([c.length, c.get(0), c.get(999_999_999), c.isNull(3)]).toEqual([1_000_000_000, 5n, 5n, false]);
    const t = c.take([3, 1, 4, 1, 5]);
    expect(t).toBeInstanceOf(ConstantColumn);
    expect([t.length, t.get(4), t.type]).toEqual([5, 5n, 'long']);
    const n = new ConstantColumn('datetime', null, 3);
    expect([n.isNull(0), n.get(2)]).toEqual([true, null]);
  });

  it('holds the schema columns a file lacks; the loaded ones are typed arrays', () => {
    const { table } = loadSources([{ file: 'x.csv', data: 'Timestamp,DeviceName,ReportId\n2024-06-30T12:00:00Z,pc1,7\n2024-06-30,pc2,8\n', format: 'csv' }], {
      name: 'DeviceProcessEvents',
      catalog: SchemaCatalog.bundled(),
    });
    const absent = table.columns.filter((c) => c instanceof ConstantColumn);
    expect(absent).toHaveLength(table.schema.length - 3);
    expect(table.column('Timestamp')).toBeInstanceOf(TicksColumn);
    expect(table.column('ReportId')).toBeInstanceOf(LongColumn);
    const name = table.column('DeviceName') as StringColumn;
    expect(name).toBeInstanceOf(StringColumn);
    expect(name.codes).toBeInstanceOf(Uint8Array); // two distinct names: one-byte codes
    expect([table.column('FileName')!.get(1), table.column('FileSize')!.get(0)]).toEqual(['', null]);
    // Taking rows keeps every layout, constant columns included.
    const t = table.take([1, 1, 0]);
    expect(t.column('FileName')).toBeInstanceOf(ConstantColumn);
    expect(t.rows().map((r) => r[table.indexOf('DeviceName')])).toEqual(['pc2', 'pc2', 'pc1']);
  });
});

describe('dictionaries of bytes', () => {
  it('ByteDict interns byte strings exactly and finds them again', () => {
    const d = new ByteDict(16, 2);
    const words = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'ä', '😀', 'a\u0000', 'x'.repeat(300)];
    const codes = words.map((w) => d.add(Buffer.from(w), 0, Buffer.byteLength(w)));
    expect(codes).toEqual(words.map((_, i) => i));
    for (let i = 0; i < 200; i++) d.add(Buffer.from(`k${i}`), 0, `k${i}`.length);
    expect(words.map((w) => d.find(Buffer.from(w), 0, Buffer.byteLength(w)))).toEqual(codes);
    expect(d.find(Buffer.from('nope'), 0, 4)).toBe(-1);
    expect(d.finish().strings().slice(0, words.length)).toEqual(words);
  });

  it('StringPool decodes single entries without decoding the rest, and everything once on demand', () => {
    const d = new ByteDict();
    for (const w of ['α', 'b', 'γγ']) d.addString(w);
    const p = d.finish();
    expect([p.get(2), p.get(0), p.isDecoded]).toEqual(['γγ', 'α', false]);
    expect(p.strings()).toEqual(['α', 'b', 'γγ']);
    expect(p.isDecoded).toBe(true);
    expect(StringPool.of(['x']).get(0)).toBe('x');
  });

  it('keeps strings with lone surrogates distinct and exact', () => {
    const d = new ByteDict();
    const a = d.addString('x\ud800');
    const b = d.addString('x\udc00');
    expect(d.addString('x\ud800')).toBe(a);
    expect(a).not.toBe(b);
    expect(d.finish().strings()).toEqual(['x\ud800', 'x\udc00']);
  });

  it('DictMerger joins ranges without looking values up; the canonical pool finds repeats, also when different strings share a hash', () => {
    // Exports with forced hash values: the canonical form must tell equal hashes apart by their bytes
    // (it hashes the bytes itself), and keep strings in order of first entry.
    const exp = (words: string[], hashes: number[]): DictExport => {
      const bytes = Buffer.concat(words.map((w) => Buffer.from(w)));
      let at = 0;
      const ends = Int32Array.from(words.map((w) => (at += Buffer.byteLength(w))));
      return { bytes, ends, hashes: Int32Array.from(hashes), exotic: [] };
    };
    const m = new DictMerger();
    const b1 = m.add(exp(['a', 'b', 'c'], [1, 7, 7]));
    const b2 = m.add(exp(['c', 'd', 'a', 'e', 'd'], [7, 7, 1, 1, 7]));
    expect([b1, b2]).toEqual([0, 3]);
    const pool = m.finish();
    expect(pool.distinct).toBe(false);
    expect(pool.strings()).toEqual(['a', 'b', 'c', 'c', 'd', 'a', 'e', 'd']);
    const { map, pool: canon } = pool.canonical();
    expect(canon.distinct).toBe(true);
    expect(canon.strings()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...map]).toEqual([0, 1, 2, 2, 3, 0, 4, 3]);
    expect(pool.canonical()).toBe(pool.canonical());
  });

  it('the canonical form of a pool held as bytes, with lone surrogates', () => {
    const m = new DictMerger();
    const d1 = new ByteDict();
    d1.startAppending();
    const d2 = new ByteDict();
    d2.startAppending();
    for (let i = 0; i < 100; i++) (i < 60 ? d1 : d2).add(encodeWtf8(`v${i % 70}`), 0, `v${i % 70}`.length);
    m.add(d1.export());
    const base = m.add(d2.export());
    const odd = m.addStrings(['x\ud800', 'v3', 'x\ud800']);
    const pool = m.finish();
    expect(base).toBe(60);
    expect(pool.size).toBe(103);
    expect(pool.get(75)).toBe('v5');
    const { map, pool: canon } = pool.canonical();
    expect(canon.size).toBe(71);
    expect(map[75]).toBe(5);
    expect(map[odd]).toBe(70);
    expect(canon.get(70)).toBe('x\ud800');
    expect(map[odd + 1]).toBe(3);
    expect(map[odd + 2]).toBe(70);
  });

  it('hashBytes depends on every byte and the length', () => {
    const h = (s: string) => hashBytes(Buffer.from(s), 0, Buffer.byteLength(s));
    expect(new Set(['', 'a', 'b', 'ab', 'ba', 'abcd', 'abce', 'abcde', 'abcdf', '\u0000', '\u0000\u0000']).size).toBe(11);
    expect(new Set(['', 'a', 'b', 'ab', 'ba', 'abcd', 'abce', 'abcde', 'abcdf', '\u0000', '\u0000\u0000'].map(h)).size).toBe(11);
  });
});

describe('progress bar', () => {
  const tty = () => {
    const out: string[] = [];
    return { out, stream: { isTTY: true, columns: 80, write: (s: string) => out.push(s) } };
  };

  it('renders a bar with percent, sizes and time left', () => {
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB');
    expect(formatBytes(320_000_000)).toBe('320 MB');
    const line = renderProgress('T', 250, 1000, 1000, 80);
    expect(line).toMatch(/^T \[#+\.+\]  25%  250 B \/ 1 kB  ~3s left$/);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it('draws only on a TTY, only after the delay, and clears the line when done', () => {
    let t = 0;
    const { out, stream } = tty();
    const bar = progressBar({ stream, label: 'DeviceProcessEvents', delayMs: 2000, now: () => t });
    bar.onProgress(10, 100);
    expect(out).toEqual([]);
    t = 2500;
    bar.onProgress(50, 100);
    t = 2550;
    bar.onProgress(60, 100); // within the redraw interval
    t = 3000;
    bar.onProgress(100, 100);
    bar.done();
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^\rDeviceProcessEvents \[.*\]  50%/);
    expect(out[1]).toMatch(/100%/);
    expect(out[2]).toBe('\r\x1b[K');

    const piped: string[] = [];
    const quiet = progressBar({ stream: { isTTY: false, write: (s: string) => piped.push(s) }, delayMs: 0 });
    quiet.onProgress(1, 2);
    quiet.done();
    expect(piped).toEqual([]);
  });
});
