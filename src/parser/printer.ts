// placeholder
import type { Expr, Script } from './ast.js';
export function print(_s: Script): string { return ''; }
export function printExpr(_e: Expr): string { return ''; }
