// Connector for pages that show their content only after JavaScript runs: crawlee's
// PlaywrightCrawler driving the system's Chromium (Debian's "chromium" package; browsers are
// never downloaded). Same policies as the plain web crawl — our honest user agent, robots.txt —
// plus a screenshot of each article kept as evidence beside its rendered HTML.
//
// A source lists pages. With articleLinkSelector they are listings: links matching it in the
// rendered page are followed to rendered articles not read before. Without it each page is an
// article in itself, stored again only when its text has changed.
//
// What a rendered page costs on a 2-core machine, and what is done about it: a browser tab (and
// its renderer process) opened and closed for every page by crawlee, so tabs are kept and reused;
// one page at a time whenever the machine looks busy, so several are kept in flight; fonts, media, ads
// and trackers are never fetched (the article's text, layout and photos are what a reviewer needs);
// the screenshot is a JPEG of the page down to the end of the article, not a full-page PNG; and
// the browser talks to the network directly, not through the local proxy crawlee would put
// between them in this process.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { PlaywrightCrawler, Configuration, RequestState, type PlaywrightCrawlerOptions, type PlaywrightCrawlingContext } from '@crawlee/playwright';
import { chromium } from 'playwright';
import type { RenderedSource } from '../config/schema.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { extractArticle } from './article-extract.ts';
import { canonicalUrl } from '../pipeline/canonical-url.ts';
import { evidenceOf, artefactOf } from './evidence.ts';
import { emitItem } from './rss.ts';
import { hostKey, waitForHost } from './host-gate.ts';

type RenderedSourceConfig = z.infer<typeof RenderedSource>;

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
// Longest wait for a selector or for the network to go quiet; a page that never settles is
// read as it is then.
const SETTLE_CAP_MS = 10_000;
// Endless-scroll pages would make screenshots of hundreds of megapixels.
const SCREENSHOT_MAX_HEIGHT = 8000;
// Text stays legible at this quality, at about half the bytes and time of a PNG.
const SCREENSHOT_JPEG_QUALITY = 70;
// Each page is a renderer process of its own: on 2 cores more than this only queues for the CPU.
export const MAX_PAGES_AT_ONCE = 4;
// A tab is closed after this many pages, so that whatever a site leaks stays bounded.
const PAGES_PER_TAB = 50;
/**
 * Requests a rendered page never makes (Chromium's URL patterns, '*' any run of characters, case
 * sensitive): web fonts (the system's DejaVu and Liberation fonts cover Vietnamese), audio and
 * video, embedded players, and the usual ad, analytics and social-widget hosts. Style sheets,
 * scripts, images and the site's own API calls still load, so the screenshot shows the page.
 */
export const NEEDLESS_REQUESTS: readonly string[] = [
  ...['woff2', 'woff', 'ttf', 'otf', 'eot'].map((ext) => `*.${ext}*`),
  ...['mp4', 'MP4', 'webm', 'm4v', 'mov', 'm3u8', 'mpd', 'mp3', 'MP3', 'm4a', 'aac', 'ogg', 'oga', 'wav', 'flac'].map((ext) => `*.${ext}*`),
  '*/favicon.ico',
  ...['youtube.com/embed/', 'youtube-nocookie.com/embed/', 'player.vimeo.com/', 'fb.watch/', 'tiktok.com/embed'].map((p) => `*${p}*`),
  ...['googletagmanager.com', 'google-analytics.com', 'analytics.google.com', 'doubleclick.net', 'googlesyndication.com', 'googleadservices.com',
    'adservice.google.com', 'connect.facebook.net', 'facebook.com/tr', 'platform.twitter.com', 'platform.x.com', 'static.ads-twitter.com',
    'scorecardresearch.com', 'hotjar.com', 'clarity.ms', 'mc.yandex.ru', 'criteo.com', 'criteo.net', 'taboola.com', 'outbrain.com', 'dable.io',
    'admicro.vn', 'vcmedia.vn/ads', 'eclick.vn', 'adtima.vn', 'ants.vn', 'novanet.vn', 'sp.zalo.me', 'widget.zalo.me'].map((h) => `*://*${h}*`),
];
// Keeps Chromium from calling home (updates, sync, field trials) from a closed network.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** The Chromium to drive: DLXH_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DLXH_CHROMIUM?.trim() || DEFAULT_CHROMIUM;
}

/** The Chromium path, or an error that says how to install it. */
export function requireChromium(env: NodeJS.ProcessEnv = process.env): string {
  const executable = chromiumPath(env);
  if (!existsSync(executable)) {
    throw new Error(`sources of kind "rendered" need Chromium, and ${executable} does not exist: install the Debian package "chromium" ` +
      `(apt-get install chromium) or set DLXH_CHROMIUM to the path of a Chromium executable`);
  }
  return executable;
}

export async function crawlRendered(source: RenderedSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'rendered' as const, platform: 'web', name: source.name };
  const executablePath = requireChromium();
  const listing = Boolean(source.articleLinkSelector);
  let queued = 0;
  const pagesAtOnce = Math.max(1, Math.min(ctx.politeness.maxConcurrency, MAX_PAGES_AT_ONCE));

  const settle = async (page: Page, selector: string | undefined) => {
    try {
      if (selector) await page.waitForSelector(selector, { timeout: SETTLE_CAP_MS, state: 'attached' });
      else await page.waitForLoadState('networkidle', { timeout: SETTLE_CAP_MS });
      return true;
    } catch {
      return false;
    }
  };

  const crawler = new TabReusingCrawler({
    launchContext: {
      launcher: chromium,
      userAgent: ctx.userAgent,
      // No userDataDir: each browser gets a temporary profile of its own. A fixed one made the
      // browser crawlee starts after 100 pages (to retire the first) fail on the profile lock.
      ...(ctx.politeness.proxyUrl ? { proxyUrl: ctx.politeness.proxyUrl } : {}),
      launchOptions: {
        executablePath, headless: true, args: CHROMIUM_ARGS,
        // crawlee points Chromium at a proxy inside this process (for per-context proxies, unused
        // here), which then carries every request of every page through our event loop. Without
        // a proxy of our own, all hosts bypass it. With one, crawlee replaces this entirely.
        ...(ctx.politeness.proxyUrl ? {} : { proxy: { server: 'http://127.0.0.1:9', bypass: '*,<loopback>' } }),
      },
    },
    // An honest user agent instead of a generated browser fingerprint (DESIGN §2).
    browserPoolOptions: { useFingerprints: false },
    headless: true,
    // A browser page costs far more than an HTTP fetch on a small machine. crawlee would start at
    // one page and add one every few seconds at best, so a run of a few dozen pages never reached
    // the limit; the pool still backs off when the machine is overloaded.
    maxConcurrency: pagesAtOnce,
    // A fixed number of pages: the pool measures the whole machine's CPU, and on a shared machine
    // it dropped to one page at a time and left the CPU idle while that page waited on the
    // network. MAX_PAGES_AT_ONCE already bounds what the browser can take.
    autoscaledPoolOptions: { desiredConcurrency: pagesAtOnce, minConcurrency: pagesAtOnce },
    maxRequestsPerMinute: ctx.politeness.maxRequestsPerMinute,
    maxRequestRetries: 2,
    navigationTimeoutSecs: ctx.politeness.timeoutSecs,
    requestHandlerTimeoutSecs: ctx.politeness.timeoutSecs * 2 + SETTLE_CAP_MS / 1000,
    respectRobotsTxtFile: { userAgent: ctx.userAgent },
    onSkippedRequest: ({ url, reason }) => ctx.log(`${source.id}: skipped ${url}: ${reason}`),
    useSessionPool: false,
    maxRequestsPerCrawl: source.urls.length + source.maxItemsPerRun,
    preNavigationHooks: [
      async ({ page, request }, gotoOptions) => {
        if (gotoOptions) gotoOptions.waitUntil = 'domcontentloaded';
        await blockNeedlessRequests(page);
        // Several pages in flight still open one host's pages no closer together than this.
        await waitForHost(hostKey(request.url), ctx.politeness.perHostDelayMs);
      },
    ],
    requestHandler: async ({ request, page, response, addRequests }) => {
      const status = response?.status() ?? 0;
      if (status >= 400) {
        report.errors.push(`${request.url}: HTTP ${status}`);
        return;
      }
      const finalUrl = page.url() || request.url;

      if (request.label === 'list') {
        if (!(await settle(page, source.articleLinkSelector))) {
          report.errors.push(`${request.url}: no element matched articleLinkSelector "${source.articleLinkSelector}" within ${SETTLE_CAP_MS / 1000} s`);
          return;
        }
        const hrefs = await page.$$eval(source.articleLinkSelector ?? 'a', (elements) => elements.map((e) => {
          const a = e.closest('a') ?? e.querySelector('a');
          return a ? a.href : '';
        }));
        const fresh: string[] = [];
        for (const href of hrefs) {
          let url: string;
          try {
            url = new URL(href, finalUrl).toString();
          } catch {
            continue;
          }
          if (!/^https?:/.test(url)) continue;
          const key = canonicalUrl(url) ?? url;
          if (fresh.includes(key) || ctx.state.seen(source.id, key)) continue;
          if (queued >= source.maxItemsPerRun) break;
          fresh.push(key);
          queued++;
        }
        await addRequests(fresh.map((url) => ({ url, label: 'article' })));
        return;
      }

      await settle(page, source.waitForSelector);
      const html = await page.content();
      const article = extractArticle({ url: finalUrl, html, selectors: source.selectors });
      const title = article.title ?? ((await page.title()) || null);
      if (!listing) {
        // A page read for itself is stored again only when its text has changed.
        const key = `${canonicalUrl(finalUrl) ?? finalUrl}#${createHash('sha256').update(article.text).digest('hex').slice(0, 32)}`;
        if (ctx.state.seen(source.id, key)) return;
        ctx.state.markSeen(source.id, [key]);
      }
      const evidence = await evidenceOf(ctx, Buffer.from(html, 'utf8'), 'text/html; charset=utf-8');
      if (source.screenshot) {
        try {
          const jpeg = await screenshot(page, source.waitForSelector);
          const shot = await artefactOf(ctx, evidence, jpeg, 'image/jpeg', 'jpg');
          if (shot.path) ctx.log(`${source.id}: screenshot of ${finalUrl} kept as ${shot.path}`);
        } catch (err) {
          ctx.log(`${source.id}: no screenshot of ${finalUrl}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
      await emitItem(ctx, report, source.id, {
        source: sourceRef,
        kind: 'article',
        url: finalUrl,
        title,
        text: article.text,
        publishedAt: article.publishedAt,
        authorName: article.authors[0] ?? null,
        collectedAt: new Date().toISOString(),
        evidence,
      });
    },
    failedRequestHandler: ({ request }, error) => {
      report.errors.push(`${request.url}: ${error.message.split('\n')[0]}`);
    },
  }, new Configuration({ persistStorage: false, purgeOnStart: true }));

  try {
    // Each run is a fresh request queue: the listings must be read again every time.
    const stamp = Date.now();
    await crawler.run(source.urls.map((url) => ({ url, label: listing ? 'list' : 'page', uniqueKey: `${url}:${stamp}` })));
  } finally {
    await crawler.teardown();
  }
  return report;
}

type Page = PlaywrightCrawlingContext['page'];

/**
 * PlaywrightCrawler that hands a finished page's tab to the next request instead of closing it.
 * A tab costs a renderer process and half of the CPU a rendered page takes; the next page's
 * navigation replaces the document, its scripts and timers, as a fresh tab would.
 */
class TabReusingCrawler extends PlaywrightCrawler {
  idleTabs: Page[] = [];
  tabUses = new WeakMap<Page, number>();

  constructor(options: PlaywrightCrawlerOptions, config: Configuration) {
    super(options, config);
    const pool = this.browserPool;
    const open = pool.newPage.bind(pool);
    pool.newPage = (async (pageOptions) => {
      for (let tab = this.idleTabs.pop(); tab; tab = this.idleTabs.pop()) if (!tab.isClosed()) return tab;
      return open(pageOptions);
    }) as typeof pool.newPage;
  }

  protected override async _cleanupContext(context: PlaywrightCrawlingContext): Promise<void> {
    const { page, request } = context;
    const uses = (this.tabUses.get(page) ?? 0) + 1;
    this.tabUses.set(page, uses);
    // A page that failed may be stuck mid-navigation or crashed: its tab is not trusted again.
    if (page && !page.isClosed() && request.state === RequestState.DONE && uses < PAGES_PER_TAB) {
      // crawlee adds one of these for every page it is given.
      page.removeAllListeners('download');
      this.idleTabs.push(page);
      return;
    }
    await super._cleanupContext(context);
  }
}

const blocking = new WeakSet<Page>();

/** Keeps the page from fetching NEEDLESS_REQUESTS (in Chromium, without intercepting the rest). */
async function blockNeedlessRequests(page: Page): Promise<void> {
  // Set once per tab: it lasts across the tab's navigations.
  if (blocking.has(page)) return;
  blocking.add(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBlockedURLs', { urls: [...NEEDLESS_REQUESTS] });
}

/**
 * A JPEG of the page from its top (the site's masthead) down to the end of the article: the
 * elements matching waitForSelector and the article around them, else the first <article>, else
 * the whole page; at least one screen, at most SCREENSHOT_MAX_HEIGHT pixels.
 */
async function screenshot(page: Page, selector: string | undefined): Promise<Buffer> {
  const size = await page.evaluate((sel) => {
    const bottomOf = (e: Element) => e.getBoundingClientRect().bottom + window.scrollY;
    let bottom = 0;
    let matched: Element[] = [];
    try {
      matched = sel ? [...document.querySelectorAll(sel)].slice(0, 500) : [];
    } catch {
      // An invalid selector already failed the wait; measure the page as if there were none.
    }
    for (const e of matched) bottom = Math.max(bottom, bottomOf(e), bottomOf(e.closest('article') ?? e));
    if (!bottom) {
      const article = document.querySelector('article, [itemprop="articleBody"]');
      if (article) bottom = bottomOf(article);
    }
    return { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, bottom };
  }, selector);
  const viewport = page.viewportSize();
  const screen = viewport?.height ?? 720;
  const width = Math.max(1, Math.min(size.width || viewport?.width || 1280, viewport?.width ?? 1280));
  // A little below the article's last line, so that it is visibly not cut off.
  const wanted = size.bottom > 0 ? Math.max(screen, Math.ceil(size.bottom) + 48) : size.height;
  const height = Math.max(1, Math.min(wanted, size.height || 1, SCREENSHOT_MAX_HEIGHT));
  return page.screenshot({ type: 'jpeg', quality: SCREENSHOT_JPEG_QUALITY, fullPage: true, clip: { x: 0, y: 0, width, height }, timeout: 15_000 });
}
