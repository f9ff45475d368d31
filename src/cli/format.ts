// Result printers for the CLI: an aligned text table for terminals, and CSV.

import { valueToText, type QueryResult } from '../result.js';

const MAX_CELL = 80;

function cell(s: string): string {
  const flat = s.replace(/\r?\n/g, '\\n').replace(/\t/g, ' ');
  return flat.length > MAX_CELL ? flat.slice(0, MAX_CELL - 1) + '…' : flat;
}

/** An aligned table with a header rule and a row count. */
export function formatTable(r: QueryResult): string {
  const head = r.columns.map((c) => c.name);
  const body = r.rows.map((row) => row.map((v, i) => cell(valueToText(v, r.columns[i]!.type))));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  out.push(`(${r.rows.length} row${r.rows.length === 1 ? '' : 's'})`);
  return out.join('\n');
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row. */
export function formatCsv(r: QueryResult): string {
  const lines = [r.columns.map((c) => csvCell(c.name)).join(',')];
  for (const row of r.rows) lines.push(row.map((v, i) => csvCell(valueToText(v, r.columns[i]!.type))).join(','));
  return lines.join('\r\n') + '\r\n';
}
