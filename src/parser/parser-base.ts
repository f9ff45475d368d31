// Shared parser plumbing: Chevrotain configuration, readable error messages, span building and
// hand-written lookahead scans used as gates where LL(k) cannot decide.

import {
  EmbeddedActionsParser,
  EOF,
  tokenMatcher,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type { Span } from '../diagnostics.js';
import { KqlError } from '../diagnostics.js';
import type { Expr, Literal } from './ast.js';
import {
  allTokens,
  DeclName,
  Comma,
  Equals,
  LBrace,
  LBracket,
  LParen,
  MultiLineString,
  RBracket,
  RParen,
  StringLiteral,
} from './tokens.js';

const MAX_LISTED = 8;

function found(tok: IToken | undefined): string {
  if (!tok || tok.tokenType === EOF) return 'end of input';
  const img = tok.image.length > 40 ? tok.image.slice(0, 37) + '...' : tok.image;
  return `'${img.replace(/\s+/g, ' ')}'`;
}

function labelOf(t: TokenType): string {
  if (t === EOF) return 'end of input';
  return t.LABEL ?? t.name;
}

/** Labels that together mean "the start of an expression". */
const EXPRESSION_START = ['name', 'number', 'string literal'];

function expectedList(types: TokenType[]): string {
  const labels = [...new Set(types.filter((t) => t !== undefined).map(labelOf))];
  if (labels.length === 0) return 'more input';
  if (EXPRESSION_START.every((l) => labels.includes(l))) return 'an expression';
  if (labels.length === 1) return labels[0]!;
  if (labels.length > MAX_LISTED) return `one of ${labels.slice(0, MAX_LISTED).join(', ')}, ...`;
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** Chevrotain error texts rewritten as `expected X but found Y`, using token labels. */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${labelOf(expected)} but found ${found(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    // A stray ';' (an empty statement) is not itself the missing separator.
    if (firstRedundant.image === ';') return `unexpected ';': a statement is missing before it`;
    return `expected ';' but found ${found(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription }) {
    const what =
      customUserDescription ?? expectedList(expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]!)));
    return `expected ${what} but found ${found(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, customUserDescription }) {
    const what = customUserDescription ?? expectedList(expectedIterationPaths.map((path) => path[0]!));
    return `expected ${what} but found ${found(actual[0])}`;
  },
};

/** Span from the first character of `first` to the last character of `last`. */
export function tokenSpan(first: IToken, last: IToken = first): Span {
  if (!first?.image) return { start: 0, end: 0, line: 1, column: 1 }; // grammar recording phase
  return {
    start: first.startOffset,
    end: (last.endOffset ?? last.startOffset) + 1,
    line: first.startLine ?? 1,
    column: first.startColumn ?? 1,
  };
}

/** Span covering both spans (tolerates the placeholder values of Chevrotain's grammar recording phase). */
export function joinSpans(a: Span | undefined, b: Span | undefined): Span {
  if (!a) return b ?? { start: 0, end: 0, line: 1, column: 1 };
  if (!b) return a;
  return { start: a.start, end: Math.max(a.end, b.end), line: a.line, column: a.column };
}

export function isStringToken(t: IToken): boolean {
  return tokenMatcher(t, StringLiteral) || tokenMatcher(t, MultiLineString);
}

/**
 * Base class of the KQL parser: configuration and helpers only, no grammar rules.
 * Fail-fast: recovery is off, the first error ends the parse.
 */
export abstract class BaseParser extends EmbeddedActionsParser {
  /** The text being parsed (for error spans at the end of input). */
  protected sourceText = '';
  /** Above zero while parsing a search predicate, where `Column:"term"` is allowed. */
  protected searchDepth = 0;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider });
  }

  private readonly alternativesCache = new Map<string, unknown>();

  /**
   * The alternatives of an OR, built once: for hot rules whose alternatives capture nothing but `this`,
   * this saves allocating a closure per alternative on every call.
   */
  protected cachedAlternatives<T>(key: string, make: () => T): T {
    let v = this.alternativesCache.get(key) as T | undefined;
    if (v === undefined) {
      v = make();
      this.alternativesCache.set(key, v);
    }
    return v;
  }

  /** Span from `start` (a token or a span) to the last consumed token. */
  protected spanFrom(start: IToken | Span | undefined): Span {
    const last = this.LA(0);
    const lastEnd = last.endOffset ?? NaN;
    if (!start) return tokenSpan(last);
    if ('image' in start) {
      const end = lastEnd >= start.startOffset ? lastEnd + 1 : (start.endOffset ?? start.startOffset) + 1;
      return { start: start.startOffset, end, line: start.startLine ?? 1, column: start.startColumn ?? 1 };
    }
    const end = lastEnd >= start.start ? lastEnd + 1 : start.end;
    return { start: start.start, end, line: start.line, column: start.column };
  }

  /** Throw a syntax error (code KQL002) at a token or span. */
  protected fail(message: string, at: IToken | Span): never {
    const span = 'image' in at ? tokenSpan(at) : at;
    throw new KqlError({ code: 'KQL002', kind: 'syntax', message, span });
  }

  protected lit(type: Literal['type'], value: Literal['value'], span: Span, text?: string): Literal {
    return text === undefined ? { kind: 'Literal', type, value, span } : { kind: 'Literal', type, value, text, span };
  }

  protected name(name: string, span: Span): Expr {
    return { kind: 'Name', name, span };
  }

  protected is(i: number, t: TokenType): boolean {
    return tokenMatcher(this.LA(i), t);
  }

  /** Index just past the `)` matching the `(` at LA(i), or -1. */
  protected skipParens(i: number): number {
    let depth = 0;
    for (let j = i; ; j++) {
      const t = this.LA(j);
      if (t.tokenType === EOF) return -1;
      if (tokenMatcher(t, LParen)) depth++;
      else if (tokenMatcher(t, RParen)) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
  }

  /** Index past a declared name at LA(i) (`Name` or `['name']`), or -1. */
  protected skipDeclName(i: number): number {
    if (this.is(i, DeclName)) return i + 1;
    if (!this.is(i, LBracket) || !isStringToken(this.LA(i + 1))) return -1;
    let j = i + 2;
    while (isStringToken(this.LA(j))) j++; // adjacent strings concatenate
    return this.is(j, RBracket) ? j + 1 : -1;
  }

  /** True when the input starts with `Name =`, `['name'] =` or `(A, B) =` (an assignment, not an expression). */
  protected assignmentAhead(): boolean {
    let i = this.skipDeclName(1);
    if (i < 0 && this.is(1, LParen)) {
      i = 2;
      for (;;) {
        i = this.skipDeclName(i);
        if (i < 0) return false;
        if (this.is(i, Comma)) i++;
        else if (this.is(i, RParen)) {
          i++;
          break;
        } else return false;
      }
    }
    return i > 0 && this.is(i, Equals);
  }

  /** True when the input is a function definition: `( ... ) {`. */
  protected functionDefAhead(start = 1): boolean {
    if (!this.is(start, LParen)) return false;
    const after = this.skipParens(start);
    return after > 0 && this.is(after, LBrace);
  }

  /** True when LA(i+1) starts right where LA(i) ends (no blank or comment between). */
  protected adjacent(i: number): boolean {
    const a = this.LA(i);
    const b = this.LA(i + 1);
    return b.tokenType !== EOF && (a.endOffset ?? NaN) + 1 === b.startOffset;
  }
}
