// Regular expressions given as constant function arguments are checked while binding, so a bad pattern is
// reported (KQL108) at the pattern's position before any row is read, as Kusto does.

import type { Span } from '../../diagnostics.js';
import type { BExpr } from '../bound.js';
import { compileRegex } from '../functions/regex.js';

/** For each function taking a regex: which argument it is (undefined when this call takes none). */
const REGEX_ARGUMENT: Record<string, (args: readonly BExpr[]) => number | undefined> = {
  extract: () => 0,
  extract_all: () => 0,
  replace: () => 0,
  replace_regex: () => 1,
  indexof_regex: () => 1,
  trim: () => 0,
  trim_start: () => 0,
  trim_end: () => 0,
  // countof(text, search, kind): the search text is a regex only with kind "regex".
  countof: (args) => (args[2]?.k === 'const' && args[2].value === 'regex' ? 1 : undefined),
};

/** Throw KQL108 at the argument when a call's constant regex argument does not compile. */
export function checkRegexArgument(name: string, args: readonly BExpr[], argSpans: readonly Span[]): void {
  const i = REGEX_ARGUMENT[name]?.(args);
  if (i === undefined) return;
  const a = args[i];
  if (a?.k === 'const' && typeof a.value === 'string') compileRegex(a.value, argSpans[i] ?? a.span);
}
