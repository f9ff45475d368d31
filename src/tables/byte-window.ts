// A sliding window over the bytes of a data file (read with positioned reads, a chunk at a time) or over
// bytes already in memory, that also checks the bytes of an assigned span for NUL bytes and invalid UTF-8
// as they arrive, remembering the first offending offset of each kind.

import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { findInvalidUtf8 } from './decode.js';

/** Where a range's bytes come from: a file path, or bytes in memory. */
export interface ByteInput {
  path?: string | undefined;
  bytes?: Uint8Array | undefined;
  /** Total size in bytes. */
  size: number;
}

/** Default read size. */
export const CHUNK = 8 << 20;

/** Size of a window's first read. */
const FIRST_READ = 64 << 10;

/** A read buffer kept for the next window of this thread (ranges are read one after another). */
let spare: Buffer | null = null;

/** Drop the kept read buffer (the main thread does after a load, so a loaded table is all it holds). */
export function releaseReadBuffer(): void {
  spare = null;
}

export class ByteWindow {
  /** The bytes: buf[0, len) are file bytes [base, base + len). */
  buf: Buffer;
  base: number;
  len = 0;
  /** True when the window reaches the end of the input. */
  eof = false;
  /** First NUL byte and first invalid UTF-8 byte seen in the checked span (file offsets), -1 when none. */
  nulAt = -1;
  badAt = -1;
  private fd = -1;
  private readonly start: number;
  /** Checked span [vpos, vEnd): bytes before vpos are checked. */
  private vpos: number;

  constructor(
    private readonly input: ByteInput,
    start: number,
    checkFrom: number,
    private readonly vEnd: number,
    chunk = CHUNK,
    private readonly onBytes?: (n: number) => void,
  ) {
    this.start = start;
    this.vpos = checkFrom;
    if (input.bytes) {
      const b = input.bytes;
      this.buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      this.base = 0;
      this.len = b.length;
      this.eof = true;
      this.check();
    } else {
      this.fd = openSync(input.path!, 'r');
      const want = Math.max(1, Math.min(chunk, input.size - start + 1));
      if (spare && spare.length >= want && spare.length <= 2 * want) {
        this.buf = spare;
        spare = null;
      } else this.buf = Buffer.allocUnsafe(want);
      this.base = start;
      // The first read is small: the parser then refills early, while it is still being compiled, and
      // the compiled code already knows the refill path instead of being thrown away when it first
      // meets it some megabytes later.
      this.fill(FIRST_READ);
    }
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      spare = this.buf;
    }
    this.fd = -1;
  }

  /**
   * Read more bytes, keeping buf[keep, len) (moved to the front). Returns how far the kept bytes moved
   * (subtract it from local offsets). No-op at the end of the input.
   */
  more(keep: number): number {
    if (this.eof) return 0;
    const kept = this.len - keep;
    if (keep === 0 && kept === this.buf.length) {
      // One record fills the whole window: make it larger.
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    } else if (keep > 0) {
      this.buf.copy(this.buf, 0, keep, this.len);
      this.base += keep;
      this.len = kept;
    }
    this.fill();
    return keep;
  }

  private fill(max = Infinity): void {
    const want = Math.min(this.buf.length - this.len, max);
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, this.buf, this.len + got, want - got, this.base + this.len + got);
      if (n === 0) break;
      got += n;
    }
    this.len += got;
    if (this.base + this.len >= this.input.size || got === 0) this.eof = true;
    this.check();
    this.onBytes?.(this.base + this.len - this.start);
  }

  /** Check the newly arrived bytes of the span (up to the last ASCII byte, so no character is split). */
  private check(): void {
    if (this.nulAt >= 0 || this.vpos >= this.vEnd) return;
    const a = this.vpos - this.base;
    let b = Math.min(this.vEnd - this.base, this.len);
    if (a < 0 || a >= b) return;
    if (!(this.eof || this.vEnd - this.base <= this.len)) {
      while (b > a && this.buf[b - 1]! >= 0x80) b--;
      if (b === a) return;
    }
    const seg = this.buf.subarray(a, b);
    const z = seg.indexOf(0);
    if (z >= 0) this.nulAt = this.base + a + z;
    else if (this.badAt < 0 && !isUtf8(seg)) {
      const k = findInvalidUtf8(seg);
      this.badAt = this.base + a + (k < 0 ? seg.length : k);
    }
    this.vpos = this.base + b;
  }

  /** Read and check the rest of the span without parsing it (after a fatal error ended parsing early). */
  checkRest(): void {
    while (this.vpos < this.vEnd && this.nulAt < 0 && !this.eof) this.more(this.len);
    this.check();
  }
}
