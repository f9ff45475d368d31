// The load summary of `kqlite run` on every data file in /work/shared/data: rows read, loaded and
// rejected. The expected counts are computed here without kqlite's loader: CSV records with csv-parse,
// JSON Lines records with JSON.parse line by line, and both checked against the row counts that
// SOURCES.md publishes. Rejections are forced with a schema that types a text or datetime column as long;
// the rows expected to be rejected are those whose value in that column is not empty.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const DATA = '/work/shared/data';

function cli(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every data file under DATA (documentation excluded), as paths relative to it. */
function dataFiles(dir = DATA): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? dataFiles(path) : /\.(csv|json|jsonl)$/.test(name) ? [relative(DATA, path)] : [];
    })
    .sort();
}

/** Records of a file as objects, read without kqlite. */
function records(file: string): Record<string, unknown>[] {
  const text = readFileSync(join(DATA, file), 'utf8');
  if (file.endsWith('.csv')) return parseCsv(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Rows per file from the table in SOURCES.md ("| file | origin | licence | rows | ..."), leading number only. */
function publishedRows(): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of readFileSync(join(DATA, 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length > 5 && /\.(csv|json)$/.test(cells[1]!) && /^\d+/.test(cells[4]!)) rows.set(cells[1]!, Number(/^\d+/.exec(cells[4]!)![0]));
  }
  return rows;
}

/** "loaded T: 14 rows read, 14 loaded, 0 rejected" → [14, 14, 0]. */
function summary(err: string, table: string): [number, number, number] {
  const m = new RegExp(`^loaded ${table}: (\\d+) rows? read, (\\d+) loaded, (\\d+) rejected$`, 'm').exec(err);
  expect(m, err).not.toBeNull();
  return [Number(m![1]), Number(m![2]), Number(m![3])];
}

/**
 * The column typed as long to force rejections, chosen by reading each file: where the file has one, a
 * text column that is empty in some rows (those load, as null) and holds words in the others (rejected);
 * otherwise its time column (every row rejected).
 */
const LONG_COLUMN: Record<string, string> = {
  'msticpy-testdata/host_logons.csv': 'TimeGenerated',
  'msticpy-testdata/mde_proc_cs1.csv': 'CreatedProcessAccountUpn',
  'msticpy-testdata/processes_on_host.csv': 'TimeGenerated',
  'msticpy-testdata/syslog_data.csv': 'TimeGenerated',
  'otrf-goldensaml-adfs-mail-access/AADAuditEvents.json': 'target',
  'otrf-goldensaml-adfs-mail-access/Microsoft365DefenderEvents.json': 'AccountName',
  'otrf-goldensaml-adfs-mail-access/OfficeActivityEvents.json': 'TimeGenerated',
  'otrf-goldensaml-adfs-mail-access/WindowsEvents.json': 'EventSourceName',
  'splashtop/DeviceProcessEvents.csv': 'ProcessVersionInfoProductName',
  'splashtop/DeviceProcessEvents.jsonl': 'ProcessVersionInfoProductName',
};

const files = dataFiles();
const scratch = mkdtempSync(join(tmpdir(), 'kqlite-load-summary-'));

describe('load summary on every file in /work/shared/data', () => {
  it('covers every data file, and the independent counts agree with SOURCES.md', () => {
    expect(files).toEqual(Object.keys(LONG_COLUMN).sort());
    const published = publishedRows();
    expect(published.size).toBe(8);
    for (const [name, rows] of published) {
      const file = files.find((f) => f.endsWith(`/${name}`) || f === name);
      expect(file, name).toBeDefined();
      expect(records(file!).length, name).toBe(rows);
    }
    // The constructed Splashtop data holds the same rows in both formats.
    expect(records('splashtop/DeviceProcessEvents.csv').length).toBe(records('splashtop/DeviceProcessEvents.jsonl').length);
  });

  for (const file of files) {
    it(`${file}: every row read is loaded`, () => {
      const n = records(file).length;
      const r = cli(['run', '-q', 'T | count', '--table', `T=${join(DATA, file)}`, '--format', 'csv']);
      expect(r.code, r.err).toBe(0);
      expect(summary(r.err, 'T')).toEqual([n, n, 0]);
      expect(r.out).toBe(`Count\r\n${n}`);
    });

    it(`${file}: rows whose value does not fit are rejected, each reported, and the rest loaded`, () => {
      const column = LONG_COLUMN[file]!;
      const recs = records(file);
      const rejected = recs.filter((rec) => rec[column] !== undefined && rec[column] !== null && rec[column] !== '').length;
      expect(rejected).toBeGreaterThan(0);
      const schema = join(scratch, `${file.replace(/\W/g, '_')}.schema`);
      writeFileSync(schema, `(${column}:long)`);
      const args = ['run', '-q', 'T | count', '--table', `T=${join(DATA, file)}`, '--schema', `T=${schema}`, '--allow-extra-columns', '--format', 'csv'];

      const r = cli([...args, '--max-errors', String(recs.length)]);
      expect(r.code, r.err).toBe(0);
      expect(summary(r.err, 'T')).toEqual([recs.length, recs.length - rejected, rejected]);
      expect(r.err.split('\n').filter((l) => l.includes(': rejected: ')).length).toBe(rejected);
      expect(r.out).toBe(`Count\r\n${recs.length - rejected}`);

      // Without --max-errors the first bad row stops the load: exit 2, naming the file and its line.
      const strict = cli(args);
      expect(strict.code).toBe(2);
      expect(strict.err).toMatch(new RegExp(`^${join(DATA, file).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: error KQL302: `));
    });
  }
});
