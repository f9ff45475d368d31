// Project-wide test settings: `kqltest.config.yaml` in the spec's folder or any folder above it (the
// nearest wins). It may set `now` (the frozen time for every spec that does not set its own) and
// `schemaFlavor`.

import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readTextFile } from '../io.js';
import { parseDateTime } from '../tables/datetime.js';
import type { SchemaFlavor } from '../tables/schema.js';
import { describeNode, readYaml, yamlError, type Pos } from './yaml-nodes.js';

export const CONFIG_NAMES = ['kqltest.config.yaml', 'kqltest.config.yml'];

export interface ProjectConfig {
  file: string;
  now?: { ticks: bigint; text: string; pos: Pos };
  schemaFlavor?: SchemaFlavor;
}

const cache = new Map<string, { mtime: number; config: ProjectConfig }>();

/** The nearest config file at or above `dir`, read (cached by modification time), or undefined. */
export function findConfig(dir: string): ProjectConfig | undefined {
  for (let d = dir; ; d = dirname(d)) {
    for (const n of CONFIG_NAMES) {
      const f = join(d, n);
      if (existsSync(f)) return readConfig(f);
    }
    if (dirname(d) === d) return undefined;
  }
}

export function readConfig(file: string): ProjectConfig {
  const mtime = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.config;
  const y = readYaml(readTextFile(file), file, 'config');
  const config: ProjectConfig = { file };
  if (y.root.t === 'scalar' && y.root.value === null) return config;
  if (y.root.t !== 'map') throw yamlError('KQL411', `the test config must be a mapping, not ${describeNode(y.root)}`, file, y.root.pos);
  for (const e of y.root.entries) {
    const v = e.value;
    switch (e.key) {
      case 'now': {
        const ticks = v.t === 'scalar' && typeof v.value === 'string' ? parseDateTime(v.value) : undefined;
        if (ticks === undefined) throw yamlError('KQL412', '`now` must be an ISO-8601 datetime such as 2024-06-30T12:00:00Z', file, v.pos);
        config.now = { ticks, text: String((v as { value: string }).value), pos: v.pos };
        break;
      }
      case 'schemaFlavor':
        if (v.t !== 'scalar' || (v.value !== 'merged' && v.value !== 'defender' && v.value !== 'sentinel')) {
          throw yamlError('KQL411', '`schemaFlavor` must be merged, defender or sentinel', file, v.pos);
        }
        config.schemaFlavor = v.value;
        break;
      default:
        throw yamlError('KQL411', `unknown key '${e.key}' in the test config (allowed: now, schemaFlavor)`, file, e.keyPos);
    }
  }
  cache.set(file, { mtime, config });
  return config;
}
