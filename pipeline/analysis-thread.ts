// The analysis on a thread of its own. Normalising and analysing an item is half of what indexing
// it costs; the other half — duplicates, stories and the store's writes — needs the database and
// stays on the pipeline's thread. With this thread, drain() analyses the next batch while it
// stores the current one, so both cores of a small machine work.
//
// - One worker, one message per batch each way: the batches are hundreds of items, so copying
//   them costs little beside analysing them.
// - A worker that fails (it could not load its models, or died) fails the batch it held; the
//   caller then analyses that batch on its own thread, and the thread is not used again.
// - The worker never keeps the process alive while idle; close() ends it.
import { Worker } from 'node:worker_threads';
import type { RawItem } from '../crawlers/raw-item.ts';
import type { AnalyserOptions } from './analyse.ts';
import type { NormaliseOptions } from './normalise.ts';
import type { PreparedItem } from './prepare.ts';

export type AnalysisThreadOptions = { analyser: AnalyserOptions; normalise: NormaliseOptions };

export type AnalysisThread = {
  /** Each item normalised, analysed and sketched, in order; rejects when the worker fails. */
  prepare(items: RawItem[]): Promise<PreparedItem[]>;
  close(): Promise<void>;
};

export type WorkerRequest = { id: number; items: RawItem[] };
/** id 0 carries a start-up failure, if any. */
export type WorkerReply = { id: number; prepared?: PreparedItem[]; error?: string };

const WORKER_URL = new URL('./analysis-worker.ts', import.meta.url);

export function createAnalysisThread(options: AnalysisThreadOptions): AnalysisThread {
  let worker: Worker | null = null;
  let broken: Error | null = null;
  let nextId = 1;
  const held = new Map<number, { resolve: (p: PreparedItem[]) => void; reject: (e: Error) => void }>();

  const fail = (error: Error) => {
    broken ??= error;
    for (const h of held.values()) h.reject(error);
    held.clear();
    worker = null;
  };

  const start = (): Worker => {
    // A small young generation: the worker's garbage is short-lived batches, and V8's default
    // (tens of MB per thread) was most of what the thread added to an import's peak RSS.
    const w = new Worker(WORKER_URL, { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    w.unref();
    w.on('message', (reply: WorkerReply) => {
      if (reply.id === 0) {
        fail(new Error(`analysis thread could not start: ${reply.error}`));
        void w.terminate();
        return;
      }
      const h = held.get(reply.id);
      if (!h) return;
      held.delete(reply.id);
      if (held.size === 0) w.unref();
      if (reply.prepared) h.resolve(reply.prepared);
      else h.reject(new Error(`analysis thread failed: ${reply.error ?? 'no reply'}`));
    });
    w.on('error', (err) => fail(new Error(`analysis thread stopped: ${err.message.split('\n')[0]}`)));
    w.on('exit', (code) => { if (worker === w) fail(new Error(`analysis thread stopped with exit code ${code}`)); });
    return w;
  };

  return {
    prepare(items) {
      if (broken) return Promise.reject(broken);
      worker ??= start();
      const w = worker;
      const id = nextId++;
      return new Promise<PreparedItem[]>((resolve, reject) => {
        held.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, items } satisfies WorkerRequest);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      broken ??= new Error('analysis thread closed');
      if (!w) return;
      // Something must hold the event loop until the worker has ended: an idle worker is unref'd,
      // and a terminating one does not count either, so the process could exit with this await
      // unsettled (code 13) before its caller reports why it stopped (a full disk, say).
      const holdLoop = setInterval(() => {}, 1000);
      try {
        await w.terminate();
      } finally {
        clearInterval(holdLoop);
      }
    },
  };
}
