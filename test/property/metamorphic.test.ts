// Metamorphic properties: relations between the engine's answers to related queries or related tables.
// They need no oracle for the result itself, only for the relation (from docs/kql-semantics.md).

import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import type { QueryResult } from '../../src/result.js';
import type { ScalarType } from '../../src/types.js';
import { evaluate, type RefColumn, type RefTable, type Row } from '../reference/evaluator.js';
import { STRING_OPERATORS } from '../reference/values.js';
import { poolsOf, predicateArb, querySchemaArb, stringArb, substringNeedleArb, summarizeArb, tableArb, termNeedleArb } from './arbitraries.js';
import { canonical, runEngine } from './compare.js';
import { params, PROPERTY_TIMEOUT_MS } from './config.js';
import { isoTicks as isoOf, kqlName, kqlString } from './kql-text.js';

vi.setConfig({ testTimeout: PROPERTY_TIMEOUT_MS });

// ------------------------------------------------------------------------------------------ helpers

const RID: RefColumn = { name: 'rid', type: 'long' };

/** A random table with a unique row id column `rid` first, over a generated schema. */
const idTableArb = (maxRows = 12): fc.Arbitrary<RefTable> =>
  querySchemaArb.chain((schema) => tableArb(schema, { maxRows })).map((t) => ({ columns: [RID, ...t.columns], rows: t.rows.map((r, i) => ({ rid: BigInt(i), ...r })) }));

/** A table and a predicate over it (literals drawn from its rows). */
const tableAndPredicateArb = (maxRows = 12): fc.Arbitrary<{ t: RefTable; pred: string }> =>
  idTableArb(maxRows).chain((t) => predicateArb(t.columns.slice(1), poolsOf([t])).map((pred) => ({ t, pred })));

/** The result as a sorted list of canonical row texts (a multiset). */
function bag(r: QueryResult): string[] {
  return r.rows.map((row) => JSON.stringify(row.map((v, i) => canonical(v, r.columns[i]!.type)))).sort();
}

function sameBag(a: QueryResult, b: QueryResult, what: string): void {
  const x = bag(a);
  const y = bag(b);
  if (JSON.stringify(a.columns) !== JSON.stringify(b.columns)) throw new Error(`${what}: columns differ: ${JSON.stringify(a.columns)} vs ${JSON.stringify(b.columns)}`);
  if (JSON.stringify(x) !== JSON.stringify(y)) throw new Error(`${what}: results differ:\n${x.join('\n')}\n---\n${y.join('\n')}`);
}

/** The row ids a query over T keeps (its `rid` column), sorted. */
function ids(query: string, T: RefTable, extra: Record<string, RefTable> = {}): string[] {
  const r = runEngine(query, { T, ...extra });
  const i = r.columns.findIndex((c) => c.name === 'rid');
  return r.rows.map((row) => String(row[i])).sort();
}

function sameIds(a: string[], b: string[], what: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: row ids differ: [${a.join(',')}] vs [${b.join(',')}]`);
}

function flipCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/** The same table with every ASCII letter of every string cell case-flipped. */
function flipTable(t: RefTable): RefTable {
  const strings = t.columns.filter((c) => c.type === 'string').map((c) => c.name);
  return { columns: t.columns, rows: t.rows.map((r) => ({ ...r, ...Object.fromEntries(strings.map((n) => [n, flipCase(r[n] as string)])) })) };
}

const stringCol = (t: RefTable): RefColumn => t.columns.find((c) => c.type === 'string')!;

// ------------------------------------------------------------------------------------------ properties

describe('metamorphic: input order', () => {
  it('shuffling the rows leaves where results unchanged (as multisets)', () => {
    fc.assert(
      fc.property(
        tableAndPredicateArb().chain(({ t, pred }) => fc.shuffledSubarray(t.rows, { minLength: t.rows.length }).map((rows) => ({ t, pred, shuffled: { ...t, rows } }))),
        ({ t, pred, shuffled }) => sameBag(runEngine(`T | where ${pred}`, { T: t }), runEngine(`T | where ${pred}`, { T: shuffled }), 'shuffled where'),
      ),
      params(80),
    );
  });

  it('shuffling the rows leaves summarize results unchanged (as multisets)', () => {
    fc.assert(
      fc.property(
        idTableArb().chain((t) =>
          fc.tuple(summarizeArb(t.columns.slice(1), poolsOf([t]), { deterministic: true }), fc.shuffledSubarray(t.rows, { minLength: t.rows.length })).map(([s, rows]) => ({ t, q: `T | ${s.text}`, shuffled: { ...t, rows } })),
        ),
        ({ t, q, shuffled }) => {
          // make_list keeps input order (E6), so its lists are compared as multisets (canonical() sorts arrays).
          sameBag(runEngine(q, { T: t }), runEngine(q, { T: shuffled }), 'shuffled summarize');
        },
      ),
      params(80),
    );
  });
});

describe('metamorphic: splitting and union', () => {
  it('union of the two halves of a table gives the same where/summarize results', () => {
    fc.assert(
      fc.property(
        idTableArb().chain((t) =>
          fc.tuple(fc.nat(t.rows.length), fc.oneof(predicateArb(t.columns.slice(1), poolsOf([t])).map((p) => `where ${p}`), summarizeArb(t.columns.slice(1), poolsOf([t]), { deterministic: true }).map((s) => s.text))).map(([cut, op]) => ({ t, cut, op })),
        ),
        ({ t, cut, op }) => {
          const A = { ...t, rows: t.rows.slice(0, cut) };
          const B = { ...t, rows: t.rows.slice(cut) };
          sameBag(runEngine(`T | ${op}`, { T: t }), runEngine(`union A, B | ${op}`, { A, B }), 'split + union');
        },
      ),
      params(80),
    );
  });
});

describe('metamorphic: predicates', () => {
  it('adding rows that fail the predicate (per the reference) leaves where output unchanged', () => {
    fc.assert(
      fc.property(
        tableAndPredicateArb().chain(({ t, pred }) => tableArb(t.columns.slice(1), { maxRows: 10 }).map((extra) => ({ t, pred, extra }))),
        ({ t, pred, extra }) => {
          const extraRows: Row[] = extra.rows.map((r, i) => ({ rid: BigInt(1000 + i), ...r }));
          // Keep only the extra rows on which the reference says the predicate is not true.
          const failing = extraRows.filter((r) => evaluate(`T | where ${pred}`, { T: { columns: t.columns, rows: [r] } }).rows.length === 0);
          const grown: RefTable = { columns: t.columns, rows: [...t.rows, ...failing] };
          sameIds(ids(`T | where ${pred}`, t), ids(`T | where ${pred}`, grown), 'rows failing the predicate were added');
        },
      ),
      params(100),
    );
  });

  it('where p | where q equals where p and q', () => {
    fc.assert(
      fc.property(
        idTableArb().chain((t) => fc.tuple(predicateArb(t.columns.slice(1), poolsOf([t])), predicateArb(t.columns.slice(1), poolsOf([t]))).map(([p, q]) => ({ t, p, q }))),
        ({ t, p, q }) => sameIds(ids(`T | where ${p} | where ${q}`, t), ids(`T | where (${p}) and (${q})`, t), 'where p | where q'),
      ),
      params(80),
    );
  });

  it('where p, where not(p) and where isnull(p) partition the rows (D3, D4)', () => {
    fc.assert(
      fc.property(tableAndPredicateArb(), ({ t, pred }) => {
        const parts = [ids(`T | where ${pred}`, t), ids(`T | where not(${pred})`, t), ids(`T | where isnull(${pred})`, t)];
        const all = parts.flat().sort();
        sameIds(all, t.rows.map((r) => String(r.rid)).sort(), 'p / not(p) / isnull(p)');
      }),
      params(100),
    );
  });

  it('x between (lo .. hi) and x !between (lo .. hi) split the non-null rows (B1, B4, B5)', () => {
    const ordered: ScalarType[] = ['long', 'int', 'real', 'datetime', 'timespan'];
    fc.assert(
      fc.property(
        idTableArb().chain((t) => {
          const cols = t.columns.filter((c) => ordered.includes(c.type) && c.name !== 'rid');
          const values = (c: RefColumn) => t.rows.map((r) => r[c.name]).filter((v) => v !== null);
          return fc.constantFrom(...cols).chain((c) => {
            const vs = values(c);
            const lit = vs.length ? fc.constantFrom(...vs) : fc.constant(null);
            return fc.tuple(lit, lit).map(([a, b]) => ({ t, c, a, b }));
          });
        }),
        ({ t, c, a, b }) => {
          fc.pre(a !== null && b !== null);
          const lit = (v: unknown): string => literalOf(v, c.type);
          const [lo, hi] = [lit(a), lit(b)];
          const inside = ids(`T | where ${kqlName(c.name)} between (${lo} .. ${hi})`, t);
          const outside = ids(`T | where ${kqlName(c.name)} !between (${lo} .. ${hi})`, t);
          const nonNull = t.rows.filter((r) => r[c.name] !== null).map((r) => String(r.rid)).sort();
          sameIds([...inside, ...outside].sort(), nonNull, 'between + !between');
          // The bounds themselves are inside (B1: both ends inclusive) when lo <= hi.
          const atBounds = t.rows.filter((r) => r[c.name] !== null && (r[c.name] === a || r[c.name] === b)).map((r) => String(r.rid));
          if ((a as number | bigint) <= (b as number | bigint)) {
            for (const id of atBounds) if (!inside.includes(id)) throw new Error(`row ${id} equals a bound of between (${lo} .. ${hi}) but is not inside`);
          }
        },
      ),
      params(100),
    );
  });
});

function literalOf(v: unknown, t: ScalarType): string {
  switch (t) {
    case 'long':
      return (v as bigint) < 0n ? `long(${v})` : String(v);
    case 'int':
      return `int(${v})`;
    case 'real':
      return Number.isFinite(v as number) ? `real(${Object.is(v, -0) ? '-0.0' : String(v)})` : (v as number) > 0 ? 'real(+inf)' : 'real(-inf)';
    case 'datetime':
      return `datetime(${isoOf(v as bigint)})`;
    case 'timespan':
      return `${v}tick`;
    default:
      throw new Error(`no literal for ${t}`);
  }
}

describe('metamorphic: letter case', () => {
  const CASELESS = ['has', '!has', 'hasprefix', 'hassuffix', 'contains', '!contains', 'startswith', 'endswith', '=~', '!~'];
  const CASED = ['has_cs', '!has_cs', 'hasprefix_cs', 'hassuffix_cs', 'contains_cs', 'startswith_cs', 'endswith_cs', '==', '!='];

  /**
   * Needles are terms (for the has family), whole values of the data, or substrings of them: a
   * case-flipped whole value is what tells == from =~ and in from in~.
   */
  const caseArb = (ops: string[]) =>
    idTableArb().chain((t) => {
      const p = poolsOf([t]);
      const values = p.strings.filter((v) => /[A-Za-z]/.test(v));
      const whole = values.length ? fc.constantFrom(...values) : termNeedleArb(p);
      const needle = fc.oneof(termNeedleArb(p), whole, substringNeedleArb(p).filter((n) => n !== '' && /[A-Za-z0-9]/.test(n)));
      return fc.tuple(fc.constantFrom(...ops), needle, fc.array(fc.oneof(whole, needle), { minLength: 1, maxLength: 3 })).map(([op, n, list]) => ({ t, op, needle: n, list }));
    });

  it('case-insensitive operators ignore the case of needle and data (A2, A4)', () => {
    fc.assert(
      fc.property(caseArb(CASELESS), ({ t, op, needle, list }) => {
        const s = kqlName(stringCol(t).name);
        const base = ids(`T | where ${s} ${op} ${kqlString(needle)}`, t);
        sameIds(ids(`T | where ${s} ${op} ${kqlString(flipCase(needle))}`, t), base, `${op} with the needle's case flipped`);
        sameIds(ids(`T | where ${s} ${op} ${kqlString(needle)}`, flipTable(t)), base, `${op} with the data's case flipped`);
        const inList = ids(`T | where ${s} in~ (${list.map(kqlString).join(', ')})`, t);
        sameIds(ids(`T | where ${s} in~ (${list.map((x) => kqlString(flipCase(x))).join(', ')})`, t), inList, 'in~ with flipped needles');
      }),
      params(100),
    );
  });

  it('case-sensitive operators change exactly as their definition says when the needle case flips (A2, A4)', () => {
    fc.assert(
      fc.property(caseArb(CASED), ({ t, op, needle, list }) => {
        const col = stringCol(t);
        const s = kqlName(col.name);
        const flipped = flipCase(needle);
        // Expected from the definitions (section A): exact, case-sensitive comparisons of the texts.
        const negated = op.startsWith('!');
        const base = op === '==' || op === '!=' ? '==' : negated ? op.slice(1) : op;
        const test = base === '==' ? (h: string, n: string) => h === n : STRING_OPERATORS[base]!;
        const expected = t.rows.filter((r) => test(r[col.name] as string, flipped) !== negated).map((r) => String(r.rid)).sort();
        sameIds(ids(`T | where ${s} ${op} ${kqlString(flipped)}`, t), expected, `${op} with a case-flipped needle`);
        const expectedIn = t.rows.filter((r) => list.map(flipCase).includes(r[col.name] as string)).map((r) => String(r.rid)).sort();
        sameIds(ids(`T | where ${s} in (${list.map((x) => kqlString(flipCase(x))).join(', ')})`, t), expectedIn, 'in with flipped needles');
      }),
      params(100),
    );
  });
});

describe('metamorphic: aggregates', () => {
  const countsArb = idTableArb().chain((t) => {
    const cols = t.columns.filter((c) => c.type !== 'dynamic' && c.name !== 'rid');
    return fc.constantFrom(...cols).map((c) => ({ t, c }));
  });

  it('count() by k sums to the row count, nulls included (D5.3, E2)', () => {
    fc.assert(
      fc.property(countsArb, ({ t, c }) => {
        const r = runEngine(`T | summarize n = count(), m = count(${kqlName(c.name)}) by ${kqlName(c.name)}`, { T: t });
        const total = r.rows.reduce((s, row) => s + (row[1] as bigint), 0n);
        const totalM = r.rows.reduce((s, row) => s + (row[2] as bigint), 0n);
        if (total !== BigInt(t.rows.length) || totalM !== BigInt(t.rows.length)) throw new Error(`counts add up to ${total}/${totalM}, not ${t.rows.length}`);
      }),
      params(80),
    );
  });

  it('make_set holds each distinct non-null value once; make_list every non-null value; dcount counts them (D5.1, E5, E6)', () => {
    fc.assert(
      fc.property(countsArb, ({ t, c }) => {
        fc.pre(['string', 'long', 'int', 'bool', 'guid'].includes(c.type));
        const n = kqlName(c.name);
        const r = runEngine(`T | summarize s = make_set(${n}), l = make_list(${n}), d = dcount(${n})`, { T: t });
        const [set, list, d] = r.rows[0]! as [unknown[], unknown[], bigint];
        const key = (v: unknown): string => (typeof v === 'number' && Number.isInteger(v) ? String(BigInt(v)) : typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
        const values = t.rows.map((row) => row[c.name]).filter((v) => v !== null).map(key);
        const distinct = [...new Set(values)].sort();
        if (JSON.stringify(set.map(key).sort()) !== JSON.stringify(distinct)) throw new Error(`make_set ${JSON.stringify(set.map(key))} is not the distinct values ${JSON.stringify(distinct)}`);
        if (JSON.stringify(list.map(key).sort()) !== JSON.stringify(values.slice().sort())) throw new Error('make_list is not every non-null value');
        if (d !== BigInt(distinct.length)) throw new Error(`dcount ${d} != ${distinct.length}`);
      }),
      params(80),
    );
  });

  it('min and max are the least and greatest values at full resolution, per group (D5: ticks within one millisecond, longs past 2^53)', () => {
    const ANCHOR_MS = 1_719_748_800_000n; // 2024-06-30T12:00:00Z
    const rowArb = fc.record({
      k: fc.constantFrom('a', 'b', 'c'),
      // A few milliseconds, each holding many 100-ns ticks: only the sub-millisecond part tells values apart.
      t: fc.option(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 9_999 })).map(([ms, sub]) => (ANCHOR_MS + BigInt(ms)) * 10_000n + BigInt(sub)), { freq: 6 }),
      // Longs one apart just past 2^53, where doubles can no longer tell them apart.
      n: fc.option(fc.integer({ min: -3, max: 3 }).map((d) => 2n ** 53n + BigInt(d)), { freq: 6 }),
    });
    const columns: RefColumn[] = [{ name: 'k', type: 'string' }, { name: 't', type: 'datetime' }, { name: 'n', type: 'long' }];
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
        const T: RefTable = { columns, rows: rows as Row[] };
        const r = runEngine('T | summarize tmin = min(t), tmax = max(t), nmin = min(n), nmax = max(n) by k', { T });
        for (const row of r.rows) {
          const group = rows.filter((x) => x.k === row[0]);
          const pick = (vals: (bigint | null)[], max: boolean): bigint | null =>
            vals.reduce<bigint | null>((best, v) => (v === null ? best : best === null || (max ? v > best : v < best) ? v : best), null);
          const want = [pick(group.map((x) => x.t), false), pick(group.map((x) => x.t), true), pick(group.map((x) => x.n), false), pick(group.map((x) => x.n), true)];
          const types: ScalarType[] = ['datetime', 'datetime', 'long', 'long'];
          const got = row.slice(1).map((v, i) => canonical(v, types[i]!));
          const expected = want.map((v, i) => canonical(v, types[i]!));
          if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`group ${String(row[0])}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
        }
      }),
      params(60),
    );
  });

  it('summarize without by over an empty input gives one row of defaults (E3)', () => {
    fc.assert(
      fc.property(
        idTableArb().chain((t) => summarizeArb(t.columns.slice(1), poolsOf([t]), { deterministic: true }).map((s) => ({ t, s }))),
        ({ t, s }) => {
          fc.pre(!s.text.includes(' by '));
          const r = runEngine(`T | where false | ${s.text}`, { T: t });
          if (r.rows.length !== 1) throw new Error(`${r.rows.length} rows from summarize without by over no rows`);
          const ref = evaluate(`T | where false | ${s.text}`, { T: t });
          const types = ref.columns.map((c) => c.type);
          const got = JSON.stringify(r.rows[0]!.map((v, i) => canonical(v, types[i]!)));
          const want = JSON.stringify(ref.rows[0]!.map((v, i) => canonical(v, types[i]!)));
          if (got !== want) throw new Error(`defaults differ: ${got} vs ${want}`);
        },
      ),
      params(60),
    );
  });
});

describe('metamorphic: ordering', () => {
  it('sort is a permutation in key order; take n keeps min(n, rows) rows (H3.5)', () => {
    fc.assert(
      fc.property(
        idTableArb().chain((t) => fc.tuple(fc.constantFrom(...t.columns.filter((c) => c.type !== 'dynamic')), fc.constantFrom('asc', 'desc'), fc.nat(15)).map(([c, dir, n]) => ({ t, c, dir, n }))),
        ({ t, c, dir, n }) => {
          const sorted = runEngine(`T | sort by ${kqlName(c.name)} ${dir}`, { T: t });
          const i = sorted.columns.findIndex((x) => x.name === c.name);
          const vals = sorted.rows.map((r) => r[i]);
          // H3.5: nulls first for asc, last for desc.
          const nulls = vals.map((v) => v === null);
          const firstNonNull = nulls.indexOf(false);
          if (dir === 'asc' && firstNonNull >= 0 && nulls.slice(firstNonNull).includes(true)) throw new Error('asc: a null after a value');
          if (dir === 'desc' && nulls.indexOf(true) >= 0 && nulls.slice(nulls.indexOf(true)).includes(false)) throw new Error('desc: a value after a null');
          const nn = vals.filter((v) => v !== null) as (string | number | bigint | boolean)[];
          for (let k = 1; k < nn.length; k++) {
            const [a, b] = [nn[k - 1]!, nn[k]!];
            if (dir === 'asc' ? a > b : a < b) throw new Error(`out of order: ${String(a)} then ${String(b)}`);
          }
          sameIds(ids(`T | sort by ${kqlName(c.name)} ${dir}`, t), t.rows.map((r) => String(r.rid)).sort(), 'sort permutation');
          if (runEngine(`T | take ${n}`, { T: t }).rows.length !== Math.min(n, t.rows.length)) throw new Error('take count');
        },
      ),
      params(80),
    );
  });
});

describe('metamorphic: joins', () => {
  /**
   * Two tables sharing a key column `k` with few distinct values (so keys repeat on both sides): string
   * keys (never null, D1) or long keys with nulls (H1.5: a null key matches nothing).
   */
  const keysArb = fc.oneof(
    fc.constant<{ type: ScalarType; values: (string | bigint | null)[] }>({ type: 'string', values: ['a', 'b', 'c', 'A', ''] }),
    fc.constant<{ type: ScalarType; values: (string | bigint | null)[] }>({ type: 'long', values: [1n, 2n, 3n, null, null] }),
  );
  const joinArb = keysArb.chain(({ type, values }) =>
    fc
      .tuple(fc.array(fc.tuple(fc.constantFrom(...values), stringArb), { maxLength: 8 }), fc.array(fc.tuple(fc.constantFrom(...values, type === 'string' ? 'd' : 4n), stringArb), { maxLength: 8 }))
      .map(([l, r]) => ({
        L: { columns: [RID, { name: 'k', type }, { name: 'lv', type: 'string' as ScalarType }], rows: l.map(([k, v], i) => ({ rid: BigInt(i), k, lv: v })) },
        R: { columns: [{ name: 'k', type }, { name: 'rv', type: 'string' as ScalarType }], rows: r.map(([k, v]) => ({ k, rv: v })) },
      })),
  );

  /** Rows grouped by key; rows with a null key are in no group (they match nothing). */
  const groupBy = <T>(xs: T[], f: (x: T) => unknown): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const k = f(x);
      if (k === null) continue;
      m.get(String(k))?.push(x) ?? m.set(String(k), [x]);
    }
    return m;
  };

  it('the default join is innerunique: one left row per key, every matching right row (H1.2)', () => {
    fc.assert(
      fc.property(joinArb, ({ L, R }) => {
        const r = runEngine('L | join (R) on k', { L, R });
        const names = r.columns.map((c) => c.name).join(',');
        if (names !== 'rid,k,lv,k1,rv') throw new Error(`columns ${names}`);
        const leftByKey = groupBy(L.rows, (x) => x.k);
        const rightByKey = groupBy(R.rows, (x) => x.k);
        let expectedRows = 0;
        for (const [k, rs] of rightByKey) if (leftByKey.has(k)) expectedRows += rs.length;
        if (r.rows.length !== expectedRows) throw new Error(`innerunique gave ${r.rows.length} rows, expected ${expectedRows}`);
        const outByKey = groupBy(r.rows, (row) => row[1]);
        for (const [k, rows] of outByKey) {
          const rids = new Set(rows.map((row) => String(row[0])));
          if (rids.size !== 1) throw new Error(`key ${k}: ${rids.size} different left rows`);
          const left = L.rows.find((x) => String(x.rid) === [...rids][0]);
          if (!left || String(left.k) !== k) throw new Error(`key ${k}: the left row does not have that key`);
          const gotRight = rows.map((row) => row[4] as string).sort();
          const wantRight = (rightByKey.get(k) ?? []).map((x) => x.rv as string).sort();
          if (JSON.stringify(gotRight) !== JSON.stringify(wantRight)) throw new Error(`key ${k}: right rows differ`);
        }
      }),
      params(100),
    );
  });

  it('kind=inner gives |L_k| x |R_k| rows per key; leftouter adds unmatched left rows; leftanti + leftsemi = left (H1.3)', () => {
    fc.assert(
      fc.property(joinArb, ({ L, R }) => {
        const leftByKey = groupBy(L.rows, (x) => x.k);
        const rightByKey = groupBy(R.rows, (x) => x.k);
        let pairs = 0;
        // Left rows with a null key are unmatched too.
        let unmatched = L.rows.filter((x) => x.k === null).length;
        for (const [k, ls] of leftByKey) {
          const n = rightByKey.get(k)?.length ?? 0;
          pairs += ls.length * n;
          if (n === 0) unmatched += ls.length;
        }
        const count = (q: string): number => runEngine(q, { L, R }).rows.length;
        if (count('L | join kind=inner (R) on k') !== pairs) throw new Error('inner join row count');
        if (count('L | join kind=leftouter (R) on k') !== pairs + unmatched) throw new Error('leftouter row count');
        const semi = ids('L | join kind=leftsemi (R) on k', L, { L, R });
        const anti = ids('L | join kind=leftanti (R) on k', L, { L, R });
        sameIds([...semi, ...anti].sort(), L.rows.map((x) => String(x.rid)).sort(), 'leftsemi + leftanti');
      }),
      params(100),
    );
  });
});
