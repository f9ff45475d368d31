// Binding of the operators that select a subset of rows or values: sample, sample-distinct and top-nested
// (one value column and one aggregate column per level, `aggregated_<value>` by default).

import type { ColumnInfo } from '../../tables/table.js';
import type { Value } from '../../types.js';
import type { TopNestedLevel } from '../bound.js';
import { bindExpr } from './expr.js';
import { errors } from './errors.js';
import { expressionName, NameAllocator } from './naming.js';
import { constCount, constValue, rowScope, type Handler } from './operands.js';
import { bindAggregateCall, isAggregateCall } from './summarize.js';

/** `sample N`: N rows of the input. */
export const sample: Handler<'Sample'> = (b, op, input, scope) => ({
  op: 'sample',
  input,
  count: constCount(b, op.count, scope, 'sample count'),
  schema: input.schema.slice(),
  span: op.span,
});

/** `sample-distinct N of expr`: up to N distinct values, in one column. */
export const sampleDistinct: Handler<'SampleDistinct'> = (b, op, input, scope) => {
  const column = bindExpr(b, op.column, rowScope(scope, input));
  return {
    op: 'sampledistinct',
    input,
    count: constCount(b, op.count, scope, 'sample-distinct count'),
    column,
    schema: [{ name: expressionName(op.column) ?? 'Column1', type: column.type }],
    span: op.span,
  };
};

/**
 * top-nested: each level groups the rows of its parent group by `of`, aggregates `by`, and keeps the top
 * `count` groups (all when no count is given), optionally adding an "others" row.
 */
export const topNested: Handler<'TopNested'> = (b, op, input, scope) => {
  const rs = rowScope(scope, input);
  const names = new NameAllocator();
  const levels: TopNestedLevel[] = [];
  const schema: ColumnInfo[] = [];
  for (const level of op.levels) {
    const of = bindExpr(b, level.of.expr, rs);
    const ofName = names.named(level.of.names[0] ?? expressionName(level.of.expr));
    const byExpr = level.by.expr;
    if (!isAggregateCall(byExpr, rs)) throw errors.unsupported('a top-nested aggregation that is not a single aggregate call', byExpr.span);
    const aggregate = bindAggregateCall(b, byExpr, rs, new Set(), new NameAllocator(), null);
    if (aggregate.types.length !== 1) throw errors.invalid(`${byExpr.name}() gives several columns; top-nested needs one`, byExpr.span);
    const aggName = names.unique(level.by.names[0] ?? `aggregated_${ofName}`);
    let others: Value | undefined;
    if (level.withOthers) others = constValue(b, level.withOthers, scope, 'top-nested others value').value;
    levels.push({
      count: level.count ? constCount(b, level.count, scope, 'top-nested count') : null,
      of,
      desc: level.order !== 'asc',
      others,
      aggregate,
    });
    schema.push({ name: ofName, type: of.type }, { name: aggName, type: aggregate.types[0]! });
  }
  return { op: 'topnested', input, levels, schema, span: op.span };
};
