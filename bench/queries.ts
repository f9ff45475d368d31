// The benchmark's query shapes, each written three ways: KQL (kqlite), the faithful SQL (DuckDB, with
// `has` as a case-insensitive whole-term regex), and plain JavaScript over row objects (naive baseline).
// Every engine's answer is reduced to the same canonical JSON so the runner can check they agree.

export const NOW_MS = Date.UTC(2024, 5, 30, 12, 0, 0);
const DAY = 86_400_000;

/** A row of the naive baseline. */
export interface NaiveRow {
  Timestamp: number; // epoch microseconds
  DeviceId: string;
  DeviceName: string;
  FileName: string;
  ProcessVersionInfoCompanyName: string;
  ProcessVersionInfoProductName: string;
  ReportId: number;
  [k: string]: unknown;
}

const termRe = (word: string): RegExp => new RegExp(`(^|[^A-Za-z0-9])${word}([^A-Za-z0-9]|$)`, 'i');
const splashtop = termRe('splashtop');
const sqlTerm = (col: string, word: string): string => `regexp_matches(${col}, '(^|[^A-Za-z0-9])${word}([^A-Za-z0-9]|$)', 'i')`;

export interface Shape {
  name: string;
  kql: string;
  sql: string;
  naive: (rows: NaiveRow[]) => unknown;
}

export const SHAPES: Shape[] = [
  {
    name: 'splashtop',
    kql: `let Time_start = now(-5d);
let Time_end = now();
DeviceProcessEvents
| where Timestamp between (Time_start..Time_end)
| where ProcessVersionInfoCompanyName has 'Splashtop'
and ProcessVersionInfoProductName has 'Splashtop'
| summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
Report=make_set(ReportId), Count=count() by DeviceId, DeviceName`,
    sql: `SELECT DeviceId, DeviceName, epoch_us(min(Timestamp)) AS FirstSeen, epoch_us(max(Timestamp)) AS LastSeen,
  list(DISTINCT ReportId) AS Report, count(*) AS Count
FROM DeviceProcessEvents
WHERE Timestamp BETWEEN TIMESTAMPTZ '2024-06-25 12:00:00+00' AND TIMESTAMPTZ '2024-06-30 12:00:00+00'
  AND ${sqlTerm('ProcessVersionInfoCompanyName', 'splashtop')} AND ${sqlTerm('ProcessVersionInfoProductName', 'splashtop')}
GROUP BY DeviceId, DeviceName`,
    naive: (rows) => {
      const lo = (NOW_MS - 5 * DAY) * 1000;
      const hi = NOW_MS * 1000;
      const groups = new Map<string, { id: string; name: string; first: number; last: number; ids: Set<number>; n: number }>();
      for (const r of rows) {
        if (r.Timestamp < lo || r.Timestamp > hi) continue;
        if (!splashtop.test(r.ProcessVersionInfoCompanyName) || !splashtop.test(r.ProcessVersionInfoProductName)) continue;
        const k = r.DeviceId + '\u0001' + r.DeviceName;
        let g = groups.get(k);
        if (!g) groups.set(k, (g = { id: r.DeviceId, name: r.DeviceName, first: r.Timestamp, last: r.Timestamp, ids: new Set(), n: 0 }));
        g.first = Math.min(g.first, r.Timestamp);
        g.last = Math.max(g.last, r.Timestamp);
        g.ids.add(r.ReportId);
        g.n++;
      }
      return [...groups.values()].map((g) => [g.id, g.name, g.first, g.last, [...g.ids], g.n]);
    },
  },
  {
    name: 'bin-count',
    kql: `DeviceProcessEvents
| where Timestamp > ago(3d)
| extend Hour = bin(Timestamp, 1h), IsShell = FileName in~ ("cmd.exe", "powershell.exe")
| summarize Events = count(), Shells = countif(IsShell) by Hour`,
    sql: `SELECT epoch_us(time_bucket(INTERVAL 1 HOUR, Timestamp)) AS Hour, count(*) AS Events,
  count(*) FILTER (WHERE lower(FileName) IN ('cmd.exe', 'powershell.exe')) AS Shells
FROM DeviceProcessEvents WHERE Timestamp > TIMESTAMPTZ '2024-06-27 12:00:00+00' GROUP BY Hour`,
    naive: (rows) => {
      const lo = (NOW_MS - 3 * DAY) * 1000;
      const hour = 3_600_000_000;
      const m = new Map<number, [number, number]>();
      for (const r of rows) {
        if (r.Timestamp <= lo) continue;
        const h = Math.floor(r.Timestamp / hour) * hour;
        const e = m.get(h) ?? [0, 0];
        e[0]++;
        const f = r.FileName.toLowerCase();
        if (f === 'cmd.exe' || f === 'powershell.exe') e[1]++;
        m.set(h, e);
      }
      return [...m].map(([h, [n, s]]) => [h, n, s]);
    },
  },
  {
    name: 'join',
    kql: `let Shells = DeviceProcessEvents | where FileName =~ "powershell.exe" and Timestamp > ago(1d) | summarize Shells = count() by DeviceId;
DeviceProcessEvents
| where ProcessVersionInfoCompanyName has "Google"
| join kind=inner Shells on DeviceId
| summarize Rows = count(), Devices = dcount(DeviceId)`,
    sql: `WITH Shells AS (SELECT DeviceId, count(*) AS Shells FROM DeviceProcessEvents
  WHERE lower(FileName) = 'powershell.exe' AND Timestamp > TIMESTAMPTZ '2024-06-29 12:00:00+00' GROUP BY DeviceId)
SELECT count(*) AS "Rows", count(DISTINCT p.DeviceId) AS Devices FROM DeviceProcessEvents p JOIN Shells s ON p.DeviceId = s.DeviceId
WHERE ${sqlTerm('p.ProcessVersionInfoCompanyName', 'google')}`,
    naive: (rows) => {
      const lo = (NOW_MS - DAY) * 1000;
      const shells = new Set<string>();
      for (const r of rows) if (r.FileName.toLowerCase() === 'powershell.exe' && r.Timestamp > lo) shells.add(r.DeviceId);
      const google = termRe('google');
      let n = 0;
      const devs = new Set<string>();
      for (const r of rows) {
        if (google.test(r.ProcessVersionInfoCompanyName) && shells.has(r.DeviceId)) {
          n++;
          devs.add(r.DeviceId);
        }
      }
      return [[n, devs.size]];
    },
  },
  {
    name: 'top10',
    kql: `DeviceProcessEvents | top 10 by Timestamp desc | project ReportId`,
    sql: `SELECT ReportId FROM DeviceProcessEvents ORDER BY Timestamp DESC LIMIT 10`,
    naive: (rows) => {
      const best: NaiveRow[] = [];
      for (const r of rows) {
        if (best.length < 10 || r.Timestamp > best[best.length - 1]!.Timestamp) {
          best.push(r);
          best.sort((a, b) => b.Timestamp - a.Timestamp);
          if (best.length > 10) best.pop();
        }
      }
      return best.map((r) => [r.ReportId]);
    },
  },
];

/** Canonical text of a result: rows of plain numbers/strings (bigints as numbers), sets sorted, rows sorted. */
export function canonical(shape: string, rows: unknown[][]): string {
  const norm = (v: unknown): unknown =>
    typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(norm).sort((a, b) => (Number(a) - Number(b))) : v;
  const out = rows.map((r) => r.map(norm));
  if (shape !== 'top10') out.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return JSON.stringify(out);
}
