// `npm run bench [-- --rows 1000000,5000000] [--repeats 15] [--warmup 5] [--loads 3] [--format jsonl]`: generates seeded
// DeviceProcessEvents CSVs, runs kqlite, DuckDB and the naive row-object baseline (each in its own
// process) on every query shape, checks that all engines return the same answer, and prints times with
// ratios. With `--format jsonl` kqlite loads a JSON Lines file of the same rows, while DuckDB and the naive
// baseline still load the CSV (DuckDB's CSV load stays the reference). Loads are timed twice: the first
// load in a fresh process (cold: kqlite starts its workers and compiles its loader then) and the median of
// `--loads` more loads of the same file in that process (warm).

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type DataFormat, generate } from './data-gen.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const sizes = opt('rows', '1000000,5000000').split(',').map(Number);
const repeats = opt('repeats', '15');
const warmup = opt('warmup', '5');
const loads = opt('loads', '3');
const engines = opt('engines', 'kqlite,duckdb,naive').split(',');
const naiveMax = Number(opt('naive-max', '5000000'));
const format = opt('format', 'csv') as DataFormat;
if (format !== 'csv' && format !== 'jsonl') throw new Error(`--format must be csv or jsonl, not ${format}`);
const here = fileURLToPath(new URL('.', import.meta.url));

interface EngineResult {
  engine: string;
  load_ms: number;
  load_warm_ms?: number;
  mem_mb: number;
  queries: Record<string, { median_ms: number; answer: string }>;
}

function runEngine(engine: string, file: string): EngineResult {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=20000', '--import', 'tsx', `${here}engine.ts`, engine, file, repeats, warmup, engine === 'naive' ? '0' : loads], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as EngineResult;
}

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; queries: medians of ${repeats} runs after ${warmup} warm-up runs; ` +
    `load (cold): the first load in a fresh process; load (warm): median of ${loads} more loads in that process`,
);
let mismatch = false;
for (const rows of sizes) {
  const file = await generate(`${here}data/dpe-${rows}.csv`, rows);
  const kqliteFile = format === 'csv' ? file : await generate(`${here}data/dpe-${rows}.jsonl`, rows, 42, 'jsonl');
  const results = new Map<string, EngineResult>();
  for (const e of engines) {
    if (e === 'naive' && rows > naiveMax) continue;
    results.set(e, runEngine(e, e === 'kqlite' ? kqliteFile : file));
  }
  const k = results.get('kqlite');
  const d = results.get('duckdb');
  const n = results.get('naive');
  console.log(`\n## ${rows.toLocaleString('en')} rows${format === 'jsonl' ? ' (kqlite loads JSON Lines, the others CSV)' : ''}`);
  console.log(`| measure | kqlite | duckdb | naive | kqlite vs duckdb | kqlite vs naive |`);
  console.log(`|---|---|---|---|---|---|`);
  const row = (label: string, kv?: number, dv?: number, nv?: number, fmtv = fmt, better = 'faster'): void => {
    console.log(`| ${label} | ${kv === undefined ? '-' : fmtv(kv)} | ${dv === undefined ? '-' : fmtv(dv)} | ${nv === undefined ? '-' : fmtv(nv)} | ${kv && dv ? ratio(dv, kv) + ' ' + better : '-'} | ${kv && nv ? ratio(nv, kv) + ' ' + better : '-'} |`);
  };
  row('load (cold)', k?.load_ms, d?.load_ms, n?.load_ms);
  row('load (warm)', k?.load_warm_ms, d?.load_warm_ms, n?.load_warm_ms);
  row('memory (MB)', k?.mem_mb, d?.mem_mb, n?.mem_mb, (v) => v.toFixed(0), 'less');
  for (const q of Object.keys(k?.queries ?? d?.queries ?? {})) {
    const kv = k?.queries[q];
    row(`query ${q}`, kv?.median_ms, d?.queries[q]?.median_ms, n?.queries[q]?.median_ms);
    const answers = [...results].map(([e, r]) => [e, r.queries[q === 'splashtop-handwritten' ? 'splashtop' : q]?.answer] as const).filter(([, a]) => a !== undefined);
    if (kv && kv.answer !== answers[0]?.[1]) answers.unshift(['kqlite', kv.answer]);
    const distinct = new Set(answers.map(([, a]) => a));
    if (distinct.size > 1) {
      mismatch = true;
      console.log(`  ANSWERS DIFFER for ${q}: ${answers.map(([e, a]) => `${e}=${String(a).slice(0, 200)}`).join(' | ')}`);
    }
  }
  const hw = k?.queries['splashtop-handwritten'];
  if (k && hw) console.log(`\nkqlite splashtop vs hand-written: ${ratio(k.queries['splashtop']!.median_ms, hw.median_ms)} of hand-written time`);
  if (k && d) {
    const warm = k.load_warm_ms && d.load_warm_ms ? `; warm: ${ratio(k.load_warm_ms, d.load_warm_ms)}` : '';
    console.log(`kqlite load vs duckdb load: cold: ${ratio(k.load_ms, d.load_ms)} of duckdb's time${warm}`);
  }
  if (k) console.log(`kqlite memory per 1M rows: ${((k.mem_mb * 1e6) / rows).toFixed(0)} MB`);
}
console.log(mismatch ? '\nRESULT: engines disagree (see above)' : '\nRESULT: all engines returned the same answers');
process.exitCode = mismatch ? 1 : 0;
