import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createApiClient, redactSecrets, retryAfterMs } from './api-fetch.ts';
import { memoryCrawlContext } from '../test/fixtures/crawl-context.ts';
import { startForwardProxy } from '../test/fixtures/forward-proxy.ts';

describe('api-fetch helpers', () => {
  it('masks keys and tokens in URLs and messages', () => {
    expect(redactSecrets('https://x/search?q=a&key=AIzaSecret&pageToken=p2', [])).toBe('https://x/search?q=a&key=***&pageToken=p2');
    expect(redactSecrets('https://g/v21.0/1/posts?access_token=EAAG123&after=Mg', [])).toBe('https://g/v21.0/1/posts?access_token=***&after=Mg');
    expect(redactSecrets('token EAAG123 was refused', ['EAAG123'])).toBe('token *** was refused');
    expect(redactSecrets('', ['EAAG123'])).toBe('');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    const now = Date.parse('2025-09-12T08:00:00Z');
    expect(retryAfterMs('Fri, 12 Sep 2025 08:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 12 Sep 2025 07:00:00 GMT', now)).toBe(0);
  });
});

describe('the API client', () => {
  let api: http.Server;
  let apiUrl = '';
  const seen: { ua?: string; via?: string }[] = [];
  let flaky = 0;

  beforeAll(async () => {
    api = http.createServer((req, res) => {
      seen.push({ ua: req.headers['user-agent'], via: req.headers.via as string | undefined });
      if (req.url?.startsWith('/flaky') && flaky-- > 0) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        return res.end('{"error":{"code":429}}');
      }
      if (req.url?.startsWith('/html')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<h1>not json</h1>');
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ items: [{ id: 'v1', title: 'Cao tốc Chơn Thành' }] }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    api.closeAllConnections();
    await new Promise<void>((resolve) => api.close(() => resolve()));
  });

  it('gets JSON with our user agent, keeps the payload as evidence, and masks the key in messages', async () => {
    const ctx = memoryCrawlContext();
    const client = createApiClient({ ctx, secrets: ['AIzaSecret'] });
    const r = await client.getJson(`${apiUrl}/search?q=x&key=AIzaSecret`);
    expect(r.ok && r.data).toEqual({ items: [{ id: 'v1', title: 'Cao tốc Chơn Thành' }] });
    expect(r.ok && r.evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(seen.at(-1)?.ua).toBe(ctx.userAgent);
    const bad = await client.getJson(`${apiUrl}/html?key=AIzaSecret`);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toBe(`${apiUrl}/html?key=***: the response is not JSON`);
  });

  it('waits out a 429 with Retry-After and tries again', async () => {
    flaky = 2;
    const client = createApiClient({ ctx: memoryCrawlContext(), secrets: [], baseDelayMs: 1 });
    const r = await client.getJson(`${apiUrl}/flaky`);
    expect(r.ok).toBe(true);
    expect(flaky).toBe(-1);
  });

  it("goes through the source's proxy", async () => {
    const proxy = await startForwardProxy();
    try {
      const client = createApiClient({ ctx: memoryCrawlContext({ politeness: { proxyUrl: proxy.url } }), secrets: [] });
      const r = await client.getJson(`${apiUrl}/search?q=y`);
      expect(r.ok).toBe(true);
      expect(proxy.count()).toBeGreaterThan(0);
      expect(seen.at(-1)?.via).toBe('1.1 test-proxy');
    } finally {
      await proxy.close();
    }
  });
});
