// Dense ids for numbers in order of first appearance: an open-addressing hash table over typed arrays
// (no Map entries, no boxing), for the grouping and distinct-value kernels over many distinct keys.

export class NumberIds {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  /** How many distinct keys have an id (ids are 0..size-1). */
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** The id of `key` (not NaN; -0 is 0), a new one when it has not been seen. */
  id(key: number): number {
    const { keys, ids, mask } = this;
    let h = hash(key) & mask;
    for (;;) {
      const g = ids[h]!;
      if (g < 0) break;
      if (keys[h] === key) return g;
      h = (h + 1) & mask;
    }
    keys[h] = key;
    ids[h] = this.size;
    if (++this.size * 2 > keys.length) this.grow();
    return this.size - 1;
  }

  private grow(): void {
    const { keys, ids } = this;
    const cap = keys.length * 2;
    this.keys = new Float64Array(cap);
    this.ids = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let h = 0; h < keys.length; h++) {
      if (ids[h]! < 0) continue;
      let j = hash(keys[h]!) & this.mask;
      while (this.ids[j]! >= 0) j = (j + 1) & this.mask;
      this.keys[j] = keys[h]!;
      this.ids[j] = ids[h]!;
    }
  }
}

/** Mixes the low and high 32 bits of an integer-valued double (fractions share their integer part's hash). */
function hash(key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
}
