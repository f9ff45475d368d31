// parse-kv: extract the listed keys from key/value text, by explicit pair and key/value delimiters (with
// quotes, escapes and greedy values), by a regex with a key group and a value group, or, with no
// delimiters given, by treating any non-alphanumeric run as a delimiter. The first value of a key wins.

import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Plan, KvSyntax } from '../bound.js';
import { convertValue } from '../convert.js';
import { compile } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { materialize, type Rel } from '../exec/relation.js';
import { compileRegex } from '../functions/regex.js';

/** The closing quote of a quote spec (`"` or `()`), when `ch` opens one. */
function closer(ch: string, syntax: KvSyntax): string | undefined {
  const q = syntax.quote.find((s) => s[0] === ch);
  return q ? (q[1] ?? q[0]) : undefined;
}

/** Split `text` at `delim` where it is outside quotes, keeping the quoted text as written. */
function splitOutsideQuotes(text: string, delim: string, syntax: KvSyntax): string[] {
  const out: string[] = [];
  let start = 0;
  let open: string | undefined;
  for (let i = 0; i < text.length; i++) {
    if (open) {
      if (syntax.escape.includes(text[i]!)) i++;
      else if (text[i] === open) open = undefined;
      continue;
    }
    open = closer(text[i]!, syntax);
    if (!open && text.startsWith(delim, i)) {
      out.push(text.slice(start, i));
      start = i + delim.length;
      i += delim.length - 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** A key or value without its surrounding quotes and with escapes resolved. */
function unquote(s: string, syntax: KvSyntax): string {
  const close = s.length >= 2 ? closer(s[0]!, syntax) : undefined;
  if (!close || !s.endsWith(close)) return s;
  let out = '';
  for (let i = 1; i < s.length - 1; i++) {
    if (syntax.escape.includes(s[i]!) && i + 1 < s.length - 1) i++;
    out += s[i];
  }
  return out;
}

/** Key/value pairs by explicit delimiters. Greedy: a chunk without a key/value delimiter continues the last value. */
function delimitedPairs(text: string, syntax: KvSyntax): [string, string][] {
  const pairs: [string, string][] = [];
  for (const chunk of splitOutsideQuotes(text, syntax.pairDelimiter!, syntax)) {
    const [key, ...rest] = splitOutsideQuotes(chunk, syntax.kvDelimiter!, syntax);
    if (!rest.length) {
      const last = pairs[pairs.length - 1];
      if (syntax.greedy && last) last[1] += syntax.pairDelimiter! + chunk;
      continue;
    }
    pairs.push([key!, rest.join(syntax.kvDelimiter!)]);
  }
  return pairs.map(([k, v]) => [unquote(k.trim(), syntax), unquote(v.trim(), syntax)]);
}

const ALNUM = /[\p{L}\p{N}_]/u;

/** With no delimiters: each listed key, as a word followed by non-alphanumerics, then its (maybe quoted) value. */
function looseValue(text: string, key: string, syntax: KvSyntax): string | undefined {
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    if (at > 0 && ALNUM.test(text[at - 1]!)) continue;
    let i = at + key.length;
    const start = i;
    while (i < text.length && !ALNUM.test(text[i]!) && !syntax.quote.some((q) => q[0] === text[i])) i++;
    if (i === start || i >= text.length) continue;
    const close = closer(text[i]!, syntax);
    if (close) {
      let j = i + 1;
      while (j < text.length && text[j] !== close) j += syntax.escape.includes(text[j]!) ? 2 : 1;
      return unquote(text.slice(i, j + 1), syntax);
    }
    let end = i;
    while (end < text.length && ALNUM.test(text[end]!)) end++;
    return text.slice(i, end);
  }
  return undefined;
}

function extract(text: string, keys: string[], syntax: KvSyntax): Map<string, string> {
  const found = new Map<string, string>();
  if (syntax.regex) {
    const m = compileRegex(syntax.regex).matcher(text);
    while (m.find()) {
      const k = (m.group(1) ?? '').trim();
      if (!found.has(k)) found.set(k, (m.group(2) ?? '').trim());
    }
  } else if (syntax.pairDelimiter !== undefined) {
    for (const [k, v] of delimitedPairs(text, syntax)) if (!found.has(k)) found.set(k, v);
  } else {
    for (const k of keys) {
      const v = looseValue(text, k, syntax);
      if (v !== undefined) found.set(k, v.trim());
    }
  }
  return found;
}

/** Run parse-kv over the input rows: one column per listed key (null, or "" for strings, when absent). */
export function runParseKv(p: Extract<Plan, { op: 'parsekv' }>, input: Rel, ctx: ExecContext): Table {
  const table = materialize(input);
  const source = compile(p.source, compileEnv(table, ctx));
  const targets = new Map(p.columns.map((c) => [c.target, c]));
  const keys = p.columns.map((c) => c.key);
  const builders = p.schema.map((c) => columnBuilder(c.type));
  for (let r = 0; r < table.length; r++) {
    const found = extract(String(source(r) ?? ''), keys, p.pairs);
    p.schema.forEach((_, j) => {
      const c = targets.get(j);
      if (!c) return builders[j]!.push(table.columns[j]!.get(r));
      const v = found.get(c.key);
      builders[j]!.push(v === undefined ? null : convertValue(v, 'string', c.type));
    });
  }
  return new Table(p.schema, builders.map((b) => b.build()), table.length);
}
