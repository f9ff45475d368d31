// Hash functions: hash() / hash_xxhash64() (XXH64 of the value's bytes), and hash_sha256 / hash_sha1 /
// hash_md5 (lower-case hex digests of the UTF-8 bytes of a value's text, through node:crypto).

import { createHash } from 'node:crypto';
import type { ScalarType, Value } from '../../types.js';
import { errors } from '../binder/errors.js';
import { formatDateTime } from '../../tables/datetime.js';
import { overloaded, type CallSite, type ScalarFunction } from './registry.js';

const M64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M64;

function round(acc: bigint, input: bigint): bigint {
  return mul(rotl((acc + mul(input, P2)) & M64, 31n), P1);
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return ((mul((acc ^ round(0n, val)) & M64, P1) + P4) & M64);
}

/** XXH64 of a byte buffer with seed 0, as an unsigned 64-bit bigint (the published xxHash algorithm). */
export function xxhash64(buf: Uint8Array, seed = 0n): bigint {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const len = buf.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M64;
    let v2 = (seed + P2) & M64;
    let v3 = seed;
    let v4 = (seed - P1) & M64;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, view.getBigUint64(i, true));
      v2 = round(v2, view.getBigUint64(i + 8, true));
      v3 = round(v3, view.getBigUint64(i + 16, true));
      v4 = round(v4, view.getBigUint64(i + 24, true));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = (seed + P5) & M64;
  }
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) {
    h ^= round(0n, view.getBigUint64(i, true));
    h = (mul(rotl(h, 27n), P1) + P4) & M64;
  }
  if (i + 4 <= len) {
    h ^= mul(BigInt(view.getUint32(i, true)), P1);
    h = (mul(rotl(h, 23n), P2) + P3) & M64;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= mul(BigInt(buf[i]!), P5);
    h = mul(rotl(h, 11n), P1);
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

/** Ticks from 0001-01-01 to 1970-01-01: Kusto hashes datetimes as .NET ticks. */
const EPOCH0001 = 621_355_968_000_000_000n;

function longBytes(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, v), true);
  return b;
}

/** The bytes hash() hashes for a value of type t, or undefined where kqlite cannot reproduce Kusto's choice. */
function hashBytes(t: ScalarType): ((v: Value) => Uint8Array) | undefined {
  switch (t) {
    case 'string':
      return (v) => Buffer.from(v as string, 'utf8');
    case 'long':
    case 'timespan':
      return (v) => longBytes(v as bigint);
    case 'datetime':
      return (v) => longBytes((v as bigint) + EPOCH0001);
    default:
      return undefined;
  }
}

/** hash(source [, mod]) and hash_xxhash64(source [, mod]): XXH64 as a signed long, or its non-negative remainder. */
function xxhashFn(name: string): ScalarFunction {
  const f = overloaded(name, [
    {
      params: ['any', 'long'],
      min: 1,
      ret: 'long',
      fn: () => null,
      make: ([t], site) => {
        const bytes = hashBytes(t!);
        if (!bytes) throw unsupportedType(site, t!);
        return (v, mod) => {
          const h = BigInt.asIntN(64, xxhash64(bytes(v)));
          if (mod === undefined) return h;
          const m = mod as bigint;
          if (m <= 0n) return null;
          return ((h % m) + m) % m;
        };
      },
    },
  ]);
  return f;
}

function unsupportedType(site: CallSite, t: ScalarType): Error {
  return errors.unsupported(`${site.name}() of a ${t} value (kqlite reproduces Kusto's hash only for string, long, datetime and timespan values)`, site.span);
}

/**
 * The text a digest hashes for a value of type t: strings and guids as they are, longs in decimal, and
 * datetimes as `yyyy-MM-ddTHH:mm:ss.fffffffZ` (hash_sha256(datetime(2020-01-01)) in Kusto's documentation is the
 * SHA-256 of "2020-01-01T00:00:00.0000000Z"); undefined for types whose text form is not known.
 */
function digestText(t: ScalarType): ((v: Value) => string) | undefined {
  switch (t) {
    case 'string':
    case 'guid':
      return (v) => v as string;
    case 'int':
    case 'long':
      return (v) => String(v);
    case 'datetime':
      return (v) => formatDateTime(v as bigint, { fraction: 'full' });
    default:
      return undefined;
  }
}

/** A lower-case hex digest of the UTF-8 bytes of a value's text. */
function digest(name: string, algorithm: string): ScalarFunction {
  return overloaded(name, [
    {
      params: ['any'],
      ret: 'string',
      fn: () => null,
      make: ([t], site) => {
        const text = digestText(t!);
        if (!text) throw errors.unsupported(`${site.name}() of a ${t} value (kqlite reproduces Kusto's digest only for string, guid, int, long and datetime values)`, site.span);
        return (v) => createHash(algorithm).update(text(v), 'utf8').digest('hex');
      },
    },
  ]);
}

/** The hash family, registered by functions/index.ts. */
export const hashFunctions: ScalarFunction[] = [
  xxhashFn('hash'),
  xxhashFn('hash_xxhash64'),
  digest('hash_sha256', 'sha256'),
  digest('hash_sha1', 'sha1'),
  digest('hash_md5', 'md5'),
];

