// Mutation runner: for each mutation in mutations.ts, copy the repository's src/ and tests to a temporary
// directory (node_modules symlinked), apply the mutation as a literal find/replace, run the property tests
// there with a fixed seed, and report which properties caught it.
//
//   npm run test:mutations                      all mutations
//   npm run test:mutations -- has-substring     only the named ones
//   npm run test:mutations -- --runs 200        more runs per property
//   npm run test:mutations -- --update-docs     also rewrite the tables in docs/proofs.md and README.md
//   npm run test:mutations -- --skip-baseline   do not first check the unmutated source (quicker, for iterating)
//
// Exit status: 0 when every mutation was caught; 1 when one survived, an anchor is missing or ambiguous,
// or the unmutated baseline fails.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTATIONS, type Mutation } from './mutations.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COPY = ['src', 'test', 'package.json', 'tsconfig.json', 'vitest.config.ts'];
const SEED = process.env.KQLITE_PROP_SEED ?? '20240630';

interface Outcome {
  mutation: Mutation | null;
  status: 'caught' | 'survived' | 'anchor-missing' | 'anchor-ambiguous' | 'error';
  caughtBy: string[];
  /** The start of each failure message (with fast-check's seed and counterexample). */
  messages?: string[];
  detail: string;
  seconds: number;
}

function parseArgs(argv: string[]): { ids: string[]; runs?: string; updateDocs: boolean; keep: boolean; skipBaseline: boolean } {
  const ids: string[] = [];
  let runs: string | undefined;
  let updateDocs = false;
  let keep = false;
  let skipBaseline = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') runs = argv[++i];
    else if (a.startsWith('--runs=')) runs = a.slice(7);
    else if (a === '--update-docs') updateDocs = true;
    else if (a === '--keep') keep = true;
    else if (a === '--skip-baseline') skipBaseline = true;
    else ids.push(a);
  }
  return { ids, runs, updateDocs, keep, skipBaseline };
}

function occurrences(text: string, find: string): number {
  let n = 0;
  for (let i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + 1)) n++;
  return n;
}

/**
 * A fresh copy of `from` (the repository, or the snapshot taken of it at the start, so that every mutation
 * sees the same sources even while src/ is being edited), with node_modules linked rather than copied.
 */
function makeCopy(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kqlite-mutant-'));
  for (const p of COPY) if (existsSync(join(from, p))) cpSync(join(from, p), join(dir, p), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

let snapshot = ROOT;

interface VitestJson {
  testResults: { name: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

/** Run the property tests in `dir`; the names of the failed tests, or an error. */
function runProperties(dir: string, runs: string | undefined): { failed: string[]; messages: string[]; error?: string } {
  const out = join(dir, 'vitest-report.json');
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', KQLITE_PROP_SEED: SEED, KQLITE_PROP_NO_SHRINK: '1' };
  if (runs) env.KQLITE_PROP_RUNS = runs;
  // A generous per-test timeout: under load a slow property must not count as a catch.
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'test/property', '--testTimeout=900000', '--reporter=json', `--outputFile=${out}`], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 15 * 60_000,
    maxBuffer: 256 << 20,
  });
  if (!existsSync(out)) return { failed: [], messages: [], error: `vitest produced no report (exit ${r.status}): ${(r.stderr || r.stdout || '').slice(-2000)}` };
  const report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
  const failed: string[] = [];
  const messages: string[] = [];
  for (const file of report.testResults) {
    const base = file.name.split('/').pop()!.replace(/\.test\.ts$/, '');
    for (const t of file.assertionResults) {
      if (t.status !== 'failed') continue;
      const message = (t.failureMessages[0] ?? '').split('\n').slice(0, 12).join('\n');
      // A timeout says nothing about the mutation: report it as an error, not as a catch.
      if (/timed out/i.test(message)) return { failed: [], messages: [], error: `${t.fullName}: ${message.split('\n')[0]}` };
      failed.push(t.fullName);
      messages.push(`${t.fullName}\n${message}`);
    }
    if (file.assertionResults.length === 0) return { failed: [], messages: [], error: `${base}: the test file failed to load` };
  }
  return { failed, messages };
}

function applyMutation(dir: string, m: Mutation): { ok: true } | { ok: false; status: Outcome['status']; detail: string } {
  const texts = new Map<string, string>();
  for (const e of m.edits) {
    const file = e.file ?? m.file;
    const path = join(dir, file);
    if (!texts.has(file)) {
      if (!existsSync(path)) return { ok: false, status: 'anchor-missing', detail: `file ${file} does not exist` };
      texts.set(file, readFileSync(path, 'utf8'));
    }
    const text = texts.get(file)!;
    const n = occurrences(text, e.find);
    if (n === 0) return { ok: false, status: 'anchor-missing', detail: `anchor not found in ${file}: ${JSON.stringify(e.find)}` };
    if (n > 1) return { ok: false, status: 'anchor-ambiguous', detail: `anchor occurs ${n} times in ${file}: ${JSON.stringify(e.find)}` };
    texts.set(file, text.replace(e.find, e.replace));
  }
  for (const [file, text] of texts) writeFileSync(join(dir, file), text);
  return { ok: true };
}

/** The files a mutation edits, its own first. */
function filesOf(m: Mutation): string[] {
  return [...new Set([m.file, ...m.edits.map((e) => e.file ?? m.file)])];
}

function runOne(m: Mutation | null, runs: string | undefined, keep: boolean): Outcome {
  const started = Date.now();
  const dir = makeCopy(snapshot);
  try {
    if (m) {
      const applied = applyMutation(dir, m);
      if (!applied.ok) return { mutation: m, status: applied.status, caughtBy: [], detail: applied.detail, seconds: 0 };
    }
    const r = runProperties(dir, runs);
    const seconds = Math.round((Date.now() - started) / 1000);
    if (r.error) return { mutation: m, status: 'error', caughtBy: [], detail: r.error, seconds };
    return { mutation: m, status: r.failed.length ? 'caught' : 'survived', caughtBy: r.failed, messages: r.messages, detail: '', seconds };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`  (kept ${dir})`);
  }
}

function markdownTable(outcomes: Outcome[]): string {
  const lines = ['| Mutation | Where | Rule broken | Caught by | Caught |', '|---|---|---|---|---|'];
  for (const o of outcomes) {
    const m = o.mutation!;
    const names = o.caughtBy.map((n) => n.replace(/\|/g, '\\|'));
    const by = names.length ? names.slice(0, 4).join('<br>') + (names.length > 4 ? `<br>(and ${names.length - 4} more)` : '') : o.detail || '-';
    const caught = o.status === 'caught' ? 'yes' : o.status === 'survived' ? '**no**' : `**${o.status}**`;
    lines.push(`| ${m.title} (\`${m.id}\`) | ${filesOf(m).map((f) => `\`${f}\``).join('<br>')} | ${m.rule} | ${by} | ${caught} |`);
  }
  return lines.join('\n');
}

/** The README's shorter table: the mutation, the rule it breaks and whether it was caught. */
function readmeTable(outcomes: Outcome[]): string {
  const lines = ['| Mutation | Rule broken | Caught |', '|---|---|---|'];
  for (const o of outcomes) {
    const m = o.mutation!;
    const caught = o.status === 'caught' ? `yes (${o.caughtBy.length} ${o.caughtBy.length === 1 ? 'property' : 'properties'})` : o.status === 'survived' ? '**no**' : `**${o.status}**`;
    lines.push(`| ${m.title} | ${m.rule} | ${caught} |`);
  }
  return lines.join('\n');
}

/** Replace the text between the mutation-table markers of a file under the repository root. */
function updateDoc(file: string, body: string): void {
  const path = join(ROOT, file);
  const begin = '<!-- mutation-table:begin -->';
  const end = '<!-- mutation-table:end -->';
  const text = readFileSync(path, 'utf8');
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file} has no ${begin} ... ${end} markers`);
  writeFileSync(path, text.slice(0, i + begin.length) + '\n' + body + '\n' + text.slice(j));
  console.log(`updated ${file}`);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const unknown = args.ids.filter((id) => !MUTATIONS.some((m) => m.id === id));
  if (unknown.length) {
    console.error(`unknown mutation(s): ${unknown.join(', ')}; known: ${MUTATIONS.map((m) => m.id).join(', ')}`);
    process.exit(2);
  }
  const selected = args.ids.length ? MUTATIONS.filter((m) => args.ids.includes(m.id)) : MUTATIONS;
  const t0 = Date.now();
  snapshot = makeCopy(ROOT);
  process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));
  console.log(`sources snapshot: ${snapshot}`);

  if (args.skipBaseline) {
    if (args.updateDocs) {
      console.error('--update-docs needs the baseline run');
      process.exit(2);
    }
    console.log('baseline skipped (--skip-baseline): results are only meaningful if the properties pass on the unmutated source');
  } else {
    console.log(`baseline: property tests on the unmutated source (seed ${SEED}${args.runs ? `, ${args.runs} runs` : ''})`);
    const baseline = runOne(null, args.runs, false);
    if (baseline.status !== 'survived') {
      console.error(`BASELINE FAILS: the property tests must pass on the unmutated source before mutations mean anything.\n${baseline.caughtBy.join('\n')}${baseline.detail}`);
      process.exit(1);
    }
    console.log(`  passes (${baseline.seconds}s)`);
  }

  const outcomes: Outcome[] = [];
  for (const m of selected) {
    process.stdout.write(`${m.id}: `);
    const o = runOne(m, args.runs, args.keep);
    outcomes.push(o);
    if (o.status === 'caught') console.log(`caught (${o.seconds}s) by\n    ${o.caughtBy.join('\n    ')}`);
    else if (o.status === 'survived') console.log(`NOT CAUGHT (${o.seconds}s)`);
    else console.log(`\n  !!! ${o.status.toUpperCase()}: ${o.detail}\n  !!! update test/mutations/mutations.ts to the engine's current code`);
  }

  const log = join(tmpdir(), 'kqlite-mutations.json');
  writeFileSync(log, JSON.stringify(outcomes.map((o) => ({ id: o.mutation?.id, status: o.status, caughtBy: o.caughtBy, messages: o.messages, detail: o.detail, seconds: o.seconds })), null, 2));
  console.log(`\nfailure messages of each mutant: ${log}`);
  const table = markdownTable(outcomes);
  console.log('\n' + table);
  const caught = outcomes.filter((o) => o.status === 'caught').length;
  const minutes = ((Date.now() - t0) / 60000).toFixed(1);
  const header = `Last run: ${new Date().toISOString().slice(0, 10)}, seed ${SEED}, ${args.runs ? `${args.runs} runs per property` : 'default run counts'}: ${caught} of ${outcomes.length} mutations caught (${minutes} min).`;
  console.log('\n' + header);
  if (args.updateDocs) {
    updateDoc('docs/proofs.md', `${header}\n\n${table}`);
    updateDoc('README.md', `${header} Which properties caught each one: [docs/proofs.md](docs/proofs.md).\n\n${readmeTable(outcomes)}`);
  }
  process.exit(caught === outcomes.length ? 0 : 1);
}

main();
