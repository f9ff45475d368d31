// Running range jobs: on a pool of worker threads (when the machine has more than one core and the
// worker code can be found), or one after another on the calling thread. Loading stays synchronous:
// the main thread sleeps on a shared counter (Atomics.wait) that workers bump after posting a result,
// and takes results off the ports with receiveMessageOnPort.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { RangeResult, RangeTask } from './csv-bytes.js';
import { type RangePlan, runRange } from './jobs.js';

/** A range to load and what to do with its result (which may queue more jobs). */
export interface Job {
  plan: RangePlan;
  task: RangeTask;
  done: (r: RangeResult) => void;
}

/** Runs jobs to completion, including jobs queued by `done` callbacks. */
export interface JobRunner {
  readonly threads: number;
  /** Run the queue (jobs are taken from the front) until it is empty; `tick(bytes)` reports progress. */
  drive(queue: Job[], tick?: (inFlightBytes: number) => void): void;
}

/** Runs jobs on the calling thread. */
export const inlineRunner: JobRunner = {
  threads: 1,
  drive(queue, tick) {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const r = runRange(job.plan, job.task, tick);
      tick?.(0);
      job.done(r);
    }
  },
};

interface Slot {
  worker: Worker;
  port: MessagePort;
  /** Jobs posted to this worker, oldest first (it runs them in order). */
  jobs: Job[];
}

/** Jobs queued at each worker, so it has the next one while the main thread handles a result. */
const DEPTH = 2;

class WorkerPool implements JobRunner {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly progress: Float64Array;
  private readonly slots: Slot[] = [];
  private nextId = 1;

  constructor(source: { url: URL }, readonly threads: number) {
    this.progress = new Float64Array(new SharedArrayBuffer(8 * threads));
    for (let index = 0; index < threads; index++) {
      const { port1, port2 } = new MessageChannel();
      const workerData = { port: port2, signal: this.signal, progress: this.progress, index };
      const opts = { workerData, transferList: [port2], execArgv: [] as string[] };
      const worker = new Worker(source.url, opts);
      worker.unref();
      port1.unref();
      this.slots.push({ worker, port: port1, jobs: [] });
    }
  }

  terminate(): void {
    for (const s of this.slots) void s.worker.terminate();
    this.slots.length = 0;
  }

  drive(queue: Job[], tick?: (inFlightBytes: number) => void): void {
    this.driveOn(this.slots, queue, tick);
  }

  /** A runner on the first `threads` workers of the pool. */
  subset(threads: number): JobRunner {
    if (threads >= this.slots.length) return this;
    return { threads, drive: (queue, tick) => this.driveOn(this.slots.slice(0, threads), queue, tick) };
  }

  private driveOn(slots: Slot[], queue: Job[], tick?: (inFlightBytes: number) => void): void {
    let failure: unknown;
    let busy = 0;
    const take = (slot: Slot, message: { result?: RangeResult; error?: string }): void => {
      const job = slot.jobs.shift()!;
      busy--;
      if (failure !== undefined) return;
      try {
        if (message.error !== undefined) throw new Error(`loader worker failed: ${message.error}`);
        job.done(message.result!);
      } catch (e) {
        failure = e;
        queue.length = 0;
      }
    };
    const post = (): void => {
      for (let depth = 1; depth <= DEPTH; depth++) {
        for (const slot of slots) {
          if (slot.jobs.length >= depth || queue.length === 0) continue;
          const job = queue.shift()!;
          slot.jobs.push(job);
          busy++;
          slot.worker.postMessage({ id: this.nextId++, plan: job.plan, task: job.task });
        }
      }
    };
    for (;;) {
      post();
      if (busy === 0) break;
      const seen = Atomics.load(this.signal, 0);
      let got = false;
      for (const slot of slots) {
        if (slot.jobs.length === 0) continue;
        const m = receiveMessageOnPort(slot.port);
        if (m) {
          got = true;
          take(slot, m.message as { result?: RangeResult; error?: string });
          post();
        }
      }
      if (!got) {
        Atomics.wait(this.signal, 0, seen, 200);
        if (tick) {
          let n = 0;
          for (let i = 0; i < this.threads; i++) n += this.progress[i]!;
          tick(n);
        }
      }
    }
    if (failure !== undefined) throw failure;
  }
}

/**
 * Where the worker code is: the compiled file next to this one, or (running from TypeScript sources, as
 * tests and the benchmark do) a bundle made with esbuild and kept in the temp folder, keyed by the
 * sources it is made from, so later processes start their workers without bundling again.
 */
function workerSource(): { url: URL } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.js')) {
    const url = new URL('./load-worker.js', here);
    return existsSync(url) ? { url } : undefined;
  }
  try {
    const dir = fileURLToPath(new URL('.', here));
    const sources = [
      ...readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)),
      join(dir, '..', 'types.ts'),
      join(dir, '..', 'diagnostics.ts'),
    ];
    const key = createHash('sha1');
    for (const f of sources) {
      const st = statSync(f);
      key.update(`${f}:${st.size}:${st.mtimeMs}\n`);
    }
    const file = join(tmpdir(), `kqlite-load-worker-${key.digest('hex').slice(0, 16)}.cjs`);
    if (!existsSync(file)) {
      const esbuild = createRequire(here)('esbuild') as { buildSync(o: object): { outputFiles: { text: string }[] } };
      const out = esbuild.buildSync({
        entryPoints: [join(dir, 'load-worker.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        write: false,
        logLevel: 'silent',
      });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, out.outputFiles[0]!.text);
      renameSync(tmp, file);
    }
    return { url: pathToFileURL(file) };
  } catch {
    return undefined;
  }
}

let pool: WorkerPool | null | undefined;

/**
 * Cores free for loading over a short look (50 ms) at the machine's CPU time counters: idle time plus
 * this process's own (its workers may be starting meanwhile).
 */
function idleCores(): number {
  const sample = (): { idle: number; total: number } => {
    let idle = 0;
    let total = 0;
    for (const c of cpus()) {
      idle += c.times.idle;
      total += c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    }
    return { idle, total };
  };
  const a = sample();
  const own = process.cpuUsage();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  const b = sample();
  const used = process.cpuUsage(own);
  const total = b.total - a.total;
  const free = b.idle - a.idle + (used.user + used.system) / 1000;
  return total > 0 ? Math.min(1, free / total) * availableParallelism() : 0;
}

/**
 * Worker threads to use: one per idle core, at most 8, and none (load on the calling thread) when less
 * than about one and a half cores are idle. On a busy machine more threads do not get more CPU time,
 * and each worker costs its own start and compilation of the loader: measured on 2 cores at load 4, a
 * 1M-row CSV loaded in 2.5 s on the calling thread, 3.0 s with one worker and 3.5 s with two; on idle
 * cores two workers take 2.0 s. Idleness is looked at now rather than read from the load average, which
 * trails the last minute's work.
 */
export function defaultThreads(): number {
  const cores = availableParallelism();
  if (cores < 2) return 0;
  // Workers start (on their own threads) while the cores are looked at; unused, they cost only memory.
  startPool(Math.min(8, cores));
  const idle = idleCores();
  if (idle < 1.5) return 0;
  return Math.min(8, cores, Math.floor(idle + 0.5));
}

/** Start the shared pool with at least `threads` workers (a larger one is kept). */
function startPool(threads: number): void {
  if (pool === null || (pool !== undefined && pool.threads >= threads)) return;
  pool?.terminate();
  const src = workerSource();
  pool = src ? new WorkerPool(src, threads) : null;
}

/** `threads` workers of the shared pool (started on first use), or the inline runner when threads are unavailable. */
export function jobRunner(threads: number): JobRunner {
  if (threads <= 0) return inlineRunner;
  startPool(threads);
  return pool ? pool.subset(threads) : inlineRunner;
}

/** Knobs for tests and benchmarks: when to go parallel, range and read sizes, thread count. */
export interface LoaderTuning {
  /** Files at least this large are loaded in parallel ranges (bytes). */
  parallelMin: number;
  /**
   * Largest range (bytes); ranges get smaller towards the end of a file. Default: 64 MB with worker
   * threads, 512 MB on the calling thread (where cutting a file buys nothing but merging).
   */
  rangeBytes?: number | undefined;
  /** Read size inside a range. */
  chunk: number;
  /** Worker threads (0 = load ranges on the calling thread); default one per core. */
  threads?: number | undefined;
  /** Read usual JSON Lines lines from their bytes (false: every line through the text reader; for tests). */
  jsonFast: boolean;
}

export const tuning: LoaderTuning = { parallelMin: 16 << 20, chunk: 8 << 20, jsonFast: true };

/** Change the loader's tuning (tests); returns the previous values. */
export function setLoaderTuning(t: Partial<LoaderTuning>): LoaderTuning {
  const old = { ...tuning };
  Object.assign(tuning, t);
  return old;
}
