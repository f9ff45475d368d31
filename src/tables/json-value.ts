// JSON text <-> dynamic values, keeping integers past 2^53 exact as bigint (JSON.parse would round them).
// The parser and writer are iterative, so deep nesting cannot overflow the call stack; depth is capped.

import type { Dynamic } from '../types.js';

/** Default cap on nesting depth; deeper input is a syntax error (protects code that walks values recursively). */
export const DEFAULT_MAX_DEPTH = 1000;

/** A JSON syntax error at a 0-based character offset of the text. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Offset of the first non-whitespace character at or after pos (JSON whitespace: space, tab, CR, LF). */
export function skipJsonSpace(text: string, pos: number, end: number): number {
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    pos++;
  }
  return pos;
}

function describe(text: string, pos: number, end: number): string {
  return pos >= end ? 'unexpected end of input' : `unexpected character ${JSON.stringify(text[pos])}`;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Read a JSON string starting at the opening quote at `pos`; returns [value, offset after the closing quote]. */
export function readJsonString(text: string, pos: number, end: number): [string, number] {
  let i = pos + 1;
  let chunkStart = i;
  let out = '';
  for (;;) {
    if (i >= end) throw new JsonSyntaxError('unterminated string', pos);
    const c = text.charCodeAt(i);
    if (c === 34) return [out + text.slice(chunkStart, i), i + 1];
    if (c === 92) {
      out += text.slice(chunkStart, i);
      const e = text[i + 1];
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('invalid \\u escape', i);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const r = e === undefined ? undefined : ESCAPES[e];
        if (r === undefined) throw new JsonSyntaxError(`invalid escape ${JSON.stringify('\\' + (e ?? ''))}`, i);
        out += r;
        i += 2;
      }
      chunkStart = i;
    } else if (c < 32) {
      throw new JsonSyntaxError('control character in string (escape it)', i);
    } else i++;
  }
}

const SAFE = 9007199254740991n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** Read a JSON number at `pos`; integers past 2^53 (within 64 bits) become bigint. */
function readNumber(text: string, pos: number, end: number): [number | bigint, number] {
  let i = pos;
  if (text.charCodeAt(i) === 45) i++;
  const intStart = i;
  while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const intLen = i - intStart;
  if (intLen === 0 || (intLen > 1 && text.charCodeAt(intStart) === 48)) throw new JsonSyntaxError('invalid number', pos);
  let integer = true;
  if (text.charCodeAt(i) === 46) {
    integer = false;
    const f = ++i;
    while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === f) throw new JsonSyntaxError('invalid number: digits expected after the decimal point', pos);
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    integer = false;
    i++;
    if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
    const f = i;
    while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === f) throw new JsonSyntaxError('invalid number: digits expected in the exponent', pos);
  }
  const s = text.slice(pos, i);
  if (integer && intLen > 15) {
    const b = BigInt(s);
    if (b > SAFE || b < -SAFE) {
      if (b >= I64_MIN && b <= I64_MAX) return [b, i];
      return [Number(s), i]; // past 64 bits: a double, as Kusto holds it
    }
  }
  const n = Number(s);
  if (!Number.isFinite(n)) throw new JsonSyntaxError(`number ${s} is out of range`, pos);
  return [n, i];
}

/** A keyword or extension token (`true`, `false`, `null`, `NaN`, `Infinity`, `-Infinity`) at pos, or undefined. */
function readWord(text: string, pos: number): [Dynamic, number] | undefined {
  for (const [w, v] of WORDS) if (text.startsWith(w, pos)) return [v, pos + w.length];
  return undefined;
}
const WORDS: [string, Dynamic][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

function setKey(obj: { [k: string]: Dynamic }, key: string, v: Dynamic): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

type Frame = { arr: Dynamic[]; obj?: undefined; key?: undefined } | { arr?: undefined; obj: { [k: string]: Dynamic }; key: string };

/**
 * Read one JSON value starting at or after `pos` (leading whitespace skipped).
 * Extensions over strict JSON: the tokens `NaN`, `Infinity` and `-Infinity` (as Python's json writes them).
 * Duplicate keys: the last one wins. Throws JsonSyntaxError.
 * @returns [value, offset just after the value]
 */
export function readJsonValue(text: string, pos: number, end = text.length, maxDepth = DEFAULT_MAX_DEPTH): [Dynamic, number] {
  const stack: Frame[] = [];
  let value: Dynamic;
  for (;;) {
    // Parse one value (or open a container) at pos.
    pos = skipJsonSpace(text, pos, end);
    const c = text.charCodeAt(pos);
    if (c === 123 || c === 91) {
      if (stack.length >= maxDepth) throw new JsonSyntaxError(`nesting deeper than ${maxDepth} levels`, pos);
      pos = skipJsonSpace(text, pos + 1, end);
      if (c === 91) {
        if (text.charCodeAt(pos) === 93) {
          value = [];
          pos++;
        } else {
          stack.push({ arr: [] });
          continue;
        }
      } else if (text.charCodeAt(pos) === 125) {
        value = {};
        pos++;
      } else {
        const [key, after] = readKey(text, pos, end);
        stack.push({ obj: {}, key });
        pos = after;
        continue;
      }
    } else if (c === 34) {
      [value, pos] = readJsonString(text, pos, end);
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const w = c === 45 ? readWord(text, pos) : undefined;
      [value, pos] = w ?? readNumber(text, pos, end);
    } else {
      const w = pos < end ? readWord(text, pos) : undefined;
      if (!w || w[1] > end) throw new JsonSyntaxError(describe(text, pos, end), pos);
      [value, pos] = w;
    }
    // Hand the finished value to the enclosing containers, closing as many as end here.
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) return [value, pos];
      if (top.arr) top.arr.push(value);
      else setKey(top.obj, top.key, value);
      pos = skipJsonSpace(text, pos, end);
      const d = text.charCodeAt(pos);
      if (d === 44) {
        pos++;
        if (top.obj) {
          const [key, after] = readKey(text, skipJsonSpace(text, pos, end), end);
          top.key = key;
          pos = after;
        }
        break;
      }
      if ((top.arr && d === 93) || (top.obj && d === 125)) {
        pos++;
        stack.pop();
        value = top.arr ?? top.obj!;
        continue;
      }
      throw new JsonSyntaxError(
        pos >= end ? 'unexpected end of input' : `expected ',' or '${top.arr ? ']' : '}'}', found ${JSON.stringify(text[pos])}`,
        pos,
      );
    }
  }
}

/** `"key" :` at pos; returns [key, offset after the colon]. */
function readKey(text: string, pos: number, end: number): [string, number] {
  if (text.charCodeAt(pos) !== 34) throw new JsonSyntaxError(pos >= end ? 'unexpected end of input' : `expected a string key, found ${JSON.stringify(text[pos])}`, pos);
  const [key, after] = readJsonString(text, pos, end);
  const colon = skipJsonSpace(text, after, end);
  if (text.charCodeAt(colon) !== 58) throw new JsonSyntaxError(`expected ':' after key ${JSON.stringify(key)}`, colon);
  return [key, colon + 1];
}

/** The result of {@link parseJsonExact}. */
export type JsonResult = { ok: true; value: Dynamic } | { ok: false; message: string; offset: number };

/**
 * Parse a whole JSON text (surrounding whitespace allowed) without losing integer precision.
 * Never throws: returns the value, or a message and the 0-based offset of the error.
 */
export function parseJsonExact(text: string, maxDepth = DEFAULT_MAX_DEPTH): JsonResult {
  try {
    const [value, end] = readJsonValue(text, 0, text.length, maxDepth);
    const rest = skipJsonSpace(text, end, text.length);
    if (rest < text.length) return { ok: false, message: `unexpected text after the JSON value`, offset: rest };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}

/** One number as JSON text that reads back as the same JS value (including -0, NaN, ±Infinity, big doubles). */
function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(n, -0)) return '-0';
  // An integral double past 2^53 must not read back as an exact bigint.
  if (Number.isInteger(n) && Math.abs(n) > 9007199254740991) return n.toExponential();
  return String(n);
}

/**
 * Compact JSON text of a dynamic value (Kusto prints dynamic values this way): bigint as exact digits,
 * NaN/Infinity as bare tokens (which {@link readJsonValue} accepts). Iterative: any depth is fine.
 */
export function stringifyJson(value: Dynamic): string {
  const out: string[] = [];
  const work: (Dynamic | Raw)[] = [value];
  while (work.length > 0) {
    const v = work.pop()!;
    if (v === null) out.push('null');
    else if (typeof v === 'string') out.push(JSON.stringify(v));
    else if (typeof v === 'number') out.push(numberText(v));
    else if (typeof v === 'bigint') out.push(v.toString());
    else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
    else if (Array.isArray(v)) {
      work.push(new Raw(']'));
      for (let i = v.length - 1; i >= 0; i--) {
        work.push(v[i] === undefined ? null : v[i]!);
        if (i > 0) work.push(new Raw(','));
      }
      out.push('[');
    } else if (v instanceof Raw) out.push(v.raw);
    else {
      const keys = Object.keys(v);
      work.push(new Raw('}'));
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        work.push(v[k] === undefined ? null : v[k]!);
        work.push(new Raw((i > 0 ? ',' : '') + JSON.stringify(k) + ':'));
      }
      out.push('{');
    }
  }
  return out.join('');
}

/** Literal punctuation queued between values while writing (a class, so no data object can be mistaken for it). */
class Raw {
  constructor(readonly raw: string) {}
}
