// RFC 4180 CSV over UTF-8 bytes: a record scanner that records where each field's bytes are (no strings
// are made for fields), and the loader of one byte range of a CSV file: it converts cells into column
// sinks, interns strings by their bytes, and reports row errors with positions relative to the range.
// The rules are the ones CsvReader (csv.ts) implements on text; both must agree.

import { ColumnGuess, type GuessState } from './infer.js';
import { ByteWindow, type ByteInput } from './byte-window.js';
import { convertCell, decodeText, Kind, pendingGuid, Sink, type ColumnPart, utf16Length } from './sinks.js';
import { quoteShort } from './errors.js';
import { decodeWtf8, HASH_SEED, hashFinish, hashWord, viewOf } from './string-pool.js';
import type { ScalarType } from '../types.js';

/** Scanner results besides a next offset. */
export const NEED_MORE = -1;
export const BAD_CSV = -2;

/** Tokenizes one record at a time; field k is bytes [fs[k], fe[k]) with flags fq[k] (1 quoted, 2 holds `""`). */
export class CsvScanner {
  fs = new Int32Array(64);
  fe = new Int32Array(64);
  fq = new Uint8Array(64);
  /** Unquoted fields: hashBytes of the field (computed while scanning). */
  fh = new Int32Array(64);
  private lastBuf: Uint8Array | null = null;
  private dv: DataView = new DataView(new ArrayBuffer(0));
  nf = 0;
  /** Line breaks inside quoted fields of the last record, and whether it ended with a line break (0/1). */
  nl = 0;
  term = 0;
  /** The bytes are WTF-8 (text from a JS string with lone surrogates). */
  wtf8 = false;
  /** After BAD_CSV: the message and the offset it points at. */
  errMessage = '';
  errAt = 0;

  private growFields(): void {
    const n = this.fs.length * 2;
    const fs = new Int32Array(n);
    fs.set(this.fs);
    this.fs = fs;
    const fe = new Int32Array(n);
    fe.set(this.fe);
    this.fe = fe;
    const fq = new Uint8Array(n);
    fq.set(this.fq);
    this.fq = fq;
    const fh = new Int32Array(n);
    fh.set(this.fh);
    this.fh = fh;
  }

  /**
   * Tokenize the record starting at i (not on a blank line). Returns the offset after it (after its line
   * break), NEED_MORE when the bytes end before the record does (and `final` is false), or BAD_CSV.
   */
  record(b: Uint8Array, i: number, len: number, final: boolean): number {
    let nf = 0;
    let nl = 0;
    if (b !== this.lastBuf) {
      this.lastBuf = b;
      this.dv = viewOf(b);
    }
    const dv = this.dv;
    const wordEnd = len - 3;
    let { fs, fe, fq, fh } = this;
    for (;;) {
      if (nf === fs.length) {
        this.growFields();
        ({ fs, fe, fq, fh } = this);
      }
      if (i < len && b[i] === 34) {
        const open = i;
        let flags = 1;
        let j = i + 1;
        for (;;) {
          // To the next quote: four bytes at a time while a word has neither `"` nor LF (line breaks
          // inside the field are counted), then byte by byte through the word that has one.
          scan: for (;;) {
            while (j < wordEnd) {
              const w = dv.getInt32(j, true);
              const x = w ^ 0x22222222;
              const y = w ^ 0x0a0a0a0a;
              if ((((x - 0x01010101) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) break;
              j += 4;
            }
            const stop = j + 4 < len ? j + 4 : len;
            for (; j < stop; j++) {
              const c = b[j]!;
              if (c === 34) break scan;
              if (c === 10) nl++;
            }
            if (j >= len) break;
          }
          if (j >= len || (j + 1 === len && !final)) {
            if (!final) return NEED_MORE;
            return this.fail('unterminated quoted field (the opening quote is here)', open);
          }
          // (Past `len` the window may hold older bytes of the file: a closing quote at the end is final.)
          if (j + 1 < len && b[j + 1] === 34) {
            flags = 3;
            j += 2;
            continue;
          }
          break;
        }
        fs[nf] = open + 1;
        fe[nf] = j;
        fq[nf] = flags;
        nf++;
        i = j + 1;
        if (i < len) {
          const c = b[i]!;
          if (c !== 44 && c !== 10 && c !== 13) {
            // The message shows the character: read on when the bytes end inside it.
            if (c >= 0xc0 && !final && i + sequenceLength(c) > len) return NEED_MORE;
            return this.fail(`unexpected ${JSON.stringify(firstUnit(b, i, len, this.wtf8))} after a closing quote (a quote inside a quoted field is written "")`, i);
          }
        }
      } else {
        // Four bytes at a time while no byte is below 45 (`,` `"` CR LF all are), hashing as we go.
        let j = i;
        let h = HASH_SEED;
        while (j < wordEnd) {
          const w = dv.getInt32(j, true);
          if (((w - 0x2d2d2d2d) & ~w & 0x80808080) !== 0) {
            const c0 = w & 255;
            const c1 = (w >>> 8) & 255;
            const c2 = (w >>> 16) & 255;
            const c3 = w >>> 24;
            if (c0 === 44 || c0 === 10 || c0 === 13 || c0 === 34) break;
            if (c1 === 44 || c1 === 10 || c1 === 13 || c1 === 34) break;
            if (c2 === 44 || c2 === 10 || c2 === 13 || c2 === 34) break;
            if (c3 === 44 || c3 === 10 || c3 === 13 || c3 === 34) break;
          }
          h = hashWord(h, w);
          j += 4;
        }
        const hashedTo = j;
        for (; j < len; j++) {
          const c = b[j]!;
          if (c <= 44 && (c === 44 || c === 10 || c === 13 || c === 34)) break;
        }
        if (j < len && b[j] === 34) return this.fail('quote inside an unquoted field (enclose the field in quotes and write the quote as "")', j);
        if (j >= len && !final) return NEED_MORE;
        fs[nf] = i;
        fe[nf] = j;
        fq[nf] = 0;
        fh[nf] = hashFinish(h, dv, b, i, hashedTo, j);
        nf++;
        i = j;
      }
      if (i >= len) {
        if (!final) return NEED_MORE;
        this.nf = nf;
        this.nl = nl;
        this.term = 0;
        return i;
      }
      const c = b[i]!;
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) {
        if (i + 1 >= len && !final) return NEED_MORE;
        i += i + 1 < len && b[i + 1] === 10 ? 2 : 1;
      } else i++;
      this.nf = nf;
      this.nl = nl;
      this.term = 1;
      return i;
    }
  }

  private fail(message: string, at: number): number {
    this.errMessage = message;
    this.errAt = at;
    return BAD_CSV;
  }
}

/** Bytes of the UTF-8 sequence that starts with lead byte c (0x80 or more). */
function sequenceLength(c: number): number {
  return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
}

/** The first UTF-16 unit of the character at bytes[i] (what `text[i]` gives on the decoded text). */
function firstUnit(b: Uint8Array, i: number, len: number, wtf8: boolean): string {
  const c = b[i]!;
  if (c < 0x80) return String.fromCharCode(c);
  const n = Math.min(sequenceLength(c), len - i);
  return (wtf8 ? decodeWtf8(b, i, i + n) : Buffer.from(b.buffer, b.byteOffset + i, n).toString('utf8')).charAt(0);
}

/**
 * Blank-line handling before a record: the length of the line break at i (1 or 2), 0 when i does not
 * start a line break, or NEED_MORE when a CR is the last byte and more may follow.
 */
export function lineBreakAt(b: Uint8Array, i: number, len: number, final: boolean): number {
  const c = b[i];
  if (c === 10) return 1;
  if (c !== 13) return 0;
  if (i + 1 >= len) return final ? 1 : NEED_MORE;
  return b[i + 1] === 10 ? 2 : 1;
}

/** Bytes written by the last {@link unquote}. */
export let unquotedLength = 0;

/** Unescape a quoted field's `""` pairs into `out` (a larger buffer is returned when it is too small). */
export function unquote(b: Uint8Array, s: number, e: number, out: Buffer): Buffer {
  if (out.length < e - s) out = Buffer.allocUnsafe(Math.max(e - s, out.length * 2));
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    out[n++] = c;
    if (c === 34) i++;
  }
  unquotedLength = n;
  return out;
}

/** A row-level or fatal problem found in a range; line is relative to the range's first line (0-based). */
export interface RangeEvent {
  kind: 'reject' | 'null' | 'fatal';
  code: string;
  message: string;
  line: number;
  column: number;
}

/** What a range loader needs to know about the table (plain data: it is posted to workers). */
export interface CsvRangePlan {
  format: 'csv';
  mode: 'load' | 'infer';
  file: string;
  /** Per file column: the schema column it fills (-1: ignored) and how its cells convert. */
  targets: number[];
  kinds: number[];
  /** Schema column names and types (for messages). */
  names: string[];
  types: ScalarType[];
  /** Header field count (a row with another count is ragged). */
  nfields: number;
  maxErrors: number;
  nullBad: boolean;
  /** Text that came from a JS string: decode with lone surrogates. */
  wtf8: boolean;
  /** Infer mode: the file columns whose values are guessed at. */
  infer?: boolean[];
}

export interface RangeTask {
  input: ByteInput;
  /** First record starts here; parsing ends at the first record boundary at or after `limit`. */
  start: number;
  limit: number;
  /** Bytes [checkFrom, checkTo) are checked for NUL / invalid UTF-8. */
  checkFrom: number;
  checkTo: number;
  /** Read size (tests use small ones). */
  chunk?: number;
}

export interface RangeResult {
  start: number;
  /** Where parsing stopped: the record boundary at or after `limit` (or where a fatal error stopped it). */
  stop: number;
  /** Line breaks consumed between start and stop. */
  lines: number;
  rows: number;
  read: number;
  rejected: number;
  nulled: number;
  /** Rejected rows (the first maxErrors + 1) and nulled values (the first 100), in file order. */
  events: RangeEvent[];
  fatal: RangeEvent | null;
  nulAt: number;
  badAt: number;
  /** Per schema column: the rows of this range (load mode). */
  parts: (ColumnPart | null)[];
  /** Infer mode: per file column (CSV). */
  guesses: (GuessState | null)[];
  /** Infer mode (JSON Lines): keys the plan lacks, first seen first, with what their values suggest. */
  keyGuesses?: [string, GuessState][];
}

/** Line (relative) and column of byte offset `off` inside a record that starts at recStart on line recLine. */
function position(b: Uint8Array, recStart: number, recLine: number, off: number): { line: number; column: number } {
  let line = recLine;
  let lineStart = recStart;
  for (let i = b.indexOf(10, recStart); i >= 0 && i < off; i = b.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: utf16Length(b, lineStart, off) + 1 };
}

/**
 * Once a range is some rows in: give dictionaries that grow with every row (hashes, ids, command lines)
 * room for the whole range at once, so they do not rehash and copy their bytes a dozen times.
 */
export function presize(sinks: readonly (Sink | null)[], rows: number, bytesSoFar: number, rangeBytes: number, cap: number): number {
  if (bytesSoFar <= 0) return cap;
  const expect = Math.ceil((rows * rangeBytes * 1.1) / bytesSoFar);
  if (expect > cap) {
    for (const s of sinks) s?.resizeTo(expect);
    cap = expect;
  }
  for (const s of sinks) {
    const d = s?.dict;
    if (!d || d.count * 2 < rows) continue;
    // Nearly all new: store values as they come (the merge into the table's dictionary dedupes them).
    if (d.count * 10 >= rows * 9) d.startAppending();
    const per = d.appendOnly ? 1 : d.count / rows;
    d.reserve(Math.ceil(expect * per), Math.ceil(((d.byteLength / rows) * expect) / 1.06));
  }
  return cap;
}

/** Initial rows of a range's sinks. */
const SINK_ROWS = 4096;

/** Load (or infer over) the records of one byte range of a CSV file. */
export function loadCsvRange(plan: CsvRangePlan, task: RangeTask, onBytes?: (n: number) => void): RangeResult {
  const win = new ByteWindow(task.input, task.start, task.checkFrom, task.checkTo, task.chunk, onBytes);
  try {
    return run(plan, task, win);
  } finally {
    win.close();
  }
}

function run(plan: CsvRangePlan, task: RangeTask, win: ByteWindow): RangeResult {
  const { kinds, targets, nfields, maxErrors, nullBad, wtf8 } = plan;
  const infer = plan.mode === 'infer';
  const nSchema = plan.names.length;
  const sinks: (Sink | null)[] = kinds.map((k, i) => (infer || k === Kind.Skip ? null : new Sink(k, plan.types[targets[i]!]!, SINK_ROWS)));
  const guesses = infer ? plan.infer!.map((w) => (w ? new ColumnGuess() : null)) : [];
  const pending: (string | null)[] = kinds.map(() => null);
  const strCols: number[] = [];
  const otherCols: number[] = [];
  kinds.forEach((k, i) => {
    if (k === Kind.String) strCols.push(i);
    else if (k !== Kind.Skip) otherCols.push(i);
  });
  const res: RangeResult = {
    start: task.start,
    stop: task.start,
    lines: 0,
    rows: 0,
    read: 0,
    rejected: 0,
    nulled: 0,
    events: [],
    fatal: null,
    nulAt: -1,
    badAt: -1,
    parts: [],
    guesses: [],
  };
  const scan = new CsvScanner();
  scan.wtf8 = wtf8;
  let scratch: Buffer = Buffer.allocUnsafe(1024);
  let n = 0;
  /** Rows every sink has room for (they all grow together). */
  let cap = SINK_ROWS;
  let line = 0;
  let i = task.start - win.base;
  const limit = task.limit;
  let stopped = false;

  const event = (kind: RangeEvent['kind'], code: string, message: string, recStart: number, recLine: number, off: number): RangeEvent => {
    const p = off < 0 ? { line: recLine, column: 1 } : position(win.buf, recStart, recLine, off);
    return { kind, code, message, line: p.line, column: p.column };
  };
  const reject = (ev: RangeEvent): void => {
    res.rejected++;
    if (res.events.length <= maxErrors + 100) res.events.push(ev);
    if (res.rejected > maxErrors) stopped = true;
  };

  outer: while (!stopped) {
    // Blank lines, one at a time (each is a record boundary).
    for (;;) {
      if (win.base + i >= limit) break outer;
      if (i >= win.len) {
        if (win.eof) break outer;
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
      line++;
    }
    let next = scan.record(win.buf, i, win.len, win.eof);
    while (next === NEED_MORE) {
      i -= win.more(i);
      next = scan.record(win.buf, i, win.len, win.eof);
    }
    const b = win.buf;
    const recStart = i;
    const recLine = line;
    if (next === BAD_CSV) {
      res.fatal = event('fatal', 'KQL301', scan.errMessage, recStart, recLine, scan.errAt);
      break;
    }
    i = next;
    line += scan.nl + scan.term;
    res.read++;
    const nf = scan.nf;
    if (nf !== nfields) {
      if (infer) continue; // ragged rows are left to the load pass
      reject(event('reject', 'KQL304', `row has ${nf} field${nf === 1 ? '' : 's'}, the header has ${nfields}`, recStart, recLine, -1));
      continue;
    }
    const { fs, fe, fq, fh } = scan;
    if (infer) {
      for (let k = 0; k < nf; k++) {
        const g = guesses[k];
        if (!g || g.isText) continue;
        let s = fs[k]!;
        let e = fe[k]!;
        let src: Buffer = b as Buffer;
        if (fq[k]! & 2) {
          src = scratch = unquote(b, s, e, scratch);
          e = unquotedLength;
          s = 0;
        }
        g.addText(decodeText(src, s, e, wtf8));
      }
      continue;
    }
    if (n >= cap) {
      for (const sk of sinks) sk?.capacity(n);
      cap = Math.max(cap * 2, n + 1);
    }
    // Typed cells first: a row that fails is dropped before any of its strings are interned.
    let ok = true;
    for (let x = 0; x < otherCols.length; x++) {
      const k = otherCols[x]!;
      const sink = sinks[k]!;
      let s = fs[k]!;
      let e = fe[k]!;
      let src: Buffer = b as Buffer;
      if (fq[k]! & 2) {
        src = scratch = unquote(b, s, e, scratch);
        e = unquotedLength;
        s = 0;
      }
      const reason = convertCell(sink, n, src, s, e, wtf8);
      if (sink.kind === Kind.Guid) pending[k] = pendingGuid;
      if (reason === null) continue;
      const j = targets[k]!;
      const text = decodeText(src, s, e, wtf8);
      const msg = `column '${plan.names[j]}' (field ${k + 1}): ${quoteShort(text)} is not a valid ${plan.types[j]}: ${reason}`;
      const off = fq[k]! & 1 ? fs[k]! - 1 : fs[k]!;
      if (nullBad) {
        res.nulled++;
        if (res.nulled <= 100) res.events.push(event('null', 'KQL302', msg, recStart, recLine, off));
        sink.setNull(n);
        if (sink.kind === Kind.Guid) pending[k] = null;
      } else {
        reject(event('reject', 'KQL302', msg, recStart, recLine, off));
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (let x = 0; x < otherCols.length; x++) {
      const k = otherCols[x]!;
      const sink = sinks[k]!;
      if (sink.kind !== Kind.Guid) continue;
      const g = pending[k];
      sink.codes[n] = g === null || g === undefined ? -1 : sink.dict!.addString(g);
    }
    for (let x = 0; x < strCols.length; x++) {
      const k = strCols[x]!;
      const sink = sinks[k]!;
      const s = fs[k]!;
      const e = fe[k]!;
      const q = fq[k]!;
      if (wtf8) {
        // Text from a JS string with lone surrogates: keep each value exactly as its JS string.
        let src: Buffer = b as Buffer;
        let a = s;
        let z = e;
        if (q & 2) {
          src = scratch = unquote(b, s, e, scratch);
          a = 0;
          z = unquotedLength;
        }
        sink.codes[n] = sink.dict!.addString(decodeText(src, a, z, true));
      } else if (q === 0) sink.codes[n] = sink.dict!.add(b, s, e, fh[k]!);
      else if (q & 2 && sink.dict!.appendOnly) sink.codes[n] = sink.dict!.appendUnquoted(b, s, e);
      else if (q & 2) {
        scratch = unquote(b, s, e, scratch);
        sink.codes[n] = sink.dict!.add(scratch, 0, unquotedLength);
      } else sink.codes[n] = sink.dict!.add(b, s, e);
    }
    n++;
    if (n === SINK_ROWS) cap = presize(sinks, n, win.base + i - task.start, limit - task.start, cap);
  }
  res.stop = win.base + i;
  res.lines = line;
  res.rows = n;
  win.checkRest();
  res.nulAt = win.nulAt;
  res.badAt = win.badAt;
  if (infer) res.guesses = guesses.map((g) => (g ? g.state() : null));
  else {
    res.parts = new Array(nSchema).fill(null);
    sinks.forEach((s, k) => {
      if (s) res.parts[targets[k]!] = s.part(n);
    });
  }
  return res;
}
