// Puts one table column together from the pieces a load produces, in file order: parts of byte ranges
// (from workers or the main thread), columns built row by row (JSON arrays, slow paths), and constant runs
// (a column a file lacks). String pieces are merged into one dictionary of distinct UTF-8 byte strings.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { BoolColumn, type Column, ConstantColumn, DynamicColumn, LongColumn, NumberColumn, splitTicks, StringColumn, TicksColumn, type CodeArray } from './column.js';
import type { ColumnPart } from './sinks.js';
import { ByteDict, DictMerger, type DictExport, type StringPool } from './string-pool.js';

/** One piece's codes in its own dictionary, and how they become the column's: through `map`, or plus `base`. */
interface CodePart {
  codes: Int32Array;
  map: Int32Array | null;
  base: number;
}

/**
 * The dictionary side of a string column being assembled. Dictionaries of ranges with few distinct
 * values are merged into a hash table of the distinct strings as they arrive. Once a range's dictionary
 * is about as large as its row count (ids, hashes, command lines), the column switches to a DictMerger,
 * which keeps each range's bytes as they are without looking values up (its pool may repeat a value).
 * A range's codes are rewritten to the column's when the column is built, not as they arrive: while
 * ranges arrive, the worker threads need the cores.
 */
class StringsAssembler {
  private table: ByteDict | null = new ByteDict(1 << 12, 256);
  private merger: DictMerger | null = null;
  /** The pieces' codes in order. */
  readonly parts: CodePart[] = [];

  private defer(): void {
    // The table's entries become the merger's first block: their codes stay as they are.
    const t = this.table!;
    this.merger = new DictMerger();
    if (t.count > 0) this.merger.add(t.export());
    this.table = null;
  }

  /** Codes of a range in its own dictionary. */
  add(codes: Int32Array, d: DictExport): void {
    const m = d.ends.length;
    // A small range (the last of a file) says little about the column: only a range of some thousands
    // of rows with mostly new values switches it.
    if (!this.merger && (d.appended || (codes.length >= 4096 && m * 2 > codes.length))) this.defer();
    if (this.merger) this.parts.push({ codes, map: null, base: this.merger.add(d) });
    else this.parts.push({ codes, map: this.table!.merge(d), base: 0 });
  }

  /** Codes of a dictionary of JS strings (a column built row by row). */
  addStrings(codes: Int32Array, strings: readonly string[]): void {
    if (this.merger) {
      this.parts.push({ codes, map: null, base: this.merger.addStrings(strings) });
      return;
    }
    const map = new Int32Array(strings.length);
    for (let k = 0; k < strings.length; k++) map[k] = this.table!.addString(strings[k]!);
    this.parts.push({ codes, map, base: 0 });
  }

  /** The code of "" in the column's dictionary. */
  emptyCode(): number {
    return this.merger ? this.merger.emptyCode() : this.table!.addString('');
  }

  /** The column's dictionary. */
  finish(): StringPool {
    return this.merger ? this.merger.finish() : this.table!.finish();
  }
}

// The two code rewrites are kept apart from the callers' branches, so that each is compiled once for
// its one shape of loop rather than again whenever a caller takes a new branch.

/** Add `base` to every code that is not -1 (null). */
function shiftCodes(codes: Int32Array, base: number): void {
  if (base === 0) return;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) codes[i] = c + base;
  }
}

/** Replace every code that is not -1 (null) by its entry in `map`. */
function remapCodes(codes: Int32Array, map: Int32Array): void {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) codes[i] = map[c]!;
  }
}

type Piece =
  | { k: 'const'; value: Value; n: number }
  | { k: 'codes'; n: number }
  | { k: 'long'; small: Float64Array | null; big: BigInt64Array | null; nulls: Uint8Array | null; n: number }
  | { k: 'num'; values: Float64Array | Int32Array; nulls: Uint8Array | null }
  | { k: 'ticks'; ms: Float64Array; sub: Uint16Array; nulls: Uint8Array | null }
  | { k: 'bool'; values: Uint8Array }
  | { k: 'dyn'; values: Dynamic[] };

export class ColumnAssembler {
  private pieces: Piece[] = [];
  private dict: StringsAssembler | null = null;
  length = 0;

  constructor(readonly type: ScalarType) {}

  private strings(): StringsAssembler {
    return (this.dict ??= new StringsAssembler());
  }

  /** n rows of one value ("" for a string column a file lacks, null otherwise). */
  addConstant(value: Value, n: number): void {
    if (n === 0) return;
    const last = this.pieces[this.pieces.length - 1];
    if (last?.k === 'const' && last.value === value) last.n += n;
    else this.pieces.push({ k: 'const', value, n });
    this.length += n;
  }

  /** The rows of one range (its dictionary codes are rewritten in place to this column's dictionary when the column is built). */
  addPart(p: ColumnPart, n: number): void {
    this.length += n;
    switch (p.k) {
      case 'dict':
        this.strings().add(p.codes, p.dict);
        this.pieces.push({ k: 'codes', n });
        return;
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
      this.strings().addStrings(Int32Array.from(c.codes), c.dict);
      this.pieces.push({ k: 'codes', n });
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
    const empty = pieces.some((p) => p.k === 'const' && p.value !== null) ? d.emptyCode() : -1;
    const pool = d.finish();
    this.dict = null;
    const codes = codeArray(this.type === 'guid', pool.size, n);
    let at = 0;
    let part = 0;
    for (const p of pieces) {
      if (p.k === 'const') {
        codes.fill(p.value === null ? -1 : empty, at, at + p.n);
        at += p.n;
      } else if (p.k === 'codes') {
        const { codes: src, map, base } = d.parts[part++]!;
        if (map) remapCodes(src, map);
        else shiftCodes(src, base);
        codes.set(src, at);
        at += src.length;
      }
    }
    return new StringColumn(this.type as 'string' | 'guid', codes, pool);
  }
}

/** The narrowest code array for a dictionary of `size` strings (guid codes need -1 for null). */
function codeArray(signed: boolean, size: number, n: number): CodeArray {
  if (signed) return size <= 127 ? new Int8Array(n) : size <= 32767 ? new Int16Array(n) : new Int32Array(n);
  return size <= 256 ? new Uint8Array(n) : size <= 65536 ? new Uint16Array(n) : new Int32Array(n);
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
