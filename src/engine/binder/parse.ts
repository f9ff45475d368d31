// Binding of parse and parse-where: the pattern becomes one RE2 regex anchored at the start, where `*`
// skips text lazily, a string capture takes text greedily, and numeric captures only match digits (in the
// strict kinds). Each capture fills (or replaces) a column of its declared type.

import { RE2JS } from 're2js';
import { KqlError } from '../../diagnostics.js';
import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { ScalarType } from '../../types.js';
import type { KvSyntax, ParseCapture } from '../bound.js';
import { compileRegex } from '../functions/regex.js';
import { coerce } from '../functions/registry.js';
import { errors } from './errors.js';
import { bindExpr } from './expr.js';
import { constValue, rowScope, type Handler } from './operands.js';

/** Regex flags parse accepts in `flags=` (RE2 inline flags). */
const FLAGS = /^[imsU]*$/;

/** What a number capture matches. */
const NUMBER_TEXT: Partial<Record<ScalarType, string>> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?',
  decimal: '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?',
};

/**
 * The regex of one capture into group `group`. Number captures match only numbers; in the relaxed kind a
 * text that is not a number is skipped (lazily) and the capture stays null. Other captures take text
 * greedily and convert it afterwards.
 */
function captureRegex(group: string, type: ScalarType, relaxed: boolean): string {
  const number = NUMBER_TEXT[type];
  if (!number) return `(?P<${group}>.*)`;
  return relaxed ? `(?:(?P<${group}>${number})|.*?)` : `(?P<${group}>${number})`;
}

/** The regex for a parse pattern, and the group each capture reads. */
export function parsePattern(op: A.Parse): { regex: string; groups: { name: string; group: string; type: ScalarType; span: A.Node['span'] }[] } {
  const relaxed = op.parseKind === 'relaxed';
  const groups: { name: string; group: string; type: ScalarType; span: A.Node['span'] }[] = [];
  let regex = '^';
  if (op.flags !== undefined) {
    if (op.parseKind !== 'regex') throw errors.invalid('parse flags= is only allowed with kind=regex', op.span);
    if (!FLAGS.test(op.flags)) throw errors.invalid(`unknown parse regex flags '${op.flags}' (allowed: i, m, s, U)`, op.span);
    if (op.flags) regex = `(?${op.flags})^`;
  }
  for (const part of op.pattern) {
    if (part.kind === 'Text' && op.parseKind === 'regex') compileRegex(part.text, part.span);
    if (part.kind === 'Text') regex += op.parseKind === 'regex' ? `(?:${part.text})` : RE2JS.quote(part.text);
    else if (part.kind === 'Wildcard') regex += '.*?';
    else {
      if (groups.some((g) => g.name === part.name)) throw errors.invalid(`parse captures column '${part.name}' twice`, part.span);
      const type = part.type ?? 'string';
      const group = `kqlite${groups.length}`;
      groups.push({ name: part.name, group, type, span: part.span });
      regex += captureRegex(group, type, relaxed);
    }
  }
  return { regex, groups };
}

/** The pattern as the user wrote it (`"a" x:long * "b"`), for messages. */
function patternText(op: A.Parse): string {
  return op.pattern.map((p) => (p.kind === 'Text' ? JSON.stringify(p.text) : p.kind === 'Wildcard' ? '*' : p.type ? `${p.name}:${p.type}` : p.name)).join(' ');
}

/** Each regex piece compiles on its own (checked in parsePattern); this reports a whole that does not, in the user's terms. */
function checkWholePattern(op: A.Parse, regex: string): void {
  try {
    compileRegex(regex);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^invalid regular expression "(?:[^"\\]|\\.)*": /, '') : String(e);
    throw new KqlError({ code: 'KQL108', kind: 'semantic', message: `the parse pattern ${patternText(op)} is not a valid regular expression: ${why}`, span: op.span });
  }
}

/** `parse` / `parse-where [kind=...] [flags=...] expr with pattern`: captures become columns. */
export const parse: Handler<'Parse'> = (b, op, input, scope) => {
  let source = bindExpr(b, op.expr, rowScope(scope, input));
  if (source.type !== 'string') source = coerce(source, 'string');
  const { regex, groups } = parsePattern(op);
  checkWholePattern(op, regex);
  const schema: ColumnInfo[] = input.schema.slice();
  const captures: ParseCapture[] = groups.map((g) => {
    let target = schema.findIndex((c) => c.name === g.name);
    if (target < 0) target = schema.push({ name: g.name, type: g.type }) - 1;
    else schema[target] = { name: g.name, type: g.type };
    return { target, group: g.group, type: g.type };
  });
  return { op: 'parse', input, source, regex, captures, relaxed: op.parseKind === 'relaxed', filter: op.where, schema, span: op.span };
};

/** parse-kv: keys to extract (with their types) and how the text separates pairs, keys and values. */
export const parseKv: Handler<'ParseKv'> = (b, op, input, scope) => {
  let source = bindExpr(b, op.expr, rowScope(scope, input));
  if (source.type !== 'string') source = coerce(source, 'string');
  const text = (a: A.NamedArg): string => {
    const v = constValue(b, a.value, scope, `parse-kv ${a.name}`).value;
    if (typeof v !== 'string') throw errors.invalid(`parse-kv ${a.name} must be a string`, a.value.span);
    return v;
  };
  const pairs: KvSyntax = { quote: [], escape: [], greedy: false };
  for (const p of op.properties) {
    switch (p.name.toLowerCase()) {
      case 'pair_delimiter':
        pairs.pairDelimiter = text(p);
        break;
      case 'kv_delimiter':
        pairs.kvDelimiter = text(p);
        break;
      case 'quote':
        pairs.quote.push(text(p));
        break;
      case 'escape':
        pairs.escape.push(text(p));
        break;
      case 'greedy':
        pairs.greedy = constValue(b, p.value, scope, 'parse-kv greedy').value === true;
        break;
      case 'regex':
        pairs.regex = text(p);
        compileRegex(pairs.regex, p.value.span);
        break;
      default:
        throw errors.invalid(`unknown parse-kv option '${p.name}'`, p.span);
    }
  }
  if ((pairs.pairDelimiter === undefined) !== (pairs.kvDelimiter === undefined)) {
    throw errors.invalid('parse-kv needs both pair_delimiter and kv_delimiter (or neither)', op.span);
  }
  const schema: ColumnInfo[] = input.schema.slice();
  const columns = op.columns.map((c) => {
    let target = schema.findIndex((s) => s.name === c.name);
    if (target < 0) target = schema.push({ name: c.name, type: c.type }) - 1;
    else schema[target] = { name: c.name, type: c.type };
    return { target, type: c.type, key: c.name };
  });
  return { op: 'parsekv', input, source, columns, pairs, schema, span: op.span };
};
