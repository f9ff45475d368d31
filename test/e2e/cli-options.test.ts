// Command-line options a rule author leans on: --table with a folder, conversion warnings of --view,
// queries run in the order given, check --no-metadata, test --filter/--min-coverage failures, CSV header
// problems and multi-document YAML. Every expectation is written from the input files below.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

function cli(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const root = mkdtempSync(join(tmpdir(), 'kqlite-opts-'));
function write(rel: string, text: string): string {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}
const rows = (out: string) => (JSON.parse(out) as { rows: unknown[][] }).rows;

describe('--table NAME=FOLDER', () => {
  const dir = join(root, 'events');
  write('events/b.csv', 'Id,Host\n3,c\n4,d\n');
  write('events/a.jsonl', '{"Id":1,"Host":"a"}\n{"Id":2,"Host":"b"}\n');
  write('events/notes.txt', 'not data\n');
  write('events/.hidden.csv', 'Id,Host\n99,hidden\n');
  write('events/sub/c.csv', 'Id,Host\n98,sub\n');

  it('loads every data file directly in the folder, in name order, as one table', () => {
    const r = cli(['run', '-q', 'T | project Id, Host', '--table', `T=${dir}`, '--format', 'json']);
    expect(r.code).toBe(0);
    // a.jsonl before b.csv; notes.txt, .hidden.csv and sub/ are not read.
    expect(rows(r.out)).toEqual([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']]);
    expect(r.err).toBe('loaded T: 4 rows read, 4 loaded, 0 rejected');
  });

  it('unions a folder with files named beside it', () => {
    const extra = write('more.csv', 'Id,Host\n5,e\n');
    const r = cli(['run', '-q', 'T | count', '--table', `T=${dir}`, '--table', `T=${extra}`, '--format', 'json', '--quiet']);
    expect(rows(r.out)).toEqual([[5]]);
  });

  it('names a rejected row by its file inside the folder', () => {
    const bad = join(root, 'badfolder');
    write('badfolder/1.csv', 'n\n1\n');
    write('badfolder/2.csv', 'n\n2\nx\n');
    const r = cli(['run', '-q', 'T | count', '--table', `T=${bad}`, '--schema', `T=${write('n.kql', '(n:long)')}`, '--max-errors', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(rows(r.out)).toEqual([[2]]);
    expect(r.err).toContain('loaded T: 3 rows read, 2 loaded, 1 rejected');
    expect(r.err).toContain(`${join(bad, '2.csv')}:3: rejected: column 'n' (field 1): "x" is not a valid long`);
  });

  it('--quiet still reports rejected rows, and drops the summary of a table that loaded every row', () => {
    const bad = join(root, 'badfolder');
    const r = cli(['run', '-q', 'T | count', '--table', `T=${bad}`, '--table', `U=${dir}`, '--schema', `T=${write('n2.kql', '(n:long)')}`, '--max-errors', '1', '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      'loaded T: 3 rows read, 2 loaded, 1 rejected',
      `  ${join(bad, '2.csv')}:3: rejected: column 'n' (field 1): "x" is not a valid long: expected an integer`,
    ]);
  });

  it('rejects a folder with no data file, and a missing path', () => {
    mkdirSync(join(root, 'empty'));
    const r = cli(['run', '-q', 'T | count', '--table', `T=${join(root, 'empty')}`]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${join(root, 'empty')}: error KQL311: the folder holds no data files (.csv, .json, .jsonl or .ndjson)`);
    const m = cli(['run', '-q', 'T | count', '--table', `T=${join(root, 'nope')}`]);
    expect(m.code).toBe(2);
    expect(m.err).toBe(`${join(root, 'nope')}: error KQL311: data file not found`);
  });

  it('rejects a folder where a file is expected: --view, --schema and a rule', () => {
    const v = cli(['run', '-q', 'print 1', '--view', `V=${dir}`]);
    expect(v.code).toBe(2);
    expect(v.err).toBe(`${dir}: error KQL503: expected a file but found a directory: ${dir}`);
    const s = cli(['run', '-q', 'print 1', '--schema', `V=${dir}`]);
    expect(s.code).toBe(2);
    expect(s.err).toBe(`${dir}: error KQL311: cannot read schema file: expected a file but found a directory: ${dir}`);
    const q = cli(['run', dir, '--table', `T=${dir}`]);
    expect(q.code).toBe(2);
    expect(q.err).toBe(`${dir}: error KQL503: expected a file but found a directory: ${dir}`);
  });
});

describe('a folder as a table in a test spec', () => {
  it('loads all its data files', () => {
    write('specdir/data/a.csv', 'n,s\n1,a\n');
    write('specdir/data/b.jsonl', '{"n":2,"s":"b"}\n');
    const spec = write(
      'specdir/t.kqltest.yaml',
      'query: T | summarize c = count(), m = max(n)\nnow: 2024-07-01T00:00:00Z\ntables:\n  T: data\ncases:\n  - name: both files\n    expect: { rows: [ { c: 2, m: 2 } ] }\n',
    );
    const r = cli(['test', spec]);
    expect(r.out).toMatch(/PASS\s+both files/);
    expect(r.code).toBe(0);
  });
});

describe('--view conversion warnings', () => {
  const raw = write('raw.csv', 'Id,When,Count\n1,2024-06-30T10:00:00Z,5\n2,not a date,x\n3,,7\n4,30/06/2024,8\n');
  const view = write('view.kql', 'Raw\n| project Id, Timestamp = todatetime(When), N = tolong(Count)\n');

  it('reports each conversion that gave null, at its place in the view, and keeps the rows', () => {
    const r = cli(['run', '-q', 'V | project Id, Timestamp, N', '--table', `Raw=${raw}`, '--view', `V=${view}`, '--now', '2024-07-01T00:00:00Z', '--format', 'json']);
    expect(r.code).toBe(0);
    // Row 3's When is empty: null without a warning. "not a date" and "30/06/2024" (day first) do not convert.
    expect(rows(r.out)).toEqual([[1, '2024-06-30T10:00:00Z', 5], [2, null, null], [3, null, 7], [4, null, 8]]);
    const lines = r.err.split('\n');
    expect(lines[0]).toBe('loaded Raw: 4 rows read, 4 loaded, 0 rejected');
    expect(lines[1]).toBe(
      `${view}:2:27: warning KQL324: view 'V', column 'Timestamp': todatetime(When) is null in 2 of 4 rows because the value does not convert to datetime (the first: "not a date"); Kusto also gives null there`,
    );
    expect(lines[2]).toBe(' 2 | | project Id, Timestamp = todatetime(When), N = tolong(Count)');
    expect(lines[3]).toBe('   |                           ^^^^^^^^^^^^^^^^');
    expect(lines[4]).toBe(
      `${view}:2:49: warning KQL324: view 'V', column 'N': tolong(Count) is null in 1 of 4 rows because the value does not convert to long (the first: "x"); Kusto also gives null there`,
    );
  });

  it('reports values a view gives a schema column that do not fit its type', () => {
    const dpe = write('dpe.kql', 'Raw\n| project Timestamp = When, ReportId = Count\n');
    const r = cli(['run', '-q', 'DeviceProcessEvents | count', '--table', `Raw=${raw}`, '--view', `DeviceProcessEvents=${dpe}`, '--now', '2024-07-01T00:00:00Z', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(rows(r.out)).toEqual([[4]]);
    expect(r.err).toContain(
      `${dpe}:2:23: warning KQL324: view 'DeviceProcessEvents', column 'Timestamp': null in 2 of 4 rows because the string value does not convert to the datetime of the DeviceProcessEvents schema (the first: "not a date")`,
    );
    expect(r.err).toContain(`${dpe}:2:40: warning KQL324: view 'DeviceProcessEvents', column 'ReportId': null in 1 of 4 rows because the string value does not convert to the long of the DeviceProcessEvents schema (the first: "x")`);
  });

  it('reports them in kqlite explain too', () => {
    const rule = write('explain.kql', 'V | where isnotnull(Timestamp)');
    const r = cli(['explain', rule, '--table', `Raw=${raw}`, '--view', `V=${view}`, '--now', '2024-07-01T00:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${view}:2:27: warning KQL324: view 'V', column 'Timestamp': todatetime(When) is null in 2 of 4 rows`);
    expect(r.out).toContain('rows after each stage: V: 4 → where isnotnull(Timestamp): 1');
  });

  it('says nothing when every conversion worked', () => {
    const good = write('good.csv', 'Id,When,Count\n1,2024-06-30T10:00:00Z,5\n');
    const r = cli(['run', '-q', 'V | count', '--table', `Raw=${good}`, '--view', `V=${view}`, '--now', '2024-07-01T00:00:00Z', '--format', 'json']);
    expect(r.err).toBe('loaded Raw: 1 row read, 1 loaded, 0 rejected');
  });

  it('notes the warning in a test report', () => {
    write('spec/raw.csv', 'Id,When,Count\n1,2024-06-30T10:00:00Z,5\n2,not a date,x\n');
    write('spec/view.kql', 'Raw\n| project Id, Timestamp = todatetime(When), N = tolong(Count)\n');
    const spec = write(
      'spec/v.kqltest.yaml',
      'query: V | where isnotnull(Timestamp)\nnow: 2024-07-01T00:00:00Z\ntables:\n  Raw: raw.csv\n  V: { view: view.kql }\ncases:\n  - name: one row has a time\n    expect: { rowCount: 1 }\n',
    );
    const r = cli(['test', spec]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PASS\s+one row has a time/);
    expect(r.out).toContain('warning KQL324: view \'V\', column \'Timestamp\': todatetime(When) is null in 1 of 2 rows');
  });
});

describe('kqlite run: queries in the order given', () => {
  it('runs -q queries and files interleaved as on the command line', () => {
    const f = write('two.kql', 'print n = 2');
    const r = cli(['run', '-q', 'print n = 1', f, '-q', 'print n = 3', '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').map((l) => JSON.parse(l) as { file: string; rows: unknown[][] }).map((l) => [l.file, l.rows[0]![0]])).toEqual([
      ['<query 1>', 1],
      [f, 2],
      ['<query 2>', 3],
    ]);
  });

  it('names the inline query an error is in', () => {
    const r = cli(['run', '-q', 'print 1', '-q', 'print x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^<query 2>:1:7: error KQL101: unknown name 'x'/m);
  });
});

describe('multi-document YAML', () => {
  const text = 'id: a\nquery: |\n  print 1\n---\nid: b\nquery: |\n  print 2\n';
  it('is a clear error in a rule file, at the second document', () => {
    const f = write('multi.yaml', text);
    const r = cli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${f}:4:1: error KQL401: the file holds more than one YAML document (a new one starts at this '---'); a rule file holds one document: put each rule in its own file`);
    expect(cli(['check', f]).err).toContain(`${f}:4:1: error KQL401: the file holds more than one YAML document`);
  });
  it('is a clear error in a test spec', () => {
    const f = write('multi/m.kqltest.yaml', 'query: print 1\nnow: 2024-07-01T00:00:00Z\ncases: []\n---\nquery: print 2\n');
    const r = cli(['test', f]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("error KQL410: the file holds more than one YAML document (a new one starts at this '---'); a spec file holds one document");
  });
});

describe('kqlite check --no-metadata', () => {
  const draft = write('draft/rule.yaml', 'name: draft\nquery: |\n  DeviceProcessEvents\n  | where FileName =~ "powershell.exe"\n');
  it('reports the missing Sentinel fields by default', () => {
    const r = cli(['check', draft]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('KQL420');
  });
  it('checks only the query with --no-metadata', () => {
    const r = cli(['check', '--no-metadata', draft]);
    expect(r.err).toBe('');
    expect(r.out).toBe('1 file checked, no problems');
    expect(r.code).toBe(0);
  });
  it('skips a broken link in a folder', () => {
    write('linked/ok.kql', 'print 1');
    symlinkSync(join(root, 'nowhere.yaml'), join(root, 'linked/broken.yaml'));
    const r = cli(['check', join(root, 'linked')]);
    expect([r.code, r.out, r.err]).toEqual([0, '1 file checked, no problems', '']);
  });
  it('still reports query errors with --no-metadata', () => {
    const bad = write('draft/bad.yaml', 'query: |\n  DeviceProcessEvents | where FileNme == "x"\n');
    const r = cli(['check', '--no-metadata', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:31: error KQL101: unknown name 'FileNme'`));
  });
});

describe('kqlite test --filter and --min-coverage', () => {
  const dir = join(root, 'suite');
  write('suite/r.kql', 'T | where n > 1 and s has "x"');
  write(
    'suite/r.kqltest.yaml',
    'rule: r.kql\nnow: 2024-07-01T00:00:00Z\ntables:\n  T: { schema: "(n:long, s:string)", rows: [] }\ncases:\n' +
      '  - name: fires\n    tables: { T: [{ n: 2, s: "a x" }] }\n    expect: { fires: true }\n' +
      '  - name: small n\n    tables: { T: [{ n: 1, s: "a x" }] }\n    expect: { fires: false }\n',
  );

  it('fails (exit 1) when the filter matches no case, saying so', () => {
    const r = cli(['test', dir, '--filter', 'nothing like this']);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      `FAILED: no case matches --filter 'nothing like this' (it is matched against "<spec file> › <case name>", ignoring case, or written /regex/; 2 cases searched)`,
    );
  });

  it('runs the matching cases', () => {
    const r = cli(['test', dir, '--filter', 'SMALL']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK: 1 passed, 0 failed, 0 errors — 1 case in 1 spec file/);
  });

  it('fails (exit 1) below --min-coverage with a message that says what is missing', () => {
    // Outcomes: the where and each of its two branches, each kept and dropped = 6. The cases keep a row
    // (n=2, s has x) and drop one on n > 1 (n=1, and then `and` stops): s has "x" never drops a row.
    const r = cli(['test', dir, '--min-coverage', '90']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('s has "x": never dropped a row');
    expect(r.out).toContain(
      'coverage 83.3% is below --min-coverage 90%: the cases saw 5 of the 6 where-branch outcomes (each branch keeping a row and dropping a row); add cases for the branches listed under Coverage',
    );
    expect(r.out.split('\n').at(-1)).toBe(
      'FAILED: coverage 83.3% is below --min-coverage 90%: the cases saw 5 of the 6 where-branch outcomes (each branch keeping a row and dropping a row); add cases for the branches listed under Coverage',
    );
    expect(cli(['test', dir, '--min-coverage', '80']).code).toBe(0);
  });
});

describe('CSV header problems', () => {
  const schema = write('hdr/schema.kql', '(Id:long, Host:string, When:datetime)');
  const run = (csv: string) => cli(['run', '-q', 'T | project Id, Host, When', '--table', `T=${write('hdr/t.csv', csv)}`, '--schema', `T=${schema}`, '--format', 'json', '--quiet']);

  it('loads a header that lacks schema columns: they are empty', () => {
    const r = run('Host,Id\nh1,1\n');
    expect(r.code).toBe(0);
    expect(rows(r.out)).toEqual([[1, 'h1', null]]);
  });

  it('rejects a header column the schema lacks, suggesting the close name', () => {
    const r = run('Id,host\n1,h1\n');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `${join(root, 'hdr/t.csv')}:1:4: error KQL307: column 'host' is not in the schema of table 'T'; did you mean 'Host'? (a column the schema lacks is an error, so that a misspelt name cannot leave its schema column empty: rename it, give a schema that has it, or keep it with --allow-extra-columns)`,
    );
  });

  it('rejects a duplicate header, naming both fields', () => {
    const r = run('Id,Host,Id\n1,h1,2\n');
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${join(root, 'hdr/t.csv')}:1:9: error KQL306: duplicate column name 'Id' in the header: fields 1 and 3 are both named 'Id'; give each column its own name`);
  });
});

describe('--timing and --repeat', () => {
  const csv = join(root, 'timing.csv');
  writeFileSync(csv, 'n\n1\n2\n3\n');
  const line = /^load_ms=\d+ query_ms=\d+\.\d$/;
  it('prints one line on stderr, the result once', () => {
    const r = cli(['run', '-q', 'T | summarize s = sum(n)', '--table', `T=${csv}`, '--timing', '--repeat', '3', '--quiet', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('{"columns":[{"name":"s","type":"long"}],"rows":[[6]]}');
    expect(r.err).toMatch(line);
  });
  it('one line for several queries, also when one of them fails', () => {
    const r = cli(['run', '-q', 'T | count', '-q', 'T | where nope > 1', '--table', `T=${csv}`, '--timing', '--quiet', '--format', 'jsonl']);
    expect(r.code).toBe(2);
    expect(r.out.split('\n')).toHaveLength(2);
    expect(r.err.split('\n').filter((l) => l.startsWith('load_ms='))).toHaveLength(1);
    expect(r.err.split('\n').at(-1)).toMatch(line);
  });
});
