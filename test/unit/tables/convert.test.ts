// Text and JSON values to typed values: the accepted spellings per type and a reason for each failure.

import { describe, expect, it } from 'vitest';
import { ConversionFailure, convertText, isFailure, jsonValueToType } from '../../../src/tables/convert.js';
import type { ScalarType, Value } from '../../../src/types.js';

function ok(text: string, type: ScalarType): Value {
  const v = convertText(text, type);
  if (isFailure(v)) throw new Error(`unexpected failure: ${v.reason}`);
  return v;
}

function reason(text: string, type: ScalarType): string {
  const v = convertText(text, type);
  expect(v).toBeInstanceOf(ConversionFailure);
  return (v as ConversionFailure).reason;
}

describe('convertText', () => {
  it('gives null for empty non-string cells and "" for strings', () => {
    for (const t of ['bool', 'int', 'long', 'real', 'datetime', 'timespan', 'guid', 'dynamic'] as const) expect(ok('', t)).toBeNull();
    expect(ok('', 'string')).toBe('');
    expect(ok('  ', 'long')).toBeNull();
    expect(ok('Advapi  ', 'string')).toBe('Advapi  ');
  });

  it('reads bools as Python, .NET and JSON write them', () => {
    for (const t of ['true', 'True', 'TRUE', '1', 'tRuE']) expect(ok(t, 'bool')).toBe(true);
    for (const t of ['false', 'False', 'FALSE', '0']) expect(ok(t, 'bool')).toBe(false);
    expect(reason('yes', 'bool')).toMatch(/true or false/);
  });

  it('reads longs exactly, also written as floats with a zero fraction', () => {
    expect(ok('9007199254740993', 'long')).toBe(9007199254740993n);
    expect(ok('-9223372036854775808', 'long')).toBe(-9223372036854775808n);
    expect(ok('9223372036854775807', 'long')).toBe(9223372036854775807n);
    expect(ok('2049.0', 'long')).toBe(2049n);
    expect(ok('1.', 'long')).toBe(1n);
    expect(ok(' 42 ', 'long')).toBe(42n);
    expect(ok('+7', 'long')).toBe(7n);
  });

  it('rejects longs that are not exact 64-bit integers', () => {
    expect(reason('abc', 'long')).toMatch(/expected an integer/);
    expect(reason('1.5', 'long')).toMatch(/fractional part/);
    expect(reason('1e3', 'long')).toMatch(/has an exponent/);
    expect(reason('18446744073709551616', 'long')).toMatch(/64-bit/);
    expect(reason('9223372036854775808', 'long')).toMatch(/64-bit/);
    expect(reason('0x3e7', 'long')).toMatch(/integer/);
  });

  it('reads ints within 32 bits', () => {
    expect(ok('2147483647', 'int')).toBe(2147483647);
    expect(ok('-2147483648', 'int')).toBe(-2147483648);
    expect(ok('4624.0', 'int')).toBe(4624);
    expect(reason('2147483648', 'int')).toMatch(/32-bit/);
  });

  it('reads reals, NaN and infinities, and rejects overflow', () => {
    expect(ok('1.5', 'real')).toBe(1.5);
    expect(ok('-2e-3', 'real')).toBe(-0.002);
    expect(ok('.5', 'real')).toBe(0.5);
    expect(ok('NaN', 'real')).toBeNaN();
    expect(ok('inf', 'real')).toBe(Infinity);
    expect(ok('-Infinity', 'real')).toBe(-Infinity);
    expect(Object.is(ok('-0', 'real'), -0)).toBe(true);
    expect(reason('1e400', 'real')).toMatch(/range/);
    expect(reason('1,5', 'real')).toMatch(/number/);
    expect(reason('0x10', 'real')).toMatch(/number/);
  });

  it('reads datetimes and timespans exactly', () => {
    expect(ok('2024-06-30T12:00:00Z', 'datetime')).toBe(17197488000000000n);
    expect(reason('2024-13-45', 'datetime')).toMatch(/datetime/);
    expect(ok('1.06:30:00', 'timespan')).toBe(1_098_000_000_000n);
    expect(reason('1w', 'timespan')).toMatch(/timespan/);
  });

  it('reads guids into canonical lower case', () => {
    expect(ok('802D39E1-9D70-404D-832C-2DE5E2478EDA', 'guid')).toBe('802d39e1-9d70-404d-832c-2de5e2478eda');
    expect(ok('{802d39e1-9d70-404d-832c-2de5e2478eda}', 'guid')).toBe('802d39e1-9d70-404d-832c-2de5e2478eda');
    expect(ok('802d39e19d70404d832c2de5e2478eda', 'guid')).toBe('802d39e1-9d70-404d-832c-2de5e2478eda');
    expect(reason('802d39e1-9d70-404d-832c', 'guid')).toMatch(/guid/);
    expect(reason('{802d39e1-9d70-404d-832c-2de5e2478eda', 'guid')).toMatch(/guid/);
  });

  it('reads dynamic JSON text exactly, keeps plain text as a string, rejects broken JSON', () => {
    expect(ok('{"AttributeList":["objectClass"],"n":9007199254740993}', 'dynamic')).toEqual({ AttributeList: ['objectClass'], n: 9007199254740993n });
    expect(ok('[1,2]', 'dynamic')).toEqual([1, 2]);
    expect(ok('12', 'dynamic')).toBe(12);
    expect(ok('"x"', 'dynamic')).toBe('x');
    expect(ok('hello world', 'dynamic')).toBe('hello world');
    expect(reason('{"a":1', 'dynamic')).toMatch(/malformed JSON/);
    expect(reason('[1,2', 'dynamic')).toMatch(/malformed JSON/);
  });
});

describe('jsonValueToType', () => {
  it('maps missing, null and "" to null (or "" for strings)', () => {
    expect(jsonValueToType(undefined, 'long')).toBeNull();
    expect(jsonValueToType(null, 'datetime')).toBeNull();
    expect(jsonValueToType('', 'long')).toBeNull();
    expect(jsonValueToType(null, 'string')).toBe('');
  });

  it('keeps JSON integers exact in long columns', () => {
    expect(jsonValueToType(9007199254740993n, 'long')).toBe(9007199254740993n);
    expect(jsonValueToType(42, 'long')).toBe(42n);
    expect(jsonValueToType('42', 'long')).toBe(42n);
    expect(isFailure(jsonValueToType(1.5, 'long'))).toBe(true);
    expect(isFailure(jsonValueToType(1e17, 'long'))).toBe(true);
    expect(isFailure(jsonValueToType(true, 'long'))).toBe(true);
    expect(jsonValueToType(7, 'int')).toBe(7);
    expect(isFailure(jsonValueToType(9007199254740993n, 'int'))).toBe(true);
  });

  it('parses a JSON string holding JSON text into a dynamic column', () => {
    expect(jsonValueToType('{"a":[1]}', 'dynamic')).toEqual({ a: [1] });
    expect(jsonValueToType({ a: 1 }, 'dynamic')).toEqual({ a: 1 });
    expect(jsonValueToType('plain', 'dynamic')).toBe('plain');
  });

  it('writes objects into string columns as JSON text', () => {
    expect(jsonValueToType({ a: [1, 9007199254740993n] }, 'string')).toBe('{"a":[1,9007199254740993]}');
    expect(jsonValueToType(12, 'string')).toBe('12');
    expect(jsonValueToType(false, 'string')).toBe('false');
  });

  it('reads datetimes only from strings', () => {
    expect(jsonValueToType('2021-08-02T13:11:39.7724491Z', 'datetime')).toBe(16279098997724491n);
    expect(isFailure(jsonValueToType(1627909899, 'datetime'))).toBe(true);
  });

  it('reads bools and reals', () => {
    expect(jsonValueToType(true, 'bool')).toBe(true);
    expect(jsonValueToType(0, 'bool')).toBe(false);
    expect(jsonValueToType(9007199254740993n, 'real')).toBe(9007199254740992);
    expect(jsonValueToType('NaN', 'real')).toBeNaN();
  });
});
