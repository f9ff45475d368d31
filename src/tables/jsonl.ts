// JSON Lines (one object per line, LF or CRLF, blank lines skipped) and JSON arrays of objects, read into
// records of (key, value, position) with exact integers. Errors carry the line and column of the problem.

import { KqlError } from '../diagnostics.js';
import type { Dynamic } from '../types.js';
import { duplicateColumnError, emptyFileError, jsonSyntaxError, rowShapeError } from './errors.js';
import { DEFAULT_MAX_DEPTH, JsonSyntaxError, readJsonString, readJsonValue, skipJsonSpace } from './json-value.js';

/** One JSON object row: keys in written order, their values, and the offset in the text of each value. */
export interface JsonRecord {
  keys: string[];
  values: Dynamic[];
  offsets: number[];
  /** 1-based line the object starts on. */
  line: number;
}

/** Options for {@link readJsonRecords}. */
export interface JsonReadOptions {
  file?: string | undefined;
  /** Nesting cap for values (default 1000); deeper input is a KQL303 error. */
  maxDepth?: number;
  /**
   * Called for a bad line of a JSON Lines file (syntax error, not an object, duplicate key); reading goes
   * on with the next line unless it throws. Without it the error is thrown. Errors in a JSON array are
   * always thrown (the rest of the array cannot be trusted).
   */
  onBadLine?: (e: KqlError) => void;
}

/** Converts a text offset to a 1-based line and column. */
export type PositionOf = (offset: number) => { line: number; column: number };

/** Tracks line numbers for increasing offsets of one text, counting each newline once. */
class Lines {
  private off: number;
  private line = 1;
  /** @param start offset of the first column of line 1 (1 after a BOM) */
  constructor(
    private readonly text: string,
    private readonly start: number,
  ) {
    this.off = start;
  }
  at(offset: number): { line: number; column: number } {
    if (offset < this.off) {
      this.off = this.start;
      this.line = 1;
    }
    const t = this.text;
    for (let i = t.indexOf('\n', this.off); i >= 0 && i < offset; i = t.indexOf('\n', i + 1)) {
      this.line++;
      this.off = i + 1;
    }
    return { line: this.line, column: offset - this.off + 1 };
  }
}

function kindOf(v: Dynamic): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'bigint') return 'a number';
  return `a ${typeof v}`;
}

/**
 * Read one object at `pos` (whitespace first) into a record; throws JsonSyntaxError for bad JSON and a
 * KqlError for a value that is not an object or a duplicate key.
 */
function readObject(text: string, pos: number, end: number, maxDepth: number, where: PositionOf, file: string | undefined): [JsonRecord, number] {
  pos = skipJsonSpace(text, pos, end);
  const rec: JsonRecord = { keys: [], values: [], offsets: [], line: where(pos).line };
  if (text.charCodeAt(pos) !== 123) {
    const [v] = readJsonValue(text, pos, end, maxDepth); // a syntax error here is reported as such
    throw rowShapeError(`expected a JSON object for each row, found ${kindOf(v)}`, { file, ...where(pos) });
  }
  pos = skipJsonSpace(text, pos + 1, end);
  if (text.charCodeAt(pos) === 125) return [rec, pos + 1];
  const seen = new Set<string>();
  for (;;) {
    if (text.charCodeAt(pos) !== 34) throw new JsonSyntaxError(pos >= end ? 'unexpected end of input' : `expected a string key, found ${JSON.stringify(text[pos])}`, pos);
    const keyAt = pos;
    const [key, afterKey] = readJsonString(text, pos, end);
    pos = skipJsonSpace(text, afterKey, end);
    if (text.charCodeAt(pos) !== 58) throw new JsonSyntaxError(`expected ':' after key ${JSON.stringify(key)}`, pos);
    pos = skipJsonSpace(text, pos + 1, end);
    if (seen.has(key)) throw duplicateColumnError(key, { file, ...where(keyAt) });
    seen.add(key);
    const [value, after] = readJsonValue(text, pos, end, maxDepth - 1);
    rec.keys.push(key);
    rec.values.push(value);
    rec.offsets.push(pos);
    pos = skipJsonSpace(text, after, end);
    const c = text.charCodeAt(pos);
    if (c === 44) {
      pos = skipJsonSpace(text, pos + 1, end);
      continue;
    }
    if (c === 125) return [rec, pos + 1];
    throw new JsonSyntaxError(pos >= end ? 'unexpected end of input (missing "}")' : `expected ',' or '}', found ${JSON.stringify(text[pos])}`, pos);
  }
}

/** A JSON syntax error as KQL303 at its position; KqlErrors pass through; anything else is rethrown. */
function asKqlError(e: unknown, where: PositionOf, file: string | undefined): KqlError {
  if (e instanceof JsonSyntaxError) return jsonSyntaxError(`invalid JSON: ${e.message}`, { file, ...where(e.offset) });
  if (e instanceof KqlError) return e;
  throw e;
}

/**
 * Read every object row of a JSON text: a JSON array of objects when the first non-space character is
 * `[`, else JSON Lines. A UTF-8 BOM is skipped. An empty (or all-space) text is a KQL308 error.
 * @param onRecord gets each record and a function giving the line/column of an offset (for value errors)
 * @returns which layout the text had
 */
export function readJsonRecords(
  text: string,
  onRecord: (rec: JsonRecord, where: PositionOf) => void,
  opts: JsonReadOptions = {},
): 'jsonl' | 'array' {
  const file = opts.file;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const start = skipJsonSpace(text, bom, text.length);
  if (start >= text.length) throw emptyFileError('the file is empty: expected JSON objects, one per line, or a JSON array', { file, line: 1, column: 1 });
  const lines = new Lines(text, bom);
  const where: PositionOf = (off) => lines.at(off);
  if (text.charCodeAt(start) === 91) {
    readArray(text, start, maxDepth, where, file, onRecord);
    return 'array';
  }
  let lineNo = 0;
  for (let ls = 0; ls < text.length; ) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    lineNo++;
    const next = le + 1;
    const end = le > ls && text.charCodeAt(le - 1) === 13 ? le - 1 : le;
    const lineStart = ls === 0 ? bom : ls; // a BOM is not a column
    const r = readJsonLine(text, lineStart, end, lineNo, maxDepth, file);
    if (r) {
      if (r.error) {
        if (!opts.onBadLine) throw r.error;
        opts.onBadLine(r.error);
      } else onRecord(r.rec!, r.where);
    }
    ls = next;
  }
  return 'jsonl';
}

/** One line of JSON Lines: its record, or the error that makes it a bad line. */
export interface JsonLineResult {
  rec?: JsonRecord;
  error?: KqlError;
  /** Line and column of an offset in the text (for errors about the record's values). */
  where: PositionOf;
}

/**
 * Read the JSON Lines line text[lineStart, end) (the line break excluded), which is line `lineNo`:
 * undefined for a blank line, else its object or the error (KQL303 syntax, KQL304 not an object,
 * KQL306 duplicate key) at its line and column.
 */
export function readJsonLine(
  text: string,
  lineStart: number,
  end: number,
  lineNo: number,
  maxDepth: number,
  file: string | undefined,
): JsonLineResult | undefined {
  const first = skipJsonSpace(text, lineStart, end);
  if (first >= end) return undefined;
  const where: PositionOf = (off) => ({ line: lineNo, column: off - lineStart + 1 });
  try {
    const [rec, after] = readObject(text, first, end, maxDepth, where, file);
    const rest = skipJsonSpace(text, after, end);
    if (rest < end) throw new JsonSyntaxError('unexpected text after the object (JSON Lines holds one object per line)', rest);
    return { rec, where };
  } catch (e) {
    return { error: asKqlError(e, where, file), where };
  }
}

function readArray(
  text: string,
  start: number,
  maxDepth: number,
  where: PositionOf,
  file: string | undefined,
  onRecord: (rec: JsonRecord, where: PositionOf) => void,
): void {
  const end = text.length;
  try {
    let pos = skipJsonSpace(text, start + 1, end);
    if (text.charCodeAt(pos) === 93) pos++;
    else {
      for (;;) {
        const [rec, after] = readObject(text, pos, end, maxDepth - 1, where, file);
        onRecord(rec, where);
        pos = skipJsonSpace(text, after, end);
        const c = text.charCodeAt(pos);
        if (c === 44) {
          pos++;
          continue;
        }
        if (c === 93) {
          pos++;
          break;
        }
        throw new JsonSyntaxError(pos >= end ? 'unexpected end of input (missing "]")' : `expected ',' or ']', found ${JSON.stringify(text[pos])}`, pos);
      }
    }
    pos = skipJsonSpace(text, pos, end);
    if (pos < end) throw new JsonSyntaxError('unexpected text after the JSON array', pos);
  } catch (e) {
    throw asKqlError(e, where, file);
  }
}
