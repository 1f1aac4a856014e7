// The sitemap connector against the fixture news site on 127.0.0.1: index → gzip'd and Google-News
// children, age and pattern filters, robots.txt, duplicates under other URLs, conditional GET,
// reruns that fetch only what is new, and broken sitemaps reported without crashing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SitemapSource } from '../config/schema.ts';
import { crawlSitemap, parseSitemap, canonicalLinkOf } from './sitemap.ts';
import { crawlSource } from './crawl.ts';
import { resetHostGates } from './host-gate.ts';
import { ARTICLES, LATE_ARTICLE, LEGACY_TEXT, startNewsSite, type NewsSite } from '../test/fixtures/news-site.ts';
import { memoryCrawlContext } from '../test/fixtures/crawl-context.ts';

let site: NewsSite;
beforeAll(async () => { site = await startNewsSite(); });
afterAll(async () => { await site.close(); });
beforeEach(() => { resetHostGates(); });

const source = (extra: Record<string, unknown> = {}) => SitemapSource.parse({ id: 'bao-mau-sitemap', name: 'Báo Mẫu (sitemap)', kind: 'sitemap', url: `${site.url}/sitemap.xml`, ...extra });
const paths = (urls: (string | null)[]) => urls.map((u) => new URL(u ?? '').pathname).sort();

describe('parseSitemap', () => {
  it('reads an index, a urlset and Google-News entries', () => {
    expect(parseSitemap('<sitemapindex><sitemap><loc>https://b.vn/s1.xml</loc><lastmod>2026-01-01</lastmod></sitemap></sitemapindex>'))
      .toEqual({ kind: 'index', entries: [{ loc: 'https://b.vn/s1.xml', lastmod: '2026-01-01', newsDate: null, newsTitle: null }] });
    const news = parseSitemap(`<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://b.vn/a.html?x=1&amp;y=2</loc>
      <news:news><news:publication_date>2026-02-03T08:00:00+07:00</news:publication_date><news:title>Tin &amp; ảnh</news:title></news:news></url></urlset>`);
    expect(news.entries).toEqual([{ loc: 'https://b.vn/a.html?x=1&y=2', lastmod: null, newsDate: '2026-02-03T08:00:00+07:00', newsTitle: 'Tin & ảnh' }]);
  });
  it('refuses invalid XML and what is not a sitemap, with the reason', () => {
    expect(() => parseSitemap('<urlset><url><loc>x</url>')).toThrow(/invalid sitemap XML at line 1/);
    expect(() => parseSitemap('<rss></rss>')).toThrow(/not a sitemap/);
  });
  it('finds the page\'s canonical link', () => {
    expect(canonicalLinkOf('<head><link href="/a.html" rel="canonical"></head>', 'https://m.b.vn/amp/a.html')).toBe('https://m.b.vn/a.html');
    expect(canonicalLinkOf('<link rel="stylesheet" href="/x.css">', 'https://b.vn/')).toBeNull();
  });
});

describe('crawlSitemap', () => {
  it('follows the index into gzip\'d and Google-News sitemaps and emits each recent article once', async () => {
    const ctx = memoryCrawlContext();
    const report = await crawlSitemap(source(), ctx);
    expect(report.errors).toEqual([]);
    // Recent, allowed, distinct articles: the old one (400 days) and the robots-disallowed one are left out.
    const expected = ARTICLES.filter((a) => a.daysAgo <= 30 && !a.path.startsWith('/noi-bo/')).map((a) => a.path).sort();
    expect(paths(ctx.items.map((i) => i.url))).toEqual(expected);
    expect(report.items).toBe(expected.length);
    // The old monthly sitemap is not even read; the old article is not fetched.
    expect(site.count('/sitemaps/2019-01.xml')).toBe(0);
    expect(site.count('/thoi-su/tin-cu-nam-ngoai.html')).toBe(0);
    // Robots.txt: listed, but never requested, and reported as skipped with the rule.
    expect(site.count('/noi-bo/bao-cao-noi-bo.html')).toBe(0);
    expect(ctx.logs.some((l) => l.includes('/noi-bo/bao-cao-noi-bo.html: disallowed by robots.txt (Disallow: /noi-bo/)'))).toBe(true);
    expect(report.skipped).toBe(1);
  });

  it('takes the Google-News title and date, and extracts the text', async () => {
    const ctx = memoryCrawlContext();
    await crawlSitemap(source(), ctx);
    const item = ctx.items.find((i) => i.url?.endsWith('/thoi-su/cao-toc-chon-thanh-bu-dang.html'));
    expect(item?.title).toBe('Khởi công đoạn cao tốc qua xã Bù Đăng');
    expect(item?.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(item?.text).toContain('người dân xã Bù Đăng');
    expect(item?.text).not.toContain('Trang chủ');
    expect(item?.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(item?.source).toMatchObject({ id: 'bao-mau-sitemap', kind: 'sitemap' });
  });

  it('keeps one record of an article listed under tracking, AMP and short-link URLs', async () => {
    const ctx = memoryCrawlContext();
    const before = { amp: site.count('/amp/thoi-su/cao-toc-chon-thanh-bu-dang.html'), short: site.count('/tin/1001') };
    await crawlSitemap(source(), ctx);
    const copies = ctx.items.filter((i) => i.title === 'Khởi công đoạn cao tốc qua xã Bù Đăng');
    expect(copies).toHaveLength(1);
    expect(copies[0]!.url).toBe(`${site.url}/thoi-su/cao-toc-chon-thanh-bu-dang.html`);
    // The tracking and AMP variants are recognised before fetching; the short link only after its redirect.
    expect(site.count('/amp/thoi-su/cao-toc-chon-thanh-bu-dang.html') - before.amp).toBe(0);
    expect(site.count('/tin/1001') - before.short).toBe(1);
  });

  it('gets 304 for the sitemaps on a second run and emits nothing', async () => {
    const ctx = memoryCrawlContext();
    await crawlSitemap(source(), ctx);
    const n = ctx.items.length;
    const articleHits = site.count(ARTICLES[1]!.path);
    const again = await crawlSitemap(source(), ctx);
    expect(again.items).toBe(0);
    expect(again.errors).toEqual([]);
    expect(ctx.items).toHaveLength(n);
    expect(site.count(ARTICLES[1]!.path)).toBe(articleHits);
    expect(ctx.logs.some((l) => l.includes('/sitemap.xml not modified since the last run'))).toBe(true);
    expect(site.count('/sitemaps/news.xml')).toBeGreaterThan(0);
  });

  it('fetches only the new article when the sitemaps change', async () => {
    const ctx = memoryCrawlContext();
    await crawlSitemap(source(), ctx);
    const hitsBefore = ARTICLES.map((a) => site.count(a.path));
    site.publishLate();
    const again = await crawlSitemap(source(), ctx);
    expect(again.errors).toEqual([]);
    expect(again.items).toBe(1);
    expect(ctx.items.at(-1)?.url).toBe(`${site.url}${LATE_ARTICLE.path}`);
    expect(ARTICLES.map((a) => site.count(a.path))).toEqual(hitsBefore);
  });

  it('keeps only URLs matching urlPattern', async () => {
    const ctx = memoryCrawlContext();
    await crawlSitemap(source({ urlPattern: '/xa-hoi/' }), ctx);
    expect(ctx.items.length).toBeGreaterThan(0);
    expect(ctx.items.every((i) => i.url?.includes('/xa-hoi/'))).toBe(true);
  });

  it('stops at maxItemsPerRun, newest first, and reads the sitemaps again next run for the rest', async () => {
    const ctx = memoryCrawlContext();
    const first = await crawlSitemap(source({ url: `${site.url}/sitemaps/articles.xml.gz`, maxItemsPerRun: 1 }), ctx);
    expect(first.items).toBe(1);
    const second = await crawlSitemap(source({ url: `${site.url}/sitemaps/articles.xml.gz`, maxItemsPerRun: 1 }), ctx);
    expect(second.items).toBe(1);
    expect(ctx.items[0]!.url).not.toBe(ctx.items[1]!.url);
  });

  it('decodes legacy pages listed in a sitemap (windows-1258 with a wrong header, TCVN3, VNI)', async () => {
    const ctx = memoryCrawlContext();
    const report = await crawlSitemap(source({ url: `${site.url}/sitemaps/legacy.xml` }), ctx);
    expect(report.errors).toEqual([]);
    expect(ctx.items).toHaveLength(3);
    for (const item of ctx.items) expect(item.text).toContain(LEGACY_TEXT);
  });

  it('reports a truncated gzip sitemap as the source\'s error, without crashing', async () => {
    const ctx = memoryCrawlContext();
    const report = await crawlSitemap(source({ url: `${site.url}/sitemaps/truncated.xml.gz` }), ctx);
    expect(report.items).toBe(0);
    expect(report.errors.join('\n')).toContain('truncated or corrupt gzip');
  });

  it('reports a sitemap of invalid XML as an error', async () => {
    const ctx = memoryCrawlContext();
    const report = await crawlSitemap(source({ url: `${site.url}/rss-hong.xml` }), ctx);
    expect(report.errors.join('\n')).toMatch(/invalid sitemap XML/);
  });

  it('runs through crawlSource, which stamps every item with its scope decision', async () => {
    const ctx = memoryCrawlContext();
    const report = await crawlSource(source({ scope: { mode: 'match', keywords: ['cao su'] } }), ctx);
    expect(report.errors).toEqual([]);
    const scopeOf = (path: string) => ctx.items.find((i) => i.url?.endsWith(path))?.scope;
    expect(scopeOf('/thoi-su/cao-toc-chon-thanh-bu-dang.html')).toEqual({ inScope: true, reason: 'place: xã Bù Đăng' });
    expect(scopeOf('/kinh-te/gia-cao-su-tang.html')).toEqual({ inScope: true, reason: 'keyword: cao su' });
    expect(scopeOf('/the-gioi/hoi-nghi-khi-hau.html')).toEqual({ inScope: false, reason: 'no place or keyword of the province' });
  });
});
