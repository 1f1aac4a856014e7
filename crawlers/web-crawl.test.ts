// The shared fetching policies against a hostile site on 127.0.0.1: every case ends skipped with
// its reason, retried and fetched, or decoded — never a crashed crawl.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWebCrawl, type FetchedPage, type PageRequest, type WebCrawlResult } from './web-crawl.ts';
import { resetHostGates } from './host-gate.ts';
import { forgetRobotsTxt, robotsFetchCount } from './robots-cache.ts';
import { parseRobotsTxt } from './robots-txt.ts';
import { parseFeed } from './feed.ts';
import { crawlRss } from './rss.ts';
import { RssSource } from '../config/schema.ts';
import type { Politeness } from './crawl-context.ts';
import { LEGACY_TEXT, startNewsSite, type NewsSite } from '../test/fixtures/news-site.ts';
import { memoryCrawlContext } from '../test/fixtures/crawl-context.ts';

let site: NewsSite;
beforeAll(async () => { site = await startNewsSite(); });
afterAll(async () => { await site.close(); });
beforeEach(() => { resetHostGates(); });

async function crawl(paths: string[], politeness: Partial<Politeness> = {}, extra: { maxRequests?: number; handle?: (p: FetchedPage) => void } = {}) {
  const ctx = memoryCrawlContext({ politeness });
  const pages: FetchedPage[] = [];
  const start: PageRequest[] = paths.map((p) => ({ url: `${site.url}${p}`, label: 'page' }));
  const t0 = Date.now();
  const result: WebCrawlResult = await runWebCrawl(start, {
    sourceId: 'test', ctx, maxRequests: extra.maxRequests,
    handle: async (page) => {
      extra.handle?.(page);
      pages.push(page);
    },
  });
  return { result, pages, ms: Date.now() - t0, ctx };
}

const reasonFor = (list: string[], path: string) => list.find((s) => s.startsWith(`${site.url}${path}:`)) ?? '';

describe('robots.txt', () => {
  it('skips a disallowed page with the rule as the reason and never requests it', async () => {
    const { result, pages } = await crawl(['/thoi-su/cao-toc-chon-thanh-bu-dang.html', '/noi-bo/bao-cao-noi-bo.html']);
    expect(pages.map((p) => new URL(p.url).pathname)).toEqual(['/thoi-su/cao-toc-chon-thanh-bu-dang.html']);
    expect(reasonFor(result.skipped, '/noi-bo/bao-cao-noi-bo.html')).toContain('disallowed by robots.txt (Disallow: /noi-bo/)');
    expect(site.count('/noi-bo/bao-cao-noi-bo.html')).toBe(0);
    expect(result.errors).toEqual([]);
  });

  it('is fetched once per host and kept between runs, with the honest user agent', async () => {
    forgetRobotsTxt();
    const before = robotsFetchCount();
    const robotsBefore = site.count('/robots.txt');
    await crawl(['/kinh-te/gia-cao-su-tang.html', '/xa-hoi/nuoc-sach-dong-xoai.html']);
    await crawl(['/the-gioi/hoi-nghi-khi-hau.html']);
    expect(robotsFetchCount() - before).toBe(1);
    expect(site.count('/robots.txt') - robotsBefore).toBe(1);
    const agents = new Set(site.requests.map((r) => r.userAgent));
    expect([...agents]).toEqual(['DLXH-Monitor-Test/0.1 (+https://example.invalid/contact)']);
  });

  it('reads groups, longest match, Allow ties, wildcards and Crawl-delay as RFC 9309 says', () => {
    const rules = parseRobotsTxt([
      'User-agent: *', 'Disallow: /', '',
      'User-agent: dlxh-monitor', 'User-agent: other', 'Disallow: /tim-kiem', 'Allow: /tim-kiem/tin', 'Disallow: /*.pdf$', 'Disallow: /a', 'Allow: /a', 'Crawl-delay: 2',
    ].join('\n'), 'DLXH-Monitor/0.1 (+https://x)');
    expect(rules.decide('https://b.vn/tin.html').allowed).toBe(true);
    expect(rules.decide('https://b.vn/tim-kiem?q=1')).toEqual({ allowed: false, rule: 'Disallow: /tim-kiem' });
    expect(rules.decide('https://b.vn/tim-kiem/tin-1').allowed).toBe(true);
    expect(rules.decide('https://b.vn/files/x.pdf').allowed).toBe(false);
    expect(rules.decide('https://b.vn/files/x.pdf?v=1').allowed).toBe(true);
    expect(rules.decide('https://b.vn/a').allowed).toBe(true);
    expect(rules.crawlDelaySecs).toBe(2);
    expect(parseRobotsTxt('User-agent: *\nDisallow: /', 'X/1').decide('https://b.vn/robots.txt').allowed).toBe(true);
  });
});

describe('politeness', () => {
  it('spaces requests to one host by perHostDelayMs even with several in flight', async () => {
    const paths = ['/thoi-su/cao-toc-chon-thanh-bu-dang.html', '/xa-hoi/nuoc-sach-dong-xoai.html', '/kinh-te/gia-cao-su-tang.html', '/the-gioi/hoi-nghi-khi-hau.html'];
    const from = site.requests.length;
    const { pages } = await crawl(paths, { perHostDelayMs: 300, maxConcurrency: 4 });
    expect(pages).toHaveLength(4);
    const times = site.requests.slice(from).filter((r) => paths.includes(r.path)).map((r) => r.at).sort((a, b) => a - b);
    // Times are the server's: each request's way from the crawler's slot to the server varies by
    // tens of milliseconds on a loaded machine (a new connection, a busy event loop), so one gap
    // may look shorter than the slots were; unspaced, four requests in flight arrive within a few ms.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(3 * 300 - 100);
  });

  it('waits out a 429 with Retry-After in seconds, then gets the page', async () => {
    const { result, pages, ms } = await crawl(['/cham/429.html']);
    expect(result.errors).toEqual([]);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.text).toContain('phường Đồng Xoài');
    expect(site.count('/cham/429.html')).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('waits out a 503 with Retry-After as an HTTP date, then gets the page', async () => {
    const { result, pages } = await crawl(['/cham/429-date.html']);
    expect(result.errors).toEqual([]);
    expect(pages).toHaveLength(1);
    expect(site.count('/cham/429-date.html')).toBe(2);
  });

  it('skips, without retrying, a page whose Retry-After is longer than we wait, and leaves the host alone', async () => {
    const { result, pages } = await crawl(['/cham/429-lau.html', '/kinh-te/gia-cao-su-tang.html'], { maxConcurrency: 1 });
    expect(pages).toHaveLength(0);
    expect(reasonFor(result.skipped, '/cham/429-lau.html')).toMatch(/wait 86400 s \(Retry-After\), longer than the 300 s/);
    expect(reasonFor(result.skipped, '/kinh-te/gia-cao-su-tang.html')).toMatch(/Retry-After/);
    expect(site.count('/cham/429-lau.html')).toBe(1);
    expect(result.errors).toEqual([]);
  });

  it('backs off after a 5xx and retries', async () => {
    const { result, pages, ms } = await crawl(['/loi/500-mot-lan.html']);
    expect(result.errors).toEqual([]);
    expect(pages).toHaveLength(1);
    expect(site.count('/loi/500-mot-lan.html')).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('reports a page that keeps failing with 5xx as an error after the retries', async () => {
    const { result, pages } = await crawl(['/loi/500-luon.html']);
    expect(pages).toHaveLength(0);
    expect(reasonFor(result.errors, '/loi/500-luon.html')).toMatch(/HTTP 502.*after 3 retries/);
    expect(site.count('/loi/500-luon.html')).toBe(4);
  }, 20_000);

  it('reports a 404 as an error without retrying', async () => {
    const { result } = await crawl(['/loi/404.html']);
    expect(reasonFor(result.errors, '/loi/404.html')).toContain('HTTP 404');
    expect(site.count('/loi/404.html')).toBe(1);
  });

  it('goes through the configured proxy', async () => {
    let proxied = 0;
    const proxy = http.createServer((req, res) => {
      proxied++;
      const target = new URL(req.url ?? '');
      const up = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: { ...req.headers, via: '1.1 test-proxy' } }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    proxy.on('connect', (req, socket: net.Socket, head) => {
      proxied++;
      const [host, port] = (req.url ?? '').split(':');
      const up = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(socket);
        socket.pipe(up);
      });
      up.on('error', () => socket.destroy());
      socket.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const { result, pages } = await crawl(['/xa-hoi/nuoc-sach-dong-xoai.html'], { proxyUrl });
      expect(result.errors).toEqual([]);
      expect(pages).toHaveLength(1);
      expect(proxied).toBeGreaterThan(0);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});

describe('limits', () => {
  it('skips a redirect loop without retrying it', async () => {
    const { result, pages } = await crawl(['/vong-lap/a']);
    expect(pages).toHaveLength(0);
    expect(reasonFor(result.skipped, '/vong-lap/a')).toContain('redirect loop: ');
    expect(reasonFor(result.skipped, '/vong-lap/a')).toContain('/vong-lap/b →');
    expect(site.count('/vong-lap/a') + site.count('/vong-lap/b')).toBeLessThanOrEqual(6);
    expect(result.errors).toEqual([]);
  });

  it('skips a chain of more than maxRedirects redirects', async () => {
    const { result } = await crawl(['/xa/0'], { maxRedirects: 3 });
    expect(reasonFor(result.skipped, '/xa/0')).toContain('more than 3 redirects');
    expect(site.count('/xa/4')).toBe(0);
  });

  it('stops reading a 50 MB page at maxPageBytes, skips it and does not retry', async () => {
    const before = process.memoryUsage().rss;
    const { result, pages, ms } = await crawl(['/lon/50mb.html', '/xa-hoi/nuoc-sach-dong-xoai.html'], { maxPageBytes: 2 * 1024 * 1024 });
    expect(pages.map((p) => new URL(p.url).pathname)).toEqual(['/xa-hoi/nuoc-sach-dong-xoai.html']);
    expect(reasonFor(result.skipped, '/lon/50mb.html')).toContain('page larger than the 2097152-byte limit');
    expect(site.count('/lon/50mb.html')).toBe(1);
    expect(result.errors).toEqual([]);
    expect(ms).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('refuses a page whose Content-Length is over the limit before reading it', async () => {
    const { result, pages } = await crawl(['/lon/50mb-khai-bao.html']);
    expect(pages).toHaveLength(0);
    expect(reasonFor(result.skipped, '/lon/50mb-khai-bao.html')).toContain('Content-Length 52428800');
    expect(site.count('/lon/50mb-khai-bao.html')).toBe(1);
  });

  it('fetches no more than maxRequests pages and says so', async () => {
    const { result, pages } = await crawl(['/thoi-su/cao-toc-chon-thanh-bu-dang.html', '/xa-hoi/nuoc-sach-dong-xoai.html', '/kinh-te/gia-cao-su-tang.html'], {}, { maxRequests: 2 });
    expect(pages).toHaveLength(2);
    expect(result.skipped.some((s) => s.includes("the run's limit of 2 requests"))).toBe(true);
  });

  it('feeds a long run to crawlee in rounds: each page once, duplicates across rounds dropped, the limit kept', async () => {
    const paths = ['/thoi-su/cao-toc-chon-thanh-bu-dang.html', '/xa-hoi/nuoc-sach-dong-xoai.html', '/kinh-te/gia-cao-su-tang.html',
      '/the-gioi/hoi-nghi-khi-hau.html', '/cu/tin-1258.html', '/cu/tin-vni.html', '/cu/tin-tcvn3.html'];
    const run = async (maxRequests?: number) => {
      const before = paths.map((p) => site.count(p));
      const fetched: string[] = [];
      const result = await runWebCrawl([{ url: `${site.url}/rss.xml`, label: 'feed' }], {
        sourceId: 'rounds', ctx: memoryCrawlContext(), maxRequests, roundSize: 2,
        handle: async (page, enqueue) => {
          fetched.push(new URL(page.url).pathname);
          if (page.label !== 'feed') return;
          // Each article twice, the second time in a later round; one disallowed by robots.txt.
          const all = [...paths, ...paths, '/noi-bo/bao-cao-noi-bo.html'].map((p) => ({ url: `${site.url}${p}`, label: 'article' }));
          await enqueue(all.slice(0, 5));
          await enqueue(all.slice(5));
        },
      });
      return { result, fetched, requested: paths.map((p, i) => site.count(p) - before[i]!) };
    };
    const full = await run();
    expect(full.fetched).toEqual(['/rss.xml', ...paths]);
    expect(full.requested).toEqual(paths.map(() => 1));
    expect(full.result.skipped).toEqual([`${site.url}/noi-bo/bao-cao-noi-bo.html: disallowed by robots.txt (Disallow: /noi-bo/)`]);
    const limited = await run(4);
    expect(limited.fetched).toEqual(['/rss.xml', ...paths.slice(0, 3)]);
    expect(limited.result.skipped.filter((s) => s.includes("the run's limit of 4 requests"))).toHaveLength(4);
  });
});

describe('bodies', () => {
  it('gunzips a gzip sitemap served as application/gzip', async () => {
    const { result, pages } = await crawl(['/sitemaps/articles.xml.gz']);
    expect(result.errors).toEqual([]);
    expect(pages[0]!.text).toContain('<urlset');
    expect(pages[0]!.bytes.subarray(0, 5).toString()).toBe('<?xml');
  });

  it('reports a truncated gzip as an error for that page only', async () => {
    const { result, pages } = await crawl(['/sitemaps/truncated.xml.gz', '/kinh-te/gia-cao-su-tang.html']);
    expect(reasonFor(result.errors, '/sitemaps/truncated.xml.gz')).toContain('truncated or corrupt gzip');
    expect(pages.map((p) => new URL(p.url).pathname)).toEqual(['/kinh-te/gia-cao-su-tang.html']);
    expect(site.count('/sitemaps/truncated.xml.gz')).toBe(1);
  });

  it('decodes a windows-1258 page served with a wrong charset=iso-8859-1 header', async () => {
    const { pages } = await crawl(['/cu/tin-1258.html']);
    expect(pages[0]!.text).toContain(LEGACY_TEXT);
  });

  it('converts a TCVN3 page and a VNI page to Unicode', async () => {
    const { pages } = await crawl(['/cu/tin-tcvn3.html', '/cu/tin-vni.html']);
    expect(pages).toHaveLength(2);
    for (const p of pages) expect(p.text).toContain(LEGACY_TEXT);
  });

  it('records a page the connector cannot read (a feed of invalid XML) as an error, without refetching it', async () => {
    const { result } = await crawl(['/rss-hong.xml'], {}, { handle: (p) => { parseFeed(p.text); } });
    expect(reasonFor(result.errors, '/rss-hong.xml')).toContain('invalid feed XML');
    expect(site.count('/rss-hong.xml')).toBe(1);
  });

  it('the RSS connector reports a feed of invalid XML as the source\'s error', async () => {
    const ctx = memoryCrawlContext();
    const report = await crawlRss(RssSource.parse({ id: 'hong', name: 'Hỏng', kind: 'rss', url: `${site.url}/rss-hong.xml` }), ctx);
    expect(report.items).toBe(0);
    expect(report.errors.join('\n')).toMatch(/invalid feed XML at line 1/);
  });
});
