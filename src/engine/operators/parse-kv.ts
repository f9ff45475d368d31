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

/** Split `text` at `delim` outside quotes; quoted runs lose their quotes and escapes. */
function splitQuoted(text: string, delim: string, syntax: KvSyntax): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; ) {
    const q = syntax.quote.find((s) => text.startsWith(s[0]!, i));
    if (q) {
      const close = q[1] ?? q[0]!;
      i++;
      while (i < text.length && text[i] !== close) {
        if (syntax.escape.includes(text[i]!) && i + 1 < text.length) i++;
        cur += text[i++];
      }
      i++;
      continue;
    }
    if (delim && text.startsWith(delim, i)) {
      out.push(cur);
      cur = '';
      i += delim.length;
      continue;
    }
    cur += text[i++];
  }
  out.push(cur);
  return out;
}

/** Key/value pairs by explicit delimiters. Greedy: a chunk without a key/value delimiter continues the last value. */
function delimitedPairs(text: string, syntax: KvSyntax): [string, string][] {
  const pairs: [string, string][] = [];
  const chunks = splitQuoted(text, syntax.pairDelimiter!, { ...syntax, quote: [], escape: [] });
  for (const chunk of chunks) {
    const at = indexOutsideQuotes(chunk, syntax.kvDelimiter!, syntax);
    if (at < 0) {
      const last = pairs[pairs.length - 1];
      if (syntax.greedy && last) last[1] += syntax.pairDelimiter! + chunk;
      continue;
    }
    pairs.push([chunk.slice(0, at), chunk.slice(at + syntax.kvDelimiter!.length)]);
  }
  return pairs.map(([k, v]) => [unquote(k.trim(), syntax), unquote(v.trim(), syntax)]);
}

function indexOutsideQuotes(s: string, delim: string, syntax: KvSyntax): number {
  let open: string | undefined;
  for (let i = 0; i < s.length; i++) {
    if (open) {
      if (syntax.escape.includes(s[i]!)) i++;
      else if (s[i] === open) open = undefined;
      continue;
    }
    const q = syntax.quote.find((x) => x[0] === s[i]);
    if (q) open = q[1] ?? q[0];
    else if (s.startsWith(delim, i)) return i;
  }
  return -1;
}

function unquote(s: string, syntax: KvSyntax): string {
  for (const q of syntax.quote) {
    const close = q[1] ?? q[0]!;
    if (s.length >= 2 && s.startsWith(q[0]!) && s.endsWith(close)) return splitQuoted(s, '', syntax).join('');
  }
  return s;
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
    const q = syntax.quote.find((s) => s[0] === text[i]);
    if (q) return splitQuoted(text.slice(i), '\u0000', syntax)[0];
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
