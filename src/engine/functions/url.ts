// URL, path and base64 functions: parse_url, parse_urlquery, parse_path, url_encode(_component), url_decode,
// and base64 encoding of strings, byte arrays and guids.

import type { Dynamic, Value } from '../../types.js';
import { overloaded, type ScalarFunction } from './registry.js';

const str = (v: Value): string => (v ?? '') as string;
const utf8 = new TextEncoder();

// ------------------------------------------------------------------------------------------ URLs

/** `k1=v1&k2=v2` as a bag (parts without '=' are skipped; values are kept as written). */
function queryParameters(q: string): Record<string, Dynamic> {
  const o: Record<string, Dynamic> = {};
  for (const part of q.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    o[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return o;
}

/**
 * parse_url(): Scheme, Host, Port, Path, Username, Password, Query Parameters and Fragment of an absolute URL
 * (`scheme://[user:password@]host[:port][/path][?query][#fragment]`); every part is empty for text of another form.
 */
export function parseUrl(url: string): Dynamic {
  const out = { Scheme: '', Host: '', Port: '', Path: '', Username: '', Password: '', 'Query Parameters': {} as Dynamic, Fragment: '' };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([\s\S]*)$/.exec(url.trim());
  if (!m) return out;
  out.Scheme = m[1]!;
  let rest = m[2]!;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    out.Fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    out['Query Parameters'] = queryParameters(rest.slice(q + 1));
    rest = rest.slice(0, q);
  }
  const slash = rest.indexOf('/');
  let authority = slash >= 0 ? rest.slice(0, slash) : rest;
  out.Path = slash >= 0 ? rest.slice(slash) : '';
  const cred = /^([^:@/]*):([^@/]*)@([\s\S]*)$/.exec(authority);
  if (cred) {
    out.Username = cred[1]!;
    out.Password = cred[2]!;
    authority = cred[3]!;
  }
  const colon = authority.lastIndexOf(':');
  out.Host = colon >= 0 ? authority.slice(0, colon) : authority;
  out.Port = colon >= 0 ? authority.slice(colon + 1) : '';
  return out;
}

/** parse_path(): Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName. */
export function parsePath(path: string): Dynamic {
  let rest = path;
  let scheme = '';
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([\s\S]*)$/.exec(rest);
  if (sm) {
    scheme = sm[1]!;
    rest = sm[2]!;
  }
  const body = rest.startsWith('\\\\?\\') ? rest.slice(4) : rest;
  const root = /^[A-Za-z]:/.exec(body)?.[0] ?? '';
  const lastSep = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
  const dirPath = lastSep >= 0 ? rest.slice(0, lastSep) : '';
  let file = lastSep >= 0 ? rest.slice(lastSep + 1) : rest.slice(rest.length - body.length + root.length);
  let stream = '';
  const colon = file.indexOf(':');
  if (colon >= 0) {
    stream = file.slice(colon + 1);
    file = file.slice(0, colon);
  }
  const dot = file.lastIndexOf('.');
  const segments = dirPath.split(/[\\/]/).filter((s) => s !== '');
  let dirName = segments[segments.length - 1] ?? '';
  if (dirName === root || /^[A-Za-z]:$/.test(dirName)) dirName = '';
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: dirPath,
    DirectoryName: dirName,
    Filename: file,
    Extension: dot >= 0 ? file.slice(dot + 1) : '',
    AlternateDataStreamName: stream,
  };
}

const SAFE = /[A-Za-z0-9\-_.!*()]/;

/** .NET-style URL encoding: unreserved characters kept, others as lower-case %xx of their UTF-8 bytes. */
export function urlEncode(s: string, spaceAsPlus: boolean): string {
  let out = '';
  for (const ch of s) {
    if (SAFE.test(ch)) out += ch;
    else if (ch === ' ') out += spaceAsPlus ? '+' : '%20';
    else for (const b of utf8.encode(ch)) out += '%' + b.toString(16).padStart(2, '0');
  }
  return out;
}

/** URL decoding: %xx bytes (as UTF-8) and '+' as a space; malformed escapes stay as written. */
export function urlDecode(s: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flush();
    out += c === '+' ? ' ' : c;
  }
  flush();
  return out;
}

// ------------------------------------------------------------------------------------------ base64

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (whitespace ignored) to bytes; undefined when malformed. */
function fromBase64(s: string): Buffer | undefined {
  const t = s.replace(/\s+/g, '');
  return BASE64.test(t) ? Buffer.from(t, 'base64') : undefined;
}

/** base64 to UTF-8 text; null (shown as "") when the input is not base64 or not valid UTF-8. */
export function base64DecodeToString(s: string): string | null {
  const b = fromBase64(s);
  if (!b) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return null;
  }
}

/** The 16 bytes of a guid in .NET's order (the first three groups little-endian). */
function guidBytes(g: string): Buffer {
  const h = g.replace(/-/g, '');
  const b = Buffer.from(h, 'hex');
  return Buffer.concat([b.subarray(0, 4).reverse(), b.subarray(4, 6).reverse(), b.subarray(6, 8).reverse(), b.subarray(8)]);
}

function bytesToGuid(b: Buffer): string {
  const x = Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The URL, path and base64 family, registered by functions/index.ts. */
export const urlFunctions: ScalarFunction[] = [
  overloaded('parse_url', [{ params: ['string'], ret: 'dynamic', fn: (s) => parseUrl(str(s)) }]),
  overloaded('parseurl', [{ params: ['string'], ret: 'dynamic', fn: (s) => parseUrl(str(s)) }]),
  overloaded('parse_urlquery', [{ params: ['string'], ret: 'dynamic', fn: (s) => ({ 'Query Parameters': queryParameters(str(s)) }) }]),
  overloaded('parse_path', [{ params: ['string'], ret: 'dynamic', fn: (s) => parsePath(str(s)) }]),
  overloaded('url_encode', [{ params: ['string'], ret: 'string', fn: (s) => urlEncode(str(s), true) }]),
  overloaded('url_encode_component', [{ params: ['string'], ret: 'string', fn: (s) => urlEncode(str(s), false) }]),
  overloaded('url_decode', [{ params: ['string'], ret: 'string', fn: (s) => urlDecode(str(s)) }]),
  overloaded('base64_encode_tostring', [{ params: ['string'], ret: 'string', fn: (s) => Buffer.from(str(s), 'utf8').toString('base64') }]),
  overloaded('base64_encodestring', [{ params: ['string'], ret: 'string', fn: (s) => Buffer.from(str(s), 'utf8').toString('base64') }]),
  overloaded('base64_decode_tostring', [{ params: ['string'], ret: 'string', fn: (s) => base64DecodeToString(str(s)) }]),
  overloaded('base64_decodestring', [{ params: ['string'], ret: 'string', fn: (s) => base64DecodeToString(str(s)) }]),
  overloaded('base64_decode_toarray', [
    {
      params: ['string'],
      ret: 'dynamic',
      fn: (s) => {
        const b = fromBase64(str(s));
        return b ? [...b] : null;
      },
    },
  ]),
  overloaded('base64_encode_fromarray', [
    {
      params: ['dynamic'],
      ret: 'string',
      fn: (a) => {
        if (!Array.isArray(a) || !a.every((x) => (typeof x === 'number' || typeof x === 'bigint') && Number(x) >= 0 && Number(x) <= 255)) return null;
        return Buffer.from(a.map(Number)).toString('base64');
      },
    },
  ]),
  overloaded('base64_encode_fromguid', [{ params: ['guid'], ret: 'string', fn: (g) => guidBytes(g as string).toString('base64') }]),
  overloaded('base64_decode_toguid', [
    {
      params: ['string'],
      ret: 'guid',
      fn: (s) => {
        const b = fromBase64(str(s));
        return b && b.length === 16 ? bytesToGuid(b) : null;
      },
    },
  ]),
];
