import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { parseHTML } from 'linkedom';
import { HtmlSource } from '../config/schema.ts';
import type { RawItem } from './raw-item.ts';
import { crawlHtmlListing, findArticleLinks, looksLikeArticlePath } from './html-listing.ts';
import { memoryCrawlContext, type MemoryCrawlContext } from '../test/fixtures/crawl-context.ts';
import { startListingSite, articlePath, sampleArticles, type ListingSite } from '../test/fixtures/listing-site.ts';

let site: ListingSite;
let items: RawItem[];
let ctx: MemoryCrawlContext;

beforeEach(async () => {
  site = await startListingSite();
  ctx = memoryCrawlContext({ politeness: { maxConcurrency: 2 } });
  items = ctx.items;
});

afterEach(async () => {
  await site.close();
});

const source = (extra: Record<string, unknown> = {}) => HtmlSource.parse({
  id: 'bao-mau-xa-hoi', kind: 'html', name: 'Báo Mẫu – Xã hội', listUrls: [`${site.url}/xa-hoi/`], ...extra,
});

describe('HTML listing → article connector', () => {
  it('follows three listing pages to the twelve articles, without nav, sidebar, footer or duplicates', async () => {
    const report = await crawlHtmlListing(source(), ctx);
    expect(report.errors).toEqual([]);
    const articles = items.filter((i) => i.kind === 'article');
    expect(articles).toHaveLength(12);
    expect(new Set(articles.map((a) => a.url)).size).toBe(12);
    expect(articles.every((a) => a.url!.includes('/xa-hoi/') && !a.url!.includes('utm_'))).toBe(true);
    expect(site.requests.filter((p) => p.startsWith('/xa-hoi/trang-') || p === '/xa-hoi/')).toEqual(['/xa-hoi/', '/xa-hoi/trang-2.html', '/xa-hoi/trang-3.html']);
    expect(site.requests.some((p) => p.startsWith('/kinh-te/') || p.startsWith('/lien-he') || p.startsWith('/qc/'))).toBe(false);
  });

  it('extracts title, text, date with +07:00 (JSON-LD, OpenGraph or date text), authors and evidence', async () => {
    await crawlHtmlListing(source(), ctx);
    const byUrl = new Map(items.filter((i) => i.kind === 'article').map((i) => [new URL(i.url!).pathname, i]));
    for (const a of sampleArticles()) {
      const item = byUrl.get(articlePath(a));
      expect(item, a.slug).toBeDefined();
      expect(item!.title).toBe(a.title);
      expect(item!.publishedAt).toBe(`${a.at}:00+07:00`);
      expect(item!.authorName).toBe(a.author);
      expect(item!.text).toContain(a.paragraphs[1]!.slice(0, 60));
      expect(item!.text).not.toMatch(/Đọc nhiều|Chia sẻ Facebook|Liên hệ tòa soạn/);
      expect(item!.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(item!.source).toMatchObject({ id: 'bao-mau-xa-hoi', kind: 'html' });
    }
  });

  it('emits reader comments as their own items, pointing to their article', async () => {
    await crawlHtmlListing(source(), ctx);
    const comments = items.filter((i) => i.kind === 'comment');
    const expected = sampleArticles().filter((a) => a.comments.length > 0);
    expect(comments).toHaveLength(expected.reduce((n, a) => n + a.comments.length, 0));
    const first = expected[0]!;
    const under = comments.filter((c) => c.parentRef === `${site.url}${articlePath(first)}`);
    expect(under.map((c) => c.authorName)).toEqual(first.comments.map((c) => c.name));
    expect(under[0]!.threadRef).toBe(under[0]!.parentRef);
    expect(under[0]!.publishedAt).toBe(`${first.comments[0]!.at}:00+07:00`);
    expect(new Set(comments.map((c) => c.platformId)).size).toBe(comments.length);
  });

  it('fetches nothing new on a rerun, then only the new article when one is published', async () => {
    await crawlHtmlListing(source(), ctx);
    const firstRun = items.length;
    site.requests.length = 0;
    const again = await crawlHtmlListing(source(), ctx);
    expect(again.items).toBe(0);
    expect(items.length).toBe(firstRun);
    // Only the first listing page: it links to nothing new, so older pages are not walked.
    expect(site.requests).toEqual(['/xa-hoi/']);

    const fresh = { ...sampleArticles()[0]!, id: 1100, slug: 'dong-xoai-nguoi-dan-kien-nghi-lap-den-giao-thong-nut-giao-moi', title: 'Đồng Xoài: Người dân kiến nghị lắp đèn giao thông ở nút giao mới', comments: [] };
    site.publish(fresh);
    site.requests.length = 0;
    const third = await crawlHtmlListing(source(), ctx);
    expect(third.items).toBe(1);
    expect(items.at(-1)!.title).toBe(fresh.title);
    expect(site.requests).toEqual(['/xa-hoi/', articlePath(fresh)]);
  });

  it('keeps going when an article page is broken, and fetches it on the next run', async () => {
    const bad = articlePath(sampleArticles()[6]!);
    site.broken.add(bad);
    const report = await crawlHtmlListing(source(), ctx);
    expect(report.errors.some((e) => e.includes(bad))).toBe(true);
    expect(items.filter((i) => i.kind === 'article')).toHaveLength(11);
    site.broken.clear();
    const next = await crawlHtmlListing(source(), ctx);
    expect(next.errors).toEqual([]);
    expect(items.filter((i) => i.kind === 'article')).toHaveLength(12);
  });

  it('respects maxListPages', async () => {
    await crawlHtmlListing(source({ maxListPages: 2 }), ctx);
    expect(items.filter((i) => i.kind === 'article')).toHaveLength(9);
    expect(site.requests).not.toContain('/xa-hoi/trang-3.html');
  });

  it('stops at the item budget and catches up on the next run', async () => {
    await crawlHtmlListing(source({ maxItemsPerRun: 4 }), ctx);
    expect(items.filter((i) => i.kind === 'article')).toHaveLength(4);
    await crawlHtmlListing(source(), ctx);
    expect(items.filter((i) => i.kind === 'article')).toHaveLength(12);
    site.requests.length = 0;
    await crawlHtmlListing(source(), ctx);
    expect(site.requests).toEqual(['/xa-hoi/']);
  });

  it('uses a configured article selector or URL pattern', async () => {
    await crawlHtmlListing(source({ articleLinkSelector: '.story-title a', maxListPages: 1 }), ctx);
    expect(items.filter((i) => i.kind === 'article')).toHaveLength(5);
    const { document } = parseHTML(`<a href="/a/1">Một bài viết có tiêu đề đủ dài để đọc</a><a href="/b/2">Bài khác cũng có tiêu đề đủ dài</a>`);
    expect(findArticleLinks(document as unknown as Document, 'http://x.vn/', { articleUrlPattern: '/b/\\d+$' })).toEqual(['http://x.vn/b/2']);
  });

  it('tells article paths from section, tag and search pages', () => {
    expect(looksLikeArticlePath('https://x.vn/xa-hoi/nguoi-dan-phan-anh-cham-boi-thuong-1001.html')).toBe(true);
    expect(looksLikeArticlePath('https://x.vn/thoi-su/nguoi-dan-phan-anh-cham-chi-tra-boi-thuong')).toBe(true);
    expect(looksLikeArticlePath('https://x.vn/news/202611180815')).toBe(true);
    expect(looksLikeArticlePath('https://x.vn/xa-hoi/')).toBe(false);
    expect(looksLikeArticlePath('https://x.vn/tag/boi-thuong-dat-dai-dong-xoai.html')).toBe(false);
    expect(looksLikeArticlePath('https://x.vn/tim-kiem?q=a')).toBe(false);
  });
});
