// Typed columnar storage: one class per physical layout, all behind the `Column` interface.
// Strings are dictionary-encoded (so predicates can run once per distinct value); datetimes and
// timespans keep exact 100-ns ticks as epoch milliseconds (Float64Array) plus a sub-millisecond
// remainder (Uint16Array, 0..9999); longs use Float64Array while every value is a safe integer and
// BigInt64Array otherwise. Nulls are a byte mask (1 = null), absent when a column has no nulls.

import type { Dynamic, ScalarType, Value } from '../types.js';

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

/** Dictionary-encoded strings (also used for guid, where code 0 may be reserved for null). */
export class StringColumn implements Column {
  readonly length: number;
  constructor(
    readonly type: 'string' | 'guid',
    readonly codes: Int32Array,
    readonly dict: readonly string[],
    /** Only for guid: code -1 means null. Strings are never null. */
  ) {
    this.length = codes.length;
  }
  get(i: number): string | null {
    const c = this.codes[i]!;
    return c < 0 ? null : this.dict[c]!;
  }
  isNull(i: number): boolean {
    return this.codes[i]! < 0;
  }
  take(idx: ArrayLike<number>): StringColumn {
    const out = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = this.codes[idx[i]!]!;
    return new StringColumn(this.type, out, this.dict);
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

class StringBuilder implements ColumnBuilder {
  private codes: number[] = [];
  private dict: string[] = [];
  private index = new Map<string, number>();
  constructor(readonly type: 'string' | 'guid') {}
  get length(): number {
    return this.codes.length;
  }
  push(v: Value): void {
    if (v === null || v === undefined) {
      if (this.type === 'guid') {
        this.codes.push(-1);
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
    this.codes.push(c);
  }
  build(): Column {
    return new StringColumn(this.type, Int32Array.from(this.codes), this.dict);
  }
}

class BoolBuilder implements ColumnBuilder {
  readonly type = 'bool' as const;
  private values: number[] = [];
  get length(): number {
    return this.values.length;
  }
  push(v: Value): void {
    this.values.push(v === null || v === undefined ? 2 : v ? 1 : 0);
  }
  build(): Column {
    return new BoolColumn(Uint8Array.from(this.values));
  }
}

class NumberBuilder implements ColumnBuilder {
  private values: number[] = [];
  private nulls: number[] = [];
  private anyNull = false;
  constructor(readonly type: 'int' | 'real' | 'decimal') {}
  get length(): number {
    return this.values.length;
  }
  push(v: Value): void {
    if (v === null || v === undefined) {
      this.values.push(0);
      this.nulls.push(1);
      this.anyNull = true;
    } else {
      this.values.push(Number(v));
      this.nulls.push(0);
    }
  }
  build(): Column {
    const vals = this.type === 'int' ? Int32Array.from(this.values) : Float64Array.from(this.values);
    return new NumberColumn(this.type, vals, this.anyNull ? Uint8Array.from(this.nulls) : null);
  }
}

class LongBuilder implements ColumnBuilder {
  readonly type = 'long' as const;
  private values: bigint[] = [];
  private nulls: number[] = [];
  private anyNull = false;
  private allSafe = true;
  get length(): number {
    return this.values.length;
  }
  push(v: Value): void {
    if (v === null || v === undefined) {
      this.values.push(0n);
      this.nulls.push(1);
      this.anyNull = true;
      return;
    }
    const b = typeof v === 'bigint' ? v : BigInt(v as number);
    if (b > 9007199254740991n || b < -9007199254740991n) this.allSafe = false;
    this.values.push(b);
    this.nulls.push(0);
  }
  build(): Column {
    const mask = this.anyNull ? Uint8Array.from(this.nulls) : null;
    if (this.allSafe) return new LongColumn(Float64Array.from(this.values, Number), null, mask);
    return new LongColumn(null, BigInt64Array.from(this.values), mask);
  }
}

class TicksBuilder implements ColumnBuilder {
  private ms: number[] = [];
  private sub: number[] = [];
  private nulls: number[] = [];
  private anyNull = false;
  constructor(readonly type: 'datetime' | 'timespan') {}
  get length(): number {
    return this.ms.length;
  }
  push(v: Value): void {
    if (v === null || v === undefined) {
      this.ms.push(0);
      this.sub.push(0);
      this.nulls.push(1);
      this.anyNull = true;
      return;
    }
    const [ms, sub] = splitTicks(v as bigint);
    this.ms.push(ms);
    this.sub.push(sub);
    this.nulls.push(0);
  }
  build(): Column {
    return new TicksColumn(
      this.type,
      Float64Array.from(this.ms),
      Uint16Array.from(this.sub),
      this.anyNull ? Uint8Array.from(this.nulls) : null,
    );
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
