// dlxh crawl --watch: each enabled source runs on its own cron schedule (croner) until the
// process is stopped. A source never overlaps itself; a stop waits for runs in flight, indexes
// what they queued, and only then closes the database.
import { Cron } from 'croner';
import type { SourceConfig } from '../config/schema.ts';
import type { CrawlContext, CrawlReport } from '../crawlers/crawl-context.ts';
import { crawlSource } from '../crawlers/crawl.ts';
import { drain, type Pipeline } from '../pipeline/ingest.ts';

export type Scheduler = {
  /** Next planned run per source id. */
  nextRuns(): Record<string, string | null>;
  /** Stops scheduling, waits for runs in flight and for the indexing of what they queued. */
  stop(): Promise<void>;
};

export type SchedulerOptions = {
  sources: SourceConfig[];
  ctx: CrawlContext;
  pipeline: Pipeline;
  /** Run every source once at start, before waiting for its schedule (default true). */
  runAtStart?: boolean;
  timezone?: string;
  onReport?: (r: CrawlReport) => void;
};

export function startScheduler(o: SchedulerOptions): Scheduler {
  const inFlight = new Set<Promise<unknown>>();
  let indexing: Promise<unknown> = Promise.resolve();
  let stopping = false;
  // Runs of different sources may overlap; indexing is one loop at a time, chained.
  const index = () => {
    indexing = indexing.then(() => drain(o.pipeline)).catch((err: Error) => o.ctx.log(`indexing failed: ${err.message}`));
    return indexing;
  };
  const run = async (source: SourceConfig) => {
    if (stopping) return;
    const job = (async () => {
      const report = await crawlSource(source, o.ctx);
      o.onReport?.(report);
      o.ctx.log(`${source.id}: ${report.items} items, ${report.skipped} skipped, ${report.errors.length} errors`);
      await index();
    })();
    inFlight.add(job);
    try {
      await job;
    } finally {
      inFlight.delete(job);
    }
  };
  const jobs = o.sources.filter((s) => s.enabled).map((source) => {
    const cron = new Cron(source.schedule, { protect: true, timezone: o.timezone ?? 'Asia/Ho_Chi_Minh', name: source.id }, () => run(source));
    return { source, cron };
  });
  if (o.runAtStart ?? true) for (const j of jobs) void j.cron.trigger();
  return {
    nextRuns: () => Object.fromEntries(jobs.map((j) => [j.source.id, j.cron.nextRun()?.toISOString() ?? null])),
    async stop() {
      stopping = true;
      for (const j of jobs) j.cron.stop();
      await Promise.allSettled([...inFlight]);
      await indexing;
    },
  };
}
