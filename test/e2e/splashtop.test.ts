// The seed rule, unchanged, over the planted Splashtop data and the real Defender export.
// Expected groups were worked out by hand from data/splashtop/README.md and Kusto's documented
// semantics (whole-term `has`, inclusive `between`, now() = 2024-06-30T12:00:00Z), independently of kqlite.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileQuery, executeQuery } from '../../src/engine/index.js';
import { readRuleFile } from '../../src/harness/rule-file.js';
import { tableToResult, type QueryResult } from '../../src/result.js';
import { parseDateTime } from '../../src/tables/datetime.js';
import { loadTable } from '../../src/tables/load.js';
import { SchemaCatalog } from '../../src/tables/schema.js';
import type { Table } from '../../src/tables/table.js';

const SHARED = new URL('../../../shared/', import.meta.url).pathname;
const RULE = `${SHARED}rules/splashtop-create-process.yaml`;
const NOW = parseDateTime('2024-06-30T12:00:00Z')!;
const catalog = SchemaCatalog.bundled();

/** [DeviceId, DeviceName, FirstSeen, LastSeen, sorted ReportIds, Count] per group, sorted. */
const EXPECTED = [
  ['06067925ee4263abfc53111e843a91235c7e5d77', 'lt-hr-221.contoso.local', '2024-06-25T22:03:44.6418299Z', '2024-06-30T12:00:00Z', [9073n, 10485n, 10495n, 10996n, 11251n, 12291n, 12909n], 7n],
  ['124f15f1e2175a3277abd24346b55baf9aa9ff13', 'srv-app-02.contoso.local', '2024-06-25T12:00:00Z', '2024-06-29T20:14:27.5540637Z', [9184n, 9463n, 10361n, 10395n, 10772n, 11331n, 11368n, 11748n, 11764n, 12871n], 10n],
  ['244bee66aa5cd0dbeb1fcc39b739c0dd47f0b226', 'ws-fin-014-renamed.contoso.local', '2024-06-27T16:37:15.8327532Z', '2024-06-29T10:56:19.4193404Z', [9726n, 10227n, 11032n, 11221n, 12150n, 12261n, 12420n, 12620n], 8n],
  ['244bee66aa5cd0dbeb1fcc39b739c0dd47f0b226', 'ws-fin-014.contoso.local', '2024-06-25T21:50:11.2609625Z', '2024-06-29T13:46:58.4613708Z', [9535n, 10566n, 10615n, 10830n, 11662n, 12177n, 12362n], 7n],
  ['f80580d9341d6d60e50bd556146b60af92ee0a69', 'ws-eng-007.contoso.local', '2024-06-25T17:32:16.8104245Z', '2024-06-30T03:17:22.3159553Z', [9088n, 9222n, 9342n, 9966n, 11802n, 12347n, 12491n, 12591n, 424242n, 9007199254740993n], 11n],
].map(([id, name, first, last, ids, n]) => [id, name, parseDateTime(first as string), parseDateTime(last as string), ids, n]);

function runRule(tables: Map<string, Table>, views = new Map()): QueryResult {
  const rule = readRuleFile(RULE);
  const sources = { tables, views, catalog };
  return tableToResult(executeQuery(compileQuery(rule.query, sources, NOW), sources, { now: NOW }));
}

function canonical(r: QueryResult): unknown[] {
  const at = (n: string): number => r.columns.findIndex((c) => c.name === n);
  return r.rows
    .map((row) => [
      row[at('DeviceId')], row[at('DeviceName')], row[at('FirstSeen')], row[at('LastSeen')],
      (row[at('Report')] as (number | bigint)[]).map((x) => BigInt(x)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      row[at('Count')],
    ])
    .sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : 1))
    .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
}

describe('Splashtop rule', () => {
  for (const ext of ['csv', 'jsonl']) {
    it(`finds exactly the planted groups in the ${ext} export`, () => {
      const { table } = loadTable([`${SHARED}data/splashtop/DeviceProcessEvents.${ext}`], { name: 'DeviceProcessEvents', catalog });
      const r = runRule(new Map([['DeviceProcessEvents', table]]));
      expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
        'DeviceId:string', 'DeviceName:string', 'FirstSeen:datetime', 'LastSeen:datetime', 'Report:dynamic', 'Count:long',
      ]);
      expect(canonical(r)).toEqual(EXPECTED);
    });
  }

  it('finds nothing in the real Defender export (through the shipped view)', () => {
    const { table } = loadTable([`${SHARED}data/msticpy-testdata/mde_proc_cs1.csv`], { name: 'MdeRawProcessEvents', catalog });
    const views = new Map([['DeviceProcessEvents', [{ query: readRuleFile('fixtures/views/DeviceProcessEvents.kql').query }]]]);
    // Over the real data alone, with now() at the end of its capture window, the rule finds no Splashtop.
    const rule = readRuleFile(RULE);
    const sources = { tables: new Map([['MdeRawProcessEvents', table]]), views, catalog };
    const whole = compileQuery('DeviceProcessEvents | count', sources, NOW);
    expect(tableToResult(executeQuery(whole, sources, { now: NOW })).rows).toEqual([[1564n]]);
    const real = parseDateTime('2021-06-25T00:00:00Z')!;
    expect(tableToResult(executeQuery(compileQuery(rule.query, sources, real), sources, { now: real })).rows).toEqual([]);
  });

  it('finds exactly the planted activity in the real export plus the planted file (the demo)', () => {
    const raw = loadTable([`${SHARED}data/msticpy-testdata/mde_proc_cs1.csv`], { name: 'MdeRawProcessEvents', catalog }).table;
    const planted = loadTable([`${SHARED}data/splashtop/DeviceProcessEvents.csv`], { name: 'DeviceProcessEvents', catalog }).table;
    const views = new Map([['DeviceProcessEvents', [{ query: readRuleFile('fixtures/views/DeviceProcessEvents.kql').query }]]]);
    const r = runRule(new Map([['MdeRawProcessEvents', raw], ['DeviceProcessEvents', planted]]), views);
    expect(canonical(r)).toEqual(EXPECTED);
  });
});

describe('kqlite run (CLI)', () => {
  function cli(args: string[]): { code: number; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('prints JSON with exact longs and 7-digit datetimes', () => {
    const r = cli(['run', RULE, '--table', `DeviceProcessEvents=${SHARED}data/splashtop/DeviceProcessEvents.jsonl`, '--now', '2024-06-30T12:00:00Z', '--format', 'json']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toContain('9007199254740993');
    expect(text).not.toContain('9007199254740992');
    expect(text).toContain('"2024-06-25T22:03:44.6418299Z"');
    const parsed = JSON.parse(text) as { rows: unknown[][] };
    expect(parsed.rows).toHaveLength(5);
  });

  it('prints one JSON line per rule file with --format jsonl', () => {
    const r = cli(['run', RULE, RULE, '--table', `DeviceProcessEvents=${SHARED}data/splashtop/DeviceProcessEvents.csv`, '--now', '2024-06-30T12:00:00Z', '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(2);
    const first = JSON.parse(r.out[0]!) as { file: string; columns: { name: string }[] };
    expect(first.file).toBe(RULE);
    expect(first.columns.map((c) => c.name)).toEqual(['DeviceId', 'DeviceName', 'FirstSeen', 'LastSeen', 'Report', 'Count']);
  });
});
