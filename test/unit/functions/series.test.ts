// Series functions with several results. Expected values come from the Kusto docs' examples (series_stats,
// series_stats_dynamic, series_fit_line) or are worked out by hand from the documented definitions.
import { describe, expect, it } from 'vitest';
import { names, q, rows } from '../../helpers.js';

const STATS_X = 'print x=dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29])';

describe('series_stats', () => {
  it('documented example: one column per statistic, named series_stats_x_<statistic>', () => {
    const r = q(`${STATS_X} | project series_stats(x)`);
    expect(r.columns).toEqual([
      { name: 'series_stats_x_min', type: 'real' },
      { name: 'series_stats_x_min_idx', type: 'long' },
      { name: 'series_stats_x_max', type: 'real' },
      { name: 'series_stats_x_max_idx', type: 'long' },
      { name: 'series_stats_x_avg', type: 'real' },
      { name: 'series_stats_x_stdev', type: 'real' },
      { name: 'series_stats_x_variance', type: 'real' },
    ]);
    const [min, minIdx, max, maxIdx, avg, stdev, variance] = r.rows[0]! as number[];
    expect([min, minIdx, max, maxIdx]).toEqual([2, 8n, 87, 3n]);
    expect(avg).toBeCloseTo(32.8, 12);
    expect(stdev).toBeCloseTo(28.5036338535483, 12);
    expect(variance).toBeCloseTo(812.457142857143, 11);
  });

  it('documented example of series_stats_dynamic: a bag with sum and len too', () => {
    const bag = rows(`${STATS_X} | project stats=series_stats_dynamic(x)`)[0]![0] as Record<string, number>;
    expect(bag).toMatchObject({ min: 2, min_idx: 8, max: 87, max_idx: 3, sum: 492, len: 15 });
    expect(bag.stdev).toBeCloseTo(28.503633853548269, 12);
  });

  it('a non-finite value makes every statistic null unless ignore_nonfinite is true (docs)', () => {
    expect(rows('print x=dynamic([1, null, 3]) | extend (mn, mi) = series_stats(x) | project mn, mi')).toEqual([[null, null]]);
    expect(rows('print x=dynamic([1, null, 3]) | extend (mn, mi, mx, xi, av) = series_stats(x, true) | project-away x')).toEqual([[1, 0n, 3, 2n, 2]]);
  });

  it('extend with names keeps only the named results; project names the first and keeps the rest (docs)', () => {
    expect(names(`${STATS_X} | extend (lo, at) = series_stats(x)`)).toEqual(['x', 'lo', 'at']);
    expect(names(`${STATS_X} | extend lo = series_stats(x)`)).toEqual(['x', 'lo']);
    expect(names(`${STATS_X} | project (lo, at) = series_stats(x)`)).toEqual([
      'lo', 'at', 'series_stats_x_max', 'series_stats_x_max_idx', 'series_stats_x_avg', 'series_stats_x_stdev', 'series_stats_x_variance',
    ]);
  });

  it('more names than results is an error at the assignment', () => {
    const e = (() => {
      try {
        q(`${STATS_X} | extend (a, b, c, d, e, f, g, h) = series_stats(x)`);
      } catch (err) {
        return err as { code: string; column: number };
      }
      throw new Error('expected an error');
    })();
    expect(e.code).toBe('KQL112');
    expect(e.column).toBe(STATS_X.length + 11);
  });
});

describe('series_fit_line', () => {
  // The docs print the values cut to three decimals (0.9829 shows as 0.982): compare within 0.001.
  it('documented example: rsquare 0.982, slope 2.730, variance 98.628, rvariance 1.686, interception -1.666', () => {
    const near = (x: number, doc: number): void => expect(Math.abs(x - doc)).toBeLessThan(0.001);
    const r = rows('print y=dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) | project (RSquare, Slope, Variance, RVariance, Interception, LineFit)=series_fit_line(y)')[0]!;
    const [rsquare, slope, variance, rvariance, interception, fit] = r as [number, number, number, number, number, number[]];
    near(rsquare, 0.982);
    near(slope, 2.73);
    near(variance, 98.628);
    near(rvariance, 1.686);
    near(interception, -1.666);
    expect(fit).toHaveLength(12);
    near(fit[0]!, 1.064);
    near(fit[11]!, 31.102);
  });
});

describe('series_fit_2lines', () => {
  // 1, 2, 3, 4 lie on y = x (x = 1..4) and 10, 8, 6, 4 on y = -2x + 20 (x = 5..8): a perfect two-line fit.
  // Mean 4.75, total sum of squares 65.5, so variance 65.5 / 7; left variance 5 / 3, right variance 20 / 3.
  const Y = 'print y=dynamic([1, 2, 3, 4, 10, 8, 6, 4])';

  it('finds the break between two exact lines (split_idx: the first index of the right part)', () => {
    const r = q(`${Y} | project series_fit_2lines(y)`);
    expect(r.columns.map((c) => c.name)).toEqual([
      'series_fit_2lines_y_rsquare', 'series_fit_2lines_y_split_idx', 'series_fit_2lines_y_variance', 'series_fit_2lines_y_rvariance',
      'series_fit_2lines_y_line_fit', 'series_fit_2lines_y_right_rsquare', 'series_fit_2lines_y_right_slope',
      'series_fit_2lines_y_right_interception', 'series_fit_2lines_y_right_variance', 'series_fit_2lines_y_right_rvariance',
      'series_fit_2lines_y_left_rsquare', 'series_fit_2lines_y_left_slope', 'series_fit_2lines_y_left_interception',
      'series_fit_2lines_y_left_variance', 'series_fit_2lines_y_left_rvariance',
    ]);
    const v = r.rows[0]! as number[];
    const expected = [1, 4n, 65.5 / 7, 0, [1, 2, 3, 4, 10, 8, 6, 4], 1, -2, 20, 20 / 3, 0, 1, 1, 0, 5 / 3, 0];
    expected.forEach((want, i) => {
      if (typeof want === 'number') expect(v[i]).toBeCloseTo(want, 9);
      else if (Array.isArray(want)) (v[i] as unknown as number[]).forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 9));
      else expect(v[i]).toBe(want);
    });
  });

  it('the corpus form: extend (RSquare, SplitIdx, Variance, RVariance, TrendLine) = series_fit_2lines(x)', () => {
    expect(names(`${Y} | extend (RSquare, SplitIdx, Variance, RVariance, TrendLine)=series_fit_2lines(y)`)).toEqual(['y', 'RSquare', 'SplitIdx', 'Variance', 'RVariance', 'TrendLine']);
  });
});

describe('series_outliers and series_decompose_anomalies', () => {
  it('a spike scores above 1.5, a dip below -1.5; the other points score 0', () => {
    // With every other point equal the fences coincide, and the score (x - fence) / 0 is unbounded.
    const [up] = rows('print s = series_outliers(dynamic([1, 1, 1, 1, 1, 1, 1, 1, 1, 11]))')[0]! as number[][];
    expect(up!.slice(0, 9)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(up![9]).toBeGreaterThan(1.5);
    const [down] = rows('print s = series_outliers(dynamic([5, 5, 5, 5, 5, 5, 5, 5, 5, -5]))')[0]! as number[][];
    expect(down![9]).toBeLessThan(-1.5);
  });

  it('ctukey scores in units of P90 - P10 past the nearer fence (percentiles between closest ranks)', () => {
    // Sorted 1..10, 30 (11 points): P10 is rank 1.0 → 2, P90 rank 9.0 → 10; range 8.
    // 30 scores (30 - 10) / 8 = 2.5, 1 scores (1 - 2) / 8 = -0.125, 2..10 score 0.
    const [s] = rows('print s = series_outliers(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30]))')[0]! as number[][];
    expect(s).toEqual([-0.125, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2.5]);
    // tukey: P25 rank 2.5 → 3.5, P75 rank 7.5 → 8.5; range 5: 30 scores 4.3, 1 scores -0.5.
    const [t] = rows('print s = series_outliers(dynamic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30]), "tukey")')[0]! as number[][];
    expect(t![0]).toBeCloseTo(-0.5, 12);
    expect(t![10]).toBeCloseTo(4.3, 12);
  });

  it('flags a spike over a weekly-style period: baseline = median per phase + average (hand-computed)', () => {
    // Period 2: phase 0 holds 1,1,1,1,1 (median 1), phase 1 holds 5,5,5,5,20 (median 5). Deseasonalised:
    // 0 (x9) and 15, whose average 1.5 is the trend; baseline 2.5 / 6.5 by phase.
    const r = q('print y = dynamic([1, 5, 1, 5, 1, 5, 1, 5, 1, 20]) | extend (flag, score, baseline) = series_decompose_anomalies(y, 1.5, 2)');
    const [, flag, score, baseline] = r.rows[0]! as number[][];
    expect(flag).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(score![9]).toBeGreaterThan(1.5);
    expect(baseline).toEqual([2.5, 6.5, 2.5, 6.5, 2.5, 6.5, 2.5, 6.5, 2.5, 6.5]);
  });

  it('unnamed: three columns named series_decompose_anomalies_<series>_ad_flag, _ad_score, _baseline', () => {
    expect(names('print y = dynamic([1, 2, 3]) | extend series_decompose_anomalies(y)')).toEqual([
      'y', 'series_decompose_anomalies_y_ad_flag', 'series_decompose_anomalies_y_ad_score', 'series_decompose_anomalies_y_baseline',
    ]);
  });

  it('a rule shape: make-series per user, one name for the flags, mv-expand, keep the anomalous day', () => {
    const data = Array.from({ length: 14 }, (_, d) => `datetime(2024-06-${String(d + 1).padStart(2, '0')}), "alice"`);
    for (let i = 0; i < 30; i++) data.push('datetime(2024-06-14), "alice"');
    const query = `datatable(TimeGenerated:datetime, User:string)[${data.join(', ')}]
      | make-series EventCount=count() on TimeGenerated from datetime(2024-06-01) to datetime(2024-06-15) step 1d by User
      | extend outliers=series_decompose_anomalies(EventCount, 3)
      | mv-expand TimeGenerated to typeof(datetime), EventCount to typeof(long), outliers to typeof(long)
      | where outliers == 1
      | project TimeGenerated, User, EventCount`;
    const r = rows(query);
    expect(r).toEqual([[BigInt(Date.UTC(2024, 5, 14)) * 10_000n, 'alice', 31n]]);
  });
});
