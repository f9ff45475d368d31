// Finding spec files (`*.kqltest.yaml` / `*.kqltest.yml`, searched recursively in folders) and the
// files each spec depends on (rule, data files, views, schemas, project config), for watch mode.

import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KqlError } from '../diagnostics.js';
import { walkFiles } from '../walk.js';
import { CONFIG_NAMES } from './config.js';
import { loadSpec, type TableSpec } from './spec.js';

export const SPEC_PATTERN = /\.kqltest\.ya?ml$/i;

/** Spec files under the given files and folders (default: the working directory), in a stable order. */
export function findSpecFiles(paths: string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new KqlError({ code: 'KQL502', kind: 'usage', message: `file not found: ${p}`, file: p });
    }
    if (st.isDirectory()) {
      out.push(...walkFiles(abs, (name) => SPEC_PATTERN.test(name)));
    } else out.push(abs);
  }
  const unique = [...new Set(out)];
  if (!unique.length) {
    throw new KqlError({
      code: 'KQL507',
      kind: 'usage',
      message: `no test specs (*.kqltest.yaml) found in ${paths.length ? paths.join(', ') : 'the current folder'}`,
    });
  }
  return unique;
}

function tableFiles(t: TableSpec): string[] {
  return [...t.files.map((f) => f.path), ...(t.view ? [t.view.path] : []), ...(t.schema?.path ? [t.schema.path] : [])];
}

/** Every file a spec reads (absolute paths), the spec itself first. A spec that does not load gives itself. */
export function specDependencies(file: string): string[] {
  const abs = resolve(file);
  const out = new Set<string>([abs]);
  try {
    const spec = loadSpec(abs);
    if (spec.rule) out.add(spec.rule.path);
    for (const t of spec.tables.values()) for (const f of tableFiles(t)) out.add(f);
    for (const c of spec.cases) for (const t of c.tables.values()) for (const f of tableFiles(t)) out.add(f);
    if (spec.config) out.add(spec.config.file);
  } catch {
    // still watch the spec: fixing it triggers a run
  }
  // A config file created later next to the spec also matters.
  for (const n of CONFIG_NAMES) out.add(join(dirname(abs), n));
  return [...out];
}
