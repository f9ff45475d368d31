// Null inputs across the catalog: a null argument gives a null result (an empty string for string-typed
// results, since a string is never null), unless the function documents otherwise (isnull, coalesce, ...).
import { describe, expect, it } from 'vitest';
import { scalar } from '../../helpers.js';

const NULL_RESULT = [
  'datetime_part("year", datetime(null))',
  'datetime_add("day", 1, datetime(null))',
  'datetime_add("day", long(null), now())',
  'datetime_diff("day", now(), datetime(null))',
  'getyear(datetime(null))',
  'dayofweek(datetime(null))',
  'week_of_year(datetime(null))',
  'startofmonth(datetime(null))',
  'endofday(now(), long(null))',
  'make_datetime(2020, int(null), 1)',
  'make_timespan(1, long(null))',
  'unixtime_milliseconds_todatetime(long(null))',
  'round(real(null), 2)',
  'abs(real(null))',
  'pow(2.0, real(null))',
  'sqrt(real(null))',
  'sign(real(null))',
  'isnan(real(null))',
  'binary_and(long(null), 1)',
  'array_length(dynamic(null))',
  'array_slice(dynamic(null), 0, 1)',
  'array_index_of(dynamic(null), 1)',
  'array_sort_asc(dynamic(null))',
  'array_reverse(dynamic(null))',
  'bag_keys(dynamic(null))',
  'bag_remove_keys(dynamic(null), dynamic(["a"]))',
  'set_union(dynamic(null), dynamic([1]))',
  'set_has_element(dynamic(null), 1)',
  'zip(dynamic(null), dynamic([1]))',
  'range(long(null), 3)',
  'repeat(1, long(null))',
  'parse_ipv4_mask("1.2.3.4", long(null))',
  'ipv4_is_private("")',
  'ipv4_compare("", "1.2.3.4")',
  'parse_ipv4("")',
  'parse_xml("")',
  'hash(long(null))',
  'indexof("abc", "b", long(null), 1, -5)',
  'strcmp("a", "b") + int(null)',
];

const EMPTY_STRING_RESULT = [
  'format_datetime(datetime(null), "yyyy")',
  'format_timespan(timespan(null), "hh")',
  'base64_decode_tostring("")',
  'url_decode("")',
  'url_encode("")',
  'strcat_array(dynamic(null), ",")',
  'hash_sha256(datetime(null))',
  'tohex(long(null))',
  'substring("", 1, 2)',
  'extract("(a)", 1, "")',
  'extractjson("$.a", "")',
  'replace_regex("", "a", "b")',
  'strrep("ab", long(null))',
  'reverse("")',
  'format_ipv4("")',
];

describe('null inputs', () => {
  it.each(NULL_RESULT)('%s is null', (expr) => {
    expect(scalar(`print ${expr}`)).toBeNull();
  });
  it.each(EMPTY_STRING_RESULT)('%s is ""', (expr) => {
    expect(scalar(`print ${expr}`)).toBe('');
  });
});
