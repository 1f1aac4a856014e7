import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { minhashOf } from './language/minhash.ts';
import {
  assignStory, assignStoryNow, chooseStory, createMemoryStoryIndex, groupStories, storeStoryIndex, windowAround, STORY_DEFAULTS,
  type StoryInput,
} from './stories.ts';
import { openDatabase } from './embedded-database.ts';
import { createSqliteStore } from './store/sqlite-store.ts';
import { makeRecord } from './store/store.contract.ts';
import { analyseLines } from './batch-analyze.ts';
import type { Analyser } from './analyse.ts';

type DemoArticle = { slug: string; title: string; sapo: string; published: string; paragraphs: string[]; duplicate_of?: string };
const demo = parseYaml(readFileSync(new URL('../config/demo/articles.yaml', import.meta.url), 'utf8')) as { articles: DemoArticle[] };
const copyArticle = demo.articles.find((a) => a.duplicate_of) as DemoArticle;
const originalArticle = demo.articles.find((a) => a.slug === copyArticle.duplicate_of) as DemoArticle;
const articleText = (a: DemoArticle) => [a.sapo, ...a.paragraphs].join('\n');

const FLOOD_POST = 'Mưa từ tối qua tới sáng, QL14 đoạn ngã tư Đồng Xoài ngập tới bắp chân, xe máy chết máy hàng loạt. Năm nào cũng vậy mà chưa thấy sửa cống thoát nước, ai có việc đi ngang thì tránh giùm nha.';
const FLOOD_NEWS = 'Sáng 9/11, sau trận mưa lớn kéo dài nhiều giờ, nhiều đoạn QL14 qua phường Đồng Xoài bị ngập sâu 30–40 cm, giao thông ùn tắc, nhiều xe máy chết máy phải dắt bộ qua ngã tư.';
const CASHEW = 'Giá hạt điều thô ở Phú Nghĩa, Đa Kia hiện ở mức 32.000–34.000 đồng/kg, nhích nhẹ so với đầu tháng, nhưng lượng điều còn trong dân không nhiều vì đã bán sau thu hoạch.';

function input(id: string, publishedAt: string, text: string, title: string | null = null): StoryInput {
  const m = minhashOf(text, title);
  return { id, publishedAt, signature: m?.signature ?? null, bands: m?.bands ?? [] };
}

describe('story grouping', () => {
  it('puts the demo syndicated copy in its original\'s cluster as a near-duplicate', () => {
    const index = createMemoryStoryIndex();
    const first = assignStoryNow(input(originalArticle.slug, originalArticle.published, articleText(originalArticle), originalArticle.title), index);
    expect(first).toEqual({ clusterId: originalArticle.slug, nearDuplicateOf: null, similarity: 0, findable: true });
    const copy = assignStoryNow(input(copyArticle.slug, copyArticle.published, articleText(copyArticle), copyArticle.title), index);
    expect(copy.clusterId).toBe(originalArticle.slug);
    expect(copy.nearDuplicateOf).toBe(originalArticle.slug);
    expect(copy.similarity).toBeGreaterThanOrEqual(0.8);
    // Every other demo article stays out of that cluster.
    for (const a of demo.articles.filter((x) => x !== copyArticle && x !== originalArticle)) {
      expect(assignStoryNow(input(a.slug, a.published, articleText(a), a.title), index).clusterId, a.slug).not.toBe(originalArticle.slug);
    }
  });

  it('joins two different write-ups of one event into one story, without calling them copies', () => {
    const index = createMemoryStoryIndex();
    assignStoryNow(input('post', '2026-11-09T06:50:00+07:00', FLOOD_POST), index);
    const news = assignStoryNow(input('news', '2026-11-09T08:05:00+07:00', FLOOD_NEWS), index);
    expect(news.clusterId).toBe('post');
    expect(news.nearDuplicateOf).toBeNull();
    expect(news.similarity).toBeGreaterThanOrEqual(STORY_DEFAULTS.story);
    expect(news.similarity).toBeLessThan(0.8);
  });

  it('keeps the same words months apart in separate clusters, and unrelated texts apart', () => {
    const index = createMemoryStoryIndex();
    assignStoryNow(input('june', '2026-06-14T07:00:00+07:00', FLOOD_POST), index);
    expect(assignStoryNow(input('november', '2026-11-09T06:50:00+07:00', FLOOD_POST), index).clusterId).toBe('november');
    expect(assignStoryNow(input('cashew', '2026-11-09T09:00:00+07:00', CASHEW), index).clusterId).toBe('cashew');
    expect(windowAround('2026-11-09T00:00:00Z')).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' });
  });

  it('names a cluster by its earliest record and calls only later texts copies', () => {
    const early = input('early', '2026-11-09T06:00:00+07:00', FLOOD_POST);
    const late = input('late', '2026-11-09T09:00:00+07:00', `${FLOOD_POST} Chia sẻ!`);
    const asCandidate = (s: StoryInput, clusterId: string) => ({ id: s.id, clusterId, signature: Array.from(s.signature!), publishedAt: new Date(s.publishedAt!).toISOString() });
    expect(chooseStory(late, [asCandidate(early, 'early')])).toEqual({ clusterId: 'early', nearDuplicateOf: 'early', similarity: expect.any(Number), findable: false });
    // A copy made more than half a window later carries the story on: later copies find it.
    const relay = { ...late, id: 'relay', publishedAt: '2026-11-13T09:00:00+07:00' };
    expect(chooseStory(relay, [asCandidate(early, 'early')])).toMatchObject({ clusterId: 'early', nearDuplicateOf: 'early', findable: true });
    // Read out of order: the earlier text joins the cluster but is no copy of the later one.
    expect(chooseStory(early, [asCandidate(late, 'late')])).toMatchObject({ clusterId: 'late', nearDuplicateOf: null });
    // Several copies: the earliest is the original.
    const middle = input('middle', '2026-11-09T07:00:00+07:00', FLOOD_POST);
    expect(chooseStory(late, [asCandidate(middle, 'early'), asCandidate(early, 'early')]).nearDuplicateOf).toBe('early');
    expect(chooseStory(input('short', '2026-11-09T07:00:00+07:00', 'Đồng ý'), [asCandidate(early, 'early')]))
      .toEqual({ clusterId: 'short', nearDuplicateOf: null, similarity: 0, findable: true });
  });

  it('gives the same clusters whichever order a batch arrives in, and finds stored records later', async () => {
    const original = () => makeRecord('orig', { text: articleText(originalArticle), title: originalArticle.title, publishedAt: originalArticle.published, contentHash: 'h1' });
    const copy = () => makeRecord('copy', { text: articleText(copyArticle), title: copyArticle.title, publishedAt: copyArticle.published, contentHash: 'h2' });
    const other = () => makeRecord('other', { text: CASHEW, publishedAt: '2026-11-12T10:00:00+07:00', contentHash: 'h3' });
    for (const order of [[original(), copy(), other()], [copy(), other(), original()]]) {
      const store = createSqliteStore(openDatabase(':memory:'));
      expect(await groupStories(order, store)).toBe(1);
      const byId = new Map(order.map((r) => [r.id, r]));
      expect(byId.get('orig')).toMatchObject({ clusterId: 'orig', duplicateOf: null });
      expect(byId.get('copy')).toMatchObject({ clusterId: 'orig', duplicateOf: 'orig' });
      expect(byId.get('other')).toMatchObject({ clusterId: 'other', duplicateOf: null });
      expect(byId.get('orig')?.minhash?.bands.length).toBeGreaterThan(0);
      // The copy is found through its original: signature kept, no band keys of its own.
      expect(byId.get('copy')?.minhash).toMatchObject({ bands: [], signature: expect.any(Array) });
      await store.upsert(order);
      // The sketch is kept for grouping but left out of what the store returns.
      expect((await store.get('copy'))?.minhash).toBeUndefined();

      // A later batch: a repost without diacritics, and an exact copy found by content hash.
      const repost = makeRecord('repost', { text: articleText(originalArticle).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd'),
        publishedAt: '2026-11-13T08:00:00+07:00', contentHash: 'h4' });
      const exact = makeRecord('exact', { text: CASHEW, publishedAt: '2026-11-12T11:00:00+07:00', contentHash: 'h3', duplicateOf: 'other' });
      expect(await groupStories([repost, exact], store)).toBe(1);
      expect(repost).toMatchObject({ clusterId: 'orig', duplicateOf: 'orig' });
      expect(exact).toMatchObject({ clusterId: 'other', duplicateOf: 'other' });
      expect(await assignStory(input('again', '2026-11-13T09:00:00+07:00', CASHEW), storeStoryIndex(store))).toMatchObject({ clusterId: 'other', nearDuplicateOf: 'other' });
      await store.close();
    }
  });

  it('forgets the oldest entries of a memory index beyond its size', () => {
    const index = createMemoryStoryIndex({ maxEntries: 2 });
    // Copies are not kept (their original is), so call nothing a copy here.
    for (const id of ['a', 'b', 'c']) assignStoryNow(input(id, '2026-11-09T06:00:00Z', `${FLOOD_POST} ${id}`), index, { nearDuplicate: 1.1 });
    expect(index.size).toBe(2);
    const found = index.candidatesNow(minhashOf(FLOOD_POST)!.bands, windowAround('2026-11-09T06:00:00Z'), 10);
    expect(found.map((c) => c.id).sort()).toEqual(['b', 'c']);
  });

  it('adds a clusterId across the lines of one dlxh analyze run', () => {
    const analysis = { lang: 'vi', topics: [], sentiment: null, toxicity: null, places: [], risk: null };
    const analyser: Analyser = { version: 'stub', analyse: () => analysis, analyseMany: (inputs) => inputs.map(() => analysis) };
    const index = createMemoryStoryIndex();
    const lines = [
      { id: 7, text: FLOOD_POST, publishedAt: '2026-11-09T06:50:00+07:00' },
      { text: FLOOD_POST.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), publishedAt: '2026-11-09T07:50:00+07:00' },
      { text: CASHEW },
      { text: 'ngắn quá' },
    ];
    const numbered = lines.map((value, i) => ({ lineNo: i + 1, value }));
    const out = analyseLines(analyser, numbered, index) as Record<string, unknown>[];
    expect(out.map((o) => o.clusterId)).toEqual(['7', '7', 'line-3', 'line-4']);
    expect(out.map((o) => o.duplicateOf)).toEqual([null, '7', null, null]);
    expect(index.size).toBe(2);
    expect((analyseLines(analyser, numbered.slice(0, 1))[0] as Record<string, unknown>).clusterId).toBeNull();
  });
});
