// Loading in byte ranges: whatever the range and read sizes (down to a few bytes, so cuts land inside
// quoted fields, inside CRLF pairs and inside multi-byte characters), and whether ranges run on the
// calling thread or in worker threads, a load gives the same table, summary and errors as one range.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../../src/api.js';
import { KqlError } from '../../../src/diagnostics.js';
import { type DataSource, type LoadOptions, type LoadSummary, loadSources, loadTable } from '../../../src/tables/load.js';
import { type LoaderTuning, setLoaderTuning } from '../../../src/tables/parallel.js';
import type { StringColumn } from '../../../src/tables/column.js';
import type { Table } from '../../../src/tables/table.js';

const defaults = setLoaderTuning({});
afterEach(() => {
  setLoaderTuning(defaults);
});

const dir = mkdtempSync(join(tmpdir(), 'kqlite-ranges-'));
let fileNo = 0;
function write(text: string | Uint8Array, ext: string): string {
  const p = join(dir, `f${fileNo++}.${ext}`);
  writeFileSync(p, text);
  return p;
}

/** What a load produced, in comparable form (or its error). */
function outcome(run: () => { table: Table; summary: LoadSummary }): unknown {
  try {
    const { table, summary } = run();
    const errs = (es: KqlError[]) => es.map((e) => [e.code, e.line, e.column, e.message]);
    return {
      schema: table.schema,
      rows: table.rows(),
      summary: { ...summary, errors: errs(summary.errors), warnings: errs(summary.warnings), files: summary.files.map((f) => ({ ...f, file: '' })) },
    };
  } catch (e) {
    if (e instanceof KqlError) return { error: [e.code, e.line, e.column, e.message] };
    throw e;
  }
}

function withTuning<T>(t: Partial<LoaderTuning>, fn: () => T): T {
  const old = setLoaderTuning(t);
  try {
    return fn();
  } finally {
    setLoaderTuning(old);
  }
}

/** Load in-memory text in one range, then in small ranges and reads; all outcomes must agree. */
function sameInRanges(data: string | Uint8Array, format: 'csv' | 'json', opts: Partial<LoadOptions>, sizes: [number, number][]): unknown {
  const src = (): DataSource => ({ file: `x.${format}`, data, format });
  const load = () => loadSources([src()], { name: 'T', ...opts });
  const one = outcome(load);
  for (const [rangeBytes, chunk] of sizes) {
    const got = withTuning({ parallelMin: 1, rangeBytes, chunk, threads: 0 }, () => outcome(load));
    expect(got, `rangeBytes ${rangeBytes}, chunk ${chunk}`).toEqual(one);
  }
  return one;
}

const SMALL: [number, number][] = [
  [1, 1],
  [3, 2],
  [7, 5],
  [16, 3],
  [40, 64],
  [101, 17],
];

describe('CSV in ranges', () => {
  const schema = [
    { name: 'id', type: 'long' as const },
    { name: 'text', type: 'string' as const },
    { name: 'when', type: 'datetime' as const },
  ];

  it('keeps quoted fields with line breaks whole when cuts fall inside them', () => {
    const rows = [
      'id,text,when',
      '1,"one\nline two\r\nline three\rfour",2024-06-30T12:00:00Z',
      '2,"a ""quoted"" word, and a comma",2024-06-30 12:00',
      '',
      '3,"\n\n\n",',
      '4,plain,2024-06-30T12:00:00.1234567Z',
      '5,"ends with a quote """,2024-06-30',
      '6,"ä€😀\nß",2024-06-30',
    ];
    for (const eol of ['\n', '\r\n', '\r']) {
      const out = sameInRanges(rows.join(eol) + eol, 'csv', { schema }, SMALL) as { rows: unknown[][] };
      expect(out.rows.map((r) => r[1])).toEqual([
        'one\nline two\r\nline three\rfour',
        'a "quoted" word, and a comma',
        '\n\n\n',
        'plain',
        'ends with a quote "',
        'ä€😀\nß',
      ]);
    }
  });

  it('a range that starts inside a long quoted field is parsed again from the true record start', () => {
    // Every line of the long field looks like a record of this file: a wrong start would "parse".
    const inside = Array.from({ length: 50 }, (_, i) => `${i},x,2024-06-30`).join('\n');
    const text = `id,text,when\n1,"${inside}",2024-06-30\n2,after,2024-07-01\n`;
    const out = sameInRanges(text, 'csv', { schema }, [[20, 8], [64, 64], [200, 32]]) as { rows: unknown[][] };
    expect(out.rows.map((r) => r[0])).toEqual([1n, 2n]);
    expect(out.rows[0]![1]).toBe(inside);
  });

  it('reports errors at the same line and column, however the file is cut', () => {
    const head = 'id,text,when\n' + Array.from({ length: 30 }, (_, i) => `${i},"t\n${i}",2024-06-30`).join('\n') + '\n';
    const bad = [
      head + '99,"ä, ok",not a date\n',
      head + '99,x"y,2024-06-30\n',
      head + '99,"open\n',
      head + '99,"x"y,2024-06-30\n',
      head + '99,only two\n',
    ];
    const codes = bad.map((t) => (sameInRanges(t, 'csv', { schema }, SMALL) as { error: unknown[] }).error.slice(0, 3));
    expect(codes).toEqual([
      ['KQL302', 62, 12],
      ['KQL301', 62, 5],
      ['KQL301', 62, 4],
      ['KQL301', 62, 7],
      ['KQL304', 62, 1],
    ]);
  });

  it('counts rejected rows across ranges and fails on the one past maxErrors', () => {
    const lines = ['id,text,when'];
    for (let i = 0; i < 40; i++) lines.push(i % 7 === 3 ? `x${i},t,` : i % 11 === 5 ? `${i},ragged` : `${i},"t\n",2024-06-30`);
    const text = lines.join('\n') + '\n';
    const ok = sameInRanges(text, 'csv', { schema, maxErrors: 10 }, SMALL) as { summary: LoadSummary };
    expect([ok.summary.read, ok.summary.loaded, ok.summary.rejected]).toEqual([40, 31, 9]);
    const over = sameInRanges(text, 'csv', { schema, maxErrors: 8 }, SMALL) as { error: unknown[] };
    expect(over.error.slice(0, 2)).toEqual(['KQL309', 70]);
    const nulled = sameInRanges(text, 'csv', { schema, badValues: 'null', maxErrors: 10 }, SMALL) as { summary: LoadSummary };
    expect([nulled.summary.nulled, nulled.summary.rejected]).toEqual([6, 3]);
  });

  it('reports a NUL byte or invalid UTF-8 anywhere before any other error', () => {
    const early = 'id,text,when\n1,x"y,2024-06-30\n';
    const rest = Array.from({ length: 20 }, (_, i) => `${i},t,2024-06-30`).join('\n');
    const nul = Buffer.from(`${early}${rest}\n5,a\u0000b,2024-06-30\n`);
    expect((sameInRanges(nul, 'csv', { schema }, SMALL) as { error: unknown[] }).error.slice(0, 3)).toEqual(['KQL305', 23, 4]);
    const bad = Buffer.concat([Buffer.from(`${early}${rest}\n5,ä`), Buffer.from([0xc3]), Buffer.from(',2024-06-30\n')]);
    expect((sameInRanges(bad, 'csv', { schema }, SMALL) as { error: unknown[] }).error.slice(0, 3)).toEqual(['KQL305', 23, 4]);
  });

  it('infers the same types from ranges', () => {
    const text = 'a,b,c,d\n' + Array.from({ length: 60 }, (_, i) => `${i},${i % 2 ? 'true' : 'false'},${i}.5,"x\n${i}"`).join('\n') + '\n';
    const out = sameInRanges(text, 'csv', {}, SMALL) as { schema: unknown };
    expect(out.schema).toEqual([
      { name: 'a', type: 'long' },
      { name: 'b', type: 'bool' },
      { name: 'c', type: 'real' },
      { name: 'd', type: 'string' },
    ]);
  });

  it('reads a file that ends in a quoted field or a CR, without a line break, as the same text in memory', () => {
    // The read window moves on after its first 64 KB; past the file's last byte it may hold older bytes
    // of the file (here quotes and line feeds), which must not be read as part of the last record.
    const schema = [
      { name: 'a', type: 'long' as const },
      { name: 'b', type: 'string' as const },
    ];
    for (let k = 0; k < 30; k++) {
      let body = 'a,b\n';
      for (let i = 0; body.length < 70000 + k * 37; i++) body += `${i},"q""${'z'.repeat(i % 11)}"\n`;
      for (const end of ['7,"abc"', '7,abc\r']) {
        const text = body + end;
        const disk = outcome(() => loadTable([write(text, 'csv')], { name: 'T', schema })) as { rows: unknown[][] };
        expect(disk.rows?.at(-1)).toEqual([7n, 'abc']);
        expect(disk).toEqual(outcome(() => loadSources([{ file: 'x.csv', data: text, format: 'csv' }], { name: 'T', schema })));
      }
    }
  });

  it('names the character after a closing quote when the first read of a file ends inside it', () => {
    const head = 'a,b,c\n';
    let body = '';
    while (head.length + body.length < 65536 - 26) body += 'x,y,z\n';
    // The rows are read from just after the header, 64 KB first.
    const quoted = `"${'p'.repeat(65536 - 1 - body.length - 2)}"`;
    const text = `${head}${body}${quoted}ä,b,c\n`;
    expect(Buffer.from(text)[head.length + 65535]).toBe(0xc3); // the first byte of ä is the last of the first read
    const schema = ['a', 'b', 'c'].map((name) => ({ name, type: 'string' as const }));
    const got = outcome(() => loadTable([write(text, 'csv')], { name: 'T', schema })) as { error: unknown[] };
    expect(got.error.slice(0, 2)).toEqual(['KQL301', body.split('\n').length + 1]);
    expect(got.error[3]).toContain('unexpected "ä" after a closing quote');
  });

  it('gives the same result for random CSV text with quotes, commas and line breaks', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'ä', '😀', '1', '-') }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ') }).map((s) => `"${s.replace(/"/g, '""')}"`),
      fc.constantFrom('', '12', '2024-06-30', 'x"y', '"a"b', '"open'),
    );
    const text = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 })
      .chain((rows) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => 'a,b,c\n' + rows.map((r) => r.join(',')).join(eol) + (rows.length % 2 ? eol : '')));
    fc.assert(
      fc.property(text, (t) => {
        sameInRanges(t, 'csv', { maxErrors: 100 }, [[2, 3], [9, 4]]);
        sameInRanges(t, 'csv', { schema: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }, { name: 'c', type: 'datetime' }], maxErrors: 3 }, [[5, 2]]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('JSON Lines in ranges', () => {
  const schema = [
    { name: 'id', type: 'long' as const },
    { name: 'text', type: 'string' as const },
    { name: 'd', type: 'dynamic' as const },
    { name: 'when', type: 'datetime' as const },
  ];

  it('loads the same rows and errors whatever the ranges', () => {
    const lines = [
      '{"id":1,"text":"a\\\\b \\"q\\" \\u00e4 \\ud83d\\ude00","d":{"x":[1,2]},"when":"2024-06-30T12:00:00Z"}',
      '',
      '{"text":"only text"}',
      '  {"id": 2 , "when" : null, "d" : [1, {"y": null}] }  ',
      '{"id":"3","text":12.50,"d":"{\\"a\\":1}","when":"2024-06-30 12:00"}',
      '{"id":4.5}',
      '{"id":5,"id":6}',
      '[1]',
      '{"id":9007199254740993,"text":true,"d":null}',
      '{"id":7,"text":"lone \\ud800 surrogate"}',
      '{"id":8,"text":"x"} trailing',
    ];
    for (const eol of ['\n', '\r\n']) {
      const out = sameInRanges(lines.join(eol) + eol, 'json', { schema, maxErrors: 10 }, SMALL) as { rows: unknown[][]; summary: LoadSummary };
      expect(out.rows.map((r) => r[0])).toEqual([1n, null, 2n, 3n, 9007199254740993n, 7n]);
      expect(out.rows[0]![1]).toBe('a\\b "q" ä 😀');
      expect(out.rows[3]![1]).toBe('12.5');
      expect(out.rows[4]![1]).toBe('true');
      expect(out.rows[5]![1]).toBe('lone \ud800 surrogate');
      expect(out.summary.errors.map((e) => (e as unknown as unknown[]).slice(0, 2))).toEqual([
        ['KQL302', 6],
        ['KQL306', 7],
        ['KQL304', 8],
        ['KQL303', 11],
      ]);
    }
  });

  it('reads usual lines from bytes exactly as the text reader does', () => {
    const str = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\n', 'ä', '😀', '\u0001', '/', '{') });
    const value = fc.oneof(
      str,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('2024-06-30T12:00:00Z', '2024-06-30 12:00:00.123', 'not a date', '12', '{"a":1}'),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const json = (v: unknown): string => (typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
    const line = fc
      .array(fc.tuple(fc.constantFrom('id', 'text', 'd', 'when', 'other'), value), { maxLength: 5 })
      .chain((kvs) => fc.constantFrom('', ' ').map((sp) => `{${kvs.map(([k, v]) => `${sp}"${k}"${sp}:${sp}${json(v)}`).join(',')}}`));
    const doc = fc.array(fc.oneof(line, fc.constantFrom('', '{', '{"id":1,}', 'null', '{"id":1}x')), { minLength: 1, maxLength: 8 }).map((ls) => ls.join('\n') + '\n');
    fc.assert(
      fc.property(doc, (text) => {
        for (const opts of [{ schema, maxErrors: 20 }, { schema, badValues: 'null' as const, maxErrors: 20 }, { schema: [...schema, { name: 'other', type: 'string' as const }], maxErrors: 20 }]) {
          const src = (): DataSource => ({ file: 'x.jsonl', data: text, format: 'json' });
          const fast = outcome(() => loadSources([src()], { name: 'T', ...opts }));
          const slow = withTuning({ jsonFast: false }, () => outcome(() => loadSources([src()], { name: 'T', ...opts })));
          expect(fast).toEqual(slow);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('JSON Lines that repeat a key order', () => {
  const schema = [
    { name: 'id', type: 'long' as const },
    { name: 'path', type: 'string' as const },
    { name: 'abA', type: 'string' as const },
    { name: 'abB', type: 'string' as const },
    { name: 'when', type: 'datetime' as const },
  ];
  const load = (text: string, jsonFast: boolean, opts: Partial<LoadOptions> = {}) =>
    withTuning({ jsonFast }, () => outcome(() => loadSources([{ file: 'x.jsonl', data: text, format: 'json' }], { name: 'T', schema, maxErrors: 1000, ...opts })));

  it('reads lines in one key order, with other orders, spaces, missing and repeated keys between them, as the text reader does', () => {
    // Values as written in the JSON text: many distinct escaped ones (so a value's place among the
    // escaped ones is not its code), pairs that unescape to one string, and a few that do not fit.
    const escaped = fc.integer({ min: 0, max: 40 }).map((k) => `C:\\\\d${k}\\\\x${k % 3}.exe`);
    const odd = fc.constantFrom('C:\\\\Program Files\\\\a\\"b\\\\x.exe', 'plain', '\\u00e9', 'é', 'a\\/b', 'a/b', '\\ud83d\\ude00');
    const bad = fc.constantFrom('tab\\there', 'bad\\q', '\\ud800');
    const str = fc.oneof({ weight: 6, arbitrary: escaped }, { weight: 3, arbitrary: odd }, { weight: 1, arbitrary: bad });
    const when = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('"2024-06-30T12:00:00Z"', 'null') }, { weight: 1, arbitrary: fc.constant('"bad"') });
    const usual = fc.record({ id: fc.integer({ min: -5, max: 5 }), path: str, a: str, b: str, when });
    const line = fc.oneof(
      { weight: 12, arbitrary: usual.map((r) => `{"id":${r.id},"path":"${r.path}","abA":"${r.a}","abB":"${r.b}","when":${r.when}}`) },
      // Keys that differ only in their last letter, swapped.
      usual.map((r) => `{"id":${r.id},"path":"${r.path}","abB":"${r.b}","abA":"${r.a}","when":${r.when}}`),
      usual.map((r) => `{"path":"${r.path}","id":${r.id},"when":${r.when},"abA":"${r.a}"}`),
      usual.map((r) => `{"id": ${r.id}, "path": "${r.path}", "abA": "${r.a}", "abB": "${r.b}", "when": ${r.when}}`),
      usual.map((r) => `{"id":${r.id},"path":"${r.path}"}`),
      usual.map((r) => `{"id":${r.id},"path":"${r.path}","abA":"${r.a}","abB":"${r.b}","when":${r.when},"extra":1}`),
      usual.map((r) => `{"id":${r.id},"path":"${r.path}","path":"${r.path}","when":${r.when}}`),
      usual.map((r) => `{"id":${r.id},"path":"${r.path}","abA":"${r.a}","abB":"${r.b}","when":${r.when}} x`),
      usual.map((r) => `{"id":${r.id},"path":"${r.path}","abA";"${r.a}","abB":"${r.b}","when":${r.when}}`),
      usual.map((r) => `{"id":${r.id},"path":"${r.path}","abA":"${r.a}","abB":"${r.b}","when":${r.when}`),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 20, maxLength: 120 }), (lines) => {
        const text = lines.join('\n') + '\n';
        for (const opts of [{}, { badValues: 'null' as const }, { schema: [...schema, { name: 'extra', type: 'long' as const }] }]) {
          expect(load(text, true, opts)).toEqual(load(text, false, opts));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('stops at the end of a last line without a line break, in a file read in more than one piece', () => {
    // The read window moves on after its first read; what lies past the last line's end is not read.
    const sch = [
      { name: 's', type: 'string' as const },
      { name: 'id', type: 'long' as const },
    ];
    let body = '';
    for (let i = 0; body.length < 65000; i++) body += `{"s":"${'x'.repeat(i % 7)}","id":${i}}\n`;
    const lines = body.split('\n').length;
    for (let k = 1500; k < 1540; k++) {
      const p = write(`${body}{"s":"${'y'.repeat(k)}","id":12`, 'jsonl');
      const got = outcome(() => loadTable([p], { name: 'T', schema: sch }));
      expect(got).toEqual({ error: ['KQL303', lines, k + 16, expect.stringContaining('end of input')] });
      expect(withTuning({ jsonFast: false }, () => outcome(() => loadTable([p], { name: 'T', schema: sch })))).toEqual(got);
    }
  });

  it('keeps each escaped value exact when a column of them turns to storing values as they come', () => {
    // 6,000 rows: `abA` is new on every row (the range stops looking its values up after 4,096 rows),
    // `path` repeats three escaped values.
    const p = ['C:\\\\A\\\\b.exe', 'x\\"y', 'C:\\\\A\\\\b.ex'];
    const lines = Array.from({ length: 6000 }, (_, i) => `{"id":${i},"path":"${p[i % 3]}","abA":"t\\\\${i}\\"q","when":null}`);
    const text = lines.join('\n') + '\n';
    const fast = load(text, true) as { rows: unknown[][] };
    expect(fast).toEqual(load(text, false));
    expect(fast.rows[0]).toEqual([0n, 'C:\\A\\b.exe', 't\\0"q', '', null]);
    expect(fast.rows[4097]).toEqual([4097n, 'C:\\A\\b.ex', 't\\4097"q', '', null]);
    expect(fast.rows[5997]).toEqual([5997n, 'C:\\A\\b.exe', 't\\5997"q', '', null]);
    expect(fast.rows[5998]).toEqual([5998n, 'x"y', 't\\5998"q', '', null]);
    expect(new Set(fast.rows.map((r) => r[1])).size).toBe(3);
  });
});

describe('worker threads', () => {
  const big = (n: number) => {
    const lines = ['id,text,when'];
    for (let i = 0; i < n; i++) lines.push(i % 97 === 0 ? `${i},"multi\nline ${i}, with ""quotes""",2024-06-30T12:00:00Z` : `${i},row ${i % 13},2024-06-${String((i % 28) + 1).padStart(2, '0')}`);
    return lines.join('\n') + '\n';
  };

  it('load CSV and JSON Lines files in parallel ranges to the same table', () => {
    const csvText = big(3000);
    const csvFile = write(csvText, 'csv');
    const opts = { name: 'T', schema: [{ name: 'id', type: 'long' as const }, { name: 'text', type: 'string' as const }, { name: 'when', type: 'datetime' as const }] };
    const one = outcome(() => loadTable([csvFile], opts));
    const par = withTuning({ parallelMin: 1, rangeBytes: 4096, chunk: 1024, threads: 2 }, () => outcome(() => loadTable([csvFile], opts)));
    expect(par).toEqual(one);
    expect((one as { rows: unknown[] }).rows).toHaveLength(3000);

    const jsonFile = write((one as { rows: unknown[][] }).rows.map((r) => JSON.stringify({ id: Number(r[0]), text: r[1] })).join('\n') + '\n', 'jsonl');
    const j1 = outcome(() => loadTable([jsonFile], opts));
    const j2 = withTuning({ parallelMin: 1, rangeBytes: 2048, chunk: 512, threads: 2 }, () => outcome(() => loadTable([jsonFile], opts)));
    expect(j2).toEqual(j1);
  });

  it('merge dictionaries of mostly distinct values that repeat across ranges', () => {
    const lines = ['id,text,when'];
    for (let i = 0; i < 6000; i++) lines.push(`${i},v${(i * 7919) % 4500},2024-06-30`);
    const file = write(lines.join('\n') + '\n', 'csv');
    const opts = { name: 'T', schema: [{ name: 'id', type: 'long' as const }, { name: 'text', type: 'string' as const }, { name: 'when', type: 'datetime' as const }] };
    const one = outcome(() => loadTable([file], opts)) as { rows: unknown[][] };
    for (const threads of [0, 2]) {
      const par = withTuning({ parallelMin: 1, rangeBytes: 3000, chunk: 1000, threads }, () => {
        const { table } = loadTable([file], opts);
        // The column's pool may hold a value once per range; its distinct codes hold each once, and
        // every row keeps its string.
        const text = (table.column('text') as StringColumn).withDistinctCodes();
        expect(new Set(text.dict).size).toBe(text.dict.length);
        expect(text.dict.length).toBe(4500);
        for (let i = 0; i < 6000; i++) expect(text.get(i)).toBe(`v${(i * 7919) % 4500}`);
        return outcome(() => ({ table, summary: loadTable([file], opts).summary }));
      });
      expect(par).toEqual(one);
    }
  });

  it('queries that compare strings by code see a value repeated across ranges as one value', () => {
    // 20,000 rows, 15,000 distinct texts, loaded in ranges of some thousands of rows of mostly new
    // values: the column is loaded without lookups and its pool holds repeats. Grouping, distinct
    // counts, make_set and joins must treat them as one string.
    const textOf = (i: number): string => `v${(i * 7919) % 15000}`;
    const lines = ['id,text'];
    for (let i = 0; i < 20000; i++) lines.push(`${i},${textOf(i)}`);
    const file = write(lines.join('\n') + '\n', 'csv');
    const opts = { name: 'T', schema: [{ name: 'id', type: 'long' as const }, { name: 'text', type: 'string' as const }] };
    const table = withTuning({ parallelMin: 1, rangeBytes: 100_000, chunk: 10_000, threads: 0 }, () => loadTable([file], opts).table);
    const col = table.column('text') as StringColumn;
    expect(col.pool.distinct).toBe(false);
    expect(col.pool.size).toBeGreaterThan(15000);
    const counts = new Map<string, number>();
    for (let i = 0; i < 20000; i++) counts.set(textOf(i), (counts.get(textOf(i)) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n === 2).length).toBe(5000);
    // Working out the distinct values counts against the query's memory budget (the first time only).
    let err: unknown;
    try {
      runQuery('T | summarize count() by text', { tables: { T: table }, memoryLimit: 1_000_000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KqlError);
    expect((err as KqlError).code).toBe('KQL206');
    expect((err as KqlError).message).toContain('finding the distinct values of a column of');
    const run = (kql: string) => runQuery(kql, { tables: { T: table } }).rows;
    expect(run('T | summarize n = count() by text | summarize groups = count(), pairs = countif(n == 2)')).toEqual([[15000n, 5000n]]);
    expect(runQuery('T | summarize count() by text | count', { tables: { T: table }, memoryLimit: 1_000_000 }).rows).toEqual([[15000n]]);
    expect(run('T | summarize d = dcount(text)')).toEqual([[15000n]]);
    expect(run('T | summarize s = make_set(text) | project n = array_length(s)')).toEqual([[15000n]]);
    // Rows i and i + 15000 (i < 5000) hold the same text.
    expect(run('T | where id < 10000 | join kind=inner (T | where id >= 10000) on text | count')).toEqual([[5000n]]);
    expect(run('T | distinct text | count')).toEqual([[15000n]]);
  });

  it('report errors from a worker with the file position of the main thread', () => {
    const text = big(2000).replace('1500,row 5,', '1500,row 5,"x"y');
    const file = write(text, 'csv');
    const opts = { name: 'T', schema: [{ name: 'id', type: 'long' as const }, { name: 'text', type: 'string' as const }, { name: 'when', type: 'datetime' as const }] };
    const one = outcome(() => loadTable([file], opts)) as { error: unknown[] };
    expect(one.error.slice(0, 3)).toEqual(['KQL301', 1518, 15]);
    const par = withTuning({ parallelMin: 1, rangeBytes: 3000, chunk: 700, threads: 2 }, () => outcome(() => loadTable([file], opts)));
    expect(par).toEqual(one);
  });
});

describe('progress', () => {
  it('calls onProgress with bytes read up to the total', () => {
    const text = 'a,b\n' + Array.from({ length: 5000 }, (_, i) => `${i},x${i % 7}`).join('\n') + '\n';
    const file = write(text, 'csv');
    for (const [schema, passes] of [[[{ name: 'a', type: 'long' as const }, { name: 'b', type: 'string' as const }], 1], [undefined, 2]] as const) {
      const calls: [number, number][] = [];
      withTuning({ parallelMin: 1, rangeBytes: 1000, chunk: 300 }, () =>
        loadTable([file], { name: 'T', ...(schema ? { schema } : {}), onProgress: (done, total) => calls.push([done, total]) }),
      );
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every(([, total]) => total === text.length * passes)).toBe(true);
      expect(calls.at(-1)![0]).toBe(text.length * passes);
      for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
    }
  });
});
