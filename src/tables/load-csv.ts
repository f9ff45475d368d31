// CSV files into a table load: the header row names the columns (mapped onto the plan's schema), every
// later record becomes one row, converted cell by cell; plus the inference pass over the same records.
// The records are read as bytes in ranges (in parallel for large files, see load-ranges.ts); strings are
// interned by their bytes, so a cell becomes a JS string only when a value must be parsed from text.

import { isUtf8 } from 'node:buffer';
import type { KqlError } from '../diagnostics.js';
import { ByteWindow } from './byte-window.js';
import { BAD_CSV, CsvScanner, type CsvRangePlan, lineBreakAt, NEED_MORE, unquote, unquotedLength } from './csv-bytes.js';
import { findInvalidUtf8 } from './decode.js';
import { csvSyntaxError, DataCode, dataWarning, duplicateColumnError, emptyFileError, unknownColumnError } from './errors.js';
import type { ColumnGuess } from './infer.js';
import { fileSummary, type FileSummary, type LoadContext, type Source } from './load-context.js';
import { applyRange, cutRanges, encodingFailure, eventError, rangeSetup, runRanges, type SourceBytes, sourceBytes } from './load-ranges.js';
import { decodeText, Kind, kindOf, utf16Length } from './sinks.js';
import { suggestName } from './suggest.js';

/** The header record: field texts and positions, where the data starts, and bad bytes seen in it. */
interface Header {
  names: string[];
  unnamed: boolean[];
  positions: { line: number; column: number }[];
  /** Offset after the header record, and line breaks before that offset. */
  end: number;
  lines: number;
  nulAt: number;
  badAt: number;
}

/** Check bytes [a, b) of buf (file offset `base`) for a NUL or invalid UTF-8. */
function checkBytes(buf: Buffer, a: number, b: number, base: number): { nulAt: number; badAt: number } {
  const seg = buf.subarray(a, b);
  const z = seg.indexOf(0);
  if (z >= 0) return { nulAt: base + a + z, badAt: -1 };
  if (isUtf8(seg)) return { nulAt: -1, badAt: -1 };
  const k = findInvalidUtf8(seg);
  return { nulAt: -1, badAt: base + a + (k < 0 ? seg.length : k) };
}

/**
 * Read the header record. Names are trimmed; an empty name (the pandas index column) becomes `Column<N>`.
 * Throws KQL301/KQL306/KQL308 (after making sure the file has no bad bytes, which are reported first).
 */
function readHeader(file: string, sb: SourceBytes): Header {
  const win = new ByteWindow(sb.input, 0, 0, 0, 1 << 16);
  try {
    let i = win.len >= 3 && win.buf[0] === 0xef && win.buf[1] === 0xbb && win.buf[2] === 0xbf ? 3 : 0;
    let lines = 0;
    const scan = new CsvScanner();
    scan.wtf8 = sb.wtf8;
    for (;;) {
      if (i >= win.len) {
        if (win.eof) return fail(emptyFileError('the file is empty: a CSV file needs a header row', { file, line: 1, column: 1 }));
        i -= win.more(i);
        continue;
      }
      const lb = lineBreakAt(win.buf, i, win.len, win.eof);
      if (lb === NEED_MORE) {
        i -= win.more(i);
        continue;
      }
      if (lb === 0) break;
      i += lb;
      lines++;
    }
    let next = scan.record(win.buf, i, win.len, win.eof);
    while (next === NEED_MORE) {
      i -= win.more(i);
      next = scan.record(win.buf, i, win.len, win.eof);
    }
    const b = win.buf;
    const where = (off: number): { line: number; column: number } => {
      let line = lines + 1;
      let ls = i;
      for (let k = b.indexOf(10, i); k >= 0 && k < off; k = b.indexOf(10, k + 1)) {
        line++;
        ls = k + 1;
      }
      return { line, column: utf16Length(b, ls, off) + 1 };
    };
    if (next === BAD_CSV) return fail(csvSyntaxError(scan.errMessage, { file, ...where(scan.errAt) }));
    const check = sb.checked ? checkBytes(b, 0, next, win.base) : { nulAt: -1, badAt: -1 };
    const h: Header = { names: [], unnamed: [], positions: [], end: win.base + next, lines: lines + scan.nl + scan.term, ...check };
    const seen = new Map<string, number>();
    let scratch: Buffer = Buffer.allocUnsafe(256);
    for (let k = 0; k < scan.nf; k++) {
      let s = scan.fs[k]!;
      let e = scan.fe[k]!;
      let src: Buffer = b;
      if (scan.fq[k]! & 2) {
        src = scratch = unquote(b, s, e, scratch);
        e = unquotedLength;
        s = 0;
      }
      const t = decodeText(src, s, e, sb.wtf8).trim();
      const name = t === '' ? `Column${k + 1}` : t;
      const pos = where(scan.fq[k]! & 1 ? scan.fs[k]! - 1 : scan.fs[k]!);
      const before = seen.get(name);
      if (before !== undefined) return fail(duplicateColumnError(name, { file, ...pos }, [before + 1, k + 1]), h);
      seen.set(name, k);
      h.names.push(name);
      h.unnamed.push(t === '');
      h.positions.push(pos);
    }
    return h;
  } finally {
    win.close();
  }

  /** Throw `err`, unless the file has bad bytes somewhere: those are reported first. */
  function fail(err: KqlError, h?: Header): never {
    throw (sb.checked && badBytes(file, sb, h)) || err;
  }
}

/** KQL305 for the file's first bad bytes, or undefined (reads the whole file: only used on error paths). */
function badBytes(file: string, sb: SourceBytes, h?: Header): KqlError | undefined {
  if (h && (h.nulAt >= 0 || h.badAt >= 0)) return encodingFailure(sb.input, file, h.nulAt, h.badAt);
  const win = new ByteWindow(sb.input, 0, 0, sb.input.size);
  try {
    win.checkRest();
    return encodingFailure(sb.input, file, win.nulAt, win.badAt);
  } finally {
    win.close();
  }
}

function basePlan(file: string, sb: SourceBytes, ctx: LoadContext, h: Header): Omit<CsvRangePlan, 'mode' | 'targets' | 'kinds'> {
  return {
    format: 'csv',
    file,
    names: ctx.plan.schema.map((c) => c.name),
    types: ctx.plan.schema.map((c) => c.type),
    nfields: h.names.length,
    maxErrors: ctx.maxErrorCount,
    nullBad: ctx.nullBadValues,
    wtf8: sb.wtf8,
  };
}

/** Inference pass: offer every cell of each wanted column to its guess. Ragged rows are left to the load pass. */
export function inferCsv(src: Source, ctx: LoadContext, want: (name: string) => ColumnGuess | undefined): void {
  const sb = sourceBytes(src);
  const h = readHeader(src.file, sb);
  const guesses = h.names.map(want);
  const plan: CsvRangePlan = {
    ...basePlan(src.file, sb, ctx, h),
    mode: 'infer',
    targets: h.names.map(() => -1),
    kinds: h.names.map(() => Kind.Skip),
    infer: guesses.map((g) => g !== undefined),
  };
  const setup = rangeSetup(sb);
  runRanges(ctx, src.file, sb, plan, cutRanges(sb.input, h.end, false, setup), h.lines, h, (r, lineBase) => {
    if (r.fatal) throw eventError(r.fatal, src.file, lineBase);
    r.guesses.forEach((g, k) => {
      if (g) guesses[k]!.merge(g);
    });
  }, setup);
  ctx.progress(h.end);
}

/** Load pass over one CSV source. */
export function loadCsv(src: Source, ctx: LoadContext): FileSummary {
  const { plan } = ctx;
  const file = src.file;
  const fs = fileSummary(file, 'csv');
  const sb = sourceBytes(src);
  const h = readHeader(file, sb);
  const targets: number[] = [];
  const kinds: number[] = [];
  const warnings: KqlError[] = [];
  for (let k = 0; k < h.names.length; k++) {
    const name = h.names[k]!;
    const idx = plan.index.get(name);
    if (idx !== undefined) {
      targets.push(idx);
      kinds.push(kindOf(plan.schema[idx]!.type));
    } else if (h.unnamed[k]) {
      targets.push(-1);
      kinds.push(Kind.Skip);
      warnings.push(dataWarning(DataCode.ignoredColumn, `ignored column ${k + 1}: its header is empty (a pandas index?) and the schema of '${plan.table}' is known`, { file, ...h.positions[k]! }));
    } else {
      const err = unknownColumnError(name, plan.table, suggestName(name, plan.knownNames), { file, ...h.positions[k]! });
      throw (sb.checked && badBytes(file, sb, h)) || err;
    }
  }
  const rangePlan: CsvRangePlan = { ...basePlan(file, sb, ctx, h), mode: 'load', targets, kinds };
  const setup = rangeSetup(sb);
  let warned = false;
  runRanges(ctx, file, sb, rangePlan, cutRanges(sb.input, h.end, false, setup), h.lines, h, (r, lineBase) => {
    if (!warned) {
      for (const w of warnings) ctx.warn(w);
      warned = true;
    }
    applyRange(ctx, fs, file, r, lineBase);
  }, setup);
  if (!warned) for (const w of warnings) ctx.warn(w);
  ctx.progress(h.end, true);
  return fs;
}
