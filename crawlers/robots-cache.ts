// robots.txt per origin, fetched once and kept for an hour across every crawl in this process,
// with the same honest user agent, proxy, host spacing and limits as the pages themselves.
//
// When robots.txt cannot be read: 4xx means "no rules" (RFC 9309 §2.3.1.3); 5xx or 429 means
// "disallow everything" for now (§2.3.1.4), kept for a shorter time; a network failure allows,
// so that the page's own request fails and the source reports the error instead of a silent skip.
import type { BaseHttpClient } from '@crawlee/http';
import { ALLOW_ALL, disallowAll, parseRobotsTxt, MAX_ROBOTS_BYTES, type RobotsRules } from './robots-txt.ts';
import { hostKey, waitForHost } from './host-gate.ts';

export const ROBOTS_TTL_MS = 60 * 60_000;
const FAILED_TTL_MS = 5 * 60_000;
/** A Crawl-delay above this is read as this (some sites write minutes they do not mean). */
const MAX_CRAWL_DELAY_MS = 30_000;

type Entry = { expires: number; rules: Promise<RobotsRules>; settled: RobotsRules | null };
const cache = new Map<string, Entry>();
let fetches = 0;

export type RobotsFetch = { userAgent: string; httpClient: BaseHttpClient; proxyUrl?: string; perHostDelayMs: number };

async function readBody(stream: NodeJS.ReadableStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(b);
    size += b.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

async function fetchRules(origin: string, how: RobotsFetch): Promise<{ rules: RobotsRules; ttl: number }> {
  const url = `${origin}/robots.txt`;
  fetches++;
  await waitForHost(hostKey(url), how.perHostDelayMs);
  try {
    const res = await how.httpClient.stream({ url, method: 'GET', proxyUrl: how.proxyUrl, headers: {} });
    if (res.statusCode >= 400 && res.statusCode < 500) {
      res.stream.destroy();
      return { rules: ALLOW_ALL, ttl: ROBOTS_TTL_MS };
    }
    if (res.statusCode >= 300) {
      res.stream.destroy();
      return { rules: ALLOW_ALL, ttl: FAILED_TTL_MS };
    }
    return { rules: parseRobotsTxt(await readBody(res.stream, MAX_ROBOTS_BYTES), how.userAgent), ttl: ROBOTS_TTL_MS };
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? '';
    if (/^HTTP (429|5\d\d)/.test(message)) return { rules: disallowAll(`robots.txt unavailable (${message.split(':')[0]}), so nothing may be fetched for now`), ttl: FAILED_TTL_MS };
    // An oversized robots.txt or a network failure: no rules (see the header comment).
    return { rules: ALLOW_ALL, ttl: FAILED_TTL_MS };
  }
}

/** The robots.txt rules that apply to a URL, from the cache when fresh. */
export function robotsRulesFor(url: string, how: RobotsFetch): Promise<RobotsRules> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return Promise.resolve(ALLOW_ALL);
  }
  const now = Date.now();
  const hit = cache.get(origin);
  if (hit && hit.expires > now) return hit.rules;
  const entry: Entry = { expires: now + ROBOTS_TTL_MS, rules: Promise.resolve(ALLOW_ALL), settled: null };
  entry.rules = fetchRules(origin, how).then(({ rules, ttl }) => {
    entry.expires = Date.now() + ttl;
    entry.settled = rules;
    return rules;
  });
  cache.set(origin, entry);
  return entry.rules;
}

/** The Crawl-delay of the URL's site, when its robots.txt is cached and sets one. */
export function robotsCrawlDelayMs(url: string): number {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return 0;
  }
  const secs = cache.get(origin)?.settled?.crawlDelaySecs ?? 0;
  return Math.min(MAX_CRAWL_DELAY_MS, secs * 1000);
}

/** How many robots.txt files were requested (tests: caching). */
export function robotsFetchCount(): number {
  return fetches;
}

export function forgetRobotsTxt(): void {
  cache.clear();
}
