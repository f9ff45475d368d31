// Tabular sources and `| operator` AST shapes.
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/parser/index.js';
import { B, L, N, S, op, ops, queryExpr, strip } from './helpers.js';

const call = (name: string, ...args: unknown[]) => ({ kind: 'Call', name, args });
const asg = (expr: unknown, ...names: string[]) => ({ names, expr });
const ts = (ticks: bigint) => ({ kind: 'Literal', type: 'timespan', value: ticks });
const HOUR = 36_000_000_000n;

describe('pipelines', () => {
  it('nests operators under one Pipeline node', () => {
    expect(strip(queryExpr('T | where a | take 1'))).toEqual({
      kind: 'Pipeline',
      source: N('T'),
      ops: [
        { kind: 'Where', predicate: N('a') },
        { kind: 'Take', count: L(1) },
      ],
    });
  });

  it('keeps a parenthesised pipeline as the source of the outer one', () => {
    expect(strip(queryExpr('(T | take 1) | count'))).toEqual({
      kind: 'Pipeline',
      source: { kind: 'Pipeline', source: N('T'), ops: [{ kind: 'Take', count: L(1) }] },
      ops: [{ kind: 'Count' }],
    });
  });

  it('accepts calls and bracketed names as sources', () => {
    expect(strip(queryExpr("_GetWatchlist('x') | take 1"))).toMatchObject({ source: call('_GetWatchlist', S('x')) });
    expect(strip(queryExpr("['My Table'] | take 1"))).toMatchObject({ source: N('My Table') });
  });

  it('spans a pipeline from its source to its last operator', () => {
    expect(queryExpr('T\n| where a > 1').span).toEqual({ start: 0, end: 15, line: 1, column: 1 });
    const p = queryExpr('T\n| where a > 1');
    expect(p.kind === 'Pipeline' && p.ops[0]!.span).toEqual({ start: 4, end: 15, line: 2, column: 3 });
  });
});

describe('source operators', () => {
  it('print with named and unnamed columns', () => {
    expect(strip(queryExpr('print a = 1, "x"'))).toEqual({ kind: 'Print', columns: [asg(L(1), 'a'), asg(S('x'))] });
  });

  it('datatable', () => {
    expect(strip(queryExpr('datatable(a:long, b:string)[1, "x", -2, "y",]'))).toEqual({
      kind: 'DataTable',
      columns: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }],
      values: [L(1), S('x'), { kind: 'Unary', op: '-', operand: L(2) }, S('y')],
    });
  });

  it('range', () => {
    expect(strip(queryExpr('range x from 1 to 10 step 2'))).toEqual({ kind: 'Range', name: 'x', from: L(1), to: L(10), step: L(2) });
    expect(strip(queryExpr('print range(1, 5, 1)'))).toMatchObject({ columns: [{ expr: call('range', L(1), L(5), L(1)) }] });
  });

  it('union with options, wildcard names and subqueries', () => {
    expect(strip(queryExpr('union kind=outer withsource=Src isfuzzy=true Device*, (U | take 1), V'))).toEqual({
      kind: 'UnionSource',
      options: { kind: 'outer', withsource: 'Src', isfuzzy: true },
      tables: [N('Device*'), { kind: 'Pipeline', source: N('U'), ops: [{ kind: 'Take', count: L(1) }] }, N('V')],
    });
    expect(strip(queryExpr('union *'))).toEqual({ kind: 'UnionSource', options: {}, tables: [N('*')] });
  });

  it('applies a following pipe to the whole union', () => {
    expect(strip(queryExpr('union A, B | count'))).toMatchObject({
      kind: 'Pipeline',
      source: { kind: 'UnionSource', tables: [N('A'), N('B')] },
      ops: [{ kind: 'Count' }],
    });
  });

  it('externaldata', () => {
    expect(strip(queryExpr('externaldata(a:string)["https://x/y.csv"] with (format="csv", ignoreFirstRecord=true)'))).toEqual({
      kind: 'ExternalData',
      columns: [{ name: 'a', type: 'string' }],
      urls: [S('https://x/y.csv')],
      properties: [
        { name: 'format', value: S('csv') },
        { name: 'ignoreFirstRecord', value: { kind: 'Literal', type: 'bool', value: true } },
      ],
    });
  });

  it('find and search', () => {
    expect(strip(queryExpr('find in (T, U) where x > 1 project a'))).toEqual({
      kind: 'Find',
      tables: [N('T'), N('U')],
      predicate: B('>', N('x'), L(1)),
      project: [N('a')],
    });
    expect(strip(queryExpr('find withsource=Src x == 1 project-smart'))).toEqual({
      kind: 'Find',
      withsource: 'Src',
      tables: [],
      predicate: B('==', N('x'), L(1)),
      project: [],
    });
    expect(() => parse("find in (T) x == 1")).toThrow(/where/);
    expect(strip(queryExpr('search "evil"'))).toEqual({ kind: 'Search', tables: [], predicate: S('evil') });
    expect(strip(queryExpr('search * has "x"'))).toEqual({ kind: 'Search', tables: [], predicate: B('has', { kind: 'Star' } as never, S('x')) });
    expect(strip(queryExpr('search in (T) *'))).toEqual({ kind: 'Search', tables: [N('T')], predicate: { kind: 'Star' } });
  });

  it('evaluate as a source', () => {
    expect(strip(queryExpr('evaluate python(typeof(*), "code")'))).toEqual({
      kind: 'EvaluateSource',
      call: call('python', call('typeof', { kind: 'Star' }), S('code')),
    });
  });
});

describe('tabular operators', () => {
  it('where / filter, also with a named predicate', () => {
    expect(op('where a > 1')).toEqual({ kind: 'Where', predicate: B('>', N('a'), L(1)) });
    expect(op('filter a')).toEqual({ kind: 'Where', predicate: N('a') });
    // Kusto reads `where x = true` as a named expression whose value is `true`
    expect(op('where x = true')).toEqual({ kind: 'Where', name: 'x', predicate: { kind: 'Literal', type: 'bool', value: true } });
  });

  it('summarize with hints, named, unnamed and tuple aggregates, and by keys', () => {
    expect(op('summarize hint.strategy=shuffle n = count(), dcount(u), (t, v) = arg_max(t, v) by k, b = bin(ts, 1h)')).toEqual({
      kind: 'Summarize',
      hints: [{ name: 'hint.strategy', value: N('shuffle') }],
      aggregates: [asg(call('count'), 'n'), asg(call('dcount', N('u'))), asg(call('arg_max', N('t'), N('v')), 't', 'v')],
      by: [asg(N('k')), asg(call('bin', N('ts'), ts(HOUR)), 'b')],
    });
    expect(op('summarize by k')).toEqual({ kind: 'Summarize', hints: [], aggregates: [], by: [asg(N('k'))] });
  });

  it('extend and project', () => {
    expect(op("extend a = 1, b, ['c d'] = 2")).toEqual({ kind: 'Extend', columns: [asg(L(1), 'a'), asg(N('b')), asg(L(2), 'c d')] });
    expect(op('project a, b = c')).toEqual({ kind: 'Project', columns: [asg(N('a')), asg(N('c'), 'b')] });
  });

  it('project-away / project-keep with wildcard patterns', () => {
    expect(op("project-away a*, *b, c*d, e, ['f g']")).toEqual({
      kind: 'ProjectAway',
      patterns: ['a*', '*b', 'c*d', 'e', 'f g'].map((pattern) => ({ pattern })),
    });
    expect(op('project-keep x*')).toEqual({ kind: 'ProjectKeep', patterns: [{ pattern: 'x*' }] });
    expect(() => parse('T | project-away a *')).toThrow();
    expect(op('project-away *2, a*10')).toEqual({ kind: 'ProjectAway', patterns: [{ pattern: '*2' }, { pattern: 'a*10' }] });
  });

  it('project-rename and project-reorder', () => {
    expect(op("project-rename a = b, ['c d'] = e")).toEqual({
      kind: 'ProjectRename',
      renames: [{ newName: 'a', oldName: 'b' }, { newName: 'c d', oldName: 'e' }],
    });
    expect(op('project-reorder a*, b asc, c granny-desc')).toEqual({
      kind: 'ProjectReorder',
      columns: [{ pattern: 'a*' }, { pattern: 'b', order: 'asc' }, { pattern: 'c', order: 'granny-desc' }],
    });
  });

  it('join with kind, hints, a parenthesised right side and mixed conditions', () => {
    expect(op('join kind=leftouter hint.remote=auto (U | where y) on a, $left.b == $right.c')).toEqual({
      kind: 'Join',
      joinKind: 'leftouter',
      kindText: 'leftouter',
      hints: [{ name: 'hint.remote', value: N('auto') }],
      right: { kind: 'Pipeline', source: N('U'), ops: [{ kind: 'Where', predicate: N('y') }] },
      on: [
        { kind: 'SameName', name: 'a' },
        { kind: 'LeftRight', left: 'b', right: 'c' },
      ],
    });
  });

  it('join defaults to innerunique, maps kind aliases and flattens and-ed conditions', () => {
    expect(op('join U on a')).toEqual({ kind: 'Join', joinKind: 'innerunique', hints: [], right: N('U'), on: [{ kind: 'SameName', name: 'a' }] });
    expect(op('join kind=anti (U) on a')).toMatchObject({ joinKind: 'leftanti', kindText: 'anti' });
    expect(op('join (U) on $right.x == $left.y and $left.p == $right.q')).toMatchObject({
      on: [
        { kind: 'LeftRight', left: 'y', right: 'x' },
        { kind: 'LeftRight', left: 'p', right: 'q' },
      ],
    });
  });

  it('rejects join conditions that are not equalities of the two sides', () => {
    expect(() => parse('T | join (U) on $left.a < $right.b')).toThrow(/join condition/);
    expect(() => parse('T | join kind=sideways (U) on a')).toThrow(/join kind/);
  });

  it('lookup', () => {
    expect(op('lookup kind=inner U on a')).toEqual({ kind: 'Lookup', joinKind: 'inner', right: N('U'), on: [{ kind: 'SameName', name: 'a' }] });
    expect(op('lookup (U) on $left.a == $right.b')).toMatchObject({ joinKind: 'leftouter', on: [{ kind: 'LeftRight', left: 'a', right: 'b' }] });
  });

  it('union operator', () => {
    expect(op('union kind=inner U, (V)')).toEqual({ kind: 'Union', options: { kind: 'inner' }, tables: [N('U'), N('V')] });
  });

  it('sort / order with directions and nulls placement (desc by default)', () => {
    expect(op('sort by a asc, b desc nulls first, c')).toEqual({
      kind: 'Sort',
      keys: [
        { expr: N('a'), order: 'asc' },
        { expr: N('b'), order: 'desc', nulls: 'first' },
        { expr: N('c'), order: 'desc' },
      ],
    });
    expect(op('order by a nulls last')).toEqual({ kind: 'Sort', keys: [{ expr: N('a'), order: 'desc', nulls: 'last' }] });
  });

  it('top, take, limit', () => {
    expect(op('top 5 by a asc nulls last')).toEqual({ kind: 'Top', count: L(5), key: { expr: N('a'), order: 'asc', nulls: 'last' } });
    expect(op('take 3')).toEqual({ kind: 'Take', count: L(3) });
    expect(op('limit 3')).toEqual({ kind: 'Take', count: L(3) });
  });

  it('distinct and count', () => {
    expect(op('distinct *')).toEqual({ kind: 'Distinct', columns: [], star: true });
    expect(op('distinct a, b')).toEqual({ kind: 'Distinct', columns: [asg(N('a')), asg(N('b'))], star: false });
    expect(op('count')).toEqual({ kind: 'Count' });
    expect(op('count as n')).toEqual({ kind: 'Count', as: 'n' });
  });

  it('mv-expand with options, renames, types and a limit', () => {
    expect(op('mv-expand bagexpansion=array with_itemindex=i a = x to typeof(long), y limit 5')).toEqual({
      kind: 'MvExpand',
      bagExpansion: 'array',
      itemIndex: 'i',
      columns: [
        { names: ['a'], expr: N('x'), toType: 'long' },
        { names: [], expr: N('y') },
      ],
      limit: L(5),
    });
    expect(op('mvexpand x')).toEqual({ kind: 'MvExpand', columns: [{ names: [], expr: N('x') }] });
    expect(op('mv-expand kind=array x')).toMatchObject({ bagExpansion: 'array' });
  });

  it('mv-apply with a subquery over $input', () => {
    expect(op('mv-apply with_itemindex=i x to typeof(long) limit 3 on (where x > 1 | summarize s = sum(x))')).toEqual({
      kind: 'MvApply',
      itemIndex: 'i',
      columns: [{ names: [], expr: N('x'), toType: 'long' }],
      limit: L(3),
      subquery: {
        kind: 'Pipeline',
        source: N('$input'),
        ops: [
          { kind: 'Where', predicate: B('>', N('x'), L(1)) },
          { kind: 'Summarize', hints: [], aggregates: [asg(call('sum', N('x')), 's')], by: [] },
        ],
      },
    });
    expect(() => parse('T | mv-apply x on (| take 1)')).toThrow();
  });

  it('parse and parse-where with kinds, flags and typed captures', () => {
    expect(op('parse msg with * "user=" user:string " id=" id:long *')).toEqual({
      kind: 'Parse',
      where: false,
      parseKind: 'simple',
      expr: N('msg'),
      pattern: [
        { kind: 'Wildcard' },
        { kind: 'Text', text: 'user=' },
        { kind: 'Capture', name: 'user', type: 'string' },
        { kind: 'Text', text: ' id=' },
        { kind: 'Capture', name: 'id', type: 'long' },
        { kind: 'Wildcard' },
      ],
    });
    expect(op('parse-where kind=regex flags=Ui msg with "(a+)" x')).toEqual({
      kind: 'Parse',
      where: true,
      parseKind: 'regex',
      flags: 'Ui',
      expr: N('msg'),
      pattern: [{ kind: 'Text', text: '(a+)' }, { kind: 'Capture', name: 'x' }],
    });
  });

  it('parse-kv', () => {
    expect(op('parse-kv msg as (a:string, b:long) with (pair_delimiter=",")')).toEqual({
      kind: 'ParseKv',
      expr: N('msg'),
      columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'long' }],
      properties: [{ name: 'pair_delimiter', value: S(',') }],
    });
  });

  it('evaluate with a declared output schema', () => {
    expect(op('evaluate bag_unpack(d) : (Name:string, Age:long)')).toEqual({
      kind: 'Evaluate',
      hints: [],
      call: call('bag_unpack', N('d')),
      schema: [{ name: 'Name', type: 'string' }, { name: 'Age', type: 'long' }],
    });
  });

  it('evaluate, invoke, render', () => {
    expect(op('evaluate hint.distribution=per_node bag_unpack(x)')).toEqual({
      kind: 'Evaluate',
      hints: [{ name: 'hint.distribution', value: N('per_node') }],
      call: call('bag_unpack', N('x')),
    });
    expect(op('invoke f(1)')).toEqual({ kind: 'Invoke', call: call('f', L(1)) });
    expect(op('render columnchart with (kind=unstacked, title="t", ycolumns=a, b)')).toEqual({
      kind: 'Render',
      visualization: 'columnchart',
      properties: [
        { name: 'kind', value: N('unstacked') },
        { name: 'title', value: S('t') },
        { name: 'ycolumns', value: N('a') },
        { name: 'ycolumns', value: N('b') },
      ],
    });
    expect(op('render timechart')).toEqual({ kind: 'Render', visualization: 'timechart', properties: [] });
  });

  it('serialize, as, getschema, sample, sample-distinct, consume', () => {
    expect(op('serialize')).toEqual({ kind: 'Serialize', columns: [] });
    expect(op('serialize r = row_number()')).toEqual({ kind: 'Serialize', columns: [asg(call('row_number'), 'r')] });
    expect(op('as hint.materialized=true X')).toEqual({
      kind: 'As',
      name: 'X',
      hints: [{ name: 'hint.materialized', value: { kind: 'Literal', type: 'bool', value: true } }],
    });
    expect(op('getschema')).toEqual({ kind: 'GetSchema' });
    expect(op('sample 10')).toEqual({ kind: 'Sample', count: L(10) });
    expect(op('sample-distinct 5 of a')).toEqual({ kind: 'SampleDistinct', count: L(5), column: N('a') });
    expect(op('consume')).toEqual({ kind: 'Consume' });
  });

  it('make-series with default, on, from/to/step and by', () => {
    expect(op('make-series n = count() default = 0 on ts from ago(1d) to now() step 1h by k')).toEqual({
      kind: 'MakeSeries',
      aggregates: [{ names: ['n'], expr: call('count'), default: L(0) }],
      on: N('ts'),
      from: call('ago', ts(24n * HOUR)),
      to: call('now'),
      step: ts(HOUR),
      by: [asg(N('k'))],
    });
  });

  it('make-series with in range(...) fills from/to/step and marks the inclusive stop', () => {
    expect(op('make-series kind=nonempty count() on ts in range(a, b, 1h)')).toEqual({
      kind: 'MakeSeries',
      aggregates: [asg(call('count'))],
      on: N('ts'),
      from: N('a'),
      to: N('b'),
      step: ts(HOUR),
      by: [],
      nonEmpty: true,
      inRange: true,
    });
  });

  it('top-nested', () => {
    expect(op('top-nested 3 of a with others = "x" by c = count() desc, top-nested of b by max(x) asc')).toEqual({
      kind: 'TopNested',
      levels: [
        { count: L(3), of: asg(N('a')), withOthers: S('x'), by: asg(call('count'), 'c'), order: 'desc' },
        { of: asg(N('b')), by: asg(call('max', N('x'))), order: 'asc' },
      ],
    });
  });

  it('facet and fork', () => {
    expect(op('facet by a, b with (take 1)')).toEqual({
      kind: 'Facet',
      columns: ['a', 'b'],
      with: { kind: 'Pipeline', source: N('$input'), ops: [{ kind: 'Take', count: L(1) }] },
    });
    expect(op('fork (take 1) named = (count | take 2)')).toEqual({
      kind: 'Fork',
      branches: [
        { ops: [{ kind: 'Take', count: L(1) }] },
        { name: 'named', ops: [{ kind: 'Count' }, { kind: 'Take', count: L(2) }] },
      ],
    });
  });

  it('search with kind and Column:"term" restrictions', () => {
    expect(op('search kind=case_sensitive Name:"Green" and "x"')).toEqual({
      kind: 'Search',
      tables: [],
      caseSensitive: true,
      predicate: B('and', B('has', N('Name'), S('Green')), S('x')),
    });
    expect(() => parse('T | where a:"b"')).toThrow(/search/);
  });

  it('search, reduce, scan', () => {
    expect(op('search in (U) x == 1')).toEqual({ kind: 'Search', tables: [N('U')], predicate: B('==', N('x'), L(1)) });
    expect(op('reduce by msg with threshold=0.1')).toEqual({
      kind: 'Reduce',
      column: N('msg'),
      properties: [{ name: 'threshold', value: { kind: 'Literal', type: 'real', value: 0.1 } }],
    });
    const scan = ops('scan with (step s1: x == 1 => y = 2;) | take 1');
    expect(scan[0]).toEqual({ kind: 'Scan', text: 'scan with (step s1: x == 1 => y = 2;)' });
    expect(scan[1]).toEqual({ kind: 'Take', count: L(1) });
  });

  it('rejects an unknown operator after |', () => {
    expect(() => parse('T | Sha1 in (x)')).toThrow(/query operator/);
  });
});
