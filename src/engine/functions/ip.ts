// IP address functions: IPv4 parsing with IP-prefix notation (parse_ipv4, ipv4_compare, ipv4_is_match,
// ipv4_is_in_range, ipv4_is_private, ...), IPv4 text search (has_ipv4, has_any_ipv4, has_ipv4_prefix, ...),
// IPv6 comparison, and geo_info_from_ip_address (which kqlite cannot offer).

import type { Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { errors } from '../binder/errors.js';
import { custom, overloaded, type ScalarFunction } from './registry.js';

/** An IPv4 address as an unsigned 32-bit number with its prefix length (32 when none is written). */
interface Ipv4 {
  addr: number;
  prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** Parse `a.b.c.d[/prefix]`; undefined when malformed or out of range. */
export function parseIpv4(text: string): Ipv4 | undefined {
  const m = IPV4.exec(text.trim());
  if (!m) return undefined;
  let addr = 0;
  for (let k = 1; k <= 4; k++) {
    const o = Number(m[k]);
    if (o > 255) return undefined;
    addr = addr * 256 + o;
  }
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  return prefix > 32 ? undefined : { addr, prefix };
}

/** The address with all but the first `prefix` bits cleared (as an unsigned number). */
function masked(addr: number, prefix: number): number {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return addr;
  return Math.floor(addr / 2 ** (32 - prefix)) * 2 ** (32 - prefix);
}

const str = (v: Value): string => (v ?? '') as string;

/** The common prefix of two parsed addresses and an optional explicit prefix; undefined when invalid. */
function comparePrefix(a: Ipv4, b: Ipv4, p: Value | undefined): number | undefined {
  let prefix = Math.min(a.prefix, b.prefix);
  if (p !== undefined && p !== null) {
    const n = Number(p);
    if (n < 0 || n > 32) return undefined;
    prefix = Math.min(prefix, n);
  }
  return prefix;
}

function ipv4Compare(x: Value, y: Value, p?: Value): number | null {
  const a = parseIpv4(str(x));
  const b = parseIpv4(str(y));
  if (!a || !b) return null;
  const prefix = comparePrefix(a, b, p);
  if (prefix === undefined) return null;
  const ma = masked(a.addr, prefix);
  const mb = masked(b.addr, prefix);
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

/** Private ranges: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
const PRIVATE: [number, number][] = [
  [10 * 2 ** 24, 8],
  [(172 * 256 + 16) * 2 ** 16, 12],
  [(192 * 256 + 168) * 2 ** 16, 16],
];

/** True when the whole range an address (with its prefix) denotes lies inside one private block. */
function isPrivate(ip: Ipv4): boolean {
  return PRIVATE.some(([net, bits]) => ip.prefix >= bits && masked(ip.addr, bits) === net);
}

function inRange(ipText: Value, rangeText: Value): boolean | null {
  const ip = parseIpv4(str(ipText));
  const range = parseIpv4(str(rangeText));
  if (!ip || !range) return null;
  return masked(ip.addr, range.prefix) === masked(range.addr, range.prefix);
}

/** The ranges of ipv4_is_in_any_range: separate arguments or one dynamic array. */
function rangeList(vals: Value[]): string[] {
  const out: string[] = [];
  for (const v of vals) {
    if (Array.isArray(v)) for (const x of v) out.push(typeof x === 'string' ? x : '');
    else out.push(typeof v === 'string' ? v : '');
  }
  return out;
}

// ------------------------------------------------------------------------------------------ text search

const EMBEDDED = /(?<![0-9A-Za-z.])(\d{1,3}(?:\.\d{1,3}){3})(?![0-9A-Za-z]|\.\d)/g;

/** The valid IPv4 addresses that appear in text delimited by non-alphanumeric characters. */
function addressesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(EMBEDDED)) if (parseIpv4(m[1]!)) out.push(m[1]!);
  return out;
}

/** A valid prefix for has_ipv4_prefix: a full address, or 1-3 octets each followed by a dot. */
function validPrefix(p: string): boolean {
  if (parseIpv4(p) && !p.includes('/')) return true;
  const m = /^(\d{1,3}\.){1,3}$/.exec(p);
  return !!m && p.split('.').slice(0, -1).every((o) => Number(o) <= 255);
}

const normalize = (ip: string): string => {
  const p = parseIpv4(ip);
  return p ? String(p.addr) : '';
};

function hasAny(text: Value, wanted: string[]): boolean {
  const targets = new Set(wanted.filter((w) => parseIpv4(w) && !w.includes('/')).map(normalize));
  if (!targets.size) return false;
  return addressesIn(str(text)).some((a) => targets.has(normalize(a)));
}

function hasAnyPrefix(text: Value, prefixes: string[]): boolean {
  const valid = prefixes.filter(validPrefix);
  if (!valid.length) return false;
  return addressesIn(str(text)).some((a) => valid.some((p) => (p.endsWith('.') ? a.startsWith(p) : normalize(a) === normalize(p))));
}

// ------------------------------------------------------------------------------------------ IPv6

/** Parse an IPv6 address (or an IPv4 one, as ::ffff:a.b.c.d) with an optional /prefix into a 128-bit bigint. */
export function parseIpv6(text: string): { addr: bigint; prefix: number } | undefined {
  let s = text.trim();
  let prefix = 128;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    s = s.slice(0, slash);
    prefix = Number(p);
  }
  const v4 = parseIpv4(s);
  if (v4) return prefix > 128 ? undefined : { addr: (0xffffn << 32n) | BigInt(v4.addr), prefix: slash >= 0 ? Math.min(prefix + 96, 128) : 128 };
  // A trailing dotted IPv4 part stands for the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const t = parseIpv4(s.slice(lastColon + 1));
    if (!t || t.prefix !== 32 || s.slice(lastColon + 1).includes('/')) return undefined;
    s = s.slice(0, lastColon + 1) + Math.floor(t.addr / 65536).toString(16) + ':' + (t.addr % 65536).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const all = [...head, ...Array<number>(8 - known).fill(0), ...rest];
  let addr = 0n;
  for (const g of all) addr = (addr << 16n) | BigInt(g);
  return prefix > 128 ? undefined : { addr, prefix };
}

function ipv6Compare(x: Value, y: Value, p?: Value): number | null {
  const a = parseIpv6(str(x));
  const b = parseIpv6(str(y));
  if (!a || !b) return null;
  let prefix = Math.min(a.prefix, b.prefix);
  if (p !== undefined && p !== null) {
    if (Number(p) < 0 || Number(p) > 128) return null;
    prefix = Math.min(prefix, Number(p));
  }
  const shift = BigInt(128 - prefix);
  const ma = a.addr >> shift;
  const mb = b.addr >> shift;
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

const toLong = (n: number | null): bigint | null => (n === null ? null : BigInt(n));
const S = 'string';

/** geo_info_from_ip_address needs Microsoft's geolocation database: a bind-time KQL110 error. */
const geoInfo = custom('geo_info_from_ip_address', 1, 1, (site): BExpr => {
  throw errors.unsupported('geo_info_from_ip_address() (it needs a geolocation database that kqlite does not have)', site.span);
});

/** The IP family, registered by functions/index.ts. */
export const ipFunctions: ScalarFunction[] = [
  overloaded('parse_ipv4', [
    {
      params: [S],
      ret: 'long',
      fn: (s) => {
        const ip = parseIpv4(str(s));
        return ip ? BigInt(masked(ip.addr, ip.prefix)) : null;
      },
    },
  ]),
  overloaded('parse_ipv4_mask', [
    {
      params: [S, 'long'],
      ret: 'long',
      fn: (s, p) => {
        const ip = parseIpv4(str(s));
        const n = Number(p);
        return ip && n >= 0 && n <= 32 ? BigInt(masked(ip.addr, Math.min(n, ip.prefix))) : null;
      },
    },
  ]),
  overloaded('ipv4_compare', [{ params: [S, S, 'long'], min: 2, ret: 'long', handlesNulls: true, fn: (a, b, p) => toLong(ipv4Compare(a, b, p)) }]),
  overloaded('ipv4_is_match', [
    { params: [S, S, 'long'], min: 2, ret: 'bool', handlesNulls: true, fn: (a, b, p) => { const c = ipv4Compare(a, b, p); return c === null ? null : c === 0; } },
  ]),
  overloaded('ipv4_is_in_range', [{ params: [S, S], ret: 'bool', fn: inRange }]),
  overloaded('ipv4_is_in_any_range', [
    {
      params: [S, 'any'],
      variadic: true,
      ret: 'bool',
      handlesNulls: true,
      fn: (ip, ...ranges) => {
        if (!parseIpv4(str(ip))) return null;
        return rangeList(ranges).some((r) => inRange(ip, r) === true);
      },
    },
  ]),
  overloaded('ipv4_is_private', [{ params: [S], ret: 'bool', fn: (s) => { const ip = parseIpv4(str(s)); return ip ? isPrivate(ip) : null; } }]),
  overloaded('ipv4_netmask_suffix', [{ params: [S], ret: 'int', fn: (s) => parseIpv4(str(s))?.prefix ?? null }]),
  overloaded('format_ipv4', [
    { params: [S, 'long'], min: 1, ret: S, fn: (s, p) => formatIpv4(parseIpv4(str(s)), p) },
    { params: ['long', 'long'], min: 1, ret: S, fn: (n, p) => formatIpv4(longToIp(n as bigint), p) },
  ]),
  overloaded('format_ipv4_mask', [
    { params: [S, 'long'], min: 1, ret: S, fn: (s, p) => formatIpv4(parseIpv4(str(s)), p, true) },
    { params: ['long', 'long'], min: 1, ret: S, fn: (n, p) => formatIpv4(longToIp(n as bigint), p, true) },
  ]),
  overloaded('has_ipv4', [{ params: [S, S], ret: 'bool', fn: (t, ip) => hasAny(t, [str(ip)]) }]),
  overloaded('has_ipv4_prefix', [{ params: [S, S], ret: 'bool', fn: (t, p) => hasAnyPrefix(t, [str(p)]) }]),
  overloaded('has_any_ipv4', [{ params: [S, 'any'], variadic: true, ret: 'bool', handlesNulls: true, fn: (t, ...ips) => hasAny(t, rangeList(ips)) }]),
  overloaded('has_any_ipv4_prefix', [{ params: [S, 'any'], variadic: true, ret: 'bool', handlesNulls: true, fn: (t, ...ps) => hasAnyPrefix(t, rangeList(ps)) }]),
  overloaded('ipv6_compare', [{ params: [S, S, 'long'], min: 2, ret: 'long', handlesNulls: true, fn: (a, b, p) => toLong(ipv6Compare(a, b, p)) }]),
  overloaded('ipv6_is_match', [
    { params: [S, S, 'long'], min: 2, ret: 'bool', handlesNulls: true, fn: (a, b, p) => { const c = ipv6Compare(a, b, p); return c === null ? null : c === 0; } },
  ]),
  geoInfo,
];

function longToIp(n: bigint): Ipv4 | undefined {
  return n < 0n || n > 0xffffffffn ? undefined : { addr: Number(n), prefix: 32 };
}

/** format_ipv4 / format_ipv4_mask: dotted text of the masked address ("" when invalid). */
function formatIpv4(ip: Ipv4 | undefined, p: Value | undefined, withMask = false): string {
  if (!ip) return '';
  let prefix = ip.prefix;
  if (p !== undefined && p !== null) {
    const n = Number(p);
    if (n < 0 || n > 32) return '';
    prefix = Math.min(prefix, n);
  }
  const a = masked(ip.addr, prefix);
  const text = [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
  return withMask ? `${text}/${prefix}` : text;
}

