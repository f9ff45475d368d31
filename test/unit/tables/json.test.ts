// JSON values with exact integers, the iterative writer, and the JSON Lines / JSON array row reader.

import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { parseJsonExact, readJsonValue, stringifyJson } from '../../../src/tables/json-value.js';
import { type JsonRecord, readJsonRecords } from '../../../src/tables/jsonl.js';
import type { Dynamic } from '../../../src/types.js';

function value(text: string): Dynamic {
  const r = parseJsonExact(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function rows(text: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  readJsonRecords(text, (r) => out.push(r), { file: 'x.jsonl' });
  return out;
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

describe('parseJsonExact', () => {
  it('keeps integers past 2^53 exact as bigint and small ones as numbers', () => {
    expect(value('9007199254740993')).toBe(9007199254740993n);
    expect(value('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(value('9007199254740991')).toBe(9007199254740991);
    expect(value('{"a":[1,12345678901234567890123]}')).toEqual({ a: [1, 1.2345678901234568e22] });
    expect(value('1.5e3')).toBe(1500);
    expect(Object.is(value('-0'), -0)).toBe(true);
  });

  it('reads nested values, escapes and the NaN/Infinity extension', () => {
    expect(value(' {"a": {"b": [true, false, null]}, "s": "x\\u0041\\n\\"q\\""} ')).toEqual({ a: { b: [true, false, null] }, s: 'xA\n"q"' });
    expect(value('[NaN, Infinity, -Infinity]')).toEqual([NaN, Infinity, -Infinity]);
  });

  it('keeps a __proto__ key as data', () => {
    const v = value('{"__proto__": 1}') as Record<string, Dynamic>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it.each([
    ['{"a":1,}', 7],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['"abc', 0],
    ['01', 0],
    ['1.', 0],
    ['1e400', 0],
    ['tru', 0],
    ['{"a":1} x', 8],
    ['"a\tb"', 2],
  ])('rejects %j at offset %d', (text, offset) => {
    const r = parseJsonExact(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.offset).toBe(offset);
  });

  it('parses 10,000 levels of nesting without overflowing the stack when allowed', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const [v] = readJsonValue(deep, 0, deep.length, Infinity);
    let d = 0;
    for (let x = v; Array.isArray(x) && x.length > 0; x = x[0]!) d++;
    expect(d).toBe(9_999);
    const r = parseJsonExact(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nesting deeper than 1000 levels/);
  });
});

describe('stringifyJson', () => {
  it('writes compact JSON with exact big integers', () => {
    expect(stringifyJson({ a: [1, 9007199254740993n, 'x"y'], b: null, c: true })).toBe('{"a":[1,9007199254740993,"x\\"y"],"b":null,"c":true}');
  });

  it('writes numbers that read back as the same JS values', () => {
    for (const n of [NaN, Infinity, -Infinity, -0, 1e16, 2 ** 60, 0.1, 1e-7, 123]) {
      const back = value(stringifyJson([n]));
      expect(Object.is((back as number[])[0], n)).toBe(true);
    }
  });

  it('writes 10,000 levels of nesting', () => {
    let v: Dynamic = 1;
    for (let i = 0; i < 10_000; i++) v = { k: v };
    const s = stringifyJson(v);
    expect(s.length).toBe(10_000 * 6 + 1);
  });
});

describe('readJsonRecords', () => {
  it('reads JSON Lines with CRLF, skipping blank lines', () => {
    const r = rows('{"a":1,"b":"x"}\r\n\r\n  \r\n{"b":null,"a":12345678901234567890}\r\n');
    expect(r.map((x) => [x.keys, x.values, x.line])).toEqual([
      [['a', 'b'], [1, 'x'], 1],
      [['b', 'a'], [null, 1.2345678901234567e19], 4],
    ]);
  });

  it('reads a JSON array of objects and gives line numbers', () => {
    const r = rows('[\n  {"a": 1},\n  {"a": 2,\n   "b": [1]}\n]\n');
    expect(r.map((x) => [x.values, x.line])).toEqual([[[1], 2], [[2, [1]], 3]]);
  });

  it('reports a syntax error at its line and column', () => {
    const e = errorOf(() => rows('{"a":1}\n{"a":2}\n{"a":3,\n'));
    expect([e.code, e.file, e.line, e.column]).toEqual(['KQL303', 'x.jsonl', 3, 8]);
    const e2 = errorOf(() => rows('{"a":1}\n{"a" 2}\n'));
    expect([e2.code, e2.line, e2.column]).toEqual(['KQL303', 2, 6]);
  });

  it('reports a line that is not an object', () => {
    const e = errorOf(() => rows('{"a":1}\n[1,2]\n'));
    expect([e.code, e.line, e.column]).toEqual(['KQL304', 2, 1]);
    const e2 = errorOf(() => rows('[{"a":1}, 5]'));
    expect([e2.code, e2.line, e2.column]).toEqual(['KQL304', 1, 11]);
  });

  it('reports a duplicate key in a row', () => {
    const e = errorOf(() => rows('{"a":1,"a":2}\n'));
    expect([e.code, e.line, e.column]).toEqual(['KQL306', 1, 8]);
  });

  it('reports two objects on one line', () => {
    const e = errorOf(() => rows('{"a":1} {"a":2}\n'));
    expect([e.code, e.line, e.column]).toEqual(['KQL303', 1, 9]);
  });

  it('rejects 10,000 levels of nesting with a clear error instead of overflowing', () => {
    const line = '{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
    const e = errorOf(() => rows(line));
    expect(e.code).toBe('KQL303');
    expect(e.message).toMatch(/nesting deeper than/);
  });

  it('goes on after a bad line when asked', () => {
    const bad: KqlError[] = [];
    const good: JsonRecord[] = [];
    readJsonRecords('{"a":1}\nnope\n{"a":3}\n', (r) => good.push(r), { onBadLine: (e) => bad.push(e) });
    expect(good.map((r) => r.values[0])).toEqual([1, 3]);
    expect(bad.map((e) => [e.code, e.line])).toEqual([['KQL303', 2]]);
  });

  it('calls an empty file an error', () => {
    expect(errorOf(() => rows('  \n\n')).code).toBe('KQL308');
  });
});

describe('readJsonRecords with a BOM', () => {
  it('skips the BOM and does not count it as a column', () => {
    const e = errorOf(() => rows('\uFEFF{"a":}\n'));
    expect([e.code, e.line, e.column]).toEqual(['KQL303', 1, 6]);
    expect(rows('\uFEFF[{"a":1}]').map((r) => r.values)).toEqual([[1]]);
    const e2 = errorOf(() => rows('\uFEFF[{"a":}]'));
    expect([e2.code, e2.line, e2.column]).toEqual(['KQL303', 1, 7]);
  });
});
