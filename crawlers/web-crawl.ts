// The small base every web connector (RSS, sitemaps, HTML listings, forums, previews) runs on:
// crawlee's HttpCrawler with our policies — an honest user agent, robots.txt, conditional GET,
// charset detection (legacy Vietnamese encodings included), limits, and errors collected per
// source instead of crashing the crawl. Connectors only say what to do with a fetched page.
import { HttpCrawler, Configuration, type HttpCrawlingContext } from '@crawlee/http';
import type { CrawlContext } from './crawl-context.ts';
import { decodeBody } from './charset.ts';

export type FetchedPage = {
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  label: string;
  userData: Record<string, unknown>;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  bytes: Buffer;
  /** The body decoded to Unicode NFC (header, BOM, <meta>, legacy encodings). */
  text: string;
  notModified: boolean;
};

export type PageRequest = { url: string; label: string; userData?: Record<string, unknown>; uniqueKey?: string };

export type WebCrawlResult = { errors: string[]; skipped: string[]; pages: number };

export type WebCrawlOptions = {
  sourceId: string;
  ctx: CrawlContext;
  /** Labels whose requests carry If-None-Match / If-Modified-Since from the last run (feeds, sitemaps). */
  conditionalLabels?: string[];
  maxRequests?: number;
  handle: (page: FetchedPage, enqueue: (requests: PageRequest[]) => Promise<void>) => Promise<void>;
};

export const XML_MIME_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/xml', 'text/xml', 'application/x-gzip', 'application/gzip', 'application/octet-stream', 'text/plain', 'application/json'];

export async function runWebCrawl(start: PageRequest[], options: WebCrawlOptions): Promise<WebCrawlResult> {
  const { ctx, sourceId } = options;
  const result: WebCrawlResult = { errors: [], skipped: [], pages: 0 };
  const conditional = new Set(options.conditionalLabels ?? []);

  const crawler = new HttpCrawler({
    maxConcurrency: ctx.politeness.maxConcurrency,
    maxRequestsPerMinute: ctx.politeness.maxRequestsPerMinute,
    maxRequestRetries: 3,
    navigationTimeoutSecs: ctx.politeness.timeoutSecs,
    requestHandlerTimeoutSecs: ctx.politeness.timeoutSecs * 2,
    respectRobotsTxtFile: { userAgent: ctx.userAgent },
    onSkippedRequest: ({ url, reason }) => { result.skipped.push(`${url}: ${reason}`); },
    useSessionPool: false,
    additionalMimeTypes: XML_MIME_TYPES,
    maxRequestsPerCrawl: options.maxRequests,
    preNavigationHooks: [
      ({ request }, gotOptions) => {
        // An honest user agent instead of a generated browser fingerprint (DESIGN §2).
        (gotOptions as { useHeaderGenerator?: boolean }).useHeaderGenerator = false;
        const headers: Record<string, string> = { 'user-agent': ctx.userAgent, accept: '*/*', 'accept-language': 'vi,en;q=0.5' };
        if (conditional.has(request.label ?? '')) {
          const v = ctx.state.validators(sourceId, request.url);
          if (v.etag) headers['if-none-match'] = v.etag;
          if (v.lastModified) headers['if-modified-since'] = v.lastModified;
        }
        gotOptions.headers = { ...gotOptions.headers, ...headers };
        gotOptions.maxRedirects = 5;
      },
    ],
    ignoreHttpErrorStatusCodes: [304],
    requestHandler: async ({ request, response, body, addRequests }: HttpCrawlingContext) => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      const contentType = String(response.headers['content-type'] ?? '');
      const status = response.statusCode ?? 0;
      const label = request.label ?? '';
      if (status >= 400) {
        result.errors.push(`${request.url}: HTTP ${status}`);
        return;
      }
      const notModified = status === 304;
      if (conditional.has(label) && !notModified) {
        ctx.state.setValidators(sourceId, request.url, {
          etag: (response.headers.etag as string | undefined) ?? null,
          lastModified: (response.headers['last-modified'] as string | undefined) ?? null,
        });
      }
      result.pages++;
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
      }, async (requests) => {
        await addRequests(requests.map((r) => ({ url: r.url, label: r.label, userData: r.userData ?? {}, uniqueKey: r.uniqueKey })));
      });
    },
    failedRequestHandler: ({ request }, error) => {
      result.errors.push(`${request.url}: ${error.message.split('\n')[0]}`);
    },
  }, new Configuration({ persistStorage: false, purgeOnStart: true }));

  // Each run is a fresh request queue: a start URL fetched last run must be fetched again now.
  const stamp = Date.now();
  await crawler.run(start.map((r) => ({ url: r.url, label: r.label, userData: r.userData ?? {}, uniqueKey: r.uniqueKey ?? `${r.label}:${r.url}:${stamp}` })));
  await crawler.teardown();
  return result;
}
