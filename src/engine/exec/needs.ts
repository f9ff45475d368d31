// Which columns of an operator's input its output depends on, given which of its own output columns are
// read downstream. The executor passes this down as it runs a plan, so that a join gathers only the
// columns something reads. `undefined` means every column (an operator this file does not know, or an
// expression whose reads are not known: window functions, random values).

import type { BExpr, BoundSortKey, Plan } from '../bound.js';
import { columnsRead } from './dependencies.js';

export type Need = ReadonlySet<number> | undefined;

/** The columns the expressions read, added to `base`; undefined when any read is unknown. */
export function readsOf(exprs: readonly BExpr[], base: Iterable<number> = []): Need {
  const out = new Set<number>(base);
  for (const e of exprs) if (!columnsRead(e, out)) return undefined;
  return out;
}

const sortExprs = (keys: BoundSortKey[]): BExpr[] => keys.map((k) => k.expr);

/** The input columns `p` needs (of its single input) when `need` of its output columns are read. */
export function inputNeed(p: Plan, need: Need): Need {
  switch (p.op) {
    case 'where':
      return need && readsOf([p.predicate], need);
    case 'extend': {
      if (!need) return undefined;
      const width = p.input.schema.length;
      const targets = new Set(p.columns.map((c) => c.target));
      return readsOf(
        p.columns.map((c) => c.expr),
        [...need].filter((i) => i < width && !targets.has(i)),
      );
    }
    case 'project':
      return readsOf(p.columns);
    case 'summarize':
      return readsOf([...p.keys, ...p.aggregates.flatMap((a) => a.args)]);
    case 'count':
      return new Set();
    case 'sort':
    case 'top':
      return need && readsOf(sortExprs(p.keys), need);
    case 'take':
      return need;
    default:
      return undefined;
  }
}

/** A join's needs of its left and right inputs, given the needs of its output. */
export function joinNeeds(p: Extract<Plan, { op: 'join' }>, need: Need): { left: Need; right: Need } {
  if (!need) return { left: undefined, right: undefined };
  const leftOnly = p.kind === 'leftsemi' || p.kind === 'leftanti';
  const rightOnly = p.kind === 'rightsemi' || p.kind === 'rightanti';
  const leftWidth = rightOnly ? 0 : p.left.schema.length;
  const left = new Set(p.leftKeys);
  const right = new Set(p.rightKeys);
  for (const i of need) {
    if (i < leftWidth) left.add(i);
    else if (!leftOnly) right.add(i - leftWidth);
  }
  return { left, right };
}
