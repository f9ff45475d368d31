// Data-loading diagnostics (codes KQL3xx): one factory per code so every loader reports the same way.
// The table of codes and what each means is in src/tables/README.md; keep the two in step.

import { KqlError } from '../diagnostics.js';

/** Where in a data file something went wrong. Lines and columns are 1-based. */
export interface DataPos {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

/** The stable data error codes. */
export const DataCode = {
  /** Malformed CSV: unterminated quote, a quote inside an unquoted field, text after a closing quote. */
  csvSyntax: 'KQL301',
  /** A value does not fit its column's type. */
  badValue: 'KQL302',
  /** Malformed JSON: syntax error, nesting too deep, number out of range. */
  jsonSyntax: 'KQL303',
  /** A row has the wrong shape: a CSV row with a different field count than the header, a JSON row that is not an object. */
  rowShape: 'KQL304',
  /** The file is not valid UTF-8 text, or contains a NUL byte. */
  encoding: 'KQL305',
  /** The same column name twice in a header or in one JSON row. */
  duplicateColumn: 'KQL306',
  /** A column in the file that the table's schema does not have. */
  unknownColumn: 'KQL307',
  /** An empty file: no header row, no JSON value. */
  emptyFile: 'KQL308',
  /** More rows were rejected than `maxErrors` allows. */
  tooManyErrors: 'KQL309',
  /** A schema (Kusto notation or JSON) that cannot be read: syntax, unknown type, duplicate column. */
  badSchema: 'KQL310',
  /** A data or schema file that cannot be read, or whose format is not known from its extension. */
  badFile: 'KQL311',
  /** Warning: a column with an empty header (a pandas index) was ignored because the schema is known. */
  ignoredColumn: 'KQL321',
  /** Warning: a value that does not fit its column was loaded as null (`badValues: 'null'`). */
  nulledValue: 'KQL322',
  /** Warning: an inferred column is not numeric because a real would round some of its integers. */
  inexactColumn: 'KQL323',
} as const;

function dataError(code: string, message: string, pos: DataPos, severity: 'error' | 'warning' = 'error'): KqlError {
  return new KqlError({ code, kind: 'data', message, severity, file: pos.file, line: pos.line, column: pos.column });
}

/** KQL301: malformed CSV. */
export function csvSyntaxError(message: string, pos: DataPos): KqlError {
  return dataError(DataCode.csvSyntax, message, pos);
}

/**
 * KQL302: a value that does not fit its column.
 * @param columnName the column's name
 * @param field 1-based field number in the row (CSV) or position of the key in the object (JSON)
 * @param text the offending value as written (shortened when long)
 * @param reason why it does not convert
 */
export function badValueError(columnName: string, field: number, type: string, text: string, reason: string, pos: DataPos): KqlError {
  return dataError(
    DataCode.badValue,
    `column '${columnName}' (field ${field}): ${quoteShort(text)} is not a valid ${type}: ${reason}`,
    pos,
  );
}

/** KQL303: malformed JSON. */
export function jsonSyntaxError(message: string, pos: DataPos): KqlError {
  return dataError(DataCode.jsonSyntax, message, pos);
}

/** KQL304: a row of the wrong shape. */
export function rowShapeError(message: string, pos: DataPos): KqlError {
  return dataError(DataCode.rowShape, message, pos);
}

/** KQL305: invalid UTF-8 or a NUL byte. */
export function encodingError(message: string, pos: DataPos): KqlError {
  return dataError(DataCode.encoding, message, pos);
}

/**
 * KQL306: a column name given twice: in a CSV header (`fields` = the 1-based field numbers of the first
 * and the second) or as a key of one JSON object.
 */
export function duplicateColumnError(name: string, pos: DataPos, fields?: [number, number]): KqlError {
  const where = fields
    ? `in the header: fields ${fields[0]} and ${fields[1]} are both named '${name}'; give each column its own name`
    : `in this object: the key '${name}' appears twice`;
  return dataError(DataCode.duplicateColumn, `duplicate column name '${name}' ${where}`, pos);
}

/** KQL307: a file column that the schema does not have. */
export function unknownColumnError(name: string, table: string, suggestion: string | undefined, pos: DataPos): KqlError {
  const hint = suggestion !== undefined ? `; did you mean '${suggestion}'?` : '';
  return dataError(
    DataCode.unknownColumn,
    `column '${name}' is not in the schema of table '${table}'${hint} (a column the schema lacks is an error, so that a misspelt ` +
      `name cannot leave its schema column empty: rename it, give a schema that has it, or keep it with --allow-extra-columns)`,
    pos,
  );
}

/** KQL308: an empty file. */
export function emptyFileError(message: string, pos: DataPos): KqlError {
  return dataError(DataCode.emptyFile, message, pos);
}

/** KQL309: more rejected rows than maxErrors allows; `last` is the row error that went over the limit. */
export function tooManyErrorsError(maxErrors: number, last: KqlError): KqlError {
  return dataError(
    DataCode.tooManyErrors,
    `more than ${maxErrors} rows rejected (maxErrors); the last: ${last.code}: ${last.message}`,
    { file: last.file, line: last.line, column: last.column },
  );
}

/** KQL310: a schema that cannot be read. */
export function badSchemaError(message: string, pos: DataPos = {}): KqlError {
  return dataError(DataCode.badSchema, message, pos);
}

/** KQL311: a file that cannot be read or whose format is unknown. */
export function badFileError(message: string, pos: DataPos): KqlError {
  return dataError(DataCode.badFile, message, pos);
}

/** A warning about the data that does not stop loading (e.g. an ignored pandas index column). */
export function dataWarning(code: string, message: string, pos: DataPos): KqlError {
  return dataError(code, message, pos, 'warning');
}

/** A value as it appears in messages: JSON-quoted, cut to 60 characters. */
export function quoteShort(text: string): string {
  const cut = text.length > 60 ? text.slice(0, 57) + '...' : text;
  return JSON.stringify(cut);
}
