// The demo flow end to end: sample site on 127.0.0.1 → RSS crawl (crawlee) + article pages +
// file of posts → queue → pipeline → SQLite → HTTP API, found by a query without diacritics.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { runDemo } from '../api/commands/demo.ts';
import { createApp, listen } from '../api/server.ts';
import type { DlxhRecord } from '../pipeline/record.ts';

let server: Server;
let base: string;
let demo: Awaited<ReturnType<typeof runDemo>>;

beforeAll(async () => {
  demo = await runDemo(mkdtempSync(path.join(tmpdir(), 'dlxh-e2e-')));
  server = await listen(createApp({ store: demo.rt.store, ready: async () => true }), 0);
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await demo.rt.close();
  await demo.site.close();
});

const get = async (p: string) => {
  const res = await fetch(`${base}${p}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
};

describe('demo flow', () => {
  it('crawls the sample site (RSS, sitemap, forum) and the sample posts without errors', () => {
    expect(demo.reports.map((r) => [r.sourceId, r.errors])).toEqual([
      ['bao-mau-rss', []], ['bao-mau-sitemap', []], ['dien-dan-mau', []], ['mxh-mau', []],
    ]);
    const items = Object.fromEntries(demo.reports.map((r) => [r.sourceId, r.items]));
    expect(items['bao-mau-rss']).toBe(12);
    expect(items['bao-mau-sitemap']).toBe(18);
    expect(items['dien-dan-mau']).toBeGreaterThanOrEqual(4);
  });

  it('keeps one record per article found through both the feed and the sitemap', async () => {
    const rss = await get('/api/v1/records?source=bao-mau-rss&limit=100&duplicates=show');
    const sitemap = await get('/api/v1/records?source=bao-mau-sitemap&limit=100&duplicates=show');
    // 12 articles came first through the feed; the sitemap added the 6 older ones.
    expect(rss.body.total).toBe(12);
    expect(sitemap.body.total).toBe(6);
    const forum = await get('/api/v1/records?source=dien-dan-mau&limit=100');
    expect(forum.body.items.every((r: DlxhRecord) => r.threadId)).toBe(true);
  });

  it('finds a crawled article by a query typed without diacritics', async () => {
    const { status, body } = await get('/api/v1/records?q=boi+thuong&source=bao-mau-rss');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    const article = body.items[0] as DlxhRecord;
    expect(article.source.id).toBe('bao-mau-rss');
    expect(`${article.title} ${article.text}`.toLowerCase()).toMatch(/bồi thường/);
    // The full article was fetched from the page, not only the feed's summary.
    expect(article.text.length).toBeGreaterThan(400);
    expect(article.canonicalUrl).not.toMatch(/utm_/);
    expect(article.analysis?.version).toBeTruthy();
    expect(article.sentiment).not.toBeNull();
  });

  it('serves the records with analysis, filters and pagination', async () => {
    const all = await get('/api/v1/records?limit=5');
    expect(all.body.items).toHaveLength(5);
    expect(all.body.nextCursor).toBeTruthy();
    const next = await get(`/api/v1/records?limit=5&cursor=${encodeURIComponent(all.body.nextCursor)}`);
    expect(next.body.items[0].id).not.toBe(all.body.items[0].id);
    const negative = await get('/api/v1/records?sentiment=negative&limit=100');
    expect(negative.body.items.every((r: DlxhRecord) => r.sentiment?.label === 'negative')).toBe(true);
    const topic = await get('/api/v1/records?topic=dat-dai');
    expect(topic.body.total).toBeGreaterThan(0);
    // Stories: the syndicated near-copy of the scam warning joins the original's story.
    const page = await get('/api/v1/records?limit=200&duplicates=show');
    const copy = page.body.items.find((r: DlxhRecord) => r.duplicateOf && r.source.id !== 'mxh-mau' && r.kind === 'article');
    expect(copy).toBeDefined();
    expect(page.body.stories[copy.clusterId]).toBeGreaterThanOrEqual(2);
    const story = await get(`/api/v1/records?cluster=${encodeURIComponent(copy.clusterId)}&duplicates=show`);
    expect(story.body.items.map((r: DlxhRecord) => r.id)).toContain(copy.duplicateOf);
  });

  it('answers bad parameters with problem+json that says what to fix', async () => {
    const r = await get('/api/v1/records?sentiment=angry&from=yesterday&foo=1');
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/application\/problem\+json/);
    expect(r.body.detail).toMatch(/sentiment/);
    expect(r.body.detail).toMatch(/from/);
    const c = await get('/api/v1/records?cursor=xyz');
    expect(c.status).toBe(400);
    const missing = await get('/api/v1/records/nope');
    expect(missing.status).toBe(404);
  });

  it('serves an OpenAPI document whose record schema matches what the API returns', async () => {
    const doc = (await get('/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/records', '/api/v1/records/{id}', '/healthz', '/readyz']));
    const record = (await get('/api/v1/records?limit=1')).body.items[0];
    for (const key of doc.components.schemas.Record.required) expect(record).toHaveProperty(key);
  });

  it('serves health, readiness and the page under a strict CSP', async () => {
    expect((await get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await get('/readyz')).body).toEqual({ status: 'ready' });
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('DLXH Monitor');
  });

  it('fetches nothing new when crawled again, and stores nothing twice', async () => {
    const before = await demo.rt.store.countAll();
    const { crawlAndIndex } = await import('../api/commands/crawl.ts');
    const again = await crawlAndIndex(demo.rt, ['bao-mau-rss', 'bao-mau-sitemap', 'dien-dan-mau']);
    expect(again.reports.map((r) => r.items)).toEqual([0, 0, 0]);
    expect(await demo.rt.store.countAll()).toBe(before);
  });
});
