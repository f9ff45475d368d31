// Rule test specs (`*.kqltest.yaml`): their shape (see schemas/kqltest.schema.json) and the loader that
// checks it, keeping the YAML line and column of everything so errors and diffs can point at them.
// Data files are not read here (see fixtures.ts); paths are resolved against the spec's folder.

import { dirname, resolve } from 'node:path';
import type { SourceRef } from '../diagnostics.js';
import { suggest } from '../engine/binder/suggest.js';
import { readTextFile } from '../io.js';
import { parseDateTime } from '../tables/datetime.js';
import type { SchemaFlavor } from '../tables/schema.js';
import { findConfig, type ProjectConfig } from './config.js';
import { describeNode, readYaml, yamlError, type Pos, type YEntry, type YNode } from './yaml-nodes.js';

/** One inline row: its cells in the order written (values still YAML nodes; typed against the schema later). */
export interface RowSpec {
  pos: Pos;
  cells: YEntry[];
}

export interface TableSpec {
  name: string;
  pos: Pos;
  /** Data files (CSV, JSON Lines, JSON), absolute paths. */
  files: { path: string; pos: Pos }[];
  rows: RowSpec[];
  /** Values for the columns a row leaves out (otherwise the column type's empty value). */
  defaults?: RowSpec;
  /** A KQL file defining (more of) the table from other tables. */
  view?: { path: string; pos: Pos };
  /** A schema for a table the bundled catalog does not know: Kusto notation or a schema file. */
  schema?: { text?: string; path?: string; pos: Pos };
}

export interface ExpectSpec {
  pos: Pos;
  fires?: { value: boolean; pos: Pos };
  rowCount?: { value: number; pos: Pos };
  rows?: { rows: RowSpec[]; pos: Pos };
  /** Compare rows in order (default: as a multiset). */
  ordered: boolean;
  /** Dynamic columns compared as sets (make_set results are found automatically). */
  sets: string[];
  error?: { code?: string; message?: string; pos: Pos };
}

export interface CaseSpec {
  name: string;
  pos: Pos;
  now?: { ticks: bigint; text: string; pos: Pos };
  /** Tables this case replaces (the others come from the spec). */
  tables: Map<string, TableSpec>;
  expect: ExpectSpec;
  /** Print an explanation of each input row (always, not only on failure). */
  explain: boolean;
  skip?: string;
}

export interface TestSpec {
  file: string;
  dir: string;
  text: string;
  name?: string;
  /** The rule under test: a Sentinel YAML or .kql file (absolute path) ... */
  rule?: { path: string; pos: Pos };
  /** ... or a query written in the spec. */
  query?: { text: string; source: SourceRef; pos: Pos };
  now?: { ticks: bigint; text: string; pos: Pos };
  schemaFlavor: SchemaFlavor;
  tables: Map<string, TableSpec>;
  cases: CaseSpec[];
  /** Run the Sentinel metadata checks on a YAML rule (default true). */
  metadataChecks: boolean;
  config?: ProjectConfig;
}

const TOP_KEYS = ['$schema', 'name', 'rule', 'query', 'now', 'schemaFlavor', 'tables', 'cases', 'metadataChecks'];
const CASE_KEYS = ['name', 'now', 'tables', 'expect', 'explain', 'skip'];
const EXPECT_KEYS = ['fires', 'rowCount', 'rows', 'ordered', 'sets', 'error'];
const TABLE_KEYS = ['file', 'files', 'rows', 'defaults', 'view', 'schema'];

class SpecReader {
  constructor(
    readonly file: string,
    readonly dir: string,
  ) {}

  fail(message: string, pos?: Pos, code = 'KQL411'): never {
    throw yamlError(code, message, this.file, pos);
  }

  map(n: YNode, what: string): Extract<YNode, { t: 'map' }> {
    if (n.t !== 'map') this.fail(`${what} must be a mapping (key: value lines), not ${describeNode(n)}`, n.pos);
    return n;
  }

  seq(n: YNode, what: string): Extract<YNode, { t: 'seq' }> {
    if (n.t !== 'seq') this.fail(`${what} must be a list (lines starting with '- '), not ${describeNode(n)}`, n.pos);
    return n;
  }

  string(n: YNode, what: string): string {
    if (n.t !== 'scalar' || n.value === null || typeof n.value === 'boolean') this.fail(`${what} must be text, not ${describeNode(n)}`, n.pos);
    return String(n.value);
  }

  bool(n: YNode, what: string): boolean {
    if (n.t !== 'scalar' || typeof n.value !== 'boolean') this.fail(`${what} must be true or false, not ${describeNode(n)}`, n.pos);
    return n.value;
  }

  count(n: YNode, what: string): number {
    if (n.t !== 'scalar' || (typeof n.value !== 'bigint' && !(typeof n.value === 'number' && Number.isInteger(n.value))) || n.value < 0) {
      this.fail(`${what} must be a whole number (0 or more), not ${describeNode(n)}`, n.pos);
    }
    return Number(n.value);
  }

  /** Check a mapping's keys against the allowed ones (unknown keys are errors with a suggestion). */
  keys(m: Extract<YNode, { t: 'map' }>, allowed: string[], where: string): Map<string, YEntry> {
    const out = new Map<string, YEntry>();
    for (const e of m.entries) {
      if (!allowed.includes(e.key)) {
        const hint = suggest(e.key, allowed);
        this.fail(`unknown key '${e.key}' in ${where}${hint ? ` (did you mean '${hint}'?)` : ` (allowed: ${allowed.filter((k) => k !== '$schema').join(', ')})`}`, e.keyPos);
      }
      out.set(e.key, e);
    }
    return out;
  }

  now(e: YEntry): { ticks: bigint; text: string; pos: Pos } {
    const text = this.string(e.value, '`now`');
    const ticks = parseDateTime(text);
    if (ticks === undefined) this.fail(`\`now\` must be an ISO-8601 datetime such as 2024-06-30T12:00:00Z, not ${JSON.stringify(text)}`, e.value.pos, 'KQL412');
    return { ticks, text, pos: e.value.pos };
  }

  path(n: YNode, what: string): string {
    const p = this.string(n, what);
    if (!p.trim()) this.fail(`${what} must not be empty`, n.pos);
    return resolve(this.dir, p);
  }

  row(n: YNode, what: string): RowSpec {
    const m = this.map(n, what);
    return { pos: m.pos, cells: m.entries };
  }

  rows(n: YNode, what: string): RowSpec[] {
    return this.seq(n, what).items.map((it, i) => this.row(it, `row ${i + 1} of ${what}`));
  }

  tables(n: YNode, where: string): Map<string, TableSpec> {
    const m = this.map(n, `\`tables\` of ${where}`);
    const out = new Map<string, TableSpec>();
    for (const e of m.entries) out.set(e.key, this.table(e));
    return out;
  }

  table(e: YEntry): TableSpec {
    const name = e.key;
    const t: TableSpec = { name, pos: e.keyPos, files: [], rows: [] };
    const v = e.value;
    if (v.t === 'scalar' && typeof v.value === 'string') {
      t.files.push({ path: this.path(v, `the data file of table '${name}'`), pos: v.pos });
      return t;
    }
    if (v.t === 'seq') {
      t.rows = this.rows(v, `table '${name}'`);
      return t;
    }
    if (v.t !== 'map') this.fail(`table '${name}' must be a data file path, a list of rows, or a mapping with file/rows/view, not ${describeNode(v)}`, v.pos);
    for (const x of v.entries) {
      if (!TABLE_KEYS.includes(x.key)) {
        this.fail(
          `unknown key '${x.key}' in table '${name}': write rows as a list under the table name (- ${x.key}: ...) or under 'rows:'; ` +
            `a table entry may have ${TABLE_KEYS.join(', ')}`,
          x.keyPos,
        );
      }
    }
    const k = this.keys(v, TABLE_KEYS, `table '${name}'`);
    const file = k.get('file');
    if (file) t.files.push({ path: this.path(file.value, `'file' of table '${name}'`), pos: file.value.pos });
    const files = k.get('files');
    if (files) for (const f of this.seq(files.value, `'files' of table '${name}'`).items) t.files.push({ path: this.path(f, `a file of table '${name}'`), pos: f.pos });
    const rows = k.get('rows');
    if (rows) t.rows = this.rows(rows.value, `table '${name}'`);
    const defaults = k.get('defaults');
    if (defaults) t.defaults = this.row(defaults.value, `'defaults' of table '${name}'`);
    const view = k.get('view');
    if (view) t.view = { path: this.path(view.value, `'view' of table '${name}'`), pos: view.value.pos };
    const schema = k.get('schema');
    if (schema) {
      const s = this.string(schema.value, `'schema' of table '${name}'`);
      // Kusto notation "(A:string, B:long)" inline, or the path of a schema file.
      t.schema = s.trimStart().startsWith('(') ? { text: s, pos: schema.value.pos } : { path: resolve(this.dir, s), pos: schema.value.pos };
    }
    if (!t.files.length && !t.rows.length && !t.view) {
      // An empty table is allowed (rows: []), but a mapping with nothing in it is probably a mistake.
      if (!rows) this.fail(`table '${name}' has no data: give 'file', 'files', 'rows' or 'view' (use 'rows: []' for an empty table)`, e.keyPos);
    }
    return t;
  }

  expect(n: YNode, where: string): ExpectSpec {
    const m = this.map(n, `\`expect\` of ${where}`);
    const k = this.keys(m, EXPECT_KEYS, `\`expect\` of ${where}`);
    const x: ExpectSpec = { pos: m.pos, ordered: false, sets: [] };
    const fires = k.get('fires');
    if (fires) x.fires = { value: this.bool(fires.value, '`fires`'), pos: fires.keyPos };
    const rowCount = k.get('rowCount');
    if (rowCount) x.rowCount = { value: this.count(rowCount.value, '`rowCount`'), pos: rowCount.keyPos };
    const rows = k.get('rows');
    if (rows) x.rows = { rows: this.rows(rows.value, '`expect.rows`'), pos: rows.keyPos };
    const ordered = k.get('ordered');
    if (ordered) x.ordered = this.bool(ordered.value, '`ordered`');
    const sets = k.get('sets');
    if (sets) x.sets = this.seq(sets.value, '`sets`').items.map((s) => this.string(s, 'a column name in `sets`'));
    const error = k.get('error');
    if (error) {
      const v = error.value;
      if (v.t === 'scalar' && typeof v.value === 'string') {
        x.error = /^KQL\d{3}$/i.test(v.value) ? { code: v.value.toUpperCase(), pos: v.pos } : { message: v.value, pos: v.pos };
      } else if (v.t === 'scalar' && v.value === true) {
        x.error = { pos: v.pos };
      } else {
        const em = this.map(v, '`expect.error`');
        const ek = this.keys(em, ['code', 'message'], '`expect.error`');
        x.error = { pos: em.pos };
        const c = ek.get('code');
        if (c) x.error.code = this.string(c.value, '`error.code`').toUpperCase();
        const msg = ek.get('message');
        if (msg) x.error.message = this.string(msg.value, '`error.message`');
      }
      if (fires || rowCount || rows) this.fail('`expect.error` cannot be combined with fires, rowCount or rows: a query that fails returns no rows', error.keyPos);
    }
    if (!fires && !rowCount && !rows && !error) {
      this.fail(`\`expect\` of ${where} says nothing to check: give fires, rowCount, rows or error`, m.pos);
    }
    if ((ordered || sets) && !rows) this.fail('`ordered` and `sets` apply to `expect.rows`, which is missing', (ordered ?? sets)!.keyPos);
    if (fires && rowCount) {
      const n = this.count(rowCount.value, '`rowCount`');
      if ((n > 0) !== x.fires!.value) this.fail(`\`fires: ${x.fires!.value}\` contradicts \`rowCount: ${n}\``, rowCount.keyPos);
    }
    return x;
  }

  testCase(n: YNode, index: number): CaseSpec {
    const m = this.map(n, `case ${index + 1}`);
    const k = this.keys(m, CASE_KEYS, `case ${index + 1}`);
    const name = k.get('name');
    if (!name) this.fail(`case ${index + 1} has no \`name\``, m.pos);
    const c: CaseSpec = {
      name: this.string(name.value, '`name`'),
      pos: m.pos,
      tables: new Map(),
      expect: undefined as unknown as ExpectSpec,
      explain: false,
    };
    const where = `case '${c.name}'`;
    const expect = k.get('expect');
    if (!expect) this.fail(`${where} has no \`expect\` (for example \`expect: { fires: true }\`)`, m.pos);
    c.expect = this.expect(expect.value, where);
    const now = k.get('now');
    if (now) c.now = this.now(now);
    const tables = k.get('tables');
    if (tables) c.tables = this.tables(tables.value, where);
    const explain = k.get('explain');
    if (explain) c.explain = this.bool(explain.value, '`explain`');
    const skip = k.get('skip');
    if (skip) {
      const v = skip.value;
      if (v.t === 'scalar' && typeof v.value === 'boolean') {
        if (v.value) c.skip = 'skipped';
      } else c.skip = this.string(v, '`skip`');
    }
    return c;
  }
}

/** Position of the `query` block's text inside the spec (so query errors point at spec lines). */
function querySource(text: string, file: string, n: Extract<YNode, { t: 'scalar' }>): SourceRef {
  const query = String(n.value);
  if (n.block) {
    // The content starts on the line after the `|` header, indented uniformly.
    const firstLine = text.split(/\r?\n/)[n.pos.line] ?? '';
    const indent = /^ */.exec(firstLine)![0].length;
    return { file, text: query, lineOffset: n.pos.line, columnOffset: indent };
  }
  const quoted = text[offsetOf(text, n.pos)] === '"' || text[offsetOf(text, n.pos)] === "'" ? 1 : 0;
  return { file, text: query, lineOffset: n.pos.line - 1, columnOffset: n.pos.column - 1 + quoted };
}

function offsetOf(text: string, pos: Pos): number {
  let off = 0;
  for (let l = 1; l < pos.line; l++) {
    const i = text.indexOf('\n', off);
    if (i < 0) break;
    off = i + 1;
  }
  return off + pos.column - 1;
}

/** Read and check a spec file. Throws KqlError (KQL41x) at the YAML line of the first problem. */
export function loadSpec(file: string, text = readTextFile(file)): TestSpec {
  const abs = resolve(file);
  const dir = dirname(abs);
  const y = readYaml(text, file);
  const r: SpecReader = new SpecReader(file, dir);
  const root = r.map(y.root, 'a test spec');
  const k = r.keys(root, TOP_KEYS, 'the spec');
  const spec: TestSpec = { file, dir, text, schemaFlavor: 'merged', tables: new Map(), cases: [], metadataChecks: true };
  const name = k.get('name');
  if (name) spec.name = r.string(name.value, '`name`');
  const rule = k.get('rule');
  const query = k.get('query');
  if (rule && query) r.fail('give either `rule` (a rule file) or `query` (KQL written here), not both', query.keyPos);
  if (!rule && !query) r.fail('the spec names no rule: add `rule: path/to/rule.yaml` (or .kql), or `query: |` with the KQL', root.pos);
  if (rule) spec.rule = { path: r.path(rule.value, '`rule`'), pos: rule.value.pos };
  if (query) {
    const v = query.value;
    const text2 = r.string(v, '`query`');
    spec.query = { text: text2, source: querySource(text, file, v as Extract<YNode, { t: 'scalar' }>), pos: v.pos };
  }
  const now = k.get('now');
  if (now) spec.now = r.now(now);
  const flavor = k.get('schemaFlavor');
  if (flavor) {
    const f = r.string(flavor.value, '`schemaFlavor`');
    if (f !== 'merged' && f !== 'defender' && f !== 'sentinel') r.fail(`\`schemaFlavor\` must be merged, defender or sentinel, not '${f}'`, flavor.value.pos);
    spec.schemaFlavor = f as SchemaFlavor;
  }
  const tables = k.get('tables');
  if (tables) spec.tables = r.tables(tables.value, 'the spec');
  const meta = k.get('metadataChecks');
  if (meta) spec.metadataChecks = r.bool(meta.value, '`metadataChecks`');
  const cases = k.get('cases');
  if (!cases) r.fail('the spec has no `cases`', root.pos);
  const list = r.seq(cases.value, '`cases`');
  if (!list.items.length) r.fail('`cases` is empty: add at least one case', cases.keyPos);
  spec.cases = list.items.map((c, i) => r.testCase(c, i));
  const seen = new Map<string, Pos>();
  for (const c of spec.cases) {
    const prev = seen.get(c.name);
    if (prev) r.fail(`two cases are named '${c.name}' (the other is at line ${prev.line}); case names must be unique`, c.pos);
    seen.set(c.name, c.pos);
  }
  // `now`: the case's, else the spec's, else the project's (kqltest.config.yaml).
  spec.config = findConfig(dir);
  if (!spec.now && spec.config?.now) spec.now = spec.config.now;
  for (const c of spec.cases) {
    if (!c.now && !spec.now) {
      r.fail(
        `case '${c.name}' has no \`now\`: set \`now\` in the spec (or the case), or for the whole project in kqltest.config.yaml`,
        c.pos,
        'KQL412',
      );
    }
  }
  if (!flavor && spec.config?.schemaFlavor) spec.schemaFlavor = spec.config.schemaFlavor;
  return spec;
}
