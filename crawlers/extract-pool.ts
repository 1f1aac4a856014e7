// Article extraction off the crawl's thread. Parsing and scoring a page is most of a crawl's
// CPU; on the crawl's own thread it waits behind fetching, decoding and storing, and they behind
// it. A worker thread (one on a 2-core machine, beside the crawl's thread) extracts while the next
// pages are fetched.
//
// - Errors stay with their page: a page whose extraction fails rejects its own promise; a worker
//   that dies (out of memory on a monstrous page…) rejects the pages it held, and a new one takes
//   the rest. A worker that dies before it is ready gives its pages back. After MAX_WORKER_DEATHS
//   deaths in a row, pages are extracted on the calling thread.
// - Memory stays bounded: a worker holds at most `perWorker` pages at a time, and extract()
//   resolves only when the page is done, so a crawler that awaits it (every connector does) has
//   no more pages waiting than its own concurrency.
// - close() lets the pages in hand finish, then ends the workers. An idle worker never keeps the
//   process alive, so a pool left open does not hang a script at exit either.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { extractArticle, type ExtractedArticle, type ExtractInput } from './article-extract.ts';
import type { ExtractReply, ExtractRequest } from './extract-worker.ts';

export type ExtractPool = {
  extract(input: ExtractInput): Promise<ExtractedArticle>;
  /** Finishes the pages in hand, then ends the workers. extract() after close() rejects. */
  close(): Promise<void>;
  /** Pages handed to the pool and not yet done. */
  readonly pending: number;
};

export type ExtractPoolOptions = {
  /** Worker threads; 0 extracts on the calling thread. Default: the cores less one, at most 3. */
  workers?: number;
  /** Pages one worker holds at a time (one being extracted, the next ready). Default 2. */
  perWorker?: number;
};

export const MAX_WORKER_DEATHS = 3;
const WORKER_URL = new URL('./extract-worker.ts', import.meta.url);

type Task = { id: number; input: ExtractInput; resolve: (a: ExtractedArticle) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; held: Map<number, Task>; ending: boolean; ready: boolean };

export function defaultWorkerCount(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const workers = Math.max(0, Math.floor(options.workers ?? defaultWorkerCount()));
  const perWorker = Math.max(1, Math.floor(options.perWorker ?? 2));
  const slots: Slot[] = [];
  const waiting: Task[] = [];
  let nextId = 1;
  let pending = 0;
  let closed = false;
  let deathsInARow = 0;
  let onIdle: (() => void) | null = null;

  const settle = () => {
    pending--;
    if (pending === 0 && onIdle !== null) onIdle();
  };

  const onThisThread = (task: Task) => {
    // extractArticle never throws; a failure here is still the page's own.
    try {
      task.resolve(extractArticle(task.input));
    } catch (err) {
      task.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(WORKER_URL), held: new Map(), ending: false, ready: false };
    slot.worker.unref();
    slot.worker.on('message', (reply: ExtractReply) => {
      if (reply.id === 0) {
        slot.ready = true;
        return;
      }
      const task = slot.held.get(reply.id);
      if (task === undefined) return;
      slot.held.delete(reply.id);
      deathsInARow = 0;
      if (slot.held.size === 0) slot.worker.unref();
      if (reply.error !== undefined || reply.article === undefined) task.reject(new Error(`extraction failed: ${reply.error ?? 'no article returned'}`));
      else task.resolve(reply.article);
      dispatch();
    });
    const die = (reason: string) => {
      const i = slots.indexOf(slot);
      if (i < 0) return;
      slots.splice(i, 1);
      if (slot.ending) return;
      deathsInARow++;
      if (slot.ready) {
        const error = new Error(`extraction worker stopped: ${reason}`);
        for (const task of slot.held.values()) task.reject(error);
      } else {
        // It never started (could not load): its pages are not to blame and go round again.
        waiting.unshift(...slot.held.values());
      }
      slot.held.clear();
      dispatch();
    };
    slot.worker.on('error', (err) => die(err.message.split('\n')[0] ?? String(err)));
    slot.worker.on('exit', (code) => die(`exit code ${code}`));
    return slot;
  };

  function dispatch(): void {
    while (waiting.length > 0) {
      if (workers === 0 || deathsInARow >= MAX_WORKER_DEATHS) {
        onThisThread(waiting.shift()!);
        continue;
      }
      let slot = slots.find((s) => !s.ending && s.held.size < perWorker);
      if (slot === undefined && slots.length < workers) slots.push((slot = spawn()));
      if (slot === undefined) return;
      const task = waiting.shift()!;
      slot.held.set(task.id, task);
      slot.worker.ref();
      const request: ExtractRequest = { id: task.id, input: task.input };
      try {
        slot.worker.postMessage(request);
      } catch (err) {
        // Input that cannot be copied to the worker (it never should: strings and plain data).
        slot.held.delete(task.id);
        if (slot.held.size === 0) slot.worker.unref();
        task.reject(new Error(`extraction failed: ${(err as Error).message}`));
      }
    }
  }

  return {
    extract(input) {
      if (closed) return Promise.reject(new Error('extraction pool closed'));
      pending++;
      return new Promise<ExtractedArticle>((resolve, reject) => {
        waiting.push({
          id: nextId++,
          input,
          resolve: (a) => { settle(); resolve(a); },
          reject: (e) => { settle(); reject(e); },
        });
        dispatch();
      });
    },
    async close() {
      closed = true;
      if (pending > 0) await new Promise<void>((resolve) => { onIdle = resolve; });
      const ending = slots.splice(0);
      for (const s of ending) s.ending = true;
      // An idle worker is unref'd and a terminating one does not hold the event loop: without
      // this timer the process could exit with the await unsettled (code 13).
      const holdLoop = setInterval(() => {}, 1000);
      try {
        await Promise.all(ending.map((s) => s.worker.terminate()));
      } finally {
        clearInterval(holdLoop);
      }
    },
    get pending() {
      return pending;
    },
  };
}

/**
 * A pool started at the first page a connector extracts (a run that fetches no article starts no
 * worker), for connectors that extract as they crawl: close() in a finally, after the crawl.
 */
export function lazyExtractPool(options: ExtractPoolOptions = {}): Pick<ExtractPool, 'extract' | 'close'> {
  let pool: ExtractPool | undefined;
  return {
    extract: (input) => (pool ??= createExtractPool(options)).extract(input),
    close: async () => pool?.close(),
  };
}
