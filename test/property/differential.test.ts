// Differential property: for random tables and random queries, the engine's result equals the reference
// evaluator's (as multisets; in order where the query orders).

import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { bundledTableArb, pipelineArb, poolsOf, queryCaseArb, tableArb } from './arbitraries.js';
import { checkAgainstReference } from './compare.js';
import { params, PROPERTY_TIMEOUT_MS } from './config.js';

vi.setConfig({ testTimeout: PROPERTY_TIMEOUT_MS });

describe('differential: engine = reference evaluator', () => {
  it('random pipelines over random tables', () => {
    fc.assert(
      fc.property(queryCaseArb(), (c) => checkAgainstReference(c.query, c.tables)),
      params(300),
    );
  });

  it('random pipelines over a bundled table with its full schema', () => {
    const caseArb = bundledTableArb({ maxRows: 6 }).chain(({ name, table }) =>
      tableArb(table.columns, { maxRows: 4 }).chain((u) => {
        const pools = poolsOf([table, u]);
        return pipelineArb(table.columns, table.columns, pools, 3).map((pl) => ({ query: `${name}${pl.text}`, tables: { [name]: table, U: u } }));
      }),
    );
    fc.assert(
      fc.property(caseArb, (c) => checkAgainstReference(c.query, c.tables)),
      params(100),
    );
  });
});
