import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { log as crawleeLog, LogLevel } from '@crawlee/core';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RenderedSource } from '../config/schema.ts';
import { DEFAULT_POLITENESS } from './crawl-context.ts';
import { crawlRendered, chromiumPath, requireChromium } from './rendered.ts';
import { memoryCrawlContext } from '../test/fixtures/crawl-context.ts';
import { startRenderedSite, RENDERED_ARTICLES, type RenderedSite } from '../test/fixtures/rendered-site.ts';

crawleeLog.setLevel(LogLevel.WARNING);

const CHROMIUM = chromiumPath();
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  const message = `rendered.test.ts: ${CHROMIUM} is missing, so the JavaScript-rendering tests cannot run: install the Debian package "chromium" (or set DLXH_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! SKIPPED: ${message}\n`);
}

function context(evidenceDir: string) {
  // Unlike the other connector tests, this one has always run at the default per-host delay.
  const ctx = memoryCrawlContext({ politeness: { perHostDelayMs: DEFAULT_POLITENESS.perHostDelayMs, timeoutSecs: 20 }, evidenceDir });
  return { ctx, items: ctx.items, logs: ctx.logs };
}

describe('requireChromium', () => {
  it('names the Debian package when Chromium is missing', () => {
    expect(() => requireChromium({ DLXH_CHROMIUM: '/nonexistent/chromium' })).toThrow(/Debian package "chromium"/);
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
  });
});

describe.skipIf(!haveChromium)('rendered connector (system Chromium)', () => {
  let site: RenderedSite;
  let dir: string;
  beforeAll(async () => {
    site = await startRenderedSite();
    dir = await mkdtemp(path.join(os.tmpdir(), 'dlxh-rendered-test-'));
  });
  afterAll(async () => {
    await site?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the fixture really is JavaScript-only: the served HTML has no article text', async () => {
    const html = await (await fetch(`${site.url}/bai-viet/${RENDERED_ARTICLES[0]!.slug}`)).text();
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toContain('Đồng Xoài');
  });

  it('renders the listing, follows its links to rendered articles, keeps HTML and a JPEG screenshot, and reruns incrementally', async () => {
    const evidenceDir = path.join(dir, 'evidence');
    const { ctx, items, logs } = context(evidenceDir);
    const source = RenderedSource.parse({
      id: 'bao-mau-js', name: 'Báo Mẫu (JS)', kind: 'rendered',
      urls: [`${site.url}/tin-tuc`], articleLinkSelector: 'a.story', waitForSelector: '.article-body p',
    });

    const start = site.requests.length;
    const first = await crawlRendered(source, ctx);
    expect(first.errors).toEqual([]);
    expect(first.items).toBe(2);
    const bySlug = (slug: string) => items.find((i) => i.url?.endsWith(slug));
    for (const a of RENDERED_ARTICLES) {
      const item = bySlug(a.slug);
      expect(item, a.slug).toBeDefined();
      expect(item!.source).toMatchObject({ id: 'bao-mau-js', kind: 'rendered' });
      expect(item!.title).toBe(a.title);
      // Text that exists only after the page's script ran.
      for (const p of a.paragraphs) expect(item!.text).toContain(p);
      expect(item!.publishedAt?.slice(0, 10)).toBe(a.published.slice(0, 10));
      // The rendered HTML is the evidence, by its SHA-256…
      expect(item!.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
      const gz = path.join(evidenceDir, item!.evidence!.path!);
      expect(existsSync(gz)).toBe(true);
      // …and the screenshot sits beside it.
      const jpeg = await readFile(gz.replace(/\.gz$/, '.jpg'));
      expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(jpeg.length).toBeGreaterThan(1000);
    }
    expect(logs.some((l) => l.includes('screenshot of'))).toBe(true);
    // robots.txt forbids /private/: the link is never opened.
    expect(site.requests).toContain('/robots.txt');
    expect(site.requests.some((p) => p.startsWith('/private/'))).toBe(false);
    expect(logs.some((l) => l.includes('/private/bai-noi-bo') && /robots/i.test(l))).toBe(true);
    // What the screenshot needs was fetched; the web font and the video were not.
    expect(site.requests).toContain('/static/site.css');
    expect(site.requests).toContain('/static/anh-minh-hoa.png');
    expect(site.requests).not.toContain('/static/bao-mau.woff2');
    expect(site.requests).not.toContain('/static/clip.mp4');
    // Up to four pages are in flight, yet the site's pages are opened about the per-host delay apart
    // (the gate spaces the navigations; a new tab's first request may leave a little later).
    const opens = site.requestTimes.filter((_, k) => k >= start && /^\/(tin-tuc|bai-viet\/)/.test(site.requests[k]!));
    expect(opens.length).toBe(3);
    for (let k = 1; k < opens.length; k++) expect(opens[k]! - opens[k - 1]!).toBeGreaterThanOrEqual(DEFAULT_POLITENESS.perHostDelayMs * 0.6);

    // Rerun after one new article: only it is opened and stored.
    site.addArticle({
      slug: 'cau-moi-binh-long', title: 'Khánh thành cầu mới ở Bình Long', published: '2025-09-14T08:00:00+07:00',
      paragraphs: ['Sáng 14/9, cây cầu bắc qua suối ở phường Bình Long được đưa vào sử dụng sau tám tháng thi công, rút ngắn quãng đường đi lại của hàng nghìn hộ dân.'],
    });
    const before = site.requests.length;
    const second = await crawlRendered(source, ctx);
    expect(second.errors).toEqual([]);
    expect(second.items).toBe(1);
    expect(items.at(-1)!.title).toBe('Khánh thành cầu mới ở Bình Long');
    const opened = site.requests.slice(before).filter((p) => p.startsWith('/bai-viet/'));
    expect(opened).toEqual(['/bai-viet/cau-moi-binh-long']);
  });

  it('reuses browser tabs across many pages without one page\'s content leaking into the next', async () => {
    const many = await startRenderedSite();
    try {
      for (let k = 0; k < 10; k++) {
        many.addArticle({
          slug: `bai-${k}`, title: `Bài số ${k} về giao thông ở Bù Đăng`, published: '2025-09-15T08:00:00+07:00',
          paragraphs: [`Nội dung riêng của bài số ${k}: người dân phản ánh đoạn đường liên xã số ${k} xuống cấp.`],
        });
      }
      const ctx = memoryCrawlContext({ politeness: { maxConcurrency: 2 }, evidenceDir: path.join(dir, 'evidence-many') });
      const source = RenderedSource.parse({
        id: 'nhieu-bai', name: 'Nhiều bài', kind: 'rendered', urls: [`${many.url}/tin-tuc`], articleLinkSelector: 'a.story', waitForSelector: '.article-body p',
      });
      const report = await crawlRendered(source, ctx);
      expect(report.errors).toEqual([]);
      expect(report.items).toBe(12);
      for (const item of ctx.items) {
        const slug = item.url!.split('/').pop()!;
        const own = [...RENDERED_ARTICLES, ...Array.from({ length: 10 }, (_, k) => ({ slug: `bai-${k}`, title: `Bài số ${k} về giao thông ở Bù Đăng` }))].find((a) => a.slug === slug);
        expect(item.title, slug).toBe(own!.title);
        if (slug.startsWith('bai-')) expect(item.text).toContain(`Nội dung riêng của bài số ${slug.slice(4)}:`);
        // Every page got its own screenshot, the reused tabs too.
        expect(existsSync(path.join(dir, 'evidence-many', item.evidence!.path!.replace(/\.gz$/, '.jpg'))), slug).toBe(true);
      }
    } finally {
      await many.close();
    }
  });

  it('reads a page that is itself the article, waiting for the network to go quiet, and stores it again only when it changed', async () => {
    const { ctx, items } = context(path.join(dir, 'evidence-2'));
    const source = RenderedSource.parse({
      id: 'trang-js', name: 'Trang JS', kind: 'rendered', urls: [`${site.url}/bai-viet/${RENDERED_ARTICLES[1]!.slug}`], screenshot: false,
    });
    const first = await crawlRendered(source, ctx);
    expect(first.errors).toEqual([]);
    expect(first.items).toBe(1);
    expect(items[0]!.text).toContain(RENDERED_ARTICLES[1]!.paragraphs[0]);
    const again = await crawlRendered(source, ctx);
    expect(again.items).toBe(0);
  });
});
