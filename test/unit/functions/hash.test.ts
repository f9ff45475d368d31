// Hash functions. hash() values are the documented examples; digests were checked against openssl's
// output for the same bytes (printf 'World' | openssl dgst -sha256 / -sha1 / -md5).
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';
import { xxhash64 } from '../../../src/engine/functions/hash.js';

describe('hash() (xxhash64)', () => {
  it('documented examples: string, string with mod, datetime', () => {
    expect(scalar('print result=hash("World")')).toBe(1846988464401551951n);
    expect(scalar('print result=hash("World", 100)')).toBe(51n);
    expect(scalar('print result=hash(datetime("2015-01-01"))')).toBe(1380966698541616202n);
  });
  it('hash_xxhash64 is the same function; mod results are never negative', () => {
    expect(scalar('print hash_xxhash64("World")')).toBe(1846988464401551951n);
    const r = rows('range i from 1 to 40 step 1 | project h = hash(tostring(i), 7)');
    for (const [h] of r) expect([0n, 1n, 2n, 3n, 4n, 5n, 6n]).toContain(h);
  });
  it('XXH64 reference vectors (published with the algorithm)', () => {
    expect(xxhash64(new Uint8Array(0)).toString(16)).toBe('ef46db3751d8e999');
    expect(xxhash64(Buffer.from('abc')).toString(16)).toBe('44bc2cf5ad770999');
    expect(xxhash64(Buffer.from('Nobody inspects the spammish repetition')).toString(16)).toBe('fbcea83c8a378bf1');
  });
  it('types whose byte layout kqlite cannot confirm are a KQL110 error', () => {
    expect(errorOf('print hash(1.5)').code).toBe('KQL110');
    expect(errorOf('print hash(dynamic([1]))').code).toBe('KQL110');
  });
});

describe('digests', () => {
  it('sha256 / sha1 / md5 of a string', () => {
    expect(rows('print hash_sha256("World"), hash_sha1("World"), hash_md5("World")')[0]).toEqual([
      '78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524',
      '70c07ec18ef89c5309bbb0937f3a6342411e1fdd',
      'f5a7924e621e84c9280a9a27e1bcb7f6',
    ]);
    expect(scalar('print hash_sha256("")')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('sha256 of a datetime (documented example)', () => {
    expect(scalar('print h2=hash_sha256(datetime(2020-01-01))')).toBe('ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d');
  });
  it('null datetime gives an empty string; reals are unsupported', () => {
    expect(scalar('print hash_md5(datetime(null))')).toBe('');
    expect(errorOf('print hash_md5(2.5)').code).toBe('KQL110');
  });
});
