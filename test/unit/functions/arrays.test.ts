// range(), zip, array_iff, shifting/rotating, array_split and new_guid. Expected values are the documented
// examples, or derived by hand where a comment says so.
import { describe, expect, it } from 'vitest';
import { rows, scalar } from '../../helpers.js';

describe('range()', () => {
  it('documented examples', () => {
    expect(rows('print range(1, 8, 3), range(1, 3), range(1h, 5h)')[0]).toEqual([[1, 4, 7], [1, 2, 3], ['01:00:00', '02:00:00', '03:00:00', '04:00:00', '05:00:00']]);
    expect(scalar('print array_length(range(datetime(2015-01-01), datetime(2015-12-31), 1d))')).toBe(365n);
    expect(scalar('print r = range(1,1000000000) | mv-expand r | count')).toBe(1048576n);
  });
  it('descending steps, reals, a zero step and per-row use', () => {
    expect(rows('print range(5, 1, -2), range(1.0, 2.0, 0.5), range(1, 2, 0)')[0]).toEqual([[5, 3, 1], [1, 1.5, 2], null]);
    expect(rows('range x from 1 to 3 step 1 | extend r = range(1, x)').map((r) => r[1])).toEqual([[1], [1, 2], [1, 2, 3]]);
  });
});

describe('zip and array_iff', () => {
  it('zip (documented examples)', () => {
    expect(scalar('print zip(dynamic([1,3,5]), dynamic([2,4,6]))')).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(scalar('print zip(dynamic(["A", 1, 1.5]), dynamic([{}, "B"]))')).toEqual([['A', {}], [1, 'B'], [1.5, null]]);
  });
  it('array_iff / array_iif (documented examples)', () => {
    expect(scalar('print array_iff(dynamic([true,false,true]), dynamic([1,2,3]), dynamic([4,5,6]))')).toEqual([1, 5, 3]);
    expect(scalar('print array_iff(dynamic([1,0,50]), "yes", "no")')).toEqual(['yes', 'no', 'yes']);
    expect(scalar('print array_iff(dynamic(["some string value", "2022-01-01", null]), 1, 0)')).toEqual([null, null, null]);
    expect(scalar('print array_iif(dynamic([true,true,true]), dynamic([1,2]), dynamic([3,4]))')).toEqual([1, 2, null]);
  });
});

describe('shifting, rotating, splitting', () => {
  it('array_shift_left (documented examples) and array_shift_right', () => {
    expect(rows('print array_shift_left(dynamic([1,2,3,4,5]), 2), array_shift_left(dynamic([1,2,3,4,5]), 2, -1), array_shift_left(dynamic([1,2,3,4,5]), -2, -1)')[0]).toEqual([
      [3, 4, 5, null, null],
      [3, 4, 5, -1, -1],
      [-1, -1, 1, 2, 3],
    ]);
    expect(scalar('print array_shift_right(dynamic([1,2,3,4,5]), 1)')).toEqual([null, 1, 2, 3, 4]);
    // An array of strings is filled with "".
    expect(scalar('print array_shift_left(dynamic(["a","b"]), 1)')).toEqual(['b', '']);
  });
  it('array_rotate_left / array_rotate_right', () => {
    expect(rows('print array_rotate_left(dynamic([1,2,3,4,5]), 2), array_rotate_left(dynamic([1,2,3,4,5]), -2), array_rotate_right(dynamic([1,2,3,4,5]), 2)')[0]).toEqual([
      [3, 4, 5, 1, 2],
      [4, 5, 1, 2, 3],
      [4, 5, 1, 2, 3],
    ]);
  });
  it('array_split', () => {
    expect(rows('print array_split(dynamic([1,2,3,4,5]), 2), array_split(dynamic([1,2,3,4,5]), dynamic([1,3])), array_split(dynamic([1,2,3,4,5]), dynamic([-1]))')[0]).toEqual([
      [[1, 2], [3, 4, 5]],
      [[1], [2, 3], [4, 5]],
      [[1, 2, 3, 4], [5]],
    ]);
  });
});

describe('new_guid', () => {
  it('is a fresh guid on every call', () => {
    const [a, b, same, t] = rows('print a = new_guid(), b = new_guid() | extend same = a == b, t = gettype(a)')[0]!;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).not.toBe(a);
    expect([same, t]).toEqual([false, 'guid']);
  });
});
