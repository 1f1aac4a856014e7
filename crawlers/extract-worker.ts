// The extraction worker of extract-pool.ts: pages in, articles out, one message each way.
// extractArticle never throws; anything else that goes wrong with a page is sent back as that
// page's error, and the worker carries on with the next.
import { parentPort } from 'node:worker_threads';
import { extractArticle, type ExtractInput } from './article-extract.ts';

export type ExtractRequest = { id: number; input: ExtractInput };
/** id 0 says the worker has loaded and is ready. */
export type ExtractReply = { id: number; article?: ReturnType<typeof extractArticle>; error?: string };

if (parentPort === null) throw new Error('extract-worker.ts runs as a worker thread of extract-pool.ts');
const port = parentPort;
port.postMessage({ id: 0 } satisfies ExtractReply);
port.on('message', ({ id, input }: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    reply = { id, article: extractArticle(input) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
