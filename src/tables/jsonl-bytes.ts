import type { RangeResult, RangeTask } from './csv-bytes.js';
export interface JsonlRangePlan { format: 'jsonl' }
export function loadJsonlRange(_plan: JsonlRangePlan, _task: RangeTask, _onBytes?: (n: number) => void): RangeResult {
  throw new Error('todo');
}
