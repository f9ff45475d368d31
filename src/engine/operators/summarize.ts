// summarize: groups rows by the `by` keys and runs one accumulator per aggregate per group. With no
// keys there is always exactly one output row (even for empty input); with keys, empty input gives none.

import { StringColumn, columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { compile, type RowFn } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { relRows, type Rel } from '../exec/relation.js';
import type { Accumulator } from '../functions/registry.js';
import { valueKey } from '../values.js';

export function runSummarize(p: Extract<Plan, { op: 'summarize' }>, input: Rel, ctx: ExecContext): Table {
  const env = compileEnv(input.table, ctx);
  const keyFns = p.keys.map((k) => compile(k, env));
  const argFns: RowFn[][] = p.aggregates.map((a) => a.args.map((x) => compile(x, env)));
  const rows = relRows(input);

  const groupKeys: Value[][] = [];
  const groupAccs: Accumulator[][] = [];
  const newGroup = (keyVals: Value[]): Accumulator[] => {
    const accs = p.aggregates.map((a) => a.factory.create());
    groupKeys.push(keyVals);
    groupAccs.push(accs);
    return accs;
  };

  // Fast path: grouping on dictionary-encoded string columns uses their codes as the key.
  const codeCols = p.keys.map((k) => (k.k === 'col' ? input.table.columns[k.index] : undefined));
  const allCodes = p.keys.length > 0 && codeCols.every((c) => c instanceof StringColumn && c.type === 'string');
  const index = new Map<string | number | bigint | boolean, Accumulator[]>();

  // One argument buffer per aggregate, reused for every row (accumulators copy what they keep).
  const argBufs = argFns.map((fns) => new Array<Value>(fns.length));
  const addRow = (accs: Accumulator[], r: number): void => {
    for (let a = 0; a < accs.length; a++) {
      const fns = argFns[a]!;
      const args = argBufs[a]!;
      for (let j = 0; j < fns.length; j++) args[j] = fns[j]!(r);
      accs[a]!.add(args);
    }
  };

  if (p.keys.length === 0) {
    const accs = newGroup([]);
    for (let i = 0; i < rows.length; i++) addRow(accs, rows[i]!);
  } else if (allCodes) {
    const codes = codeCols.map((c) => (c as StringColumn).codes);
    const single = codes.length === 1 ? codes[0]! : null;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const key: string | number = single ? single[r]! : codes.map((c) => c[r]).join(',');
      let accs = index.get(key);
      if (!accs) accs = newGroup(keyFns.map((f) => f(r)));
      index.set(key, accs);
      addRow(accs, r);
      if ((i & 0xffff) === 0) ctx.checkTime();
    }
  } else {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const vals = keyFns.map((f) => f(r));
      // A single primitive key is its own map key (Map compares bigints and strings by value).
      const v0 = vals[0];
      const key = vals.length === 1 && (typeof v0 === 'bigint' || typeof v0 === 'boolean') ? v0 : vals.length === 1 ? valueKey(v0!) : vals.map(valueKey).join('\u0001');
      let accs = index.get(key);
      if (!accs) {
        accs = newGroup(vals);
        index.set(key, accs);
      }
      addRow(accs, r);
      if ((i & 0xffff) === 0) ctx.checkTime();
    }
  }

  const builders = p.schema.map((c) => columnBuilder(c.type));
  const nk = p.keys.length;
  for (let g = 0; g < groupKeys.length; g++) {
    const keyVals = groupKeys[g]!;
    for (let k = 0; k < nk; k++) builders[k]!.push(keyVals[k]!);
    let col = nk;
    for (const acc of groupAccs[g]!) for (const v of acc.result()) builders[col++]!.push(v);
  }
  return new Table(p.schema, builders.map((b) => b.build()), groupKeys.length);
}
