// CSV files into a table load: the header row names the columns (mapped onto the plan's schema), every
// later record becomes one row, converted cell by cell; plus the inference pass over the same records.

import { convertText, isFailure } from './convert.js';
import { CsvReader } from './csv.js';
import { decodeUtf8, decodeUtf8Chunks } from './decode.js';
import { badValueError, DataCode, dataWarning, duplicateColumnError, emptyFileError, unknownColumnError } from './errors.js';
import type { ColumnGuess } from './infer.js';
import { type DataSource, fileSummary, type FileSummary, type LoadContext, raggedRow } from './load-context.js';
import { suggestName } from './suggest.js';

/** Header names: trimmed; an empty header (the pandas index column) is named `Column<N>` and flagged. */
interface Header {
  names: string[];
  unnamed: boolean[];
}

function readHeader(fields: string[], file: string, fieldPos: FieldPos): Header {
  const names: string[] = [];
  const unnamed: boolean[] = [];
  const seen = new Set<string>();
  fields.forEach((f, k) => {
    const t = f.trim();
    const name = t === '' ? `Column${k + 1}` : t;
    if (seen.has(name)) throw duplicateColumnError(name, { file, ...fieldPos(k) });
    seen.add(name);
    names.push(name);
    unnamed.push(t === '');
  });
  return { names, unnamed };
}

/** Where field k of the record being visited is. */
type FieldPos = (k: number) => { line: number; column: number };
type Visit = (fields: string[], line: number, fieldPos: FieldPos) => void;

/** Records kept by the inference pass of a file small enough to hold, so the load pass need not re-read it. */
interface KeptRecords {
  text: string;
  records: string[][];
  lines: number[];
  offsets: number[];
}
const kept = new WeakMap<DataSource, KeptRecords>();
/** Files up to this size (bytes or characters) are decoded whole and their records kept between passes. */
const KEEP_LIMIT = 64 << 20;

/**
 * Visit every record of a source in order. Small sources are decoded whole (and, with `keep`, their records
 * are kept for the next visit); large ones are decoded and tokenized in chunks.
 */
function eachRecord(src: DataSource, visit: Visit, keep: boolean): void {
  const file = src.file;
  const k = kept.get(src);
  if (k) {
    kept.delete(src);
    for (let r = 0; r < k.records.length; r++) {
      const end = r + 1 < k.offsets.length ? k.offsets[r + 1]! : k.text.length;
      visit(k.records[r]!, k.lines[r]!, (f) => relocate(k.text, k.offsets[r]!, end, k.lines[r]!, f));
    }
    return;
  }
  if (src.data.length > KEEP_LIMIT) {
    const reader: CsvReader = new CsvReader((fields, line) => visit(fields, line, (f) => reader.fieldPosition(f)), { file });
    if (typeof src.data === 'string') reader.push(src.data);
    else decodeUtf8Chunks(src.data, (t) => reader.push(t), file);
    reader.end();
    return;
  }
  let text = typeof src.data === 'string' ? src.data : decodeUtf8(src.data, file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const store: KeptRecords = { text, records: [], lines: [], offsets: [] };
  const reader: CsvReader = new CsvReader(
    (fields, line) => {
      if (keep) {
        store.records.push(fields);
        store.lines.push(line);
        store.offsets.push(reader.recordOffset);
      }
      visit(fields, line, (f) => reader.fieldPosition(f));
    },
    { file },
  );
  reader.all(text);
  if (keep) kept.set(src, store);
}

/** Position of field f of a kept record, found by tokenizing that record again (only done for errors). */
function relocate(text: string, start: number, end: number, line: number, f: number): { line: number; column: number } {
  let pos = { line: 1, column: 1 };
  const r: CsvReader = new CsvReader(() => {
    pos = r.fieldPosition(f);
  });
  r.all(text.slice(start, end));
  return { line: line + pos.line - 1, column: pos.column };
}

/** Inference pass: offer every cell of each wanted column to its guess. Ragged rows are left to the load pass. */
export function inferCsv(src: DataSource, want: (name: string) => ColumnGuess | undefined): void {
  let guesses: (ColumnGuess | undefined)[] | undefined;
  eachRecord(
    src,
    (fields, _line, fieldPos) => {
      if (!guesses) {
        guesses = readHeader(fields, src.file, fieldPos).names.map(want);
        return;
      }
      if (fields.length !== guesses.length) return;
      for (let k = 0; k < fields.length; k++) guesses[k]?.addText(fields[k]!);
    },
    true,
  );
}

/** Load pass over one CSV source. */
export function loadCsv(src: DataSource, ctx: LoadContext): FileSummary {
  const { plan } = ctx;
  const file = src.file;
  const fs = fileSummary(file, 'csv');
  const types = plan.schema.map((c) => c.type);
  const names = plan.schema.map((c) => c.name);
  let map: Int32Array | undefined;

  const onHeader = (fields: string[], fieldPos: FieldPos): void => {
    const h = readHeader(fields, file, fieldPos);
    map = new Int32Array(fields.length);
    h.names.forEach((name, k) => {
      const idx = plan.index.get(name);
      if (idx !== undefined) map![k] = idx;
      else if (h.unnamed[k]) {
        map![k] = -1;
        ctx.warn(dataWarning(DataCode.ignoredColumn, `ignored column ${k + 1}: its header is empty (a pandas index?) and the schema of '${plan.table}' is known`, { file, ...fieldPos(k) }));
      } else {
        throw unknownColumnError(name, plan.table, suggestName(name, plan.knownNames), { file, ...fieldPos(k) });
      }
    });
  };

  const onRow = (fields: string[], line: number, fieldPos: FieldPos, m: Int32Array): void => {
    fs.read++;
    if (fields.length !== m.length) return ctx.reject(raggedRow(file, line, fields.length, m.length), fs);
    const row = ctx.emptyRow();
    for (let k = 0; k < fields.length; k++) {
      const j = m[k]!;
      if (j < 0) continue;
      const t = types[j]!;
      const text = fields[k]!;
      if (t === 'string') {
        row[j] = text;
        continue;
      }
      const v = convertText(text, t);
      if (isFailure(v)) {
        const err = badValueError(names[j]!, k + 1, t, text, v.reason, { file, ...fieldPos(k) });
        if (!ctx.nullBadValues) return ctx.reject(err, fs);
        ctx.nulled(err);
        row[j] = null;
      } else row[j] = v;
    }
    ctx.accept(row, fs);
  };

  eachRecord(src, (fields, line, fieldPos) => (map ? onRow(fields, line, fieldPos, map) : onHeader(fields, fieldPos)), false);
  if (!map) throw emptyFileError('the file is empty: a CSV file needs a header row', { file, line: 1, column: 1 });
  return fs;
}
