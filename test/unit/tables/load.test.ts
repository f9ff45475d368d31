// The table loader on small in-memory and temporary files: schema choice, inference, column mapping,
// value errors with file:line:column, maxErrors accounting, encodings, unions and formats.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { type DataSource, type LoadOptions, loadSources, loadTable } from '../../../src/tables/load.js';
import { SchemaCatalog } from '../../../src/tables/schema.js';
import type { ColumnInfo } from '../../../src/tables/table.js';

const csv = (text: string, file = 't.csv'): DataSource => ({ file, data: text, format: 'csv' });
const json = (text: string, file = 't.jsonl'): DataSource => ({ file, data: text, format: 'json' });
const load = (src: DataSource | DataSource[], opts: Partial<LoadOptions> = {}) =>
  loadSources(Array.isArray(src) ? src : [src], { name: 'T', ...opts });

function errorOf(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected a KqlError');
}

const types = (schema: readonly ColumnInfo[]) => Object.fromEntries(schema.map((c) => [c.name, c.type]));

describe('schema inference', () => {
  it('infers each CSV column type from its values', () => {
    const { table } = load(
      csv(
        ',b,l,r,mix,d,dyn,s,empty,big,huge,pandasInt,floaty\n' +
          '0,True,1,1.5,1,2024-06-30 12:00:00,"{""a"":1}",x,,9007199254740993,18446744073709551616,2049.0,10.0\n' +
          '1,false,-2,NaN,2.5,7/8/2019 16:08,[1],1,,1,1,,10.0\n',
      ),
    );
    expect(types(table.schema)).toEqual({
      Column1: 'long',
      b: 'bool',
      l: 'long',
      r: 'real',
      mix: 'real',
      d: 'datetime',
      dyn: 'dynamic',
      s: 'string',
      empty: 'string',
      big: 'long',
      huge: 'string',
      pandasInt: 'long',
      floaty: 'real',
    });
    expect(table.row(0)).toEqual([0n, true, 1n, 1.5, 1, 17197488000000000n, { a: 1 }, 'x', '', 9007199254740993n, '18446744073709551616', 2049n, 10]);
    expect(table.row(1)[11]).toBeNull();
  });

  it('infers JSON columns, keeping JSON kinds apart', () => {
    const { table } = load(
      json(
        '{"b":true,"l":1,"r":1.5,"d":"2021-08-02T13:11:39.7724491Z","o":{"x":[1]},"s":"{\\"a\\":1}","m":1,"n":null,"big":9007199254740993}\n' +
          '{"b":false,"l":2,"r":2,"d":"2021-08-02T13:32:07Z","o":[],"s":"","m":"one","big":1}\n',
      ),
    );
    expect(types(table.schema)).toEqual({ b: 'bool', l: 'long', r: 'real', d: 'datetime', o: 'dynamic', s: 'string', m: 'dynamic', n: 'string', big: 'long' });
    expect(table.row(0)).toEqual([true, 1n, 1.5, 16279098997724491n, { x: [1] }, '{"a":1}', 1, '', 9007199254740993n]);
    expect(table.row(1)[6]).toBe('one');
  });

  it('unions the columns of several files in first-seen order', () => {
    const { table, summary } = load([csv('a,b\n1,x\n'), json('{"c":2.5,"a":3}\n')]);
    expect(types(table.schema)).toEqual({ a: 'long', b: 'string', c: 'real' });
    expect(table.rows()).toEqual([[1n, 'x', null], [3n, '', 2.5]]);
    expect(summary.schemaSource).toBe('inferred');
    expect(summary.files.map((f) => [f.format, f.read])).toEqual([['csv', 1], ['jsonl', 1]]);
  });
});

describe('known schemas', () => {
  const schema: ColumnInfo[] = [
    { name: 'Id', type: 'long' },
    { name: 'When', type: 'datetime' },
    { name: 'Score', type: 'real' },
    { name: 'Name', type: 'string' },
  ];

  it('maps file columns by name in any order; missing ones are null or ""', () => {
    const { table, summary } = load(csv('Score,Id\n0.5,7\n'), { schema });
    expect(table.schema.map((c) => c.name)).toEqual(['Id', 'When', 'Score', 'Name']);
    expect(table.rows()).toEqual([[7n, null, 0.5, '']]);
    expect(summary.schemaSource).toBe('explicit');
  });

  it.each([
    ['Id', 'abc', 'long', /is not a valid long: expected an integer/],
    ['Id', '18446744073709551616', 'long', /64-bit/],
    ['When', '2024-13-45', 'datetime', /not a valid datetime/],
    ['Score', '1e400', 'real', /range of a double/],
  ])('reports %s = %j with file, line, column and reason', (col, value, type, why) => {
    const e = errorOf(() => load(csv(`Name,Id,When,Score\nok,1,2024-06-30,1\n"two\nlines",${col === 'Id' ? value : '2'},${col === 'When' ? value : ''},${col === 'Score' ? value : '2'}\n`, 'data/x.csv'), { schema }));
    expect(e.code).toBe('KQL302');
    expect(e.kind).toBe('data');
    expect(e.file).toBe('data/x.csv');
    const field = { Id: 2, When: 3, Score: 4 }[col]!;
    expect(e.message).toContain(`column '${col}' (field ${field})`);
    expect(e.message).toContain(`${JSON.stringify(value)} is not a valid ${type}`);
    expect(e.message).toMatch(why);
    // The row starts on line 3 and its quoted first field ends on line 4, where the bad value is.
    expect(e.line).toBe(4);
    expect(e.column).toBe('lines",'.length + 1 + (field === 2 ? 0 : field === 3 ? 2 : 3));
  });

  it('reports a JSON value that does not fit with the line and column of the value', () => {
    const e = errorOf(() => load(json('{"Id":1}\n{"Name":"x", "Id":"abc"}\n'), { schema }));
    expect([e.code, e.line, e.column]).toEqual(['KQL302', 2, 19]);
    expect(e.message).toContain("column 'Id' (field 2)");
  });

  it('rejects a dynamic value that looks like JSON but is not', () => {
    const e = errorOf(() => load(csv('d\n"{""a"":1"\n'), { schema: [{ name: 'd', type: 'dynamic' }] }));
    expect([e.code, e.line, e.column]).toEqual(['KQL302', 2, 1]);
    expect(e.message).toMatch(/malformed JSON/);
  });

  it('rejects a JSON string that looks like JSON but is not, in a dynamic column', () => {
    const e = errorOf(() => load(json('{"d":"{\\"a\\":"}\n'), { schema: [{ name: 'd', type: 'dynamic' }] }));
    expect([e.code, e.line, e.column]).toEqual(['KQL302', 1, 6]);
    expect(e.message).toMatch(/malformed JSON/);
  });

  it('rejects a file column the schema lacks, suggesting a close name', () => {
    const e = errorOf(() => load(csv('Id,name\n1,x\n'), { schema }));
    expect([e.code, e.line, e.column]).toEqual(['KQL307', 1, 4]);
    expect(e.message).toMatch(/column 'name' is not in the schema of table 'T'; did you mean 'Name'\?/);
    const e2 = errorOf(() => load(json('{"Id":1,"Scroe":2}\n'), { schema }));
    expect(e2.message).toMatch(/did you mean 'Score'/);
  });

  it('keeps extra columns with inferred types when allowed', () => {
    const { table } = load(csv(',Id,Extra\n0,1,2024-06-30\n'), { schema, allowExtraColumns: true });
    expect(types(table.schema)).toEqual({ Id: 'long', When: 'datetime', Score: 'real', Name: 'string', Column1: 'long', Extra: 'datetime' });
  });

  it('ignores an unnamed (pandas index) column with a warning', () => {
    const { table, summary } = load(csv(',Id\n0,5\n1,6\n'), { schema });
    expect(table.rows().map((r) => r[0])).toEqual([5n, 6n]);
    expect(summary.warnings.map((w) => [w.code, w.severity, w.line, w.column])).toEqual([['KQL321', 'warning', 1, 1]]);
  });

  it('takes the schema from the catalog by table name', () => {
    const { table, summary } = loadSources([csv('Timestamp,ReportId\n2024-06-30T12:00:00Z,9007199254740993\n')], {
      name: 'DeviceProcessEvents',
      catalog: SchemaCatalog.bundled(),
    });
    expect(summary.schemaSource).toBe('catalog');
    expect(table.schema).toHaveLength(75);
    expect(table.column('ReportId')!.get(0)).toBe(9007199254740993n);
    expect(table.column('DeviceName')!.get(0)).toBe('');
    expect(table.column('FileSize')!.get(0)).toBeNull();
  });

  it('rejects an explicit schema that names a column twice', () => {
    const e = errorOf(() => load(csv('a\n1\n'), { schema: [{ name: 'a', type: 'long' }, { name: 'a', type: 'string' }] }));
    expect(e.code).toBe('KQL310');
  });

  it('reads a schema file, which wins over the catalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlite-load-'));
    const sf = join(dir, 'schema.kql');
    writeFileSync(sf, '(ReportId:string)');
    const { table } = loadSources([csv('ReportId\n42\n')], { name: 'DeviceProcessEvents', schemaFile: sf, catalog: SchemaCatalog.bundled() });
    expect(table.schema).toEqual([{ name: 'ReportId', type: 'string' }]);
  });
});

describe('bad rows and maxErrors', () => {
  const schema: ColumnInfo[] = [{ name: 'n', type: 'long' }, { name: 's', type: 'string' }];
  const text = 'n,s\n1,a\nx,b\n3,c\n4\n5,e\ny,f\n';

  it('fails on the first bad row by default', () => {
    const e = errorOf(() => load(csv(text), { schema }));
    expect([e.code, e.line, e.column]).toEqual(['KQL302', 3, 1]);
  });

  it('skips up to maxErrors bad rows and reports each', () => {
    const { table, summary } = load(csv(text), { schema, maxErrors: 3 });
    expect(table.rows()).toEqual([[1n, 'a'], [3n, 'c'], [5n, 'e']]);
    expect([summary.read, summary.loaded, summary.rejected]).toEqual([6, 3, 3]);
    expect(summary.errors.map((e) => [e.code, e.line])).toEqual([['KQL302', 3], ['KQL304', 5], ['KQL302', 7]]);
    expect(summary.errors[1]!.message).toMatch(/row has 1 field, the header has 2/);
    expect(summary.files[0]).toMatchObject({ read: 6, loaded: 3, rejected: 3 });
  });

  it('fails with KQL309 past maxErrors, naming the row that went over', () => {
    const e = errorOf(() => load(csv(text), { schema, maxErrors: 2 }));
    expect([e.code, e.line]).toEqual(['KQL309', 7]);
    expect(e.message).toMatch(/more than 2 rows rejected/);
  });

  it('counts bad JSON lines as rejected rows', () => {
    const { summary, table } = load(json('{"n":1}\n{"n":\n[1]\n{"n":"z"}\n{"n":2}\n'), { schema, maxErrors: 5 });
    expect(table.rows().map((r) => r[0])).toEqual([1n, 2n]);
    expect(summary.errors.map((e) => [e.code, e.line])).toEqual([['KQL303', 2], ['KQL304', 3], ['KQL302', 4]]);
    expect([summary.read, summary.loaded, summary.rejected]).toEqual([5, 2, 3]);
  });

  it("loads bad values as null under badValues: 'null'", () => {
    const { table, summary } = load(csv('n,s\nx,a\n2,b\n'), { schema, badValues: 'null' });
    expect(table.rows()).toEqual([[null, 'a'], [2n, 'b']]);
    expect(summary.nulled).toBe(1);
    expect(summary.warnings.map((w) => [w.code, w.severity, w.line, w.column])).toEqual([['KQL322', 'warning', 2, 1]]);
  });
});

describe('file-level errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kqlite-files-'));
  const write = (name: string, data: string | Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };

  it('rejects duplicate header names', () => {
    const e = errorOf(() => load(csv('a,b,a\n1,2,3\n')));
    expect([e.code, e.line, e.column]).toEqual(['KQL306', 1, 5]);
  });

  it('rejects an empty file; a header alone is an empty table', () => {
    expect(errorOf(() => load(csv(''))).code).toBe('KQL308');
    expect(errorOf(() => load(csv('\n\n'))).code).toBe('KQL308');
    expect(errorOf(() => load(json(' \n'))).code).toBe('KQL308');
    const { table } = load(csv('a,b\n'));
    expect(table.length).toBe(0);
    expect(table.schema).toEqual([{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }]);
    expect(load(json('[]'), { schema: [{ name: 'x', type: 'long' }] }).table.length).toBe(0);
  });

  it('reports a NUL byte with its position', () => {
    const p = write('nul.csv', Buffer.from('a,b\n1,2\nx,y\u0000z\n'));
    const e = errorOf(() => loadTable([p], { name: 'T' }));
    expect([e.code, e.file, e.line, e.column]).toEqual(['KQL305', p, 3, 4]);
  });

  it('reports invalid UTF-8 with its position', () => {
    const p = write('bad.csv', Buffer.concat([Buffer.from('a,b\nä,'), Buffer.from([0xff]), Buffer.from('\n')]));
    const e = errorOf(() => loadTable([p], { name: 'T' }));
    expect([e.code, e.line, e.column]).toEqual(['KQL305', 2, 3]);
    expect(e.message).toMatch(/0xff/);
  });

  it('picks the format by extension and rejects unknown ones', () => {
    const a = write('a.csv', '\uFEFFx\r\n1\r\n');
    const b = write('b.ndjson', '{"x":2}\n');
    const c = write('c.json', '[{"x":3}]');
    const { table, summary } = loadTable([a, b, c], { name: 'T' });
    expect(table.rows()).toEqual([[1n], [2n], [3n]]);
    expect(summary.files.map((f) => f.format)).toEqual(['csv', 'jsonl', 'json-array']);
    expect(errorOf(() => loadTable([write('d.txt', 'x\n1\n')], { name: 'T' })).code).toBe('KQL311');
    expect(errorOf(() => loadTable([join(dir, 'missing.csv')], { name: 'T' })).code).toBe('KQL311');
  });

  it('rejects a JSON key the schema lacks', () => {
    const e = errorOf(() => load(json('{"a":1,"zz":2}\n'), { schema: [{ name: 'a', type: 'long' }] }));
    expect([e.code, e.line, e.column]).toEqual(['KQL307', 1, 13]);
  });
});
