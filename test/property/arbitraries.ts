// fast-check generators: values of every KQL type (valid and adversarial), rows and tables of any bundled
// schema, and queries over the language the engine supports (where, extend, project, summarize, sort,
// take, top, distinct, join, union, mv-expand, ...). Queries are generated together with their tables so
// that literals and needles are drawn from the data: predicates then select some rows, not none or all.

import fc from 'fast-check';
import { SchemaCatalog } from '../../src/tables/schema.js';
import type { ColumnInfo } from '../../src/tables/table.js';
import type { Dynamic, ScalarType, Value } from '../../src/types.js';
import type { RefColumn, RefTable, Row } from '../reference/evaluator.js';
import { kqlLiteral, kqlLong, kqlName, kqlString, kqlTimespan } from './kql-text.js';

// ------------------------------------------------------------------------------------------- values

export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;
/** Datetime range (C1.1), as ticks since 1970. */
export const MIN_DATETIME = -621_355_968_000_000_000n;
export const MAX_DATETIME = 2_534_023_007_999_999_999n;
const DAY = 864_000_000_000n;
const HOUR = 36_000_000_000n;
/** 2024-06-30T12:00:00Z: the anchor most generated datetimes cluster around. */
export const ANCHOR = 17_197_488_000_000_000n;

/** ASCII letters in both cases, digits, punctuation, whitespace and a few non-ASCII characters whose case
 * mappings agree between JS and .NET (no ß, İ, Kelvin sign: A.4.5 lists those as open questions). */
const ASCII_CHARS = 'abcXYZ019 -_.:;,/\\"\'()[]{}@#$%&*+=<>?!|~`^\t';
const UNICODE_CHARS = ['é', 'É', 'ü', 'Ü', 'ж', 'Ж', 'ω', 'Ω', '中', '😀', '\u0301', '\u00a0', '\u200b', '™', '½'];
const WORDS = ['cmd', 'CMD', 'Cmd', 'exe', 'powershell', 'PowerShell', 'North', 'america', 'Kusto', 'Explorer', 'run', 'a', 'b', 'x1', '42', 'admin', 'Admin'];
const SEPARATORS = [' ', '.', '-', '\\', '/', ':', ';', ',', '_', '"', "'", '\n', '', '..', ' - '];

const charArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ASCII_CHARS) },
  { weight: 1, arbitrary: fc.constantFrom(...UNICODE_CHARS) },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\r', '\u0001') },
);

/** Strings built from words and separators: realistic command lines and paths, with term collisions. */
const wordyStringArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

/** Adversarial strings: empty, whitespace, punctuation only, Unicode, quotes, line breaks, very long. */
export const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: wordyStringArb },
  { weight: 3, arbitrary: fc.string({ unit: charArb, maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'cmd.exe',
      'C:\\Windows\\System32\\cmd.exe /c whoami',
      'KustoExplorerQueryRun',
      'North America',
      'ad67d136-c1db-4f9f',
      '"quoted, with comma"',
      'line1\nline2',
      '...',
      'ÉCOLE école',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(wordyStringArb, fc.integer({ min: 100, max: 400 })).map(([w, n]) => (w + ' ').repeat(Math.ceil(n / (w.length + 1))).slice(0, n)) },
);

/** Longs: small values, values around 2^53 (where doubles lose exactness) and the 64-bit extremes. */
export const longArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt(-5n, 5n) },
  { weight: 2, arbitrary: fc.bigInt(-1000n, 1000n) },
  { weight: 2, arbitrary: fc.bigInt(-4n, 4n).map((d) => 2n ** 53n + d) },
  { weight: 1, arbitrary: fc.bigInt(-4n, 4n).map((d) => -(2n ** 53n) + d) },
  { weight: 2, arbitrary: fc.bigInt(LONG_MIN, LONG_MAX) },
  { weight: 1, arbitrary: fc.constantFrom(LONG_MIN, LONG_MAX, LONG_MIN + 1n, LONG_MAX - 1n) },
);

export const intArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
);

/** Reals without NaN (its comparison semantics are not documented); infinities and -0 included. */
export const realArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -20, max: 20 }).map((n) => n / 4) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, -0, 0.1, 2 ** 53, 1e300, 5e-324) },
);

/** Datetimes anywhere in Kusto's range at 100-ns resolution, and many near one anchor (so bins and literals collide). */
export const datetimeArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 2, arbitrary: fc.bigInt(MIN_DATETIME, MAX_DATETIME) },
  { weight: 3, arbitrary: fc.bigInt(-3n * DAY, 3n * DAY).map((d) => ANCHOR + d) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: -72, max: 72 }), fc.constantFrom(0n, 1n, -1n, 5_000n, 9_999n)).map(([h, t]) => ANCHOR + BigInt(h) * HOUR + t) },
  { weight: 1, arbitrary: fc.constantFrom(MIN_DATETIME, MAX_DATETIME, 0n, -1n) },
);

export const timespanArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt(-10n * DAY, 10n * DAY),
  fc.integer({ min: -48, max: 48 }).map((h) => BigInt(h) * HOUR),
  fc.constantFrom(0n, 1n, -1n, DAY),
);

export const guidArb: fc.Arbitrary<string> = fc.uuid().map((u) => u.toLowerCase());

/** Dynamic values: scalars, longs past 2^53, arrays (empty too), property bags, nesting. */
export const dynamicArb: fc.Arbitrary<Dynamic> = fc.letrec<{ d: Dynamic; scalar: Dynamic }>((tie) => ({
  scalar: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(2n ** 53n + 1n, -(2n ** 60n)),
    fc.constantFrom(0.5, -1.25),
    fc.constantFrom('a', 'A', 'cmd.exe', '', 'x y'),
  ),
  d: fc.oneof(
    { weight: 2, arbitrary: tie('scalar') },
    { weight: 4, arbitrary: fc.array(tie('scalar'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(tie('scalar'), fc.array(tie('scalar'), { maxLength: 2 })), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('k', 'K', 'a b', 'n'), tie('scalar'), { maxKeys: 3 }) },
  ),
})).d;

/** A value of a type; non-string types are null about one time in six (D1: strings are never null). */
export function valueArb(type: ScalarType): fc.Arbitrary<Value> {
  const base = ((): fc.Arbitrary<Value> => {
    switch (type) {
      case 'string':
        return stringArb;
      case 'long':
        return longArb;
      case 'int':
        return intArb;
      case 'real':
      case 'decimal':
        return realArb;
      case 'bool':
        return fc.boolean();
      case 'datetime':
        return datetimeArb;
      case 'timespan':
        return timespanArb;
      case 'guid':
        return guidArb;
      case 'dynamic':
        return dynamicArb;
    }
  })();
  if (type === 'string') return base;
  return fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) });
}

// ------------------------------------------------------------------------------------ rows and tables

export function rowArb(columns: readonly ColumnInfo[]): fc.Arbitrary<Row> {
  return fc.tuple(...columns.map((c) => valueArb(c.type))).map((vals) => Object.fromEntries(columns.map((c, i) => [c.name, vals[i]!])) as Row);
}

export function tableArb(columns: readonly ColumnInfo[], opts: { minRows?: number; maxRows?: number } = {}): fc.Arbitrary<RefTable> {
  return fc.array(rowArb(columns), { minLength: opts.minRows ?? 0, maxLength: opts.maxRows ?? 12 }).map((rows) => ({ columns: columns.map((c) => ({ ...c })), rows }));
}

export const BUNDLED = SchemaCatalog.bundled('merged');
export const BUNDLED_TABLES: readonly string[] = BUNDLED.names();

/** A bundled table's name and rows for its full schema. */
export function bundledTableArb(opts: { maxRows?: number } = {}): fc.Arbitrary<{ name: string; table: RefTable }> {
  return fc.constantFrom(...BUNDLED_TABLES).chain((name) => tableArb(BUNDLED.get(name)!, { maxRows: opts.maxRows ?? 5 }).map((table) => ({ name, table })));
}

const QUERY_TYPES: ScalarType[] = ['string', 'string', 'long', 'int', 'real', 'bool', 'datetime', 'dynamic', 'guid', 'timespan'];

/**
 * A schema for generated queries: real column names from a bundled table, topped up from other bundled
 * tables (or a synthetic name) so that every type the generators use is present.
 */
export const querySchemaArb: fc.Arbitrary<RefColumn[]> = fc
  .tuple(fc.constantFrom(...BUNDLED_TABLES), fc.array(fc.constantFrom(...BUNDLED_TABLES), { minLength: 3, maxLength: 3 }), fc.subarray(QUERY_TYPES.slice(4), { minLength: 2 }))
  .map(([main, others, extra]) => {
    const wanted = [...QUERY_TYPES.slice(0, 4), ...extra];
    const out: RefColumn[] = [];
    for (const type of wanted) {
      const candidates = [main, ...others].flatMap((t) => BUNDLED.get(t)!.filter((c) => c.type === type));
      const pick = candidates.find((c) => !out.some((o) => o.name === c.name));
      out.push({ name: pick?.name ?? `${type}_col${out.length}`, type });
    }
    return out;
  });

// ---------------------------------------------------------------------------------------- literal pools

/** Values drawn from the data, so generated literals hit rows (and sit on boundaries). */
export interface Pools {
  strings: string[];
  longs: bigint[];
  datetimes: bigint[];
  reals: number[];
  guids: string[];
  /** Built lazily: the distinct terms of the strings, and generators already made for a schema. */
  terms?: string[];
  cache?: Map<string, fc.Arbitrary<unknown>>;
}

/** Generators are rebuilt for every stage of every case; memoise them per data pools and schema. */
function memo<T>(p: Pools, key: string, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  p.cache ??= new Map();
  let a = p.cache.get(key) as fc.Arbitrary<T> | undefined;
  if (!a) p.cache.set(key, (a = make()));
  return a;
}

const schemaKey = (s: Schema): string => s.map((c) => `${c.name}:${c.type}`).join(',');

export function poolsOf(tables: RefTable[]): Pools {
  const p: Pools = { strings: [], longs: [], datetimes: [], reals: [], guids: [] };
  for (const t of tables) {
    for (const r of t.rows) {
      for (const c of t.columns) {
        const v = r[c.name];
        if (v === null || v === undefined) continue;
        if (c.type === 'string') p.strings.push(v as string);
        else if (c.type === 'long') p.longs.push(v as bigint);
        else if (c.type === 'int') p.longs.push(BigInt(v as number));
        else if (c.type === 'datetime') p.datetimes.push(v as bigint);
        else if (c.type === 'real') p.reals.push(v as number);
        else if (c.type === 'guid') p.guids.push(v as string);
      }
    }
  }
  return p;
}

const fromPool = <T>(pool: T[], fallback: fc.Arbitrary<T>): fc.Arbitrary<T> => (pool.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fallback }) : fallback);

function flipCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/** The terms of a string (A1.1), for needles of the has family. */
export function asciiTerms(s: string): string[] {
  return s.split(/[^A-Za-z0-9]+/).filter((t) => t.length > 0);
}

/** A needle for the has family: alphanumeric (terms, term prefixes/suffixes, case-flipped) or a punctuated needle (A2.3). */
export function termNeedleArb(p: Pools, opts: { punctuated?: boolean } = {}): fc.Arbitrary<string> {
  return memo(p, `needle:${!!opts.punctuated}`, () => makeTermNeedleArb(p, opts));
}

function makeTermNeedleArb(p: Pools, opts: { punctuated?: boolean }): fc.Arbitrary<string> {
  const terms = (p.terms ??= [...new Set(p.strings.flatMap(asciiTerms))]);
  const base = fc.constantFrom(...(terms.length ? terms : ['cmd', 'North']), 'cmd', 'exe', 'x1');
  const variants = base.chain((t) =>
    fc.oneof(
      fc.constant(t),
      fc.constant(flipCase(t)),
      fc.integer({ min: 1, max: Math.max(1, t.length) }).map((n) => t.slice(0, n)),
      fc.integer({ min: 0, max: Math.max(0, t.length - 1) }).map((n) => t.slice(n)),
    ),
  );
  if (!opts.punctuated) return variants;
  const punctuated = fromPool(p.strings, wordyStringArb)
    .filter((s) => /[A-Za-z0-9]/.test(s))
    .chain((s) => fc.tuple(fc.nat(s.length), fc.nat(s.length)).map(([a, b]) => s.slice(Math.min(a, b), Math.max(a, b) + 1)))
    .filter((s) => /[A-Za-z0-9]/.test(s) && s.trim() === s && s.length > 0);
  return fc.oneof({ weight: 3, arbitrary: variants }, { weight: 1, arbitrary: punctuated });
}

/** A needle for contains/startswith/==: any substring of a data value, case-flipped or not, or a random string. */
export function substringNeedleArb(p: Pools): fc.Arbitrary<string> {
  return memo(p, 'substring', () => makeSubstringNeedleArb(p));
}

function makeSubstringNeedleArb(p: Pools): fc.Arbitrary<string> {
  return fromPool(p.strings, stringArb).chain((s) =>
    fc.oneof(
      fc.constant(s),
      fc.constant(flipCase(s)),
      fc.tuple(fc.nat(s.length), fc.nat(s.length)).map(([a, b]) => Array.from(s).slice(Math.min(a, b), Math.max(a, b)).join('')),
    ),
  );
}

// ------------------------------------------------------------------------------------------- queries

/** What the generators know about the table being piped: its columns. */
export type Schema = RefColumn[];

const colsOf = (s: Schema, ...types: ScalarType[]): RefColumn[] => s.filter((c) => types.includes(c.type));
const has = (s: Schema, ...types: ScalarType[]): boolean => colsOf(s, ...types).length > 0;
const pickCol = (s: Schema, ...types: ScalarType[]): fc.Arbitrary<RefColumn> => fc.constantFrom(...colsOf(s, ...types));
const ref = (c: RefColumn): string => kqlName(c.name);

function longLiteralArb(p: Pools): fc.Arbitrary<string> {
  return fromPool(p.longs, longArb).chain((v) => fc.constantFrom(v, v + 1n, v - 1n)).filter((v) => v >= LONG_MIN && v <= LONG_MAX).map(kqlLong);
}

function datetimeLiteralArb(p: Pools): fc.Arbitrary<string> {
  return fromPool(p.datetimes, datetimeArb).chain((v) => fc.constantFrom(v, v + 1n, v - 1n)).filter((v) => v >= MIN_DATETIME && v <= MAX_DATETIME).map((v) => kqlLiteral(v, 'datetime'));
}

function literalFor(c: RefColumn, p: Pools): fc.Arbitrary<string> {
  switch (c.type) {
    case 'long':
    case 'int':
      return longLiteralArb(p);
    case 'real':
      return fromPool(p.reals, realArb).map((v) => kqlLiteral(v, 'real'));
    case 'datetime':
      return datetimeLiteralArb(p);
    case 'timespan':
      return timespanArb.map(kqlTimespan);
    case 'guid':
      return fromPool(p.guids, guidArb).map((g) => `guid(${g})`);
    case 'bool':
      return fc.constantFrom('true', 'false');
    case 'string':
      return substringNeedleArb(p).map(kqlString);
    default:
      throw new Error(`no literal for ${c.type}`);
  }
}

const CASELESS_STRING_OPS = ['has', '!has', 'hasprefix', '!hasprefix', 'hassuffix', '!hassuffix'];
const CS_TERM_OPS = ['has_cs', '!has_cs', 'hasprefix_cs', '!hasprefix_cs', 'hassuffix_cs', '!hassuffix_cs'];
const SUBSTRING_OPS = ['contains', '!contains', 'contains_cs', '!contains_cs', 'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs', '==', '!=', '=~', '!~'];

/** A bool predicate over a schema. `depth` bounds and/or/not nesting. */
export function predicateArb(s: Schema, p: Pools, depth = 2): fc.Arbitrary<string> {
  return memo(p, `pred:${depth}:${schemaKey(s)}`, () => makePredicateArb(s, p, depth));
}

function makePredicateArb(s: Schema, p: Pools, depth: number): fc.Arbitrary<string> {
  const atoms: fc.Arbitrary<string>[] = [];
  if (has(s, 'string')) {
    atoms.push(fc.tuple(pickCol(s, 'string'), fc.constantFrom(...CASELESS_STRING_OPS), termNeedleArb(p, { punctuated: true })).map(([c, op, n]) => `${ref(c)} ${op} ${kqlString(op.includes('prefix') || op.includes('suffix') ? n.replace(/[^A-Za-z0-9]/g, '') || 'x' : n)}`));
    atoms.push(fc.tuple(pickCol(s, 'string'), fc.constantFrom(...CS_TERM_OPS), termNeedleArb(p)).map(([c, op, n]) => `${ref(c)} ${op} ${kqlString(n)}`));
    atoms.push(fc.tuple(pickCol(s, 'string'), fc.constantFrom(...SUBSTRING_OPS), substringNeedleArb(p)).map(([c, op, n]) => `${ref(c)} ${op} ${kqlString(n)}`));
    atoms.push(
      fc.tuple(pickCol(s, 'string'), fc.constantFrom('in', '!in', 'in~', '!in~'), fc.array(substringNeedleArb(p), { minLength: 1, maxLength: 4 })).map(([c, op, ns]) => `${ref(c)} ${op} (${ns.map(kqlString).join(', ')})`),
    );
    atoms.push(
      fc.tuple(pickCol(s, 'string'), fc.constantFrom('has_any', 'has_all'), fc.array(termNeedleArb(p), { minLength: 1, maxLength: 3 })).map(([c, op, ns]) => `${ref(c)} ${op} (${ns.map(kqlString).join(', ')})`),
    );
    atoms.push(fc.tuple(pickCol(s, 'string'), fc.constantFrom('isempty', 'isnotempty')).map(([c, f]) => `${f}(${ref(c)})`));
  }
  const ordered = colsOf(s, 'long', 'int', 'real', 'datetime', 'timespan');
  if (ordered.length) {
    atoms.push(
      fc.constantFrom(...ordered).chain((c) => fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>='), literalFor(c, p)).map(([op, lit]) => `${ref(c)} ${op} ${lit}`)),
    );
    atoms.push(
      fc.constantFrom(...ordered).chain((c) =>
        fc.tuple(fc.boolean(), literalFor(c, p), literalFor(c, p)).map(([neg, lo, hi]) => `${ref(c)} ${neg ? '!between' : 'between'} (${lo} .. ${hi})`),
      ),
    );
  }
  if (has(s, 'datetime')) {
    // B3: a datetime range given as start .. timespan.
    atoms.push(fc.tuple(pickCol(s, 'datetime'), datetimeLiteralArb(p), fc.constantFrom('1h', '1d', '3d', '1tick', '0tick')).map(([c, lo, span]) => `${ref(c)} between (${lo} .. ${span})`));
  }
  if (has(s, 'long', 'int')) {
    atoms.push(
      fc.tuple(pickCol(s, 'long', 'int'), fc.constantFrom('in', '!in'), fc.array(longLiteralArb(p), { minLength: 1, maxLength: 4 })).map(([c, op, ls]) => `${ref(c)} ${op} (${ls.join(', ')})`),
    );
    // A4.2: a dynamic array on the right side is flattened into the set.
    atoms.push(
      fc.tuple(pickCol(s, 'long', 'int'), fc.constantFrom('in', '!in'), fc.array(fc.bigInt(-5n, 5n), { maxLength: 4 })).map(([c, op, ls]) => `${ref(c)} ${op} (dynamic([${ls.join(', ')}]))`),
    );
  }
  if (has(s, 'string')) {
    atoms.push(
      fc.tuple(pickCol(s, 'string'), fc.constantFrom('in', '!in', 'in~', '!in~', 'has_any', 'has_all'), fc.array(termNeedleArb(p), { maxLength: 3 })).map(([c, op, ns]) => `${ref(c)} ${op} (dynamic([${ns.map(kqlString).join(', ')}]))`),
    );
  }
  if (has(s, 'bool')) atoms.push(pickCol(s, 'bool').chain((c) => fc.constantFrom(ref(c), `${ref(c)} == true`, `${ref(c)} != false`, `not(${ref(c)})`)));
  if (has(s, 'guid')) atoms.push(pickCol(s, 'guid').chain((c) => literalFor(c, p).map((lit) => `${ref(c)} == ${lit}`)));
  const nullable = s.filter((c) => c.type !== 'string');
  if (nullable.length) atoms.push(fc.tuple(fc.constantFrom(...nullable), fc.constantFrom('isnull', 'isnotnull')).map(([c, f]) => `${f}(${ref(c)})`));
  if (!atoms.length) atoms.push(fc.constantFrom('true', 'false'));
  const atom = fc.oneof(...atoms);
  if (depth <= 0) return atom;
  const sub = predicateArb(s, p, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: atom },
    { weight: 1, arbitrary: fc.tuple(sub, sub).map(([a, b]) => `(${a}) and (${b})`) },
    { weight: 1, arbitrary: fc.tuple(sub, sub).map(([a, b]) => `(${a}) or (${b})`) },
    { weight: 1, arbitrary: sub.map((a) => `not(${a})`) },
  );
}

/** A scalar expression and its type, for extend/project/summarize keys. */
export function scalarExprArb(s: Schema, p: Pools): fc.Arbitrary<{ text: string; type: ScalarType }> {
  return memo(p, `scalar:${schemaKey(s)}`, () => makeScalarExprArb(s, p));
}

function makeScalarExprArb(s: Schema, p: Pools): fc.Arbitrary<{ text: string; type: ScalarType }> {
  const opts: fc.Arbitrary<{ text: string; type: ScalarType }>[] = [];
  if (has(s, 'string')) {
    opts.push(pickCol(s, 'string').chain((c) => fc.constantFrom(`strlen(${ref(c)})`).map((text) => ({ text, type: 'long' as ScalarType }))));
    opts.push(pickCol(s, 'string').chain((c) => fc.constantFrom(`tolower(${ref(c)})`, `toupper(${ref(c)})`, `strcat(${ref(c)}, "|", ${ref(c)})`).map((text) => ({ text, type: 'string' as ScalarType }))));
  }
  if (has(s, 'long', 'int')) {
    opts.push(
      fc.tuple(pickCol(s, 'long', 'int'), fc.constantFrom('+', '-', '*', '%', '/'), fc.bigInt(1n, 7n), fc.boolean()).map(([c, op, k, neg]) => ({
        text: `${ref(c)} ${op} ${neg && op !== '%' && op !== '/' ? kqlLong(-k) : kqlLong(k)}`,
        type: 'long' as ScalarType,
      })),
    );
    opts.push(fc.tuple(pickCol(s, 'long', 'int'), fc.bigInt(1n, 10n)).map(([c, k]) => ({ text: `bin(${ref(c)}, ${k})`, type: 'long' as ScalarType })));
    opts.push(pickCol(s, 'long', 'int').map((c) => ({ text: `tostring(${ref(c)})`, type: 'string' as ScalarType })));
  }
  if (has(s, 'real')) opts.push(pickCol(s, 'real').map((c) => ({ text: `${ref(c)} * 2.0`, type: 'real' as ScalarType })));
  if (has(s, 'datetime')) {
    opts.push(fc.tuple(pickCol(s, 'datetime'), fc.constantFrom('1h', '1d', '7d', '1s', '15m')).map(([c, span]) => ({ text: `bin(${ref(c)}, ${span})`, type: 'datetime' as ScalarType })));
  }
  if (has(s, 'string')) {
    opts.push(
      fc.tuple(fc.uniqueArray(pickCol(s, 'string'), { minLength: 1, maxLength: 2, selector: (c) => c.name }), substringNeedleArb(p)).map(([cs, d]) => ({
        text: `coalesce(${[...cs.map(ref), kqlString(d)].join(', ')})`,
        type: 'string' as ScalarType,
      })),
    );
    opts.push(
      fc.tuple(predicateArb(s, p, 0), predicateArb(s, p, 0), pickCol(s, 'string'), substringNeedleArb(p)).map(([a, b, c, d]) => ({
        text: `case(${a}, ${ref(c)}, ${b}, ${kqlString(d)}, "other")`,
        type: 'string' as ScalarType,
      })),
    );
  }
  if (has(s, 'long')) opts.push(fc.tuple(pickCol(s, 'long'), longLiteralArb(p)).map(([c, lit]) => ({ text: `coalesce(${ref(c)}, ${lit})`, type: 'long' as ScalarType })));
  if (has(s, 'string', 'bool')) {
    opts.push(
      fc.tuple(predicateArb(s, p, 0), substringNeedleArb(p), substringNeedleArb(p)).map(([c, a, b]) => ({ text: `iff(${c}, ${kqlString(a)}, ${kqlString(b)})`, type: 'string' as ScalarType })),
    );
  }
  opts.push(predicateArb(s, p, 1).map((text) => ({ text, type: 'bool' as ScalarType })));
  return fc.oneof(...opts);
}

/** One generated pipeline stage: its text and the schema after it. `last` stages end the pipeline. */
interface Stage {
  text: string;
  schema: Schema;
  last?: boolean;
}

function uniqueName(name: string, taken: Set<string>): string {
  let out = name;
  for (let i = 1; taken.has(out); i++) out = `${name}${i}`;
  taken.add(out);
  return out;
}

/** Aggregates over a schema: `[text, output name, output type]`. Names are explicit or Kusto's defaults. */
function aggregateArb(s: Schema, p: Pools): fc.Arbitrary<{ call: string; name: string; type: ScalarType }> {
  const opts: fc.Arbitrary<{ call: string; name: string; type: ScalarType }>[] = [fc.constant({ call: 'count()', name: 'count_', type: 'long' as ScalarType })];
  opts.push(predicateArb(s, p, 0).map((pred) => ({ call: `countif(${pred})`, name: 'countif_', type: 'long' as ScalarType })));
  const scalar = s.filter((c) => c.type !== 'dynamic');
  if (scalar.length) opts.push(fc.constantFrom(...scalar).map((c) => ({ call: `dcount(${ref(c)})`, name: `dcount_${c.name}`, type: 'long' as ScalarType })));
  if (scalar.length) opts.push(fc.constantFrom(...s).map((c) => ({ call: `count(${ref(c)})`, name: `count_${c.name}`, type: 'long' as ScalarType })));
  if (has(s, 'long', 'int', 'real', 'timespan')) {
    opts.push(
      pickCol(s, 'long', 'int', 'real', 'timespan').map((c) => ({ call: `sum(${ref(c)})`, name: `sum_${c.name}`, type: (c.type === 'real' ? 'real' : c.type === 'timespan' ? 'timespan' : 'long') as ScalarType })),
    );
  }
  if (has(s, 'long', 'int', 'real')) {
    opts.push(
      fc.tuple(pickCol(s, 'long', 'int', 'real'), predicateArb(s, p, 0)).map(([c, pred]) => ({ call: `sumif(${ref(c)}, ${pred})`, name: `sumif_${c.name}`, type: (c.type === 'real' ? 'real' : 'long') as ScalarType })),
    );
  }
  if (has(s, 'long', 'int', 'real')) {
    opts.push(pickCol(s, 'long', 'int', 'real').map((c) => ({ call: `avg(${ref(c)})`, name: `avg_${c.name}`, type: 'real' as ScalarType })));
    opts.push(fc.tuple(pickCol(s, 'long', 'int', 'real'), predicateArb(s, p, 0)).map(([c, pred]) => ({ call: `avgif(${ref(c)}, ${pred})`, name: `avgif_${c.name}`, type: 'real' as ScalarType })));
  }
  if (has(s, 'int')) {
    // Over ints only: their squares stay well inside a double, so the summation order does not show.
    opts.push(fc.tuple(fc.constantFrom('variance', 'variancep', 'stdev', 'stdevp'), pickCol(s, 'int')).map(([f, c]) => ({ call: `${f}(${ref(c)})`, name: `${f}_${c.name}`, type: 'real' as ScalarType })));
  }
  if (scalar.length) opts.push(fc.constantFrom(...scalar).map((c) => ({ call: `count_distinct(${ref(c)})`, name: `count_distinct_${c.name}`, type: 'long' as ScalarType })));
  const ordered = colsOf(s, 'long', 'int', 'real', 'datetime', 'timespan', 'string');
  if (ordered.length) {
    opts.push(fc.tuple(fc.constantFrom('min', 'max'), fc.constantFrom(...ordered)).map(([f, c]) => ({ call: `${f}(${ref(c)})`, name: `${f}_${c.name}`, type: c.type })));
    opts.push(
      fc.tuple(fc.constantFrom('minif', 'maxif'), fc.constantFrom(...ordered), predicateArb(s, p, 0)).map(([f, c, pred]) => ({ call: `${f}(${ref(c)}, ${pred})`, name: `${f}_${c.name}`, type: c.type })),
    );
  }
  const settable = colsOf(s, 'string', 'long', 'int', 'bool', 'guid', 'dynamic');
  if (settable.length) {
    opts.push(fc.tuple(fc.constantFrom('make_set', 'make_list'), fc.constantFrom(...settable)).map(([f, c]) => ({ call: `${f}(${ref(c)})`, name: `${f === 'make_set' ? 'set' : 'list'}_${c.name}`, type: 'dynamic' as ScalarType })));
    opts.push(
      fc.tuple(fc.constantFrom('make_set_if', 'make_list_if'), fc.constantFrom(...settable), predicateArb(s, p, 0)).map(([f, c, pred]) => ({
        call: `${f}(${ref(c)}, ${pred})`,
        name: `${f === 'make_set_if' ? 'set' : 'list'}_${c.name}`,
        type: 'dynamic' as ScalarType,
      })),
    );
    opts.push(fc.tuple(pickCol(s, 'string', 'long', 'int', 'bool', 'guid', 'dynamic'), predicateArb(s, p, 0)).map(([c, pred]) => ({ call: `dcountif(${ref(c)}, ${pred})`, name: `dcountif_${c.name}`, type: 'long' as ScalarType })));
  }
  return fc.oneof(...opts);
}

/** A `by` key: a column, bin() of a column, or a named computed key. */
function groupKeyArb(s: Schema, p: Pools): fc.Arbitrary<{ text: string; name: string; type: ScalarType }> {
  const opts: fc.Arbitrary<{ text: string; name: string; type: ScalarType }>[] = [];
  const plain = colsOf(s, 'string', 'long', 'int', 'bool', 'guid', 'datetime', 'timespan');
  if (plain.length) opts.push(fc.constantFrom(...plain).map((c) => ({ text: ref(c), name: c.name, type: c.type })));
  if (has(s, 'datetime')) opts.push(fc.tuple(pickCol(s, 'datetime'), fc.constantFrom('1h', '1d', '7d')).map(([c, span]) => ({ text: `bin(${ref(c)}, ${span})`, name: c.name, type: 'datetime' as ScalarType })));
  if (has(s, 'long', 'int')) opts.push(fc.tuple(pickCol(s, 'long', 'int'), fc.bigInt(2n, 5n)).map(([c, k]) => ({ text: `bin(${ref(c)}, ${k})`, name: c.name, type: 'long' as ScalarType })));
  if (has(s, 'string')) opts.push(pickCol(s, 'string').map((c) => ({ text: `k_lower = tolower(${ref(c)})`, name: 'k_lower', type: 'string' as ScalarType })));
  opts.push(predicateArb(s, p, 0).map((pred) => ({ text: `k_pred = ${pred}`, name: 'k_pred', type: 'bool' as ScalarType })));
  return fc.oneof(...opts);
}

/** arg_max/arg_min(E, *) or (E, c1, c2): E a column; output columns named after the columns (E7). */
function argExtremeArb(s: Schema): fc.Arbitrary<{ fn: string; key: RefColumn; cols: RefColumn[] | '*' }> | undefined {
  const keys = colsOf(s, 'long', 'int', 'real', 'datetime', 'timespan');
  if (!keys.length) return undefined;
  return fc
    .tuple(fc.constantFrom('arg_max', 'arg_min'), fc.constantFrom(...keys), fc.oneof(fc.constant('*' as const), fc.subarray(s, { minLength: 1, maxLength: Math.min(3, s.length) })))
    .map(([fn, key, cols]) => ({ fn, key, cols: cols === '*' ? cols : cols.filter((c) => c.name !== key.name) }));
}

/**
 * A summarize stage. `deterministic` is for properties that compare the engine with itself on reordered
 * input: it leaves out arg_max/arg_min, whose other columns come from an arbitrary row among ties (E7),
 * and aggregates with real results, whose floating-point sums depend on the order of the rows.
 */
export function summarizeArb(s: Schema, p: Pools, opts: { deterministic?: boolean } = {}): fc.Arbitrary<Stage> {
  const argArb = opts.deterministic ? undefined : argExtremeArb(s);
  const withArg = argArb ? fc.option(argArb, { nil: undefined, freq: 4 }) : fc.constant(undefined);
  const aggArb = opts.deterministic ? aggregateArb(s, p).filter((a) => a.type !== 'real') : aggregateArb(s, p);
  return fc
    .tuple(fc.array(aggArb, { minLength: 1, maxLength: 3 }), fc.array(groupKeyArb(s, p), { maxLength: 2 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), withArg)
    .map(([aggs, keys, explicit, arg]) => {
      const taken = new Set<string>();
      const keyCols: RefColumn[] = [];
      const keyTexts: string[] = [];
      for (const k of keys) {
        if (taken.has(k.name)) continue;
        taken.add(k.name);
        keyCols.push({ name: k.name, type: k.type });
        keyTexts.push(k.text);
      }
      const aggCols: RefColumn[] = [];
      const aggTexts = aggs.map((a, i) => {
        if (explicit[i]) {
          const name = uniqueName(`agg${i}`, taken);
          aggCols.push({ name, type: a.type });
          return `${name} = ${a.call}`;
        }
        aggCols.push({ name: uniqueName(a.name, taken), type: a.type });
        return a.call;
      });
      if (arg) {
        const plainKeys = new Set(keys.filter((k) => k.text === ref({ name: k.name, type: k.type })).map((k) => k.name));
        // An explicit column list that only named the key itself becomes `*`.
        const star = arg.cols === '*' || arg.cols.length === 0;
        const cols = star ? s.filter((c) => c.name !== arg.key.name && !plainKeys.has(c.name)) : (arg.cols as RefColumn[]);
        for (const c of [arg.key, ...cols]) aggCols.push({ name: uniqueName(c.name, taken), type: c.type });
        aggTexts.push(`${arg.fn}(${ref(arg.key)}, ${star ? '*' : cols.map(ref).join(', ')})`);
      }
      return { text: `summarize ${aggTexts.join(', ')}${keyTexts.length ? ` by ${keyTexts.join(', ')}` : ''}`, schema: [...keyCols, ...aggCols] };
    });
}

function sortKeysArb(s: Schema): fc.Arbitrary<{ text: string }> {
  const sortable = s.filter((c) => c.type !== 'dynamic');
  return fc
    .uniqueArray(fc.constantFrom(...sortable), { minLength: 1, maxLength: 2, selector: (c) => c.name })
    .chain((cols) =>
      fc.tuple(...cols.map((c) => fc.tuple(fc.constantFrom('', ' asc', ' desc'), fc.constantFrom('', ' nulls first', ' nulls last')).map(([o, n]) => `${ref(c)}${o}${n}`))).map((ks) => ({ text: ks.join(', ') })),
    );
}

/** The last stage: sort, sort + take, top, take, or count. */
function finalStageArb(s: Schema): fc.Arbitrary<Stage> {
  const opts: fc.Arbitrary<Stage>[] = [fc.constant({ text: 'count', schema: [{ name: 'Count', type: 'long' }], last: true })];
  opts.push(fc.integer({ min: 0, max: 6 }).map((n) => ({ text: `take ${n}`, schema: s, last: true })));
  if (s.some((c) => c.type !== 'dynamic')) {
    opts.push(sortKeysArb(s).map((k) => ({ text: `sort by ${k.text}`, schema: s, last: true })));
    opts.push(fc.tuple(sortKeysArb(s), fc.integer({ min: 0, max: 6 })).map(([k, n]) => ({ text: `sort by ${k.text} | take ${n}`, schema: s, last: true })));
    opts.push(
      fc
        .tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(...s.filter((c) => c.type !== 'dynamic')), fc.constantFrom('', ' asc', ' desc'), fc.constantFrom('', ' nulls first', ' nulls last'))
        .map(([n, c, o, nulls]) => ({ text: `top ${n} by ${ref(c)}${o}${nulls}`, schema: s, last: true })),
    );
  }
  return fc.oneof(...opts);
}

const JOIN_KINDS = ['inner', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'leftanti', 'rightsemi', 'rightanti', 'innerunique'];

/** join with the second table `U` (same column spec), on one or two keys, with a filtered/projected right side. */
function joinArb(s: Schema, right: Schema, p: Pools): fc.Arbitrary<Stage> {
  const keyable = s.filter((c) => c.type !== 'dynamic' && c.type !== 'real' && right.some((r) => r.name === c.name && (r.type === c.type || (['int', 'long'].includes(r.type) && ['int', 'long'].includes(c.type)))));
  if (!keyable.length) return fc.constant({ text: 'where true', schema: s });
  return fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...keyable), { minLength: 1, maxLength: 2, selector: (c) => c.name }),
      fc.constantFrom(...JOIN_KINDS, ''),
      fc.option(predicateArb(right, p, 1), { nil: undefined }),
      fc.subarray(right.map((c) => c.name)),
      fc.boolean(),
    )
    .map(([keys, kind, pred, extraCols, sameNameForm]) => {
      const keyNames = keys.map((k) => k.name);
      const kept = right.filter((c) => keyNames.includes(c.name) || extraCols.includes(c.name));
      const rightText = `(U${pred ? ` | where ${pred}` : ''} | project ${kept.map(ref).join(', ')})`;
      const on = sameNameForm ? keys.map(ref).join(', ') : keys.map((k) => `$left.${ref(k)} == $right.${ref(k)}`).join(' and ');
      const effective = kind || 'innerunique';
      let schema: Schema;
      if (effective === 'leftsemi' || effective === 'leftanti') schema = s;
      else if (effective === 'rightsemi' || effective === 'rightanti') schema = kept;
      else {
        const taken = new Set(s.map((c) => c.name));
        schema = [...s, ...kept.map((c) => ({ name: uniqueName(c.name, taken), type: c.type }))];
      }
      return { text: `join ${kind ? `kind=${kind} ` : ''}${rightText} on ${on}`, schema };
    });
}

function unionArb(s: Schema, right: Schema, p: Pools): fc.Arbitrary<Stage> {
  return fc.tuple(fc.subarray(right, { minLength: 1 }), fc.option(predicateArb(right, p, 0), { nil: undefined })).map(([cols, pred]) => {
    const legs = [s, cols];
    const out: RefColumn[] = [];
    const nameFor = (c: RefColumn): string => {
      const types = new Set(legs.flatMap((l) => l.filter((x) => x.name === c.name).map((x) => x.type)));
      return types.size > 1 ? `${c.name}_${c.type}` : c.name;
    };
    for (const l of legs) for (const c of l) if (!out.some((o) => o.name === nameFor(c))) out.push({ name: nameFor(c), type: c.type });
    return { text: `union (U${pred ? ` | where ${pred}` : ''} | project ${cols.map(ref).join(', ')})`, schema: out };
  });
}

/** union kind=inner: only the columns (same name and type) every leg has (F6). */
function unionInnerArb(s: Schema, right: Schema, p: Pools): fc.Arbitrary<Stage> {
  return fc.tuple(fc.subarray(right, { minLength: 1 }), fc.option(predicateArb(right, p, 0), { nil: undefined })).map(([cols, pred]) => {
    const schema = s.filter((c) => cols.some((x) => x.name === c.name && x.type === c.type));
    if (!schema.length) return { text: 'where true', schema: s };
    return { text: `union kind=inner (U${pred ? ` | where ${pred}` : ''} | project ${cols.map(ref).join(', ')})`, schema };
  });
}

function mvExpandArb(s: Schema): fc.Arbitrary<Stage> {
  return fc.tuple(pickCol(s, 'dynamic'), fc.constantFrom('', 'long', 'string'), fc.boolean(), fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined })).map(([c, to, index, limit]) => {
    const schema = s.map((x) => (x.name === c.name ? { name: x.name, type: (to || 'dynamic') as ScalarType } : x));
    const indexName = index && !s.some((x) => x.name === 'ix') ? 'ix' : undefined;
    if (indexName) schema.push({ name: indexName, type: 'long' });
    return {
      text: `mv-expand ${indexName ? `with_itemindex=${indexName} ` : ''}${ref(c)}${to ? ` to typeof(${to})` : ''}${limit !== undefined ? ` limit ${limit}` : ''}`,
      schema,
    };
  });
}

/**
 * The name Microsoft's binder gives an unnamed expression (docs/kql-semantics.md, section (i)), for the
 * functions generated here: tostring(c), bin(c, n) and abs(c) keep the name c; strlen(c) is strlen_c;
 * anything else is the first free ColumnN. `derived` tells whether the name came from a column.
 */
export function unnamedColumnName(text: string, taken: readonly string[]): { name: string; derived: boolean } {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\(([A-Za-z_][A-Za-z0-9_]*)(,[^()]*)?\)$/.exec(text);
  if (m && ['tostring', 'bin', 'abs'].includes(m[1]!)) return { name: m[2]!, derived: true };
  if (m && m[1] === 'strlen' && !m[3]) return { name: `strlen_${m[2]}`, derived: true };
  for (let i = 1; ; i++) if (!taken.includes(`Column${i}`)) return { name: `Column${i}`, derived: false };
}

function extendArb(s: Schema, p: Pools, n: number): fc.Arbitrary<Stage> {
  return fc.tuple(scalarExprArb(s, p), fc.option(fc.constantFrom(...s), { nil: undefined, freq: 4 }), fc.boolean()).map(([e, replace, unnamed]) => {
    if (unnamed && !replace) {
      // A name derived from a column that exists replaces that column.
      const { name } = unnamedColumnName(e.text, s.map((c) => c.name));
      const schema = s.some((c) => c.name === name) ? s.map((c) => (c.name === name ? { name, type: e.type } : c)) : [...s, { name, type: e.type }];
      return { text: `extend ${e.text}`, schema };
    }
    const name = replace ? replace.name : `e${n}`;
    const schema = s.some((c) => c.name === name) ? s.map((c) => (c.name === name ? { name, type: e.type } : c)) : [...s, { name, type: e.type }];
    return { text: `extend ${kqlName(name)} = ${e.text}`, schema };
  });
}

function projectArb(s: Schema, p: Pools, n: number): fc.Arbitrary<Stage> {
  return fc.tuple(fc.subarray(s, { minLength: 1 }), fc.option(scalarExprArb(s, p), { nil: undefined }), fc.boolean()).map(([cols, e, unnamed]) => {
    const schema = cols.slice();
    const parts = cols.map(ref);
    const u = e && unnamed ? unnamedColumnName(e.text, schema.map((c) => c.name)) : undefined;
    // Open engine bug (regressions.test.ts): `project x, tostring(x)` is rejected instead of naming the
    // second column x1, so an unnamed expression whose derived name is taken is not generated.
    if (e && u && !schema.some((c) => c.name === u.name)) {
      schema.push({ name: u.name, type: e.type });
      parts.push(e.text);
    } else if (e && !schema.some((c) => c.name === `p${n}`)) {
      schema.push({ name: `p${n}`, type: e.type });
      parts.push(`p${n} = ${e.text}`);
    }
    return { text: `project ${parts.join(', ')}`, schema };
  });
}

function stageArb(s: Schema, right: Schema, p: Pools, n: number): fc.Arbitrary<Stage> {
  const opts: { weight: number; arbitrary: fc.Arbitrary<Stage> }[] = [
    { weight: 6, arbitrary: predicateArb(s, p).map((pred) => ({ text: `where ${pred}`, schema: s })) },
    { weight: 3, arbitrary: extendArb(s, p, n) },
    { weight: 2, arbitrary: projectArb(s, p, n) },
    { weight: 3, arbitrary: summarizeArb(s, p) },
    { weight: 2, arbitrary: joinArb(s, right, p) },
    { weight: 1, arbitrary: unionArb(s, right, p) },
    { weight: 1, arbitrary: unionInnerArb(s, right, p) },
  ];
  if (s.length > 1) {
    opts.push({ weight: 1, arbitrary: fc.constantFrom(...s).map((c) => ({ text: `project-away ${ref(c)}`, schema: s.filter((x) => x !== c) })) });
    opts.push({
      weight: 1,
      arbitrary: fc.constantFrom(...s).map((c) => {
        const name = s.some((x) => x.name === `r${n}`) ? `r${n}x` : `r${n}`;
        return { text: `project-rename ${name} = ${ref(c)}`, schema: s.map((x) => (x === c ? { name, type: x.type } : x)) };
      }),
    });
  }
  const distinctable = s.filter((c) => c.type !== 'dynamic');
  if (distinctable.length) opts.push({ weight: 1, arbitrary: fc.subarray(distinctable, { minLength: 1 }).map((cols) => ({ text: `distinct ${cols.map(ref).join(', ')}`, schema: cols })) });
  if (distinctable.length === s.length) opts.push({ weight: 1, arbitrary: fc.constant({ text: 'distinct *', schema: s }) });
  if (has(s, 'dynamic')) opts.push({ weight: 2, arbitrary: mvExpandArb(s) });
  return fc.oneof(...opts);
}

/** A pipeline of up to `maxStages` stages after `T`, maybe ending in sort/take/top/count. */
export function pipelineArb(s: Schema, right: Schema, p: Pools, maxStages = 4): fc.Arbitrary<{ text: string; schema: Schema }> {
  const go = (schema: Schema, n: number): fc.Arbitrary<{ text: string; schema: Schema }> => {
    const stop = fc.oneof(fc.constant({ text: '', schema }), finalStageArb(schema).map((st) => ({ text: ` | ${st.text}`, schema: st.schema })));
    if (n >= maxStages) return stop;
    return fc.oneof(
      { weight: 1, arbitrary: stop },
      { weight: 3, arbitrary: stageArb(schema, right, p, n).chain((st) => go(st.schema, n + 1).map((rest) => ({ text: ` | ${st.text}${rest.text}`, schema: rest.schema }))) },
    );
  };
  return go(s, 0);
}

/** A differential test case: tables T and U over one schema, and a query over them. */
export interface QueryCase {
  tables: Record<string, RefTable>;
  query: string;
}

export function queryCaseArb(opts: { maxRows?: number; maxStages?: number } = {}): fc.Arbitrary<QueryCase> {
  return querySchemaArb.chain((schema) =>
    fc.tuple(tableArb(schema, { maxRows: opts.maxRows ?? 10 }), tableArb(schema, { maxRows: opts.maxRows ?? 10 })).chain(([t, u0]) => {
      // U shares some rows with T so that joins find matches.
      const u: RefTable = { columns: u0.columns, rows: [...u0.rows, ...t.rows.filter((_, i) => i % 3 === 0)] };
      const pools = poolsOf([t, u]);
      return pipelineArb(schema, schema, pools, opts.maxStages ?? 4).map((pl) => ({ tables: { T: t, U: u }, query: `T${pl.text}` }));
    }),
  );
}
