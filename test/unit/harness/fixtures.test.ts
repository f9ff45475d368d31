// Test tables: inline rows typed against the bundled schema, with errors at the YAML line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/diagnostics.js';
import { buildFixture, catalogFor } from '../../../src/harness/fixtures.js';
import { loadSpec, type TestSpec } from '../../../src/harness/spec.js';
import { parseDateTime } from '../../../src/tables/datetime.js';

function spec(tables: string, files: Record<string, string> = {}): TestSpec {
  const d = mkdtempSync(join(tmpdir(), 'kqlite-fix-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  const file = join(d, 's.kqltest.yaml');
  writeFileSync(file, `rule: r.kql\nnow: 2024-06-30T12:00:00Z\ntables:\n${tables}\ncases:\n  - { name: a, expect: { fires: true } }\n`);
  return loadSpec(file);
}

function build(s: TestSpec) {
  return buildFixture(s.tables.values(), { file: s.file, catalog: catalogFor('merged') });
}

function buildError(s: TestSpec): KqlError {
  try {
    build(s);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('inline rows', () => {
  it('are typed with the bundled schema; left-out columns are empty', () => {
    const f = build(spec(`  DeviceProcessEvents:\n    - Timestamp: 2024-06-29T10:00:00.1234567Z\n      ReportId: 9007199254740993\n      FileName: a.exe\n`));
    const t = f.tables.get('DeviceProcessEvents')!;
    expect(t.length).toBe(1);
    const row = Object.fromEntries(t.schema.map((c, i) => [c.name, t.columns[i]!.get(0)]));
    expect(row.Timestamp).toBe(parseDateTime('2024-06-29T10:00:00.1234567Z'));
    expect(row.ReportId).toBe(9007199254740993n);
    expect(row.FileName).toBe('a.exe');
    expect(row.DeviceName).toBe('');
    expect(row.ProcessId).toBeNull();
    expect(f.origins.get('DeviceProcessEvents')![0]!.label).toMatch(/s\.kqltest\.yaml:5$/);
  });

  it('reject a column the schema does not have, at its YAML line, with a suggestion', () => {
    const e = buildError(spec(`  DeviceProcessEvents:\n    - FileName: a.exe\n    - FileName: b.exe\n      ProcesCommandLine: x\n`));
    expect(e.code).toBe('KQL413');
    expect([e.line, e.column]).toEqual([7, 7]);
    expect(e.message).toContain("'ProcesCommandLine' is not in the schema of table 'DeviceProcessEvents'");
    expect(e.message).toContain("did you mean 'ProcessCommandLine'");
  });

  it('reject a value that does not fit its column, at the value', () => {
    const e = buildError(spec(`  DeviceProcessEvents:\n    - Timestamp: last tuesday\n`));
    expect(e.code).toBe('KQL414');
    expect([e.line, e.column]).toEqual([5, 18]);
    expect(e.message).toContain("column 'Timestamp' of table 'DeviceProcessEvents' is datetime");
  });

  it('take defaults for the columns a row leaves out', () => {
    const f = build(spec(`  DeviceProcessEvents:\n    defaults: { DeviceName: ws-1, FileName: x.exe }\n    rows:\n      - { FileName: a.exe }\n      - {}\n`));
    const t = f.tables.get('DeviceProcessEvents')!;
    const fi = t.indexOf('FileName');
    const di = t.indexOf('DeviceName');
    expect([t.columns[fi]!.get(0), t.columns[fi]!.get(1), t.columns[di]!.get(1)]).toEqual(['a.exe', 'x.exe', 'ws-1']);
  });

  it('read dynamic values from YAML lists and mappings', () => {
    const f = build(spec(`  DeviceProcessEvents:\n    - AdditionalFields: { a: [1, 2], b: x }\n`));
    const t = f.tables.get('DeviceProcessEvents')!;
    expect(t.columns[t.indexOf('AdditionalFields')]!.get(0)).toEqual({ a: [1n, 2n], b: 'x' });
  });

  it('learn the columns of a table the catalog does not know', () => {
    const f = build(spec(`  MyLog_CL:\n    - { When: 2024-06-30T00:00:00Z, N: 3, Ratio: 0.5, Who: bob, Tags: [a] }\n`));
    expect(f.tables.get('MyLog_CL')!.schema.map((c) => `${c.name}:${c.type}`)).toEqual(['When:datetime', 'N:long', 'Ratio:real', 'Who:string', 'Tags:dynamic']);
  });

  it('use an explicit schema in Kusto notation', () => {
    const f = build(spec(`  MyLog_CL:\n    schema: "(When:datetime, Code:int)"\n    rows: [{ Code: 7 }]\n`));
    expect(f.tables.get('MyLog_CL')!.schema.map((c) => c.type)).toEqual(['datetime', 'int']);
  });

  it('combine a data file with inline rows', () => {
    const f = build(
      spec(`  DeviceProcessEvents:\n    file: d.csv\n    rows: [{ FileName: c.exe }]\n`, { 'd.csv': 'FileName,DeviceName\na.exe,ws-1\nb.exe,ws-2\n' }),
    );
    const t = f.tables.get('DeviceProcessEvents')!;
    expect(t.length).toBe(3);
    expect(f.origins.get('DeviceProcessEvents')!.map((o) => o.label.replace(/^.*[\\/]/, ''))).toEqual(['d.csv row 1', 'd.csv row 2', 's.kqltest.yaml:6']);
  });

  it('pass data file errors through with their file and line', () => {
    const e = buildError(spec(`  DeviceProcessEvents: d.csv\n`, { 'd.csv': 'FileName,Timestamp\na.exe,not a date\n' }));
    expect(e.code).toBe('KQL302');
    expect(e.line).toBe(2);
  });

  it('report a missing data file at the spec line that names it', () => {
    const e = buildError(spec(`  DeviceProcessEvents: nowhere.csv\n`));
    expect([e.code, e.line, e.column]).toEqual(['KQL502', 4, 24]);
    expect(e.message).toContain("(named by table 'DeviceProcessEvents')");
  });

  it('turn views into tables', () => {
    const f = build(
      spec(`  Raw:\n    - { Name: a.exe, When: 2024-06-30T00:00:00Z }\n  DeviceProcessEvents:\n    view: v.kql\n`, {
        'v.kql': 'Raw | project FileName = Name, Timestamp = When',
      }),
    );
    const t = f.tables.get('DeviceProcessEvents')!;
    expect(t.length).toBe(1);
    expect(t.columns[t.indexOf('FileName')]!.get(0)).toBe('a.exe');
    expect([...f.viewSources]).toEqual(['Raw']);
  });
});
