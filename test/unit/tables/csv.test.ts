// The CSV tokenizer: RFC 4180 quoting, line endings, BOM, blank lines, chunked input, and error positions.

import { describe, expect, it } from 'vitest';
import { CsvReader, csvField, parseCsv } from '../../../src/tables/csv.js';
import { KqlError } from '../../../src/diagnostics.js';

function records(text: string): string[][] {
  return parseCsv(text).records;
}

function errorOf(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected a KqlError');
}

describe('CsvReader', () => {
  it('reads plain fields and keeps spaces', () => {
    expect(records('a,b,c\n1, 2 ,3\n')).toEqual([['a', 'b', 'c'], ['1', ' 2 ', '3']]);
  });

  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    const text = 'a,b\n"x,y","say ""hi"""\n"line1\nline2",z\n';
    expect(records(text)).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['line1\nline2', 'z']]);
  });

  it('accepts CRLF, LF and a missing final line break', () => {
    expect(records('a,b\r\n1,2\r\n3,4')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(records('a\n"q\r\nr"\n')).toEqual([['a'], ['q\r\nr']]);
  });

  it('strips a UTF-8 BOM', () => {
    expect(records('\uFEFFa,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(records('a,b,c\n,,\n\n1,,""\n')).toEqual([['a', 'b', 'c'], ['', '', ''], ['1', '', '']]);
    expect(records('a\n\n\r\n""\n')).toEqual([['a'], ['']]);
  });

  it('reports the line each record starts on, counting quoted newlines', () => {
    const { lines } = parseCsv('h\n"a\nb"\n\nc\n');
    expect(lines).toEqual([1, 2, 5]);
  });

  it('gives the same records however the text is chunked', () => {
    const text = 'id,text\r\n1,"a ""q"" b"\r\n2,"multi\r\nline, with comma"\r\n3,plain\r\n';
    const whole = records(text);
    for (let size = 1; size <= 7; size++) {
      const out: string[][] = [];
      const r = new CsvReader((f) => out.push(f));
      for (let i = 0; i < text.length; i += size) r.push(text.slice(i, i + size));
      r.end();
      expect(out).toEqual(whole);
    }
  });

  it('gives field positions inside the handler', () => {
    const pos: { line: number; column: number }[] = [];
    const r: CsvReader = new CsvReader((f) => {
      if (f[0] === '2') pos.push(r.fieldPosition(0), r.fieldPosition(1), r.fieldPosition(2));
    });
    r.push('a,b,c\n1,"x\ny",z\n2,"p\nq",w\n');
    r.end();
    expect(pos).toEqual([{ line: 4, column: 1 }, { line: 4, column: 3 }, { line: 5, column: 4 }]);
  });

  it('reports an unterminated quote at the opening quote', () => {
    const e = errorOf(() => parseCsv('a,b\n1,2\n3,"open\nmore\n', { file: 'f.csv' }));
    expect(e.code).toBe('KQL301');
    expect([e.file, e.line, e.column]).toEqual(['f.csv', 3, 3]);
    expect(e.message).toMatch(/unterminated/);
  });

  it('reports a quote inside an unquoted field', () => {
    const e = errorOf(() => parseCsv('a,b\nx,ab"c\n'));
    expect(e.code).toBe('KQL301');
    expect([e.line, e.column]).toEqual([2, 5]);
  });

  it('reports text after a closing quote', () => {
    const e = errorOf(() => parseCsv('a,b\n"x"y,2\n'));
    expect(e.code).toBe('KQL301');
    expect([e.line, e.column]).toEqual([2, 4]);
  });
});

describe('csvField', () => {
  it('quotes only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('l1\nl2')).toBe('"l1\nl2"');
    expect(csvField('')).toBe('');
  });
});
