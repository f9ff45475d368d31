// String functions: concatenation, case, length, slicing, searching, splitting, trimming, regex extraction
// and code points. Lengths and offsets count UTF-16 code units except where Kusto documents otherwise.

import { KqlError } from '../../diagnostics.js';
import { parseTypeName, type Dynamic, type ScalarType, type Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { convertValue, parseJsonValue } from '../convert.js';
import { stringTest } from './operators.js';
import { compileRegex, regexExec } from './regex.js';
import { custom, foldIfConstant, overloaded, type CallSite, type ScalarFunction } from './registry.js';
import { toText } from '../values.js';
import { chargedText, chargeLargeValue } from '../exec/memory.js';
import { RE2JS } from 're2js';

const s = (v: Value): string => (v ?? '') as string;
const n = (v: Value): number => Number(v);

const strcat = overloaded('strcat', [
  {
    params: ['any'],
    variadic: true,
    // Kusto: "Concatenates between 1 and 64 arguments".
    max: 64,
    ret: 'string',
    handlesNulls: true,
    fn: () => null,
    make: (types) => (...vals) => chargedText('strcat', vals.map((v, i) => toText(v, types[i]!)).join('')),
  },
]);

const strcatDelim = overloaded('strcat_delim', [
  {
    params: ['string', 'any'],
    variadic: true,
    min: 3,
    // Kusto: between 2 and 64 arguments after the delimiter.
    max: 65,
    ret: 'string',
    handlesNulls: true,
    fn: () => null,
    make: (types) => (d, ...vals) => chargedText('strcat_delim', vals.map((v, i) => toText(v, types[i + 1]!)).join(s(d))),
  },
]);

/** Characters trimmed by trim(): a regex, as Kusto's trim takes one. */
function trimmer(mode: 'both' | 'start' | 'end'): ScalarFunction {
  return overloaded(mode === 'both' ? 'trim' : mode === 'start' ? 'trim_start' : 'trim_end', [
    {
      params: ['string', 'string'],
      ret: 'string',
      fn: (re, v) => {
        const body = s(re);
        let out = s(v);
        if (mode !== 'end') {
          const m = regexExec(`^(?:${body})+`, out);
          if (m && m[0]) out = out.slice(m[0].length);
        }
        if (mode !== 'start') {
          const m = regexExec(`(?:${body})+$`, out);
          if (m && m[0]) out = out.slice(0, out.length - m[0].length);
        }
        return out;
      },
    },
  ]);
}

const extract3 = overloaded('extract', [
  {
    params: ['string', 'long', 'string'],
    ret: 'string',
    fn: (re, g, text) => {
      const m = regexExec(s(re), s(text));
      return m ? (m[Number(g)] ?? '') : '';
    },
  },
]);

/**
 * The type named by a trailing `typeof(T)` argument (extract, extract_json), which reaches a function as the
 * constant type name; `string` when the argument is absent.
 */
export function typeArgument(site: CallSite, index: number): ScalarType {
  const a = site.args[index];
  if (!a) return 'string';
  const t = a.k === 'const' && typeof a.value === 'string' ? parseTypeName(a.value) : undefined;
  if (!t) {
    throw new KqlError({ code: 'KQL105', kind: 'semantic', message: `${site.name}(): the last argument must be a type, as in typeof(long)`, span: site.argSpans[index] ?? site.span });
  }
  return t;
}

/** Convert extracted text to the requested type ("" and text that does not convert give null). */
export function convertExtracted(text: Value, t: ScalarType): Value {
  if (t === 'string') return text;
  if (text === null || text === '') return null;
  return t === 'dynamic' ? parseJsonValue(text as string) : convertValue(text, 'string', t);
}

/** extract(regex, group, text [, typeof(T)]): the group's text of the first match ("" or null when none). */
const extract = custom('extract', 3, 4, (site): BExpr => {
  const t = typeArgument(site, 3);
  const base = extract3.bind({ ...site, args: site.args.slice(0, 3), argSpans: site.argSpans.slice(0, 3) });
  if (t === 'string') return base;
  return foldIfConstant({ k: 'call', type: t, name: 'extract', fn: (v) => convertExtracted(v, t), args: [base], handlesNulls: true, span: site.span });
});

/** extract_all(regex, [captureGroups,] text): all matches; null when there is none. */
function extractAllMatches(re: string, groupsSel: Value | undefined, text: string): Dynamic {
  const pattern = compileRegex(re);
  const m = pattern.matcher(text);
  const total = m.groupCount();
  let groups: number[];
  if (groupsSel === undefined) groups = total === 0 ? [0] : Array.from({ length: total }, (_, i) => i + 1);
  else {
    if (!Array.isArray(groupsSel) || groupsSel.length === 0) return null;
    const named = pattern.namedGroups();
    groups = [];
    for (const g of groupsSel) {
      const idx = typeof g === 'string' ? named[g] : Number(g);
      if (idx === undefined || !Number.isInteger(idx) || idx < 1 || idx > total) return null;
      groups.push(idx);
    }
  }
  const out: Dynamic[] = [];
  while (m.find()) {
    if (groups.length === 1) out.push(m.group(groups[0]!) ?? '');
    else out.push(groups.map((g) => m.group(g) ?? ''));
    // An empty match must not stall the scan.
    if (m.end() === m.start() && m.end() >= text.length) break;
  }
  return out.length ? out : null;
}

const extractAll = overloaded('extract_all', [
  { params: ['string', 'string'], ret: 'dynamic', fn: (re, text) => extractAllMatches(s(re), undefined, s(text)) },
  { params: ['string', 'dynamic', 'string'], ret: 'dynamic', fn: (re, g, text) => extractAllMatches(s(re), g, s(text)) },
]);

/** Replace every match of `re` in text; the rewrite refers to groups as \\1..\\9 (Kusto's form). */
function rewriteAll(text: string, re: string, rep: string): string {
  // RE2JS writes group references as $1; a literal $ is $$.
  const replacement = rep.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
  return compileRegex(re).matcher(text).replaceAll(replacement);
}

const replaceRegex = overloaded('replace_regex', [
  { params: ['string', 'string', 'string'], ret: 'string', fn: (text, re, rep) => chargedText('replace_regex', rewriteAll(s(text), s(re), s(rep))) },
]);

/** substring(text, start [, length]): a negative start counts from the end; out-of-range parts are clamped. */
function substring(v: Value, start: Value, len: Value | undefined): string {
  const str = s(v);
  let st = n(start);
  if (st < 0) st = Math.max(0, str.length + st);
  st = Math.min(st, str.length);
  if (len === undefined || len === null) return str.slice(st);
  return str.slice(st, st + Math.max(0, n(len)));
}

/**
 * indexof(text, lookup [, start [, length [, occurrence]]]): each further occurrence is searched from one
 * past the previous one over the same length; null for a start before the text, occurrence < 0 or length < -1.
 */
function indexOf(str: string, look: string, start: Value | undefined, length: Value | undefined, occurrence: Value | undefined): bigint | null {
  let st = start === undefined || start === null ? 0 : n(start);
  const len = length === undefined || length === null ? -1 : n(length);
  const occ = occurrence === undefined || occurrence === null ? 1 : n(occurrence);
  if (st < 0) st = str.length + st;
  if (st < 0 || occ < 0 || len < -1) return null;
  if (st > str.length) return -1n;
  let pos = st - 1;
  for (let k = 0; k < Math.max(occ, 1); k++) {
    const from = pos + 1;
    const end = len === -1 ? str.length : Math.min(str.length, from + len);
    pos = str.indexOf(look, from);
    if (pos < 0 || pos + look.length > end) return -1n;
  }
  return BigInt(pos);
}

/** countof(text, search [, kind]): plain matches may overlap; regex matches do not. */
function countOf(text: string, search: string, kind: string): bigint | null {
  if (kind === 'regex') {
    const m = compileRegex(search).matcher(text);
    let c = 0n;
    while (m.find()) {
      c++;
      if (m.end() === m.start() && m.end() >= text.length) break;
    }
    return c;
  }
  if (kind !== 'normal') return null;
  if (!search) return 0n;
  let c = 0n;
  for (let i = text.indexOf(search); i >= 0; i = text.indexOf(search, i + 1)) c++;
  return c;
}

/** tohex(value [, minLength]): lower-case hex; negative values in two's complement of their width (int 32, long 64 bits). */
function toHex(v: Value, width: 32 | 64, minLength: Value | undefined): string {
  const x = BigInt.asUintN(width, BigInt(v as number | bigint));
  const digits = x.toString(16);
  const min = minLength === undefined || minLength === null ? 0 : Math.min(16, n(minLength));
  return digits.padStart(min, '0');
}

/** The text of a dynamic value as strcat_array joins it: strings unquoted, others as JSON. */
const elementText = (d: Dynamic): string => (d === null ? '' : toText(d, 'dynamic'));

/** translate(from, to, text): each character of `from` becomes the character at its index in `to` (the last one past its end), or is removed when `to` is empty. */
function translate(from: string, to: string, text: string): string {
  const f = [...from];
  const t = [...to];
  const map = new Map<string, string>();
  f.forEach((c, i) => {
    if (!map.has(c)) map.set(c, t.length === 0 ? '' : (t[Math.min(i, t.length - 1)] ?? ''));
  });
  return [...text].map((c) => map.get(c) ?? c).join('');
}

const utf8Bytes = (v: string): number => Buffer.byteLength(v, 'utf8');
/** True when the text has no unpaired surrogate (every JS string without one is valid UTF-8). */
const wellFormed = (v: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v);

/** make_string(...): text from Unicode code points given as numbers or arrays of numbers; null for an invalid one. */
function makeString(vals: Value[]): string | null {
  const cps: number[] = [];
  for (const v of vals) {
    for (const x of Array.isArray(v) ? v : [v]) {
      const n = typeof x === 'number' || typeof x === 'bigint' ? Number(x) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 0x10ffff) return null;
      cps.push(n);
    }
  }
  let out = '';
  for (const cp of cps) out += String.fromCodePoint(cp);
  return out;
}

/** has_any_index(text, values): the index of the first value found in text as a term (has), or -1. */
function hasAnyIndex(text: string, values: Value): bigint | null {
  if (!Array.isArray(values)) return null;
  const has = stringTest('has')!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== null && has(text, toText(v, 'dynamic'))) return BigInt(i);
  }
  return -1n;
}

/** The string family, registered by functions/index.ts. */
export const stringFunctions: ScalarFunction[] = [
  overloaded('unicode_codepoints_from_string', [{ params: ['string'], ret: 'dynamic', fn: (v) => [...s(v)].map((c) => c.codePointAt(0)!) }]),
  overloaded('make_string', [{ params: ['any'], variadic: true, ret: 'string', fn: (...vals) => makeString(vals) }]),
  overloaded('has_any_index', [{ params: ['string', 'dynamic'], ret: 'long', fn: (t, vals) => hasAnyIndex(s(t), vals) }]),
  strcat,
  strcatDelim,
  overloaded('strcat_array', [
    { params: ['dynamic', 'string'], ret: 'string', handlesNulls: true, fn: (a, d) => (Array.isArray(a) ? a.map(elementText).join(s(d)) : '') },
  ]),
  overloaded('strlen', [{ params: ['string'], ret: 'long', fn: (v) => BigInt([...s(v)].length) }]),
  overloaded('string_size', [{ params: ['string'], ret: 'long', fn: (v) => BigInt(utf8Bytes(s(v))) }]),
  overloaded('isutf8', [{ params: ['string'], ret: 'bool', fn: (v) => wellFormed(s(v)) }]),
  overloaded('tolower', [{ params: ['string'], ret: 'string', fn: (v) => s(v).toLowerCase() }]),
  overloaded('toupper', [{ params: ['string'], ret: 'string', fn: (v) => s(v).toUpperCase() }]),
  overloaded('substring', [
    {
      params: ['string', 'long', 'long'],
      min: 2,
      ret: 'string',
      handlesNulls: true,
      fn: (v, start, len) => (start === null ? '' : substring(v, start, len)),
    },
  ]),
  overloaded('indexof', [
    {
      params: ['any', 'any', 'long', 'long', 'long'],
      min: 2,
      ret: 'long',
      handlesNulls: true,
      fn: () => null,
      make: ([t1, t2]) => (v, look, start, len, occ) => indexOf(toText(v, t1!), toText(look, t2!), start, len, occ),
    },
  ]),
  overloaded('indexof_regex', [
    {
      params: ['string', 'string', 'long', 'long', 'long'],
      min: 2,
      ret: 'long',
      handlesNulls: true,
      fn: (v, re, start, len, occ) => {
        const str = s(v);
        let st = start === undefined || start === null ? 0 : n(start);
        const ln = len === undefined || len === null ? -1 : n(len);
        const oc = occ === undefined || occ === null ? 1 : n(occ);
        if (st < 0) st = str.length + st;
        if (st < 0 || oc < 0 || ln < -1) return null;
        const pattern = compileRegex(s(re));
        let pos = st - 1;
        for (let k = 0; k < Math.max(oc, 1); k++) {
          const from = pos + 1;
          const end = ln === -1 ? str.length : Math.min(str.length, from + ln);
          if (from > end) return -1n;
          const m = pattern.matcher(str.slice(from, end));
          if (!m.find()) return -1n;
          pos = from + m.start();
        }
        return BigInt(pos);
      },
    },
  ]),
  overloaded('countof', [
    { params: ['string', 'string', 'string'], min: 2, ret: 'long', fn: (text, search, kind) => countOf(s(text), s(search), kind === undefined ? 'normal' : s(kind)) },
  ]),
  overloaded('split', [
    {
      params: ['string', 'string', 'long'],
      min: 2,
      ret: 'dynamic',
      handlesNulls: true,
      fn: (v, d, idx) => {
        const parts = s(d) === '' ? [s(v)] : s(v).split(s(d));
        if (idx === null || idx === undefined) return parts;
        // "The returned array contains the requested substring if it exists": otherwise it is empty.
        const i = n(idx);
        return i >= 0 && i < parts.length ? [parts[i]!] : [];
      },
    },
  ]),
  overloaded('strcmp', [{ params: ['string', 'string'], ret: 'int', fn: (a, b) => (s(a) < s(b) ? -1 : s(a) > s(b) ? 1 : 0) }]),
  overloaded('tohex', [
    { params: ['int', 'long'], min: 1, ret: 'string', fn: (v, m) => toHex(v, 32, m) },
    { params: ['long', 'long'], min: 1, ret: 'string', fn: (v, m) => toHex(v, 64, m) },
  ]),
  overloaded('translate', [{ params: ['string', 'string', 'string'], ret: 'string', fn: (f, t, text) => translate(s(f), s(t), s(text)) }]),
  overloaded('replace_string', [{ params: ['string', 'string', 'string'], ret: 'string', fn: (t, a, b) => (s(a) === '' ? s(t) : chargedText('replace_string', s(t).split(s(a)).join(s(b)))) }]),
  overloaded('reverse', [
    { params: ['any'], ret: 'string', handlesNulls: true, fn: () => null, make: ([t]) => (v) => [...toText(v, t!)].reverse().join('') },
  ]),
  overloaded('strrep', [
    {
      params: ['any', 'long', 'string'],
      min: 2,
      ret: 'string',
      handlesNulls: true,
      fn: () => null,
      make: ([t]) => (v, k, d) => {
        if (k === null) return '';
        // Kusto repeats at most 1,024 times.
        const times = Math.max(0, Math.min(n(k), 1024));
        const text = toText(v, t!);
        const delim = d === undefined || d === null ? '' : s(d);
        const length = times * text.length + Math.max(0, times - 1) * delim.length;
        chargeLargeValue(Math.ceil(length / 8), () => `strrep() would build a string of ${length.toLocaleString('en-US')} characters`);
        return Array(times).fill(text).join(delim);
      },
    },
  ]),
  trimmer('both'),
  trimmer('start'),
  trimmer('end'),
  extract,
  extractAll,
  { ...extractAll, name: 'extractall' },
  replaceRegex,
  overloaded('replace', [{ params: ['string', 'string', 'string'], ret: 'string', fn: (re, rep, text) => rewriteAll(s(text), s(re), s(rep)) }]),
  overloaded('regex_quote', [{ params: ['string'], ret: 'string', fn: (v) => RE2JS.quote(s(v)) }]),
];
