// The pipeline worker: takes raw items from the durable queue, normalises, dedupes, analyses and
// indexes them, and only then completes the jobs. A crash in between means the jobs are taken
// again; the store's upsert by id makes that harmless (nothing lost, nothing duplicated).
import type { RawItem } from '../crawlers/raw-item.ts';
import type { DlxhRecord } from './record.ts';
import type { RecordStore } from './store/store.ts';
import type { Queue, Job } from './queue/queue.ts';
import type { Analyser } from './analyse.ts';
import type { NormaliseOptions } from './normalise.ts';
import { prepareItems, type PreparedItem } from './prepare.ts';
import type { AnalysisThread } from './analysis-thread.ts';
import { groupStories } from './stories.ts';

export type Pipeline = {
  store: RecordStore;
  queue: Queue<RawItem>;
  analyser: Analyser;
  normalise: NormaliseOptions;
  /** Analyses the next batch while this one is stored (optional: without it, all on one thread). */
  analysisThread?: AnalysisThread;
};

export type BatchStats = { stored: number; inserted: number; updated: number; duplicates: number; failed: number };

const emptyStats = (): BatchStats => ({ stored: 0, inserted: 0, updated: 0, duplicates: 0, failed: 0 });

/**
 * Keeps what people decided about a record when the same item is read again, and the source it
 * was first found through (the same article reached by a feed and a sitemap is one record).
 */
export function carryOver(next: DlxhRecord, previous: DlxhRecord | null): DlxhRecord {
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

/** Normalises and analyses a batch: on the analysis thread when there is one, else here. */
async function prepareJobs(p: Pipeline, jobs: Job<RawItem>[]): Promise<PreparedItem[]> {
  const items = jobs.map((j) => j.data);
  if (p.analysisThread) {
    try {
      return await p.analysisThread.prepare(items);
    } catch {
      // The thread failed and will not be used again (analysis-thread.ts); this batch is analysed here.
    }
  }
  return prepareItems(items, p.analyser, p.normalise);
}

export async function processJobs(p: Pipeline, jobs: Job<RawItem>[], prepared?: PreparedItem[]): Promise<BatchStats> {
  const stats = emptyStats();
  const ready = prepared ?? (await prepareJobs(p, jobs));
  // By id: the same item read twice in one batch (a feed and a sitemap) is one record.
  const byId = new Map<string, DlxhRecord>();
  const done: string[] = [];
  const hashesInBatch = new Map<string, string>();
  for (const [i, job] of jobs.entries()) {
    try {
      const { record: base, error } = ready[i] ?? { error: 'not analysed' };
      if (error !== undefined) throw new Error(error);
      const duplicateOf = hashesInBatch.get(base.contentHash) ?? (await p.store.findByContentHash(base.contentHash, base.id));
      if (!hashesInBatch.has(base.contentHash)) hashesInBatch.set(base.contentHash, base.id);
      const record: DlxhRecord = {
        ...base,
        duplicateOf: duplicateOf === base.id ? null : duplicateOf,
        clusterId: base.clusterId ?? duplicateOf ?? base.id,
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

/**
 * Processes until no ready job is left; returns the totals. When there is a backlog (the first
 * batch is full) and an analysis thread, the next batch is taken (under its lease) and analysed
 * there while this one is grouped and stored; a few items are not worth starting the thread for.
 */
export async function drain(p: Pipeline, options: DrainOptions = {}): Promise<BatchStats> {
  const total = emptyStats();
  const batchSize = options.batchSize ?? 200;
  const take = () => p.queue.take(batchSize, options.leaseMs ?? 60_000);
  let jobs = await take();
  const ahead = p.analysisThread !== undefined && jobs.length >= batchSize;
  let next = ahead ? prepareJobs(p, jobs) : undefined;
  while (jobs.length) {
    const current = jobs;
    const prepared = await next;
    if (ahead) {
      jobs = await take();
      next = jobs.length ? prepareJobs(p, jobs) : undefined;
    }
    const s = await processJobs(p, current, prepared);
    for (const k of Object.keys(total) as (keyof BatchStats)[]) total[k] += s[k];
    options.onBatch?.(total);
    if (!ahead) jobs = await take();
  }
  return total;
}
