// Comparison operators. `==` and `!=` take operands of any two types (a dynamic or mixed pair is compared
// through one side's type); `<`, `<=`, `>`, `>=` only order the pairs Kusto defines: numbers (with bool as
// 0/1 and dynamic as a number), datetime with datetime and timespan with timespan. Strings, guids and mixed
// datetime/timespan/number pairs have no order (KQL105, which the binder reports at the operator).

import { KqlError } from '../../diagnostics.js';
import type { ScalarType, Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { convertValue } from '../convert.js';
import { compareValues } from '../values.js';
import { coerce, foldIfConstant, overloaded, type Overload, type ScalarFunction } from './registry.js';

export type Cmp = '==' | '!=' | '<' | '<=' | '>' | '>=';

const NUMBERS: ReadonlySet<ScalarType> = new Set(['int', 'long', 'real', 'decimal']);

/** The test of one comparison on two non-null values of type `t`, with Kusto's null rules. */
function comparer(op: Cmp, t: ScalarType): (a: Value, b: Value) => Value {
  const test = (c: number): boolean =>
    op === '==' ? c === 0 : op === '!=' ? c !== 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
  return (a, b) => {
    if (a === null || b === null) {
      if (op === '==' || op === '!=') return a === null && b === null ? null : op === '!=';
      return null;
    }
    // IEEE: NaN is unordered, so every comparison with it is false except !=.
    if (typeof a === 'number' && typeof b === 'number' && (Number.isNaN(a) || Number.isNaN(b))) return op === '!=';
    return test(compareValues(a, b, t));
  };
}

/** `==` / `!=`: every pair of types binds. */
function equality(op: '==' | '!='): Overload[] {
  const same = (t: ScalarType): Overload => ({ params: [t, t], ret: 'bool', fn: comparer(op, t), handlesNulls: true });
  const list: Overload[] = [same('long'), same('real'), same('string'), same('datetime'), same('timespan'), same('bool'), same('guid')];
  // A dynamic operand is compared through the other operand's type (d.x == "a", d.n == 5).
  list.push({
    params: ['dynamic', 'any'],
    ret: 'bool',
    handlesNulls: true,
    fn: () => null,
    make: (types) => {
      const other = types[1] === 'dynamic' ? 'string' : types[1]!;
      const to = other === 'int' ? 'long' : other;
      const f = comparer(op, to);
      return (a, b) => f(convertValue(a, 'dynamic', to), convertValue(b, types[1]!, to));
    },
  });
  list.push({
    params: ['any', 'dynamic'],
    ret: 'bool',
    handlesNulls: true,
    fn: () => null,
    make: (types) => {
      const to = types[0] === 'int' ? 'long' : types[0]!;
      const f = comparer(op, to);
      return (a, b) => f(convertValue(a, types[0]!, to), convertValue(b, 'dynamic', to));
    },
  });
  return list;
}

/**
 * The type both operands of an ordered comparison are compared as, or undefined when Kusto defines no
 * order between them (Microsoft's binder: KS106 "operator not defined for the operand types").
 */
export function orderedAs(a: ScalarType, b: ScalarType): ScalarType | undefined {
  const num = (t: ScalarType): boolean => NUMBERS.has(t);
  if ((a === 'datetime' || a === 'timespan') && a === b) return a;
  if (num(a) && num(b)) return (a === 'int' || a === 'long') && (b === 'int' || b === 'long') ? 'long' : 'real';
  if (a === 'bool' && b === 'bool') return 'bool';
  if ((a === 'bool' && num(b)) || (num(a) && b === 'bool')) return 'real';
  if ((a === 'dynamic' && (num(b) || b === 'dynamic')) || (num(a) && b === 'dynamic')) return 'real';
  return undefined;
}

/** `<`, `<=`, `>`, `>=` over the pairs `orderedAs` allows. */
function ordered(op: Exclude<Cmp, '==' | '!='>): ScalarFunction {
  return {
    name: op,
    minArgs: 2,
    maxArgs: 2,
    bind(site): BExpr {
      const [a, b] = site.args as [BExpr, BExpr];
      const t = orderedAs(a.type, b.type);
      if (!t) {
        const hint = a.type === 'string' && b.type === 'string' ? '; strings have no order in Kusto (use strcmp())' : '';
        throw new KqlError({ code: 'KQL105', kind: 'semantic', message: `${op} cannot compare ${a.type} with ${b.type}${hint}`, span: site.span });
      }
      const args = [coerce(a, t), coerce(b, t)];
      return foldIfConstant({ k: 'call', type: 'bool', name: op, fn: comparer(op, t), args, handlesNulls: true, span: site.span });
    },
  };
}

/** The function implementing a comparison operator. */
export function comparison(op: Cmp): ScalarFunction {
  return op === '==' || op === '!=' ? overloaded(op, equality(op)) : ordered(op);
}
