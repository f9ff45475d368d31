// The JSON Schema for specs agrees with the loader: the worked example validates, and specs the
// loader rejects for their shape are rejected by the schema too (a small validator for the keywords used).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KqlError } from '../../../src/diagnostics.js';
import { findSpecFiles } from '../../../src/harness/discover.js';
import { loadSpec } from '../../../src/harness/spec.js';

type Schema = Record<string, unknown>;
const root = JSON.parse(readFileSync('schemas/kqltest.schema.json', 'utf8')) as Schema;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Errors of `v` against `s` (empty when valid). */
function validate(v: unknown, s: Schema, path = '$'): string[] {
  if (typeof s.$ref === 'string') return validate(v, (root.definitions as Record<string, Schema>)[s.$ref.replace('#/definitions/', '')]!, path);
  const errs: string[] = [];
  if (s.type) {
    const t = typeOf(v);
    const ok = s.type === t || (s.type === 'number' && t === 'integer');
    if (!ok) return [`${path}: expected ${String(s.type)}, got ${t}`];
  }
  if ('const' in s && v !== s.const) errs.push(`${path}: expected ${String(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(v)) errs.push(`${path}: not one of ${s.enum.join(', ')}`);
  if (typeof s.pattern === 'string' && typeof v === 'string' && !new RegExp(s.pattern).test(v)) errs.push(`${path}: does not match ${s.pattern}`);
  if (typeof s.minimum === 'number' && typeof v === 'number' && v < s.minimum) errs.push(`${path}: below ${s.minimum}`);
  if (typeof s.minItems === 'number' && Array.isArray(v) && v.length < s.minItems) errs.push(`${path}: fewer than ${s.minItems} items`);
  if (Array.isArray(v) && s.items) v.forEach((x, i) => errs.push(...validate(x, s.items as Schema, `${path}[${i}]`)));
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in o)) errs.push(`${path}: missing ${r}`);
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) errs.push(...validate(x, props[k]!, `${path}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${path}: unknown key ${k}`);
      else if (typeof s.additionalProperties === 'object') errs.push(...validate(x, s.additionalProperties as Schema, `${path}.${k}`));
    }
  }
  if (Array.isArray(s.oneOf)) {
    const n = s.oneOf.filter((x) => validate(v, x as Schema, path).length === 0).length;
    if (n !== 1) errs.push(`${path}: matches ${n} of oneOf`);
  }
  if (Array.isArray(s.anyOf) && !s.anyOf.some((x) => validate(v, x as Schema, path).length === 0)) errs.push(`${path}: matches none of anyOf`);
  if (s.not && validate(v, s.not as Schema, path).length === 0) errs.push(`${path}: matches not`);
  return errs;
}

function loads(text: string): boolean {
  const file = join(mkdtempSync(join(tmpdir(), 'kqlite-schema-')), 's.kqltest.yaml');
  writeFileSync(file, text);
  try {
    loadSpec(file);
    return true;
  } catch (e) {
    if (e instanceof KqlError) return false;
    throw e;
  }
}

const BASE = `rule: r.yaml
now: 2024-06-30T12:00:00Z
tables:
  DeviceProcessEvents:
    - { FileName: a.exe }
cases:
  - name: a
    expect: { fires: true }
`;

describe('schemas/kqltest.schema.json', () => {
  it('validates every spec of the worked example', () => {
    for (const f of findSpecFiles(['fixtures'])) expect(validate(parse(readFileSync(f, 'utf8')), root), f).toEqual([]);
  });

  it('agrees with the loader on valid and invalid shapes', () => {
    const variants: [string, string][] = [
      ['base', BASE],
      ['query instead of rule', BASE.replace('rule: r.yaml', 'query: DeviceProcessEvents')],
      ['table from a file', BASE.replace('  DeviceProcessEvents:\n    - { FileName: a.exe }', '  DeviceProcessEvents: data.csv')],
      ['table mapping', BASE.replace('    - { FileName: a.exe }', '    rows: [{ FileName: a.exe }]\n    defaults: { DeviceName: x }')],
      ['expected rows', BASE.replace('{ fires: true }', '{ rows: [{ Count: 1 }], ordered: true, sets: [Report] }')],
      ['expected error', BASE.replace('{ fires: true }', '{ error: { code: KQL101, message: unknown } }')],
      ['skip with reason', BASE.replace('    expect:', '    skip: flaky data\n    expect:')],
      ['unknown top key', BASE + 'extra: 1\n'],
      ['unknown case key', BASE.replace('    expect:', '    expcet: {}\n    expect:')],
      ['unknown expect key', BASE.replace('{ fires: true }', '{ fires: true, fire: true }')],
      ['no cases', BASE.replace(/cases:[\s\S]*/, 'cases: []\n')],
      ['no rule', BASE.replace('rule: r.yaml\n', '')],
      ['rule and query', BASE.replace('rule: r.yaml', 'rule: r.yaml\nquery: T')],
      ['fires not boolean', BASE.replace('{ fires: true }', '{ fires: yes }')],
      ['negative rowCount', BASE.replace('{ fires: true }', '{ rowCount: -1 }')],
      ['empty expect', BASE.replace('{ fires: true }', '{}')],
      ['case without name', BASE.replace('  - name: a\n    expect', '  - expect')],
      ['table with unknown key', BASE.replace('    - { FileName: a.exe }', '    rowz: []')],
      ['bad schemaFlavor', BASE + 'schemaFlavor: azure\n'],
    ];
    for (const [what, text] of variants) {
      const bySchema = validate(parse(text), root).length === 0;
      expect(bySchema, `${what}: schema says ${bySchema}`).toBe(loads(text));
    }
  });
});
