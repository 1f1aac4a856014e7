// RSS/Atom connector: reads the feed with a conditional GET, and fetches the full article from
// each new item's link when the feed carries only a summary.
//
// Evidence: an item read from an article page keeps that page; an item taken from the feed
// itself (full content, or no page to fetch) keeps the feed response it came from — one
// evidence file per feed response, shared by its items (evidence is content-addressed).
import type { z } from 'zod';
import type { RssSource } from '../config/schema.ts';
import { RawItem } from './raw-item.ts';
import { parseFeed, feedDate, type FeedEntry } from './feed.ts';
import { lazyExtractPool } from './extract-pool.ts';
import { htmlToText } from './html-text.ts';
import { canonicalUrl } from '../pipeline/canonical-url.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { evidenceOf, type Evidence } from './evidence.ts';
import { runWebCrawl } from './web-crawl.ts';

type RssSourceConfig = z.infer<typeof RssSource>;

// A feed item whose own content is at least this long is taken as the full article.
const FULL_CONTENT_CHARS = 1200;

/** Validates an item and hands it to the sink; a bad item is skipped with its reason. */
export async function emitItem(ctx: CrawlContext, report: CrawlReport, sourceId: string, item: z.input<typeof RawItem>): Promise<void> {
  const parsed = RawItem.safeParse(item);
  if (!parsed.success) {
    report.skipped++;
    ctx.log(`${sourceId}: skipped ${item.url ?? 'item'}: ${parsed.error.issues[0]?.message}`);
    return;
  }
  await ctx.sink([parsed.data]);
  if (item.url) ctx.state.markSeen(sourceId, [canonicalUrl(item.url) ?? item.url]);
  report.items++;
}

export async function crawlRss(source: RssSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'rss' as const, platform: 'web', name: source.name };

  const fromEntry = (e: FeedEntry, text: string, extra: Partial<z.input<typeof RawItem>> = {}): z.input<typeof RawItem> => ({
    source: sourceRef,
    kind: 'article',
    url: e.url,
    title: e.title,
    text,
    publishedAt: feedDate(e.publishedAt),
    authorName: e.author,
    collectedAt: new Date().toISOString(),
    ...extra,
  });

  // Article pages are extracted on a worker thread while the next pages are fetched and the evidence is compressed.
  const pool = lazyExtractPool();
  const result = await runWebCrawl([{ url: source.url, label: 'feed' }], {
    sourceId: source.id,
    ctx,
    conditionalLabels: ['feed'],
    maxRequests: source.maxItemsPerRun + 1,
    handle: async (page, enqueue) => {
      if (page.label === 'feed') {
        if (page.notModified) {
          ctx.log(`${source.id}: feed not modified since the last run`);
          return;
        }
        const feed = parseFeed(page.text);
        // Written at the first item taken from the feed itself, then shared by the others.
        let feedEvidence: Promise<Evidence> | undefined;
        for (const entry of feed.entries.slice(0, source.maxItemsPerRun)) {
          const url = entry.url ? new URL(entry.url, page.finalUrl).toString() : null;
          const e = { ...entry, url };
          if (url && ctx.state.seen(source.id, canonicalUrl(url) ?? url)) continue;
          const content = htmlToText(entry.content ?? '');
          if (url && source.fetchArticles && content.length < FULL_CONTENT_CHARS) {
            await enqueue([{ url, label: 'article', userData: { entry: e } }]);
          } else {
            feedEvidence ??= evidenceOf(ctx, page.bytes, page.contentType);
            await emitItem(ctx, report, source.id, fromEntry(e, content || htmlToText(entry.summary ?? ''), { evidence: await feedEvidence }));
          }
        }
        return;
      }
      const entry = page.userData.entry as FeedEntry;
      const [article, evidence] = await Promise.all([
        pool.extract({ url: page.finalUrl, html: page.text, selectors: source.selectors }),
        evidenceOf(ctx, page.bytes, page.contentType),
      ]);
      const fallback = htmlToText(entry.content ?? entry.summary ?? '');
      await emitItem(ctx, report, source.id, fromEntry(entry, article.text.length >= fallback.length ? article.text : fallback, {
        url: page.finalUrl,
        title: entry.title ?? article.title,
        publishedAt: feedDate(entry.publishedAt) ?? article.publishedAt,
        authorName: entry.author ?? article.authors[0] ?? null,
        evidence,
      }));
    },
  }).finally(() => pool.close());
  report.errors.push(...result.errors);
  for (const s of result.skipped) ctx.log(`${source.id}: skipped ${s}`);
  return report;
}
