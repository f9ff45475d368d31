// Seeded generator of DeviceProcessEvents CSV exports for benchmarks: 16 columns, about 400 bytes a
// row, timestamps over the 10 days before NOW (about half inside the Splashtop rule's 5-day window),
// a few planted Splashtop process creations and near-misses. The same rows can be written as JSON Lines
// (one object per row, ProcessId and ReportId as numbers).

import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const NOW_ISO = '2024-06-30T12:00:00Z';
const NOW_MS = Date.UTC(2024, 5, 30, 12, 0, 0);
const SPAN_MS = 10 * 86_400_000;

export const COLUMNS = [
  'Timestamp', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'SHA256',
  'ProcessVersionInfoCompanyName', 'ProcessVersionInfoProductName', 'ProcessId', 'ProcessCommandLine',
  'AccountName', 'InitiatingProcessFileName', 'InitiatingProcessCommandLine', 'InitiatingProcessFolderPath', 'ReportId',
] as const;

/** Kusto schema notation for the generated files. */
export const SCHEMA_TEXT =
  '(Timestamp:datetime, DeviceId:string, DeviceName:string, ActionType:string, FileName:string, FolderPath:string, SHA256:string, ' +
  'ProcessVersionInfoCompanyName:string, ProcessVersionInfoProductName:string, ProcessId:long, ProcessCommandLine:string, ' +
  'AccountName:string, InitiatingProcessFileName:string, InitiatingProcessCommandLine:string, InitiatingProcessFolderPath:string, ReportId:long)';

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES: [string, string, number][] = [
  ['Microsoft Corporation', 'Microsoft® Windows® Operating System', 60],
  ['Google LLC', 'Google Chrome', 12],
  ['Mozilla Corporation', 'Firefox', 6],
  ['Adobe Inc.', 'Adobe Acrobat Reader', 5],
  ['Zoom Video Communications, Inc.', 'Zoom', 5],
  ['Oracle Corporation', 'Java(TM) Platform SE 8', 4],
  ['Splashtops Inc.', 'Splashtop Streamer', 1],
  ['SplashtopInc', 'Splashtop Streamer', 1],
  ['', '', 5],
  ['Splashtop Inc.', 'Splashtop® Streamer', 1],
];
const PROCS = ['svchost.exe', 'chrome.exe', 'powershell.exe', 'cmd.exe', 'conhost.exe', 'explorer.exe', 'msedge.exe', 'SRService.exe', 'taskhostw.exe', 'RuntimeBroker.exe'];
const PARENTS = ['services.exe', 'explorer.exe', 'svchost.exe', 'cmd.exe', 'wmiprvse.exe'];
const USERS = ['system', 'asmith', 'bjones', 'svc_backup', 'cwu', 'dlee', 'network service'];

function hex(r: () => number, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(r() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

function pickWeighted<T>(r: () => number, items: [...unknown[], number][]): T {
  const total = items.reduce((a, i) => a + (i[i.length - 1] as number), 0);
  let x = r() * total;
  for (const i of items) {
    x -= i[i.length - 1] as number;
    if (x <= 0) return i as unknown as T;
  }
  return items[0] as unknown as T;
}

/** A CSV field, quoted when it holds a comma, quote or newline. */
function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function isoMicros(ms: number, micros: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, f: string) => `.${f}${String(micros).padStart(3, '0')}0Z`);
}

/** Data file formats the generator writes. */
export type DataFormat = 'csv' | 'jsonl';

/** One row as a JSON Lines object (the same values as the CSV row). */
function jsonLine(cells: (string | number)[]): string {
  return '{' + COLUMNS.map((c, i) => `${JSON.stringify(c)}:${JSON.stringify(cells[i])}`).join(',') + '}\n';
}

/** Write `rows` generated rows to `file` (cached: an existing file of that name is reused). */
export async function generate(file: string, rows: number, seed = 42, format: DataFormat = 'csv'): Promise<string> {
  if (existsSync(file) && statSync(file).size > 0) return file;
  mkdirSync(dirname(file), { recursive: true });
  const r = rng(seed);
  const devices = Array.from({ length: 2000 }, (_, i) => [hex(r, 40), `ws-${String(i).padStart(4, '0')}.contoso.local`] as const);
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  const write = (s: string): Promise<void> | void => {
    if (!out.write(s)) return new Promise((res) => out.once('drain', () => res()));
  };
  if (format === 'csv') await write(COLUMNS.join(',') + '\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const ms = NOW_MS - Math.floor(r() * SPAN_MS);
    const [devId, devName] = devices[Math.floor(r() * devices.length)]!;
    const [company, product] = pickWeighted<[string, string, number]>(r, COMPANIES);
    const proc = PROCS[Math.floor(r() * PROCS.length)]!;
    const parent = PARENTS[Math.floor(r() * PARENTS.length)]!;
    const user = USERS[Math.floor(r() * USERS.length)]!;
    const pid = 1000 + Math.floor(r() * 60000);
    const folder = `C:\\Program Files\\Vendor${Math.floor(r() * 50)}\\${proc}`;
    const cmd = `"${proc}" --session ${hex(r, 12)} --pid ${pid}`;
    const cells: (string | number)[] = [
      isoMicros(ms, Math.floor(r() * 1000)), devId, devName, 'ProcessCreated', proc, folder, hex(r, 64), company, product, pid,
      cmd, user, parent, `${parent} -k netsvcs`, `C:\\Windows\\System32\\${parent}`, 1_000_000 + i,
    ];
    buf += format === 'csv' ? cells.map(field).join(',') + '\n' : jsonLine(cells);
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  renameSync(tmp, file);
  return file;
}
