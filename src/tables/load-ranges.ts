// Loading a data file as byte ranges: where to cut it, running the ranges (in workers or inline), putting
// results back in file order, and the file-wide checks that must come first (NUL bytes, invalid UTF-8).
//
// CSV ranges are cut speculatively: a range starts after the first line break past its nominal cut, as
// if that break ended a record. The range before it parses on past its end to the first record boundary
// at or after that point; when the two agree (the common case) the guess was right, otherwise the break
// was inside a quoted field and the range is parsed again from the true boundary. Results are only used
// in file order, once the start of each is known to be right, so errors keep exact lines and columns.

import { closeSync, openSync, readSync } from 'node:fs';
import { KqlError } from '../diagnostics.js';
import { type ByteInput, releaseReadBuffer } from './byte-window.js';
import type { RangeEvent, RangeResult, RangeTask } from './csv-bytes.js';
import { encodingError } from './errors.js';
import type { RangePlan } from './jobs.js';
import type { FileSummary, LoadContext, Source } from './load-context.js';
import { defaultThreads, type Job, jobRunner, inlineRunner, tuning } from './parallel.js';
import { encodeWtf8, isWellFormed } from './string-pool.js';

/** The bytes of a source and how to treat them. */
export interface SourceBytes {
  input: ByteInput;
  /** Text from a JS string that holds lone surrogates (encoded as WTF-8). */
  wtf8: boolean;
  /** Check for NUL bytes and invalid UTF-8 (bytes from files; text given as a string is not checked). */
  checked: boolean;
}

const encoded = new WeakMap<object, SourceBytes>();

export function sourceBytes(src: Source): SourceBytes {
  if ('path' in src) return { input: { path: src.path, size: src.size }, wtf8: false, checked: true };
  const cached = encoded.get(src);
  if (cached) return cached;
  let out: SourceBytes;
  if (typeof src.data === 'string') {
    const ok = isWellFormed(src.data);
    const bytes = ok ? Buffer.from(src.data, 'utf8') : encodeWtf8(src.data);
    out = { input: { bytes, size: bytes.length }, wtf8: !ok, checked: false };
  } else out = { input: { bytes: src.data, size: src.data.length }, wtf8: false, checked: true };
  encoded.set(src, out);
  return out;
}

/** Read bytes [pos, pos + n) of an input (fewer at its end). */
export function readBytes(input: ByteInput, pos: number, n: number): Buffer {
  n = Math.max(0, Math.min(n, input.size - pos));
  if (input.bytes) return Buffer.from(input.bytes.buffer, input.bytes.byteOffset + pos, n);
  const buf = Buffer.allocUnsafe(n);
  const fd = openSync(input.path!, 'r');
  try {
    let got = 0;
    while (got < n) {
      const k = readSync(fd, buf, got, n - got, pos + got);
      if (k === 0) break;
      got += k;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Line and column of byte offset `off` (lines counted by LF; column in UTF-16 units, a leading BOM not counted). */
export function bytePositionIn(input: ByteInput, off: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const step = 8 << 20;
  for (let pos = 0; pos < off; pos += step) {
    const b = readBytes(input, pos, Math.min(step, off - pos));
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) {
      line++;
      lineStart = pos + i + 1;
    }
  }
  const head = readBytes(input, lineStart, off - lineStart);
  return { line, column: new TextDecoder('utf-8').decode(head).length + 1 };
}

/** KQL305 for the first NUL byte (any NUL wins, as a whole-file check would find it first), else the first invalid byte. */
export function encodingFailure(input: ByteInput, file: string, nulAt: number, badAt: number): KqlError | undefined {
  if (nulAt >= 0) {
    return encodingError('NUL byte in the file (is it UTF-16 or binary? save it as UTF-8)', { file, ...bytePositionIn(input, nulAt) });
  }
  if (badAt >= 0) {
    const hex = badAt >= input.size ? 'truncated sequence at the end' : `byte 0x${readBytes(input, badAt, 1)[0]!.toString(16).padStart(2, '0')}`;
    return encodingError(`invalid UTF-8 (${hex}); save the file as UTF-8`, { file, ...bytePositionIn(input, badAt) });
  }
  return undefined;
}

/** A range event as a KqlError; `lineBase` is the number of line breaks before the range. */
export function eventError(ev: RangeEvent, file: string, lineBase: number): KqlError {
  return new KqlError({ code: ev.code, kind: 'data', message: ev.message, file, line: lineBase + ev.line + 1, column: ev.column });
}

/** The first record boundary guessed at or after `cut`: just past the next line break (LF, CRLF or lone CR), or -1. */
function boundaryAfter(input: ByteInput, cut: number, end: number, lfOnly: boolean): number {
  const step = 1 << 16;
  for (let pos = cut; pos < end; pos += step) {
    const b = readBytes(input, pos, Math.min(step + 1, end - pos));
    for (let i = 0; i < b.length && pos + i < end; i++) {
      const c = b[i]!;
      if (c === 10) return pos + i + 1;
      if (c === 13 && !lfOnly) {
        if (i + 1 >= b.length) return pos + i + 1 >= end ? -1 : b[i + 1] === 10 ? pos + i + 2 : pos + i + 1;
        return b[i + 1] === 10 ? pos + i + 2 : pos + i + 1;
      }
    }
  }
  return -1;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Cut bytes [start, size) into spans, each starting after a line break. Spans shrink towards the end
 * (each about the rest divided by twice the thread count, between a quarter of `tuning.rangeBytes`, at
 * most 4 MB, and `tuning.rangeBytes`), so the threads are kept busy to the end with few spans in all.
 */
export function cutRanges(input: ByteInput, start: number, lfOnly: boolean, setup: RangeSetup): Span[] {
  const size = input.size;
  const starts = [start];
  if (setup.split) {
    const threads = setup.threads;
    const max = tuning.rangeBytes ?? (threads > 0 ? 64 << 20 : 512 << 20);
    const min = Math.min(max, Math.max(1, Math.min(4 << 20, max >> 2)));
    for (let at = start; ; ) {
      const want = Math.max(min, Math.min(max, Math.floor((size - at) / (2 * Math.max(1, threads)))));
      if (size - at <= want) break;
      const g = boundaryAfter(input, at + want, size, lfOnly);
      if (g < 0 || g >= size) break;
      starts.push(g);
      at = g;
    }
  }
  return starts.map((s, k) => ({ start: s, end: k + 1 < starts.length ? starts[k + 1]! : size }));
}

/** How one file is loaded: cut into ranges or not, and on how many worker threads (0: the calling thread). */
export interface RangeSetup {
  split: boolean;
  threads: number;
}

/** Files of `tuning.parallelMin` bytes or more are cut; ranges of files on disk go to worker threads when there are idle cores. */
export function rangeSetup(sb: SourceBytes): RangeSetup {
  const split = sb.input.size >= tuning.parallelMin;
  return { split, threads: split && sb.input.path ? (tuning.threads ?? defaultThreads()) : 0 };
}

/**
 * Run the ranges of one file and hand each result to `use` in file order with the number of line breaks
 * before it. A wrong speculative start is parsed again from the true boundary. After an error from `use`,
 * remaining ranges are only checked for bad bytes. NUL / invalid UTF-8 anywhere in the file (including
 * `headerCheck`) wins over any other error.
 */
export function runRanges(
  ctx: LoadContext,
  file: string,
  sb: SourceBytes,
  plan: RangePlan,
  spans: Span[],
  lineBase: number,
  headerCheck: { nulAt: number; badAt: number },
  use: (r: RangeResult, lineBase: number) => void,
  setup: RangeSetup,
): void {
  const input = sb.input;
  const results: (RangeResult | undefined)[] = new Array(spans.length);
  let nulAt = headerCheck.nulAt;
  let badAt = headerCheck.badAt;
  let next = 0;
  let expected = spans[0]?.start ?? 0;
  let line = lineBase;
  let failure: unknown;
  let failed = false;
  const queue: Job[] = [];
  const note = (r: RangeResult): void => {
    if (r.nulAt >= 0 && (nulAt < 0 || r.nulAt < nulAt)) nulAt = r.nulAt;
    if (r.badAt >= 0 && (badAt < 0 || r.badAt < badAt)) badAt = r.badAt;
  };
  const task = (start: number, limit: number, s: Span, check: boolean): RangeTask => ({
    input: setup.threads > 0 ? { path: input.path, size: input.size } : input,
    start,
    limit,
    checkFrom: check && sb.checked ? s.start : 0,
    checkTo: check && sb.checked ? s.end : 0,
    chunk: tuning.chunk,
  });
  const advance = (): void => {
    while (next < spans.length && results[next]) {
      const r = results[next]!;
      const idx = next;
      if (!failed && r.start !== expected) {
        // The guessed start was inside a quoted field: parse this range again from the true boundary.
        results[idx] = undefined;
        queue.unshift({
          plan,
          task: task(expected, spans[idx]!.end, spans[idx]!, false),
          done: (again) => {
            results[idx] = again;
            advance();
          },
        });
        return;
      }
      if (!failed) {
        try {
          use(r, line);
        } catch (e) {
          failure = e;
          failed = true;
          // The rest only needs its bytes checked.
          for (const j of queue) j.task = { ...j.task, limit: j.task.start };
        }
      }
      ctx.progress(spans[idx]!.end - spans[idx]!.start);
      line += r.lines;
      expected = r.stop;
      results[idx] = undefined;
      next++;
    }
  };
  spans.forEach((s, idx) =>
    queue.push({
      plan,
      task: task(s.start, s.end, s, true),
      done: (r) => {
        note(r);
        results[idx] = r;
        advance();
      },
    }),
  );
  const runner = setup.threads > 0 ? jobRunner(setup.threads) : inlineRunner;
  try {
    runner.drive(queue, (inFlight) => ctx.progress(0, false, inFlight));
  } finally {
    releaseReadBuffer();
  }
  const bad = sb.checked ? encodingFailure(input, file, nulAt, badAt) : undefined;
  if (bad) throw bad;
  if (failed) throw failure;
}

/**
 * Account for one loaded range, in file order: its rejected rows and nulled values (which may end the
 * load: maxErrors), a fatal error, then its rows.
 */
export function applyRange(ctx: LoadContext, fs: FileSummary, file: string, r: RangeResult, lineBase: number): void {
  fs.read += r.read;
  let nullEvents = 0;
  for (const ev of r.events) {
    const err = eventError(ev, file, lineBase);
    if (ev.kind === 'null') {
      nullEvents++;
      ctx.nulled(err);
    } else ctx.reject(err, fs);
  }
  ctx.summary.nulled += r.nulled - nullEvents;
  if (r.fatal) throw eventError(r.fatal, file, lineBase);
  ctx.addParts(r.parts, r.rows, fs);
}
