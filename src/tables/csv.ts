// RFC 4180 CSV reader: a tight loop over char codes, fed whole or in chunks, that hands out one record
// (array of field strings) at a time with exact line/column positions for errors. Also the CSV field writer.

import { csvSyntaxError } from './errors.js';

/** Called once per record; `line` is the 1-based line the record starts on. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

/** Options for {@link CsvReader}. */
export interface CsvReaderOptions {
  /** File name used in error positions. */
  file?: string | undefined;
}

/**
 * Streaming CSV tokenizer. Rules: fields separated by `,`, records by LF, CRLF or a lone CR; a field that
 * starts with `"` is quoted (may hold commas, line breaks and `""` for a quote); a UTF-8 BOM at the start is
 * dropped; empty lines are skipped; a file's final line break is optional. Errors (KQL301): a quoted field
 * that is never closed, text after a closing quote, and a `"` inside an unquoted field.
 *
 * Feed text with {@link push} and finish with {@link end}; records arrive through the handler.
 */
export class CsvReader {
  private buf = '';
  private started = false;
  /** Line of the next unread character. */
  private line = 1;
  /** During a handler call: where the current record starts in `buf`, and where each of its fields starts. */
  private recStart = 0;
  private recLine = 1;
  private starts = new Int32Array(64);
  /** Cached offsets of the next LF, CR and quote in `buf` (its length when there is none), -1 = unknown. */
  private nextLf = -1;
  private nextCr = -1;
  private nextQuote = -1;

  constructor(
    private readonly onRecord: CsvRecordHandler,
    private readonly opts: CsvReaderOptions = {},
  ) {}

  /** Parse as many complete records as `chunk` (with any unfinished text from before) allows. */
  push(chunk: string): void {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf = this.buf.length > 0 ? this.buf + chunk : chunk;
    this.run(false);
  }

  /** Parse the rest: the last record may lack a line break. */
  end(): void {
    this.started = true;
    this.run(true);
    this.buf = '';
  }

  /** Parse a complete text in one go (same as push then end); {@link recordOffset} is then an offset into `text`. */
  all(text: string): void {
    if (!this.started && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.started = true;
    this.buf = text;
    this.run(true);
    this.buf = '';
  }

  /** Inside the handler: offset of the current record's first character in the text being parsed. */
  get recordOffset(): number {
    return this.recStart;
  }

  /**
   * Position of field `k` (0-based) of the record being handed out; valid only inside the handler.
   * @returns 1-based line and column (column counts UTF-16 code units from the start of the line)
   */
  fieldPosition(k: number): { line: number; column: number } {
    const off = k < this.starts.length ? this.starts[k]! : this.recStart;
    return this.positionOf(off);
  }

  private positionOf(off: number): { line: number; column: number } {
    let line = this.recLine;
    for (let i = this.buf.indexOf('\n', this.recStart); i >= 0 && i < off; i = this.buf.indexOf('\n', i + 1)) line++;
    const nl = this.buf.lastIndexOf('\n', off - 1);
    const lineStart = nl >= this.recStart ? nl + 1 : this.recStart;
    return { line, column: off - lineStart + 1 };
  }

  private fail(message: string, off: number): never {
    const { line, column } = this.positionOf(off);
    throw csvSyntaxError(message, { file: this.opts.file, line, column });
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = 0;
    this.nextLf = this.nextCr = this.nextQuote = -1;
    for (;;) {
      // Skip empty lines between records.
      while (pos < len) {
        const c = buf.charCodeAt(pos);
        if (c === 10) {
          pos++;
          this.line++;
        } else if (c === 13) {
          if (pos + 1 === len && !final) break;
          pos += buf.charCodeAt(pos + 1) === 10 ? 2 : 1;
          this.line++;
        } else break;
      }
      if (pos >= len || (!final && buf.charCodeAt(pos) === 13)) break;
      const next = this.record(buf, pos, len, final);
      if (next < 0) break;
      pos = next;
    }
    this.buf = pos === 0 ? buf : buf.slice(pos);
  }

  /** Tokenize one record at `start`; returns the offset after it, or -1 when more text is needed. */
  private record(buf: string, start: number, len: number, final: boolean): number {
    const fields: string[] = [];
    let newlines = 0;
    let i = start;
    this.recStart = start;
    this.recLine = this.line;
    for (;;) {
      if (fields.length === this.starts.length) {
        const grown = new Int32Array(this.starts.length * 2);
        grown.set(this.starts);
        this.starts = grown;
      }
      this.starts[fields.length] = i;
      if (buf.charCodeAt(i) === 34) {
        // Quoted field: find the closing quote, joining the pieces around each "" escape.
        const open = i;
        let value = '';
        let seg = i + 1;
        let j = seg;
        for (;;) {
          const q = buf.indexOf('"', j);
          if (q < 0 || (q + 1 === len && !final)) {
            if (!final) return -1;
            this.fail('unterminated quoted field (the opening quote is here)', open);
          }
          if (buf.charCodeAt(q + 1) === 34) {
            value += buf.slice(seg, q + 1);
            j = seg = q + 2;
            continue;
          }
          value += buf.slice(seg, q);
          for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) newlines++;
          i = q + 1;
          break;
        }
        fields.push(value);
        const c = i < len ? buf.charCodeAt(i) : -1;
        if (c !== 44 && c !== 10 && c !== 13 && c !== -1) {
          this.fail(`unexpected ${JSON.stringify(buf[i])} after a closing quote (a quote inside a quoted field is written "")`, i);
        }
      } else {
        // Unquoted field: it ends at the nearest comma or line break. Native indexOf scans are much faster
        // than a char loop; the next line break and quote positions are cached until passed.
        let j = buf.indexOf(',', i);
        if (j < 0) j = len;
        if (this.nextLf < i) this.nextLf = firstAt(buf, '\n', i, len);
        if (this.nextCr < i) this.nextCr = firstAt(buf, '\r', i, len);
        if (this.nextQuote < i) this.nextQuote = firstAt(buf, '"', i, len);
        if (this.nextLf < j) j = this.nextLf;
        if (this.nextCr < j) j = this.nextCr;
        if (this.nextQuote < j) this.fail('quote inside an unquoted field (enclose the field in quotes and write the quote as "")', this.nextQuote);
        if (j === len && !final) return -1;
        fields.push(buf.slice(i, j));
        i = j;
      }
      // i is at the field's end: a comma, a line break, or the end of the text.
      const c = i < len ? buf.charCodeAt(i) : -1;
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) {
        if (i + 1 === len && !final) return -1;
        i += buf.charCodeAt(i + 1) === 10 ? 2 : 1;
      } else if (c === 10) i++;
      else if (!final) return -1;
      this.line += newlines + (c === -1 ? 0 : 1);
      this.onRecord(fields, this.recLine);
      return i;
    }
  }
}

/** Offset of the first `ch` at or after `from`, or `len` when there is none. */
function firstAt(buf: string, ch: string, from: number, len: number): number {
  const k = buf.indexOf(ch, from);
  return k < 0 ? len : k;
}

/** Parse a whole CSV text into records (the first is the header when the file has one). */
export function parseCsv(text: string, opts: CsvReaderOptions = {}): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  const reader = new CsvReader((f, line) => {
    records.push(f);
    lines.push(line);
  }, opts);
  reader.all(text);
  return { records, lines };
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field as CSV: quoted (with `""` for quotes) when it holds a comma, quote or line break. */
export function csvField(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
