// `kqlite test` end to end over the worked example in fixtures/: it passes; changing any expected
// value makes it fail with a diff pointing at the difference; JUnit output is well-formed JUnit XML;
// invalid specs exit 2 with positions; explain, coverage and watch mode work from the command line.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { main } from '../../src/cli/main.js';
import { watchTestsCommand } from '../../src/cli/test.js';
import { formatDateTime, parseDateTime } from '../../src/tables/datetime.js';

function cli(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tempFixtures(): string {
  const d = mkdtempSync(join(tmpdir(), 'kqlite-e2e-'));
  cpSync('fixtures', d, { recursive: true });
  return d;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe('kqlite test fixtures/', () => {
  it('passes: the published rule fires on every scenario, the tuned rule suppresses the benign ones', () => {
    const r = cli(['test', 'fixtures/']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/FAIL|ERROR/);
    expect(r.out).toMatch(/OK: 20 passed, 0 failed, 0 errors — 20 cases in 2 spec files/);
    for (const n of [1, 2, 3, 4, 5]) {
      expect(r.out).toMatch(new RegExp(`PASS\\s+benign ${n} \\(fires as published\\)`));
      expect(r.out).toMatch(new RegExp(`PASS\\s+benign ${n} \\(suppressed\\)`));
    }
    expect(r.out).toMatch(/PASS\s+malicious: still fires/);
    expect(r.out).toMatch(/PASS\s+Sentinel metadata of fixtures\/splashtop\/splashtop-tuned\.yaml/);
  });

  it('covers every where branch of both rules', () => {
    const r = cli(['test', 'fixtures/', '--min-coverage', '100']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('fixtures/splashtop/splashtop-create-process.yaml: 8 of 8 outcomes (100%)');
    expect(r.out).toContain('fixtures/splashtop/splashtop-tuned.yaml: 44 of 44 outcomes (100%)');
  });

  it('fails with a diff naming the row and column when an expected value changes', () => {
    const d = tempFixtures();
    const spec = join(d, 'splashtop/splashtop-published.kqltest.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('LastSeen: 2024-06-29T20:14:27.5540637Z', 'LastSeen: 2024-06-30T12:00:00Z'));
    const r = cli(['test', d, '--filter', 'planted', '--no-metadata']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL   fires on the planted Splashtop activity');
    expect(r.out).toMatch(/row 2 \(line 26\), column LastSeen: expected 2024-06-30T12:00:00Z, got 2024-06-29T20:14:27.5540637Z/);
    expect(r.out).toContain(
      "rows after each stage: DeviceProcessEvents: 187 → where Timestamp between (Time_start..Time_end): 92 → where ProcessVersionInfoCompanyName has 'Splashtop' and Pro…: 43 → summarize: 5",
    );
    expect(r.out).toMatch(/FAILED: 1 passed, 1 failed/);
  });

  it('fails when any expected value of the worked example changes, pointing at it', { timeout: 300_000 }, () => {
    const d = tempFixtures();
    let mutations = 0;
    for (const name of ['splashtop-published.kqltest.yaml', 'splashtop-tuned.kqltest.yaml']) {
      const file = join(d, 'splashtop', name);
      const original = readFileSync(file, 'utf8');
      const doc = parseDocument(original, { intAsBigInt: true });
      const cases = doc.get('cases') as YAMLSeq<YAMLMap>;
      for (const c of cases.items) {
        const caseName = String(c.get('name'));
        const expectNode = c.get('expect') as YAMLMap;
        // Every leaf under expect: fires, rowCount, and each cell of each expected row.
        const leaves: { path: (string | number)[]; show: RegExp }[] = [];
        for (const p of expectNode.items as Pair<Scalar, Node>[]) {
          const key = String(p.key.value);
          if (key === 'fires') leaves.push({ path: ['fires'], show: /expected the rule (not )?to fire \(line \d+\)/ });
          if (key === 'rowCount') leaves.push({ path: ['rowCount'], show: /expected \d+ rows \(line \d+\), got \d+/ });
          if (key === 'rows') {
            (p.value as YAMLSeq<YAMLMap>).items.forEach((row, i) => {
              for (const cell of row.items as Pair<Scalar, Node>[]) {
                const col = String(cell.key.value);
                leaves.push({ path: ['rows', i, col], show: new RegExp(`row ${i + 1} \\(line \\d+\\), column ${col}: expected `) });
              }
            });
          }
        }
        for (const leaf of leaves) {
          const mutated = parseDocument(original, { intAsBigInt: true }) as Document;
          const target = (mutated.get('cases') as YAMLSeq<YAMLMap>).items.find((x) => String(x.get('name')) === caseName)!;
          const holder = target.get('expect') as YAMLMap;
          const node = holder.getIn(leaf.path, true) as Node;
          mutate(node);
          writeFileSync(file, mutated.toString());
          const r = cli(['test', file, '--filter', `/› ${escapeRe(caseName)}$/`, '--no-metadata']);
          expect(r.code, `${name} › ${caseName} › ${leaf.path.join('.')}\n${r.out}`).toBe(1);
          expect(r.out, `${caseName} › ${leaf.path.join('.')}`).toMatch(leaf.show);
          mutations++;
        }
      }
      writeFileSync(file, original);
    }
    expect(mutations).toBeGreaterThan(60);
  });

  function mutate(node: Node): void {
    if (isSeq(node)) {
      const first = node.items[0] as Scalar;
      first.value = BigInt(first.value as bigint) + 1n;
      return;
    }
    if (!isScalar(node)) throw new Error('unexpected node');
    const v = node.value;
    if (typeof v === 'boolean') node.value = !v;
    else if (typeof v === 'bigint' || typeof v === 'number') node.value = BigInt(v) + 1n;
    else {
      const t = parseDateTime(String(v));
      node.value = t !== undefined && /^\d{4}-/.test(String(v)) ? formatDateTime(t + 1n) : `${String(v)}x`;
    }
  }
});

/** A small XML reader: checks well-formedness and returns the element tree. */
interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) throw new Error('missing XML declaration');
  i = decl[0].length;
  const entity = (s: string): string => {
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(s)) throw new Error(`bad entity in ${s.slice(0, 40)}`);
    if (/[<]/.test(s)) throw new Error('raw < in text');
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml[i] === '<') {
      const end = xml.indexOf('>', i);
      if (end < 0) throw new Error('unterminated tag');
      const tag = xml.slice(i + 1, end);
      i = end + 1;
      if (tag.startsWith('/')) {
        const open = stack.pop();
        if (!open || open.name !== tag.slice(1)) throw new Error(`mismatched </${tag.slice(1)}>`);
        if (!stack.length) root = open;
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const m = /^([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*\/?$/.exec(tag);
      if (!m) throw new Error(`malformed tag <${tag.slice(0, 60)}>`);
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1]!] = entity(a[2]!);
      }
      const el: XmlElement = { name: m[1]!, attrs, children: [], text: '' };
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) throw new Error('two root elements');
      if (selfClosing) {
        if (!stack.length) root = el;
      } else stack.push(el);
    } else {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      if (stack.length) stack[stack.length - 1]!.text += entity(text);
      else if (text.trim()) throw new Error('text outside the root element');
      i = next < 0 ? xml.length : next;
    }
  }
  if (stack.length || !root) throw new Error('unclosed elements');
  return root;
}

function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
}

describe('kqlite test --format junit', () => {
  it('writes valid JUnit XML for a passing run', () => {
    const r = cli(['test', 'fixtures/', '--format', 'junit']);
    expect(r.code).toBe(0);
    const root = parseXml(r.out);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '20', failures: '0', errors: '0', skipped: '0' });
    const suites = root.children;
    expect(suites.map((s) => s.name)).toEqual(['testsuite', 'testsuite']);
    expect(suites.map((s) => s.attrs.name)).toEqual(['fixtures/splashtop/splashtop-published.kqltest.yaml', 'fixtures/splashtop/splashtop-tuned.kqltest.yaml']);
    const cases = all(root, 'testcase');
    expect(cases).toHaveLength(20);
    expect(suites.reduce((n, s) => n + Number(s.attrs.tests), 0)).toBe(20);
    for (const c of cases) {
      expect(c.attrs.classname).toMatch(/^fixtures\.splashtop\.splashtop-(published|tuned)$/);
      expect(Number(c.attrs.time)).toBeGreaterThanOrEqual(0);
    }
    expect(all(root, 'failure')).toHaveLength(0);
  });

  it('reports failures and errors as JUnit failure and error elements', () => {
    const d = tempFixtures();
    const tuned = join(d, 'splashtop/splashtop-tuned.kqltest.yaml');
    writeFileSync(tuned, readFileSync(tuned, 'utf8').replace('{ DeviceName: srv-app-02.contoso.local, Count: 10 }', '{ DeviceName: srv-app-02.contoso.local, Count: 11 }'));
    writeFileSync(join(d, 'broken.kqltest.yaml'), 'rule: splashtop/splashtop-tuned.yaml\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: x\n    expect: { fires: <true> }\n');
    const out = join(d, 'report.xml');
    const r = cli(['test', d, '--format', 'junit', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^FAILED: 19 passed, 1 failed, 1 error — 20 cases in 3 spec files; 1 spec file cannot run, /);
    const root = parseXml(readFileSync(out, 'utf8').replace(/\n$/, ''));
    expect(root.attrs).toMatchObject({ tests: '21', failures: '1', errors: '1' });
    const failures = all(root, 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attrs.message).toContain('the result differs from expect.rows');
    expect(failures[0]!.text).toContain('column Count: expected 11, got 10');
    const errors = all(root, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toMatch(/broken\.kqltest\.yaml:5:22: error KQL411: `fires` must be true or false/);
  });
});

describe('kqlite test: other outputs and exit codes', () => {
  it('prints one JSON document with --format json', () => {
    const r = cli(['test', 'fixtures/', '--format', 'json', '--coverage']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { summary: { total: number; passed: number }; specs: { cases: { status: string; stages: { rows: number }[] | null }[] }[]; coverage: { overall: number } };
    expect(doc.summary).toMatchObject({ total: 20, passed: 20 });
    expect(doc.specs[0]!.cases[1]!.stages!.map((s) => s.rows)).toEqual([187, 92, 43, 5]);
    expect(doc.coverage.overall).toBe(100);
  });

  it('exits 2 for an invalid spec, naming file, line and column, without a stack trace', () => {
    const d = mkdtempSync(join(tmpdir(), 'kqlite-bad-'));
    writeFileSync(
      join(d, 'bad.kqltest.yaml'),
      'query: DeviceProcessEvents\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: typo\n    tables:\n      DeviceProcessEvents:\n        - { FileName: a.exe, ProcesCommandLine: x }\n    expect: { fires: true }\n',
    );
    const r = cli(['test', d]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/bad\.kqltest\.yaml:7:30: error KQL413: column 'ProcesCommandLine' is not in the schema of table 'DeviceProcessEvents' \(did you mean 'ProcessCommandLine'\?\)/);
    expect(r.out + r.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for an invalid rule or data file, with their positions', () => {
    const d = mkdtempSync(join(tmpdir(), 'kqlite-bad-'));
    writeFileSync(join(d, 'rule.kql'), 'DeviceProcessEvents\n| where FileName has "x" and\n');
    writeFileSync(join(d, 'data.csv'), 'FileName,Timestamp\na.exe,never\n');
    writeFileSync(join(d, 'r.kqltest.yaml'), 'rule: rule.kql\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: a\n    expect: { fires: false }\n');
    writeFileSync(join(d, 'd.kqltest.yaml'), 'query: DeviceProcessEvents\nnow: 2024-06-30T12:00:00Z\ntables: { DeviceProcessEvents: data.csv }\ncases:\n  - name: a\n    expect: { fires: false }\n');
    writeFileSync(join(d, 'm.kqltest.yaml'), 'rule: missing.yaml\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: a\n    expect: { fires: false }\n');
    const r = cli(['test', d]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/rule\.kql:\d+:\d+: error KQL00\d/);
    expect(r.out).toMatch(/data\.csv:2:\d+: error KQL302/);
    expect(r.out).toMatch(/m\.kqltest\.yaml:1:7: error KQL502: rule file not found: .*missing\.yaml/);
  });

  it('accepts an expected error, and fails when the query does not fail', () => {
    const d = mkdtempSync(join(tmpdir(), 'kqlite-err-'));
    writeFileSync(
      join(d, 'e.kqltest.yaml'),
      'query: DeviceProcessEvents | where NoSuchColumn == 1\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: unknown column\n    expect: { error: { code: KQL101 } }\n  - name: wrong code\n    expect: { error: KQL114 }\n',
    );
    const r = cli(['test', d, '--no-metadata']);
    expect(r.out).toMatch(/PASS\s+unknown column/);
    expect(r.out).toMatch(/FAIL\s+wrong code[\s\S]*expected the query to fail with KQL114 \(line 7\), but it failed with KQL101/);
    expect(r.code).toBe(1);
  });

  it('flags a table the rule never reads (a misspelt name)', () => {
    const d = mkdtempSync(join(tmpdir(), 'kqlite-tbl-'));
    writeFileSync(join(d, 't.kqltest.yaml'), 'query: DeviceProcessEvents\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: a\n    tables: { DeviceProcesEvents: [{ X: 1 }] }\n    expect: { fires: false }\n');
    const r = cli(['test', d]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/t\.kqltest\.yaml:5:15: error KQL416: table 'DeviceProcesEvents' is given but the rule never reads it \(did you mean 'DeviceProcessEvents'\?\)/);
  });

  it('fails --min-coverage below the threshold and lists the uncovered branches', () => {
    const r = cli(['test', 'fixtures/splashtop/splashtop-tuned.kqltest.yaml', '--filter', 'malicious', '--min-coverage', '90']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/splashtop-tuned\.yaml: \d+ of 44 outcomes/);
    expect(r.out).toMatch(/line 27\s+ InitiatingProcessFileName =~ "splashtop.exe": never dropped a row/);
    expect(r.out).toMatch(/coverage [\d.]+% is below --min-coverage 90%/);
  });

  it('explains input rows of a passing case with explain: true, and skips cases', () => {
    const d = mkdtempSync(join(tmpdir(), 'kqlite-opt-'));
    writeFileSync(
      join(d, 'o.kqltest.yaml'),
      [
        'query: |',
        '  DeviceProcessEvents',
        '  | where FileName =~ "psexec.exe" or ProcessCommandLine has "-accepteula"',
        'now: 2024-06-30T12:00:00Z',
        'cases:',
        '  - name: shows why',
        '    explain: true',
        '    tables:',
        '      DeviceProcessEvents:',
        '        - { FileName: PsExec.exe }',
        '        - { FileName: cmd.exe, ProcessCommandLine: cmd /c dir }',
        '    expect: { rowCount: 1 }',
        '  - name: later',
        '    skip: waiting for data',
        '    expect: { fires: true }',
        '',
      ].join('\n'),
    );
    const r = cli(['test', d]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PASS\s+shows why/);
    expect(r.out).toMatch(/DeviceProcessEvents row 1 \(.*o\.kqltest\.yaml:10\): KEPT → result row 1/);
    expect(r.out).toMatch(/DeviceProcessEvents row 2 \(.*o\.kqltest\.yaml:11\): REJECTED by where FileName =~ "psexec.exe" or ProcessCommandLine has "-accepteula" \(line 3\)/);
    expect(r.out).toMatch(/✗ false ProcessCommandLine has "-accepteula"\s+\[ProcessCommandLine = "cmd \/c dir"\]/);
    expect(r.out).toMatch(/SKIP\s+later \(.*\) — waiting for data/);
    expect(r.out).toMatch(/OK: 1 passed, 0 failed, 0 errors, 1 skipped/);
  });

  it('reports a usage error for no specs', () => {
    const r = cli(['test', mkdtempSync(join(tmpdir(), 'kqlite-empty-'))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error KQL507: no test specs/);
  });
});

describe('kqlite explain', () => {
  it('names the where and the branch that suppresses a benign scenario', () => {
    const r = cli(['explain', 'fixtures/splashtop/splashtop-tuned.kqltest.yaml', '--case', 'benign 2 (suppressed)']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("case 'benign 2 (suppressed): a scheduled maintenance job' (now 2024-06-30T12:00:00Z)");
    expect(r.out).toMatch(/DeviceProcessEvents row 1 \(.*benign-2-scheduled-maintenance\.jsonl row 1\): REJECTED by where not\(ProcessCommandLine contains "scheduled_task" or/);
    expect(r.out).toMatch(/✗ true {2}ProcessCommandLine contains "scheduled_task"\s+\[ProcessCommandLine = "\\"SRUtility.exe\\" --run scheduled_task disk-cleanup"\]/);
    expect(r.out).toMatch(/✓ false ProcessCommandLine contains "task scheduler"/);
  });

  it('explains a row of a data file for a rule given with --table', () => {
    const r = cli([
      'explain', 'fixtures/splashtop/splashtop-create-process.yaml', '--table', 'DeviceProcessEvents=fixtures/splashtop/data/planted-DeviceProcessEvents.csv',
      '--now', '2024-06-30T12:00:00Z', '--row', '1', '--row', '2', '--format', 'json',
    ]);
    expect(r.code).toBe(0);
    const [run] = JSON.parse(r.out) as { explanations: { row: number; verdict: string }[] }[];
    expect(run!.explanations.map((x) => x.row)).toEqual([1, 2]);
    for (const x of run!.explanations) expect(['kept', 'rejected']).toContain(x.verdict);
  });
});

describe('kqlite test --watch', () => {
  it('runs again when a spec changes, and stops when asked', { timeout: 60_000 }, async () => {
    const d = mkdtempSync(join(tmpdir(), 'kqlite-watch-'));
    const spec = join(d, 'w.kqltest.yaml');
    writeFileSync(spec, 'query: DeviceProcessEvents | where FileName == "a.exe"\nnow: 2024-06-30T12:00:00Z\ncases:\n  - name: fires\n    tables: { DeviceProcessEvents: [{ FileName: a.exe }] }\n    expect: { fires: true }\n');
    const out: string[] = [];
    const codes: number[] = [];
    const ac = new AbortController();
    const guard = setTimeout(() => ac.abort(), 50_000);
    let changed = false;
    const done = watchTestsCommand([d, '--watch'], { out: (l) => out.push(l), err: (l) => out.push(l) }, {
      signal: ac.signal,
      debounceMs: 50,
      onRun: (code) => {
        codes.push(code);
        if (!changed) {
          changed = true;
          setTimeout(() => writeFileSync(spec, readFileSync(spec, 'utf8').replace('fires: true', 'fires: false')), 100);
        } else ac.abort();
      },
    });
    await done;
    clearTimeout(guard);
    expect(codes).toEqual([0, 1]);
    const text = out.join('\n');
    expect(text).toMatch(/watching \d+ files? for changes/);
    expect(text).toMatch(/changed: .*w\.kqltest\.yaml; running again/);
    expect(text).toMatch(/FAIL\s+fires/);
  });
});

describe('docs/testing.md', () => {
  it('has a first test that passes as written', () => {
    const blocks = [...readFileSync('docs/testing.md', 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const d = mkdtempSync(join(tmpdir(), 'kqlite-docs-'));
    mkdirSync(join(d, 'rules'));
    writeFileSync(join(d, 'rules/encoded-powershell.yaml'), blocks[0]!);
    writeFileSync(join(d, 'rules/encoded-powershell.kqltest.yaml'), blocks[1]!);
    const r = cli(['test', join(d, 'rules'), '--coverage']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK: 3 passed, 0 failed, 0 errors — 3 cases in 1 spec file/);
    expect(r.out).toContain('4 of 6 outcomes (66.7%)');
  });
});

describe('kqlite check', () => {
  it('checks the example rules, metadata included, and skips test specs', () => {
    const r = cli(['check', 'fixtures/splashtop']);
    expect(r.err).toBe('');
    expect(r.out).toBe('2 files checked, no problems');
    expect(r.code).toBe(0);
  });
});
