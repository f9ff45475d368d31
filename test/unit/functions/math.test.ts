// Math functions: documented examples (round, ceiling, sign, min_of/max_of) and hand-derived values.
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';

describe('rounding', () => {
  it('round (documented examples)', () => {
    expect(rows('print round(2.98765, 3), round(2.15, 1), round(2.15), round(-50.55, -2), round(21.5, -1)')[0]).toEqual([2.988, 2.2, 2, -100, 20]);
  });
  it('round keeps longs exact and rounds halves away from zero', () => {
    expect(rows('print round(1234, -2), round(1250, -2), round(-1250, -2), round(-2.5), gettype(round(5))')[0]).toEqual([1200n, 1300n, -1300n, -3, 'long']);
    expect(scalar('print round(real(null))')).toBeNull();
  });
  it('ceiling (documented example) and floor as bin', () => {
    expect(rows('print c1 = ceiling(-1.1), c2 = ceiling(0), c3 = ceiling(0.9)')[0]).toEqual([-1, 0, 1]);
    expect(scalar('print floor(-3.5, 1.0)')).toBe(-4);
  });
});

describe('elementary functions', () => {
  it('sign and abs', () => {
    expect(rows('print s1 = sign(-42), s2 = sign(0), s3 = sign(11.2)')[0]).toEqual([-1, 0, 1]);
    expect(rows('print abs(-5), abs(-2.5), abs(-1h), abs(long(null))')[0]).toEqual([5n, 2.5, 36_000_000_000n, null]);
  });
  it('logarithms: documented log(5); null for negative input, -Infinity at zero', () => {
    expect(scalar('print result=log(5)')).toBe(1.6094379124341003);
    expect(rows('print log(exp(2.0)), log10(1000), log2(8), log(0), log10(-1), log2(real(null))')[0]).toEqual([2, 3, 3, -Infinity, null, null]);
  });
  it('pow, sqrt, exp2, exp10', () => {
    expect(rows('print pow(2, 10), sqrt(16), sqrt(-1), exp2(3), exp10(2)')[0]).toEqual([1024, 4, null, 8, 100]);
  });
  it('NaN and infinity tests', () => {
    expect(rows('print isnan(real(nan)), isinf(real(-inf)), isfinite(1.0), isfinite(real(+inf)), isnan(real(null))')[0]).toEqual([true, true, true, false, null]);
  });
  it('trigonometry', () => {
    expect(rows('print cos(0), sin(0), atan2(1, 1) * 4, degrees(pi()), radians(180) == pi()')[0]).toEqual([1, 0, Math.PI, 180, true]);
  });
});

describe('min_of / max_of', () => {
  it('documented examples: non-null values take precedence', () => {
    expect(scalar('print result=min_of(10, 1, -3, 17)')).toBe(-3n);
    const r = rows('datatable (A: int, B: int) [5, 2, 10, 1, int(null), 3, 1, int(null), int(null), int(null)] | project min_of(A, B)');
    expect(r.map((x) => x[0])).toEqual([2, 1, 3, 1, null]);
  });
  it('max_of widens numbers and compares datetimes and strings', () => {
    expect(scalar('print max_of(1, 2.5, 2)')).toBe(2.5);
    expect(scalar('print max_of("apple", "pear")')).toBe('pear');
    // Strings are never null, so "" is an ordinary (smallest) value.
    expect(scalar('print min_of("b", "", "a")')).toBe('');
    expect(scalar('print gettype(abs(int(-3)))')).toBe('int');
    expect(errorOf('print max_of(1, "a")').code).toBe('KQL105');
  });
});

describe('bitwise and random', () => {
  it('binary_* functions on longs', () => {
    // 12 = 0b1100, 10 = 0b1010.
    expect(rows('print binary_and(12, 10), binary_or(12, 10), binary_xor(12, 10), binary_not(0), binary_shift_left(1, 4), binary_shift_right(256, 4), bitset_count_ones(255)')[0]).toEqual([
      8n, 14n, 6n, -1n, 16n, 16n, 8n,
    ]);
  });
  it('rand() is in [0, 1) and rand(n) in [0, n-1]', () => {
    const r = rows('range i from 1 to 50 step 1 | project a = rand(), b = rand(3)');
    for (const [a, b] of r) {
      expect(a as number).toBeGreaterThanOrEqual(0);
      expect(a as number).toBeLessThan(1);
      expect([0n, 1n, 2n]).toContain(b);
    }
  });
});
