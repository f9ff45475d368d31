// One error type for every stage (lexing, parsing, binding, loading, running), with stable codes and positions.
// Codes are grouped by stage: KQL0xx syntax, KQL1xx names/types, KQL2xx runtime, KQL3xx data loading,
// KQL4xx rule files / specs, KQL5xx command line.

/** A position range inside one source text (a query, a data file, a YAML file). Lines and columns are 1-based. */
export interface Span {
  /** 0-based character offset of the first character. */
  start: number;
  /** 0-based character offset one past the last character. */
  end: number;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';
export type DiagnosticKind = 'syntax' | 'semantic' | 'runtime' | 'data' | 'usage';

/** What the CLI needs to draw a caret: the file's name, its text, and where the query sits in it. */
export interface SourceRef {
  file?: string;
  /** The full text the span refers to (for a rule YAML: the query text). */
  text?: string;
  /** Line offset of `text` inside `file` (a query embedded in YAML starts some lines down). */
  lineOffset?: number;
  /** Column offset added to every line of `text` inside `file` (indentation of a YAML block scalar). */
  columnOffset?: number;
}

export interface DiagnosticInit {
  code: string;
  kind: DiagnosticKind;
  message: string;
  span?: Span;
  severity?: Severity;
  source?: SourceRef;
  /** For data errors: a file position that is not part of a query. */
  file?: string;
  line?: number;
  column?: number;
}

/** The single error type kqlite throws for anything wrong with its input. */
export class KqlError extends Error {
  readonly code: string;
  readonly kind: DiagnosticKind;
  readonly severity: Severity;
  span: Span | undefined;
  source: SourceRef | undefined;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;

  constructor(init: DiagnosticInit) {
    super(init.message);
    this.name = 'KqlError';
    this.code = init.code;
    this.kind = init.kind;
    this.severity = init.severity ?? 'error';
    this.span = init.span;
    this.source = init.source;
    this.file = init.file ?? init.source?.file;
    this.line = init.line ?? (init.span ? init.span.line + (init.source?.lineOffset ?? 0) : undefined);
    this.column = init.column ?? (init.span ? init.span.column + (init.source?.columnOffset ?? 0) : undefined);
  }

  /** Point an error that has no position yet at `span` (the operator or expression it arose in). */
  locate(span: Span | undefined): this {
    if (this.span || !span) return this;
    this.span = span;
    this.line = span.line + (this.source?.lineOffset ?? 0);
    this.column = span.column + (this.source?.columnOffset ?? 0);
    return this;
  }

  /** Attach the source a span refers to (called by the layer that knows the file), recomputing line/column. */
  withSource(source: SourceRef): this {
    if (this.source?.text !== undefined && this.source.file !== undefined) return this;
    this.source = { ...this.source, ...source };
    this.file = this.file ?? source.file;
    if (this.span) {
      this.line = this.span.line + (source.lineOffset ?? 0);
      this.column = this.span.column + (source.columnOffset ?? 0);
    }
    return this;
  }

  /** The plain JSON shape used by `--format json(l)` and `kqlite check`. */
  toJSON(): { code: string; kind: DiagnosticKind; severity: Severity; message: string; line: number | null; column: number | null } {
    return {
      code: this.code,
      kind: this.kind,
      severity: this.severity,
      message: this.message,
      line: this.line ?? null,
      column: this.column ?? null,
    };
  }
}

/** Render `file:line:col: error CODE: message` followed by the source line and a caret under the column. */
export function formatDiagnostic(err: KqlError): string {
  const file = err.file ?? (err.span ? '<query>' : 'kqlite');
  const where = [file, err.line, err.column].filter((p) => p !== undefined).join(':');
  const head = `${where}: ${err.severity} ${err.code}: ${err.message}`;
  const text = err.source?.text;
  if (!err.span || text === undefined) return head;
  const lines = text.split(/\r?\n/);
  const src = lines[err.span.line - 1];
  if (src === undefined) return head;
  const pad = ' '.repeat(err.source?.columnOffset ?? 0);
  const shown = src.length > 200 ? src.slice(Math.max(0, err.span.column - 80), err.span.column + 120) : src;
  const caretCol = src.length > 200 ? Math.min(err.span.column - 1, 79) : err.span.column - 1;
  const width = Math.max(1, Math.min(err.span.end - err.span.start, shown.length - caretCol));
  const lineNo = String(err.line ?? err.span.line);
  return `${head}\n ${lineNo} | ${pad}${shown}\n ${' '.repeat(lineNo.length)} | ${pad}${' '.repeat(Math.max(0, caretCol))}${'^'.repeat(width)}`;
}

/** Build a span from offsets inside a text (computes line and column). */
export function spanAt(text: string, start: number, end = start + 1): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < start && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { start, end, line, column: start - lineStart + 1 };
}

export function isKqlError(e: unknown): e is KqlError {
  return e instanceof KqlError;
}

/** Longest string V8 can hold (a computed value past it is KQL206, not a crash). */
const MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * The KqlError an exception stands for, positioned at `span` when it has no position yet: a JavaScript
 * stack overflow (input nested deeper than the recursion can follow) is KQL204, a value or array past
 * what JavaScript can allocate is KQL206. Any other exception is returned unchanged.
 */
export function asInputError(e: unknown, span?: Span): unknown {
  if (e instanceof KqlError) return e.locate(span);
  if (!(e instanceof RangeError)) return e;
  if (/call stack/i.test(e.message)) {
    return new KqlError({ code: 'KQL204', kind: 'runtime', message: 'the query is nested too deeply to process', span });
  }
  if (/invalid (string|array|typed array) length|allocation failed/i.test(e.message)) {
    return new KqlError({
      code: 'KQL206',
      kind: 'runtime',
      message:
        /string/i.test(e.message)
          ? `a string value grew past the longest string kqlite can hold (${MAX_STRING_LENGTH.toLocaleString('en-US')} characters); ` +
            'Kusto stops a query that runs out of memory with E_RUNAWAY_QUERY'
          : 'a value or column grew past what kqlite can allocate; Kusto stops a query that runs out of memory with E_RUNAWAY_QUERY',
      span,
    });
  }
  return e;
}

/**
 * Run `fn`, turning a JavaScript stack overflow (input nested deeper than the recursion can follow)
 * into KQL204 and a value too large to allocate into KQL206, so that no input ends in a RangeError.
 */
export function guardNesting<T>(fn: () => T, what = 'the query'): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new KqlError({ code: 'KQL204', kind: 'runtime', message: `${what} is nested too deeply to process` });
    }
    throw asInputError(e);
  }
}
