// make-series: group rows by the keys, bin the axis by `step` from `from` (or the first bin with data) up to
// `to` (exclusive; or past the last bin with data), aggregate per bin, and emit one row per group holding
// one dynamic array per aggregate (empty bins get the default) and the array of bin starts.
// `in range(from, to, step)` includes `to` and aligns bins like bin().

import { KqlError } from '../../diagnostics.js';
import { columnBuilder } from '../../tables/column.js';
import { Table } from '../../tables/table.js';
import { EPOCH_OFFSET_TICKS, type Dynamic, type ScalarType, type Value } from '../../types.js';
import type { Plan } from '../bound.js';
import { compile } from '../exec/compile.js';
import type { ExecContext } from '../exec/context.js';
import { compileEnv } from '../exec/executor.js';
import { relRows, type Rel } from '../exec/relation.js';
import type { Accumulator } from '../functions/registry.js';
import { toDynamic, valueKey } from '../values.js';

type SeriesPlan = Extract<Plan, { op: 'makeseries' }>;

/** Axis arithmetic in the axis's own representation: bigint ticks or longs, or real numbers. */
interface Axis {
  /** Index of the bin holding v, counted from `start`. */
  bin(v: Value, start: Value): number;
  /** The start of the bin holding v when no `from` is given (aligned like bin()). */
  floor(v: Value): Value;
  at(start: Value, i: number): Value;
  /** Number of bins in [start, end). */
  count(start: Value, end: Value): number;
}

function axisMath(type: ScalarType, step: Value): Axis {
  if (typeof step === 'bigint') {
    // Datetime bins align to multiples of the step since 0001-01-01, as bin() does.
    const origin = type === 'datetime' ? -EPOCH_OFFSET_TICKS : 0n;
    const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));
    return {
      bin: (v, s) => Number(floorDiv((v as bigint) - (s as bigint), step)),
      floor: (v) => floorDiv((v as bigint) - origin, step) * step + origin,
      at: (s, i) => (s as bigint) + BigInt(i) * step,
      count: (s, e) => Number(floorDiv((e as bigint) - (s as bigint) + step - 1n, step)),
    };
  }
  const st = Number(step);
  return {
    bin: (v, s) => Math.floor((Number(v) - Number(s)) / st),
    floor: (v) => Math.floor(Number(v) / st) * st,
    at: (s, i) => Number(s) + i * st,
    count: (s, e) => Math.ceil((Number(e) - Number(s)) / st),
  };
}

/** Largest series kqlite builds (Kusto's limit on make-series arrays). */
const MAX_BINS = 1 << 20;

/** Run make-series: one row per group, each aggregate and the axis as dynamic arrays. */
export function runMakeSeries(p: SeriesPlan, input: Rel, ctx: ExecContext): Table {
  const env = compileEnv(input.table, ctx);
  const keyFns = p.keys.map((k) => compile(k, env));
  const axisFn = compile(p.axis, env);
  const argFns = p.aggregates.map((a) => a.args.map((x) => compile(x, env)));
  const rows = relRows(input);
  const axis = axisMath(p.axis.type, p.step);

  const axisVals: Value[] = [];
  let lo: Value = null;
  let hi: Value = null;
  for (let i = 0; i < rows.length; i++) {
    const v = axisFn(rows[i]!);
    axisVals.push(v);
    if (v === null) continue;
    if (lo === null || (v as number) < (lo as number)) lo = v;
    if (hi === null || (v as number) > (hi as number)) hi = v;
  }
  // `in range(a, b, step)` bins like bin() (aligned, so `a` may not start a bin) up to the bin holding b.
  const from = p.inRange && p.from !== null ? axis.floor(p.from) : p.from;
  const to = p.inRange && p.to !== null ? axis.at(axis.floor(p.to), 1) : p.to;
  const start = from ?? (lo === null ? null : axis.floor(lo));
  const end = to ?? (hi === null ? null : axis.at(axis.floor(hi), 1));
  const nbins = start === null || end === null ? 0 : Math.max(0, axis.count(start, end));
  if (nbins > MAX_BINS) {
    throw new KqlError({ code: 'KQL205', kind: 'runtime', message: `make-series would build ${nbins} bins per series (the limit is ${MAX_BINS})`, span: p.span });
  }

  const groups = new Map<string, { keys: Value[]; bins: Map<number, Accumulator[]> }>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const keys = keyFns.map((f) => f(r));
    const gk = keys.map(valueKey).join('\u0001');
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { keys, bins: new Map() }));
    const v = axisVals[i]!;
    if (v === null || start === null) continue;
    const b = axis.bin(v, start);
    if (b < 0 || b >= nbins) continue;
    let accs = g.bins.get(b);
    if (!accs) g.bins.set(b, (accs = p.aggregates.map((a) => a.factory.create())));
    accs.forEach((acc, a) => acc.add(argFns[a]!.map((f) => f(r))));
    if ((i & 0xffff) === 0) ctx.checkTime();
  }

  // kind=nonempty: an empty input still gives one row of default series.
  if (p.nonEmpty && groups.size === 0) groups.set('', { keys: p.keys.map(() => null), bins: new Map() });
  const builders = p.schema.map((c) => columnBuilder(c.type));
  const nk = p.keys.length;
  const axisArray: Dynamic[] = [];
  for (let b = 0; b < nbins; b++) axisArray.push(toDynamic(axis.at(start, b), p.axis.type));
  for (const g of groups.values()) {
    g.keys.forEach((k, i) => builders[i]!.push(k));
    p.aggregates.forEach((a, ai) => {
      const series: Dynamic[] = [];
      for (let b = 0; b < nbins; b++) {
        const accs = g.bins.get(b);
        series.push(toDynamic(accs ? accs[ai]!.result()[0]! : p.defaults[ai]!, a.types[0]!));
      }
      builders[nk + ai]!.push(series);
    });
    builders[nk + p.aggregates.length]!.push(axisArray.slice());
  }
  return new Table(p.schema, builders.map((b) => b.build()), groups.size);
}
