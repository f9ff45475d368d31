// Column sinks of the byte-level loaders: typed arrays written at a row index (a rejected row is simply
// overwritten by the next one), growing by doubling, and exported as transferable column parts. Also the
// conversion of one cell's bytes into a sink, with fast paths for the common spellings of each type and
// `convertText` (the one definition of what a cell means) for everything else.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { daysFromCivil, daysInMonth } from './civil.js';
import { convertText, isFailure } from './convert.js';
import { ByteDict, decodeWtf8, type DictExport } from './string-pool.js';

/** How a column's cells are converted (one byte per column, so a row loop switches on small integers). */
export const enum Kind {
  Skip = 0,
  String = 1,
  Guid = 2,
  Long = 3,
  Int = 4,
  Real = 5,
  Bool = 6,
  DateTime = 7,
  Timespan = 8,
  Dynamic = 9,
}

export function kindOf(t: ScalarType): Kind {
  switch (t) {
    case 'string':
      return Kind.String;
    case 'guid':
      return Kind.Guid;
    case 'long':
      return Kind.Long;
    case 'int':
      return Kind.Int;
    case 'real':
    case 'decimal':
      return Kind.Real;
    case 'bool':
      return Kind.Bool;
    case 'datetime':
      return Kind.DateTime;
    case 'timespan':
      return Kind.Timespan;
    case 'dynamic':
      return Kind.Dynamic;
  }
}

/** A column's rows from one range of one file, in transferable form. */
export type ColumnPart =
  | { k: 'dict'; codes: Int32Array; dict: DictExport }
  | { k: 'long'; small: Float64Array | null; big: BigInt64Array | null; nulls: Uint8Array | null }
  | { k: 'num'; values: Float64Array | Int32Array; nulls: Uint8Array | null }
  | { k: 'ticks'; ms: Float64Array; sub: Uint16Array; nulls: Uint8Array | null }
  | { k: 'bool'; values: Uint8Array }
  | { k: 'dyn'; values: Dynamic[] };

/** The buffers of a part, for a transfer list. */
export function partBuffers(p: ColumnPart): ArrayBuffer[] {
  const out: ArrayBufferLike[] = [];
  switch (p.k) {
    case 'dict':
      out.push(p.codes.buffer, p.dict.bytes.buffer, p.dict.ends.buffer, p.dict.hashes.buffer);
      break;
    case 'long':
      if (p.small) out.push(p.small.buffer);
      if (p.big) out.push(p.big.buffer);
      if (p.nulls) out.push(p.nulls.buffer);
      break;
    case 'num':
      out.push(p.values.buffer);
      if (p.nulls) out.push(p.nulls.buffer);
      break;
    case 'ticks':
      out.push(p.ms.buffer, p.sub.buffer);
      if (p.nulls) out.push(p.nulls.buffer);
      break;
    case 'bool':
      out.push(p.values.buffer);
      break;
    case 'dyn':
      break;
  }
  return out.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

function resize<T extends Int32Array | Float64Array | Uint8Array | Uint16Array | BigInt64Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a as never);
  return b;
}

/** The first n elements (a view: whoever assembles the column copies them). */
function exact<T extends Int32Array | Float64Array | Uint8Array | Uint16Array | BigInt64Array>(a: T, n: number): T {
  return (a.length === n ? a : a.subarray(0, n)) as T;
}

function maskOf(nulls: Uint8Array, n: number): Uint8Array | null {
  for (let i = 0; i < n; i++) if (nulls[i] === 1) return exact(nulls, n);
  return null;
}

/** The builder behind one column of one range. Values are written at row `n`; `capacity(n)` makes room first. */
export class Sink {
  codes = new Int32Array(0);
  dict: ByteDict | null = null;
  small: Float64Array | null = null;
  big: BigInt64Array | null = null;
  ints: Int32Array | null = null;
  ms: Float64Array | null = null;
  sub: Uint16Array | null = null;
  bools: Uint8Array | null = null;
  nulls: Uint8Array | null = null;
  dyn: Dynamic[] | null = null;
  private cap = 0;

  constructor(
    readonly kind: Kind,
    readonly type: ScalarType,
    initial = 1024,
  ) {
    this.cap = kind === Kind.Dynamic ? Infinity : initial;
    switch (kind) {
      case Kind.String:
      case Kind.Guid:
        this.codes = new Int32Array(initial);
        this.dict = new ByteDict();
        break;
      case Kind.Long:
      case Kind.Real:
        this.small = new Float64Array(initial);
        this.nulls = new Uint8Array(initial);
        break;
      case Kind.Int:
        this.ints = new Int32Array(initial);
        this.nulls = new Uint8Array(initial);
        break;
      case Kind.DateTime:
      case Kind.Timespan:
        this.ms = new Float64Array(initial);
        this.sub = new Uint16Array(initial);
        this.nulls = new Uint8Array(initial);
        break;
      case Kind.Bool:
        this.bools = new Uint8Array(initial);
        break;
      case Kind.Dynamic:
        this.dyn = [];
        break;
    }
  }

  /** Make room for row n (doubling: call it with the same n for all sinks of a range and they stay in step). */
  capacity(n: number): void {
    if (n < this.cap) return;
    this.resizeTo(Math.max(this.cap * 2, n + 1));
  }

  /** Room for exactly c rows (when more than now). */
  resizeTo(c: number): void {
    if (c <= this.cap) return;
    this.cap = c;
    if (this.dict) this.codes = resize(this.codes, c);
    if (this.small) this.small = resize(this.small, c);
    if (this.big) this.big = resize(this.big, c);
    if (this.ints) this.ints = resize(this.ints, c);
    if (this.ms) this.ms = resize(this.ms, c);
    if (this.sub) this.sub = resize(this.sub, c);
    if (this.bools) this.bools = resize(this.bools, c);
    if (this.nulls) this.nulls = resize(this.nulls, c);
  }

  setNull(n: number): void {
    switch (this.kind) {
      case Kind.String:
        this.codes[n] = this.dict!.add(EMPTY, 0, 0);
        return;
      case Kind.Guid:
        this.codes[n] = -1;
        return;
      case Kind.Bool:
        this.bools![n] = 2;
        return;
      case Kind.Dynamic:
        this.dyn![n] = null;
        return;
      case Kind.Long:
        if (this.big) this.big[n] = 0n;
        else this.small![n] = 0;
        break;
      case Kind.Real:
        this.small![n] = 0;
        break;
      case Kind.Int:
        this.ints![n] = 0;
        break;
      case Kind.DateTime:
      case Kind.Timespan:
        this.ms![n] = 0;
        this.sub![n] = 0;
        break;
    }
    this.nulls![n] = 1;
  }

  /** A long value that is a safe integer (as a double). */
  setSafeLong(n: number, v: number): void {
    if (this.big) this.big[n] = BigInt(v);
    else this.small![n] = v + 0; // -0 → 0
    this.nulls![n] = 0;
  }

  setBigLong(n: number, v: bigint): void {
    if (v <= 9007199254740991n && v >= -9007199254740991n) return this.setSafeLong(n, Number(v));
    if (!this.big) {
      // First value past 2^53: switch the range to 64-bit integers.
      const small = this.small!;
      const big = new BigInt64Array(this.cap);
      for (let i = 0; i < n; i++) big[i] = BigInt(small[i]!);
      this.big = big;
      this.small = null;
    }
    this.big[n] = v;
    this.nulls![n] = 0;
  }

  setTicks(n: number, ms: number, sub: number): void {
    this.ms![n] = ms;
    this.sub![n] = sub;
    this.nulls![n] = 0;
  }

  /** Store a value already in the type's JS shape (types.ts); null for null. */
  setValue(n: number, v: Value): void {
    if (v === null || v === undefined) {
      if (this.kind === Kind.String) this.codes[n] = this.dict!.addString('');
      else this.setNull(n);
      return;
    }
    switch (this.kind) {
      case Kind.String:
      case Kind.Guid:
        this.codes[n] = this.dict!.addString(v as string);
        return;
      case Kind.Long:
        if (typeof v === 'bigint') this.setBigLong(n, v);
        else this.setSafeLong(n, v as number);
        return;
      case Kind.Real:
        this.small![n] = Number(v);
        this.nulls![n] = 0;
        return;
      case Kind.Int:
        this.ints![n] = Number(v);
        this.nulls![n] = 0;
        return;
      case Kind.Bool:
        this.bools![n] = v ? 1 : 0;
        return;
      case Kind.DateTime:
      case Kind.Timespan: {
        const t = v as bigint;
        let ms = t / 10000n;
        let sub = t - ms * 10000n;
        if (sub < 0n) {
          sub += 10000n;
          ms -= 1n;
        }
        this.setTicks(n, Number(ms), Number(sub));
        return;
      }
      case Kind.Dynamic:
        this.dyn![n] = v as Dynamic;
        return;
    }
  }

  /** Rows [0, n) as a transferable part. */
  part(n: number): ColumnPart {
    switch (this.kind) {
      case Kind.String:
      case Kind.Guid:
        return { k: 'dict', codes: exact(this.codes, n), dict: this.dict!.export() };
      case Kind.Long:
        return { k: 'long', small: this.small ? exact(this.small, n) : null, big: this.big ? exact(this.big, n) : null, nulls: maskOf(this.nulls!, n) };
      case Kind.Real:
        return { k: 'num', values: exact(this.small!, n), nulls: maskOf(this.nulls!, n) };
      case Kind.Int:
        return { k: 'num', values: exact(this.ints!, n), nulls: maskOf(this.nulls!, n) };
      case Kind.DateTime:
      case Kind.Timespan:
        return { k: 'ticks', ms: exact(this.ms!, n), sub: exact(this.sub!, n), nulls: maskOf(this.nulls!, n) };
      case Kind.Bool:
        return { k: 'bool', values: exact(this.bools!, n) };
      default:
        this.dyn!.length = n;
        return { k: 'dyn', values: this.dyn! };
    }
  }
}

const EMPTY = new Uint8Array(0);

// ------------------------------------------------------------------------------------------ decoding

/** Text of bytes[s, e): UTF-8, or WTF-8 (lone surrogates) for text that came from a JS string. */
export function decodeText(buf: Buffer, s: number, e: number, wtf8: boolean): string {
  return wtf8 ? decodeWtf8(buf, s, e) : buf.toString('utf8', s, e);
}

/** Length in UTF-16 code units of the UTF-8 bytes[s, e). */
export function utf16Length(buf: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1;
  }
  return n;
}

// ------------------------------------------------------------------------------------------ cells

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** `-?\d{1,15}` exactly as a number, or NaN. */
function plainInteger(b: Uint8Array, s: number, e: number): number {
  let i = s;
  const neg = b[i] === 45;
  if (neg) i++;
  const n = e - i;
  if (n < 1 || n > 15) return NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** `-?\d+(\.\d+)?` with at most 15 digits, as the correctly rounded double (one exact division), or NaN. */
function plainDecimal(b: Uint8Array, s: number, e: number): number {
  let i = s;
  const neg = b[i] === 45;
  if (neg) i++;
  let v = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c === 46) {
      if (frac >= 0 || digits === 0) return NaN;
      frac = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
    digits++;
    if (frac >= 0) frac++;
  }
  if (digits === 0 || digits > 15 || frac === 0) return NaN;
  const r = frac > 0 ? v / POW10[frac]! : v;
  return neg ? -r : r;
}

function two(b: Uint8Array, i: number): number {
  const x = b[i]! - 48;
  const y = b[i + 1]! - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/**
 * `YYYY-MM-DD[T ]HH:MM:SS[.f+][Z]` into the sink (the spelling of nearly every export), or false to let
 * parseDateTime decide (other forms, and anything invalid).
 */
function isoDateTime(b: Uint8Array, s: number, e: number, sink: Sink, n: number): boolean {
  if (e - s < 19 || b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 13] !== 58 || b[s + 16] !== 58) return false;
  const sep = b[s + 10];
  if (sep !== 84 && sep !== 32) return false;
  const y1 = two(b, s);
  const y2 = two(b, s + 2);
  const mo = two(b, s + 5);
  const d = two(b, s + 8);
  const h = two(b, s + 11);
  const mi = two(b, s + 14);
  const sec = two(b, s + 17);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return false;
  const y = y1 * 100 + y2;
  if (y < 1 || d > daysInMonth(y, mo)) return false;
  let i = s + 19;
  let frac = 0;
  if (i < e && b[i] === 46) {
    i++;
    let nd = 0;
    for (; i < e; i++) {
      const c = b[i]! - 48;
      if (c < 0 || c > 9) break;
      if (nd < 7) frac = frac * 10 + c;
      nd++;
    }
    if (nd === 0) return false;
    for (; nd < 7; nd++) frac *= 10;
  }
  if (i < e && b[i] === 90) i++;
  if (i !== e) return false;
  const secs = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  const msFrac = Math.floor(frac / 10000);
  sink.setTicks(n, secs * 1000 + msFrac, frac - msFrac * 10000);
  return true;
}

/**
 * Convert the cell bytes[s, e) into `sink` at row n (every kind but String, whose cells are interned by
 * the caller once the row is known to be good). Guid cells are checked here and interned later: their
 * canonical text is left in `pendingGuid`.
 * @returns null, or the reason the text does not fit the column
 */
export function convertCell(sink: Sink, n: number, b: Buffer, s: number, e: number, wtf8: boolean): string | null {
  const kind = sink.kind;
  if (s === e) {
    if (kind === Kind.Guid) pendingGuid = null;
    else sink.setNull(n);
    return null;
  }
  switch (kind) {
    case Kind.Long: {
      const v = plainInteger(b, s, e);
      if (v === v) {
        sink.setSafeLong(n, v);
        return null;
      }
      break;
    }
    case Kind.Int: {
      const v = plainInteger(b, s, e);
      if (v === v && v >= -2147483648 && v <= 2147483647) {
        sink.ints![n] = v;
        sink.nulls![n] = 0;
        return null;
      }
      break;
    }
    case Kind.Real: {
      const v = plainDecimal(b, s, e);
      if (v === v) {
        sink.small![n] = v;
        sink.nulls![n] = 0;
        return null;
      }
      break;
    }
    case Kind.DateTime:
      if (isoDateTime(b, s, e, sink, n)) return null;
      break;
    case Kind.Bool:
      if (e - s === 1 && (b[s] === 48 || b[s] === 49)) {
        sink.bools![n] = b[s]! - 48;
        return null;
      }
      break;
  }
  const v = convertText(decodeText(b, s, e, wtf8), sink.type);
  if (isFailure(v)) return v.reason;
  if (kind === Kind.Guid) pendingGuid = v as string | null;
  else sink.setValue(n, v);
  return null;
}

/** The canonical text (or null) of the last guid cell checked by convertCell. */
export let pendingGuid: string | null = null;

