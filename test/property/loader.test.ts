// Loader properties: any table written to CSV or JSON Lines and loaded back is identical, for every type,
// with nulls, quotes, separators and line breaks inside values, over the bundled schemas and over
// synthetic schemas with awkward column names.

import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { loadSources, tableToCsv, tableToJsonl } from '../../src/tables/load.js';
import type { ColumnInfo } from '../../src/tables/table.js';
import { SCALAR_TYPES, type Dynamic, type ScalarType, type Value } from '../../src/types.js';
import type { RefTable } from '../reference/evaluator.js';
import { BUNDLED, bundledTableArb, realArb, tableArb } from './arbitraries.js';
import { toEngineTable } from './compare.js';
import { params, PROPERTY_TIMEOUT_MS } from './config.js';

vi.setConfig({ testTimeout: PROPERTY_TIMEOUT_MS });

/** Exact equality of two values of a type: bigints by value, doubles by Object.is (NaN = NaN, -0 ≠ 0). */
function sameValue(a: Value, b: Value, t: ScalarType): boolean {
  if (a === null || b === null) return a === b;
  if (t === 'real' || t === 'decimal' || t === 'int') return Object.is(a, b);
  if (t === 'dynamic') return sameDynamic(a as Dynamic, b as Dynamic);
  return a === b;
}

function sameDynamic(a: Dynamic, b: Dynamic): boolean {
  if (a === null || b === null) return a === b;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    // An integer may come back as a number or a bigint; its value must be exact.
    if (typeof a === 'number' && !Number.isInteger(a)) return Object.is(a, b);
    if (typeof b === 'number' && !Number.isInteger(b)) return false;
    return BigInt(a) === BigInt(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameDynamic(x, b[i]!));
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameDynamic(a[k]!, b[k]!));
  }
  return a === b;
}

const show = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : Object.is(x, -0) ? '-0' : x));

/** Write with `format`, load back with the same schema, and compare every cell. */
function roundTrip(t: RefTable, format: 'csv' | 'jsonl'): void {
  const table = toEngineTable(t);
  const text = format === 'csv' ? tableToCsv(table) : tableToJsonl(table);
  const schema: ColumnInfo[] = t.columns.map((c) => ({ name: c.name, type: c.type }));
  const { table: back } = loadSources([{ file: `t.${format}`, data: text, format: format === 'csv' ? 'csv' : 'json' }], { name: 'T', schema });
  if (JSON.stringify(back.schema) !== JSON.stringify(schema)) throw new Error(`schema changed: ${JSON.stringify(back.schema)}`);
  if (back.length !== table.length) throw new Error(`${format}: ${table.length} rows written, ${back.length} read back\n${text}`);
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < schema.length; j++) {
      const a = table.columns[j]!.get(i);
      const b = back.columns[j]!.get(i);
      if (!sameValue(a, b, schema[j]!.type)) {
        throw new Error(`${format}: row ${i}, column ${schema[j]!.name} (${schema[j]!.type}): wrote ${show(a)}, read back ${show(b)}\n--- file ---\n${text}`);
      }
    }
  }
}

/** Column names that stress CSV headers and JSON keys (no leading/trailing spaces: headers are trimmed). */
const awkwardName = fc.constantFrom('a', 'A', 'a b', 'x,y', 'q"q', "it's", 'line\\n', 'Ж', '😀', 'count', 'Column1', '1st');

const everyTypeSchemaArb: fc.Arbitrary<ColumnInfo[]> = fc
  .uniqueArray(awkwardName, { minLength: SCALAR_TYPES.length, maxLength: SCALAR_TYPES.length })
  .map((names) => SCALAR_TYPES.map((type, i) => ({ name: names[i]!, type })));

/** Tables of every type, with NaN in reals too (the loaders must keep it even though queries avoid it). */
const everyTypeTableArb = (minRows: number): fc.Arbitrary<RefTable> => everyTypeSchemaArb.chain((schema) =>
  fc.tuple(tableArb(schema, { minRows, maxRows: 8 }), fc.array(fc.oneof(realArb, fc.constant(NaN)), { minLength: 8, maxLength: 8 })).map(([t, reals]) => {
    const realCol = schema.find((c) => c.type === 'real')!.name;
    return { ...t, rows: t.rows.map((r, i) => (i % 3 === 0 ? { ...r, [realCol]: reals[i]! } : r)) };
  }),
);

describe('loaders: write then read back', () => {
  // A JSON Lines file of zero rows is empty, and the loader rejects empty files (KQL308): that case is
  // pinned in regressions.test.ts, so the JSON Lines properties use tables of at least one row.
  for (const format of ['csv', 'jsonl'] as const) {
    const minRows = format === 'jsonl' ? 1 : 0;
    it(`${format}: every type, nulls, quotes, separators and line breaks survive`, () => {
      fc.assert(fc.property(everyTypeTableArb(minRows), (t) => roundTrip(t, format)), params(150));
    });

    it(`${format}: rows of any bundled table schema survive`, () => {
      fc.assert(
        fc.property(bundledTableArb({ maxRows: 4 }), ({ name, table }) => {
          fc.pre(table.rows.length >= minRows);
          if (JSON.stringify(BUNDLED.get(name)) !== JSON.stringify(table.columns)) throw new Error('schema mismatch');
          roundTrip(table, format);
        }),
        params(60),
      );
    });
  }
});
