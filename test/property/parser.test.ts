// Parser properties: AST → printed KQL → AST round-trips; precedence (minimal parentheses parse like full
// ones); accept/reject verdicts agree with Microsoft's parser (Kusto.Language) on generated and mutated
// queries; random mutations of corpus rules never crash the parser (only KqlErrors with positions).

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { beforeAll, describe, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { KqlError } from '../../src/diagnostics.js';
import { parse, print } from '../../src/parser/index.js';
import { queryCaseArb } from './arbitraries.js';
import { params, PROPERTY_TIMEOUT_MS } from './config.js';

vi.setConfig({ testTimeout: PROPERTY_TIMEOUT_MS });

/** The AST without source positions, as comparable text. */
function shape(text: string): string {
  return JSON.stringify(parse(text), (k, v) => (k === 'span' || k === 'opSpan' || k === 'nameSpan' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

// ------------------------------------------------------------------------------ Microsoft's parser

interface KustoDiagnostic {
  Severity: string;
  Message: string;
  Start: number;
}
interface KustoLanguage {
  KustoCode: { Parse(text: string): { GetDiagnostics(): { Count: number; getItem(i: number): KustoDiagnostic } } };
}
let kusto: KustoLanguage;

/** Syntax errors Microsoft's parser reports for a text. */
function microsoftErrors(text: string): string[] {
  const d = kusto.KustoCode.Parse(text).GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < d.Count; i++) {
    const x = d.getItem(i);
    if (x.Severity === 'Error') out.push(`${x.Message} (at ${x.Start})`);
  }
  return out;
}

function kqliteError(text: string): string | null {
  try {
    parse(text);
    return null;
  } catch (e) {
    if (e instanceof KqlError) return e.message;
    throw e;
  }
}

/**
 * Text shapes on which the two parsers are known to disagree; each is pinned by a named case in
 * regressions.test.ts. The property skips them so that it keeps looking for new disagreements.
 */
export const KNOWN_PARSER_DIFFERENCES: { pattern: RegExp; reason: string }[] = [
  { pattern: /(^|;)\s*(where|project|extend|summarize|count|take|top|sort|order|distinct|join|union|mv-expand)\b/, reason: 'Microsoft accepts a query that starts with a tabular operator (implicit input); kqlite requires a source' },
  { pattern: /\|\s*(take|limit|where|filter|sort|order|top|count|distinct|project|extend|summarize)\s+kind\s*=/, reason: 'operator parameters Microsoft accepts on any operator (take kind=inner 5): kqlite accepts them only where Kusto documents them' },
];

const knownDifference = (q: string): boolean => KNOWN_PARSER_DIFFERENCES.some((k) => k.pattern.test(q));

/** Token-level mutations of a query: delete, duplicate, insert or swap tokens. */
const MUTATION_TOKENS = ['|', '(', ')', ',', '==', 'and', 'by', '..', 'where', '=', '!', '"x"', '1', 'not', 'in', '[', ']', 'on', 'kind=inner', ';', 'let'];
function mutatedArb(source: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return source.chain((q) => {
    const toks = q.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+|\.\.|[=!<>]=|\S/g) ?? [q];
    return fc
      .array(fc.tuple(fc.nat(Math.max(0, toks.length - 1)), fc.constantFrom('delete', 'duplicate', 'insert', 'swap'), fc.constantFrom(...MUTATION_TOKENS)), { minLength: 1, maxLength: 3 })
      .map((edits) => {
        const ts = toks.slice();
        for (const [i0, how, tok] of edits) {
          const i = Math.min(i0, ts.length - 1);
          if (how === 'delete' && ts.length > 1) ts.splice(i, 1);
          else if (how === 'duplicate') ts.splice(i, 0, ts[i]!);
          else if (how === 'insert') ts.splice(i, 0, tok);
          else if (i + 1 < ts.length) [ts[i], ts[i + 1]] = [ts[i + 1]!, ts[i]!];
        }
        return ts.join(' ');
      });
  });
}

const generatedQueries = queryCaseArb({ maxRows: 0 }).map((c) => c.query);

// ------------------------------------------------------------------------------- precedence trees

type Tree = { k: 'leaf'; text: string } | { k: 'bin'; op: string; l: Tree; r: Tree } | { k: 'neg'; e: Tree };

/** Binding strength of each operator (higher binds tighter): or < and < comparison < additive < multiplicative. */
const PREC: Record<string, number> = { or: 1, and: 2, '==': 3, '<': 3, '>=': 3, has: 3, contains: 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5 };

/** Boolean trees whose comparisons take arithmetic operands (comparisons are never chained). */
const arithArb: fc.Arbitrary<Tree> = fc.letrec<{ a: Tree }>((tie) => ({
  a: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'y', '1', '2.5', 'z').map((text): Tree => ({ k: 'leaf', text })),
    fc.tuple(fc.constantFrom('+', '-', '*', '/', '%'), tie('a'), tie('a')).map(([op, l, r]): Tree => ({ k: 'bin', op, l, r })),
    tie('a').map((e): Tree => ({ k: 'neg', e })),
  ),
})).a;
const boolArb: fc.Arbitrary<Tree> = fc.letrec<{ b: Tree }>((tie) => ({
  b: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom('==', '<', '>='), arithArb, arithArb).map(([op, l, r]): Tree => ({ k: 'bin', op, l, r })),
    fc.constantFrom('s has "a"', 's contains "b"').map((text): Tree => ({ k: 'leaf', text })),
    fc.tuple(fc.constantFrom('and', 'or'), tie('b'), tie('b')).map(([op, l, r]): Tree => ({ k: 'bin', op, l, r })),
  ),
})).b;

function fullyParenthesized(t: Tree): string {
  if (t.k === 'leaf') return t.text;
  if (t.k === 'neg') return `-(${fullyParenthesized(t.e)})`;
  return `(${fullyParenthesized(t.l)}) ${t.op} (${fullyParenthesized(t.r)})`;
}

/** Parentheses only where precedence or left associativity needs them. */
function minimal(t: Tree): string {
  const prec = (x: Tree): number => (x.k === 'bin' ? PREC[x.op]! : 9);
  if (t.k === 'leaf') return t.text;
  if (t.k === 'neg') return t.e.k === 'leaf' ? `-${t.e.text}` : `-(${minimal(t.e)})`;
  const p = PREC[t.op]!;
  const left = prec(t.l) < p ? `(${minimal(t.l)})` : minimal(t.l);
  const right = prec(t.r) <= p ? `(${minimal(t.r)})` : minimal(t.r);
  return `${left} ${t.op} ${right}`;
}

/** The parse shape of a where predicate, with every parenthesis-free reading normalised away. */
const predicateShape = (pred: string): string => shape(`T | where ${pred}`);

// ------------------------------------------------------------------------------------------ corpus

const CORPUS_DIR = '/work/shared/corpus/rules';
function corpusQueries(): string[] {
  let files: string[];
  try {
    files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.yaml'));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const f of files.sort()) {
    try {
      const q = (parseYaml(readFileSync(`${CORPUS_DIR}/${f}`, 'utf8')) as { query?: unknown })?.query;
      if (typeof q === 'string') out.push(q);
    } catch {
      // A rule file that is not YAML is not the parser's concern here.
    }
  }
  return out;
}

/** Character-level mutations: delete a range, duplicate a range, insert noise, truncate. */
function charMutatedArb(texts: string[]): fc.Arbitrary<string> {
  const noise = fc.constantFrom('|', '(', ')', '"', "'", '[', ']', '{', '}', '\\', '`', '@', ';', '..', '==', '\n', '\u0000', '😀', 'let', 'where', 'datetime(', '```', '//');
  return fc.constantFrom(...texts).chain((q) =>
    fc
      .array(fc.tuple(fc.nat(q.length), fc.nat(20), fc.constantFrom('delete', 'duplicate', 'insert', 'truncate'), noise), { minLength: 1, maxLength: 4 })
      .map((edits) => {
        let s = q;
        for (const [at0, len, how, tok] of edits) {
          const at = Math.min(at0, s.length);
          if (how === 'delete') s = s.slice(0, at) + s.slice(at + len);
          else if (how === 'duplicate') s = s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len);
          else if (how === 'insert') s = s.slice(0, at) + tok + s.slice(at);
          else s = s.slice(0, at);
        }
        return s;
      }),
  );
}

// ------------------------------------------------------------------------------------------ tests

describe('parser: printing', () => {
  it('generated queries round-trip: parse → print → parse gives the same AST, and printing is idempotent', () => {
    fc.assert(
      fc.property(generatedQueries, (q) => {
        const printed = print(parse(q));
        if (shape(printed) !== shape(q)) throw new Error(`round trip changed the AST:\n${q}\n${printed}`);
        const again = print(parse(printed));
        if (again !== printed) throw new Error(`printing is not idempotent:\n${printed}\n${again}`);
      }),
      params(200),
    );
  });

  it('corpus rules round-trip through the printer', () => {
    const queries = corpusQueries().filter((q) => kqliteError(q) === null);
    fc.assert(
      fc.property(fc.constantFrom(...queries), (q) => {
        const printed = print(parse(q));
        if (shape(printed) !== shape(q)) throw new Error(`round trip changed the AST of a corpus rule:\n${q}\n---\n${printed}`);
      }),
      params(150),
    );
  });

  it('operator precedence: minimal parentheses parse like full parentheses (or < and < comparison < + - < * / %)', () => {
    fc.assert(
      fc.property(boolArb, (t) => {
        const full = predicateShape(fullyParenthesized(t));
        const min = predicateShape(minimal(t));
        if (full !== min) throw new Error(`precedence differs:\n${fullyParenthesized(t)}\n${minimal(t)}`);
      }),
      params(200),
    );
  });
});

describe("parser: agreement with Microsoft's parser", () => {
  beforeAll(() => {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
    kusto = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  }, 60_000);

  const agree = (q: string): void => {
    if (knownDifference(q)) return;
    const ms = microsoftErrors(q);
    const kq = kqliteError(q);
    if (ms.length === 0 && kq !== null) throw new Error(`kqlite rejects what Microsoft's parser accepts: ${kq}\n${q}`);
    if (ms.length > 0 && kq === null) throw new Error(`kqlite accepts what Microsoft's parser rejects: ${ms.join('; ')}\n${q}`);
  };

  it('generated queries: both accept', () => {
    fc.assert(fc.property(generatedQueries, agree), params(150));
  });

  it('token-mutated generated queries: both accept or both reject', () => {
    fc.assert(fc.property(mutatedArb(generatedQueries), agree), params(300));
  });
});

describe('parser: robustness', () => {
  it('random mutations of corpus rules never crash the parser: only syntax errors with positions', () => {
    const queries = corpusQueries();
    fc.assert(
      fc.property(charMutatedArb(queries.length ? queries : ['T | where a == 1']), (q) => {
        try {
          parse(q);
        } catch (e) {
          if (!(e instanceof KqlError)) throw new Error(`the parser crashed with ${String(e)} on:\n${q}`);
          if (e.kind !== 'syntax' || !/^KQL00[12]$/.test(e.code)) throw new Error(`unexpected error ${e.code}/${e.kind}: ${e.message}`);
          const s = e.span;
          if (!s || s.start < 0 || s.end < s.start || s.end > q.length + 1 || s.line < 1 || s.column < 1) throw new Error(`syntax error without a valid position: ${JSON.stringify(s)} (${e.message})`);
        }
      }),
      params(400),
    );
  });
});
