// Connector for pages that show their content only after JavaScript runs: crawlee's
// PlaywrightCrawler driving the system's Chromium (Debian's "chromium" package; browsers are
// never downloaded). Same policies as the plain web crawl — our honest user agent, robots.txt —
// plus a screenshot of each article kept as evidence beside its rendered HTML.
//
// A source lists pages. With articleLinkSelector they are listings: links matching it in the
// rendered page are followed to rendered articles not read before. Without it each page is an
// article in itself, stored again only when its text has changed.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { PlaywrightCrawler, Configuration, type PlaywrightCrawlingContext } from '@crawlee/playwright';
import { chromium } from 'playwright';
import type { RenderedSource } from '../config/schema.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { extractArticle } from './article-extract.ts';
import { canonicalUrl } from '../pipeline/canonical-url.ts';
import { evidenceOf, artefactOf } from './evidence.ts';
import { emitItem } from './rss.ts';

type RenderedSourceConfig = z.infer<typeof RenderedSource>;

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
// Longest wait for a selector or for the network to go quiet; a page that never settles is
// read as it is then.
const SETTLE_CAP_MS = 10_000;
// Endless-scroll pages would make screenshots of hundreds of megapixels.
const SCREENSHOT_MAX_HEIGHT = 8000;
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
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'dlxh-chromium-'));

  const settle = async (page: PlaywrightCrawlingContext['page'], selector: string | undefined) => {
    try {
      if (selector) await page.waitForSelector(selector, { timeout: SETTLE_CAP_MS, state: 'attached' });
      else await page.waitForLoadState('networkidle', { timeout: SETTLE_CAP_MS });
      return true;
    } catch {
      return false;
    }
  };

  const crawler = new PlaywrightCrawler({
    launchContext: {
      launcher: chromium,
      userAgent: ctx.userAgent,
      userDataDir,
      ...(ctx.politeness.proxyUrl ? { proxyUrl: ctx.politeness.proxyUrl } : {}),
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    },
    // An honest user agent instead of a generated browser fingerprint (DESIGN §2).
    browserPoolOptions: { useFingerprints: false },
    headless: true,
    // A browser page costs far more than an HTTP fetch on a small machine.
    maxConcurrency: Math.min(ctx.politeness.maxConcurrency, 2),
    maxRequestsPerMinute: ctx.politeness.maxRequestsPerMinute,
    maxRequestRetries: 2,
    navigationTimeoutSecs: ctx.politeness.timeoutSecs,
    requestHandlerTimeoutSecs: ctx.politeness.timeoutSecs * 2 + SETTLE_CAP_MS / 1000,
    respectRobotsTxtFile: { userAgent: ctx.userAgent },
    onSkippedRequest: ({ url, reason }) => ctx.log(`${source.id}: skipped ${url}: ${reason}`),
    useSessionPool: false,
    maxRequestsPerCrawl: source.urls.length + source.maxItemsPerRun,
    preNavigationHooks: [
      async (_context, gotoOptions) => {
        if (gotoOptions) gotoOptions.waitUntil = 'domcontentloaded';
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
          const png = await screenshot(page);
          const shot = await artefactOf(ctx, evidence, png, 'image/png', 'png');
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
    await rm(userDataDir, { recursive: true, force: true });
  }
  return report;
}

/** A full-page PNG, cut at SCREENSHOT_MAX_HEIGHT pixels. */
async function screenshot(page: PlaywrightCrawlingContext['page']): Promise<Buffer> {
  const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
  const viewport = page.viewportSize();
  const width = Math.max(1, Math.min(size.width || viewport?.width || 1280, viewport?.width ?? 1280));
  const height = Math.max(1, Math.min(size.height || 1, SCREENSHOT_MAX_HEIGHT));
  return page.screenshot({ type: 'png', fullPage: true, clip: { x: 0, y: 0, width, height }, timeout: 15_000 });
}
