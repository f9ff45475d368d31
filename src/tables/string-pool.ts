// Dictionaries of distinct strings kept as UTF-8 bytes: `ByteDict` interns byte ranges (open addressing
// over 32-bit hashes, exact byte comparison) while loading, `DictMerger` merges the dictionaries of many
// ranges of mostly distinct values, and `StringPool` is the finished, immutable dictionary a StringColumn
// reads. A pool decodes one entry on demand and turns into a plain string[] the first time a caller needs
// the whole dictionary, so a column of a million distinct hashes costs its bytes, not a million JS
// strings, until a query actually looks at them.

/** A 32-bit hash of bytes[s, e): four bytes per multiply, the length and a final avalanche (murmur3's fmix). */
export function hashBytes(bytes: Uint8Array, s: number, e: number): number {
  return hashView(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes, s, e);
}

/** Hash state before any byte. */
export const HASH_SEED = 0x9747b28c | 0;

/** Mix one little-endian 4-byte word into a hash state. */
export function hashWord(h: number, w: number): number {
  return Math.imul(h ^ w, 0x9e3779b1);
}

/**
 * Finish a hash: state `h` covers the whole words of bytes[s, i) (i - s a multiple of 4); mix in the
 * rest of bytes[i, e) and the length e - s.
 */
export function hashFinish(h: number, dv: DataView, bytes: Uint8Array, s: number, i: number, e: number): number {
  for (; i + 4 <= e; i += 4) h = Math.imul(h ^ dv.getInt32(i, true), 0x9e3779b1);
  for (; i < e; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= e - s;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** {@link hashBytes} with a DataView over the same bytes (unaligned 4-byte reads). */
export function hashView(dv: DataView, bytes: Uint8Array, s: number, e: number): number {
  return hashFinish(HASH_SEED, dv, bytes, s, s, e);
}

/** True when a[as, as + len) equals b[bs, bs + len) (four bytes at a time; av and bv are views of a and b). */
export function sameBytes(av: DataView, a: Uint8Array, as: number, bv: DataView, b: Uint8Array, bs: number, len: number): boolean {
  let j = 0;
  for (; j + 4 <= len; j += 4) if (av.getInt32(as + j, true) !== bv.getInt32(bs + j, true)) return false;
  for (; j < len; j++) if (a[as + j] !== b[bs + j]) return false;
  return true;
}

export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Largest block of dictionary bytes (typed arrays stop at 4 GiB; smaller blocks also grow cheaply). */
const MAX_BLOCK = 1 << 30;

const LONE_SURROGATE = /\p{Cs}/u;

/** True when a JS string has no lone surrogate (so UTF-8 holds it exactly). */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** UTF-8 bytes of a JS string; lone surrogates become their 3-byte (WTF-8) form so that distinct strings stay distinct. */
export function encodeWtf8(s: string): Uint8Array {
  if (isWellFormed(s)) return Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Decode WTF-8 bytes (UTF-8 that may carry encoded surrogates) to a JS string. */
export function decodeWtf8(bytes: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; ) {
    const c = bytes[i]!;
    let cp: number;
    if (c < 0x80) {
      cp = c;
      i++;
    } else if (c < 0xe0) {
      cp = ((c & 31) << 6) | (bytes[i + 1]! & 63);
      i += 2;
    } else if (c < 0xf0) {
      cp = ((c & 15) << 12) | ((bytes[i + 1]! & 63) << 6) | (bytes[i + 2]! & 63);
      i += 3;
    } else {
      cp = ((c & 7) << 18) | ((bytes[i + 1]! & 63) << 12) | ((bytes[i + 2]! & 63) << 6) | (bytes[i + 3]! & 63);
      i += 4;
    }
    out += String.fromCodePoint(cp);
  }
  return out;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** A dictionary exported from a ByteDict: entry k is bytes[ends[k-1] (0 for k = 0), ends[k]). */
export interface DictExport {
  bytes: Uint8Array;
  ends: Int32Array;
  hashes: Int32Array;
  /** Entries that hold lone surrogates: code → their exact JS string. */
  exotic: [number, string][];
  /** True when the entries were not deduplicated (an append-only dictionary; its hashes are not kept). */
  appended?: boolean;
}

/**
 * A growing dictionary of distinct byte strings, each with a code (0, 1, 2, ... in first-seen order).
 * Bytes live in blocks of at most 1 GiB, so a dictionary may outgrow one typed array.
 */
export class ByteDict {
  private blocks: Uint8Array[] = [];
  private cur: Uint8Array;
  private curLen = 0;
  /** First entry index of each block after the first. */
  private blockFirst: number[] = [0];
  /** Start of each entry inside its block; the end is the next entry's start or the block's used length. */
  private starts: Uint32Array;
  private hashes: Int32Array;
  /**
   * Open addressing: slot i is table[4i] = code + 1 (0 = empty), then the hash, the entry's start in its
   * block and its length (so a probe touches one cache line before the bytes themselves).
   */
  private table: Int32Array;
  private mask: number;
  count = 0;
  readonly exotic = new Map<number, string>();
  private curView: DataView;
  /** The last input buffer and a view of it. */
  private inBytes: Uint8Array | null = null;
  private inView: DataView = new DataView(new ArrayBuffer(0));

  constructor(initialBytes = 1 << 12, initialEntries = 64) {
    initialEntries = 1 << Math.ceil(Math.log2(Math.max(16, initialEntries)));
    this.cur = new Uint8Array(initialBytes);
    this.curView = viewOf(this.cur);
    this.starts = new Uint32Array(initialEntries);
    this.hashes = new Int32Array(initialEntries);
    this.table = new Int32Array(initialEntries * 8);
    this.mask = initialEntries * 2 - 1;
  }

  /** Total bytes held. */
  get byteLength(): number {
    let n = this.curLen;
    for (const b of this.blocks) n += b.length;
    return n;
  }

  /**
   * Append mode: `add` stores every value as a new entry without looking it up or keeping its hash
   * (for a column where nearly every value is new, e.g. a hash per row; the pool it ends in may then
   * hold a value twice, see {@link StringPool.canonical}).
   */
  appendOnly = false;

  /** The code of bytes[s, e), adding it when new; `h` is its hashBytes (computed when omitted). */
  add(bytes: Uint8Array, s: number, e: number, h?: number): number {
    const iv = this.viewIn(bytes);
    if (this.appendOnly) return this.insert(bytes, s, e, 0);
    if (h === undefined) h = hashView(iv, bytes, s, e);
    const k = this.lookup(bytes, s, e, h);
    return k >= 0 ? k : this.insert(bytes, s, e, h);
  }

  /** A view of the input bytes (kept for the next call with the same bytes). */
  private viewIn(bytes: Uint8Array): DataView {
    if (bytes !== this.inBytes) {
      this.inBytes = bytes;
      this.inView = viewOf(bytes);
    }
    return this.inView;
  }

  /** Probe for bytes[s, e) with hash h (this.inView must be a view of bytes). */
  private lookup(bytes: Uint8Array, s: number, e: number, h: number): number {
    const iv = this.inView;
    const table = this.table;
    const mask = this.mask;
    const len = e - s;
    const oneBlock = this.blocks.length === 0;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = 4 * slot;
      const t = table[at]!;
      if (t === 0) return -1;
      if (table[at + 1] !== h || table[at + 3] !== len) continue;
      const k = t - 1;
      if (oneBlock) {
        if (sameBytes(this.curView, this.cur, table[at + 2]!, iv, bytes, s, len)) return k;
      } else {
        const [blk, start] = this.locate(k);
        if (sameBytes(viewOf(blk), blk, start, iv, bytes, s, len)) return k;
      }
    }
  }

  /** The code of bytes[s, e), or -1 when it is not in the dictionary. */
  find(bytes: Uint8Array, s: number, e: number): number {
    return this.findHashed(bytes, s, e, hashView(this.viewIn(bytes), bytes, s, e));
  }

  /** The code of bytes[s, e) whose {@link hashBytes} is `h`, or -1 when it is not in the dictionary. */
  findHashed(bytes: Uint8Array, s: number, e: number, h: number): number {
    if (this.appendOnly) throw new Error('ByteDict.findHashed: dictionary is append-only');
    this.viewIn(bytes);
    return this.lookup(bytes, s, e, h);
  }

  /** Make room for `entries` entries and `bytes` bytes in all (growing once instead of doubling many times). */
  reserve(entries: number, bytes: number): void {
    if (entries > this.starts.length) {
      entries = Math.max(entries, Math.ceil(this.starts.length * 1.5));
      const st = new Uint32Array(entries);
      st.set(this.starts.subarray(0, this.count));
      this.starts = st;
      const hs = new Int32Array(entries);
      hs.set(this.hashes.subarray(0, this.count));
      this.hashes = hs;
    }
    let slots = this.mask + 1;
    if (!this.appendOnly && entries * 2 > slots) {
      while (entries * 2 > slots) slots *= 2;
      this.mask = slots / 2 - 1;
      this.rehash();
    }
    const want = Math.min(MAX_BLOCK, bytes - (this.byteLength - this.curLen));
    if (want > this.cur.length) {
      const next = new Uint8Array(Math.min(MAX_BLOCK, Math.max(want, Math.ceil(this.cur.length * 1.5))));
      next.set(this.cur.subarray(0, this.curLen));
      this.cur = next;
      this.curView = viewOf(next);
    }
  }

  /** The code of a JS string (lone surrogates allowed), adding it when new. */
  addString(str: string): number {
    const b = encodeWtf8(str);
    const n = this.count;
    const k = this.add(b, 0, b.length);
    if (k === n && !isWellFormed(str)) this.exotic.set(k, str);
    return k;
  }

  private insert(bytes: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    if (this.curLen + len > this.cur.length) this.growBytes(len);
    const k = this.count;
    if (k === this.starts.length) {
      const n = k * 2;
      const st = new Uint32Array(n);
      st.set(this.starts);
      this.starts = st;
      const hs = new Int32Array(n);
      hs.set(this.hashes);
      this.hashes = hs;
    }
    const cur = this.cur;
    const at = this.curLen;
    if (len > 256) cur.set(bytes.subarray(s, e), at);
    else {
      const cv = this.curView;
      const iv = bytes === this.inBytes ? this.inView : viewOf(bytes);
      let j = 0;
      for (; j + 4 <= len; j += 4) cv.setInt32(at + j, iv.getInt32(s + j, true), true);
      for (; j < len; j++) cur[at + j] = bytes[s + j]!;
    }
    this.starts[k] = at;
    this.hashes[k] = h;
    this.curLen = at + len;
    this.count = k + 1;
    if (this.appendOnly) return k;
    if (this.count * 2 > this.mask + 1) this.rehash();
    else {
      const table = this.table;
      let slot = h & this.mask;
      while (table[4 * slot] !== 0) slot = (slot + 1) & this.mask;
      table[4 * slot] = k + 1;
      table[4 * slot + 1] = h;
      table[4 * slot + 2] = at;
      table[4 * slot + 3] = len;
    }
    return k;
  }

  private growBytes(need: number): void {
    const used = this.curLen;
    let cap = this.cur.length * 2;
    while (cap < used + need && cap < MAX_BLOCK) cap *= 2;
    cap = Math.min(cap, MAX_BLOCK);
    if (used + need <= cap) {
      const next = new Uint8Array(cap);
      next.set(this.cur.subarray(0, used));
      this.cur = next;
      this.curView = viewOf(next);
      return;
    }
    // The block is full: close it and start another one.
    this.blocks.push(this.cur.slice(0, used));
    this.blockFirst.push(this.count);
    this.cur = new Uint8Array(Math.max(need, 1 << 20));
    this.curView = viewOf(this.cur);
    this.curLen = 0;
  }

  private rehash(): void {
    const slots = (this.mask + 1) * 2;
    const table = new Int32Array(slots * 4);
    const mask = slots - 1;
    for (let k = 0; k < this.count; k++) {
      const h = this.hashes[k]!;
      const [, start, end] = this.locate(k);
      let slot = h & mask;
      while (table[4 * slot] !== 0) slot = (slot + 1) & mask;
      table[4 * slot] = k + 1;
      table[4 * slot + 1] = h;
      table[4 * slot + 2] = start;
      table[4 * slot + 3] = end - start;
    }
    this.table = table;
    this.mask = mask;
  }

  /** [block, start, end] of entry k. */
  private locate(k: number): [Uint8Array, number, number] {
    const bf = this.blockFirst;
    let b = bf.length - 1;
    while (bf[b]! > k) b--;
    const blk = b === this.blocks.length ? this.cur : this.blocks[b]!;
    const used = b === this.blocks.length ? this.curLen : blk.length;
    const end = k + 1 < this.count && (b + 1 >= bf.length || bf[b + 1]! > k + 1) ? this.starts[k + 1]! : used;
    return [blk, this.starts[k]!, end];
  }

  /** The dictionary in transferable form (one block only: a worker's dictionary of one file range). */
  export(): DictExport {
    if (this.blocks.length > 0) throw new Error('ByteDict.export: dictionary too large for one block');
    const n = this.count;
    const ends = new Int32Array(n);
    if (n > 0) {
      ends.set(this.starts.subarray(1, n));
      ends[n - 1] = this.curLen;
    }
    // The bytes become part of the column's dictionary: copy them unless the buffer is (nearly) full.
    const len = this.curLen;
    const bytes = len >= this.cur.length * 0.95 ? this.cur.subarray(0, len) : this.cur.slice(0, len);
    const hashes = this.hashes.subarray(0, n);
    return { bytes, ends, hashes, exotic: [...this.exotic], appended: this.appendOnly };
  }

  /** Append mode only: add the quoted-field bytes[s, e) with each `""` written as one `"`; returns its code. */
  appendUnquoted(bytes: Uint8Array, s: number, e: number): number {
    if (this.curLen + (e - s) > this.cur.length) this.growBytes(e - s);
    const k = this.count;
    if (k === this.starts.length) this.reserve(k * 2, 0);
    const cur = this.cur;
    const at = this.curLen;
    let n = at;
    for (let i = s; i < e; i++) {
      const c = bytes[i]!;
      cur[n++] = c;
      if (c === 34) i++;
    }
    this.starts[k] = at;
    this.curLen = n;
    this.count = k + 1;
    return k;
  }

  /** Stop looking values up: from now on every `add` appends (see {@link appendOnly}). */
  startAppending(): void {
    this.appendOnly = true;
    this.table = new Int32Array(0);
    this.mask = -1;
  }

  /** Add every entry of an exported dictionary; returns the code of each of its entries here. */
  merge(d: DictExport): Int32Array {
    const n = d.ends.length;
    const map = new Int32Array(n);
    let s = 0;
    for (let k = 0; k < n; k++) {
      const e = d.ends[k]!;
      map[k] = this.add(d.bytes, s, e, d.hashes[k]!);
      s = e;
    }
    for (const [k, str] of d.exotic) this.exotic.set(map[k]!, str);
    return map;
  }

  /** The finished dictionary. The builder must not be used afterwards. */
  finish(): StringPool {
    const blocks = [...this.blocks, this.curLen === this.cur.length ? this.cur : this.cur.slice(0, this.curLen)];
    const starts = this.count === this.starts.length ? this.starts : this.starts.slice(0, this.count);
    const pool = new StringPool(blocks, starts, this.blockFirst.slice(), this.count, this.exotic);
    this.table = new Int32Array(0);
    this.hashes = new Int32Array(0);
    return pool;
  }
}

/**
 * An immutable dictionary of strings stored as UTF-8 bytes. `get(k)` decodes one entry; `strings()`
 * decodes all of them once, keeps the array and lets the bytes go. Unless `distinct`, a string may have
 * more than one entry (a column of mostly distinct values is loaded without looking values up).
 */
export class StringPool {
  private decoded: string[] | undefined;
  private blocks: Buffer[];
  private reads = 0;
  private canonicalForm: { map: Int32Array; pool: StringPool } | undefined;

  /** True when {@link canonical} has nothing to work out (distinct, or worked out already). */
  get canonicalReady(): boolean {
    return this.distinct || this.canonicalForm !== undefined;
  }
  constructor(
    blocks: Uint8Array[],
    private starts: Uint32Array,
    private readonly blockFirst: number[],
    readonly size: number,
    private readonly exotic: ReadonlyMap<number, string>,
    readonly distinct = true,
  ) {
    this.blocks = blocks.map(asBuffer);
  }

  /**
   * The pool's strings each once, in order of first entry, and the entry there of each entry here
   * (worked out on first use; the identity for a distinct pool).
   */
  canonical(): { map: Int32Array; pool: StringPool } {
    if (this.canonicalForm) return this.canonicalForm;
    const map = new Int32Array(this.size);
    if (this.distinct) {
      for (let k = 0; k < this.size; k++) map[k] = k;
      return (this.canonicalForm = { map, pool: this });
    }
    if (this.decoded) {
      const ids = new Map<string, number>();
      const out: string[] = [];
      this.decoded.forEach((str, k) => {
        let id = ids.get(str);
        if (id === undefined) ids.set(str, (id = out.push(str) - 1));
        map[k] = id;
      });
      return (this.canonicalForm = { map, pool: StringPool.of(out) });
    }
    let bytes = 0;
    for (const b of this.blocks) bytes += b.length;
    const d = new ByteDict(Math.min(bytes, MAX_BLOCK), this.size);
    const bf = this.blockFirst;
    for (let b = 0; b < this.blocks.length; b++) {
      const blk = this.blocks[b]!;
      const first = bf[b]!;
      const last = b + 1 < bf.length ? bf[b + 1]! : this.size;
      for (let k = first; k < last; k++) map[k] = d.add(blk, this.starts[k]!, k + 1 < last ? this.starts[k + 1]! : blk.length);
    }
    for (const [k, str] of this.exotic) d.exotic.set(map[k]!, str);
    return (this.canonicalForm = { map, pool: d.finish() });
  }

  /** A pool over strings already decoded. */
  static of(strings: readonly string[]): StringPool {
    const p = new StringPool([], new Uint32Array(0), [0], strings.length, new Map());
    p.decoded = strings as string[];
    return p;
  }

  /** True once every entry is a JS string (no bytes held). */
  get isDecoded(): boolean {
    return this.decoded !== undefined;
  }

  /** Bytes of dictionary text held (0 once decoded). */
  get byteLength(): number {
    let n = 0;
    for (const b of this.blocks) n += b.length;
    return n + this.starts.byteLength;
  }

  get(k: number): string {
    if (this.decoded) return this.decoded[k]!;
    // Callers that read row by row many times over (a sort on the column) are better served by decoding
    // everything once: after as many single decodes as there are entries, do that.
    if (++this.reads > this.size + 1024) return this.strings()[k]!;
    const bf = this.blockFirst;
    let b = 0;
    for (let hi = bf.length - 1; b < hi; ) {
      const mid = (b + hi + 1) >> 1;
      if (bf[mid]! <= k) b = mid;
      else hi = mid - 1;
    }
    const blk = this.blocks[b]!;
    const s = this.starts[k]!;
    const e = k + 1 < this.size && (b + 1 >= bf.length || bf[b + 1]! > k + 1) ? this.starts[k + 1]! : blk.length;
    if (this.exotic.size > 0) {
      const x = this.exotic.get(k);
      if (x !== undefined) return x;
    }
    return blk.toString('utf8', s, e);
  }

  /** Every entry as a JS string, in code order (decoded once; the bytes are released). */
  strings(): readonly string[] {
    if (this.decoded) return this.decoded;
    const out = new Array<string>(this.size);
    const bf = this.blockFirst;
    for (let b = 0; b < this.blocks.length; b++) {
      const blk = this.blocks[b]!;
      const first = bf[b]!;
      const last = b + 1 < bf.length ? bf[b + 1]! : this.size;
      for (let k = first; k < last; k++) {
        const e = k + 1 < last ? this.starts[k + 1]! : blk.length;
        out[k] = blk.toString('utf8', this.starts[k]!, e);
      }
    }
    for (const [k, s] of this.exotic) out[k] = s;
    this.decoded = out;
    this.blocks = [];
    this.starts = new Uint32Array(0);
    return out;
  }
}

/**
 * Joins the dictionaries of many ranges of a column whose values are mostly distinct (hashes, ids,
 * command lines) without looking any value up: each range's bytes are kept as they came (a block:
 * nothing is copied) and its codes are offset by the entries before it. The pool it makes may hold a
 * value more than once; {@link StringPool.canonical} finds the repeats if a query ever needs codes
 * that compare like the strings (grouping, joins, distinct counts).
 */
export class DictMerger {
  private blocks: Uint8Array[] = [];
  private ends: Int32Array[] = [];
  private bases: number[] = [];
  private exotic = new Map<number, string>();
  /** Entries so far. */
  count = 0;
  private empty = -1;

  /** Add a range's dictionary; its code c becomes code base + c (the returned base). */
  add(d: DictExport): number {
    const base = this.count;
    const n = d.ends.length;
    if (n === 0) return base;
    this.blocks.push(d.bytes);
    this.ends.push(d.ends);
    this.bases.push(base);
    for (const [k, str] of d.exotic) this.exotic.set(base + k, str);
    this.count += n;
    return base;
  }

  /** Codes for JS strings (a dictionary built elsewhere). */
  addStrings(strings: readonly string[]): number {
    const d = new ByteDict(1 << 10, strings.length);
    d.startAppending();
    for (const str of strings) d.addString(str);
    return this.add(d.export());
  }

  /** The code of "" (for a string column a file lacks). */
  emptyCode(): number {
    if (this.empty < 0) this.empty = this.addStrings(['']);
    return this.empty;
  }

  /** The pool of every entry in code order. The merger must not be used afterwards. */
  finish(): StringPool {
    const n = this.count;
    const nb = this.blocks.length;
    const starts = new Uint32Array(n);
    for (let b = 0; b < nb; b++) {
      const ends = this.ends[b]!;
      const base = this.bases[b]!;
      for (let k = 1; k < ends.length; k++) starts[base + k] = ends[k - 1]!;
    }
    const pool = new StringPool(this.blocks, starts, nb ? this.bases.slice() : [0], n, this.exotic, false);
    this.blocks = [];
    this.ends = [];
    return pool;
  }
}

