// String functions: concatenation, case, length, slicing, searching, splitting, trimming and regex
// extraction. Lengths and offsets count UTF-16 code units except where Kusto documents otherwise.

import type { Dynamic, Value } from '../../types.js';
import { compileRegex, regexExec } from './regex.js';
import { overloaded, type ScalarFunction } from './registry.js';
import { toText } from '../values.js';
import { RE2JS } from 're2js';

const s = (v: Value): string => (v ?? '') as string;
const n = (v: Value): number => Number(v);

const strcat = overloaded('strcat', [
  {
    params: ['any'],
    variadic: true,
    ret: 'string',
    handlesNulls: true,
    fn: () => null,
    make: (types) => (...vals) => vals.map((v, i) => toText(v, types[i]!)).join(''),
  },
]);

const strcatDelim = overloaded('strcat_delim', [
  {
    params: ['string', 'any'],
    variadic: true,
    min: 3,
    ret: 'string',
    handlesNulls: true,
    fn: () => null,
    make: (types) => (d, ...vals) => vals.map((v, i) => toText(v, types[i + 1]!)).join(s(d)),
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

const extract = overloaded('extract', [
  {
    params: ['string', 'long', 'string'],
    ret: 'string',
    fn: (re, g, text) => {
      const m = regexExec(s(re), s(text));
      return m ? (m[Number(g)] ?? '') : '';
    },
  },
]);

const extractAll = overloaded('extract_all', [
  {
    params: ['string', 'string'],
    ret: 'dynamic',
    fn: (re, text) => {
      const pattern = compileRegex(s(re));
      const m = pattern.matcher(s(text));
      const out: Dynamic[] = [];
      const groups = m.groupCount();
      while (m.find()) {
        if (groups <= 1) out.push(m.group(groups) ?? '');
        else {
          const row: Dynamic[] = [];
          for (let g = 1; g <= groups; g++) row.push(m.group(g) ?? '');
          out.push(row);
        }
      }
      return out.length ? out : null;
    },
  },
]);

const replaceRegex = overloaded('replace_regex', [
  {
    params: ['string', 'string', 'string'],
    ret: 'string',
    fn: (text, re, rep) => {
      // Kusto writes group references as \1; RE2JS uses $1.
      const replacement = s(rep).replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
      return compileRegex(s(re)).matcher(s(text)).replaceAll(replacement);
    },
  },
]);

export const stringFunctions: ScalarFunction[] = [
  strcat,
  strcatDelim,
  overloaded('strlen', [{ params: ['string'], ret: 'long', fn: (v) => BigInt([...s(v)].length) }]),
  overloaded('tolower', [{ params: ['string'], ret: 'string', fn: (v) => s(v).toLowerCase() }]),
  overloaded('toupper', [{ params: ['string'], ret: 'string', fn: (v) => s(v).toUpperCase() }]),
  overloaded('substring', [
    {
      params: ['string', 'long', 'long'],
      min: 2,
      ret: 'string',
      handlesNulls: true,
      fn: (v, start, len) => {
        const str = s(v);
        if (start === null) return '';
        let st = Math.max(0, n(start));
        if (st > str.length) st = str.length;
        return len === null || len === undefined ? str.slice(st) : str.slice(st, st + Math.max(0, n(len)));
      },
    },
  ]),
  overloaded('indexof', [
    {
      params: ['string', 'string', 'long', 'long', 'long'],
      min: 2,
      ret: 'long',
      handlesNulls: true,
      fn: (v, look, start, len, occ) => {
        const str = s(v);
        const st = start === null || start === undefined ? 0 : n(start);
        if (st < 0 || st > str.length) return null;
        const end = len === null || len === undefined || n(len) < 0 ? str.length : Math.min(str.length, st + n(len));
        let pos = st - 1;
        const times = occ === null || occ === undefined ? 1 : n(occ);
        for (let k = 0; k < times; k++) {
          pos = str.indexOf(s(look), pos + 1);
          if (pos < 0 || pos + s(look).length > end) return -1n;
        }
        return BigInt(pos);
      },
    },
  ]),
  overloaded('countof', [
    {
      params: ['string', 'string', 'string'],
      min: 2,
      ret: 'long',
      fn: (text, search, kind) => {
        const t = s(text);
        const pat = s(search);
        if (kind === 'regex') {
          const m = compileRegex(pat).matcher(t);
          let c = 0n;
          while (m.find()) c++;
          return c;
        }
        if (!pat) return 0n;
        let c = 0n;
        for (let i = t.indexOf(pat); i >= 0; i = t.indexOf(pat, i + pat.length)) c++;
        return c;
      },
    },
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
        const i = n(idx);
        return i >= 0 && i < parts.length ? [parts[i]!] : null;
      },
    },
  ]),
  overloaded('replace_string', [{ params: ['string', 'string', 'string'], ret: 'string', fn: (t, a, b) => (s(a) === '' ? s(t) : s(t).split(s(a)).join(s(b))) }]),
  overloaded('reverse', [{ params: ['string'], ret: 'string', fn: (v) => [...s(v)].reverse().join('') }]),
  overloaded('strrep', [{ params: ['string', 'long', 'string'], min: 2, ret: 'string', fn: (v, k, d) => Array(Math.max(0, n(k))).fill(s(v)).join(d === undefined || d === null ? '' : s(d)) }]),
  trimmer('both'),
  trimmer('start'),
  trimmer('end'),
  extract,
  extractAll,
  replaceRegex,
  { ...replaceRegex, name: 'replace' },
  overloaded('regex_quote', [{ params: ['string'], ret: 'string', fn: (v) => RE2JS.quote(s(v)) }]),
];
