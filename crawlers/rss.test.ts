// The RSS connector against the fixture news site on 127.0.0.1: conditional GET, articles fetched
// for summary-only items and not for full-content ones, the evidence each item keeps, reruns that
// fetch only what is new, and a broken feed reported as the source's error.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RssSource } from '../config/schema.ts';
import { crawlRss } from './rss.ts';
import { resetHostGates } from './host-gate.ts';
import { ARTICLES, FEED_FULL_ARTICLE, LATE_ARTICLE, startNewsSite, type NewsSite } from '../test/fixtures/news-site.ts';
import { memoryCrawlContext } from '../test/fixtures/crawl-context.ts';

let site: NewsSite;
let evidenceDir: string;
beforeAll(async () => {
  site = await startNewsSite();
  evidenceDir = mkdtempSync(path.join(tmpdir(), 'dlxh-rss-test-'));
});
afterAll(async () => {
  await site.close();
  rmSync(evidenceDir, { recursive: true, force: true });
});
beforeEach(() => { resetHostGates(); });

const source = (url: string, extra: Record<string, unknown> = {}) => RssSource.parse({ id: 'bao-mau-rss', name: 'Báo Mẫu (RSS)', kind: 'rss', url, ...extra });
const pathOf = (u: string | null) => new URL(u ?? '').pathname;
/** The articles the summary-only /rss.xml lists (the robots-disallowed one is not in it). */
const listed = ARTICLES.filter((a) => !a.path.startsWith('/noi-bo/'));
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
/** The raw response an evidence record points at, gunzipped. */
const evidenceBody = (ev: { path: string | null } | null) => gunzipSync(readFileSync(path.join(evidenceDir, ev?.path ?? '')));

describe('crawlRss', () => {
  it('fetches the article page of a summary-only item and keeps its full text and the page as evidence', async () => {
    const ctx = memoryCrawlContext({ evidenceDir });
    const report = await crawlRss(source(`${site.url}/rss.xml`), ctx);
    expect(report.errors).toEqual([]);
    expect(report.items).toBe(listed.length);
    expect(ctx.items.map((i) => pathOf(i.url)).sort()).toEqual(listed.map((a) => a.path).sort());
    const a = ARTICLES[0]!;
    const item = ctx.items.find((i) => pathOf(i.url) === a.path)!;
    expect(item.title).toBe(a.title);
    // The page's body, not the feed's one-line summary.
    expect(item.text).toContain(a.paragraphs[2]!);
    expect(item.text).not.toContain('Trang chủ');
    expect(item.source).toMatchObject({ id: 'bao-mau-rss', kind: 'rss' });
    // The evidence is the article page as served, under its SHA-256.
    const body = evidenceBody(item.evidence);
    expect(item.evidence?.sha256).toBe(sha256(body));
    expect(body.toString('utf8')).toContain('<h1 class="title-detail">');
    expect(item.evidence?.contentType).toContain('text/html');
  });

  it('takes a full-content item from the feed without fetching its page, with the feed response as evidence', async () => {
    const ctx = memoryCrawlContext({ evidenceDir });
    const pageHits = site.count(FEED_FULL_ARTICLE.path);
    const summaryHits = site.count(ARTICLES[1]!.path);
    const report = await crawlRss(source(`${site.url}/rss-day-du.xml`), ctx);
    expect(report.errors).toEqual([]);
    expect(report.items).toBe(2);
    // The full-content item: not fetched, its text from content:encoded.
    expect(site.count(FEED_FULL_ARTICLE.path)).toBe(pageHits);
    const full = ctx.items.find((i) => pathOf(i.url) === FEED_FULL_ARTICLE.path)!;
    expect(full.text).toContain(FEED_FULL_ARTICLE.paragraphs.at(-1)!);
    expect(full.authorName).toBe(FEED_FULL_ARTICLE.author);
    const feed = evidenceBody(full.evidence);
    expect(full.evidence?.sha256).toBe(sha256(feed));
    expect(feed.toString('utf8')).toContain('<content:encoded><![CDATA[');
    expect(full.evidence?.contentType).toContain('application/rss+xml');
    // The summary-only item beside it in the same feed: fetched, the page as its evidence.
    expect(site.count(ARTICLES[1]!.path)).toBe(summaryHits + 1);
    const fetched = ctx.items.find((i) => pathOf(i.url) === ARTICLES[1]!.path)!;
    expect(fetched.evidence?.sha256).not.toBe(full.evidence?.sha256);
    expect(evidenceBody(fetched.evidence).toString('utf8')).toContain('<h1 class="title-detail">');
  });

  it('keeps the feed as the evidence of every item taken from it, in one file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-rss-test-'));
    try {
      const ctx = memoryCrawlContext({ evidenceDir: dir });
      // fetchArticles off: every item is taken from the feed itself.
      const report = await crawlRss(source(`${site.url}/rss.xml`, { fetchArticles: false }), ctx);
      expect(report.items).toBe(listed.length);
      const shas = new Set(ctx.items.map((i) => i.evidence?.sha256));
      expect(shas.size).toBe(1);
      expect([...shas][0]).toMatch(/^[0-9a-f]{64}$/);
      const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
      expect(files.map((f) => f.name)).toEqual([`${[...shas][0]}.gz`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends If-None-Match and If-Modified-Since on the next run, gets 304 and emits nothing', async () => {
    const ctx = memoryCrawlContext();
    await crawlRss(source(`${site.url}/rss.xml`), ctx);
    const n = ctx.items.length;
    const articleHits = listed.map((a) => site.count(a.path));
    const from = site.requests.length;
    const again = await crawlRss(source(`${site.url}/rss.xml`), ctx);
    expect(again.errors).toEqual([]);
    expect(again.items).toBe(0);
    expect(ctx.items).toHaveLength(n);
    const feedRequests = site.requests.slice(from).filter((r) => r.path === '/rss.xml');
    expect(feedRequests).toHaveLength(1);
    expect(feedRequests[0]!.ifNoneMatch).toMatch(/^"v\d+"$/);
    expect(feedRequests[0]!.ifModifiedSince).toMatch(/GMT$/);
    expect(listed.map((a) => site.count(a.path))).toEqual(articleHits);
    expect(ctx.logs.some((l) => l.includes('feed not modified since the last run'))).toBe(true);
  });

  it('reports a feed of invalid XML as the source\'s error, without crashing', async () => {
    const ctx = memoryCrawlContext();
    const report = await crawlRss(source(`${site.url}/rss-hong.xml`), ctx);
    expect(report.items).toBe(0);
    expect(ctx.items).toEqual([]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/rss-hong\.xml: invalid feed XML at line 1/);
  });
});

describe('crawlRss rerun', () => {
  // Its own site: publishing the late article changes the feeds for good.
  let own: NewsSite;
  beforeAll(async () => { own = await startNewsSite(); });
  afterAll(async () => { await own.close(); });

  it('fetches only the new item when one is added to the feed', async () => {
    const ctx = memoryCrawlContext();
    const first = await crawlRss(source(`${own.url}/rss.xml`), ctx);
    expect(first.items).toBe(listed.length);
    const hitsBefore = listed.map((a) => own.count(a.path));
    own.publishLate();
    const again = await crawlRss(source(`${own.url}/rss.xml`), ctx);
    expect(again.errors).toEqual([]);
    expect(again.items).toBe(1);
    expect(pathOf(ctx.items.at(-1)!.url)).toBe(LATE_ARTICLE.path);
    expect(own.count(LATE_ARTICLE.path)).toBe(1);
    expect(listed.map((a) => own.count(a.path))).toEqual(hitsBefore);
  });
});
