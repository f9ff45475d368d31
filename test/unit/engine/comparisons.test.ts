// Which comparisons bind: kqlite must accept and reject exactly the operand types Microsoft's binder
// (Kusto.Language) accepts and rejects, for every comparison, set and string operator and every pair of
// scalar types.
import { beforeAll, describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { compileQuery } from '../../../src/engine/index.js';
import { Table, type ColumnInfo } from '../../../src/tables/table.js';
import type { ScalarType } from '../../../src/types.js';
import { rows } from '../../helpers.js';
import { loadMsBinder, type MsBinder } from '../../ms-binder.js';

const TYPES: ScalarType[] = ['string', 'long', 'int', 'real', 'datetime', 'timespan', 'bool', 'dynamic', 'guid', 'decimal'];
const SCHEMA: ColumnInfo[] = [
  ...TYPES.map((t) => ({ name: `c_${t}`, type: t })),
  { name: 'FileName', type: 'string' },
  { name: 'Timestamp', type: 'datetime' },
  { name: 'n', type: 'long' },
];
const tables = new Map([['T', Table.fromRows(SCHEMA, [])]]);

let ms: MsBinder;
beforeAll(() => {
  ms = loadMsBinder(new Map([['T', SCHEMA]]));
}, 60_000);

/** kqlite's bind error for a query, or undefined when it binds. */
function kqliteError(query: string): KqlError | undefined {
  try {
    compileQuery(query, { tables }, 0n);
    return undefined;
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
}

/** Queries on which the two binders disagree (one accepts, the other rejects). */
function disagreements(queries: string[]): string[] {
  const out: string[] = [];
  for (const q of queries) {
    const theirs = ms.errors(q);
    const ours = kqliteError(q);
    if (theirs.length && !ours) out.push(`${q}: Microsoft rejects (${theirs[0]!.message}), kqlite accepts`);
    if (!theirs.length && ours) out.push(`${q}: Microsoft accepts, kqlite rejects (${ours.code} ${ours.message})`);
  }
  return out;
}

describe("comparisons: agreement with Microsoft's binder", () => {
  for (const op of ['==', '!=', '<', '<=', '>', '>=', '<>']) {
    it(`a ${op} b over every pair of types`, () => {
      const queries = TYPES.flatMap((a) => TYPES.map((b) => `T | where c_${a} ${op} c_${b}`));
      expect(disagreements(queries)).toEqual([]);
    });
  }

  it('string operators over every pair of types', () => {
    const ops = ['has', '!has', 'has_cs', 'hasprefix', '!hassuffix_cs', 'contains', '!contains_cs', 'startswith', 'endswith_cs', '=~', '!~', 'like', 'notlike', 'matches regex'];
    const queries = ops.flatMap((op) => TYPES.flatMap((a) => TYPES.map((b) => `T | where c_${a} ${op} c_${b}`)));
    expect(disagreements(queries)).toEqual([]);
  }, 60_000);

  for (const op of ['in', '!in', 'in~', '!in~', 'has_any', 'has_all']) {
    it(`a ${op} (b) and a ${op} (b, literal) over every pair of types`, () => {
      const queries = TYPES.flatMap((a) => TYPES.flatMap((b) => [`T | where c_${a} ${op} (c_${b})`, `T | where c_${a} ${op} (c_${b}, 1, "x")`]));
      expect(disagreements(queries)).toEqual([]);
    });
  }

  it('x between (lo .. hi) over every triple of types', () => {
    const queries = TYPES.flatMap((x) => TYPES.flatMap((lo) => TYPES.map((hi) => `T | where c_${x} between (c_${lo} .. c_${hi})`)));
    expect(disagreements(queries)).toEqual([]);
  }, 60_000);

  it('x !between (lo .. hi) for the forms with literals', () => {
    const queries = [
      'T | where n !between (1 .. 10)',
      'T | where n !between (1 .. 1d)',
      'T | where Timestamp !between (datetime(2024-01-01) .. 1d)',
      'T | where Timestamp between (ago(1d) .. now())',
      'T | where c_dynamic between (1 .. 2)',
      'T | where c_dynamic between (datetime(2024-01-01) .. 1d)',
      'T | where c_timespan between (1h .. 2h)',
      'T | where FileName between ("a" .. "b")',
    ];
    expect(disagreements(queries)).toEqual([]);
  });

  it('comparisons with literals of the other type', () => {
    const queries = [
      'T | where FileName > 5',
      'T | where Timestamp > "text"',
      'T | where n > 1d',
      'T | where FileName in (1, 2)',
      'T | where FileName == 5',
      'T | where Timestamp > ago(1d)',
      'T | where Timestamp > 0',
      'T | where n >= 1.5',
      'T | where c_dynamic > 5',
      'T | where c_dynamic.x > 5',
      'T | where c_dynamic > ago(1d)',
      'T | where todatetime(c_dynamic) > ago(1d)',
      'T | where c_timespan > 1d',
      'T | where c_guid == "x"',
      'print "a" < "b"',
      'print 1 < 2',
    ];
    expect(disagreements(queries)).toEqual([]);
  });

  it('reports a rejected comparison as KQL106 at the operator, where Microsoft does', () => {
    for (const q of ['T | where FileName > 5', 'T | where Timestamp > "text"', 'T | where n > 1d', 'T | where\n  c_guid <= c_guid']) {
      const theirs = ms.errors(q);
      const ours = kqliteError(q);
      expect(theirs).toHaveLength(1);
      expect(ours?.code).toBe('KQL106');
      expect(ours?.span?.start).toBe(theirs[0]!.start);
    }
  });
});

describe('comparison values', () => {
  const T = 'datatable(a:long, b:long, r:real, d:dynamic, t:datetime)[1, 1, 1.5, dynamic(5.5), datetime(2024-01-02), 2, 1, 0.5, dynamic({"n": 3}), datetime(2024-01-05)]';

  it('a single column name in the set of in is that column, not a table', () => {
    expect(rows(`${T} | where a in (b) | project a`)).toEqual([[1n]]);
    expect(rows(`${T} | where a !in (b) | project a`)).toEqual([[2n]]);
  });

  it('long with real compares as numbers; dynamic numbers keep their fraction', () => {
    expect(rows(`${T} | where a > r | project a`)).toEqual([[2n]]);
    expect(rows(`${T} | where d > 5 | project a`)).toEqual([[1n]]);
    expect(rows(`${T} | where d.n >= 3 | project a`)).toEqual([[2n]]);
  });

  it('datetime between (datetime .. timespan) covers [lo, lo + timespan]', () => {
    expect(rows(`${T} | where t between (datetime(2024-01-01) .. 1d) | project a`)).toEqual([[1n]]);
    expect(rows(`${T} | where t !between (datetime(2024-01-01) .. 1d) | project a`)).toEqual([[2n]]);
  });
});
