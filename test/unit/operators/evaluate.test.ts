// evaluate bag_unpack and pivot (bag-unpack-plugin.md, pivot-plugin.md). Their columns come from the data
// when the input's rows are known while binding (literal tables here); otherwise from the names the rest
// of the query uses.
import { describe, expect, it } from 'vitest';
import { errorOf, names, q, rows } from '../../helpers.js';

const PEOPLE = `datatable(d:dynamic)[dynamic({"Name": "John", "Age":20}), dynamic({"Name": "Dave", "Age":40}), dynamic({"Name": "Jasmine", "Age":30})]`;

describe('bag_unpack (docs examples)', () => {
  it('turns each slot into a column, sorted by name, typed by the slot values', () => {
    expect(q(`${PEOPLE} | evaluate bag_unpack(d)`).columns).toEqual([
      { name: 'Age', type: 'long' },
      { name: 'Name', type: 'string' },
    ]);
    expect(rows(`${PEOPLE} | evaluate bag_unpack(d)`)).toEqual([[20n, 'John'], [40n, 'Dave'], [30n, 'Jasmine']]);
  });
  it('adds a column prefix', () => {
    expect(names(`${PEOPLE} | evaluate bag_unpack(d, 'Property_')`)).toEqual(['Property_Age', 'Property_Name']);
  });
  it('resolves a clash with an existing column by columnsConflict', () => {
    const T = `datatable(Name:string, d:dynamic)['Old_name', dynamic({"Name": "John", "Age":20})]`;
    expect(errorOf(`${T} | evaluate bag_unpack(d)`).code).toBe('KQL112');
    expect(rows(`${T} | evaluate bag_unpack(d, columnsConflict='replace_source')`)).toEqual([[20n, 'John']]);
    expect(names(`${T} | evaluate bag_unpack(d, columnsConflict='replace_source')`)).toEqual(['Age', 'Name']);
    expect(rows(`${T} | evaluate bag_unpack(d, columnsConflict='keep_source')`)).toEqual([['Old_name', 20n]]);
  });
  it('skips ignoredProperties', () => {
    expect(rows(`${PEOPLE} | evaluate bag_unpack(d, ignoredProperties=dynamic(['Age'])) | take 1`)).toEqual([['John']]);
  });
  it('leaves slots a row lacks null, and keeps the other input columns first', () => {
    const T = `datatable(id:long, d:dynamic)[1, dynamic({"a": 1}), 2, dynamic({"b": "x"}), 3, dynamic(null)]`;
    expect(rows(`${T} | evaluate bag_unpack(d)`)).toEqual([[1n, 1n, ''], [2n, null, 'x'], [3n, null, '']]);
  });
  it('over a loaded table, takes its columns and types from the rows', () => {
    const tables = { Zed: [{ id: 1, d: { a: 5, b: 'x' } }] };
    expect(q(`Zed | evaluate bag_unpack(d) | project id, a, b`, { tables }).columns.map((c) => c.type)).toEqual(['long', 'long', 'string']);
    expect(rows(`Zed | evaluate bag_unpack(d) | where a == 5 | project b`, { tables })).toEqual([['x']]);
  });
  it('without rows at bind time, supplies the columns the rest of the query uses (typed dynamic)', () => {
    // An empty catalog table has no rows to look at while binding.
    const opts = { emptyTables: true };
    expect(q(`DeviceEvents | project d = dynamic({}) | evaluate bag_unpack(d) | project a, b`, opts).columns.map((c) => c.type)).toEqual(['dynamic', 'dynamic']);
  });
  it('needs a dynamic column', () => {
    expect(errorOf(`print s = "x" | evaluate bag_unpack(s)`).code).toBe('KQL106');
  });
  it('with an output schema returns exactly the declared columns, from the input or the bag', () => {
    const kql = `datatable(id:long, d:dynamic)[1, dynamic({"Name": "John", "Age": 20, "X": 1})] | evaluate bag_unpack(d) : (Name:string, Age:long, id:long, Missing:string)`;
    expect(q(kql).columns.map((c) => `${c.name}:${c.type}`)).toEqual(['Name:string', 'Age:long', 'id:long', 'Missing:string']);
    expect(rows(kql)).toEqual([['John', 20n, 1n, '']]);
  });
});

describe('pivot', () => {
  const T = `datatable(State:string, EventType:string, Deaths:long)["AL", "Wind", 1, "AL", "Wind", 2, "AK", "Wind", 3, "AK", "Cold", 4]`;
  it('counts by default: one column per pivot value, grouped by the other columns', () => {
    expect(names(`${T} | project State, EventType | evaluate pivot(State)`)).toEqual(['EventType', 'AL', 'AK']);
    expect(rows(`${T} | project State, EventType | evaluate pivot(State)`)).toEqual([['Wind', 2n, 1n], ['Cold', 0n, 1n]]);
  });
  it('applies the given aggregate, grouping by the listed columns', () => {
    expect(rows(`${T} | evaluate pivot(State, sum(Deaths), EventType)`)).toEqual([['Wind', 3n, 3n], ['Cold', 0n, 4n]]);
  });
  it('with an output schema, the declared columns in their order and types', () => {
    // Keys are the declared input columns; the other declared names are pivot values (ALASKA never occurs: 0).
    const kql = `${T} | project State, EventType | evaluate pivot(State) : (EventType:string, AK:long, AL:real, ALASKA:long)`;
    expect(q(kql).columns.map((c) => `${c.name}:${c.type}`)).toEqual(['EventType:string', 'AK:long', 'AL:real', 'ALASKA:long']);
    expect(rows(kql)).toEqual([['Wind', 1n, 2, 0n], ['Cold', 1n, 0, 0n]]);
  });
  it('without rows at bind time, the pivot columns are the names used later', () => {
    const tables = { Zed: [{ k: 'x', p: 'A' }, { k: 'x', p: 'B' }, { k: 'y', p: 'A' }] };
    expect(rows(`Zed | evaluate pivot(p, count(), k) | project k, A`, { tables })).toEqual([['x', 1n], ['y', 1n]]);
  });
});

describe('other plugins', () => {
  it('are not supported (KQL110 naming the plugin)', () => {
    const e = errorOf(`print x = 1 | evaluate autocluster()`);
    expect(e.code).toBe('KQL110');
    expect(e.message).toContain('autocluster');
  });
});
