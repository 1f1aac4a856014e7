// Runs the configured sources, one connector per kind, and reports per source. One source
// failing never stops the others; each run is recorded in the source's health.
import type { SourceConfig } from '../config/schema.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { crawlRss } from './rss.ts';
import { crawlSitemap } from './sitemap.ts';
import { scopedSink, scopeGazetteer } from './scope.ts';
import { readItems } from './file-import.ts';
import { crawlYoutube } from './youtube.ts';
import { crawlFacebook } from './facebook.ts';
import { crawlHtmlListing } from './html-listing.ts';
import { crawlForum } from './forum.ts';
import { crawlTelegram } from './telegram.ts';
import type { RawItem } from './raw-item.ts';
import { log as crawleeLog, LogLevel } from '@crawlee/core';

// Our own progress lines say what happened per source; crawlee's info chatter is left out.
crawleeLog.setLevel(process.env.DLXH_DEBUG ? LogLevel.DEBUG : LogLevel.WARNING);

const BATCH = 500;

async function importFileSource(source: Extract<SourceConfig, { kind: 'file' }>, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  let batch: RawItem[] = [];
  const items = readItems(source.path, {
    source: { id: source.id, kind: 'file', platform: null, name: source.name },
    format: source.format,
    mapping: source.mapping,
    onProblem: (p) => {
      report.skipped++;
      ctx.log(`${source.path}:${p.line}: ${p.message}`);
    },
  });
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= BATCH) {
      await ctx.sink(batch);
      report.items += batch.length;
      batch = [];
    }
  }
  await ctx.sink(batch);
  report.items += batch.length;
  return report;
}

type Connector<K extends SourceConfig['kind']> = (source: Extract<SourceConfig, { kind: K }>, ctx: CrawlContext) => Promise<CrawlReport>;

/** One connector per source kind. A kind without a connector yet is refused with a clear error. */
const CONNECTORS: { [K in SourceConfig['kind']]?: Connector<K> } = {
  rss: crawlRss,
  file: importFileSource,
  sitemap: crawlSitemap,
  youtube: crawlYoutube,
  facebook: crawlFacebook,
  // Loaded on demand: Playwright is heavy and only these sources need it.
  rendered: async (source, ctx) => (await import('./rendered.ts')).crawlRendered(source, ctx),
  html: crawlHtmlListing,
  forum: crawlForum,
  telegram: crawlTelegram,
  // connectors: add one line per kind above this comment
};

export async function crawlSource(source: SourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  let report: CrawlReport;
  try {
    const connector = CONNECTORS[source.kind] as Connector<typeof source.kind> | undefined;
    if (!connector) throw new Error(`no connector for sources of kind "${source.kind}" in this version`);
    const politeness = { ...ctx.politeness, ...source.politeness, ...(source.proxyUrl ? { proxyUrl: source.proxyUrl } : {}) };
    // Every item carries its scope decision (DESIGN: stored with the reason; the pipeline filters).
    const sink = scopedSink(ctx.sink, source.scope, source.scope.mode === 'match' && source.scope.places ? scopeGazetteer(ctx.log) : null);
    report = await connector(source as never, { ...ctx, politeness, sink });
  } catch (err) {
    report = { sourceId: source.id, items: 0, skipped: 0, errors: [(err as Error).message] };
  }
  ctx.state.recordRun(source.id, { items: report.items, error: report.errors.length ? report.errors.join('; ') : undefined });
  return report;
}

export async function crawlSources(sources: SourceConfig[], ctx: CrawlContext, only?: string[]): Promise<CrawlReport[]> {
  const unknown = only?.filter((id) => !sources.some((s) => s.id === id)) ?? [];
  if (unknown.length) throw new Error(`unknown source id(s): ${unknown.join(', ')} (see config/sources.yaml or run "dlxh sources")`);
  const chosen = sources.filter((s) => (only?.length ? only.includes(s.id) : s.enabled));
  const reports: CrawlReport[] = [];
  for (const s of chosen) {
    ctx.log(`crawling ${s.id} (${s.kind})…`);
    const r = await crawlSource(s, ctx);
    ctx.log(`${s.id}: ${r.items} items, ${r.skipped} skipped, ${r.errors.length} errors`);
    for (const e of r.errors.slice(0, 5)) ctx.log(`  error: ${e}`);
    reports.push(r);
  }
  return reports;
}
