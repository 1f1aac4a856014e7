// JSON GET for the official APIs (YouTube Data API, Facebook Graph API): our user agent, a
// timeout, back-off on rate limits and server errors (Retry-After honoured), the source's proxy
// when it has one, and the raw payload kept as evidence by its SHA-256. Requests go through
// crawlee's got-scraping client with our own headers, never a generated browser fingerprint.
// Keys and tokens travel in the query string, so every URL and message that can reach a log
// goes through redact() first.
import { GotScrapingHttpClient } from '@crawlee/http';
import type { CrawlContext } from './crawl-context.ts';
import { evidenceOf, type Evidence } from './evidence.ts';

export type ApiResponse =
  | { ok: true; status: number; data: unknown; evidence: Evidence }
  | { ok: false; status: number; data: unknown; message: string };

export type ApiClientOptions = {
  ctx: Pick<CrawlContext, 'userAgent' | 'politeness' | 'evidenceDir' | 'log'>;
  /** Values never to show in a log or an error (API keys, access tokens). */
  secrets: string[];
  /** Retries after the first attempt (429, 5xx, network errors, and what isRateLimited says). */
  maxRetries?: number;
  /** First back-off step; doubles on each retry. */
  baseDelayMs?: number;
  /** A wait longer than this (e.g. "Retry-After: 3600") gives up instead of blocking the crawl. */
  maxDelayMs?: number;
  /** APIs that report rate limits with 4xx bodies (Graph API codes 4, 17, 32, 613) say so here. */
  isRateLimited?: (status: number, data: unknown) => boolean;
};

export type ApiClient = {
  getJson(url: string): Promise<ApiResponse>;
  /** The URL or message with the client's secrets and well-known secret parameters masked. */
  redact(text: string): string;
};

const SECRET_PARAMS = /([?&](?:key|access_token|appsecret_proof|client_secret)=)[^&#\s"]*/gi;

export function redactSecrets(text: string, secrets: string[]): string {
  let out = text.replace(SECRET_PARAMS, '$1***');
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join('***').split(encodeURIComponent(s)).join('***');
  }
  return out;
}

/** Seconds or an HTTP date → milliseconds to wait; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d{1,7}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return null;
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { ctx } = options;
  const maxRetries = options.maxRetries ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 120_000;
  const redact = (text: string) => redactSecrets(text, options.secrets);
  let lastRequestAt = 0;
  const http = new GotScrapingHttpClient();

  const waitOrGiveUp = async (ms: number, why: string): Promise<boolean> => {
    if (ms > maxDelayMs) return false;
    ctx.log(`${why}: waiting ${Math.round(ms / 100) / 10} s before retrying`);
    await sleep(ms);
    return true;
  };

  async function getJson(url: string): Promise<ApiResponse> {
    for (let attempt = 0; ; attempt++) {
      // One request at a time per client, spaced by the source's politeness.
      const gap = lastRequestAt + ctx.politeness.perHostDelayMs - Date.now();
      if (gap > 0) await sleep(gap);
      lastRequestAt = Date.now();
      const backoff = Math.min(baseDelayMs * 2 ** attempt, maxDelayMs) * (0.75 + Math.random() * 0.5);
      let res: { status: number; ok: boolean; header: (name: string) => string | null };
      let bytes: Uint8Array;
      try {
        const r = await http.sendRequest({
          url,
          method: 'GET',
          headers: { 'user-agent': ctx.userAgent, accept: 'application/json' },
          useHeaderGenerator: false,
          responseType: 'buffer',
          throwHttpErrors: false,
          followRedirect: true,
          maxRedirects: ctx.politeness.maxRedirects,
          timeout: { request: ctx.politeness.timeoutSecs * 1000 },
          ...(ctx.politeness.proxyUrl ? { proxyUrl: ctx.politeness.proxyUrl } : {}),
        });
        const headers = r.headers;
        res = {
          status: r.statusCode,
          ok: r.statusCode >= 200 && r.statusCode < 300,
          header: (name) => {
            const v = headers[name];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
          },
        };
        bytes = r.body as Buffer;
      } catch (err) {
        const why = `${redact(url)}: ${redact((err as Error).message)}`;
        if (attempt < maxRetries && await waitOrGiveUp(backoff, why)) continue;
        throw new Error(why, { cause: err });
      }
      if (bytes.byteLength > ctx.politeness.maxPageBytes) {
        return { ok: false, status: res.status, data: null, message: `${redact(url)}: response of ${bytes.byteLength} bytes is over the ${ctx.politeness.maxPageBytes}-byte limit` };
      }
      const data = parseJson(bytes);
      if (res.ok) {
        if (data === null) return { ok: false, status: res.status, data, message: `${redact(url)}: the response is not JSON` };
        return { ok: true, status: res.status, data, evidence: await evidenceOf(ctx, bytes, res.header('content-type') ?? 'application/json') };
      }
      const retriable = res.status === 429 || res.status >= 500 || (options.isRateLimited?.(res.status, data) ?? false);
      if (retriable && attempt < maxRetries) {
        const wait = retryAfterMs(res.header('retry-after')) ?? backoff;
        if (await waitOrGiveUp(wait, `${redact(url)}: HTTP ${res.status}`)) continue;
        return { ok: false, status: res.status, data, message: `${redact(url)}: HTTP ${res.status}, asked to wait ${Math.round(wait / 1000)} s: trying again next run` };
      }
      return { ok: false, status: res.status, data, message: `${redact(url)}: HTTP ${res.status}${retriable ? ` after ${attempt + 1} attempts` : ''}` };
    }
  }

  return { getJson, redact };
}

/**
 * What an API connector remembers between runs about recent posts or videos (their comment
 * counts…), stored as a JSON cursor value; an unreadable value means "nothing known yet".
 */
export function parseKnown<T>(json: string | null): Record<string, T> {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, T> : {};
  } catch {
    return {};
  }
}
