// A progress bar for long loads, drawn on a terminal (stderr by default) and only there: it stays silent
// when the stream is not a TTY, and appears only once a load has taken a few seconds. Made to be passed
// as `onProgress` to loadTable.

/** Where the bar is drawn: a writable stream that may be a terminal. */
export interface ProgressStream {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  write(text: string): unknown;
}

export interface ProgressBarOptions {
  /** Text before the bar, e.g. the table's name. */
  label?: string;
  /** Default process.stderr. */
  stream?: ProgressStream;
  /** Draw nothing before this many milliseconds have passed (default 2000). */
  delayMs?: number;
  /** Redraw at most this often (default 100 ms). */
  intervalMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** An `onProgress` callback that draws a bar, and `done()` to clear it when the load ends (or fails). */
export interface ProgressBar {
  onProgress: (bytesDone: number, bytesTotal: number) => void;
  done: () => void;
}

/** `1.5 GB`, `320 MB`, `12 kB`. */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(0)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
  return `${n} B`;
}

/** One line of the bar: `label [#######.......]  45%  1.2 GB / 2.6 GB  ~12s left`. */
export function renderProgress(label: string, done: number, total: number, elapsedMs: number, width = 80): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  const sizes = `${formatBytes(done)} / ${formatBytes(total)}`;
  const left = frac > 0.02 && frac < 1 ? `  ~${Math.ceil((elapsedMs * (1 - frac)) / frac / 1000)}s left` : '';
  const tail = ` ${pct}  ${sizes}${left}`;
  const head = label ? `${label} ` : '';
  const barWidth = Math.max(10, Math.min(40, width - head.length - tail.length - 3));
  const filled = Math.round(frac * barWidth);
  return `${head}[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`;
}

/**
 * A progress bar for one load. Nothing is written unless the stream is a TTY and the load has run for
 * `delayMs`; the line is redrawn in place (carriage return) and erased by `done()`.
 */
export function progressBar(opts: ProgressBarOptions = {}): ProgressBar {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? (() => performance.now());
  const delay = opts.delayMs ?? 2000;
  const interval = opts.intervalMs ?? 100;
  const start = now();
  let last = -Infinity;
  let shown = false;
  return {
    onProgress(doneBytes, total) {
      if (!stream.isTTY) return;
      const t = now();
      if (t - start < delay || (t - last < interval && doneBytes < total)) return;
      last = t;
      const line = renderProgress(opts.label ?? '', doneBytes, total, t - start, stream.columns ?? 80);
      stream.write(`\r${line}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
