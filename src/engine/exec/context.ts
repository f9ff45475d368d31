// The per-query execution context: the fixed clock, the loaded tables, limits (time and memory), and
// per-stage row counts. Nothing under src/engine reads the wall clock; `now` always comes from here.

import { KqlError } from '../../diagnostics.js';
import type { Table } from '../../tables/table.js';
import { MemoryBudget } from './memory.js';

export interface ExecOptions {
  /** The query's now(), as 100-ns ticks since 1970-01-01. */
  now: bigint;
  /** Loaded tables by name. */
  tables: ReadonlyMap<string, Table>;
  /** Stop with KQL203 once the query has run this many milliseconds. */
  timeoutMs?: number;
  /** Stop with KQL206 when operators would hold more than this many bytes (default: from V8's heap limit). */
  memoryLimit?: number;
  /** Record the number of rows each plan node produced (for stage counts in test reports). */
  stats?: Map<object, number>;
}

/** How often long loops check the time limit: every 64K iterations (`(i & CHECK_EVERY) === 0`). */
export const CHECK_EVERY = 0xffff;

export class ExecContext {
  readonly now: bigint;
  readonly tables: ReadonlyMap<string, Table>;
  readonly stats: Map<object, number> | undefined;
  readonly memory: MemoryBudget;
  private readonly deadline: number | undefined;
  private readonly timeoutMs: number | undefined;

  constructor(opts: ExecOptions) {
    this.now = opts.now;
    this.tables = opts.tables;
    this.stats = opts.stats;
    this.timeoutMs = opts.timeoutMs;
    this.deadline = opts.timeoutMs !== undefined ? performance.now() + opts.timeoutMs : undefined;
    this.memory = new MemoryBudget(opts.memoryLimit);
  }

  /** Called from long loops (every {@link CHECK_EVERY} + 1 iterations); throws KQL203 once the time limit has passed. */
  checkTime(): void {
    if (this.deadline !== undefined && performance.now() > this.deadline) {
      const limit = `${+(this.timeoutMs! / 1000).toFixed(3)} s`;
      throw new KqlError({ code: 'KQL203', kind: 'runtime', message: `the query ran past its time limit of ${limit} (--timeout)` });
    }
  }
}
