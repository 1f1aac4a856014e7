// The small base every web connector (RSS, sitemaps, HTML listings, forums, previews) runs on:
// crawlee's HttpCrawler with our policies — an honest user agent, robots.txt (cached per host),
// per-host spacing, Retry-After and back-off, conditional GET, limits (page size, redirects,
// time, requests per run), gzip'd files, charset detection (legacy Vietnamese encodings
// included), an optional proxy, and failures collected per source instead of crashing the crawl.
// Connectors only say what to do with a fetched page.
//
// What happens to a page that is not handled:
// - skipped (with the reason, never retried): robots.txt disallows it, it is larger than
//   maxPageBytes, it redirects in a loop or more than maxRedirects times, the host asked us to
//   wait longer than MAX_RETRY_AFTER_SECS, an unsupported content type, the run's request limit;
// - retried, then an error: 429/503 (after the Retry-After wait), other 5xx (after an exponential
//   back-off of the whole host), timeouts and network errors;
// - an error at once: other HTTP errors (404, 410…), a truncated or corrupt gzip file, a page
//   the connector could not process (an invalid feed…): fetching it again would not help.
import { gunzipSync } from 'node:zlib';
import { HttpCrawler, Configuration, LocalEventManager, ProxyConfiguration, Request, type HttpCrawlingContext, type HttpCrawlerOptions } from '@crawlee/http';
import type { CrawlContext } from './crawl-context.ts';
import { decodeBody } from './charset.ts';
import { createPoliteHttpClient, PageSkipped, MAX_RETRY_AFTER_SECS } from './polite-http-client.ts';
import { hostClosed, hostKey, waitForHost } from './host-gate.ts';
import { robotsRulesFor, robotsCrawlDelayMs } from './robots-cache.ts';

export { MAX_RETRY_AFTER_SECS };

export type FetchedPage = {
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  label: string;
  userData: Record<string, unknown>;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  /** The body as served; a gzip'd file (sitemap.xml.gz) is already gunzipped. */
  bytes: Buffer;
  /** The body decoded to Unicode NFC (header, BOM, <meta>, legacy encodings). */
  text: string;
  notModified: boolean;
};

export type PageRequest = { url: string; label: string; userData?: Record<string, unknown>; uniqueKey?: string };

/** errors and skipped read "<url>: <reason>". */
export type WebCrawlResult = { errors: string[]; skipped: string[]; pages: number };

export type WebCrawlOptions = {
  sourceId: string;
  ctx: CrawlContext;
  /** Labels whose requests carry If-None-Match / If-Modified-Since from the last run (feeds, sitemaps). */
  conditionalLabels?: string[];
  /** Requests per run (items per run plus the listing pages). */
  maxRequests?: number;
  /** Requests handed to crawlee at a time (default ROUND_SIZE; tests make it small). */
  roundSize?: number;
  handle: (page: FetchedPage, enqueue: (requests: PageRequest[]) => Promise<void>) => Promise<void>;
};

export const XML_MIME_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/xml', 'text/xml', 'application/x-gzip', 'application/gzip', 'application/octet-stream', 'text/plain', 'application/json'];

/** Retries after the first attempt, for transient failures (429, 5xx, timeouts). */
export const MAX_RETRIES = 3;

/**
 * Requests handed to crawlee at a time. Its in-memory request queue keeps every request it was
 * given until the crawler ends, and walks past all the handled ones each time it looks for the
 * next (crawlee 3.18): one queue for a 100,000-page run keeps growing and slows down. The run is
 * fed in rounds of this size, each on a fresh queue, from a plain list of what is left.
 */
export const ROUND_SIZE = 1000;

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

// crawlee asks this for every URL it enqueues and fetches: our cache, fetched politely, whose
// decisions name the rule. isAllowed() is all crawlee calls on it.
type RobotsFileLike = { isAllowed(url: string): boolean };

type MemoryInfo = { totalBytes: number; freeBytes: number; usedBytes: number; mainProcessBytes: number; childProcessesBytes: number };
type MemoryProbe = { getMemoryInfo(): Promise<MemoryInfo> };
let memoryTotals: Promise<MemoryInfo> | undefined;

/**
 * crawlee's event manager, measuring memory without a child process. crawlee's own asks `ps` for
 * the whole process tree every second (a process spawned per second of crawl, from the crawl's
 * thread); an HTTP crawl has no child processes, so this process's resident size is the same
 * figure. The machine's (or container's) totals are crawlee's own, read once per process; the
 * CPU figure and the autoscaling that reads both are crawlee's, unchanged. getMemoryInfo() is
 * private in crawlee's typings: when it is not there (another version), crawlee's is kept.
 */
function leanEventManager(config: Configuration): LocalEventManager {
  const manager = new LocalEventManager(config);
  const probe = manager as unknown as MemoryProbe;
  if (typeof probe.getMemoryInfo !== 'function') return manager;
  const crawleeProbe = probe.getMemoryInfo.bind(manager);
  probe.getMemoryInfo = async () => {
    memoryTotals ??= crawleeProbe();
    return { ...(await memoryTotals), mainProcessBytes: process.memoryUsage.rss(), childProcessesBytes: 0 };
  };
  return manager;
}

class PoliteHttpCrawler extends HttpCrawler<HttpCrawlingContext> {
  robotsFor: ((url: string) => Promise<RobotsFileLike>) | null = null;

  protected override async getRobotsTxtFileForUrl(url: string) {
    // The declared type is crawlee's RobotsTxtFile class; only isAllowed() is used on it.
    return (this.robotsFor ? await this.robotsFor(url) : undefined) as never;
  }
}

export async function runWebCrawl(start: PageRequest[], options: WebCrawlOptions): Promise<WebCrawlResult> {
  const { ctx, sourceId } = options;
  const p = ctx.politeness;
  const result: WebCrawlResult = { errors: [], skipped: [], pages: 0 };
  const conditional = new Set(options.conditionalLabels ?? []);
  const robotsReasons = new Map<string, string>();
  const httpClient = createPoliteHttpClient({ userAgent: ctx.userAgent, maxPageBytes: p.maxPageBytes, maxRedirects: p.maxRedirects, timeoutSecs: p.timeoutSecs });
  const robotsFetch = { userAgent: ctx.userAgent, httpClient, proxyUrl: p.proxyUrl, perHostDelayMs: p.perHostDelayMs };
  const firstLine = (e: Error) => e.message.split('\n')[0] ?? '';

  const skip = (url: string, reason: string) => {
    const why = reason === 'robotsTxt' ? (robotsReasons.get(url) ?? 'disallowed by robots.txt')
      : reason === 'limit' ? `not fetched: the run's limit of ${options.maxRequests} requests was reached`
        : reason;
    result.skipped.push(`${url}: ${why}`);
  };

  const crawlerOptions: HttpCrawlerOptions = {
    httpClient,
    maxConcurrency: p.maxConcurrency,
    // Start at the configured concurrency: crawlee would start at 1 and add one more every 10 s
    // at best, so a run of a few minutes never reached it. The pool still backs off when the
    // machine is overloaded, and the host gate keeps the per-host spacing whatever the concurrency.
    autoscaledPoolOptions: { desiredConcurrency: p.maxConcurrency },
    maxRequestsPerMinute: p.maxRequestsPerMinute,
    maxRequestRetries: MAX_RETRIES,
    navigationTimeoutSecs: p.timeoutSecs,
    // Includes the time a request may wait for its host (Retry-After, back-off).
    requestHandlerTimeoutSecs: p.timeoutSecs * 2 + MAX_RETRY_AFTER_SECS + 60,
    respectRobotsTxtFile: { userAgent: ctx.userAgent },
    onSkippedRequest: ({ url, reason }) => skip(url, reason),
    useSessionPool: false,
    additionalMimeTypes: XML_MIME_TYPES,
    // Keep the bytes as served: charset.ts decides the charset (servers' headers often lie).
    forceResponseEncoding: 'latin1',
    ...(p.proxyUrl ? { proxyConfiguration: new ProxyConfiguration({ proxyUrls: [p.proxyUrl] }) } : {}),
    preNavigationHooks: [
      async ({ request }, gotOptions) => {
        const host = hostKey(request.url);
        const closed = hostClosed(host);
        if (closed) throw new PageSkipped(closed);
        await waitForHost(host, Math.max(p.perHostDelayMs, robotsCrawlDelayMs(request.url)));
        (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
        const headers: Record<string, string> = {};
        if (conditional.has(request.label ?? '')) {
          const v = ctx.state.validators(sourceId, request.url);
          if (v.etag) headers['if-none-match'] = v.etag;
          if (v.lastModified) headers['if-modified-since'] = v.lastModified;
        }
        gotOptions.headers = { ...gotOptions.headers, ...headers };
        gotOptions.maxRedirects = p.maxRedirects;
      },
    ],
    ignoreHttpErrorStatusCodes: [304],
    requestHandler: async ({ request, response, body }: HttpCrawlingContext) => {
      const raw = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
      const contentType = String(response.headers['content-type'] ?? '');
      const status = response.statusCode ?? 0;
      const label = request.label ?? '';
      if (status >= 400) {
        result.errors.push(`${request.url}: HTTP ${status}`);
        return;
      }
      let bytes = raw;
      if (isGzip(raw)) {
        try {
          bytes = gunzipSync(raw, { maxOutputLength: p.maxPageBytes });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') result.skipped.push(`${request.url}: page larger than the ${p.maxPageBytes}-byte limit once gunzipped`);
          else result.errors.push(`${request.url}: truncated or corrupt gzip (${firstLine(err as Error)})`);
          return;
        }
      }
      const notModified = status === 304;
      if (conditional.has(label) && !notModified) {
        ctx.state.setValidators(sourceId, request.url, {
          etag: (response.headers.etag as string | undefined) ?? null,
          lastModified: (response.headers['last-modified'] as string | undefined) ?? null,
        });
      }
      result.pages++;
      try {
        await options.handle({
          url: request.url,
          finalUrl: request.loadedUrl ?? request.url,
          label,
          userData: request.userData as Record<string, unknown>,
          status,
          headers: response.headers,
          contentType,
          bytes,
          text: notModified ? '' : decodeBody(bytes, contentType).text,
          notModified,
        }, admit);
      } catch (err) {
        // The page arrived; the connector could not use it. Fetching it again would not help.
        result.errors.push(`${request.url}: ${firstLine(err as Error)}`);
      }
    },
    failedRequestHandler: ({ request }, error) => {
      const reason = firstLine(error);
      if (error instanceof PageSkipped || /served Content-Type/.test(reason)) result.skipped.push(`${request.url}: ${reason}`);
      else result.errors.push(`${request.url}: ${reason}${request.retryCount ? ` (after ${request.retryCount} retries)` : ''}`);
    },
  };

  const robotsFor = async (url: string): Promise<RobotsFileLike> => {
    const rules = await robotsRulesFor(url, robotsFetch);
    return {
      isAllowed: (u: string) => {
        const d = rules.decide(u);
        if (!d.allowed) robotsReasons.set(u, `disallowed by robots.txt (${d.rule})`);
        return d.allowed;
      },
    };
  };

  // What is left to fetch, in order, and every request taken in this run (once each, as crawlee
  // would within one queue). robots.txt, then the run's limit, are applied as a request comes in,
  // as crawlee does when requests are added.
  let pending: PageRequest[] = [];
  const taken = new Set<string>();
  let admitted = 0;
  async function admit(requests: PageRequest[]): Promise<void> {
    for (const r of requests) {
      // What new Request({ url }).uniqueKey would be, without building (and validating) a Request.
      const uniqueKey = r.uniqueKey ?? Request.computeUniqueKey({ url: r.url, method: 'GET' });
      if (taken.has(uniqueKey)) continue;
      taken.add(uniqueKey);
      if (!(await robotsFor(r.url)).isAllowed(r.url)) {
        skip(r.url, 'robotsTxt');
        continue;
      }
      if (options.maxRequests !== undefined && admitted >= options.maxRequests) {
        skip(r.url, 'limit');
        continue;
      }
      admitted++;
      pending.push({ url: r.url, label: r.label, userData: r.userData ?? {}, uniqueKey });
    }
  }

  // Each run is a fresh request queue: a start URL fetched last run must be fetched again now.
  const stamp = Date.now();
  await admit(start.map((r) => ({ ...r, uniqueKey: r.uniqueKey ?? `${r.label}:${r.url}:${stamp}` })));
  while (pending.length > 0) {
    const round = pending.slice(0, options.roundSize ?? ROUND_SIZE);
    pending = pending.slice(round.length);
    const config = new Configuration({ persistStorage: false, purgeOnStart: true });
    config.useEventManager(leanEventManager(config));
    const crawler = new PoliteHttpCrawler(crawlerOptions, config);
    crawler.robotsFor = robotsFor;
    await crawler.run(round.map((r) => ({ url: r.url, label: r.label, userData: r.userData ?? {}, uniqueKey: r.uniqueKey })));
    await crawler.teardown();
  }
  return result;
}
