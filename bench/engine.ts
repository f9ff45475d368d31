// One benchmark engine in its own process (so memory figures are its own):
//   tsx bench/engine.ts <kqlite|duckdb|naive> <file.csv> [repeats] [warmup] [loads]
// Prints one JSON line: the first load's time, the median of `loads` more loads of the same file in the
// same process (warm), warm median query times, memory after the first load, and canonical answers.
// Each query first runs `warmup` times unmeasured (compilation, the collection of what the load left
// behind, caches), then `repeats` measured times.
// kqlite is measured as users run it: the compiled package in dist/ (`npm run bench` builds it first).

import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { compileQuery, executeQuery } from '../dist/engine/index.js';
import { parseDateTime } from '../dist/tables/datetime.js';
import { loadTable } from '../dist/tables/load.js';
import { SchemaCatalog } from '../dist/tables/schema.js';
import { StringColumn, TicksColumn, LongColumn } from '../dist/tables/column.js';
import type { Table } from '../dist/tables/table.js';
import { canonical, SHAPES, type NaiveRow } from './queries.js';

const [engine, file, repeatArg, warmupArg, loadsArg] = process.argv.slice(2) as (string | undefined)[] as [string, string, string?, string?, string?];
const REPEATS = Number(repeatArg ?? 15);
const WARMUP = Number(warmupArg ?? 5);
const LOADS = Number(loadsArg ?? 3);
const NOW = parseDateTime('2024-06-30T12:00:00Z')!;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function memMb(): number {
  // Two collections: the first can leave freed typed arrays' memory counted. `external` (not
  // `arrayBuffers`) counts typed arrays that worker threads transferred to this thread as well.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1e6;
}

/** Median time of LOADS more loads; `drop` (not timed) lets each result go before the next. */
async function warmLoads(load: () => unknown | Promise<unknown>, drop?: () => Promise<unknown>): Promise<number | undefined> {
  if (LOADS <= 0) return undefined;
  const ms: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const t = performance.now();
    await load();
    ms.push(performance.now() - t);
    await drop?.();
  }
  return median(ms);
}

async function timed(fn: () => unknown | Promise<unknown>): Promise<{ ms: number[]; answer: unknown }> {
  let answer: unknown;
  const ms: number[] = [];
  for (let i = 0; i < WARMUP + REPEATS; i++) {
    const t = performance.now();
    answer = await fn();
    if (i >= WARMUP) ms.push(performance.now() - t);
  }
  return { ms, answer };
}

/** ticks (100 ns) → microseconds, for comparing with DuckDB's microsecond timestamps. */
const us = (v: unknown): unknown => (typeof v === 'bigint' && v > 10n ** 15n ? Number(v / 10n) : v);

async function runKqlite(): Promise<Record<string, unknown>> {
  const before = memMb();
  const t0 = performance.now();
  const load = (): Table => loadTable([file], { name: 'DeviceProcessEvents', catalog: SchemaCatalog.bundled() }).table;
  const table = load();
  const loadMs = performance.now() - t0;
  const mem = memMb() - before;
  const sources = { tables: new Map([['DeviceProcessEvents', table]]) };
  const queries: Record<string, unknown> = {};
  for (const s of SHAPES) {
    const compiled = compileQuery(s.kql, sources, NOW);
    const r = await timed(() => executeQuery(compiled, sources, { now: NOW }));
    const t = r.answer as Table;
    queries[s.name] = { median_ms: median(r.ms), answer: canonical(s.name, t.rows().map((row) => row.map(us))) };
  }
  const hw = await timed(() => handWritten(table));
  queries['splashtop-handwritten'] = { median_ms: median(hw.ms), answer: canonical('splashtop', hw.answer as unknown[][]) };
  const warm = await warmLoads(() => void load());
  return { load_ms: loadMs, load_warm_ms: warm, mem_mb: mem, rows: table.length, queries };
}

/**
 * The Splashtop query written by hand over kqlite's loaded columns: the reference for "as fast as
 * hand-written code" (dictionary codes, `has` once per distinct string, typed arrays, no abstraction).
 */
function handWritten(t: Table): unknown[][] {
  const ts = t.column('Timestamp') as TicksColumn;
  const company = t.column('ProcessVersionInfoCompanyName') as StringColumn;
  const product = t.column('ProcessVersionInfoProductName') as StringColumn;
  // Codes that compare like the strings (a column loaded without lookups may repeat a value).
  const devId = (t.column('DeviceId') as StringColumn).withDistinctCodes();
  const devName = (t.column('DeviceName') as StringColumn).withDistinctCodes();
  const report = t.column('ReportId') as LongColumn;
  const re = /(^|[^A-Za-z0-9])splashtop([^A-Za-z0-9]|$)/i;
  const okCompany = company.dict.map((s) => re.test(s));
  const okProduct = product.dict.map((s) => re.test(s));
  const loMs = Number((NOW - 5n * 864_000_000_000n) / 10_000n);
  const hiMs = Number(NOW / 10_000n);
  const groups = new Map<number, { first: number; last: number; ids: Set<number>; n: number; id: number; name: number }>();
  const n = t.length;
  for (let r = 0; r < n; r++) {
    const ms = ts.ms[r]!;
    if (ms < loMs || ms > hiMs || (ms === hiMs && ts.sub[r]! > 0)) continue;
    if (!okCompany[company.codes[r]!] || !okProduct[product.codes[r]!]) continue;
    const key = devId.codes[r]! * 1_000_003 + devName.codes[r]!;
    const micros = ms * 1000 + Math.floor(ts.sub[r]! / 10);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: micros, last: micros, ids: new Set(), n: 0, id: devId.codes[r]!, name: devName.codes[r]! }));
    if (micros < g.first) g.first = micros;
    if (micros > g.last) g.last = micros;
    g.ids.add(report.getNumber(r));
    g.n++;
  }
  return [...groups.values()].map((g) => [devId.dict[g.id], devName.dict[g.name], g.first, g.last, [...g.ids], g.n]);
}

async function runDuckdb(): Promise<Record<string, unknown>> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await instance.connect();
  await con.run(`SET TimeZone = 'UTC'`);
  const readCsv = `read_csv('${file}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {'Timestamp': 'TIMESTAMPTZ', 'DeviceId': 'VARCHAR', 'DeviceName': 'VARCHAR', 'ActionType': 'VARCHAR', 'FileName': 'VARCHAR',
    'FolderPath': 'VARCHAR', 'SHA256': 'VARCHAR', 'ProcessVersionInfoCompanyName': 'VARCHAR', 'ProcessVersionInfoProductName': 'VARCHAR',
    'ProcessId': 'BIGINT', 'ProcessCommandLine': 'VARCHAR', 'AccountName': 'VARCHAR', 'InitiatingProcessFileName': 'VARCHAR',
    'InitiatingProcessCommandLine': 'VARCHAR', 'InitiatingProcessFolderPath': 'VARCHAR', 'ReportId': 'BIGINT'})`;
  const t0 = performance.now();
  await con.run(`CREATE TABLE DeviceProcessEvents AS SELECT * FROM ${readCsv}`);
  const loadMs = performance.now() - t0;
  const mem = await con.runAndReadAll(`SELECT sum(memory_usage_bytes) FROM duckdb_memory()`);
  const queries: Record<string, unknown> = {};
  for (const s of SHAPES) {
    const r = await timed(async () => (await con.runAndReadAll(s.sql)).getRows());
    queries[s.name] = { median_ms: median(r.ms), answer: canonical(s.name, (r.answer as unknown[][]).map((row) => row.map(duck))) };
  }
  const warm = await warmLoads(
    () => con.run(`CREATE TABLE Reloaded AS SELECT * FROM ${readCsv}`),
    () => con.run(`DROP TABLE Reloaded`),
  );
  return { load_ms: loadMs, load_warm_ms: warm, mem_mb: Number(mem.getRows()[0]![0]) / 1e6, queries };
}

/** DuckDB values → plain numbers/strings/arrays. */
function duck(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && 'items' in v) return ((v as { items: unknown[] }).items).map(duck);
  return v;
}

async function runNaive(): Promise<Record<string, unknown>> {
  const before = memMb();
  const t0 = performance.now();
  const records = parseCsv(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  const rows: NaiveRow[] = records.map((r) => ({
    ...r,
    Timestamp: Number(BigInt(parseDateTime(r.Timestamp!)!) / 10n),
    ProcessId: Number(r.ProcessId),
    ReportId: Number(r.ReportId),
  })) as unknown as NaiveRow[];
  const loadMs = performance.now() - t0;
  const mem = memMb() - before;
  const queries: Record<string, unknown> = {};
  for (const s of SHAPES) {
    const r = await timed(() => s.naive(rows));
    queries[s.name] = { median_ms: median(r.ms), answer: canonical(s.name, r.answer as unknown[][]) };
  }
  return { load_ms: loadMs, mem_mb: mem, queries };
}

const run = engine === 'kqlite' ? runKqlite : engine === 'duckdb' ? runDuckdb : runNaive;
const result = await run();
process.stdout.write(JSON.stringify({ engine, ...result }) + '\n');
