// The worker of analysis-thread.ts: batches of raw items in, prepared records out.
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyser } from './analyse.ts';
import { prepareItems } from './prepare.ts';
import type { AnalysisThreadOptions, WorkerReply, WorkerRequest } from './analysis-thread.ts';

if (parentPort === null) throw new Error('analysis-worker.ts runs as a worker thread of analysis-thread.ts');
const port = parentPort;
const options = workerData as AnalysisThreadOptions;
try {
  const analyser = createAnalyser(options.analyser);
  port.on('message', ({ id, items }: WorkerRequest) => {
    port.postMessage({ id, prepared: prepareItems(items, analyser, options.normalise) } satisfies WorkerReply);
  });
} catch (err) {
  port.postMessage({ id: 0, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
}
