// Merging an extend into the summarize that reads it: the summarize's keys and aggregate arguments are
// rewritten over the extend's input, so a computed column (a bin, a test of a string) is evaluated only
// over the rows the summarize reads, by its column kernels, instead of being stored first at the input's
// physical length.

import type { BExpr, Plan } from '../bound.js';
import { columnsRead } from './dependencies.js';

type Summarize = Extract<Plan, { op: 'summarize' }>;

/** `e` with each column reference replaced by `f` of it. */
export function mapColumns(e: BExpr, f: (c: Extract<BExpr, { k: 'col' }>) => BExpr): BExpr {
  switch (e.k) {
    case 'col':
      return f(e);
    case 'call':
    case 'and':
    case 'or':
    case 'window':
      return { ...e, args: e.args.map((a) => mapColumns(a, f)) } as BExpr;
    case 'inset':
      return {
        ...e,
        arg: mapColumns(e.arg, f),
        set: e.set.kind === 'values' ? { ...e.set, values: e.set.values.map((v) => mapColumns(v, f)) } : e.set,
      };
    default:
      return e;
  }
}

/**
 * The summarize over its input extend's input, when that is the same computation: every extended
 * column is a pure function of the extend's input columns (no row position, no randomness, no column
 * assigned earlier in the same extend), and the summarize reads each extended column at most once (so
 * nothing is computed twice). Undefined otherwise.
 */
export function inlineExtend(p: Summarize): Summarize | undefined {
  const ext = p.input;
  if (ext.op !== 'extend') return undefined;
  const defs = new Map<number, BExpr>();
  for (const c of ext.columns) {
    const reads = columnsRead(c.expr);
    if (!reads || defs.has(c.target) || [...reads].some((i) => defs.has(i))) return undefined;
    defs.set(c.target, c.expr);
  }
  const uses = new Map<number, number>();
  const count = (e: BExpr): void => {
    mapColumns(e, (c) => {
      uses.set(c.index, (uses.get(c.index) ?? 0) + 1);
      return c;
    });
  };
  p.keys.forEach(count);
  for (const a of p.aggregates) a.args.forEach(count);
  if ([...defs.keys()].some((i) => (uses.get(i) ?? 0) > 1)) return undefined;
  const subst = (e: BExpr): BExpr => mapColumns(e, (c) => defs.get(c.index) ?? c);
  return {
    ...p,
    input: ext.input,
    keys: p.keys.map(subst),
    aggregates: p.aggregates.map((a) => ({ ...a, args: a.args.map(subst) })),
  };
}
