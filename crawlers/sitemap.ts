// Sitemap connector: a sitemap index, a plain sitemap or a Google-News sitemap (gzip'd or not)
// → the articles it lists that are recent, match the source's pattern and were not collected
// before → each article fetched, extracted and emitted.
//
// Incremental: sitemap files are fetched with a conditional GET, and article URLs are compared by
// their canonical form with the source's seen-set, so a rerun fetches only what is new. When a run
// stops short (the item limit, failed articles), the sitemaps' validators are dropped so the
// next run reads them again instead of getting a 304 and missing what was left.
import type { z } from 'zod';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SitemapSource } from '../config/schema.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { runWebCrawl, type FetchedPage, type PageRequest } from './web-crawl.ts';
import { emitItem } from './rss.ts';
import { lazyExtractPool } from './extract-pool.ts';
import { evidenceOf } from './evidence.ts';
import { feedDate } from './feed.ts';
import { canonicalUrl } from '../pipeline/canonical-url.ts';

type SitemapSourceConfig = z.infer<typeof SitemapSource>;

/** How deep sitemap indexes may nest, and how many sitemap files one run reads. */
export const MAX_SITEMAP_DEPTH = 3;
export const MAX_SITEMAP_FILES = 50;
const MAX_URL_CHARS = 2048;
const DAY = 86_400_000;

export type SitemapEntry = {
  loc: string;
  lastmod: string | null;
  /** Google-News sitemaps: the article's publication date and title. */
  newsDate: string | null;
  newsTitle: string | null;
};

export type Sitemap = { kind: 'index' | 'urlset'; entries: SitemapEntry[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

type Node = Record<string, unknown>;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object') return str((v as Node)['#text']);
  return null;
}

/** Reads a sitemap or sitemap index; invalid XML is an error with its line and column. */
export function parseSitemap(xml: string): Sitemap {
  const body = xml.replace(/^\uFEFF/, '').trimStart();
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`invalid sitemap XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const doc = parser.parse(body) as Node;
  const index = doc.sitemapindex as Node | undefined;
  if (index && typeof index === 'object') {
    const entries = ((index.sitemap as Node[] | undefined) ?? []).map((s) => ({ loc: str(s.loc) ?? '', lastmod: str(s.lastmod), newsDate: null, newsTitle: null }));
    return { kind: 'index', entries: entries.filter((e) => e.loc) };
  }
  const urlset = doc.urlset as Node | undefined;
  if (urlset === undefined) throw new Error('not a sitemap: no <urlset> or <sitemapindex> root element');
  const urls = (urlset && typeof urlset === 'object' ? (urlset.url as Node[] | undefined) : undefined) ?? [];
  const entries = urls.map((u) => {
    const news = (Array.isArray(u.news) ? u.news[0] : u.news) as Node | undefined;
    return {
      loc: str(u.loc) ?? '',
      lastmod: str(u.lastmod),
      newsDate: news ? str(news.publication_date) : null,
      newsTitle: news ? str(news.title) : null,
    };
  });
  return { kind: 'urlset', entries: entries.filter((e) => e.loc) };
}

const LINK_TAG = /<link\b[^>]{0,500}>/gi;
/** The page's own <link rel="canonical">, if any (AMP and mobile pages point at the article). */
export function canonicalLinkOf(html: string, pageUrl: string): string | null {
  for (const m of html.slice(0, 100_000).matchAll(LINK_TAG)) {
    const tag = m[0];
    if (!/\brel\s*=\s*["']?canonical\b/i.test(tag)) continue;
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (!value) continue;
    try {
      return new URL(value.trim(), pageUrl).toString();
    } catch {
      return null;
    }
  }
  return null;
}

function compilePattern(pattern: string | undefined): RegExp | null {
  if (!pattern) return null;
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new Error(`urlPattern "${pattern}" is not a valid regular expression: ${(err as Error).message}`);
  }
}

export async function crawlSitemap(source: SitemapSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'sitemap' as const, platform: 'web', name: source.name };
  const pattern = compilePattern(source.urlPattern);
  const cutoff = Date.now() - source.maxAgeDays * DAY;
  const tooOld = (date: string | null) => {
    const t = date ? Date.parse(date) : NaN;
    return !Number.isNaN(t) && t < cutoff;
  };

  const sitemapsRead = new Set<string>();
  const claimed = new Set<string>(); // canonical URLs taken in this run (fetched or emitted)
  let sitemapFiles = 0;
  let articlesQueued = 0;
  let stoppedShort = false;
  const counts = { old: 0, pattern: 0, seen: 0, duplicate: 0 };
  // Started at the first article page, ended with the run.
  const pool = lazyExtractPool();

  const readSitemap = async (page: FetchedPage, enqueue: (r: PageRequest[]) => Promise<void>) => {
    if (page.notModified) {
      ctx.log(`${source.id}: ${page.url} not modified since the last run`);
      return;
    }
    sitemapsRead.add(page.url);
    const depth = Number(page.userData.depth ?? 0);
    const map = parseSitemap(page.text);
    if (map.kind === 'index') {
      const children: PageRequest[] = [];
      for (const e of map.entries) {
        if (depth + 1 > MAX_SITEMAP_DEPTH) {
          ctx.log(`${source.id}: ${e.loc} not read: sitemap indexes nested deeper than ${MAX_SITEMAP_DEPTH}`);
          continue;
        }
        if (tooOld(e.lastmod)) {
          counts.old++;
          continue;
        }
        if (sitemapFiles >= MAX_SITEMAP_FILES) {
          ctx.log(`${source.id}: ${e.loc} not read: more than ${MAX_SITEMAP_FILES} sitemap files in one run`);
          stoppedShort = true;
          continue;
        }
        sitemapFiles++;
        children.push({ url: new URL(e.loc, page.finalUrl).toString(), label: 'sitemap', userData: { depth: depth + 1 } });
      }
      await enqueue(children);
      return;
    }
    // Newest first, so the item limit keeps the latest articles.
    const dated = (e: SitemapEntry) => Date.parse(e.newsDate ?? e.lastmod ?? '') || 0;
    const entries = [...map.entries].sort((a, b) => dated(b) - dated(a));
    const articles: PageRequest[] = [];
    for (const e of entries) {
      let url: string;
      try {
        url = new URL(e.loc, page.finalUrl).toString();
      } catch {
        continue;
      }
      if (url.length > MAX_URL_CHARS) continue;
      if (pattern && !pattern.test(url)) {
        counts.pattern++;
        continue;
      }
      if (tooOld(e.newsDate ?? e.lastmod)) {
        counts.old++;
        continue;
      }
      const key = canonicalUrl(url) ?? url;
      if (claimed.has(key)) {
        counts.duplicate++;
        continue;
      }
      if (ctx.state.seen(source.id, key)) {
        counts.seen++;
        continue;
      }
      if (articlesQueued >= source.maxItemsPerRun) {
        stoppedShort = true;
        break;
      }
      claimed.add(key);
      articlesQueued++;
      articles.push({ url, label: 'article', userData: { key, newsDate: e.newsDate, newsTitle: e.newsTitle } });
    }
    await enqueue(articles);
  };

  const readArticle = async (page: FetchedPage) => {
    const requested = String(page.userData.key);
    const pageUrl = canonicalLinkOf(page.text, page.finalUrl) ?? page.finalUrl;
    const key = canonicalUrl(pageUrl) ?? pageUrl;
    // A short link or an old URL that lands on an article already taken.
    if (key !== requested && (claimed.has(key) || ctx.state.seen(source.id, key))) {
      counts.duplicate++;
      ctx.state.markSeen(source.id, [requested]);
      return;
    }
    claimed.add(key);
    // Extracted on a worker thread while the next pages are fetched and the evidence is compressed.
    const [article, evidence] = await Promise.all([
      pool.extract({ url: page.finalUrl, html: page.text, selectors: source.selectors }),
      evidenceOf(ctx, page.bytes, page.contentType),
    ]);
    const newsDate = page.userData.newsDate as string | null;
    await emitItem(ctx, report, source.id, {
      source: sourceRef,
      kind: 'article',
      url: key,
      title: (page.userData.newsTitle as string | null) ?? article.title,
      text: article.text,
      publishedAt: feedDate(newsDate) ?? article.publishedAt,
      authorName: article.authors[0] ?? null,
      collectedAt: new Date().toISOString(),
      evidence,
    });
    if (key !== requested) ctx.state.markSeen(source.id, [requested]);
  };

  let result: Awaited<ReturnType<typeof runWebCrawl>>;
  try {
    result = await runWebCrawl([{ url: source.url, label: 'sitemap', userData: { depth: 0 } }], {
      sourceId: source.id,
      ctx,
      conditionalLabels: ['sitemap'],
      maxRequests: source.maxItemsPerRun + MAX_SITEMAP_FILES + 1,
      handle: async (page, enqueue) => (page.label === 'sitemap' ? readSitemap(page, enqueue) : readArticle(page)),
    });
  } finally {
    await pool.close();
  }

  report.errors.push(...result.errors);
  report.skipped += result.skipped.length;
  for (const s of result.skipped) ctx.log(`${source.id}: skipped ${s}`);
  // Skips (robots.txt, size) are for good; errors and the item limit may go away next run.
  if (stoppedShort || result.errors.length) {
    for (const url of sitemapsRead) ctx.state.setValidators(source.id, url, { etag: null, lastModified: null });
  }
  ctx.log(`${source.id}: ${articlesQueued} new articles listed; left out ${counts.seen} seen before, ${counts.old} older than ${source.maxAgeDays} days, ${counts.pattern} not matching urlPattern, ${counts.duplicate} duplicates`);
  return report;
}
