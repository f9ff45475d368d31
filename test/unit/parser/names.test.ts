// Contextual keywords: words that are keywords in one place and ordinary names in another.
import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/parser/index.js';
import { N, op } from './helpers.js';

describe('keywords used as names', () => {
  it('reads type, kind and count as columns', () => {
    expect(op('summarize count() by type')).toMatchObject({ by: [{ names: [], expr: N('type') }] });
    expect(op('summarize count() by kind')).toMatchObject({ by: [{ expr: N('kind') }] });
    expect(op('project count')).toEqual({ kind: 'Project', columns: [{ names: [], expr: N('count') }] });
    expect(op('where kind == 1')).toMatchObject({ predicate: { left: N('kind') } });
  });

  it('reads soft keywords as declared names', () => {
    const names = ['step', 'from', 'limit', 'view', 'on', 'with', 'summarize', 'join', 'take', 'count', 'let', 'range'];
    const o = op(`extend ${names.map((n, i) => `${n} = ${i}`).join(', ')}`);
    expect(o.kind === 'Extend' && o.columns.map((c) => c.names[0])).toEqual(names);
  });

  it('reads keywords after a dot as member names', () => {
    expect(op('extend x = Properties.from')).toMatchObject({
      columns: [{ names: ['x'], expr: { kind: 'Member', target: N('Properties'), name: 'from' } }],
    });
    expect(op('where a.on == 1 and a.with == 2 and a.kind == 3')).toMatchObject({ kind: 'Where' });
  });

  it('reads soft keywords as let names and references', () => {
    const s = parse('let count = 1; print count').statements;
    expect(s[0]).toMatchObject({ kind: 'Let', name: 'count' });
    expect(s[1]).toMatchObject({ expr: { kind: 'Print', columns: [{ expr: { kind: 'Name', name: 'count' } }] } });
  });

  it('reads keywords in other clauses as names', () => {
    expect(op('sort by type asc')).toMatchObject({ keys: [{ expr: N('type') }] });
    expect(op('top 3 by count')).toMatchObject({ key: { expr: N('count') } });
    expect(op('mv-expand type')).toMatchObject({ columns: [{ expr: N('type') }] });
    expect(op('parse x with type:string')).toMatchObject({ pattern: [{ kind: 'Capture', name: 'type' }] });
    expect(op('join (U) on type')).toMatchObject({ on: [{ kind: 'SameName', name: 'type' }] });
    expect(op('project-rename type = kind')).toMatchObject({ renames: [{ newName: 'type', oldName: 'kind' }] });
  });

  it('accepts any keyword in brackets', () => {
    expect(op("project ['where'], ['title']")).toEqual({
      kind: 'Project',
      columns: [
        { names: [], expr: N('where') },
        { names: [], expr: N('title') },
      ],
    });
    expect(op("extend ['kind'] = 1")).toMatchObject({ columns: [{ names: ['kind'] }] });
  });

  it('rejects keywords Kusto requires to be bracketed', () => {
    for (const q of [
      'T | extend kind = 1',
      'T | project title',
      'T | project to',
      'T | project project',
      'T | where where == 1',
      'let kind = 1; print 1',
      'T | project-away kind',
      'datatable(type:string, kind:long)[1, 2]',
    ]) {
      expect(() => parse(q), q).toThrow();
    }
  });
});
