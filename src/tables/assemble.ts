// Puts one table column together from the pieces a load produces, in file order: parts of byte ranges
// (from workers or the main thread), columns built row by row (JSON arrays, slow paths), and constant runs
// (a column a file lacks). String pieces are merged into one dictionary of distinct UTF-8 byte strings.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { BoolColumn, type Column, ConstantColumn, DynamicColumn, LongColumn, NumberColumn, splitTicks, StringColumn, TicksColumn } from './column.js';
import type { ColumnPart } from './sinks.js';
import { ByteDict } from './string-pool.js';

type Piece =
  | { k: 'const'; value: Value; n: number }
  | { k: 'codes'; codes: Int32Array }
  | { k: 'long'; small: Float64Array | null; big: BigInt64Array | null; nulls: Uint8Array | null; n: number }
  | { k: 'num'; values: Float64Array | Int32Array; nulls: Uint8Array | null }
  | { k: 'ticks'; ms: Float64Array; sub: Uint16Array; nulls: Uint8Array | null }
  | { k: 'bool'; values: Uint8Array }
  | { k: 'dyn'; values: Dynamic[] };

export class ColumnAssembler {
  private pieces: Piece[] = [];
  private dict: ByteDict | null = null;
  length = 0;

  constructor(readonly type: ScalarType) {}

  private strings(): ByteDict {
    return (this.dict ??= new ByteDict(1 << 16, 1024));
  }

  /** n rows of one value ("" for a string column a file lacks, null otherwise). */
  addConstant(value: Value, n: number): void {
    if (n === 0) return;
    const last = this.pieces[this.pieces.length - 1];
    if (last?.k === 'const' && last.value === value) last.n += n;
    else this.pieces.push({ k: 'const', value, n });
    this.length += n;
  }

  /**
   * The rows of one range (its dictionary codes are rewritten in place to this column's dictionary);
   * `rowsToCome` estimates the rows still to be added (to size a dictionary that grows with every row).
   */
  addPart(p: ColumnPart, n: number, rowsToCome = 0): void {
    this.length += n;
    switch (p.k) {
      case 'dict': {
        const d = this.strings();
        const m = p.dict.ends.length;
        if (d.count === 0 && m * 2 > n && rowsToCome > 0) {
          const rows = n + rowsToCome;
          d.reserve(d.count + Math.ceil((m / n) * rows), d.byteLength + Math.ceil((p.dict.bytes.length / n) * rows));
        }
        const map = d.merge(p.dict);
        const codes = p.codes;
        for (let i = 0; i < codes.length; i++) {
          const c = codes[i]!;
          if (c >= 0) codes[i] = map[c]!;
        }
        this.pieces.push({ k: 'codes', codes });
        return;
      }
      case 'long':
        this.pieces.push({ ...p, n });
        return;
      default:
        this.pieces.push(p as Piece);
    }
  }

  /** A column built elsewhere (its values already have this column's type). */
  addColumn(c: Column): void {
    const n = c.length;
    if (n === 0) return;
    if (c instanceof ConstantColumn) return this.addConstant(c.value, n);
    this.length += n;
    if (c instanceof StringColumn) {
      const d = this.strings();
      const src = c.dict;
      const map = new Int32Array(src.length);
      for (let k = 0; k < src.length; k++) map[k] = d.addString(src[k]!);
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const x = c.codes[i]!;
        codes[i] = x < 0 ? -1 : map[x]!;
      }
      this.pieces.push({ k: 'codes', codes });
    } else if (c instanceof LongColumn) this.pieces.push({ k: 'long', small: c.small, big: c.big, nulls: c.nulls, n });
    else if (c instanceof NumberColumn) this.pieces.push({ k: 'num', values: c.values, nulls: c.nulls });
    else if (c instanceof TicksColumn) this.pieces.push({ k: 'ticks', ms: c.ms, sub: c.sub, nulls: c.nulls });
    else if (c instanceof BoolColumn) this.pieces.push({ k: 'bool', values: c.values });
    else if (c instanceof DynamicColumn) this.pieces.push({ k: 'dyn', values: c.values });
    else {
      const values: Dynamic[] = [];
      for (let i = 0; i < n; i++) values.push(c.get(i) as Dynamic);
      this.pieces.push({ k: 'dyn', values });
    }
  }

  /** The finished column (the assembler must not be used afterwards). */
  build(): Column {
    const { type, pieces } = this;
    const n = this.length;
    const first = pieces[0];
    if (!first || (pieces.length === 1 && first.k === 'const')) {
      return new ConstantColumn(type, first?.k === 'const' ? first.value : type === 'string' ? '' : null, n);
    }
    this.pieces = [];
    switch (type) {
      case 'string':
      case 'guid':
        return this.buildStrings(pieces, n);
      case 'long':
        return buildLong(pieces, n);
      case 'int':
      case 'real':
      case 'decimal': {
        const values = type === 'int' ? new Int32Array(n) : new Float64Array(n);
        const nulls = maskFor(pieces, n);
        let at = 0;
        for (const p of pieces) {
          if (p.k === 'const') {
            if (p.value !== null) values.fill(Number(p.value), at, at + p.n);
            at += p.n;
          } else if (p.k === 'num') {
            values.set(p.values, at);
            at += p.values.length;
          }
        }
        return new NumberColumn(type, values, nulls);
      }
      case 'datetime':
      case 'timespan': {
        const ms = new Float64Array(n);
        const sub = new Uint16Array(n);
        const nulls = maskFor(pieces, n);
        let at = 0;
        for (const p of pieces) {
          if (p.k === 'const') {
            if (p.value !== null) {
              const [m, u] = splitTicks(p.value as bigint);
              ms.fill(m, at, at + p.n);
              sub.fill(u, at, at + p.n);
            }
            at += p.n;
          } else if (p.k === 'ticks') {
            ms.set(p.ms, at);
            sub.set(p.sub, at);
            at += p.ms.length;
          }
        }
        return new TicksColumn(type, ms, sub, nulls);
      }
      case 'bool': {
        const values = new Uint8Array(n);
        let at = 0;
        for (const p of pieces) {
          if (p.k === 'const') {
            values.fill(p.value === null ? 2 : p.value ? 1 : 0, at, at + p.n);
            at += p.n;
          } else if (p.k === 'bool') {
            values.set(p.values, at);
            at += p.values.length;
          }
        }
        return new BoolColumn(values);
      }
      case 'dynamic': {
        const values = new Array<Dynamic>(n);
        let at = 0;
        for (const p of pieces) {
          if (p.k === 'const') {
            for (let i = 0; i < p.n; i++) values[at++] = p.value as Dynamic;
          } else if (p.k === 'dyn') {
            for (let i = 0; i < p.values.length; i++) values[at++] = p.values[i]!;
          }
        }
        return new DynamicColumn(values);
      }
    }
  }

  private buildStrings(pieces: Piece[], n: number): Column {
    const d = this.strings();
    let codes: Int32Array;
    if (pieces.length === 1 && pieces[0]!.k === 'codes') codes = pieces[0]!.codes;
    else {
      codes = new Int32Array(n);
      let at = 0;
      for (const p of pieces) {
        if (p.k === 'const') {
          codes.fill(p.value === null ? -1 : d.addString(p.value as string), at, at + p.n);
          at += p.n;
        } else if (p.k === 'codes') {
          codes.set(p.codes, at);
          at += p.codes.length;
        }
      }
    }
    this.dict = null;
    return new StringColumn(this.type as 'string' | 'guid', codes, d.finish());
  }
}

/** The null mask over all pieces, or null when no row is null. */
function maskFor(pieces: Piece[], n: number): Uint8Array | null {
  const any = pieces.some((p) => (p.k === 'const' ? p.value === null : 'nulls' in p && p.nulls !== null));
  if (!any) return null;
  const mask = new Uint8Array(n);
  let at = 0;
  for (const p of pieces) {
    if (p.k === 'const') {
      if (p.value === null) mask.fill(1, at, at + p.n);
      at += p.n;
      continue;
    }
    const len = p.k === 'long' ? p.n : p.k === 'num' ? p.values.length : p.k === 'ticks' ? p.ms.length : 0;
    if ('nulls' in p && p.nulls) mask.set(p.nulls, at);
    at += len;
  }
  return mask;
}

function buildLong(pieces: Piece[], n: number): Column {
  const nulls = maskFor(pieces, n);
  const big = pieces.some((p) => (p.k === 'long' && p.big !== null) || (p.k === 'const' && typeof p.value === 'bigint' && (p.value > 9007199254740991n || p.value < -9007199254740991n)));
  if (!big) {
    const small = new Float64Array(n);
    let at = 0;
    for (const p of pieces) {
      if (p.k === 'const') {
        if (p.value !== null) small.fill(Number(p.value), at, at + p.n);
        at += p.n;
      } else if (p.k === 'long') {
        small.set(p.small!, at);
        at += p.n;
      }
    }
    return new LongColumn(small, null, nulls);
  }
  const out = new BigInt64Array(n);
  let at = 0;
  for (const p of pieces) {
    if (p.k === 'const') {
      if (p.value !== null) out.fill(BigInt(p.value as bigint), at, at + p.n);
      at += p.n;
    } else if (p.k === 'long') {
      if (p.big) out.set(p.big, at);
      else for (let i = 0; i < p.n; i++) out[at + i] = BigInt(p.small![i]!);
      at += p.n;
    }
  }
  return new LongColumn(null, out, nulls);
}
