// The JSONPath subset Kusto supports (extractjson, bag_remove_keys, bag_has_key): `$` followed by `.name`,
// `['name']` / `["name"]` and `[index]` steps. Wildcards, recursion, unions and slices are not supported.

import type { Dynamic } from '../../types.js';

/** The steps of a JSONPath (names and array indexes), or null when the path is not in the supported subset. */
export function jsonPathSteps(path: string): (string | number)[] | null {
  const p = path.trim();
  if (!p.startsWith('$')) return null;
  const steps: (string | number)[] = [];
  let i = 1;
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      let j = i + 1;
      while (j < p.length && p[j] !== '.' && p[j] !== '[') j++;
      const name = p.slice(i + 1, j);
      if (!name || name === '*' || name === '.') return null;
      steps.push(name);
      i = j;
    } else if (c === '[') {
      const q = p[i + 1];
      if (q === "'" || q === '"') {
        const close = p.indexOf(q, i + 2);
        if (close < 0 || p[close + 1] !== ']') return null;
        steps.push(p.slice(i + 2, close));
        i = close + 2;
      } else {
        const close = p.indexOf(']', i);
        if (close < 0) return null;
        const body = p.slice(i + 1, close).trim();
        if (!/^-?\d+$/.test(body)) return null;
        steps.push(Number(body));
        i = close + 1;
      }
    } else return null;
  }
  return steps;
}

/** Follow JSONPath steps through a dynamic value; undefined when a step is missing. */
export function followPath(d: Dynamic, steps: (string | number)[]): Dynamic | undefined {
  let cur: Dynamic | undefined = d;
  for (const s of steps) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (typeof s !== 'number') return undefined;
      cur = cur[s < 0 ? cur.length + s : s];
    } else {
      cur = (cur as Record<string, Dynamic>)[String(s)];
    }
  }
  return cur;
}
