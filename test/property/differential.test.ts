// Differential property: for random tables and random queries, the engine's result equals the reference
// evaluator's (as multisets; in order where the query orders).

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { queryCaseArb } from './arbitraries.js';
import { checkAgainstReference } from './compare.js';
import { params } from './config.js';

describe('differential: engine = reference evaluator', () => {
  it('random pipelines over random tables', () => {
    fc.assert(
      fc.property(queryCaseArb(), (c) => checkAgainstReference(c.query, c.tables)),
      params(300),
    );
  });
});
