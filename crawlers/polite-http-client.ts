// The HTTP client our crawls use (crawlee's httpClient extension point around got-scraping):
// an honest user agent, limits that skip a page instead of filling memory (Content-Length, and a
// body that keeps growing past the limit is cut off), redirect loops named as such, and the
// host-wide reactions to 429/5xx (Retry-After, back-off) recorded in the host gate.
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import { GotScrapingHttpClient, NonRetryableError, type BaseHttpClient, type HttpRequest, type RedirectHandler, type StreamingHttpResponse } from '@crawlee/http';
import { closeHost, hostFailed, hostKey, hostRecovered, holdHost, parseRetryAfter } from './host-gate.ts';

/** A page we decided not to fetch or keep, with the reason; never retried. */
export class PageSkipped extends NonRetryableError {
  constructor(reason: string) {
    super(reason);
    this.name = 'PageSkipped';
  }
}

/** Longest Retry-After we wait for; a longer one skips the host's pages for that long. */
export const MAX_RETRY_AFTER_SECS = 300;

export type PoliteClientOptions = {
  userAgent: string;
  maxPageBytes: number;
  maxRedirects: number;
  timeoutSecs: number;
};

export function honestHeaders(userAgent: string): Record<string, string> {
  return { 'user-agent': userAgent, accept: '*/*', 'accept-language': 'vi,en;q=0.5' };
}

/** Passes bytes through until there are more than `limit` of them, then fails the stream. */
function byteLimit(limit: number, url: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(new PageSkipped(`page larger than the ${limit}-byte limit (stopped reading ${url} after ${seen} bytes)`));
      else done(null, chunk);
    },
  });
}

function describeRedirects(chain: string[], max: number): string {
  const repeated = chain.find((u, i) => chain.indexOf(u) !== i);
  if (repeated) {
    const from = chain.indexOf(repeated);
    return `redirect loop: ${chain.slice(from, chain.indexOf(repeated, from + 1) + 1).join(' → ')}`;
  }
  return `more than ${max} redirects (${chain.slice(0, 3).join(' → ')} → …)`;
}

export function createPoliteHttpClient(options: PoliteClientOptions): BaseHttpClient {
  const inner = new GotScrapingHttpClient();
  const headers = honestHeaders(options.userAgent);

  return {
    sendRequest: async (request) => inner.sendRequest({ ...request, useHeaderGenerator: false, headers: { ...headers, ...request.headers } }),

    async stream(request: HttpRequest, onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
      const chain = [String(request.url)];
      let response: StreamingHttpResponse;
      try {
        response = await inner.stream({
          ...request,
          // A generated browser fingerprint would hide who we are (DESIGN §2).
          useHeaderGenerator: false,
          headers: { ...headers, ...request.headers },
          maxRedirects: options.maxRedirects,
          timeout: { request: options.timeoutSecs * 1000 },
        }, (redirectResponse, updated) => {
          chain.push(String(updated.url ?? ''));
          onRedirect?.(redirectResponse, updated);
        });
      } catch (err) {
        if ((err as Error).name === 'MaxRedirectsError') throw new PageSkipped(describeRedirects(chain, options.maxRedirects));
        throw err;
      }

      const status = response.statusCode;
      const host = hostKey(response.url || String(request.url));
      if (status === 429 || status >= 500) {
        response.stream.destroy();
        const wait = status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after']) : null;
        if (wait !== null && wait > MAX_RETRY_AFTER_SECS * 1000) {
          const secs = Math.round(wait / 1000);
          const reason = `HTTP ${status} asks us to wait ${secs} s (Retry-After), longer than the ${MAX_RETRY_AFTER_SECS} s we wait; the host is left alone until then`;
          closeHost(host, Date.now() + wait, reason);
          throw new PageSkipped(reason);
        }
        if (wait !== null) {
          holdHost(host, wait);
          throw new Error(`HTTP ${status}, Retry-After ${Math.round(wait / 1000)} s: the host waits, then the page is retried`);
        }
        const backoff = hostFailed(host);
        throw new Error(`HTTP ${status}: backing off ${backoff} ms before the retry`);
      }
      hostRecovered(host);

      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxPageBytes) {
        response.stream.destroy();
        throw new PageSkipped(`page larger than the ${options.maxPageBytes}-byte limit (Content-Length ${declared})`);
      }
      const limited = byteLimit(options.maxPageBytes, response.url);
      // pipeline() destroys the socket when the limit fails the body, so the rest is never downloaded.
      pipeline(response.stream, limited, () => undefined);
      response.stream = limited;
      return response;
    },
  };
}
