// One unit of parallel loading: a byte range of a file, with the plan saying how to read it. The same
// function runs in a worker thread or on the main thread.

import { type CsvRangePlan, loadCsvRange, type RangeResult, type RangeTask } from './csv-bytes.js';
import { type JsonlRangePlan, loadJsonlRange } from './jsonl-bytes.js';
import { partBuffers } from './sinks.js';

export type RangePlan = CsvRangePlan | JsonlRangePlan;

/** Load one range; `onBytes(n)` is told how many of its bytes have been read so far. */
export function runRange(plan: RangePlan, task: RangeTask, onBytes?: (n: number) => void): RangeResult {
  return plan.format === 'csv' ? loadCsvRange(plan, task, onBytes) : loadJsonlRange(plan, task, onBytes);
}

/** The buffers of a result that can be moved (not copied) to another thread. */
export function transferList(r: RangeResult): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const p of r.parts) if (p) for (const b of partBuffers(p)) seen.add(b);
  return [...seen];
}
