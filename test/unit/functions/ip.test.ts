// IPv4/IPv6 functions. Expected values are the documented examples, or derived by hand.
import { describe, expect, it } from 'vitest';
import { errorOf, rows, scalar } from '../../helpers.js';

const col = (q: string): unknown[] => rows(q).map((r) => r[r.length - 1]);

describe('IPv4 parsing and comparison', () => {
  it('parse_ipv4 applies the prefix (documented example)', () => {
    expect(col("datatable(ip_string: string) ['192.168.1.1', '192.168.1.1/24', '255.255.255.255/31'] | extend ip_long = parse_ipv4(ip_string)")).toEqual([
      3232235777n,
      3232235776n,
      4294967294n,
    ]);
  });
  it('parse_ipv4 gives null for invalid text', () => {
    expect(rows("print parse_ipv4('256.1.1.1'), parse_ipv4('1.2.3'), parse_ipv4('1.2.3.4/33'), parse_ipv4('')")[0]).toEqual([null, null, null, null]);
  });
  it('parse_ipv4_mask', () => {
    // 127.0.0.1 masked to 24 bits is 127.0.0.0 = 127 * 2^24.
    expect(scalar('print parse_ipv4_mask("127.0.0.1", 24)')).toBe(2130706432n);
    expect(scalar('print parse_ipv4_mask("127.0.0.1", 40)')).toBeNull();
  });
  it('ipv4_compare (documented examples)', () => {
    expect(
      col(`datatable(ip1_string:string, ip2_string:string) ['192.168.1.0', '192.168.1.0', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24', '192.168.1.1/30', '192.168.1.255/24']
        | extend result = ipv4_compare(ip1_string, ip2_string)`),
    ).toEqual([0n, 0n, 0n, 0n]);
    expect(
      col(`datatable(ip1_string:string, ip2_string:string, prefix:long) ['192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24]
        | extend result = ipv4_compare(ip1_string, ip2_string, prefix)`),
    ).toEqual([0n, 0n, 0n]);
    expect(rows("print ipv4_compare('10.0.0.1', '10.0.0.2'), ipv4_compare('10.0.0.3', '10.0.0.2'), ipv4_compare('x', '10.0.0.2')")[0]).toEqual([-1n, 1n, null]);
  });
  it('ipv4_is_match (documented examples)', () => {
    expect(scalar("print ipv4_is_match('192.168.1.1/24', '192.168.1.255')")).toBe(true);
    expect(
      col(`datatable(ip1_string:string, ip2_string:string, prefix:long) ['192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24]
        | extend result = ipv4_is_match(ip1_string, ip2_string, prefix)`),
    ).toEqual([true, true, true]);
    expect(scalar("print ipv4_is_match('192.168.1.1', '192.168.1.2')")).toBe(false);
  });
  it('ipv4_is_in_range and ipv4_is_in_any_range', () => {
    expect(col("datatable(ip_address:string, ip_range:string) ['192.168.1.1', '192.168.1.1', '192.168.1.1', '192.168.1.255/24'] | extend result = ipv4_is_in_range(ip_address, ip_range)")).toEqual([true, true]);
    expect(rows("print ipv4_is_in_range('10.1.1.1', '10.2.0.0/16'), ipv4_is_in_range('bad', '10.2.0.0/16')")[0]).toEqual([false, null]);
    expect(rows("print ipv4_is_in_any_range('10.2.3.4', '192.168.0.0/16', '10.2.0.0/16'), ipv4_is_in_any_range('10.2.3.4', dynamic(['1.0.0.0/8']))")[0]).toEqual([true, false]);
  });
  it('ipv4_is_private (documented examples)', () => {
    expect(col("datatable(ip_string:string) ['10.1.2.3', '192.168.1.1/24', '127.0.0.1'] | extend result = ipv4_is_private(ip_string)")).toEqual([true, true, false]);
    expect(rows("print ipv4_is_private('202.1.2.3'), ipv4_is_private('172.31.255.255'), ipv4_is_private('172.32.0.1'), ipv4_is_private('nope')")[0]).toEqual([false, true, false, null]);
  });
  it('format_ipv4, format_ipv4_mask, ipv4_netmask_suffix', () => {
    expect(rows("print format_ipv4('192.168.1.255', 24), format_ipv4(3232235777), format_ipv4_mask('192.168.1.255', 24), ipv4_netmask_suffix('10.0.0.0/8')")[0]).toEqual([
      '192.168.1.0',
      '192.168.1.1',
      '192.168.1.0/24',
      8,
    ]);
  });
});

describe('IPv4 text search', () => {
  it('has_ipv4 (documented examples)', () => {
    expect(scalar("print result=has_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1')")).toBe(true);
    expect(scalar("print result=has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256')")).toBe(false);
    expect(scalar("print result=has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1')")).toBe(false);
  });
  it('has_ipv4_prefix (documented examples)', () => {
    expect(scalar("print has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.')")).toBe(true);
    expect(scalar("print has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0')")).toBe(false);
    expect(scalar("print has_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.')")).toBe(false);
    expect(scalar("print has_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.')")).toBe(false);
  });
  it('has_any_ipv4 (documented examples) and has_any_ipv4_prefix', () => {
    expect(scalar("print has_any_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '127.0.0.2')")).toBe(true);
    expect(scalar('print has_any_ipv4(\'05:04:54 127.0.0.256 GET /favicon.ico 404\', dynamic(["127.0.0.256", "192.168.1.1"]))')).toBe(false);
    expect(scalar("print has_any_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '192.168.1.1')")).toBe(false);
    expect(scalar("print has_any_ipv4_prefix('from 10.1.1.115, and 10.1.1.201.', dynamic(['192.', '10.1.1.']))")).toBe(true);
  });
});

describe('IPv6 and geo', () => {
  it('ipv6_compare (documented examples)', () => {
    expect(
      col(`datatable(ip1_string:string, ip2_string:string) [
        '192.168.1.1', '192.168.1.1', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24', '192.168.1.1/30', '192.168.1.255/24',
        'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998',
        'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7998/120', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998/120',
        '192.168.1.1', '::ffff:c0a8:0101', '192.168.1.1/24', '::ffff:c0a8:01ff', '::ffff:c0a8:0101', '192.168.1.255/24', '::192.168.1.1/30', '192.168.1.255/24']
        | extend result = ipv6_compare(ip1_string, ip2_string)`),
    ).toEqual(Array(12).fill(0n));
    expect(
      col(`datatable(ip1_string:string, ip2_string:string, prefix:long) [
        '192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24,
        'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127, 'fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120,
        'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 127, '192.168.1.1/24', '::ffff:c0a8:01ff', 127,
        '::ffff:c0a8:0101', '192.168.1.255', 120, '::192.168.1.1/30', '192.168.1.255/24', 127]
        | extend result = ipv6_compare(ip1_string, ip2_string, prefix)`),
    ).toEqual(Array(9).fill(0n));
  });
  it('ipv6_compare and ipv6_is_match', () => {
    expect(
      rows(`print ipv6_compare('::ffff:7f00:1', '127.0.0.1'), ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995'),
        ipv6_compare('fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7995'), ipv6_is_match('2001:db8::1', '2001:0db8:0:0:0:0:0:1'),
        ipv6_compare('fe80::1', 'fe80::1', 200), ipv6_compare('not an ip', '::1')`)[0],
    ).toEqual([0n, -1n, 0n, true, null, null]);
  });
  it('geo_info_from_ip_address is a bind-time KQL110 error', () => {
    const e = errorOf("print geo_info_from_ip_address('20.53.203.50')");
    expect(e.code).toBe('KQL110');
    expect(e.message).toContain('geolocation database');
  });
});
