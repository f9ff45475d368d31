// Outlier scoring and decomposition of series: series_outliers, series_decompose and
// series_decompose_anomalies, as the Kusto docs define them:
//   - series_outliers scores each point with Tukey's fences: 0 inside [P_lo, P_hi], else the distance past
//     the nearer fence in units of P_hi - P_lo (P25/P75 for "tukey", P10/P90 or given ones for "ctukey");
//     a score above 1.5 is a rise anomaly, below -1.5 a decline. Nulls (and ignore_val) score 0. The
//     percentiles interpolate linearly between closest ranks (the docs do not say how Kusto takes them).
//   - series_decompose: seasonal = the median of the points in the same phase (0 without a period), trend
//     = the average (avg) or the regression line (linefit) of the deseasonalised series, or 0 (none);
//     baseline = seasonal + trend; residual = x - baseline. The last test_points points are left out of
//     the learning.
//   - series_decompose_anomalies: ad_score = series_outliers(residual), ad_flag = +1/-1/0 by the threshold.
// Seasonality -1 (detect the period) is taken as "no period": kqlite does not implement
// series_periods_detect, so pass the period explicitly for seasonal data.

import type { Dynamic, ScalarType, Value } from '../../types.js';
import { overloaded, type ScalarFunction } from './registry.js';
import { fitLine, numbersOf, type TuplePart } from './series-fit.js';

export const DECOMPOSE_PARTS: TuplePart[] = ['baseline', 'seasonal', 'trend', 'residual'].map((suffix) => ({ suffix, type: 'dynamic' as ScalarType }));
export const ANOMALIES_PARTS: TuplePart[] = ['ad_flag', 'ad_score', 'baseline'].map((suffix) => ({ suffix, type: 'dynamic' as ScalarType }));

/** The p-th percentile (0..100) of sorted values, interpolating linearly between closest ranks. */
function percentile(sorted: number[], p: number): number {
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Tukey scores of xs, with the fences taken from the values at `learn` indexes (all by default). */
export function outlierScores(xs: (number | null)[], lowPct: number, highPct: number, learnCount = xs.length): number[] {
  const sorted = xs.slice(0, learnCount).filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!sorted.length) return xs.map(() => 0);
  const lo = percentile(sorted, lowPct);
  const hi = percentile(sorted, highPct);
  // Fences that coincide (a mostly constant series) leave no unit: a point past them scores ±Infinity, the
  // value of the formula, so it is flagged at any threshold.
  const range = hi - lo;
  return xs.map((x) => {
    if (x === null || !Number.isFinite(x) || (x >= lo && x <= hi)) return 0;
    return x > hi ? (x - hi) / range : (x - lo) / range;
  });
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Decomposition {
  baseline: number[];
  seasonal: number[];
  trend: number[];
  residual: (number | null)[];
}

function decompose(xs: (number | null)[], period: number, trendKind: string, testPoints: number): Decomposition {
  const n = xs.length;
  const learn = Math.max(0, n - Math.max(0, testPoints));
  const seasonal = new Array<number>(n).fill(0);
  if (period > 1) {
    for (let phase = 0; phase < period; phase++) {
      const same: number[] = [];
      for (let i = phase; i < learn; i += period) if (xs[i] !== null) same.push(xs[i]!);
      const m = same.length ? median(same) : 0;
      for (let i = phase; i < n; i += period) seasonal[i] = m;
    }
  }
  const deseasonal = xs.map((x, i) => (x === null ? null : x - seasonal[i]!));
  let trend = new Array<number>(n).fill(0);
  const learned = deseasonal.slice(0, learn);
  if (trendKind === 'avg') {
    const vals = learned.filter((v): v is number => v !== null);
    const avg = vals.length ? vals.reduce((s, v) => s + v, 0) / vals.length : 0;
    trend.fill(avg);
  } else if (trendKind === 'linefit' && learn > 0) {
    const f = fitLine(learned);
    trend = trend.map((_, i) => f.slope * (i + 1) + f.interception);
  }
  const baseline = seasonal.map((s, i) => s + trend[i]!);
  return { baseline, seasonal, trend, residual: xs.map((x, i) => (x === null ? null : x - baseline[i]!)) };
}

/** Kusto's methods and trends by name; anything else is an argument error, reported as a null result. */
const TUKEY: Record<string, [number, number]> = { ctukey: [10, 90], tukey: [25, 75] };

const num = (v: Value, dflt: number): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : dflt);
const str = (v: Value, dflt: string): string => (typeof v === 'string' && v !== '' ? v : dflt);
const period = (v: Value): number => Math.max(0, Math.trunc(num(v, -1)));

const seriesOutliers = overloaded('series_outliers', [
  {
    params: ['dynamic', 'string', 'real', 'real', 'real'],
    min: 1,
    ret: 'dynamic',
    handlesNulls: true,
    fn: (a, kind, ignore, minPct, maxPct) => {
      const xs = numbersOf(a);
      const k = str(kind, 'ctukey');
      const range = TUKEY[k];
      if (!xs || !range) return null;
      const [lo, hi] = k === 'ctukey' ? [num(minPct, 10), num(maxPct, 90)] : range;
      const ign = typeof ignore === 'number' ? ignore : null;
      return outlierScores(xs.map((x) => (x === ign ? null : x)), lo, hi);
    },
  },
]);

const seriesDecompose = overloaded('series_decompose', [
  {
    params: ['dynamic', 'long', 'string', 'long', 'real'],
    min: 1,
    ret: 'dynamic',
    handlesNulls: true,
    fn: (a, season, trend, test) => {
      const xs = numbersOf(a);
      if (!xs) return null;
      const d = decompose(xs, period(season), str(trend, 'avg'), num(test, 0));
      return [d.baseline, d.seasonal, d.trend, d.residual] as Dynamic;
    },
  },
]);

const seriesDecomposeAnomalies = overloaded('series_decompose_anomalies', [
  {
    params: ['dynamic', 'real', 'long', 'string', 'long', 'string', 'real'],
    min: 1,
    ret: 'dynamic',
    handlesNulls: true,
    fn: (a, threshold, season, trend, test, method) => {
      const xs = numbersOf(a);
      const range = TUKEY[str(method, 'ctukey')];
      if (!xs || !range) return null;
      const k = num(threshold, 1.5);
      const testPoints = num(test, 0);
      const d = decompose(xs, period(season), str(trend, 'avg'), testPoints);
      const scores = outlierScores(d.residual, range[0], range[1], Math.max(0, xs.length - testPoints));
      const flags = scores.map((s) => (s > k ? 1 : s < -k ? -1 : 0));
      return [flags, scores, d.baseline] as Dynamic;
    },
  },
]);

export const seriesAnomalyFunctions: ScalarFunction[] = [seriesOutliers, seriesDecompose, seriesDecomposeAnomalies];
