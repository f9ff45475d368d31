// Public entry points of the KQL parser: text in, typed AST out (or a KqlError at the first syntax error).

import type { Expr, Script } from './ast.js';
import { guardNesting } from '../diagnostics.js';
import { kqlParser } from './parser.js';

export * from './ast.js';
export { tokenize } from './lexer.js';
export { print, printExpr } from './printer.js';
export { INPUT_NAME } from './tabular-rules.js';

/**
 * Parse a KQL script (statements separated by `;`).
 * @throws KqlError with code KQL001 (lexing) or KQL002 (parsing), kind 'syntax', spanning the offending token.
 */
export function parse(text: string): Script {
  return guardNesting(() => kqlParser().parseScript(text));
}

/**
 * Parse one expression, scalar or tabular (`x + 1`, `T | where a > 1`).
 * @throws KqlError like {@link parse}.
 */
export function parseExpression(text: string): Expr {
  return guardNesting(() => kqlParser().parseExpr(text));
}
