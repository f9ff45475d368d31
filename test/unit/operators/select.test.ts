// search (search-operator.md), sample, sample-distinct, top-nested (top-nested-operator.md), and the
// operators kqlite does not run (KQL110 naming them).
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

const tables = {
  Customers: [{ FirstName: 'Mason', LastName: 'Green', Key: 1 }, { FirstName: 'Sara', LastName: 'Greenwood', Key: 2 }],
  Products: [{ ProductName: 'Contoso Green Radio', ColorName: 'Green' }, { ProductName: 'Blue Lamp', ColorName: 'Blue' }],
};

describe('search', () => {
  it('over listed tables: a union with $table, filtered by a term test on every column', () => {
    expect(names(`search in (Customers, Products) "Green"`, { tables })).toEqual(['$table', 'FirstName', 'LastName', 'Key', 'ProductName', 'ColorName']);
    expect(rows(`search in (Customers, Products) "Green" | project $table, FirstName, ProductName`, { tables })).toEqual([
      ['Customers', 'Mason', ''],
      ['Products', '', 'Contoso Green Radio'],
    ]);
  });
  it('maps * wildcards in a term to hasprefix, hassuffix, contains', () => {
    expect(rows(`Customers | search "Green*" | project FirstName`, { tables })).toEqual([['Mason'], ['Sara']]);
    expect(rows(`Customers | search "*wood" | project FirstName`, { tables })).toEqual([['Sara']]);
    expect(rows(`Customers | search "*eenw*" | project FirstName`, { tables })).toEqual([['Sara']]);
  });
  it('combines terms with and/or and with column predicates', () => {
    expect(rows(`Products | search "Green" and "Radio" | project ColorName`, { tables })).toEqual([['Green']]);
    expect(rows(`Customers | search "Mason" or Key == 2 | count`, { tables })).toEqual([[2n]]);
    expect(rows(`Customers | search * | count`, { tables })).toEqual([[2n]]);
  });
  it('after a pipe, $table names the piped table', () => {
    expect(rows(`Customers | search "Sara" | project $table`, { tables })).toEqual([['Customers']]);
  });
  it('restricts a term to one column with Column:"term"', () => {
    expect(rows(`Customers | search LastName:"Green" | project FirstName`, { tables })).toEqual([['Mason']]);
  });
  it('kind=case_sensitive makes term tests case-sensitive', () => {
    expect(rows(`Customers | search kind=case_sensitive "green" | count`, { tables })).toEqual([[0n]]);
    expect(rows(`Customers | search kind=case_sensitive "Green" | count`, { tables })).toEqual([[1n]]);
  });
});

describe('find (find-operator.md examples)', () => {
  const events = {
    EventsTable1: [
      { Session_Id: 'acbd', Level: 'Information', EventText: 'Some Text1', Version: 'v1.0.0' },
      { Session_Id: 'acbd', Level: 'Error', EventText: 'Some Text2', Version: 'v1.0.0' },
      { Session_Id: '28b8', Level: 'Error', EventText: 'Some Text3', Version: 'v1.0.1' },
    ],
    EventsTable2: [
      { Session_Id: 'f7d5', Level: 'Information', EventText: 'Some Other Text1', EventName: 'Event1' },
      { Session_Id: 'acbd', Level: 'Error', EventText: 'Some Other Text3', EventName: 'Event3' },
    ],
  };
  it('projects the listed columns and packs the rest with pack_all()', () => {
    const kql = `find in (EventsTable1, EventsTable2) where Session_Id == 'acbd' and Level == 'Error' project EventText, Version, EventName, pack_all()`;
    expect(names(kql, { tables: events })).toEqual(['source_', 'EventText', 'Version', 'EventName', 'pack_']);
    expect(rows(kql, { tables: events })).toEqual([
      ['EventsTable1', 'Some Text2', 'v1.0.0', '', { Session_Id: 'acbd', Level: 'Error' }],
      ['EventsTable2', 'Some Other Text3', '', 'Event3', { Session_Id: 'acbd', Level: 'Error' }],
    ]);
  });
  it('by default outputs the predicate\'s columns and the common ones, packing the rest', () => {
    const kql = `find in (EventsTable1, EventsTable2) where Session_Id == 'acbd'`;
    expect(names(kql, { tables: events })).toEqual(['source_', 'Session_Id', 'Level', 'EventText', 'pack_']);
    expect(rows(`${kql} | project source_, pack_`, { tables: events })).toEqual([
      ['EventsTable1', { Version: 'v1.0.0' }],
      ['EventsTable1', { Version: 'v1.0.0' }],
      ['EventsTable2', { EventName: 'Event3' }],
    ]);
  });
  it('withsource= renames source_', () => {
    expect(names(`find withsource=T in (EventsTable1) where Level == 'Error' project Level`, { tables: events })).toEqual(['T', 'Level']);
  });
  it('accepts the abbreviated form `find <predicate>` over every table', () => {
    expect(rows(`find Level == 'Error' project EventName`, { tables: events })).toEqual([['EventsTable1', ''], ['EventsTable1', ''], ['EventsTable2', 'Event3']]);
  });
  it('leaves out tables that lack a column the predicate uses', () => {
    expect(rows(`find in (EventsTable1, EventsTable2) where Version == 'v1.0.1' project EventText`, { tables: events })).toEqual([['EventsTable1', 'Some Text3']]);
  });
});

describe('sample and sample-distinct', () => {
  it('sample returns N rows of the input (all of them when there are fewer)', () => {
    const r = rows(`range x from 1 to 100 step 1 | sample 5`);
    expect(r).toHaveLength(5);
    expect(new Set(r.map((x) => x[0])).size).toBe(5);
    expect(rows(`range x from 1 to 3 step 1 | sample 10`)).toEqual([[1n], [2n], [3n]]);
  });
  it('sample-distinct returns up to N distinct values in one column', () => {
    expect(q(`datatable(s:string)["a", "b", "a", "c"] | sample-distinct 2 of s`).columns).toEqual([{ name: 's', type: 'string' }]);
    expect(rows(`datatable(s:string)["a", "b", "a", "c"] | sample-distinct 5 of s`)).toEqual([['a'], ['b'], ['c']]);
  });
});

describe('top-nested', () => {
  const T = `datatable(State:string, Type:string, Damage:long)["TX", "Hail", 5, "TX", "Flood", 20, "KS", "Hail", 30, "KS", "Wind", 1, "OK", "Hail", 2]`;
  it('keeps the top groups per level, with aggregated_<value> columns (binder naming)', () => {
    // States by total damage: KS 31, TX 25, OK 2; within each of the top 2, the top type.
    const kql = `${T} | top-nested 2 of State by sum(Damage), top-nested 1 of Type by sum(Damage)`;
    expect(names(kql)).toEqual(['State', 'aggregated_State', 'Type', 'aggregated_Type']);
    expect(rows(kql)).toEqual([
      ['KS', 31n, 'Hail', 30n],
      ['TX', 25n, 'Flood', 20n],
    ]);
  });
  it('with others adds a row aggregating the rest; asc ranks the smallest first; names can be given', () => {
    expect(rows(`${T} | top-nested 1 of State with others = "rest" by total = sum(Damage)`)).toEqual([['KS', 31n], ['rest', 27n]]);
    expect(rows(`${T} | top-nested 1 of State by sum(Damage) asc`)).toEqual([['OK', 2n]]);
  });
});

describe('operators kqlite does not run', () => {
  it('fail with KQL110 naming the operator', () => {
    for (const [kql, word] of [
      [`range x from 1 to 2 step 1 | fork (count) (take 1)`, 'fork'],
      [`range x from 1 to 2 step 1 | facet by x`, 'facet'],
      [`print s = "a" | reduce by s`, 'reduce'],
    ] as const) {
      const e = errorOf(kql);
      expect(e.code).toBe('KQL110');
      expect(e.message).toContain(word);
    }
  });
});
