// Regular expressions with Kusto's flavour: RE2 (linear time, inline flags such as (?i), no lookaround or
// backreferences), through re2js rather than JS RegExp. Compiled patterns are cached.

import { RE2JS } from 're2js';
import { KqlError, type Span } from '../../diagnostics.js';

const compiled = new Map<string, RE2JS>();

/** Compile (and cache) a pattern; an invalid one is a KQL108 error at `span` when given. */
export function compileRegex(pattern: string, span?: Span): RE2JS {
  let re = compiled.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new KqlError({ code: 'KQL108', kind: span ? 'semantic' : 'runtime', message: `invalid regular expression ${JSON.stringify(pattern)}: ${why}`, span });
  }
  if (compiled.size > 10_000) compiled.clear();
  compiled.set(pattern, re);
  return re;
}

/** `text matches regex pattern`: an unanchored search. */
export function regexTest(pattern: string, text: string): boolean {
  return compileRegex(pattern).test(text);
}

/** The capture groups of the first match (index 0 is the whole match), or null. */
export function regexExec(pattern: string, text: string): (string | undefined)[] | null {
  const m = compileRegex(pattern).matcher(text);
  if (!m.find()) return null;
  const out: (string | undefined)[] = [];
  for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? undefined);
  return out;
}

/** Translate a SQL-style `like` pattern (% and _) into an anchored RE2 pattern. */
export function likeToRegex(like: string, caseInsensitive: boolean): string {
  let out = caseInsensitive ? '(?is)^' : '(?s)^';
  for (const ch of like) {
    if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += RE2JS.quote(ch);
  }
  return out + '$';
}
