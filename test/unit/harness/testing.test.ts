// kqlite/testing: rule tests inside a vitest suite, and a module that loads without vitest.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkMetadata, installMatchers, loadRule, runRule } from '../../../src/harness/testing.js';
import { parseDateTime } from '../../../src/tables/datetime.js';

installMatchers(expect);

const NOW = '2024-06-30T12:00:00Z';
const tuned = loadRule('fixtures/splashtop/splashtop-tuned.yaml');
const splashtop = {
  Timestamp: '2024-06-29T02:13:07Z',
  DeviceId: 'c0ffee',
  DeviceName: 'ws-fin-022.contoso.local',
  ProcessVersionInfoCompanyName: 'Splashtop Inc.',
  ProcessVersionInfoProductName: 'Splashtop Streamer',
  InitiatingProcessFileName: 'powershell.exe',
  ReportId: 70001,
};

describe('kqlite/testing', () => {
  it('runs a rule file over row objects with a frozen now', () => {
    const r = runRule(tuned, { now: NOW, tables: { DeviceProcessEvents: [splashtop] } });
    expect(r).toFire();
    expect(r).toHaveRowCount(1);
    expect(r).toHaveRows([{ DeviceName: 'ws-fin-022.contoso.local', Report: [70001], Count: 1 }]);
    expect(r.objects()[0]!.FirstSeen).toBe(parseDateTime('2024-06-29T02:13:07Z'));
    expect(r.stages.map((s) => s.rows)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('supports .not and data file paths', () => {
    const r = runRule(tuned, { now: NOW, tables: { DeviceProcessEvents: 'fixtures/splashtop/data/benign-4-monitoring-tool.jsonl' } });
    expect(r).not.toFire();
    expect(r.explain()[0]!.rejectedAt!.pos!.line).toBe(33);
  });

  it('fails with a diff, the stage counts and explanations', () => {
    const r = runRule(tuned, { now: NOW, tables: { DeviceProcessEvents: [{ ...splashtop, InitiatingProcessFileName: 'zabbix_agentd.exe' }] } });
    expect(() => expect(r).toFire()).toThrow(/expected the rule to fire, but it returned no rows[\s\S]*rows after each stage: DeviceProcessEvents: 1 → [\s\S]*REJECTED by where not\(InitiatingProcessFileName contains "nagios"/);
    const fired = runRule(tuned, { now: NOW, tables: { DeviceProcessEvents: [splashtop] } });
    expect(() => expect(fired).toHaveRows([{ DeviceName: 'ws-fin-022.contoso.local', Count: 9 }])).toThrow(/row 1, column Count: expected 9, got 1/);
    expect(() => expect(fired).not.toFire()).toThrow(/expected the rule not to fire, but it returned 1 row/);
  });

  it('rejects unknown columns and needs now', () => {
    expect(() => runRule(tuned, { now: NOW, tables: { DeviceProcessEvents: [{ Filename: 'x' }] } })).toThrow(/'Filename' is not in the schema of table 'DeviceProcessEvents' \(did you mean 'FileName'\?\)/);
    expect(() => runRule(tuned, {} as never)).toThrow(/needs `now`/);
  });

  it('runs KQL text and checks metadata', () => {
    expect(runRule('print n = 1', { now: NOW })).toHaveRows([{ n: 1 }]);
    expect(checkMetadata(tuned)).toEqual([]);
  });

  it('imports outside vitest without loading it', () => {
    const code = `const m = await import('./src/harness/testing.ts');
      const r = m.runRule('print x = 1', { now: '2024-01-01T00:00:00Z' });
      console.log(r.fired, typeof m.installMatchers);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(out.trim()).toBe('true function');
  });
});
