// Tables back to CSV and JSON Lines text that the loaders read back to the same values (given the same
// schema): exact longs, ticks, nulls, NaN/-0, strings with quotes, commas and line breaks, dynamic values.

import type { Dynamic, ScalarType, Value } from '../types.js';
import { csvField } from './csv.js';
import { formatDateTime, formatTimespan } from './datetime.js';
import { stringifyJson } from './json-value.js';
import type { Table } from './table.js';

/** A real as text that reads back to the same double (NaN, ±Infinity and -0 spelled out). */
export function realText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

/** A non-null value of type t as cell text (dynamic as its JSON text). */
function cellText(v: Value, t: ScalarType): string {
  switch (t) {
    case 'string':
    case 'guid':
      return v as string;
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
    case 'long':
      return String(v);
    case 'real':
    case 'decimal':
      return realText(v as number);
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      return stringifyJson(v as Dynamic);
  }
}

/**
 * The table as CSV: a header row, then one line per row, LF line ends. Nulls are empty cells; a lone
 * empty cell in a one-column table is written `""` so the line is not read as blank.
 */
export function tableToCsv(table: Table): string {
  const { schema, columns } = table;
  const lines: string[] = [schema.map((c) => csvField(c.name)).join(',')];
  const single = schema.length === 1;
  for (let i = 0; i < table.length; i++) {
    const cells: string[] = [];
    for (let j = 0; j < columns.length; j++) {
      const col = columns[j]!;
      const v = col.get(i);
      const text = v === null ? '' : cellText(v, schema[j]!.type);
      cells.push(text === '' && single ? '""' : csvField(text));
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** A non-null value as JSON: typed where JSON has the type; datetime, timespan, NaN and ±Infinity as strings. */
function jsonText(v: Value, t: ScalarType): string {
  switch (t) {
    case 'string':
    case 'guid':
    case 'datetime':
    case 'timespan':
      return JSON.stringify(cellText(v, t));
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
    case 'long':
      return String(v);
    case 'real':
    case 'decimal': {
      const n = v as number;
      return Number.isFinite(n) ? stringifyJson(n) : JSON.stringify(realText(n));
    }
    case 'dynamic':
      // A JSON string in a dynamic column is read as JSON text, so a string value is written as the
      // JSON string of its own JSON text.
      return typeof v === 'string' ? JSON.stringify(JSON.stringify(v)) : stringifyJson(v as Dynamic);
  }
}

/** The table as JSON Lines: one object per row with every column, `null` for nulls, LF line ends. */
export function tableToJsonl(table: Table): string {
  const { schema, columns } = table;
  const keys = schema.map((c) => JSON.stringify(c.name) + ':');
  const lines: string[] = [];
  for (let i = 0; i < table.length; i++) {
    const parts: string[] = [];
    for (let j = 0; j < columns.length; j++) {
      const v = columns[j]!.get(i);
      parts.push(keys[j] + (v === null ? 'null' : jsonText(v, schema[j]!.type)));
    }
    lines.push('{' + parts.join(',') + '}');
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
