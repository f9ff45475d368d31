// Kusto's term matching for the `has` family. A string is cut into terms: maximal runs of ASCII letters
// and digits; every other character separates terms. `has` matches whole terms, never parts of a term
// ("KustoExplorerQueryRun" has "Explorer" is false). A needle that itself contains separators
// ("cmd.exe") matches where it occurs bounded by separators at its alphanumeric ends.

function isTermChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Whether `needle` occurs in `hay` with term boundaries: on the left when `left` is set (and the
 * needle starts with a term character), on the right when `right` is set. Both strings must already
 * be case-folded by the caller when the match is case-insensitive.
 */
export function termMatch(hay: string, needle: string, left: boolean, right: boolean): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const checkLeft = left && isTermChar(needle.charCodeAt(0));
  const checkRight = right && isTermChar(needle.charCodeAt(n - 1));
  let from = 0;
  for (;;) {
    const i = hay.indexOf(needle, from);
    if (i < 0) return false;
    const okLeft = !checkLeft || i === 0 || !isTermChar(hay.charCodeAt(i - 1));
    const okRight = !checkRight || i + n === hay.length || !isTermChar(hay.charCodeAt(i + n));
    if (okLeft && okRight) return true;
    from = i + 1;
  }
}

/** `hay has needle` (case-insensitive). */
export function has(hay: string, needle: string): boolean {
  return termMatch(hay.toLowerCase(), needle.toLowerCase(), true, true);
}

/** `hay has_cs needle`. */
export function hasCs(hay: string, needle: string): boolean {
  return termMatch(hay, needle, true, true);
}

/** Split a string into its terms (used by tests and by `explain`). */
export function terms(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const t = i < s.length && isTermChar(s.charCodeAt(i));
    if (t && start < 0) start = i;
    else if (!t && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    }
  }
  return out;
}
