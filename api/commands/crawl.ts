// dlxh crawl: every enabled source once (or --source ids), then the pipeline over what is new.
import path from 'node:path';
import { openRuntime, type Runtime } from '../runtime.ts';
import { crawlSources } from '../../crawlers/crawl.ts';
import { DEFAULT_POLITENESS, type CrawlContext } from '../../crawlers/crawl-context.ts';
import { rawItemKey } from '../../crawlers/raw-item.ts';
import { drain } from '../../pipeline/ingest.ts';
import type { CrawlReport } from '../../crawlers/crawl-context.ts';
import { EXIT } from '../exit-codes.ts';
import { progress } from '../progress.ts';
import { startScheduler } from '../crawl-scheduler.ts';
import { untilStopped } from './serve.ts';
import { applyRetention } from '../retention.ts';

export function crawlContext(rt: Runtime, log: (m: string) => void = (m) => console.error(m)): CrawlContext {
  return {
    userAgent: rt.config.sources.userAgent,
    politeness: DEFAULT_POLITENESS,
    state: rt.crawlState,
    evidenceDir: path.join(rt.dataDir, 'evidence'),
    log,
    sink: async (items) => {
      await rt.queue.add(items.map((item) => ({ key: rawItemKey(item), data: item })));
    },
  };
}

/** Crawls, then indexes everything the crawl queued; returns the reports and the index totals. */
export async function crawlAndIndex(rt: Runtime, only?: string[]) {
  const reports: CrawlReport[] = await crawlSources(rt.config.sources.sources, crawlContext(rt), only);
  const p = progress();
  const totals = await drain(rt.pipeline, { onBatch: (t) => p.update(`indexing: ${t.stored} records`) });
  p.done(`indexed ${totals.stored} records (${totals.inserted} new, ${totals.updated} updated, ${totals.duplicates} repeat earlier text, ${totals.failed} failed)`);
  const crawled = rt.config.sources.sources.filter((s) => reports.some((r) => r.sourceId === s.id));
  for (const r of await applyRetention(rt.store, crawled, path.join(rt.dataDir, 'evidence'))) {
    if (r.records) console.error(`${r.sourceId}: ${r.records} records past retention deleted`);
  }
  return { reports, totals };
}

export async function crawlCommand(opts: { data: string; config?: string; sources?: string; source?: string[]; watch?: boolean }) {
  const rt = openRuntime({ dataDir: opts.data, configDir: opts.config, sourcesFile: opts.sources });
  if (opts.watch) {
    const sources = rt.config.sources.sources.filter((s) => (opts.source?.length ? opts.source.includes(s.id) : s.enabled));
    const scheduler = startScheduler({ sources: sources.map((s) => ({ ...s, enabled: true })), ctx: crawlContext(rt), pipeline: rt.pipeline });
    console.error(`watching ${sources.length} sources (Ctrl-C to stop); next runs:`);
    for (const [id, at] of Object.entries(scheduler.nextRuns())) console.error(`  ${id.padEnd(28)} ${at ?? 'never'}`);
    await untilStopped();
    console.error('stopping: finishing the runs in flight and indexing what they collected…');
    await scheduler.stop();
    await rt.close();
    console.error('stopped');
    return;
  }
  try {
    const { reports, totals } = await crawlAndIndex(rt, opts.source);
    const errors = reports.reduce((n, r) => n + r.errors.length, 0);
    const skipped = reports.reduce((n, r) => n + r.skipped, 0) + totals.failed;
    process.exitCode = errors && !reports.some((r) => r.items) ? EXIT.failed : errors || skipped ? EXIT.partial : EXIT.ok;
  } finally {
    await rt.close();
  }
}
