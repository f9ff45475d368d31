// Property tests: any table written by tableToCsv / tableToJsonl loads back (with its schema) to exactly
// the same values, and datetime/timespan text round-trips over the whole range.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTimespan, parseDateTime, parseTimespan } from '../../../src/tables/datetime.js';
import { parseJsonExact, stringifyJson } from '../../../src/tables/json-value.js';
import { loadSources, tableToCsv, tableToJsonl } from '../../../src/tables/load.js';
import { type ColumnInfo, Table } from '../../../src/tables/table.js';
import { type Dynamic, INT_MAX, INT_MIN, LONG_MAX, LONG_MIN, MAX_DATETIME_TICKS, MIN_DATETIME_TICKS, SCALAR_TYPES, type ScalarType, type Value } from '../../../src/types.js';

const SAFE = 2n ** 53n - 1n;
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 5 });

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '\t', 'é', '😀', '{', '[', '0', '.', '-') }),
);

/** JSON-like values in the dynamic representation: bigint only past 2^53. */
const dynamicLeaf: fc.Arbitrary<Dynamic> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.oneof(fc.bigInt({ min: SAFE + 1n, max: LONG_MAX }), fc.bigInt({ min: LONG_MIN, max: -SAFE - 1n })),
  text,
);
const dynamicValue: fc.Arbitrary<Dynamic> = fc.letrec<{ v: Dynamic }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    dynamicLeaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(text, tie('v'), { maxKeys: 4 }),
  ),
})).v;

function valueOf(t: ScalarType): fc.Arbitrary<Value> {
  switch (t) {
    case 'string':
      return text;
    case 'bool':
      return nullable(fc.boolean());
    case 'int':
      return nullable(fc.integer({ min: INT_MIN, max: INT_MAX }));
    case 'long':
      return nullable(fc.bigInt({ min: LONG_MIN, max: LONG_MAX }));
    case 'real':
    case 'decimal':
      return nullable(fc.double());
    case 'datetime':
      return nullable(fc.bigInt({ min: MIN_DATETIME_TICKS, max: MAX_DATETIME_TICKS }));
    case 'timespan':
      return nullable(fc.bigInt({ min: LONG_MIN, max: LONG_MAX }));
    case 'guid':
      return nullable(fc.uuid().map((u) => u.toLowerCase()));
    case 'dynamic':
      return dynamicValue;
  }
}

const tableArb = (minRows: number): fc.Arbitrary<Table> =>
  fc
    .uniqueArray(fc.tuple(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ ]{0,8}[A-Za-z0-9_]$/), fc.constantFrom(...SCALAR_TYPES)), {
      minLength: 1,
      maxLength: 6,
      selector: ([name]) => name,
    })
    .chain((cols) => {
      const schema: ColumnInfo[] = cols.map(([name, type]) => ({ name, type }));
      const row = fc.tuple(...schema.map((c) => valueOf(c.type)));
      return fc.array(row, { minLength: minRows, maxLength: 8 }).map((rows) => Table.fromRows(schema, rows));
    });

describe('table round trips', () => {
  it('CSV: tableToCsv then load with the same schema gives the same values', () => {
    fc.assert(
      fc.property(tableArb(0), (t) => {
        const back = loadSources([{ file: 'rt.csv', data: tableToCsv(t), format: 'csv' }], { name: 'T', schema: t.schema }).table;
        expect(back.length).toBe(t.length);
        expect(back.rows()).toEqual(t.rows());
      }),
      { numRuns: 300 },
    );
  });

  it('JSON Lines: tableToJsonl then load with the same schema gives the same values', () => {
    fc.assert(
      fc.property(tableArb(1), (t) => {
        const back = loadSources([{ file: 'rt.jsonl', data: tableToJsonl(t), format: 'json' }], { name: 'T', schema: t.schema }).table;
        expect(back.rows()).toEqual(t.rows());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the awkward values of the brief exact', () => {
    const schema: ColumnInfo[] = [
      { name: 'l', type: 'long' },
      { name: 't', type: 'datetime' },
      { name: 's', type: 'string' },
      { name: 'd', type: 'dynamic' },
      { name: 'r', type: 'real' },
    ];
    const rows: Value[][] = [
      [9007199254740993n, 17193168000000001n, 'a,"b"\nc', { big: 9007199254740993n, s: '{"x":1}' }, -0],
      [null, null, '', '123', NaN],
    ];
    const t = Table.fromRows(schema, rows);
    for (const [data, format] of [[tableToCsv(t), 'csv'], [tableToJsonl(t), 'json']] as const) {
      expect(loadSources([{ file: 'x', data, format }], { name: 'T', schema }).table.rows()).toEqual(rows);
    }
  });
});

describe('text round trips', () => {
  it('datetime ticks survive formatDateTime -> parseDateTime over the whole range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: MIN_DATETIME_TICKS, max: MAX_DATETIME_TICKS }), (t) => {
        expect(parseDateTime(formatDateTime(t))).toBe(t);
        expect(parseDateTime(formatDateTime(t, { fraction: 'full' }))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('timespan ticks survive formatTimespan -> parseTimespan over the 64-bit range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: LONG_MIN, max: LONG_MAX }), (t) => {
        expect(parseTimespan(formatTimespan(t))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('dynamic values survive stringifyJson -> parseJsonExact', () => {
    fc.assert(
      fc.property(dynamicValue, (v) => {
        const r = parseJsonExact(stringifyJson(v));
        expect(r.ok && r.value).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });
});
