// Literal forms: strings and escapes, numbers, timespans (exact ticks), typed literals, datetime/guid bodies, dynamic.
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/parser/index.js';
import { N, S, expr } from './helpers.js';

const lit = (type: string, value: unknown, text?: string) =>
  text === undefined ? { kind: 'Literal', type, value } : { kind: 'Literal', type, value, text };

describe('string literals', () => {
  const cases: [string, string][] = [
    [String.raw`"plain"`, 'plain'],
    [String.raw`'single'`, 'single'],
    [String.raw`"a\\b"`, 'a\\b'],
    [String.raw`'it\'s'`, "it's"],
    [String.raw`"say \"hi\""`, 'say "hi"'],
    [String.raw`'double " inside'`, 'double " inside'],
    [String.raw`"\n\t\r"`, '\n\t\r'],
    [String.raw`"\a\b\f\v"`, '\x07\b\f\v'],
    [String.raw`"\u0041\x42\103"`, 'ABC'],
    [String.raw`"\U0001F600"`, '\u{1F600}'],
    [String.raw`"\0"`, '\0'],
    [String.raw`@"c:\temp\"`, 'c:\\temp\\'],
    [String.raw`@"a""b"`, 'a"b'],
    [String.raw`@'a''b'`, "a'b"],
    ['```line1\nline2```', 'line1\nline2'],
    ['~~~a\\nb~~~', 'a\\nb'],
    [String.raw`h"secret"`, 'secret'],
    [String.raw`H'secret'`, 'secret'],
    [String.raw`h@"c:\x"`, 'c:\\x'],
    [String.raw`"a" "b"`, 'ab'],
    ['"a" // comment\n  \'b\'', 'ab'],
    [String.raw`@"x\" "\n"`, 'x\\\n'],
    [String.raw`""`, ''],
  ];
  for (const [text, value] of cases) {
    it(`decodes ${text.replace(/\n/g, '\\n')}`, () => {
      expect(expr(text)).toEqual(S(value));
    });
  }

  it('rejects unknown escapes and raw line breaks', () => {
    expect(() => parse(String.raw`print "\q"`)).toThrow();
    expect(() => parse('print "a\nb"')).toThrow();
    expect(() => parse(String.raw`print "\u004"`)).toThrow();
  });
});

describe('numbers', () => {
  it('reads integers as long (bigint)', () => {
    expect(expr('0')).toEqual(lit('long', 0n));
    expect(expr('42')).toEqual(lit('long', 42n));
    expect(expr('9223372036854775807')).toEqual(lit('long', 9223372036854775807n));
  });

  it('reads integers past the long range as real', () => {
    expect(expr('10000000000000000000')).toEqual(lit('real', 1e19));
  });

  it('reads hex as long', () => {
    expect(expr('0x1F')).toEqual(lit('long', 31n));
    expect(expr('0XfF')).toEqual(lit('long', 255n));
  });

  it('reads reals', () => {
    expect(expr('1.5')).toEqual(lit('real', 1.5));
    expect(expr('1e3')).toEqual(lit('real', 1000));
    expect(expr('1.5e-3')).toEqual(lit('real', 0.0015));
    expect(expr('2E+2')).toEqual(lit('real', 200));
    expect(expr('1.')).toEqual(lit('real', 1));
  });

  it('does not read "1." out of "1..2"', () => {
    expect(expr('x between (1..2)')).toMatchObject({ low: lit('long', 1n), high: lit('long', 2n) });
  });
});

describe('timespan literals', () => {
  const D = 864_000_000_000n;
  const H = 36_000_000_000n;
  const M = 600_000_000n;
  const SEC = 10_000_000n;
  const MS = 10_000n;
  const cases: [string, bigint][] = [
    ['1d', D], ['2day', 2n * D], ['2days', 2n * D], ['1.5d', 1_296_000_000_000n],
    ['1h', H], ['1hr', H], ['2hrs', 2n * H], ['1hour', H], ['3hours', 3n * H], ['1.5h', 54_000_000_000n],
    ['1m', M], ['5min', 5n * M], ['1minute', M], ['10minutes', 10n * M],
    ['1s', SEC], ['10sec', 10n * SEC], ['1second', SEC], ['10seconds', 10n * SEC], ['0.5s', 5_000_000n],
    ['100ms', 100n * MS], ['1milli', MS], ['2millis', 2n * MS], ['1millisec', MS], ['1millisecond', MS], ['3milliseconds', 3n * MS],
    ['10microsecond', 100n], ['1micro', 10n], ['2micros', 20n], ['1microsec', 10n], ['5microseconds', 50n],
    ['100nanoseconds', 1n], ['250nanos', 2n], ['1nano', 0n], ['300nanosec', 3n], ['100nanosecond', 1n],
    ['1tick', 1n], ['3ticks', 3n],
  ];
  for (const [text, ticks] of cases) {
    it(`${text} = ${ticks} ticks`, () => {
      expect(expr(text)).toEqual(lit('timespan', ticks));
    });
  }

  it('treats a digit run with an unknown suffix as a name, as Kusto does', () => {
    expect(expr('5weeks')).toEqual(N('5weeks'));
    expect(expr('2022MostExploited')).toEqual(N('2022MostExploited'));
  });
});

describe('booleans and null', () => {
  it('reads true/false in Kusto spellings', () => {
    expect(expr('true')).toEqual(lit('bool', true));
    expect(expr('TRUE')).toEqual(lit('bool', true));
    expect(expr('False')).toEqual(lit('bool', false));
    expect(expr('tRue')).toEqual(N('tRue'));
    expect(expr('trueish')).toEqual(N('trueish'));
  });

  it('reads bare null as a dynamic null literal', () => {
    expect(expr('null')).toEqual(lit('dynamic', null));
  });
});

describe('typed literals', () => {
  it('reads type-wrapped constants', () => {
    expect(expr('int(5)')).toEqual(lit('int', 5));
    expect(expr('int(-5)')).toEqual(lit('int', -5));
    expect(expr('long(0x1F)')).toEqual(lit('long', 31n));
    expect(expr('long(-3)')).toEqual(lit('long', -3n));
    expect(expr('real(1.5)')).toEqual(lit('real', 1.5));
    expect(expr('double(2)')).toEqual(lit('real', 2));
    expect(expr('decimal(1.5)')).toEqual(lit('decimal', 1.5));
    expect(expr('bool(true)')).toEqual(lit('bool', true));
    expect(expr('bool(0)')).toEqual(lit('bool', false));
  });

  it('reads real(nan) and infinities', () => {
    expect(expr('real(nan)')).toEqual(lit('real', NaN));
    expect(expr('real(+inf)')).toEqual(lit('real', Infinity));
    expect(expr('real( -inf )')).toEqual(lit('real', -Infinity));
  });

  it('reads typed nulls', () => {
    for (const [text, type] of [
      ['long', 'long'], ['int', 'int'], ['real', 'real'], ['double', 'real'], ['bool', 'bool'], ['decimal', 'decimal'],
      ['datetime', 'datetime'], ['timespan', 'timespan'], ['time', 'timespan'], ['guid', 'guid'],
    ]) {
      expect(expr(`${text}(null)`)).toEqual(lit(type!, null));
    }
  });

  it('rejects constants that do not fit the type', () => {
    expect(() => parse('print int(3000000000)')).toThrow();
    expect(() => parse('print long(1.5)')).toThrow();
    expect(() => parse('print long(nan)')).toThrow();
  });

  it('reads a type name applied to an expression as a call', () => {
    expect(expr('int(x)')).toEqual({ kind: 'Call', name: 'int', args: [N('x')] });
  });
});

describe('datetime, time and guid literals', () => {
  it('keeps the raw body for the binder', () => {
    expect(expr('datetime(2024-06-30T12:00:00Z)')).toEqual(lit('datetime', undefined, '2024-06-30T12:00:00Z'));
    expect(expr('datetime( 2024-01-01 10:00 )')).toEqual(lit('datetime', undefined, '2024-01-01 10:00'));
    expect(expr('date(2024-01-01)')).toEqual(lit('datetime', undefined, '2024-01-01'));
    expect(expr('time(1.02:03:04)')).toEqual(lit('timespan', undefined, '1.02:03:04'));
    expect(expr('timespan(15 seconds)')).toEqual(lit('timespan', undefined, '15 seconds'));
    expect(expr('time(2)')).toEqual(lit('timespan', undefined, '2'));
    expect(expr('guid(74be27de-1e4e-49d9-b579-fe0b331d3642)')).toEqual(
      lit('guid', undefined, '74be27de-1e4e-49d9-b579-fe0b331d3642'),
    );
  });

  it('unquotes a quoted body', () => {
    expect(expr('datetime("2024-01-01")')).toEqual(lit('datetime', undefined, '2024-01-01'));
    expect(expr("datetime('2024-01-01T00:00:00')")).toEqual(lit('datetime', undefined, '2024-01-01T00:00:00'));
  });

  it('reads null bodies as null values', () => {
    expect(expr('datetime(null)')).toEqual(lit('datetime', null));
    expect(expr('timespan(null)')).toEqual(lit('timespan', null));
  });

  it('needs the parenthesis right after the keyword, as Kusto does', () => {
    expect(() => parse('print datetime (2024-01-01)')).toThrow();
  });
});

describe('dynamic literals', () => {
  const dyn = (node: unknown) => ({ kind: 'DynamicLiteral', node });

  it('reads scalars and null', () => {
    expect(expr('dynamic(null)')).toEqual(dyn(lit('dynamic', null)));
    expect(expr('dynamic(5)')).toEqual(dyn(lit('long', 5n)));
    expect(expr('dynamic(-1.5)')).toEqual(dyn(lit('real', -1.5)));
    expect(expr('dynamic("s")')).toEqual(dyn(lit('string', 's')));
    expect(expr('dynamic(true)')).toEqual(dyn(lit('bool', true)));
  });

  it('reads nested arrays and objects', () => {
    expect(expr(`dynamic([1, -2, "x", [true], {"k": null}, {}])`)).toEqual(
      dyn({
        kind: 'DynArray',
        items: [
          lit('long', 1n),
          lit('long', -2n),
          lit('string', 'x'),
          { kind: 'DynArray', items: [lit('bool', true)] },
          { kind: 'DynObject', entries: [['k', lit('dynamic', null)]] },
          { kind: 'DynObject', entries: [] },
        ],
      }),
    );
  });

  it('accepts any KQL literal form as a value and any string form as a key', () => {
    expect(expr(`dynamic({'a': datetime(2020-01-01), @"b": -1d, "c": long(null), "d": 0x10})`)).toEqual(
      dyn({
        kind: 'DynObject',
        entries: [
          ['a', lit('datetime', undefined, '2020-01-01')],
          ['b', lit('timespan', -864_000_000_000n)],
          ['c', lit('long', null)],
          ['d', lit('long', 16n)],
        ],
      }),
    );
  });

  it('rejects what Kusto rejects', () => {
    for (const q of ['dynamic(x)', 'dynamic(1+2)', 'dynamic([1,])', 'dynamic({a:1})', 'dynamic([+1])', 'dynamic([-inf])']) {
      expect(() => parse(`print ${q}`), q).toThrow();
    }
  });
});
