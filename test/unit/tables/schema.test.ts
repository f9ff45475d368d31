// Bundled schema catalogs (three flavors), Kusto schema notation and JSON schema files.
// Expected counts and types were read from the schema JSON files with Python, not from this code.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { parseSchemaJson, parseSchemaText, readSchemaFile, SchemaCatalog } from '../../../src/tables/schema.js';
import deviceTables from '../../../src/tables/schemas/defender-device-tables.json' with { type: 'json' };

function errorOf(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected a KqlError');
}

const typeOf = (c: SchemaCatalog, table: string, col: string) => c.get(table)?.find((x) => x.name === col)?.type;

describe('SchemaCatalog.bundled', () => {
  const merged = SchemaCatalog.bundled();
  const defender = SchemaCatalog.bundled('defender');
  const sentinel = SchemaCatalog.bundled('sentinel');

  it('has every table of each flavor', () => {
    expect(defender.names()).toHaveLength(62);
    expect(sentinel.names()).toHaveLength(69);
    expect(merged.names()).toHaveLength(99);
    expect(merged.has('DeviceProcessEvents')).toBe(true);
    expect(merged.has('deviceprocessevents')).toBe(false);
    expect(merged.get('NoSuchTable')).toBeUndefined();
  });

  it('drops the duplicate LogonID from Defender DeviceProcessEvents', () => {
    const cols = defender.get('DeviceProcessEvents')!;
    expect(cols).toHaveLength(68);
    expect(cols.map((c) => c.name)).toContain('LogonId');
    expect(cols.map((c) => c.name)).not.toContain('LogonID');
  });

  it('matches defender-device-tables.json for the ten Device* tables', () => {
    for (const [table, cols] of Object.entries(deviceTables as Record<string, string[][]>)) {
      expect(defender.get(table)!.map((c) => [c.name, c.type])).toEqual(cols);
    }
  });

  it('merges: Defender columns first, then Sentinel-only columns', () => {
    const names = merged.get('DeviceProcessEvents')!.map((c) => c.name);
    expect(names).toHaveLength(75);
    expect(names.slice(0, 68)).toEqual(defender.get('DeviceProcessEvents')!.map((c) => c.name));
    expect(names.slice(68)).toEqual(['TenantId', 'MachineGroup', 'TimeGenerated', 'SourceSystem', 'Type', '_IsBillable', '_BilledSize']);
  });

  it('merges types: dynamic if either side says dynamic, else the Defender type', () => {
    expect(typeOf(defender, 'DeviceProcessEvents', 'AdditionalFields')).toBe('string');
    expect(typeOf(sentinel, 'DeviceProcessEvents', 'AdditionalFields')).toBe('dynamic');
    expect(typeOf(merged, 'DeviceProcessEvents', 'AdditionalFields')).toBe('dynamic');
    expect(typeOf(merged, 'IdentityInfo', 'Tags')).toBe('dynamic'); // dynamic in Defender, string in Sentinel
    expect(typeOf(merged, 'IdentityDirectoryEvents', 'Port')).toBe('int'); // int vs string
    expect(typeOf(merged, 'DeviceTvmSoftwareVulnerabilitiesKB', 'CvssScore')).toBe('string'); // string vs real
  });

  it('keeps Sentinel-only tables as they are', () => {
    expect(merged.get('SecurityEvent')).toEqual(sentinel.get('SecurityEvent'));
    expect(merged.get('SecurityEvent')).toHaveLength(229);
  });

  it('adds user tables with withTables', () => {
    const c = merged.withTables([['MyTable', [{ name: 'a', type: 'long' }]]]);
    expect(c.get('MyTable')).toEqual([{ name: 'a', type: 'long' }]);
    expect(merged.has('MyTable')).toBe(false);
  });
});

describe('parseSchemaText', () => {
  it('reads Kusto schema notation', () => {
    expect(parseSchemaText("(a:string, b:datetime, ['c d']:long, [\"e\"]: Dynamic)")).toEqual([
      { name: 'a', type: 'string' },
      { name: 'b', type: 'datetime' },
      { name: 'c d', type: 'long' },
      { name: 'e', type: 'dynamic' },
    ]);
  });

  it('accepts aliases, no parentheses, a table name and .create table', () => {
    expect(parseSchemaText('x:int64, y:Boolean')).toEqual([{ name: 'x', type: 'long' }, { name: 'y', type: 'bool' }]);
    expect(parseSchemaText('T (x:time)')).toEqual([{ name: 'x', type: 'timespan' }]);
    expect(parseSchemaText('.create table T (x:guid)\n')).toEqual([{ name: 'x', type: 'guid' }]);
    expect(parseSchemaText('()')).toEqual([]);
  });

  it('reports errors with positions', () => {
    const e = errorOf(() => parseSchemaText('(a:string,\n b:numberish)', 's.kql'));
    expect([e.code, e.file, e.line, e.column]).toEqual(['KQL310', 's.kql', 2, 4]);
    expect(e.message).toMatch(/unknown type 'numberish'/);
    expect(errorOf(() => parseSchemaText('(a:string, a:long)')).message).toMatch(/twice/);
    expect(errorOf(() => parseSchemaText('(a string)')).message).toMatch(/expected ':'/);
    expect(errorOf(() => parseSchemaText('(a:string')).message).toMatch(/missing '\)'/);
  });
});

describe('parseSchemaJson and readSchemaFile', () => {
  it('reads the three JSON forms', () => {
    const want = [{ name: 'a', type: 'string' }, { name: 'b', type: 'long' }];
    expect(parseSchemaJson('[["a","String"],["b","long"]]')).toEqual(want);
    expect(parseSchemaJson('{"a":"string","b":"Int64"}')).toEqual(want);
    expect(parseSchemaJson('[{"name":"a","type":"string"},{"Name":"b","CslType":"long"}]')).toEqual(want);
  });

  it('rejects bad JSON schemas', () => {
    expect(errorOf(() => parseSchemaJson('{"a":"nope"}')).code).toBe('KQL310');
    expect(errorOf(() => parseSchemaJson('[["a"]]')).code).toBe('KQL310');
    expect(errorOf(() => parseSchemaJson('{"a":')).code).toBe('KQL310');
  });

  it('tells the notations apart by content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kqlite-schema-'));
    writeFileSync(join(dir, 'a.json'), '{"x":"long"}');
    writeFileSync(join(dir, 'b.kql'), "(['x']:long)");
    writeFileSync(join(dir, 'c.txt'), "['x']:long");
    for (const f of ['a.json', 'b.kql', 'c.txt']) expect(readSchemaFile(join(dir, f))).toEqual([{ name: 'x', type: 'long' }]);
    expect(errorOf(() => readSchemaFile(join(dir, 'missing.json'))).code).toBe('KQL311');
  });

  it('reads a catalog of several tables from JSON', () => {
    const c = SchemaCatalog.fromJson('{"A":[["x","long"]],"B":{"y":"string"}}');
    expect(c.names()).toEqual(['A', 'B']);
    expect(c.get('B')).toEqual([{ name: 'y', type: 'string' }]);
  });
});
