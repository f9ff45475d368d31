// Statements: separators, let (values, functions, views, materialize), set, declare query_parameters.
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/parser/index.js';
import { L, N, S, ast } from './helpers.js';

describe('statement separators', () => {
  it('parses an empty script and a script of comments', () => {
    expect(ast('').statements).toEqual([]);
    expect(ast('// nothing here\n').statements).toEqual([]);
  });

  it('accepts one trailing semicolon', () => {
    expect(ast('T;').statements).toEqual([{ kind: 'Query', expr: N('T') }]);
    expect(ast('let x = 1;').statements).toHaveLength(1);
  });

  it('rejects empty statements, as Kusto does', () => {
    for (const q of [';', ';;', 'T;;', '; T', 'T; ; U']) expect(() => parse(q), q).toThrow();
  });

  it('requires a semicolon between statements', () => {
    expect(() => parse('T\n\nU')).toThrow();
    expect(() => parse('let x = 1 print 1')).toThrow();
    expect(ast('T; U').statements).toEqual([
      { kind: 'Query', expr: N('T') },
      { kind: 'Query', expr: N('U') },
    ]);
  });

  it('skips leading #directive lines only', () => {
    expect(ast('#connect cluster("x")\n// c\nT').statements).toEqual([{ kind: 'Query', expr: N('T') }]);
    expect(() => parse('T\n#x')).toThrow();
  });

  it('gives the script span the whole text', () => {
    expect(parse('T | take 1').span).toEqual({ start: 0, end: 10, line: 1, column: 1 });
  });
});

describe('let statements', () => {
  it('binds scalar and tabular values', () => {
    expect(ast('let x = 1; x').statements[0]).toEqual({ kind: 'Let', name: 'x', value: L(1) });
    expect(ast('let t = T | take 1; t').statements[0]).toMatchObject({
      kind: 'Let',
      name: 't',
      value: { kind: 'Pipeline', source: N('T'), ops: [{ kind: 'Take', count: L(1) }] },
    });
    expect(ast('let x = (1 + 2);').statements[0]).toMatchObject({ value: { kind: 'Binary', op: '+' } });
  });

  it('records the name span', () => {
    const s = parse('let  abc = 1;').statements[0]!;
    expect(s.kind === 'Let' && s.nameSpan).toEqual({ start: 5, end: 8, line: 1, column: 6 });
  });

  it('accepts a bracketed name', () => {
    expect(ast("let ['a b'] = 1;").statements[0]).toMatchObject({ kind: 'Let', name: 'a b' });
  });

  it('parses a function with scalar, tabular and defaulted parameters', () => {
    expect(ast('let f = (a:long, T:(x:string, y:int), b:string = "d") { T | where x == b };').statements[0]).toEqual({
      kind: 'Let',
      name: 'f',
      value: {
        kind: 'FunctionDef',
        isView: false,
        params: [
          { name: 'a', type: 'long' },
          {
            name: 'T',
            type: { kind: 'TabularType', star: false, columns: [{ name: 'x', type: 'string' }, { name: 'y', type: 'int' }] },
          },
          { name: 'b', type: 'string', default: S('d') },
        ],
        body: [
          {
            kind: 'Query',
            expr: { kind: 'Pipeline', source: N('T'), ops: [{ kind: 'Where', predicate: { kind: 'Binary', op: '==', left: N('x'), right: N('b') } }] },
          },
        ],
      },
    });
  });

  it('parses (T:(*)) as a tabular parameter with any schema', () => {
    const s = ast('let f = (T:(*)) { T };').statements[0]!;
    expect(s).toMatchObject({ value: { params: [{ name: 'T', type: { kind: 'TabularType', columns: [], star: true } }] } });
  });

  it('normalizes type aliases in parameters', () => {
    const s = ast('let f = (a:int64, b:double, c:boolean, d:date, e:time, g:uuid) { a };').statements[0]!;
    expect(s).toMatchObject({
      value: { params: ['long', 'real', 'bool', 'datetime', 'timespan', 'guid'].map((type) => ({ type })) },
    });
  });

  it('parses function bodies with lets, an optional last expression and semicolons', () => {
    expect(ast('let f = () { let y = 1; y };').statements[0]).toMatchObject({
      value: { body: [{ kind: 'Let', name: 'y', value: L(1) }, { kind: 'Query', expr: N('y') }] },
    });
    expect(ast('let f = () { let y = 1; y; };').statements[0]).toMatchObject({ value: { body: [{}, {}] } });
    expect(ast('let f = () {};').statements[0]).toMatchObject({ value: { body: [] } });
    expect(() => parse('let f = () { let y = 1; let z = 2 };')).toThrow();
    expect(() => parse('let f = (a) { a };')).toThrow();
  });

  it('parses views', () => {
    expect(ast('let V = view () { T }; V').statements[0]).toEqual({
      kind: 'Let',
      name: 'V',
      value: { kind: 'FunctionDef', isView: true, params: [], body: [{ kind: 'Query', expr: N('T') }] },
    });
  });

  it('still reads view(...) without a body as a call', () => {
    expect(ast('let x = view(1);').statements[0]).toMatchObject({ value: { kind: 'Call', name: 'view' } });
  });

  it('accepts materialize only as a whole let value', () => {
    expect(ast('let m = materialize(T | take 1); m').statements[0]).toMatchObject({
      value: { kind: 'Call', name: 'materialize', args: [{ kind: 'Pipeline' }] },
    });
    expect(() => parse('materialize(T)')).toThrow();
    expect(() => parse('let m = materialize(T) | take 1; m')).toThrow();
  });
});

describe('set and declare', () => {
  it('parses set with and without a value', () => {
    expect(ast('set querytrace; T').statements[0]).toEqual({ kind: 'Set', name: 'querytrace' });
    expect(ast('set truncationmaxrecords = 100; T').statements[0]).toEqual({
      kind: 'Set',
      name: 'truncationmaxrecords',
      value: L(100),
    });
  });

  it('parses declare query_parameters', () => {
    expect(ast('declare query_parameters(a:long = 1, b:string); T').statements[0]).toEqual({
      kind: 'Declare',
      params: [
        { name: 'a', type: 'long', default: L(1) },
        { name: 'b', type: 'string' },
      ],
    });
    expect(() => parse('declare query_parameters(); T')).toThrow();
  });
});
