// The per-query execution context: the fixed clock, the loaded tables, limits, and per-stage row counts.
// Nothing under src/engine reads the wall clock; `now` always comes from here.

import { KqlError } from '../../diagnostics.js';
import type { Table } from '../../tables/table.js';

export interface ExecOptions {
  /** The query's now(), as 100-ns ticks since 1970-01-01. */
  now: bigint;
  /** Loaded tables by name. */
  tables: ReadonlyMap<string, Table>;
  /** Stop with KQL203 once this moment (ms on the performance clock) has passed. */
  deadline?: number;
  /** Record the number of rows each plan node produced (for stage counts in test reports). */
  stats?: Map<object, number>;
}

export class ExecContext {
  readonly now: bigint;
  readonly tables: ReadonlyMap<string, Table>;
  readonly stats: Map<object, number> | undefined;
  private readonly deadline: number | undefined;
  private ticks = 0;

  constructor(opts: ExecOptions) {
    this.now = opts.now;
    this.tables = opts.tables;
    this.stats = opts.stats;
    this.deadline = opts.deadline;
  }

  /** Called from long loops; throws when the query's time budget is spent. */
  checkTime(): void {
    if (this.deadline === undefined || ++this.ticks % 64 !== 0) return;
    if (performance.now() > this.deadline) {
      throw new KqlError({ code: 'KQL203', kind: 'runtime', message: 'the query ran past its time limit (--timeout)' });
    }
  }
}
