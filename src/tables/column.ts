// Typed columnar storage: one class per physical layout, all behind the `Column` interface.
// Strings are dictionary-encoded (so predicates can run once per distinct value); datetimes and
// timespans keep exact 100-ns ticks as epoch milliseconds (Float64Array) plus a sub-millisecond
// remainder (Uint16Array, 0..9999); longs use Float64Array while every value is a safe integer and
// BigInt64Array otherwise. Nulls are a byte mask (1 = null), absent when a column has no nulls.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { StringPool } from './string-pool.js';

export interface Column {
  readonly type: ScalarType;
  readonly length: number;
  /** The value at physical row i (see types.ts for the JS shape of each type). */
  get(i: number): Value;
  isNull(i: number): boolean;
  /** A new column holding rows `indices` in that order (physical gather). */
  take(indices: ArrayLike<number>): Column;
}

type NullMask = Uint8Array | null;

function takeMask(mask: NullMask, idx: ArrayLike<number>): NullMask {
  if (!mask) return null;
  const out = new Uint8Array(idx.length);
  let any = 0;
  for (let i = 0; i < idx.length; i++) any |= out[i] = mask[idx[i]!]!;
  return any ? out : null;
}

/**
 * Dictionary codes: Int32Array in general; loaded columns use the narrowest array their dictionary
 * allows (Uint8Array up to 256 strings, Uint16Array up to 65536; for guid the signed Int8Array /
 * Int16Array, since -1 is null). Read them by index: `codes[i]`.
 */
export type CodeArray = Int32Array | Uint16Array | Uint8Array | Int16Array | Int8Array;

/**
 * Dictionary-encoded strings (also used for guid, where code -1 means null). The dictionary is a
 * {@link StringPool}: loaded columns keep it as UTF-8 bytes and decode it the first time `dict` is read.
 */
export class StringColumn implements Column {
  readonly length: number;
  /** The distinct strings (shared by columns taken from this one). */
  readonly pool: StringPool;
  constructor(
    readonly type: 'string' | 'guid',
    readonly codes: CodeArray,
    dict: readonly string[] | StringPool,
  ) {
    this.length = codes.length;
    this.pool = dict instanceof StringPool ? dict : StringPool.of(dict);
  }
  /** The distinct strings by code (decoded on first use when held as bytes). */
  get dict(): readonly string[] {
    return this.pool.strings();
  }
  get(i: number): string | null {
    const c = this.codes[i]!;
    return c < 0 ? null : this.pool.get(c);
  }
  isNull(i: number): boolean {
    return this.codes[i]! < 0;
  }
  take(idx: ArrayLike<number>): StringColumn {
    const out = new (this.codes.constructor as new (n: number) => CodeArray)(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = this.codes[idx[i]!]!;
    return new StringColumn(this.type, out, this.pool);
  }
  /**
   * The column with codes that are equal exactly when the strings are (for grouping, joins and distinct
   * counts): itself when its pool holds each string once, else the same rows over the pool's canonical
   * form (made once per code array).
   */
  withDistinctCodes(): StringColumn {
    if (this.pool.distinct) return this;
    let out = distinctColumns.get(this.codes);
    if (!out) {
      const { map, pool } = this.pool.canonical();
      const codes = new Int32Array(this.length);
      for (let i = 0; i < codes.length; i++) {
        const c = this.codes[i]!;
        codes[i] = c < 0 ? -1 : map[c]!;
      }
      out = new StringColumn(this.type, codes, pool);
      distinctColumns.set(this.codes, out);
    }
    return out;
  }
}

const distinctColumns = new WeakMap<CodeArray, StringColumn>();

/**
 * `length` copies of one value in O(1) memory (a schema column that a data file lacks: "" for strings,
 * null otherwise). Code that looks for a specific layout falls back to `get()`.
 */
export class ConstantColumn implements Column {
  constructor(
    readonly type: ScalarType,
    readonly value: Value,
    readonly length: number,
  ) {}
  get(_i: number): Value {
    return this.value;
  }
  isNull(_i: number): boolean {
    return this.value === null;
  }
  take(idx: ArrayLike<number>): ConstantColumn {
    return new ConstantColumn(this.type, this.value, idx.length);
  }
}

export class BoolColumn implements Column {
  readonly type = 'bool' as const;
  readonly length: number;
  /** 0 false, 1 true, 2 null */
  constructor(readonly values: Uint8Array) {
    this.length = values.length;
  }
  get(i: number): boolean | null {
    const v = this.values[i]!;
    return v === 2 ? null : v === 1;
  }
  isNull(i: number): boolean {
    return this.values[i] === 2;
  }
  take(idx: ArrayLike<number>): BoolColumn {
    const out = new Uint8Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = this.values[idx[i]!]!;
    return new BoolColumn(out);
  }
}

/** int, real and decimal: plain doubles / 32-bit ints with a null mask. */
export class NumberColumn implements Column {
  readonly length: number;
  constructor(
    readonly type: 'int' | 'real' | 'decimal',
    readonly values: Float64Array | Int32Array,
    readonly nulls: NullMask,
  ) {
    this.length = values.length;
  }
  get(i: number): number | null {
    return this.nulls && this.nulls[i] ? null : this.values[i]!;
  }
  isNull(i: number): boolean {
    return !!this.nulls && this.nulls[i] === 1;
  }
  take(idx: ArrayLike<number>): NumberColumn {
    const out = this.values instanceof Int32Array ? new Int32Array(idx.length) : new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = this.values[idx[i]!]!;
    return new NumberColumn(this.type, out, takeMask(this.nulls, idx));
  }
}

/** 64-bit integers. `small` holds them as doubles when all are safe integers; `big` otherwise. */
export class LongColumn implements Column {
  readonly type = 'long' as const;
  readonly length: number;
  constructor(
    readonly small: Float64Array | null,
    readonly big: BigInt64Array | null,
    readonly nulls: NullMask,
  ) {
    this.length = (small ?? big)!.length;
  }
  get(i: number): bigint | null {
    if (this.nulls && this.nulls[i]) return null;
    return this.small ? BigInt(this.small[i]!) : this.big![i]!;
  }
  /** The value as a double (exact when `small` is used). */
  getNumber(i: number): number {
    return this.small ? this.small[i]! : Number(this.big![i]!);
  }
  isNull(i: number): boolean {
    return !!this.nulls && this.nulls[i] === 1;
  }
  take(idx: ArrayLike<number>): LongColumn {
    const m = takeMask(this.nulls, idx);
    if (this.small) {
      const out = new Float64Array(idx.length);
      for (let i = 0; i < idx.length; i++) out[i] = this.small[idx[i]!]!;
      return new LongColumn(out, null, m);
    }
    const out = new BigInt64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = this.big![idx[i]!]!;
    return new LongColumn(null, out, m);
  }
}

/** datetime / timespan: ticks = ms * 10000 + sub, with 0 <= sub < 10000. */
export class TicksColumn implements Column {
  readonly length: number;
  constructor(
    readonly type: 'datetime' | 'timespan',
    readonly ms: Float64Array,
    readonly sub: Uint16Array,
    readonly nulls: NullMask,
  ) {
    this.length = ms.length;
  }
  get(i: number): bigint | null {
    if (this.nulls && this.nulls[i]) return null;
    return BigInt(this.ms[i]!) * 10000n + BigInt(this.sub[i]!);
  }
  isNull(i: number): boolean {
    return !!this.nulls && this.nulls[i] === 1;
  }
  take(idx: ArrayLike<number>): TicksColumn {
    const ms = new Float64Array(idx.length);
    const sub = new Uint16Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i]!;
      ms[i] = this.ms[j]!;
      sub[i] = this.sub[j]!;
    }
    return new TicksColumn(this.type, ms, sub, takeMask(this.nulls, idx));
  }
}

export class DynamicColumn implements Column {
  readonly type = 'dynamic' as const;
  readonly length: number;
  constructor(readonly values: Dynamic[]) {
    this.length = values.length;
  }
  get(i: number): Dynamic {
    return this.values[i]!;
  }
  isNull(i: number): boolean {
    return this.values[i] === null;
  }
  take(idx: ArrayLike<number>): DynamicColumn {
    const out = new Array<Dynamic>(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = this.values[idx[i]!]!;
    return new DynamicColumn(out);
  }
}

/** Split exact ticks into the (ms, sub) pair used by TicksColumn. */
export function splitTicks(t: bigint): [number, number] {
  let ms = t / 10000n;
  let sub = t - ms * 10000n;
  if (sub < 0n) {
    sub += 10000n;
    ms -= 1n;
  }
  return [Number(ms), Number(sub)];
}

// ------------------------------------------------------------------------------------------ builders

/** Appends values of one type and produces the matching Column. Values must already be of the column's JS shape. */
export interface ColumnBuilder {
  readonly type: ScalarType;
  push(v: Value): void;
  readonly length: number;
  build(): Column;
}

/** Room for one more element in a typed array (doubling), copying what is there. */
function room<T extends Int32Array | Float64Array | Uint8Array | Uint16Array | BigInt64Array>(a: T, n: number): T {
  if (n < a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(16, a.length * 2));
  b.set(a as never);
  return b;
}

/** The first n elements as an array of exactly that length. */
function trim<T extends Int32Array | Float64Array | Uint8Array | Uint16Array | BigInt64Array>(a: T, n: number): T {
  return (a.length === n ? a : a.slice(0, n)) as T;
}

/** A null mask grown on demand: absent until the first null. */
class MaskBuilder {
  mask: Uint8Array | null = null;
  set(i: number, isNull: boolean): void {
    if (isNull) {
      if (!this.mask) this.mask = new Uint8Array(Math.max(16, i * 2));
      this.mask = room(this.mask, i);
      this.mask[i] = 1;
    } else if (this.mask) {
      this.mask = room(this.mask, i);
      this.mask[i] = 0;
    }
  }
  build(n: number): Uint8Array | null {
    if (!this.mask) return null;
    const m = new Uint8Array(n);
    m.set(this.mask.subarray(0, Math.min(n, this.mask.length)));
    return m;
  }
}

class StringBuilder implements ColumnBuilder {
  private codes = new Int32Array(16);
  private n = 0;
  private dict: string[] = [];
  private index = new Map<string, number>();
  constructor(readonly type: 'string' | 'guid') {}
  get length(): number {
    return this.n;
  }
  push(v: Value): void {
    this.codes = room(this.codes, this.n);
    if (v === null || v === undefined) {
      if (this.type === 'guid') {
        this.codes[this.n++] = -1;
        return;
      }
      v = '';
    }
    const s = v as string;
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.index.set(s, c);
    }
    this.codes[this.n++] = c;
  }
  build(): Column {
    return new StringColumn(this.type, trim(this.codes, this.n), this.dict);
  }
}

class BoolBuilder implements ColumnBuilder {
  readonly type = 'bool' as const;
  private values = new Uint8Array(16);
  private n = 0;
  get length(): number {
    return this.n;
  }
  push(v: Value): void {
    this.values = room(this.values, this.n);
    this.values[this.n++] = v === null || v === undefined ? 2 : v ? 1 : 0;
  }
  build(): Column {
    return new BoolColumn(trim(this.values, this.n));
  }
}

class NumberBuilder implements ColumnBuilder {
  private values: Float64Array | Int32Array;
  private n = 0;
  private nulls = new MaskBuilder();
  constructor(readonly type: 'int' | 'real' | 'decimal') {
    this.values = type === 'int' ? new Int32Array(16) : new Float64Array(16);
  }
  get length(): number {
    return this.n;
  }
  push(v: Value): void {
    this.values = room(this.values, this.n);
    const isNull = v === null || v === undefined;
    this.nulls.set(this.n, isNull);
    this.values[this.n++] = isNull ? 0 : Number(v);
  }
  build(): Column {
    return new NumberColumn(this.type, trim(this.values, this.n), this.nulls.build(this.n));
  }
}

const SAFE_MAX = 9007199254740991n;

class LongBuilder implements ColumnBuilder {
  readonly type = 'long' as const;
  /** Doubles while every value is a safe integer; then `big` takes over. */
  private small: Float64Array | null = new Float64Array(16);
  private big: BigInt64Array | null = null;
  private n = 0;
  private nulls = new MaskBuilder();
  get length(): number {
    return this.n;
  }
  push(v: Value): void {
    const i = this.n++;
    const isNull = v === null || v === undefined;
    this.nulls.set(i, isNull);
    if (this.small) {
      if (isNull) {
        this.small = room(this.small, i);
        this.small[i] = 0;
        return;
      }
      const b = typeof v === 'bigint' ? v : BigInt(v as number);
      if (b <= SAFE_MAX && b >= -SAFE_MAX) {
        this.small = room(this.small, i);
        this.small[i] = Number(b);
        return;
      }
      // First value past 2^53: move to 64-bit integers.
      const big = new BigInt64Array(Math.max(16, this.small.length));
      for (let k = 0; k < i; k++) big[k] = BigInt(this.small[k]!);
      this.big = big;
      this.small = null;
    }
    this.big = room(this.big!, i);
    this.big[i] = isNull ? 0n : typeof v === 'bigint' ? v : BigInt(v as number);
  }
  build(): Column {
    const mask = this.nulls.build(this.n);
    if (this.small) return new LongColumn(trim(this.small, this.n), null, mask);
    return new LongColumn(null, trim(this.big!, this.n), mask);
  }
}

class TicksBuilder implements ColumnBuilder {
  private ms = new Float64Array(16);
  private sub = new Uint16Array(16);
  private n = 0;
  private nulls = new MaskBuilder();
  constructor(readonly type: 'datetime' | 'timespan') {}
  get length(): number {
    return this.n;
  }
  push(v: Value): void {
    const i = this.n++;
    this.ms = room(this.ms, i);
    this.sub = room(this.sub, i);
    const isNull = v === null || v === undefined;
    this.nulls.set(i, isNull);
    if (isNull) {
      this.ms[i] = 0;
      this.sub[i] = 0;
      return;
    }
    const [ms, sub] = splitTicks(v as bigint);
    this.ms[i] = ms;
    this.sub[i] = sub;
  }
  build(): Column {
    return new TicksColumn(this.type, trim(this.ms, this.n), trim(this.sub, this.n), this.nulls.build(this.n));
  }
}

class DynamicBuilder implements ColumnBuilder {
  readonly type = 'dynamic' as const;
  private values: Dynamic[] = [];
  get length(): number {
    return this.values.length;
  }
  push(v: Value): void {
    this.values.push(v === undefined ? null : (v as Dynamic));
  }
  build(): Column {
    return new DynamicColumn(this.values);
  }
}

/** A builder for a column of type t. */
export function columnBuilder(t: ScalarType): ColumnBuilder {
  switch (t) {
    case 'string':
    case 'guid':
      return new StringBuilder(t);
    case 'bool':
      return new BoolBuilder();
    case 'int':
    case 'real':
    case 'decimal':
      return new NumberBuilder(t);
    case 'long':
      return new LongBuilder();
    case 'datetime':
    case 'timespan':
      return new TicksBuilder(t);
    case 'dynamic':
      return new DynamicBuilder();
  }
}

/** Build a column from values already in the type's JS shape. */
export function columnFrom(t: ScalarType, values: readonly Value[]): Column {
  const b = columnBuilder(t);
  for (const v of values) b.push(v);
  return b.build();
}

/** A column of n copies of one value. */
export function constantColumn(t: ScalarType, v: Value, n: number): Column {
  switch (t) {
    case 'string':
    case 'guid':
      return v === null && t === 'guid'
        ? new StringColumn(t, new Int32Array(n).fill(-1), [])
        : new StringColumn(t, new Int32Array(n), [(v ?? '') as string]);
    default: {
      const b = columnBuilder(t);
      for (let i = 0; i < n; i++) b.push(v);
      return b.build();
    }
  }
}
