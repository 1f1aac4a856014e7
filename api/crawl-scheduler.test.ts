import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSampleSite } from '../crawlers/sample-site.ts';
import { openRuntime } from './runtime.ts';
import { crawlContext } from './commands/crawl.ts';
import { DEMO_SOURCES } from './commands/demo.ts';
import { startScheduler } from './crawl-scheduler.ts';

describe('crawl --watch scheduler', () => {
  it('runs each source on its schedule and a stop finishes the runs in flight and their indexing', async () => {
    const site = await startSampleSite();
    process.env.DLXH_DEMO_SITE = site.url;
    const rt = openRuntime({ dataDir: mkdtempSync(path.join(tmpdir(), 'dlxh-watch-')), sourcesFile: DEMO_SOURCES });
    try {
      const rss = rt.config.sources.sources.find((s) => s.id === 'bao-mau-rss');
      if (!rss) throw new Error('demo source missing');
      const reports: number[] = [];
      // Every second (croner's 6-field form); the configuration schema allows 5 fields in production.
      const scheduler = startScheduler({
        sources: [{ ...rss, schedule: '* * * * * *' }], ctx: crawlContext(rt, () => {}), pipeline: rt.pipeline,
        onReport: (r) => reports.push(r.items),
      });
      expect(Object.keys(scheduler.nextRuns())).toEqual(['bao-mau-rss']);
      const deadline = Date.now() + 30_000;
      while (reports.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await scheduler.stop();
      // The first run collected everything, the scheduled reruns nothing new.
      expect(reports[0]).toBeGreaterThanOrEqual(10);
      expect(reports.slice(1).every((n) => n === 0)).toBe(true);
      expect(await rt.store.countAll()).toBe(reports[0]);
      expect(await rt.queue.counts()).toEqual({ pending: 0, active: 0, failed: 0 });
      const settled = reports.length;
      await new Promise((r) => setTimeout(r, 1500));
      expect(reports.length).toBe(settled);
    } finally {
      await rt.close();
      await site.close();
    }
  });
});
