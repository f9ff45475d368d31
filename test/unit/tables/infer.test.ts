// Type inference for tables without a schema, and long columns fed numbers that do not fit. Each expected
// type and value below is worked out by hand from the rules in src/tables/README.md ("Inference"):
// 2^53 = 9007199254740992 is the largest integer every smaller one of which a double holds exactly, so
// 9007199254740993 (2^53 + 1) is the first integer a real would round; 2^63 - 1 = 9223372036854775807 is
// the largest long.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { loadSources, loadTable, type LoadOptions } from '../../../src/tables/load.js';
import type { ColumnInfo, Table } from '../../../src/tables/table.js';

const dir = mkdtempSync(join(tmpdir(), 'kqlite-infer-'));

/** Load `text` both from memory and from a file, check both agree, and return the file's load. */
function both(name: string, text: string, opts: Partial<LoadOptions> = {}) {
  const format = name.endsWith('.csv') ? 'csv' : 'json';
  const mem = loadSources([{ file: name, data: text, format }], { name: 'T', ...opts });
  const path = join(dir, name);
  writeFileSync(path, text);
  const disk = loadTable([path], { name: 'T', ...opts });
  expect(disk.table.schema).toEqual(mem.table.schema);
  expect(disk.table.rows()).toEqual(mem.table.rows());
  return disk;
}

const types = (schema: readonly ColumnInfo[]) => Object.fromEntries(schema.map((c) => [c.name, c.type]));
const col = (t: Table, name: string) => t.rows().map((r) => r[t.schema.findIndex((c) => c.name === name)]);

function errorOf(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected a KqlError');
}

describe('inference from CSV text', () => {
  const text =
    'code,num,mix,big,bigmix,safe,sci,plus,zeroone,lead0real\n' +
    '007,1,1,9223372036854775807,9007199254740993,9007199254740992,1e3,+5,0,00.5\n' +
    '12,2,2.5,-9223372036854775808,0.5,0.5,2,6,1,1.5\n';

  it('gives each column the type of its values', () => {
    const { table } = both('cells.csv', text);
    expect(types(table.schema)).toEqual({
      code: 'string', // "007" would lose its zeros as a long
      num: 'long',
      mix: 'real', // integers with decimals
      big: 'long', // both ends of the 64-bit range
      bigmix: 'string', // a real would round 9007199254740993 to 9007199254740992
      safe: 'real', // 2^53 is exact as a double
      sci: 'real', // 1e3 is a real literal
      plus: 'string', // "+5" is not how Kusto writes a number
      zeroone: 'long', // 0/1 are not bools
      lead0real: 'string', // "00.5" would lose its zero
    });
  });

  it('keeps every value exactly as written or as its exact number', () => {
    const { table } = both('cells.csv', text);
    expect(col(table, 'code')).toEqual(['007', '12']);
    expect(col(table, 'num')).toEqual([1n, 2n]);
    expect(col(table, 'mix')).toEqual([1, 2.5]);
    expect(col(table, 'big')).toEqual([9223372036854775807n, -9223372036854775808n]);
    expect(col(table, 'bigmix')).toEqual(['9007199254740993', '0.5']);
    expect(col(table, 'safe')).toEqual([9007199254740992, 0.5]);
    expect(col(table, 'sci')).toEqual([1000, 2]);
    expect(col(table, 'plus')).toEqual(['+5', '6']);
    expect(col(table, 'zeroone')).toEqual([0n, 1n]);
    expect(col(table, 'lead0real')).toEqual(['00.5', '1.5']);
  });

  it('warns (KQL323) when a column of numbers is kept as text so as not to round one', () => {
    const { summary } = both('cells.csv', text);
    const w = summary.warnings.filter((x) => x.code === 'KQL323');
    expect(w).toHaveLength(1);
    expect(w[0]!.severity).toBe('warning');
    expect(w[0]!.message).toContain("column 'bigmix'");
    expect(w[0]!.message).toContain('9007199254740993');
    expect(w[0]!.message).toMatch(/so it is string, not real/);
  });

  it('keeps a long column of large integers long, whatever else is in it', () => {
    // Only integers: long, exact. With an empty cell too: still long (the empty cell is null).
    const { table } = both('longs.csv', 'id\n9007199254740993\n\n-9007199254740993\n3\n');
    expect(types(table.schema)).toEqual({ id: 'long' });
    expect(col(table, 'id')).toEqual([9007199254740993n, -9007199254740993n, 3n]);
  });

  it('makes mixed columns strings: codes with numbers, dates with text, bools with numbers', () => {
    const { table } = both('mixed.csv', 'a,b,c\n0042,2024-06-30,true\n42,n/a,1\n');
    expect(types(table.schema)).toEqual({ a: 'string', b: 'string', c: 'string' });
    expect(table.rows()).toEqual([['0042', '2024-06-30', 'true'], ['42', 'n/a', '1']]);
  });
});

describe('inference from JSON values', () => {
  const text =
    '{"a":1e3,"b":9007199254740993,"c":18446744073709551616,"d":1,"e":9007199254740993}\n' +
    '{"a":2,"b":2,"c":1,"d":0.5,"e":0.5}\n';

  it('types numbers by how they are written', () => {
    const { table, summary } = both('nums.jsonl', text);
    expect(types(table.schema)).toEqual({
      a: 'real', // 1e3 has an exponent: a real literal
      b: 'long', // integers only, exact past 2^53
      c: 'real', // 2^64 is past 64 bits: a real, as Kusto holds it
      d: 'real',
      e: 'dynamic', // a real would round 9007199254740993: values kept as read
    });
    expect(col(table, 'a')).toEqual([1000, 2]);
    expect(col(table, 'b')).toEqual([9007199254740993n, 2n]);
    expect(col(table, 'c')).toEqual([18446744073709551616, 1]);
    expect(col(table, 'd')).toEqual([1, 0.5]);
    expect(col(table, 'e')).toEqual([9007199254740993n, 0.5]);
    expect(summary.warnings.map((w) => [w.code, /column 'e'/.test(w.message)])).toEqual([['KQL323', true]]);
  });
});

describe('JSON numbers in a long column', () => {
  const schema: ColumnInfo[] = [{ name: 'n', type: 'long' }];

  it('reads the whole 64-bit range exactly, and integral floats', () => {
    const { table } = both('ok.jsonl', '{"n":9223372036854775807}\n{"n":-9223372036854775808}\n{"n":2049.0}\n{"n":-0}\n', { schema });
    expect(col(table, 'n')).toEqual([9223372036854775807n, -9223372036854775808n, 2049n, 0n]);
  });

  it.each([
    // [value as written, column of the value on line 2, reason]
    ['9223372036854775808', /out of the 64-bit \(long\) range \(-9223372036854775808 to 9223372036854775807\)/], // 2^63
    ['18446744073709551616', /out of the 64-bit \(long\) range/], // 2^64
    ['-9223372036854775809', /out of the 64-bit \(long\) range/], // -2^63 - 1
    ['123456789012345678901234567890', /out of the 64-bit \(long\) range/],
    ['1e3', /has an exponent/],
    ['1.5', /fractional part/],
  ])('rejects %s at file:line:column with KQL302, never rounding it', (value, why) => {
    const jsonl = `{"n":1}\n{"n": ${value}}\n`;
    for (const [name, data] of [['bad.jsonl', jsonl], ['bad.json', `[{"n":1},\n{"n": ${value}}]`]] as const) {
      const path = join(dir, name);
      writeFileSync(path, data);
      const e = errorOf(() => loadTable([path], { name: 'T', schema }));
      expect([e.code, e.file, e.line, e.column]).toEqual(['KQL302', path, 2, 7]);
      expect(e.message).toContain(`column 'n' (field 1): "${value}" is not a valid long`);
      expect(e.message).toMatch(why);
    }
  });

  it('with maxErrors, rejects only that row and says why', () => {
    const { table, summary } = both('some.jsonl', '{"n":1}\n{"n":18446744073709551616}\n{"n":3}\n', { schema, maxErrors: 1 });
    expect(col(table, 'n')).toEqual([1n, 3n]);
    expect([summary.read, summary.loaded, summary.rejected]).toEqual([3, 2, 1]);
    expect(summary.errors.map((e) => [e.code, e.line, e.column])).toEqual([['KQL302', 2, 6]]);
  });
});
