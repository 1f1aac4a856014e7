// The pipeline worker: takes raw items from the durable queue, normalises, dedupes, analyses and
// indexes them, and only then completes the jobs. A crash in between means the jobs are taken
// again; the store's upsert by id makes that harmless (nothing lost, nothing duplicated).
import type { RawItem } from '../crawlers/raw-item.ts';
import type { DlxhRecord } from './record.ts';
import type { RecordStore } from './store/store.ts';
import type { Queue, Job } from './queue/queue.ts';
import type { Analyser } from './analyse.ts';
import { normaliseItem, type NormaliseOptions } from './normalise.ts';
import { groupStories } from './stories.ts';

export type Pipeline = {
  store: RecordStore;
  queue: Queue<RawItem>;
  analyser: Analyser;
  normalise: NormaliseOptions;
};

export type BatchStats = { stored: number; inserted: number; updated: number; duplicates: number; failed: number };

const emptyStats = (): BatchStats => ({ stored: 0, inserted: 0, updated: 0, duplicates: 0, failed: 0 });

/**
 * Keeps what people decided about a record when the same item is read again, and the source it
 * was first found through (the same article reached by a feed and a sitemap is one record).
 */
function carryOver(next: DlxhRecord, previous: DlxhRecord | null): DlxhRecord {
  if (!previous) return next;
  return {
    ...next,
    source: previous.source,
    review: previous.review,
    routing: previous.routing,
    collectedAt: previous.collectedAt,
    topics: [...next.topics.filter((t) => t.by !== 'person'), ...previous.topics.filter((t) => t.by === 'person')],
  };
}

export async function processJobs(p: Pipeline, jobs: Job<RawItem>[]): Promise<BatchStats> {
  const stats = emptyStats();
  // By id: the same item read twice in one batch (a feed and a sitemap) is one record.
  const byId = new Map<string, DlxhRecord>();
  const done: string[] = [];
  const hashesInBatch = new Map<string, string>();
  for (const job of jobs) {
    try {
      const base = normaliseItem(job.data, p.normalise);
      const duplicateOf = hashesInBatch.get(base.contentHash) ?? (await p.store.findByContentHash(base.contentHash, base.id));
      if (!hashesInBatch.has(base.contentHash)) hashesInBatch.set(base.contentHash, base.id);
      const analysis = p.analyser.analyse({ title: base.title, text: base.text, publishedAt: base.publishedAt, id: base.id });
      const record: DlxhRecord = {
        ...base,
        duplicateOf: duplicateOf === base.id ? null : duplicateOf,
        lang: analysis.lang,
        topics: analysis.topics,
        sentiment: analysis.sentiment,
        toxicity: analysis.toxicity,
        places: analysis.places,
        risk: analysis.risk,
        clusterId: analysis.clusterId ?? duplicateOf ?? base.id,
        analysis: { version: p.analyser.version, at: new Date().toISOString() },
      };
      if (record.duplicateOf) stats.duplicates++;
      byId.set(record.id, carryOver(record, byId.get(record.id) ?? (await p.store.get(record.id))));
      done.push(job.id);
    } catch (err) {
      stats.failed++;
      await p.queue.fail(job.id, (err as Error).message);
    }
  }
  const records = [...byId.values()];
  // Near-duplicates and stories, against the store and the rest of this batch (reposts of each other).
  stats.duplicates += await groupStories(records, p.store);
  const r = await p.store.upsert(records);
  await p.queue.complete(done);
  stats.stored = records.length;
  stats.inserted = r.inserted;
  stats.updated = r.updated;
  return stats;
}

export type DrainOptions = { batchSize?: number; leaseMs?: number; onBatch?: (total: BatchStats) => void };

/** Processes until no ready job is left; returns the totals. */
export async function drain(p: Pipeline, options: DrainOptions = {}): Promise<BatchStats> {
  const total = emptyStats();
  for (;;) {
    const jobs = await p.queue.take(options.batchSize ?? 200, options.leaseMs ?? 60_000);
    if (!jobs.length) return total;
    const s = await processJobs(p, jobs);
    for (const k of Object.keys(total) as (keyof BatchStats)[]) total[k] += s[k];
    options.onBatch?.(total);
  }
}
