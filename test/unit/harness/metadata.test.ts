// Sentinel metadata checks: required fields per kind, GUID id, ATT&CK names and IDs, connectors, schedule.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRuleMetadata, durationMinutes, SENTINEL_TACTICS, techniqueName } from '../../../src/harness/metadata.js';
import attack from '../../../src/harness/mitre-attack.json' with { type: 'json' };

function check(yaml: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'kqlite-meta-')), 'rule.yaml');
  writeFileSync(file, yaml);
  return checkRuleMetadata(file).map((e) => ({ code: e.code, line: e.line, severity: e.severity, message: e.message }));
}

const SCHEDULED = `id: 0b3c1c1e-8f3a-4b7e-9d51-2a0f7c9e4b13
name: Encoded PowerShell
description: Finds encoded PowerShell command lines.
severity: Medium
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes:
      - DeviceProcessEvents
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Execution
relevantTechniques:
  - T1059.001
query: |
  DeviceProcessEvents
  | where Timestamp > ago(1h)
  | where ProcessCommandLine has "-enc"
version: 1.0.0
kind: Scheduled
`;

describe('Sentinel metadata checks', () => {
  it('accepts a complete scheduled rule and the published Splashtop hunting query', () => {
    expect(check(SCHEDULED)).toEqual([]);
    expect(checkRuleMetadata('fixtures/splashtop/splashtop-create-process.yaml')).toEqual([]);
    expect(checkRuleMetadata('fixtures/splashtop/splashtop-tuned.yaml')).toEqual([]);
  });

  it('requires the fields of the rule kind', () => {
    const probs = check(SCHEDULED.replace('severity: Medium\n', '').replace('version: 1.0.0\n', ''));
    expect(probs.map((p) => p.message.split(' (')[0])).toEqual(["required field 'severity' is missing", "required field 'version' is missing"]);
    // NRT rules have no schedule; hunting queries (no kind, no schedule) need only the basics.
    const nrt = SCHEDULED.replace('kind: Scheduled', 'kind: NRT').replace(/queryFrequency.*\n|queryPeriod.*\n|triggerOperator.*\n|triggerThreshold.*\n/g, '');
    expect(check(nrt)).toEqual([]);
  });

  it('wants a GUID id, a known severity and a 1.0.0 version, at their lines', () => {
    const probs = check(SCHEDULED.replace(/^id: .*/, 'id: rule-42').replace('severity: Medium', 'severity: medium').replace('version: 1.0.0', 'version: 1.0'));
    expect(probs.map((p) => [p.code, p.line])).toEqual([['KQL421', 1], ['KQL426', 4], ['KQL428', 21]]);
    expect(probs[1]!.message).toContain("did you mean 'Medium'");
    expect(probs[2]!.message).toContain('YAML reads this value as the number 1');
  });

  it('checks tactics against Sentinel and techniques against the bundled ATT&CK list', () => {
    const probs = check(
      SCHEDULED.replace('  - Execution', '  - Execution\n  - Command and Control\n  - PreAttack').replace(
        '  - T1059.001',
        '  - T1059.001\n  - T1086\n  - T1059.099\n  - T9999\n  - T1219\n  - T0801\n  - T1059.1',
      ),
    );
    expect(probs.map((p) => [p.code, p.line, p.severity])).toEqual([
      ['KQL422', 15, 'error'],
      ['KQL424', 19, 'warning'],
      ['KQL423', 20, 'error'],
      ['KQL423', 21, 'error'],
      ['KQL423', 24, 'error'],
    ]);
    expect(probs[0]!.message).toContain("did you mean 'CommandAndControl'");
    expect(probs[1]!.message).toBe('T1086 is a retired ATT&CK ID; it is now T1059.001 (Command and Scripting Interpreter: PowerShell)');
    expect(probs[2]!.message).toContain('is not a sub-technique of T1059');
  });

  it('wants the data connectors to cover every table the query reads', () => {
    const probs = check(SCHEDULED.replace('DeviceProcessEvents\n  | where Timestamp', 'union DeviceProcessEvents, DeviceFileEvents\n  | where Timestamp'));
    expect(probs).toHaveLength(1);
    expect(probs[0]!.code).toBe('KQL424');
    expect(probs[0]!.line).toBe(5);
    expect(probs[0]!.message).toContain('the query reads DeviceFileEvents');
  });

  it('keeps queryFrequency and queryPeriod within 5 minutes..14 days and the period at least the frequency', () => {
    expect(check(SCHEDULED.replace('queryFrequency: 1h', 'queryFrequency: 2m')).map((p) => p.message)).toEqual(["'queryFrequency' is 2m; Sentinel allows 5 minutes to 14 days"]);
    expect(check(SCHEDULED.replace('queryPeriod: 1h', 'queryPeriod: 15d')).map((p) => p.code)).toEqual(['KQL425']);
    const gap = check(SCHEDULED.replace('queryFrequency: 1h', 'queryFrequency: 1d'));
    expect(gap.map((p) => p.message)).toEqual(['queryPeriod (1h) is shorter than queryFrequency (1d): events in the gap between runs are never examined']);
    const back = check(SCHEDULED.replace('ago(1h)', 'ago(3d)'));
    expect(back.map((p) => [p.severity, p.line])).toEqual([['warning', 10]]);
  });

  it('reads Sentinel durations', () => {
    expect([durationMinutes('5m'), durationMinutes('1h'), durationMinutes('14d'), durationMinutes('PT1H'), durationMinutes('P1D'), durationMinutes('P1DT2H'), durationMinutes('soon')]).toEqual([
      5, 60, 20160, 60, 1440, 1560, undefined,
    ]);
  });
});

describe('the bundled ATT&CK list', () => {
  const data = attack as { tactics: { sentinel: string }[]; techniques: Record<string, string>; revoked: Record<string, string> };

  it('has the 14 Enterprise tactics in Sentinel spelling, plus PreAttack and the ICS tactics', () => {
    expect(data.tactics.map((t) => t.sentinel)).toEqual([
      'Reconnaissance', 'ResourceDevelopment', 'InitialAccess', 'Execution', 'Persistence', 'PrivilegeEscalation', 'DefenseEvasion',
      'CredentialAccess', 'Discovery', 'LateralMovement', 'Collection', 'CommandAndControl', 'Exfiltration', 'Impact',
    ]);
    expect(SENTINEL_TACTICS.slice(14)).toEqual(['PreAttack', 'ImpairProcessControl', 'InhibitResponseFunction']);
  });

  it('has techniques with their sub-techniques, each sub-technique under a known technique', () => {
    const ids = Object.keys(data.techniques);
    expect(ids.length).toBeGreaterThan(600);
    for (const id of ids) {
      expect(id).toMatch(/^T\d{4}(\.\d{3})?$/);
      if (id.includes('.')) expect(data.techniques[id.slice(0, 5)]).toBeDefined();
    }
    expect(techniqueName('T1219')).toBe('Remote Access Tools');
    expect(techniqueName('T1003.006')).toBe('OS Credential Dumping: DCSync');
    for (const to of Object.values(data.revoked)) expect(data.techniques[to]).toBeDefined();
  });
});
