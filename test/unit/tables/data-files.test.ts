// Loading every real data file under /work/shared/data. Row counts and spot-checked values were taken
// from the files independently with Python's csv/json modules (tick values with Python's datetime).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../../src/tables/load.js';
import { SchemaCatalog } from '../../../src/tables/schema.js';
import type { Table } from '../../../src/tables/table.js';

const DATA = '/work/shared/data';
const MSTIC = join(DATA, 'msticpy-testdata');
const OTRF = join(DATA, 'otrf-goldensaml-adfs-mail-access');
const SPLASH = join(DATA, 'splashtop');

const cell = (t: Table, row: number, col: string) => {
  const c = t.column(col);
  if (!c) throw new Error(`no column ${col}`);
  return c.get(row);
};

describe.runIf(existsSync(DATA))('real data files', () => {
  it('mde_proc_cs1.csv: 1564 rows, inferred, quoted newline, 9-digit fractions, True/False, 2049.0', () => {
    const { table, summary } = loadTable([join(MSTIC, 'mde_proc_cs1.csv')], { name: 'MdeRawProcessEvents' });
    expect([table.length, table.schema.length]).toEqual([1564, 104]);
    expect([summary.read, summary.loaded, summary.rejected]).toEqual([1564, 1564, 0]);
    expect(table.schema[0]).toEqual({ name: 'Column1', type: 'long' }); // the pandas index
    expect(cell(table, 0, 'CreatedProcessCreationTime')).toBe(16244176941598142n); // 2021-06-23 03:08:14.159814200+00:00
    expect(cell(table, 317, 'CreatedProcessCommandLine')).toBe(
      "-s -1 -f 2 -t You're about to be signed out -m Windows will shut down in 10 minutes.\n\n Shutdown will start on Friday, June 25, 2021 10:54:40 AM. -a 3",
    );
    expect(cell(table, 317, 'Column1')).toBe(317n);
    expect(cell(table, 0, 'CreatedProcessIsElevated')).toBe(false);
    expect(cell(table, 0, 'IsMtpEnabled')).toBe(true);
    expect(table.schema.find((c) => c.name === 'InitiatingProcessStartupFlags')!.type).toBe('long');
    expect(cell(table, 0, 'InitiatingProcessStartupFlags')).toBe(2049n); // written 2049.0
    expect(table.schema.find((c) => c.name === 'OsVersion')!.type).toBe('real'); // always 10.0, never empty
  });

  it('processes_on_host.csv: 363 rows, millisecond timestamps without zone, doubled quotes', () => {
    const { table } = loadTable([join(MSTIC, 'processes_on_host.csv')], { name: 'ProcessesOnHost' });
    expect(table.length).toBe(363);
    expect(cell(table, 0, 'TimeGenerated')).toBe(15475298640100000n); // 2019-01-15 05:24:24.010
    expect(cell(table, 0, 'CommandLine')).toBe(
      '"C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\Health Service State\\CT_602681692\\NativeDSC\\DesiredStateConfiguration\\ASMHost.exe" GetInventory "C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\Health Service State\\CT_602681692\\work\\ServiceState\\ServiceState.mof" "C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\Health Service State\\CT_602681692\\work\\ServiceState"',
    );
    expect(cell(table, 0, 'NewProcessId')).toBe('0x1610');
  });

  it('processes_on_host.csv against the SecurityEvent schema needs allowExtraColumns for TimeCreatedUtc', () => {
    const opts = { name: 'SecurityEvent', catalog: SchemaCatalog.bundled() };
    expect(() => loadTable([join(MSTIC, 'processes_on_host.csv')], opts)).toThrow(/TimeCreatedUtc/);
    const { table } = loadTable([join(MSTIC, 'processes_on_host.csv')], { ...opts, allowExtraColumns: true });
    expect(table.length).toBe(363);
    expect(table.schema.at(-1)).toEqual({ name: 'TimeCreatedUtc', type: 'datetime' });
  });

  it('host_logons.csv: 14 rows, inferred and with the SecurityEvent catalog schema', () => {
    const inferred = loadTable([join(MSTIC, 'host_logons.csv')], { name: 'HostLogons' }).table;
    expect(inferred.length).toBe(14);
    expect(cell(inferred, 0, 'EventID')).toBe(4624n);

    const { table, summary } = loadTable([join(MSTIC, 'host_logons.csv')], { name: 'SecurityEvent', catalog: SchemaCatalog.bundled() });
    expect([table.length, table.schema.length]).toEqual([14, 229]);
    expect(summary.warnings.map((w) => w.code)).toEqual(['KQL321']); // the pandas index column
    expect(cell(table, 0, 'EventID')).toBe(4624); // int
    expect(cell(table, 0, 'TimeGenerated')).toBe(15475293029800000n); // 2019-01-15 05:15:02.980
    expect(cell(table, 0, 'LogonProcessName')).toBe('Advapi  ');
    expect(cell(table, 0, 'TargetLogonId')).toBe('0xfaac27');
    expect(cell(table, 0, 'Status')).toBe('');
  });

  it('syslog_data.csv: 100 rows, US M/D/YYYY H:MM timestamps', () => {
    const { table } = loadTable([join(MSTIC, 'syslog_data.csv')], { name: 'Syslog' });
    expect(table.length).toBe(100);
    expect(cell(table, 0, 'TimeGenerated')).toBe(15626020800000000n); // 7/8/2019 16:08
    expect(table.schema.find((c) => c.name === 'EventTime')!.type).toBe('datetime');
    expect(table.schema.find((c) => c.name === 'ProcessID')!.type).toBe('string'); // always empty
  });

  it('Microsoft365DefenderEvents.json: 9 mixed rows, CRLF, nested dynamic values', () => {
    const { table, summary } = loadTable([join(OTRF, 'Microsoft365DefenderEvents.json')], { name: 'M365' });
    expect([table.length, table.schema.length]).toEqual([9, 98]);
    expect(summary.files[0]!.format).toBe('jsonl');
    expect(cell(table, 0, 'Timestamp')).toBe(16279098997724491n); // 2021-08-02T13:11:39.7724491Z
    expect(cell(table, 0, 'ReportId_long')).toBe(113597n);
    expect(cell(table, 0, 'InitiatingProcessCommandLine')).toBe('"powershell.exe" ');
    expect(table.schema.find((c) => c.name === 'AdditionalFields')!.type).toBe('dynamic');
    expect(cell(table, 7, 'AdditionalFields')).toEqual({ IsSatelliteProvider: false });
    expect(cell(table, 8, 'AdditionalFields')).toEqual({});
    expect(cell(table, 0, 'AdditionalFields')).toBeNull();
  });

  it('WindowsEvents.json: 38 rows; a JSON-text string parses when the schema says dynamic', () => {
    const file = join(OTRF, 'WindowsEvents.json');
    const { table } = loadTable([file], { name: 'WindowsEvents' });
    expect(table.length).toBe(38);
    expect(cell(table, 0, 'TimeGenerated')).toBe(16279097600400000n); // 2021-08-02T13:09:20.04Z
    expect(cell(table, 0, 'EventID')).toBe(412n);
    expect(typeof cell(table, 0, 'EventData_dynamic')).toBe('string');

    const typed = loadTable([file], { name: 'WindowsEvents', schema: [{ name: 'EventData_dynamic', type: 'dynamic' }], allowExtraColumns: true }).table;
    const ev = cell(typed, 0, 'EventData_dynamic');
    expect(Array.isArray(ev) && ev.length).toBe(4);
  });

  it('AADAuditEvents.json (4 rows) and OfficeActivityEvents.json (1 row)', () => {
    const aad = loadTable([join(OTRF, 'AADAuditEvents.json')], { name: 'AuditLogs' }).table;
    expect(aad.length).toBe(4);
    expect(cell(aad, 0, 'TimeGenerated')).toBe(16279109659830000n); // 2021-08-02T13:29:25.983Z
    expect(cell(aad, 0, 'OperationName')).toBe('Update application – Certificates and secrets management ');
    const office = loadTable([join(OTRF, 'OfficeActivityEvents.json')], { name: 'OfficeActivity' }).table;
    expect(office.length).toBe(1);
    expect(cell(office, 0, 'TimeGenerated')).toBe(16279111270000000n); // 2021-08-02T13:32:07Z
    expect(cell(office, 0, 'Operation')).toBe('MailItemsAccessed');
  });

  describe('splashtop DeviceProcessEvents with the catalog schema', () => {
    const catalog = SchemaCatalog.bundled();
    const load = (f: string) => loadTable([join(SPLASH, f)], { name: 'DeviceProcessEvents', catalog });

    it.each(['DeviceProcessEvents.csv', 'DeviceProcessEvents.jsonl'])('%s: 187 rows, exact ReportId past 2^53', (f) => {
      const { table, summary } = load(f);
      expect([table.length, summary.rejected, summary.schemaSource]).toEqual([187, 0, 'catalog']);
      expect(cell(table, 0, 'Timestamp')).toBe(17191375818272450n); // 2024-06-23T10:13:01.8272450Z
      expect(cell(table, 53, 'ReportId')).toBe(9007199254740993n);
      expect(cell(table, 53, 'Timestamp')).toBe(17195760000000000n); // 2024-06-28T12:00:00.0000000Z
      expect(cell(table, 0, 'AdditionalFields')).toEqual({ ProcessStartKey: 9613097862978201n }); // dynamic in the merged schema; past 2^53
      expect(cell(table, 0, 'TimeGenerated')).toBeNull(); // Sentinel-only column, not in the file
    });

    it('the CSV and JSON Lines encodings load to the same table', () => {
      const a = load('DeviceProcessEvents.csv').table;
      const b = load('DeviceProcessEvents.jsonl').table;
      expect(a.schema).toEqual(b.schema);
      expect(a.rows()).toEqual(b.rows());
    });

    it('the Defender flavor keeps AdditionalFields as a string', () => {
      const { table } = loadTable([join(SPLASH, 'DeviceProcessEvents.csv')], { name: 'DeviceProcessEvents', catalog: SchemaCatalog.bundled('defender') });
      expect(table.schema).toHaveLength(68);
      expect(cell(table, 0, 'AdditionalFields')).toBe('{"ProcessStartKey": 9613097862978201}');
    });

    it('several files of one table are unioned', () => {
      const { table, summary } = loadTable([join(SPLASH, 'DeviceProcessEvents.csv'), join(SPLASH, 'DeviceProcessEvents.jsonl')], { name: 'DeviceProcessEvents', catalog });
      expect([table.length, summary.read, summary.files.length]).toEqual([374, 374, 2]);
    });
  });

  it('loads mde_proc_cs1.csv (3.7 MB) in well under a second', () => {
    // Best of two, so a busy machine does not make the check flaky.
    let best = Infinity;
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      loadTable([join(MSTIC, 'mde_proc_cs1.csv')], { name: 'MdeRawProcessEvents' });
      best = Math.min(best, performance.now() - t0);
    }
    expect(best).toBeLessThan(1000);
  });
});
