// make-series, with the example of make-series-operator.md and hand-derived series.
import { describe, expect, it } from 'vitest';
import { formatDateTime, parseDateTime } from '../../../src/tables/datetime.js';
import { errorOf, q, rows } from '../../helpers.js';

const DATA = `let data=datatable(timestamp:datetime, metric: real)
[
  datetime(2016-12-31T06:00), 50,
  datetime(2017-01-01), 4,
  datetime(2017-01-02), 3,
  datetime(2017-01-03), 4,
  datetime(2017-01-03T03:00), 6,
  datetime(2017-01-05), 8,
  datetime(2017-01-05T13:40), 13,
  datetime(2017-01-06), 4,
  datetime(2017-01-07), 3,
  datetime(2017-01-08), 8,
  datetime(2017-01-08T21:00), 8,
  datetime(2017-01-09), 2,
  datetime(2017-01-09T12:00), 11,
  datetime(2017-01-10T05:00), 5,
];`;

/** Bin starts as a dynamic array holds them: datetime text in kqlite's output format. */
const days = (from: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => formatDateTime(parseDateTime(`2017-01-${String(from + i).padStart(2, '0')}`)!));

describe('make-series', () => {
  it('averages per day from..to (exclusive), 0 for empty bins (docs example)', () => {
    const kql = `${DATA} data | make-series avg(metric) on timestamp from datetime(2017-01-01) to datetime(2017-01-10) step 1d`;
    expect(q(kql).columns).toEqual([
      { name: 'avg_metric', type: 'dynamic' },
      { name: 'timestamp', type: 'dynamic' },
    ]);
    expect(rows(kql)).toEqual([[[4, 3, 5, 0, 10.5, 4, 3, 8, 6.5], days(1, 9)]]);
  });
  it('groups by keys and fills empty bins with default=', () => {
    const kql = `datatable(k:string, t:long, v:long)["a", 0, 1, "a", 2, 5, "b", 1, 7]
      | make-series s = sum(v) default = -1, c = count() on t from 0 to 3 step 1 by k | order by k asc`;
    expect(q(kql).columns.map((c) => c.name)).toEqual(['k', 's', 'c', 't']);
    expect(rows(kql)).toEqual([
      ['a', [1, -1, 5], [1, 0, 1], [0, 1, 2]],
      ['b', [-1, 7, -1], [0, 1, 0], [0, 1, 2]],
    ]);
  });
  it('without from/to, spans the bins that have data', () => {
    // Values 3, 7 and 12 with step 5 fall in bins 0, 5, 10.
    expect(rows(`datatable(t:long)[3, 7, 12] | make-series count() on t step 5`)).toEqual([[[1, 1, 1], [0, 5, 10]]]);
  });
  it('drops rows outside the range and gives no rows for empty input', () => {
    expect(rows(`datatable(t:long)[-1, 0, 9] | make-series count() on t from 0 to 2 step 1`)).toEqual([[[1, 0], [0, 1]]]);
    expect(rows(`datatable(t:long)[] | make-series count() on t from 0 to 2 step 1`)).toEqual([]);
  });
  it('checks the axis, step and aggregates', () => {
    expect(errorOf(`datatable(t:string)[] | make-series count() on t step 1`).code).toBe('KQL106');
    expect(errorOf(`datatable(t:datetime)[] | make-series count() on t step 1`).code).toBe('KQL106');
    expect(errorOf(`datatable(t:long)[] | make-series count() on t step 0`).code).toBe('KQL112');
    expect(errorOf(`datatable(t:long)[] | make-series t + 1 on t step 1`).code).toBe('KQL112');
  });
  it('in range() includes the stop value', () => {
    expect(rows(`datatable(t:long)[0, 2] | make-series count() on t in range(0, 2, 1)`)).toEqual([[[1, 0, 1], [0, 1, 2]]]);
  });
  it('kind=nonempty gives one row of defaults for empty input (docs example shape)', () => {
    expect(rows(`datatable(t:long)[] | make-series kind=nonempty count() on t from 0 to 2 step 1`)).toEqual([[[0, 0], [0, 1]]]);
  });
});
