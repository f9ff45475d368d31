// JSON Lines / JSON array files into a table load: each object is one row, its keys name columns of the
// plan's schema (missing keys are null); plus the inference pass over the same objects. JSON Lines are
// read as bytes in ranges of whole lines (in parallel for large files, see jsonl-bytes.ts); a JSON array
// is read as one text.

import { isFailure, jsonShown, jsonValueAt } from './convert.js';
import { decodeUtf8 } from './decode.js';
import { badFileError, badValueError, emptyFileError, unknownColumnError } from './errors.js';
import type { ColumnGuess } from './infer.js';
import type { JsonlRangePlan } from './jsonl-bytes.js';
import { readJsonRecords } from './jsonl.js';
import { fileSummary, type FileSummary, type LoadContext, type Source } from './load-context.js';
import { applyRange, cutRanges, encodingFailure, rangeSetup, readBytes, runRanges, type SourceBytes, sourceBytes } from './load-ranges.js';
import { ByteWindow } from './byte-window.js';
import { tuning } from './parallel.js';
import { kindOf } from './sinks.js';
import { suggestName } from './suggest.js';

/** V8's longest string, in UTF-16 units (a JSON array is read as one text). */
const MAX_TEXT = 0x1fffffe8;

/** Where the first non-space byte is and whether it opens a JSON array; undefined for an empty file. */
function layoutOf(sb: SourceBytes): 'array' | 'jsonl' | undefined {
  const size = sb.input.size;
  let pos = 0;
  for (let first = true; pos < size; first = false) {
    const b = readBytes(sb.input, pos, 1 << 16);
    let i = first && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    while (i < b.length && (b[i] === 32 || b[i] === 9 || b[i] === 10 || b[i] === 13)) i++;
    if (i < b.length) return b[i] === 91 ? 'array' : 'jsonl';
    if (b.length === 0) break;
    pos += b.length;
  }
  return undefined;
}

/** KQL308 for an empty file (after a check for bad bytes, which are reported first). */
function emptyFile(file: string, sb: SourceBytes): never {
  if (sb.checked) {
    const win = new ByteWindow(sb.input, 0, 0, sb.input.size);
    try {
      win.checkRest();
      const bad = encodingFailure(sb.input, file, win.nulAt, win.badAt);
      if (bad) throw bad;
    } finally {
      win.close();
    }
  }
  throw emptyFileError('the file is empty: expected JSON objects, one per line, or a JSON array', { file, line: 1, column: 1 });
}

/** The whole text of a JSON array file (decoded once for both passes). */
const texts = new WeakMap<Source, string>();
function textOf(src: Source, sb: SourceBytes): string {
  if (!('path' in src) && typeof src.data === 'string') return src.data;
  let t = texts.get(src);
  if (t === undefined) {
    if (sb.input.size > MAX_TEXT) {
      throw badFileError(`a JSON array file larger than ${MAX_TEXT >> 20} MB cannot be read as one text: write it as JSON Lines (one object per line)`, { file: src.file });
    }
    t = decodeUtf8(readBytes(sb.input, 0, sb.input.size), src.file);
    texts.set(src, t);
  }
  return t;
}

function rangePlan(src: Source, sb: SourceBytes, ctx: LoadContext, mode: 'load' | 'infer'): JsonlRangePlan {
  const { plan } = ctx;
  return {
    format: 'jsonl',
    mode,
    file: src.file,
    table: plan.table,
    names: plan.schema.map((c) => c.name),
    types: plan.schema.map((c) => c.type),
    kinds: plan.schema.map((c) => kindOf(c.type)),
    knownNames: plan.knownNames,
    maxErrors: ctx.maxErrorCount,
    nullBad: ctx.nullBadValues,
    wtf8: sb.wtf8,
    fast: tuning.jsonFast,
  };
}

/** Inference pass: offer every value of each wanted key to its guess. Bad lines are left to the load pass. */
export function inferJson(src: Source, ctx: LoadContext, want: (name: string) => ColumnGuess | undefined): void {
  const sb = sourceBytes(src);
  const layout = layoutOf(sb);
  if (!layout) emptyFile(src.file, sb);
  if (layout === 'array') {
    const text = textOf(src, sb);
    readJsonRecords(
      text,
      (rec) => {
        for (let k = 0; k < rec.keys.length; k++) want(rec.keys[k]!)?.addJsonAt(rec.values[k], text, rec.offsets[k]!);
      },
      { file: src.file, onBadLine: () => {} },
    );
    ctx.progress(sb.input.size);
    return;
  }
  const setup = rangeSetup(sb);
  const noHeader = { nulAt: -1, badAt: -1 };
  runRanges(ctx, src.file, sb, rangePlan(src, sb, ctx, 'infer'), cutRanges(sb.input, 0, true, setup), 0, noHeader, (r) => {
    for (const [name, g] of r.keyGuesses ?? []) want(name)?.merge(g);
  }, setup);
}

/** Load pass over one JSON source. */
export function loadJson(src: Source, ctx: LoadContext): FileSummary {
  const file = src.file;
  const fs = fileSummary(file, 'jsonl');
  const sb = sourceBytes(src);
  const layout = layoutOf(sb);
  if (!layout) emptyFile(file, sb);
  if (layout === 'array') {
    fs.format = 'json-array';
    loadArray(textOf(src, sb), file, ctx, fs);
    texts.delete(src);
    ctx.progress(sb.input.size, true);
    return fs;
  }
  const setup = rangeSetup(sb);
  const noHeader = { nulAt: -1, badAt: -1 };
  runRanges(ctx, file, sb, rangePlan(src, sb, ctx, 'load'), cutRanges(sb.input, 0, true, setup), 0, noHeader, (r, lineBase) => {
    applyRange(ctx, fs, file, r, lineBase);
  }, setup);
  ctx.progress(0, true);
  return fs;
}

/** A JSON array of objects, read as one text (errors in an array are never row-level: see jsonl.ts). */
function loadArray(text: string, file: string, ctx: LoadContext, fs: FileSummary): void {
  const { plan } = ctx;
  readJsonRecords(
    text,
    (rec, where) => {
      fs.read++;
      const row = ctx.emptyRow();
      for (let k = 0; k < rec.keys.length; k++) {
        const name = rec.keys[k]!;
        const j = plan.index.get(name);
        if (j === undefined) throw unknownColumnError(name, plan.table, suggestName(name, plan.knownNames), { file, ...where(rec.offsets[k]!) });
        const t = plan.schema[j]!.type;
        const v = jsonValueAt(rec.values[k], t, text, rec.offsets[k]!);
        if (isFailure(v)) {
          const shown = jsonShown(rec.values[k]!, text, rec.offsets[k]!);
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
}
