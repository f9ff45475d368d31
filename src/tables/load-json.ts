// JSON Lines / JSON array files into a table load: each object is one row, its keys name columns of the
// plan's schema (missing keys are null); plus the inference pass over the same objects.

import { readFileSync } from 'node:fs';
import { isFailure, jsonValueToType } from './convert.js';
import { decodeUtf8 } from './decode.js';
import { badValueError, unknownColumnError } from './errors.js';
import type { ColumnGuess } from './infer.js';
import { readJsonRecords } from './jsonl.js';
import { fileSummary, type FileSummary, type LoadContext, type Source } from './load-context.js';
import { stringifyJson } from './json-value.js';
import { suggestName } from './suggest.js';

/** Decoded text of a JSON source (kept so the inference and load passes decode once). */
const decoded = new WeakMap<Source, string>();

function textOf(src: Source): string {
  if (!('path' in src) && typeof src.data === 'string') return src.data;
  let t = decoded.get(src);
  if (t === undefined) {
    t = decodeUtf8('path' in src ? readFileSync(src.path) : (src.data as Uint8Array), src.file);
    decoded.set(src, t);
  }
  return t;
}

/** Inference pass: offer every value of each wanted key to its guess. Bad lines are left to the load pass. */
export function inferJson(src: Source, _ctx: LoadContext, want: (name: string) => ColumnGuess | undefined): void {
  readJsonRecords(
    textOf(src),
    (rec) => {
      for (let k = 0; k < rec.keys.length; k++) want(rec.keys[k]!)?.addJson(rec.values[k]);
    },
    { file: src.file, onBadLine: () => {} },
  );
}

/** Load pass over one JSON source. */
export function loadJson(src: Source, ctx: LoadContext): FileSummary {
  const { plan } = ctx;
  const file = src.file;
  const fs = fileSummary(file, 'jsonl');
  const layout = readJsonRecords(
    textOf(src),
    (rec, where) => {
      fs.read++;
      const row = ctx.emptyRow();
      for (let k = 0; k < rec.keys.length; k++) {
        const name = rec.keys[k]!;
        const j = plan.index.get(name);
        if (j === undefined) throw unknownColumnError(name, plan.table, suggestName(name, plan.knownNames), { file, ...where(rec.offsets[k]!) });
        const t = plan.schema[j]!.type;
        const v = jsonValueToType(rec.values[k], t);
        if (isFailure(v)) {
          const raw = rec.values[k]!;
          const shown = typeof raw === 'string' ? raw : stringifyJson(raw);
          const err = badValueError(name, k + 1, t, shown, v.reason, { file, ...where(rec.offsets[k]!) });
          if (!ctx.nullBadValues) return ctx.reject(err, fs);
          ctx.nulled(err);
          row[j] = null;
        } else row[j] = v;
      }
      ctx.accept(row, fs);
    },
    {
      file,
      onBadLine: (e) => {
        fs.read++;
        ctx.reject(e, fs);
      },
    },
  );
  if (layout === 'array') fs.format = 'json-array';
  return fs;
}
