// Series statistics and regressions over dynamic numeric arrays: series_stats, series_fit_line,
// series_fit_2lines (each as several result columns, and as a `_dynamic` bag).
//
// Definitions (Kusto docs; checked against the documented series_fit_line example): x runs 1, 2, ..., n;
// `variance` is the sample variance of the input, `rvariance` the residual sum of squares over n - 1,
// `rsquare` is 1 - residual / total sum of squares.

import type { Dynamic, ScalarType, Value } from '../../types.js';
import { overloaded, type ScalarFunction } from './registry.js';

/** The elements of a dynamic array as numbers (null for a non-number), or undefined when it is no array. */
export function numbersOf(a: Value): (number | null)[] | undefined {
  if (!Array.isArray(a)) return undefined;
  return (a as Dynamic[]).map((v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : null));
}

/** A result column of a function returning several: its name suffix (`series_stats_x_<suffix>`) and type. */
export interface TuplePart {
  suffix: string;
  type: ScalarType;
}

const R: ScalarType = 'real';
const L: ScalarType = 'long';
const DY: ScalarType = 'dynamic';

export const STATS_PARTS: TuplePart[] = [
  { suffix: 'min', type: R }, { suffix: 'min_idx', type: L }, { suffix: 'max', type: R }, { suffix: 'max_idx', type: L },
  { suffix: 'avg', type: R }, { suffix: 'stdev', type: R }, { suffix: 'variance', type: R },
];
export const FIT_LINE_PARTS: TuplePart[] = [
  { suffix: 'rsquare', type: R }, { suffix: 'slope', type: R }, { suffix: 'variance', type: R },
  { suffix: 'rvariance', type: R }, { suffix: 'interception', type: R }, { suffix: 'line_fit', type: DY },
];
export const FIT_2LINES_PARTS: TuplePart[] = [
  { suffix: 'rsquare', type: R }, { suffix: 'split_idx', type: L }, { suffix: 'variance', type: R },
  { suffix: 'rvariance', type: R }, { suffix: 'line_fit', type: DY },
  ...['right', 'left'].flatMap((side) =>
    ['rsquare', 'slope', 'interception', 'variance', 'rvariance'].map((s) => ({ suffix: `${side}_${s}`, type: R })),
  ),
];

interface Stats {
  min: number; min_idx: number; max: number; max_idx: number; avg: number; stdev: number; variance: number; sum: number; len: number;
}

/** series_stats over the values; null when a value is not finite, unless those are ignored. */
function stats(xs: (number | null)[], ignoreNonFinite: boolean): Stats | null {
  let min = Infinity, max = -Infinity, minIdx = -1, maxIdx = -1, sum = 0, n = 0;
  xs.forEach((x, i) => {
    if (x === null || !Number.isFinite(x)) return;
    if (x < min) [min, minIdx] = [x, i];
    if (x > max) [max, maxIdx] = [x, i];
    sum += x;
    n++;
  });
  if (n < xs.length && !ignoreNonFinite) return null;
  if (n === 0) return null;
  const avg = sum / n;
  let ss = 0;
  for (const x of xs) if (x !== null && Number.isFinite(x)) ss += (x - avg) ** 2;
  const variance = n > 1 ? ss / (n - 1) : 0;
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg, stdev: Math.sqrt(variance), variance, sum, len: xs.length };
}

interface LineFit {
  rsquare: number; slope: number; variance: number; rvariance: number; interception: number; line_fit: number[];
  /** Residual and total sums of squares (for combining two lines). */
  rss: number; tss: number;
}

/** Least-squares line through (x0 + i, ys[i]); fitted values for the same x. Nulls count as 0. */
export function fitLine(ys: (number | null)[], x0 = 1): LineFit {
  const n = ys.length;
  const y = ys.map((v) => v ?? 0);
  const mx = x0 + (n - 1) / 2;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0, tss = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x0 + i - mx) * (y[i]! - my);
    sxx += (x0 + i - mx) ** 2;
    tss += (y[i]! - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  const line_fit = y.map((_, i) => slope * (x0 + i) + interception);
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i]! - line_fit[i]!) ** 2;
  const d = Math.max(n - 1, 1);
  return { rsquare: tss === 0 ? 1 : 1 - rss / tss, slope, variance: tss / d, rvariance: rss / d, interception, line_fit, rss, tss };
}

interface TwoLines {
  rsquare: number; split_idx: number; variance: number; rvariance: number; line_fit: number[]; left: LineFit; right: LineFit;
}

/**
 * The best split into a left part [0, s) and a right part [s, n), each at least two points, each with its
 * own line (x keeps counting from 1 across the split); the split with the highest total r-square (the
 * first one on ties). `split_idx` is s, the first index of the right part.
 */
function fitTwoLines(ys: (number | null)[]): TwoLines | null {
  const n = ys.length;
  if (n < 4) return null;
  const whole = fitLine(ys);
  let best: TwoLines | null = null;
  for (let s = 2; s <= n - 2; s++) {
    const left = fitLine(ys.slice(0, s), 1);
    const right = fitLine(ys.slice(s), 1 + s);
    const rss = left.rss + right.rss;
    const rsquare = whole.tss === 0 ? 1 : 1 - rss / whole.tss;
    if (!best || rsquare > best.rsquare) {
      best = { rsquare, split_idx: s, variance: whole.variance, rvariance: rss / (n - 1), line_fit: [...left.line_fit, ...right.line_fit], left, right };
    }
  }
  return best;
}

const side = (f: LineFit): number[] => [f.rsquare, f.slope, f.interception, f.variance, f.rvariance];

function tupleFunction(name: string, extraParams: ScalarType[], compute: (xs: (number | null)[], ...rest: Value[]) => Value[] | null): ScalarFunction {
  return overloaded(name, [
    {
      params: ['dynamic', ...extraParams],
      min: 1,
      ret: DY,
      handlesNulls: true,
      fn: (a, ...rest) => {
        const xs = numbersOf(a);
        return (xs && (compute(xs, ...rest) as Dynamic[] | null)) ?? null;
      },
    },
  ]);
}

function bagFunction(name: string, extraParams: ScalarType[], compute: (xs: (number | null)[], ...rest: Value[]) => Dynamic): ScalarFunction {
  return overloaded(name, [
    { params: ['dynamic', ...extraParams], min: 1, ret: DY, handlesNulls: true, fn: (a, ...rest) => { const xs = numbersOf(a); return xs ? compute(xs, ...rest) : null; } },
  ]);
}

const statsTuple = (s: Stats | null): Value[] | null => (s ? [s.min, s.min_idx, s.max, s.max_idx, s.avg, s.stdev, s.variance] : null);

export const seriesFitFunctions: ScalarFunction[] = [
  tupleFunction('series_stats', ['bool'], (xs, ig) => statsTuple(stats(xs, ig === true))),
  bagFunction('series_stats_dynamic', ['bool'], (xs, ig) => {
    const s = stats(xs, ig === true);
    return s ? { ...s } : null;
  }),
  tupleFunction('series_fit_line', [], (xs) => {
    if (!xs.length) return null;
    const f = fitLine(xs);
    return [f.rsquare, f.slope, f.variance, f.rvariance, f.interception, f.line_fit];
  }),
  bagFunction('series_fit_line_dynamic', [], (xs) => {
    if (!xs.length) return null;
    const f = fitLine(xs);
    return { rsquare: f.rsquare, slope: f.slope, variance: f.variance, rvariance: f.rvariance, interception: f.interception, line_fit: f.line_fit };
  }),
  tupleFunction('series_fit_2lines', [], (xs) => {
    const t = fitTwoLines(xs);
    return t ? [t.rsquare, t.split_idx, t.variance, t.rvariance, t.line_fit, ...side(t.right), ...side(t.left)] : null;
  }),
  bagFunction('series_fit_2lines_dynamic', [], (xs) => {
    const t = fitTwoLines(xs);
    if (!t) return null;
    const bag = (f: LineFit): Dynamic => ({ rsquare: f.rsquare, slope: f.slope, interception: f.interception, variance: f.variance, rvariance: f.rvariance });
    return { rsquare: t.rsquare, split_idx: t.split_idx, variance: t.variance, rvariance: t.rvariance, line_fit: t.line_fit, right: bag(t.right), left: bag(t.left) };
  }),
];
