// Explain: where an input row stops, which and/or branch rejected it, and the values it read.
import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../../../src/harness/explain.js';
import { runRule } from '../../../src/harness/testing.js';

const NOW = '2024-06-30T12:00:00Z';
const RULE = `let Start = ago(5d);
DeviceProcessEvents
| where Timestamp > Start
| where FileName =~ "powershell.exe" and (ProcessCommandLine has "-enc" or ProcessCommandLine has "-e")
| where not(InitiatingProcessFileName in~ ("ccmexec.exe", "sccm.exe"))
| summarize Count = count() by DeviceName
| where Count >= 2`;

const row = (o: Record<string, unknown>) => ({ Timestamp: '2024-06-30T10:00:00Z', FileName: 'powershell.exe', ProcessCommandLine: 'powershell -enc AAA', DeviceName: 'ws-1', ...o });

describe('explain', () => {
  it('names the where and the branch that rejected a row, with the values read', () => {
    const r = runRule(RULE, { now: NOW, tables: { DeviceProcessEvents: [row({ ProcessCommandLine: 'powershell -File x.ps1' })] } });
    const [x] = r.explain();
    expect(x!.verdict).toBe('rejected');
    expect(x!.rejectedAt!.pos!.line).toBe(4);
    const where = x!.steps.find((s) => s.outcome === 'rejected')!;
    expect(where.branches!.map((b) => [b.label, b.value, b.keeps])).toEqual([
      ['FileName =~ "powershell.exe" and (ProcessCommandLine has "-enc" or ProcessCommandLine has "-e")', 'false', false],
      ['FileName =~ "powershell.exe"', 'true', true],
      ['ProcessCommandLine has "-enc" or ProcessCommandLine has "-e"', 'false', false],
      ['ProcessCommandLine has "-enc"', 'false', false],
      ['ProcessCommandLine has "-e"', 'false', false],
    ]);
    expect(where.branches![3]!.inputs).toEqual([{ name: 'ProcessCommandLine', value: '"powershell -File x.ps1"' }]);
    const text = formatExplanation(x!).join('\n');
    expect(text).toContain('REJECTED by where FileName =~ "powershell.exe"');
    expect(text).toContain('✗ false ProcessCommandLine has "-enc"');
  });

  it('shows named constants (let values) a branch compares with', () => {
    const r = runRule(RULE, { now: NOW, tables: { DeviceProcessEvents: [row({ Timestamp: '2024-06-01T00:00:00Z' })] } });
    const step = r.explain()[0]!.steps.find((s) => s.outcome === 'rejected')!;
    expect(step.branches![0]!.inputs).toEqual([
      { name: 'Timestamp', value: '2024-06-01T00:00:00Z' },
      { name: 'Start', value: '2024-06-25T12:00:00Z' },
    ]);
  });

  it('counts a branch under not() the other way round', () => {
    const r = runRule(RULE, { now: NOW, tables: { DeviceProcessEvents: [row({ InitiatingProcessFileName: 'CCMExec.exe' })] } });
    const step = r.explain()[0]!.steps.find((s) => s.outcome === 'rejected')!;
    expect(step.pos!.line).toBe(5);
    expect(step.branches!.map((b) => [b.value, b.keeps])).toEqual([['false', false]]);
  });

  it('follows a row into its summarize group and explains a later where on the group', () => {
    const r = runRule(RULE, { now: NOW, tables: { DeviceProcessEvents: [row({}), row({ DeviceName: 'ws-2' }), row({ DeviceName: 'ws-2' })] } });
    const [first, second] = r.explain();
    expect(first!.verdict).toBe('rejected');
    expect(first!.steps.find((s) => s.op === 'summarize')!.detail).toBe('DeviceName = "ws-1"');
    expect(formatExplanation(first!).join('\n')).toContain('summarize  → grouped into the group DeviceName = "ws-1"');
    expect(first!.rejectedAt!.label).toBe('where Count >= 2');
    expect(first!.steps.at(-1)!.branches![0]!.inputs).toEqual([{ name: 'Count', value: '1' }]);
    expect(second!.verdict).toBe('kept');
    expect(second!.resultRows).toEqual([1]);
    expect(formatExplanation(second!)[0]).toMatch(/KEPT → result row 1$/);
  });

  it('reports a row that finds no partner in an inner join', () => {
    const q = `DeviceProcessEvents | join kind=inner (DeviceNetworkEvents | project DeviceId, RemoteIP) on DeviceId`;
    const r = runRule(q, {
      now: NOW,
      tables: {
        DeviceProcessEvents: [{ DeviceId: 'a' }, { DeviceId: 'b' }],
        DeviceNetworkEvents: [{ DeviceId: 'a', RemoteIP: '10.0.0.1' }],
      },
    });
    const [a, b] = r.explain();
    expect(a!.verdict).toBe('kept');
    expect(b!.verdict).toBe('rejected');
    expect(b!.steps.find((s) => s.outcome === 'rejected')!.detail).toBe('the join (kind=inner) gives no row for it');
  });

  it('says when the rule does not read the table', () => {
    const r = runRule('DeviceProcessEvents | take 1', { now: NOW, tables: { DeviceProcessEvents: [{}], DeviceFileEvents: [{}] } });
    expect(r.explain({ table: 'DeviceFileEvents' })[0]!.verdict).toBe('not-read');
  });
});
