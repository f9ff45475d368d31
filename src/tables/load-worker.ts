// Worker thread entry of the parallel loaders: runs range jobs posted by the main thread and answers on
// its own port, waking the (synchronously waiting) main thread through a shared counter.

import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { runRange, transferList } from './jobs.js';

const { port, signal, progress, index } = workerData as { port: MessagePort; signal: Int32Array; progress: Float64Array; index: number };

parentPort!.on('message', (m: { id: number; plan: Parameters<typeof runRange>[0]; task: Parameters<typeof runRange>[1] }) => {
  let transfer: ArrayBuffer[] = [];
  let msg: unknown;
  try {
    const result = runRange(m.plan, m.task, (n) => {
      progress[index] = n;
    });
    transfer = transferList(result);
    msg = { id: m.id, result };
  } catch (e) {
    msg = { id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  progress[index] = 0;
  port.postMessage(msg, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
