// Aggregate functions for summarize: accumulators per group, result types and Kusto's default column
// names (count_, sum_x, set_x, ...). `_if` forms wrap a base aggregate with a trailing predicate.

import { KqlError } from '../../diagnostics.js';
import type { Dynamic, ScalarType, Value } from '../../types.js';
import type { BExpr } from '../bound.js';
import { compareValues, toDynamic, valueKey } from '../values.js';
import { chargeActive } from '../exec/memory.js';
import { coerce, type Accumulator, type AggregateFunction, type BoundAggregateInfo, type CallSite } from './registry.js';

/**
 * make_set / make_list / make_bag default and maximum size (Kusto: 1,048,576, and a maximum size outside
 * 1..1,048,576 is an error; the deprecated makeset/makelist default to 128).
 */
export const MAX_SET_SIZE = 1_048_576;

type Bind = (site: CallSite) => BoundAggregateInfo;

function agg(name: string, prefix: string, minArgs: number, maxArgs: number, bind: Bind): AggregateFunction {
  return { name, prefix, minArgs, maxArgs, bind };
}

function fail(site: CallSite, message: string): KqlError {
  return new KqlError({ code: 'KQL105', kind: 'semantic', message, span: site.span });
}

function isNumeric(t: ScalarType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

// ------------------------------------------------------------------------------------------ counting

const count = agg('count', 'count', 0, 1, (site) => ({
  types: ['long'],
  args: [],
  factory: {
    create(): Accumulator {
      let n = 0n;
      return { add: () => void n++, result: () => [n] };
    },
  },
}));

const countif = agg('countif', 'countif', 1, 1, (site) => ({
  types: ['long'],
  args: [coerce(site.args[0]!, 'bool')],
  factory: {
    create(): Accumulator {
      let n = 0n;
      return { add: (a) => void (a[0] === true && n++), result: () => [n] };
    },
  },
}));

const dcount = agg('dcount', 'dcount', 1, 2, (site) => ({
  types: ['long'],
  args: [site.args[0]!],
  factory: {
    create(): Accumulator {
      const seen = new Set<string>();
      return { add: (a) => void (a[0] !== null && seen.add(valueKey(a[0]!))), result: () => [BigInt(seen.size)] };
    },
  },
}));

// ---------------------------------------------------------------------------------------- arithmetic

const sum = agg('sum', 'sum', 1, 1, (site) => {
  const t = site.args[0]!.type;
  if (t === 'int' || t === 'long' || t === 'timespan') {
    const type = t === 'timespan' ? 'timespan' : 'long';
    return {
      types: [type],
      args: [coerce(site.args[0]!, type)],
      factory: {
        create(): Accumulator {
          let s = 0n;
          return { add: (a) => void (a[0] !== null && (s = BigInt.asIntN(64, s + (a[0] as bigint)))), result: () => [s] };
        },
      },
    };
  }
  if (!isNumeric(t) && t !== 'dynamic') throw fail(site, `sum() needs a numeric argument, not ${t}`);
  return {
    types: ['real'],
    args: [coerce(site.args[0]!, 'real')],
    factory: {
      create(): Accumulator {
        let s = 0;
        return { add: (a) => void (a[0] !== null && (s += a[0] as number)), result: () => [s] };
      },
    },
  };
});

const avg = agg('avg', 'avg', 1, 1, (site) => {
  const t = site.args[0]!.type;
  if (t === 'timespan' || t === 'datetime') {
    return {
      types: [t],
      args: [site.args[0]!],
      factory: {
        create(): Accumulator {
          let s = 0n;
          let n = 0n;
          return {
            add: (a) => {
              if (a[0] !== null) {
                s += a[0] as bigint;
                n++;
              }
            },
            result: () => [n === 0n ? null : s / n],
          };
        },
      },
    };
  }
  if (!isNumeric(t) && t !== 'dynamic') throw fail(site, `avg() needs a numeric argument, not ${t}`);
  return {
    types: ['real'],
    args: [coerce(site.args[0]!, 'real')],
    factory: {
      create(): Accumulator {
        let s = 0;
        let n = 0;
        return {
          add: (a) => {
            if (a[0] !== null) {
              s += a[0] as number;
              n++;
            }
          },
          result: () => [n === 0 ? null : s / n],
        };
      },
    },
  };
});

/** variance / stdev (sample, n-1) and their population forms (n). */
function moments(name: string, sqrt: boolean, population: boolean): AggregateFunction {
  return agg(name, name, 1, 1, (site) => ({
    types: ['real'],
    args: [coerce(site.args[0]!, 'real')],
    factory: {
      create(): Accumulator {
        let n = 0;
        let mean = 0;
        let m2 = 0;
        return {
          add: (a) => {
            if (a[0] === null) return;
            const x = a[0] as number;
            n++;
            const d = x - mean;
            mean += d / n;
            m2 += d * (x - mean);
          },
          result: () => {
            const denom = population ? n : n - 1;
            if (denom <= 0) return [n === 0 ? 0 : 0];
            const v = m2 / denom;
            return [sqrt ? Math.sqrt(v) : v];
          },
        };
      },
    },
  }));
}

// ------------------------------------------------------------------------------------- extremes, any

function extreme(name: 'min' | 'max'): AggregateFunction {
  return agg(name, name, 1, 1, (site) => {
    const t = site.args[0]!.type;
    const sign = name === 'min' ? -1 : 1;
    return {
      types: [t],
      args: [site.args[0]!],
      factory: {
        create(): Accumulator {
          let best: Value = null;
          return {
            add: (a) => {
              const v = a[0]!;
              if (v === null) return;
              if (best === null || compareValues(v, best, t) * sign > 0) best = v;
            },
            result: () => [best],
          };
        },
      },
    };
  });
}

/** arg_max / arg_min: the first argument is maximised; the others are read from the winning row. */
function argExtreme(name: 'arg_max' | 'arg_min'): AggregateFunction {
  return agg(name, name === 'arg_max' ? 'max' : 'min', 1, 256, (site) => {
    const t = site.args[0]!.type;
    const sign = name === 'arg_min' ? -1 : 1;
    return {
      types: site.args.map((a) => a.type),
      args: site.args,
      factory: {
        create(): Accumulator {
          let best: Value[] | null = null;
          let any: Value[] | null = null;
          return {
            add: (a) => {
              if (any === null) any = a.slice();
              const v = a[0]!;
              if (v === null) return;
              if (best === null || compareValues(v, best[0]!, t) * sign > 0) best = a.slice();
            },
            result: () => best ?? (any ? any.map((v, i) => (i === 0 ? null : v)) : site.args.map(() => null)),
          };
        },
      },
    };
  });
}

const takeAny = agg('take_any', 'take_any', 1, 64, (site) => ({
  types: site.args.map((a) => a.type),
  args: site.args,
  factory: {
    create(): Accumulator {
      let picked: Value[] | null = null;
      let first: Value[] | null = null;
      return {
        add: (a) => {
          if (picked) return;
          if (!first) first = a.slice();
          if (a.every((v) => v !== null && v !== '')) picked = a.slice();
        },
        result: () => picked ?? first ?? site.args.map(() => null),
      };
    },
  },
}));

// ----------------------------------------------------------------------------------- collections

function maxSizeArg(site: CallSite, index: number, dflt: number): number {
  const a = site.args[index];
  if (!a) return dflt;
  if (a.k !== 'const' || (typeof a.value !== 'bigint' && typeof a.value !== 'number')) {
    throw fail(site, `${site.name}(): the maximum size must be a constant number`);
  }
  const n = Number(a.value);
  if (!(n >= 1 && n <= MAX_SET_SIZE && Number.isInteger(n))) {
    throw fail(site, `${site.name}(): the maximum size must be an integer from 1 to ${MAX_SET_SIZE.toLocaleString('en-US')}, not ${String(a.value)}`);
  }
  return n;
}

/**
 * Collections are charged to the query's memory budget every this many elements (a collection smaller
 * than this is bounded by the rows it came from).
 */
export const CHARGE_EVERY = 4096;

/** Charge the last {@link CHARGE_EVERY} elements of a growing make_list/make_set/make_bag result. */
function chargeGrowth(site: CallSite, size: number): void {
  chargeActive(CHARGE_EVERY, () => `${site.name}() collected ${size.toLocaleString('en-US')} values`, site.span);
}

function makeSet(name: string, dflt: number): AggregateFunction {
  return agg(name, 'set', 1, 2, (site) => {
    const t = site.args[0]!.type;
    const limit = maxSizeArg(site, 1, dflt);
    return {
      types: ['dynamic'],
      args: [site.args[0]!],
      limit,
      factory: {
        create(): Accumulator {
          const seen = new Set<string>();
          const out: Dynamic[] = [];
          const put = (d: Dynamic): void => {
            if (d === null || out.length >= limit) return;
            const k = valueKey(d);
            if (!seen.has(k)) {
              if (out.length % CHARGE_EVERY === 0 && out.length) chargeGrowth(site, out.length);
              seen.add(k);
              out.push(d);
            }
          };
          return {
            add: (a) => {
              const v = a[0]!;
              if (v === null) return;
              // An array argument contributes its elements.
              if (t === 'dynamic' && Array.isArray(v)) for (const e of v) put(e);
              else put(toDynamic(v, t));
            },
            result: () => [out],
          };
        },
      },
    };
  });
}

function makeList(name: string, dflt: number): AggregateFunction {
  return agg(name, 'list', 1, 2, (site) => {
    const t = site.args[0]!.type;
    const limit = maxSizeArg(site, 1, dflt);
    return {
      types: ['dynamic'],
      args: [site.args[0]!],
      factory: {
        create(): Accumulator {
          const out: Dynamic[] = [];
          return {
            add: (a) => {
              if (a[0] === null || out.length >= limit) return;
              if (out.length % CHARGE_EVERY === 0 && out.length) chargeGrowth(site, out.length);
              out.push(toDynamic(a[0]!, t));
            },
            result: () => [out],
          };
        },
      },
    };
  });
}

const makeBag = agg('make_bag', 'bag', 1, 2, (site) => {
  const limit = maxSizeArg(site, 1, MAX_SET_SIZE);
  return {
    types: ['dynamic'],
    args: [coerce(site.args[0]!, 'dynamic')],
    factory: {
      create(): Accumulator {
        const bag: Record<string, Dynamic> = {};
        let n = 0;
        return {
          add: (a) => {
            const v = a[0];
            if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
            for (const [k, x] of Object.entries(v as Record<string, Dynamic>)) {
              if (!(k in bag) && n >= limit) continue;
              if (!(k in bag) && ++n % CHARGE_EVERY === 0) chargeGrowth(site, n);
              bag[k] = x;
            }
          },
          result: () => [bag],
        };
      },
    },
  };
});

// -------------------------------------------------------------------------------------- percentiles

/** Nearest-rank percentile: the index of the smallest value with at least p% of values at or below it. */
function percentileIndex(n: number, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return Math.min(rank, n) - 1;
}

function percentiles(name: 'percentile' | 'percentiles'): AggregateFunction {
  return agg(name, name, 2, 64, (site) => {
    const t = site.args[0]!.type;
    const ps = site.args.slice(1).map((a) => {
      if (a.k !== 'const' || a.value === null) throw fail(site, `${name}(): percentiles must be constant numbers`);
      return Number(a.value);
    });
    if (name === 'percentile' && ps.length !== 1) throw fail(site, 'percentile() takes one percentile; use percentiles() for several');
    return {
      types: ps.map(() => t),
      args: [site.args[0]!],
      factory: {
        create(): Accumulator {
          const vals: Value[] = [];
          return {
            add: (a) => void (a[0] !== null && vals.push(a[0]!)),
            result: () => {
              if (!vals.length) return ps.map(() => null);
              const sorted = vals.slice().sort((x, y) => compareValues(x, y, t));
              return ps.map((p) => sorted[percentileIndex(sorted.length, p)]!);
            },
          };
        },
      },
    };
  });
}

// ------------------------------------------------------------------------------------------ _if forms

/** `<base>if(args..., predicate)`: rows whose predicate is not true are not seen by the base aggregate. */
function withPredicate(name: string, base: AggregateFunction, prefix = name): AggregateFunction {
  return agg(name, prefix, base.minArgs + 1, base.maxArgs + 1, (site) => {
    // X_if(expr, predicate [, more arguments of X]): the predicate is always the second argument.
    const pred = coerce(site.args[1]!, 'bool');
    const without = <T,>(a: T[]): T[] => [a[0]!, ...a.slice(2)];
    const inner = base.bind({ ...site, args: without(site.args), argSpans: without(site.argSpans) });
    return {
      ...inner,
      args: [...inner.args, pred],
      factory: {
        create(): Accumulator {
          const acc = inner.factory.create();
          return {
            add: (a) => {
              if (a[a.length - 1] === true) acc.add(a.slice(0, -1));
            },
            result: () => acc.result(),
          };
        },
      },
    };
  });
}

const makeSetAgg = makeSet('make_set', MAX_SET_SIZE);
const makeListAgg = makeList('make_list', MAX_SET_SIZE);
const sumAgg = sum;

export const aggregateFunctions: AggregateFunction[] = [
  count,
  countif,
  dcount,
  withPredicate('dcountif', dcount),
  { ...dcount, name: 'count_distinct', prefix: 'count_distinct' },
  sumAgg,
  withPredicate('sumif', sumAgg),
  avg,
  withPredicate('avgif', avg),
  extreme('min'),
  extreme('max'),
  withPredicate('minif', extreme('min')),
  withPredicate('maxif', extreme('max')),
  argExtreme('arg_max'),
  argExtreme('arg_min'),
  takeAny,
  { ...takeAny, name: 'any', prefix: 'any' },
  makeSetAgg,
  withPredicate('make_set_if', makeSetAgg, 'set'),
  makeSet('makeset', 128),
  makeListAgg,
  withPredicate('make_list_if', makeListAgg, 'list'),
  makeList('makelist', 128),
  makeBag,
  withPredicate('make_bag_if', makeBag, 'bag'),
  moments('variance', false, false),
  moments('variancep', false, true),
  moments('stdev', true, false),
  moments('stdevp', true, true),
  percentiles('percentile'),
  percentiles('percentiles'),
];

/** Columns an aggregate is named after: `take_any(x)` keeps `x`; others are `<prefix>_<column>`. */
export function aggregateDefaultNames(fn: AggregateFunction, argNames: (string | undefined)[], info: BoundAggregateInfo, args: BExpr[]): string[] {
  if (info.names) return info.names;
  const first = argNames[0];
  switch (fn.name) {
    case 'count':
      return [first ? `count_${first}` : 'count_'];
    case 'countif':
      return ['countif_'];
    case 'take_any':
      return argNames.map((n, i) => n ?? `take_any_${i === 0 ? '' : i}`);
    case 'arg_max':
    case 'arg_min':
      return argNames.map((n, i) => n ?? (i === 0 ? `${fn.prefix}_` : `Column${i}`));
    case 'percentile':
    case 'percentiles': {
      const ps = args.slice(1).map((a) => (a.k === 'const' ? String(a.value).replace('.', '_') : ''));
      return ps.map((p) => `percentile_${first ?? ''}_${p}`);
    }
    default:
      return [first ? `${fn.prefix}_${first}` : `${fn.prefix}_`];
  }
}
