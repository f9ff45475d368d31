// The KQL lexer: one shared Chevrotain Lexer instance and `tokenize`, which reports lexing problems as KqlError.

import { Lexer, type IToken } from 'chevrotain';
import { KqlError, spanAt } from '../diagnostics.js';
import { allTokens, Directive } from './tokens.js';

/** The shared lexer (building it is costly; it is stateless between calls). */
export const kqlLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: true,
});

function describeBadChar(text: string, offset: number): string {
  const ch = text[offset] ?? '';
  if (ch === '"' || ch === "'" || ch === '@' || ch === '`' || ch === '~' || ch === 'h' || ch === 'H') {
    return 'unterminated or invalid string literal';
  }
  if (ch === '!') return "unexpected character '!' (use not(...) for negation)";
  return `unexpected character '${ch}'`;
}

/**
 * Split KQL text into tokens (whitespace, `//` comments and leading `#directive` lines dropped).
 * Throws a `KqlError` (code KQL001, kind 'syntax') at the first character that is no valid token.
 */
export function tokenize(text: string): IToken[] {
  const result = kqlLexer.tokenize(text);
  const err = result.errors[0];
  if (err) {
    throw new KqlError({
      code: 'KQL001',
      kind: 'syntax',
      message: describeBadChar(text, err.offset),
      span: spanAt(text, err.offset, err.offset + Math.max(1, err.length)),
    });
  }
  let tokens = result.tokens;
  if (tokens[0]?.tokenType === Directive) {
    // leading `#directive` lines are client directives: not part of the query
    let i = 0;
    while (tokens[i]?.tokenType === Directive) i++;
    tokens = tokens.slice(i);
  }
  const stray = tokens.find((t) => t.tokenType === Directive);
  if (stray) {
    throw new KqlError({
      code: 'KQL001',
      kind: 'syntax',
      message: "unexpected character '#' (directives are only allowed before the query)",
      span: spanAt(text, stray.startOffset, stray.startOffset + 1),
    });
  }
  return tokens;
}
