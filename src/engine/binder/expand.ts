// Binding of mv-expand and mv-apply. Computed items (`name = expr`, `todynamic(col)`) are first added by an
// extend (replacing a column of the same name, as Kusto does); the named columns are then expanded.
// mv-apply binds its subquery once, over a per-row source whose rows the executor supplies.

import type * as A from '../../parser/ast.js';
import type { ColumnInfo } from '../../tables/table.js';
import type { ScalarType } from '../../types.js';
import type { MvApplyColumn, MvExpandSpec, Plan, RowSlot } from '../bound.js';
import type { Binder } from './binder.js';
import { errors } from './errors.js';
import { constCount, type Handler } from './operands.js';
import { extendOne } from './project.js';
import { Scope } from './scope.js';

type MvItem = A.MvExpand['columns'][number];

interface Expansion {
  /** The input with computed items added as columns. */
  source: Plan;
  spec: MvExpandSpec;
  /** The schema of the expanded rows: expanded columns retyped, the item index appended. */
  schema: ColumnInfo[];
}

function bindExpansion(b: Binder, items: MvItem[], itemIndex: string | undefined, bagArray: boolean, limit: A.Expr | undefined, input: Plan, scope: Scope): Expansion {
  let source = input;
  const targets: { index: number; toType?: ScalarType }[] = [];
  for (const c of items) {
    let name = c.names[0];
    const inPlace = c.expr.kind === 'Name' && (!name || name === c.expr.name) && source.schema.some((s) => s.name === (c.expr as A.NameRef).name);
    if (inPlace) name = (c.expr as A.NameRef).name;
    else {
      const ext = extendOne(b, source, scope, name ? [name] : [], c.expr, c.span);
      source = ext;
      name = ext.schema[ext.columns[0]!.target]!.name;
    }
    const index = source.schema.findIndex((s) => s.name === name);
    if (index < 0) throw errors.unknownName(name!, source.schema.map((s) => s.name), c.span);
    if (source.schema[index]!.type !== 'dynamic') {
      throw errors.typeMismatch(`mv-expand needs a dynamic array or property bag, but '${name}' is ${source.schema[index]!.type}`, c.span);
    }
    targets.push({ index, toType: c.toType });
  }
  const schema = source.schema.map((c, i) => {
    const t = targets.find((x) => x.index === i);
    return t ? { name: c.name, type: t.toType ?? ('dynamic' as ScalarType) } : c;
  });
  if (itemIndex) {
    if (schema.some((c) => c.name === itemIndex)) throw errors.invalid(`with_itemindex column '${itemIndex}' already exists`, undefined);
    schema.push({ name: itemIndex, type: 'long' });
  }
  const spec: MvExpandSpec = { columns: targets, itemIndex: !!itemIndex, bagArray };
  if (limit) spec.limit = constCount(b, limit, scope, 'mv-expand limit');
  return { source, spec, schema };
}

/** `mv-expand [bagexpansion=...] [with_itemindex=I] items [limit n]`. */
export const mvExpand: Handler<'MvExpand'> = (b, op, input, scope) => {
  const x = bindExpansion(b, op.columns, op.itemIndex, op.bagExpansion === 'array', op.limit, input, scope);
  return { op: 'mvexpand', input: x.source, ...x.spec, schema: x.schema, span: op.span };
};

/** The subquery's input name, as the parser writes it for a pipeline with an implicit source. */
const SUBQUERY_INPUT = '$input';

/**
 * mv-apply: the subquery runs once per input row over that row's expansion. The output has the input
 * columns that were not expanded (taken from the subquery when it returns a column of that name), then
 * the subquery's other columns.
 */
export const mvApply: Handler<'MvApply'> = (b, op, input, scope) => {
  const x = bindExpansion(b, op.columns, op.itemIndex, false, op.limit, input, scope);
  const slot: RowSlot = { table: null, schema: x.schema };
  const inner = new Scope(scope);
  inner.define(SUBQUERY_INPUT, { kind: 'tabular', plan: { op: 'rowsource', slot, schema: x.schema, span: op.subquery.span } });
  const subquery = b.bindTabular(op.subquery, inner);
  const expanded = new Set(x.spec.columns.map((c) => c.index));
  const carry = x.source.schema.map((_, i) => i).filter((i) => !expanded.has(i));
  const output: MvApplyColumn[] = [];
  const schema: ColumnInfo[] = [];
  for (const i of carry) {
    const name = x.source.schema[i]!.name;
    const s = subquery.schema.findIndex((c) => c.name === name);
    output.push(s >= 0 ? { from: 'sub', index: s } : { from: 'row', index: i });
    schema.push(s >= 0 ? subquery.schema[s]! : x.source.schema[i]!);
  }
  subquery.schema.forEach((c, i) => {
    if (schema.some((s) => s.name === c.name)) return;
    output.push({ from: 'sub', index: i });
    schema.push(c);
  });
  return { op: 'mvapply', input: x.source, expand: x.spec, subquery, slot, output, schema, span: op.span };
};
