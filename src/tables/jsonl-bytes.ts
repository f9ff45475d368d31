// JSON Lines over UTF-8 bytes: the loader of one byte range (whole lines) of a JSON Lines file. A line in
// the usual shape (an object of known keys with plain values) is read straight from its bytes: strings
// are interned by their bytes and cells convert like CSV cells. Any other line (bad JSON, a duplicate or
// unknown key, a value that does not fit, a lone surrogate escape) is decoded and read by the text reader
// of jsonl.ts, so errors and edge cases follow exactly one definition.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { ByteWindow } from './byte-window.js';
import { isFailure, jsonShown, jsonValueAt, jsonValueToType } from './convert.js';
import { presize, type RangeEvent, type RangeResult, type RangeTask } from './csv-bytes.js';
import { badValueError, unknownColumnError } from './errors.js';
import { ColumnGuess } from './infer.js';
import { DEFAULT_MAX_DEPTH, readJsonValue } from './json-value.js';
import { readJsonLine } from './jsonl.js';
import { convertCell, decodeText, Kind, pendingGuid, Sink } from './sinks.js';
import { ByteDict, HASH_SEED, hashFinish, hashWord, sameBytes, viewOf } from './string-pool.js';
import { suggestName } from './suggest.js';

/** What a JSON Lines range loader needs to know about the table (plain data: it is posted to workers). */
export interface JsonlRangePlan {
  format: 'jsonl';
  mode: 'load' | 'infer';
  file: string;
  table: string;
  /** Schema columns (keys name them) and how their values convert. */
  names: string[];
  types: ScalarType[];
  kinds: number[];
  /** Known schema names, for "did you mean" suggestions. */
  knownNames: string[];
  maxErrors: number;
  nullBad: boolean;
  wtf8: boolean;
  /** Read usual lines from their bytes (false: all through the text reader). */
  fast: boolean;
}

const EMPTY = new Uint8Array(0);
/** Pending string values of the line being read: where their bytes are. */
const FROM_LINE = 0;
const FROM_SCRATCH = 1;
const FROM_TEXT = 2;
const FROM_NULL = 3;
const FROM_LINE_HASHED = 4;
/** An escaped value whose code is known from its raw bytes (pendS holds the code). */
const FROM_CODE = 5;
/** An escaped value unescaped onto the scratch buffer, to be remembered by its raw bytes (pendH, pendRawEnd, pendRawHash). */
const FROM_SCRATCH_RAW = 6;
/** Most escaped values remembered per column and range. */
const RAW_CACHE_MAX = 1 << 16;

/** Load (or infer over) the lines of one byte range of a JSON Lines file. */
export function loadJsonlRange(plan: JsonlRangePlan, task: RangeTask, onBytes?: (n: number) => void): RangeResult {
  const win = new ByteWindow(task.input, task.start, task.checkFrom, task.checkTo, task.chunk, onBytes);
  try {
    return new JsonlRange(plan, task, win).run();
  } finally {
    win.close();
  }
}

class JsonlRange {
  private readonly sinks: (Sink | null)[];
  /** Columns that have a sink, in creation order. */
  private live: number[] = [];
  private readonly seen: Int32Array;
  private stamp = 0;
  private n = 0;
  private cap = 4096;
  private readonly keys = new ByteDict();
  private readonly keyBytes: Uint8Array[];
  /** All keys' bytes end to end (key j is keyAll[keyStart[j], keyStart[j + 1])). */
  private readonly keyAll: Buffer;
  private readonly keyView: DataView;
  private readonly keyStart: Int32Array;
  private keyCache = new Int32Array(64).fill(-1);
  private readonly byName: Map<string, number>;
  /** Unescaped strings of the current line. */
  private scratch: Buffer = Buffer.allocUnsafe(4096);
  private scratchLen = 0;
  /** Pending string cells of the current line: column, source, start, end; text ones in pendingText. */
  private pendCol = new Int32Array(64);
  private pendSrc = new Uint8Array(64);
  private pendS = new Int32Array(64);
  private pendE = new Int32Array(64);
  /** FROM_LINE_HASHED: the hash; FROM_SCRATCH_RAW: where the raw (escaped) bytes start in the line. */
  private pendH = new Int32Array(64);
  /** FROM_SCRATCH_RAW: where the raw bytes end, and their hash. */
  private pendRawEnd = new Int32Array(64);
  private pendRawHash = new Int32Array(64);
  private pendText: (string | null)[] = [];
  private npend = 0;
  private readonly res: RangeResult;
  private guesses = new Map<string, ColumnGuess>();
  /** End of the current line in the window (for presizing). */
  private lineEnd = 0;
  private dv: DataView = new DataView(new ArrayBuffer(0));
  private dvOf: Uint8Array | null = null;
  /**
   * The line template: the key order of a recent line written without spaces. Entry x is column
   * tmplCol[x], preceded by the bytes tmplBytes[tmplStart[x], tmplStart[x + 1]) (`{"Key":` or `,"Key":`).
   */
  private tmplCol = new Int32Array(0);
  private tmplBytes: Uint8Array = EMPTY;
  private tmplView: DataView = new DataView(new ArrayBuffer(0));
  private tmplStart = new Int32Array(1);
  /** Live columns the template lacks (each line gets their default), worked out for tmplLive live columns. */
  private tmplMissing: number[] = [];
  private tmplLive = -1;
  private tmplHits = 0;
  private tmplMisses = 0;
  /**
   * Per column with looked-up strings: escaped values as written (their raw bytes) and the code each
   * unescapes to, so that a repeated escaped value (a Windows path) is neither unescaped nor hashed twice.
   */
  private raw: (ByteDict | null)[] = [];
  private rawCode: (Int32Array | null)[] = [];

  constructor(
    private readonly plan: JsonlRangePlan,
    private readonly task: RangeTask,
    private readonly win: ByteWindow,
  ) {
    const m = plan.names.length;
    this.sinks = new Array<Sink | null>(m).fill(null);
    this.seen = new Int32Array(m);
    this.keyBytes = plan.names.map((name) => Buffer.from(name, 'utf8'));
    for (const b of this.keyBytes) this.keys.add(b, 0, b.length);
    this.keyAll = Buffer.concat(this.keyBytes);
    this.keyView = viewOf(this.keyAll);
    this.keyStart = new Int32Array(m + 1);
    for (let j = 0; j < m; j++) this.keyStart[j + 1] = this.keyStart[j]! + this.keyBytes[j]!.length;
    this.byName = new Map(plan.names.map((name, j) => [name, j]));
    this.res = {
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
  }

  run(): RangeResult {
    const { win, task, res } = this;
    const infer = this.plan.mode === 'infer';
    let i = task.start - win.base;
    let line = 0;
    while (win.base + i < task.limit && res.fatal === null && res.rejected <= this.plan.maxErrors) {
      if (i >= win.len) {
        if (win.eof) break;
        i -= win.more(i);
        continue;
      }
      let le = win.buf.indexOf(10, i);
      if (le < 0 || le >= win.len) {
        if (!win.eof) {
          i -= win.more(i);
          continue;
        }
        le = win.len;
      }
      const b = win.buf;
      let s = i;
      if (win.base + i === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) s = 3; // a BOM is not a column
      const end = le > s && b[le - 1] === 13 ? le - 1 : le;
      this.lineEnd = le;
      let p = s;
      while (p < end && (b[p] === 32 || b[p] === 9 || b[p] === 13)) p++;
      if (p < end) {
        if (infer) this.inferLine(b, s, end);
        else {
          res.read++;
          if (this.n >= this.cap) this.grow();
          if (!this.plan.fast || !this.fastLine(b, p, end)) this.slowLine(b, s, end, line);
        }
      }
      line++;
      i = le < win.len ? le + 1 : le;
    }
    res.stop = win.base + i;
    res.lines = line;
    res.rows = this.n;
    win.checkRest();
    res.nulAt = win.nulAt;
    res.badAt = win.badAt;
    if (infer) {
      res.keyGuesses = [...this.guesses].map(([name, g]) => [name, g.state()]);
    } else {
      res.parts = this.sinks.map((s) => (s ? s.part(this.n) : null));
    }
    return res;
  }

  private grow(): void {
    this.cap = Math.max(this.cap * 2, this.n + 1);
    for (const s of this.sinks) s?.capacity(this.n);
  }

  /** The sink of column j, created on its first value (earlier rows get the column's default). */
  private sinkFor(j: number): Sink {
    let s = this.sinks[j];
    if (s) return s;
    s = new Sink(this.plan.kinds[j]!, this.plan.types[j]!, this.cap);
    for (let r = 0; r < this.n; r++) setDefault(s, r);
    this.sinks[j] = s;
    this.live.push(j);
    return s;
  }

  // ------------------------------------------------------------------------------------ fast path

  /** Read the line bytes[p, end) (p at its first non-space byte) as a row; false to leave it to the slow path. */
  private fastLine(b: Buffer, p: number, end: number): boolean {
    if (b[p] !== 123) return false;
    if (this.tmplCol.length > 0) {
      if (this.templateLine(b, p, end)) {
        this.tmplHits++;
        return true;
      }
      // Lines with spaces, or a key order that keeps changing, miss it: stop trying (for this range)
      // once misses outnumber hits.
      if (++this.tmplMisses > 64 && this.tmplMisses > this.tmplHits) this.tmplCol = new Int32Array(0);
    }
    const stamp = ++this.stamp;
    const seen = this.seen;
    this.npend = 0;
    this.scratchLen = 0;
    let keys = 0;
    p = ws(b, p + 1, end);
    // Reads stop at `end`: past it the window may hold older bytes of the file (after the last line).
    if (p < end && b[p] === 125) p++;
    else {
      for (let pos = 0; ; pos++) {
        keys = pos + 1;
        if (p >= end || b[p] !== 34) return false;
        const ks = p + 1;
        // Most lines have the keys of the line before, in the same order: try that key first.
        let j = pos < this.keyCache.length ? this.keyCache[pos]! : -1;
        let ke = j >= 0 ? this.keyAt(j, b, ks, end) : -1;
        if (ke < 0) {
          ke = ks;
          while (ke < end) {
            const c = b[ke]!;
            if (c === 34 || c === 92 || c < 32) break;
            ke++;
          }
          if (ke >= end || b[ke] !== 34) return false;
          j = this.keys.find(b, ks, ke);
          if (j < 0) return false;
          if (pos >= this.keyCache.length) {
            const kc = new Int32Array(pos * 2).fill(-1);
            kc.set(this.keyCache);
            this.keyCache = kc;
          }
          this.keyCache[pos] = j;
        }
        if (seen[j] === stamp) return false;
        seen[j] = stamp;
        p = ws(b, ke + 1, end);
        if (p >= end || b[p] !== 58) return false;
        p = ws(b, p + 1, end);
        p = this.value(j, b, p, end);
        if (p < 0) return false;
        p = ws(b, p, end);
        const c = p < end ? b[p] : -1;
        if (c === 44) {
          p = ws(b, p + 1, end);
          continue;
        }
        if (c !== 125) return false;
        p++;
        break;
      }
    }
    if (ws(b, p, end) < end) return false;
    this.commitLine(b, stamp);
    // The general path runs when there is no template or it did not match: follow this line's key
    // order (a line with spaces makes a template that no line matches, and is soon given up).
    if (keys > 0 && this.tmplMisses <= 64) this.makeTemplate(keys);
    return true;
  }

  /**
   * The line's strings interned and the columns it lacks defaulted (its values are all read and fit).
   * `stamp` marks the columns a line of the general path had in `seen`; -1 for a template line, which
   * lacks the template's missing columns.
   */
  private commitLine(b: Buffer, stamp: number): void {
    const seen = this.seen;
    const n = this.n;
    for (let x = 0; x < this.npend; x++) {
      const sink = this.sinks[this.pendCol[x]!]!;
      let src = this.pendSrc[x]!;
      if (this.plan.wtf8 && src !== FROM_TEXT && src !== FROM_NULL) {
        // Text from a JS string with lone surrogates: keep each value exactly as its JS string.
        const from = src === FROM_SCRATCH ? this.scratch : b;
        this.pendText[x] = decodeText(from, this.pendS[x]!, this.pendE[x]!, true);
        src = FROM_TEXT;
      }
      if (src === FROM_LINE_HASHED) sink.codes[n] = sink.dict!.add(b, this.pendS[x]!, this.pendE[x]!, this.pendH[x]!);
      else if (src === FROM_CODE) sink.codes[n] = this.pendS[x]!;
      else if (src === FROM_SCRATCH_RAW) {
        const code = sink.dict!.add(this.scratch, this.pendS[x]!, this.pendE[x]!);
        sink.codes[n] = code;
        this.remember(this.pendCol[x]!, b, this.pendH[x]!, this.pendRawEnd[x]!, this.pendRawHash[x]!, code);
      } else if (src === FROM_LINE) sink.codes[n] = sink.dict!.add(b, this.pendS[x]!, this.pendE[x]!);
      else if (src === FROM_SCRATCH) sink.codes[n] = sink.dict!.add(this.scratch, this.pendS[x]!, this.pendE[x]!);
      else if (src === FROM_TEXT) sink.codes[n] = sink.dict!.addString(this.pendText[x]!);
      else sink.codes[n] = sink.kind === Kind.Guid ? -1 : sink.dict!.add(EMPTY, 0, 0);
    }
    const live = this.live;
    if (stamp >= 0) {
      for (let x = 0; x < live.length; x++) {
        const j = live[x]!;
        if (seen[j] !== stamp) setDefault(this.sinks[j]!, n);
      }
    } else {
      if (this.tmplLive !== live.length) this.templateMissing();
      const missing = this.tmplMissing;
      for (let x = 0; x < missing.length; x++) setDefault(this.sinks[missing[x]!]!, n);
    }
    this.n = n + 1;
    if (this.n === 4096) this.cap = presize(this.sinks, this.n, this.win.base + this.lineEnd - this.task.start, this.task.limit - this.task.start, this.cap);
  }

  /** Make the last line's key order (its first `keys` keys, in keyCache) the template. */
  private makeTemplate(keys: number): void {
    const cols = this.keyCache.slice(0, keys);
    const parts: Buffer[] = [];
    const start = new Int32Array(keys + 1);
    for (let x = 0; x < keys; x++) {
      const part = Buffer.concat([Buffer.from(x === 0 ? '{"' : ',"', 'latin1'), this.keyBytes[cols[x]!]!, Buffer.from('":', 'latin1')]);
      parts.push(part);
      start[x + 1] = start[x]! + part.length;
    }
    // Room for a last word read past the end of the bytes.
    const bytes = new Uint8Array(start[keys]! + 4);
    bytes.set(Buffer.concat(parts));
    this.tmplCol = cols;
    this.tmplBytes = bytes;
    this.tmplView = viewOf(bytes);
    this.tmplStart = start;
    this.tmplLive = -1;
  }

  /** The live columns the template lacks. */
  private templateMissing(): void {
    const inTemplate = new Set(this.tmplCol);
    this.tmplMissing = this.live.filter((j) => !inTemplate.has(j));
    this.tmplLive = this.live.length;
  }

  /**
   * Read the line bytes[p, end) by the template: its keys in the template's order, no spaces between
   * tokens. False (having changed nothing that the general path does not redo) when it does not match.
   */
  private templateLine(b: Buffer, p: number, end: number): boolean {
    this.npend = 0;
    this.scratchLen = 0;
    if (b !== this.dvOf) {
      this.dvOf = b;
      this.dv = viewOf(b);
    }
    const dv = this.dv;
    const tv = this.tmplView;
    const tb = this.tmplBytes;
    const cols = this.tmplCol;
    const start = this.tmplStart;
    const m = cols.length;
    for (let x = 0; x < m; x++) {
      const at = start[x]!;
      const len = start[x + 1]! - at;
      if (p + len >= end || !sameBytes(tv, tb, at, dv, b, p, len)) return false;
      p = this.value(cols[x]!, b, p + len, end);
      if (p < 0) return false;
    }
    if (p >= end || b[p] !== 125 || ws(b, p + 1, end) < end) return false;
    this.commitLine(b, -1);
    return true;
  }

  /** Remember that the raw (escaped) bytes b[s, e) with hash h unescape to `code` in column j. */
  private remember(j: number, b: Uint8Array, s: number, e: number, h: number, code: number): void {
    let raw = this.raw[j];
    // A column of mostly new escaped values gains nothing: stop remembering past 65,536 of them.
    if (raw && raw.count >= RAW_CACHE_MAX) return;
    if (!raw) {
      raw = this.raw[j] = new ByteDict();
      this.rawCode[j] = new Int32Array(64);
    }
    const k = raw.add(b, s, e, h);
    let codes = this.rawCode[j]!;
    if (k >= codes.length) {
      const bigger = new Int32Array(codes.length * 2);
      bigger.set(codes);
      codes = this.rawCode[j] = bigger;
    }
    codes[k] = code;
  }

  /** When bytes at s are key j followed by its closing quote: the offset of that quote, else -1. */
  private keyAt(j: number, b: Uint8Array, s: number, end: number): number {
    const at = this.keyStart[j]!;
    const len = this.keyStart[j + 1]! - at;
    if (s + len >= end || b[s + len] !== 34) return -1;
    if (b !== this.dvOf) {
      this.dvOf = b;
      this.dv = viewOf(b);
    }
    return sameBytes(this.keyView, this.keyAll, at, this.dv, b, s, len) ? s + len : -1;
  }

  private pend(col: number, src: number, s: number, e: number, text: string | null): void {
    const x = this.npend++;
    if (x === this.pendCol.length) {
      const g = <T extends Int32Array | Uint8Array>(a: T): T => {
        const c = new (a.constructor as new (n: number) => T)(a.length * 2);
        c.set(a);
        return c;
      };
      this.pendCol = g(this.pendCol);
      this.pendSrc = g(this.pendSrc);
      this.pendS = g(this.pendS);
      this.pendE = g(this.pendE);
      this.pendH = g(this.pendH);
      this.pendRawEnd = g(this.pendRawEnd);
      this.pendRawHash = g(this.pendRawHash);
    }
    this.pendCol[x] = col;
    this.pendSrc[x] = src;
    this.pendS[x] = s;
    this.pendE[x] = e;
    this.pendText[x] = text;
  }

  /** Read the value at p into column j; the offset after it, or -1 for the slow path. */
  private value(j: number, b: Buffer, p: number, end: number): number {
    const sink = this.sinkFor(j);
    const kind = sink.kind;
    const n = this.n;
    if (p >= end) return -1;
    const c = b[p];
    if (c === 34) {
      // Find the closing quote four bytes at a time (stopping at a word with `"`, `\` or a control
      // character), hashing the words on the way for the string's dictionary.
      if (b !== this.dvOf) {
        this.dvOf = b;
        this.dv = viewOf(b);
      }
      const dv = this.dv;
      let q = p + 1;
      let h = HASH_SEED;
      let hashedTo = -1;
      // A dictionary that stores values as they come needs no hash; an escaped value is hashed as written.
      const appending = kind === Kind.String && sink.dict!.appendOnly;
      /** Words are no longer hashed: the dictionary needs no hash, or an escape came (the rest is hashed as written, below). */
      let noHash = appending;
      let escaped = false;
      scan: for (const e4 = end - 3; ; ) {
        for (; q < e4; q += 4) {
          const w = dv.getInt32(q, true);
          const x = w ^ 0x22222222;
          const y = w ^ 0x5c5c5c5c;
          if ((((x - 0x01010101) & ~x) | ((y - 0x01010101) & ~y) | ((w - 0x20202020) & ~w)) & 0x80808080) break;
          if (!noHash) h = hashWord(h, w);
        }
        if (hashedTo < 0) hashedTo = q;
        // A word with a quote, a backslash or a control character (or the last bytes): byte by byte.
        for (const stop = q + 4; q < end; q++) {
          const x = b[q]!;
          if (x === 34) break scan;
          if (x === 92) {
            escaped = true;
            noHash = true;
            q++;
          } else if (x < 32) return -1;
          if (q + 1 >= stop && q + 1 < e4) {
            q++;
            continue scan;
          }
        }
        break;
      }
      if (q >= end) return -1;
      let src: Buffer = b;
      let s = p + 1;
      let e = q;
      if (escaped) {
        let rawHash = 0;
        const cacheable = kind === Kind.String && !sink.dict!.appendOnly && !this.plan.wtf8;
        if (cacheable) {
          // Seen before as written: its code, without unescaping.
          rawHash = hashFinish(h, dv, b, s, hashedTo, e);
          const raw = this.raw[j];
          const k = raw ? raw.findHashed(b, s, e, rawHash) : -1;
          if (k >= 0) {
            this.pend(j, FROM_CODE, this.rawCode[j]![k]!, 0, null);
            return q + 1;
          }
        }
        s = this.scratchLen;
        if (!this.unescape(b, p + 1, q)) return -1;
        e = this.scratchLen;
        src = this.scratch;
        if (cacheable) {
          this.pend(j, FROM_SCRATCH_RAW, s, e, null);
          const x = this.npend - 1;
          this.pendH[x] = p + 1;
          this.pendRawEnd[x] = q;
          this.pendRawHash[x] = rawHash;
          return q + 1;
        }
      } else if (appending) {
        this.pend(j, FROM_LINE, s, e, null);
        return q + 1;
      } else if (kind === Kind.String) {
        this.pend(j, FROM_LINE_HASHED, s, e, null);
        this.pendH[this.npend - 1] = hashFinish(h, dv, b, s, hashedTo, e);
        return q + 1;
      }
      if (kind === Kind.String) this.pend(j, escaped ? FROM_SCRATCH : FROM_LINE, s, e, null);
      else {
        if (convertCell(sink, n, src, s, e, this.plan.wtf8) !== null) return -1;
        if (kind === Kind.Guid) this.pend(j, pendingGuid === null ? FROM_NULL : FROM_TEXT, 0, 0, pendingGuid);
      }
      return q + 1;
    }
    if (c === 110) {
      if (p + 4 > end || b[p + 1] !== 117 || b[p + 2] !== 108 || b[p + 3] !== 108) return -1;
      if (kind === Kind.String || kind === Kind.Guid) this.pend(j, FROM_NULL, 0, 0, null);
      else sink.setNull(n);
      return p + 4;
    }
    if (c === 116 || c === 102) {
      const t = c === 116;
      const len = t ? 4 : 5;
      if (p + len > end) return -1;
      if (t ? b[p + 1] !== 114 || b[p + 2] !== 117 || b[p + 3] !== 101 : b[p + 1] !== 97 || b[p + 2] !== 108 || b[p + 3] !== 115 || b[p + 4] !== 101) return -1;
      if (kind === Kind.Bool) sink.bools![n] = t ? 1 : 0;
      else if (!this.generic(j, sink, t)) return -1;
      return p + len;
    }
    if (c === 45 || (c! >= 48 && c! <= 57)) {
      // A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
      let q = p;
      if (b[q] === 45) q++;
      const intStart = q;
      while (q < end && b[q]! >= 48 && b[q]! <= 57) q++;
      const intLen = q - intStart;
      if (intLen === 0 || (intLen > 1 && b[intStart] === 48)) return -1;
      let integer = true;
      if (q < end && b[q] === 46) {
        integer = false;
        const f = ++q;
        while (q < end && b[q]! >= 48 && b[q]! <= 57) q++;
        if (q === f) return -1;
      }
      if (q < end && (b[q] === 101 || b[q] === 69)) {
        integer = false;
        q++;
        if (q < end && (b[q] === 43 || b[q] === 45)) q++;
        const f = q;
        while (q < end && b[q]! >= 48 && b[q]! <= 57) q++;
        if (q === f) return -1;
      }
      if (integer && intLen <= 15 && (kind === Kind.Long || kind === Kind.Int || kind === Kind.Real)) {
        let v = 0;
        for (let x = intStart; x < q; x++) v = v * 10 + (b[x]! - 48);
        if (b[p] === 45) v = -v;
        if (kind === Kind.Long) sink.setSafeLong(n, v);
        else if (kind === Kind.Real) {
          sink.small![n] = v;
          sink.nulls![n] = 0;
        } else {
          if (v < -2147483648 || v > 2147483647) return -1;
          sink.ints![n] = v;
          sink.nulls![n] = 0;
        }
        return q;
      }
      // Long and int columns read a number from its digits as written (as the slow path does).
      if (kind === Kind.Long || kind === Kind.Int) return convertCell(sink, n, b, p, q, false) === null ? q : -1;
      let v: Dynamic;
      try {
        [v] = readJsonValue(b.toString('latin1', p, q), 0);
      } catch {
        return -1;
      }
      return this.generic(j, sink, v) ? q : -1;
    }
    if (c === 123 || c === 91) {
      const q = skipNested(b, p, end);
      if (q < 0) return -1;
      let v: Dynamic;
      try {
        const text = decodeText(b, p, q, this.plan.wtf8);
        const [val, after] = readJsonValue(text, 0, text.length, DEFAULT_MAX_DEPTH - 1);
        if (after !== text.length) return -1;
        v = val;
      } catch {
        return -1;
      }
      return this.generic(j, sink, v) ? q : -1;
    }
    return -1;
  }

  /** A parsed JSON value into column j through jsonValueToType; false when it does not fit. */
  private generic(j: number, sink: Sink, v: Dynamic): boolean {
    const r = jsonValueToType(v, this.plan.types[j]!);
    if (isFailure(r)) return false;
    if (sink.kind === Kind.String || sink.kind === Kind.Guid) this.pend(j, r === null ? FROM_NULL : FROM_TEXT, 0, 0, r as string | null);
    else sink.setValue(this.n, r);
    return true;
  }

  private scratchDv: DataView | null = null;
  private scratchDvOf: Buffer | null = null;
  private scratchView(): DataView {
    if (this.scratchDvOf !== this.scratch) {
      this.scratchDvOf = this.scratch;
      this.scratchDv = viewOf(this.scratch);
    }
    return this.scratchDv!;
  }

  /** Unescape the JSON string body bytes[s, e) onto the scratch buffer; false for a bad escape or a lone surrogate. */
  private unescape(b: Uint8Array, s: number, e: number): boolean {
    if (this.scratchLen + (e - s) > this.scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratchLen + (e - s)));
      this.scratch.copy(bigger, 0, 0, this.scratchLen);
      this.scratch = bigger;
    }
    const out = this.scratch;
    const ov = this.scratchView();
    const iv = this.dvOf === b ? this.dv : viewOf(b);
    let o = this.scratchLen;
    for (let i = s; i < e; i++) {
      // Four bytes at a time while there is no backslash.
      while (i + 4 <= e) {
        const w = iv.getInt32(i, true);
        const y = w ^ 0x5c5c5c5c;
        if (((y - 0x01010101) & ~y & 0x80808080) !== 0) break;
        ov.setInt32(o, w, true);
        o += 4;
        i += 4;
      }
      if (i >= e) break;
      const c = b[i]!;
      if (c !== 92) {
        out[o++] = c;
        continue;
      }
      const x = b[++i];
      switch (x) {
        case 34: out[o++] = 34; break;
        case 92: out[o++] = 92; break;
        case 47: out[o++] = 47; break;
        case 98: out[o++] = 8; break;
        case 102: out[o++] = 12; break;
        case 110: out[o++] = 10; break;
        case 114: out[o++] = 13; break;
        case 116: out[o++] = 9; break;
        case 117: {
          let cp = hex4(b, i + 1, e);
          if (cp < 0) return false;
          i += 4;
          if (cp >= 0xd800 && cp <= 0xdfff) {
            // Only a high surrogate followed by an escaped low one is a character here.
            if (cp >= 0xdc00 || b[i + 1] !== 92 || b[i + 2] !== 117) return false;
            const lo = hex4(b, i + 3, e);
            if (lo < 0xdc00 || lo > 0xdfff) return false;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            i += 6;
          }
          if (cp < 0x80) out[o++] = cp;
          else if (cp < 0x800) {
            out[o++] = 0xc0 | (cp >> 6);
            out[o++] = 0x80 | (cp & 63);
          } else if (cp < 0x10000) {
            out[o++] = 0xe0 | (cp >> 12);
            out[o++] = 0x80 | ((cp >> 6) & 63);
            out[o++] = 0x80 | (cp & 63);
          } else {
            out[o++] = 0xf0 | (cp >> 18);
            out[o++] = 0x80 | ((cp >> 12) & 63);
            out[o++] = 0x80 | ((cp >> 6) & 63);
            out[o++] = 0x80 | (cp & 63);
          }
          break;
        }
        default:
          return false;
      }
    }
    this.scratchLen = o;
    return true;
  }

  // ------------------------------------------------------------------------------------ slow path

  private event(kind: RangeEvent['kind'], code: string, message: string, line: number, column: number): void {
    const res = this.res;
    const ev: RangeEvent = { kind, code, message, line, column };
    if (kind === 'fatal') res.fatal = ev;
    else if (kind === 'reject') {
      res.rejected++;
      if (res.events.length <= this.plan.maxErrors + 100) res.events.push(ev);
    } else {
      res.nulled++;
      if (res.nulled <= 100) res.events.push(ev);
    }
  }

  /** The line bytes[s, end) through the text reader, with the loader's rules for each value (load.ts's JSON rules). */
  private slowLine(b: Buffer, s: number, end: number, line: number): void {
    const { plan } = this;
    const text = decodeText(b, s, end, plan.wtf8);
    const r = readJsonLine(text, 0, text.length, line, DEFAULT_MAX_DEPTH, plan.file);
    if (!r) return;
    if (r.error) {
      this.event('reject', r.error.code, r.error.message, line, r.error.column ?? 1);
      return;
    }
    const rec = r.rec!;
    const values = new Map<number, Value>();
    for (let k = 0; k < rec.keys.length; k++) {
      const name = rec.keys[k]!;
      const col = r.where(rec.offsets[k]!).column;
      const j = this.byName.get(name);
      if (j === undefined) {
        const e = unknownColumnError(name, plan.table, suggestName(name, plan.knownNames), {});
        this.event('fatal', e.code, e.message, line, col);
        return;
      }
      const t = plan.types[j]!;
      const v = jsonValueAt(rec.values[k], t, text, rec.offsets[k]!);
      if (isFailure(v)) {
        const shown = jsonShown(rec.values[k]!, text, rec.offsets[k]!);
        const e = badValueError(name, k + 1, t, shown, v.reason, {});
        if (!plan.nullBad) {
          this.event('reject', e.code, e.message, line, col);
          return;
        }
        this.event('null', e.code, e.message, line, col);
        values.set(j, null);
      } else values.set(j, v);
    }
    const n = this.n;
    for (const [j, v] of values) this.sinkFor(j).setValue(n, v);
    const sinks = this.sinks;
    for (let j = 0; j < sinks.length; j++) {
      const s = sinks[j];
      if (s && !values.has(j)) setDefault(s, n);
    }
    this.n = n + 1;
  }

  /** Inference: offer each value of a key the plan lacks to its guess. */
  private inferLine(b: Buffer, s: number, end: number): void {
    const text = decodeText(b, s, end, this.plan.wtf8);
    const r = readJsonLine(text, 0, text.length, 0, DEFAULT_MAX_DEPTH, this.plan.file);
    if (!r?.rec) return;
    const rec = r.rec;
    for (let k = 0; k < rec.keys.length; k++) {
      const name = rec.keys[k]!;
      if (this.byName.has(name)) continue;
      let g = this.guesses.get(name);
      if (!g) this.guesses.set(name, (g = new ColumnGuess()));
      g.addJsonAt(rec.values[k], text, rec.offsets[k]!);
    }
  }
}

/** The value of a column a row lacks: "" for strings, null otherwise. */
function setDefault(s: Sink, n: number): void {
  if (s.kind === Kind.String) s.codes[n] = s.dict!.add(EMPTY, 0, 0);
  else s.setNull(n);
}

function ws(b: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = b[p]!;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    p++;
  }
  return p;
}

function hex4(b: Uint8Array, i: number, e: number): number {
  if (i + 4 > e) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[i + k]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** End of the object or array at p (strings skipped), or -1 when it does not close on this line. */
function skipNested(b: Uint8Array, p: number, end: number): number {
  let depth = 0;
  for (let i = p; i < end; i++) {
    const c = b[i]!;
    if (c === 34) {
      for (i++; i < end; i++) {
        const x = b[i]!;
        if (x === 92) i++;
        else if (x === 34) break;
      }
      if (i >= end) return -1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

