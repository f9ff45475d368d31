// Array, property-bag and set functions. Expected values are the documented examples, or derived by hand.
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';

describe('arrays', () => {
  it('array_length / arraylength: null for a non-array', () => {
    expect(rows('print array_length(dynamic([1, 2, 3])), array_length(dynamic([])), array_length(dynamic({"a": 1})), arraylength(parse_json("[1]"))')[0]).toEqual([3n, 0n, null, 1n]);
  });
  it('array_concat (documented example)', () => {
    const r = rows('range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | extend a1 = pack_array(x,y,z), a2 = pack_array(x, y) | project c = array_concat(a1, a2)');
    expect(r.map((x) => x[0])).toEqual([
      [1, 2, 4, 1, 2],
      [2, 4, 8, 2, 4],
      [3, 6, 12, 3, 6],
    ]);
    expect(scalar('print array_concat(dynamic([1]), dynamic({"a": 1}))')).toBeNull();
  });
  it('array_slice (documented examples) with out-of-range ends', () => {
    expect(scalar('print array_slice(dynamic([1,2,3]), 1, 2)')).toEqual([2, 3]);
    expect(scalar('print array_slice(dynamic([1,2,3,4,5]), 2, -1)')).toEqual([3, 4, 5]);
    expect(scalar('print array_slice(dynamic([1,2,3,4,5]), -3, -2)')).toEqual([3, 4]);
    expect(scalar('print array_slice(dynamic([1,2,3]), 1, 10)')).toEqual([2, 3]);
    expect(scalar('print array_slice(dynamic([1,2,3]), 2, 1)')).toEqual([]);
    expect(scalar('print array_slice(dynamic(null), 0, 1)')).toBeNull();
  });
  it('array_index_of (documented example)', () => {
    const r = rows(`let arr=dynamic(["this", "is", "an", "example", "an", "example"]);
      print idx1 = array_index_of(arr,"an"), idx2 = array_index_of(arr,"example",1,3), idx3 = array_index_of(arr,"example",1,2),
        idx4 = array_index_of(arr,"is",2,4), idx5 = array_index_of(arr,"example",2,-1), idx6 = array_index_of(arr, "an", 1, -1, 2),
        idx7 = array_index_of(arr, "an", 1, -1, 3), idx8 = array_index_of(arr, "an", -3), idx9 = array_index_of(arr, "is", -4)`);
    expect(r[0]).toEqual([2n, 3n, -1n, -1n, 3n, 4n, -1n, 4n, -1n]);
  });
  it('array_index_of: numbers, invalid arguments', () => {
    expect(scalar('print array_index_of(dynamic([1, 2, 3]), 3)')).toBe(2n);
    expect(scalar('print array_index_of(dynamic([1, 2, 3]), 1, 0, -2)')).toBeNull();
  });
  it('array_sort_asc / array_sort_desc (documented null placement)', () => {
    expect(scalar('print array_sort_asc(dynamic([null,"blue","yellow","green",null]))')).toEqual(['blue', 'green', 'yellow', null, null]);
    expect(scalar('print array_sort_asc(dynamic([null,"blue","yellow","green",null]), false)')).toEqual([null, null, 'blue', 'green', 'yellow']);
    expect(scalar('let Names = "John,Paul,George,Ringo"; print strcat_array(array_sort_asc(split(Names, ",")), ",")')).toBe('George,John,Paul,Ringo');
    expect(scalar('print array_sort_desc(dynamic([1, 3, 2, null]))')).toEqual([3, 2, 1, null]);
    // Numbers come before strings.
    expect(scalar('print array_sort_asc(dynamic(["b", 2, "a", 1]))')).toEqual([1, 2, 'a', 'b']);
  });
  it('array_sort_asc of several arrays is reported as unsupported', () => {
    expect(errorOf('print array_sort_asc(dynamic([1]), dynamic([2]))').code).toBe('KQL110');
  });
  it('repeat (documented): [1,1,1]; empty for 0; null for a negative count', () => {
    expect(rows('print repeat(1, 3), repeat("a", 0), repeat(1, -1)')[0]).toEqual([[1, 1, 1], [], null]);
  });
  it('array_reverse, array_sum, repeat', () => {
    expect(rows('print array_reverse(dynamic([1, "a", true])), array_sum(dynamic([1, 2.5])), repeat("x", 3), repeat(1, 0)')[0]).toEqual([
      [true, 'a', 1],
      3.5,
      ['x', 'x', 'x'],
      [],
    ]);
  });
  it('pack_array converts each value to its dynamic form', () => {
    expect(scalar('print pack_array(1, "a", datetime(2020-01-01), 1h, long(null))')).toEqual([1, 'a', '2020-01-01T00:00:00Z', '01:00:00', null]);
  });
});

describe('property bags', () => {
  it('bag_pack / pack / pack_dictionary', () => {
    expect(scalar('print bag_pack("a", 1, "b", "x")')).toEqual({ a: 1, b: 'x' });
    expect(scalar('print pack("k", dynamic([1]))')).toEqual({ k: [1] });
    expect(scalar('print pack_dictionary("k", 2.5)')).toEqual({ k: 2.5 });
    expect(errorOf('print bag_pack("a")').code).toBe('KQL112');
  });
  it('bag_keys', () => {
    expect(scalar('print bag_keys(dynamic({"a": 1, "b": {"c": 2}}))')).toEqual(['a', 'b']);
    expect(scalar('print bag_keys(dynamic([1]))')).toBeNull();
  });
  it('bag_merge keeps the leftmost value (documented example)', () => {
    expect(scalar("print result = bag_merge(dynamic({ 'A1':12, 'B1':2, 'C1':3}), dynamic({ 'A2':81, 'B2':82, 'A1':1}))")).toEqual({ A1: 12, B1: 2, C1: 3, A2: 81, B2: 82 });
  });
  it('bag_remove_keys, with JSONPath keys (documented examples)', () => {
    expect(scalar("print bag_remove_keys(dynamic({'key1' : 123, 'key2': 'abc'}), dynamic(['key2', 'key4']))")).toEqual({ key1: 123 });
    expect(scalar("print bag_remove_keys(dynamic({'key1': 123, 'key2': {'prop1' : 'abc', 'prop2': 'xyz'}, 'key3': [100, 200]}), dynamic(['$.key2.prop1', 'key3']))")).toEqual({
      key1: 123,
      key2: { prop2: 'xyz' },
    });
  });
  it('bag_has_key and bag_set_key', () => {
    expect(rows("print bag_has_key(dynamic({'a': {'b': 1}}), 'a'), bag_has_key(dynamic({'a': {'b': 1}}), '$.a.b'), bag_has_key(dynamic({'a': 1}), 'z')")[0]).toEqual([true, true, false]);
    expect(scalar("print bag_set_key(dynamic({'a': 1}), '$.b.c', 2)")).toEqual({ a: 1, b: { c: 2 } });
  });
});

describe('sets', () => {
  it('set_union / set_intersect dedupe', () => {
    expect(scalar('print set_union(dynamic([1, 2, 2]), dynamic([2, 3]), dynamic([3, 4]))')).toEqual([1, 2, 3, 4]);
    expect(scalar('print set_intersect(dynamic([1, 2, 2, 3]), dynamic([2, 3, 4]))')).toEqual([2, 3]);
  });
  it('set_difference (documented examples)', () => {
    const r = rows('range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | extend w = z * 2 | extend a1 = pack_array(x,y,x,z), a2 = pack_array(x, y), a3 = pack_array(x,y,w) | project d = set_difference(a1, a2, a3)');
    expect(r.map((x) => x[0])).toEqual([[4], [8], [12]]);
    expect(scalar('print arr = set_difference(dynamic([1,2,3]), dynamic([1,2,3]))')).toEqual([]);
  });
  it('jaccard_index (documented example); duplicates are ignored', () => {
    expect(scalar('print set1=dynamic([1,2,3]), set2=dynamic([1,2,3,4]) | extend jaccard=jaccard_index(set1, set2) | project jaccard')).toBe(0.75);
    // {1, 2} and {2, 3}: one shared of three distinct.
    expect(scalar('print jaccard_index(dynamic([1, 1, 2]), dynamic([2, 3, 3]))')).toBeCloseTo(1 / 3);
  });
  it('set_has_element', () => {
    expect(rows('print set_has_element(dynamic(["a", "b"]), "b"), set_has_element(dynamic([1, 2]), 3), set_has_element(dynamic({"a": 1}), "a")')[0]).toEqual([true, false, null]);
  });
});
