// The store contract: every adapter of the store port must pass these tests. An adapter's test
// file calls storeContract() with a factory that gives a fresh, empty store.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { RecordStore } from './store.ts';
import type { DlxhRecord } from '../record.ts';

export function makeRecord(id: string, patch: Partial<DlxhRecord> = {}): DlxhRecord {
  return {
    id,
    source: { id: 'bao-mau', kind: 'rss', platform: 'web', name: 'Báo Mẫu' },
    kind: 'article', url: `https://bao.example/${id}`, canonicalUrl: `https://bao.example/${id}`, parentId: null, threadId: null,
    title: `Tin ${id}`, text: 'Nội dung', lang: 'vi',
    publishedAt: '2026-11-18T08:00:00+07:00', collectedAt: '2026-11-18T09:00:00.000Z', engagement: null,
    authorKey: null, authorName: null, scope: { inScope: true, reason: 'source is local' },
    contentHash: `hash-${id}`, duplicateOf: null,
    topics: [], sentiment: { label: 'neutral', score: 0.5 }, toxicity: null, risk: null, places: [], clusterId: null,
    analysis: null, review: { state: 'none', decisions: [] }, routing: null, evidence: null,
    ...patch,
  };
}

export function storeContract(name: string, create: () => Promise<RecordStore>) {
  describe(`store contract: ${name}`, () => {
    let store: RecordStore;
    beforeEach(async () => { store = await create(); });
    afterEach(async () => { await store.close(); });

    it('upserts by id: the same record twice is stored once, and updated', async () => {
      expect(await store.upsert([makeRecord('a')])).toEqual({ inserted: 1, updated: 0 });
      expect(await store.upsert([makeRecord('a', { title: 'Tin đã sửa' })])).toEqual({ inserted: 0, updated: 1 });
      expect(await store.countAll()).toBe(1);
      expect((await store.get('a'))?.title).toBe('Tin đã sửa');
      expect(await store.get('missing')).toBeNull();
    });

    it('finds "bồi thường" when the query is typed without diacritics, and exactly when typed with them', async () => {
      await store.upsert([
        makeRecord('a', { text: 'Người dân Bù Đăng chờ bồi thường giải phóng mặt bằng cao tốc.' }),
        makeRecord('b', { text: 'Giá điều năm nay tăng mạnh.' }),
        makeRecord('c', { text: 'Bởi thương lái ép giá nên nông dân lỗ.' }),
      ]);
      const folded = await store.search({ q: 'boi thuong' });
      expect(folded.items.map((r) => r.id).sort()).toEqual(['a', 'c']);
      const exact = await store.search({ q: 'bồi thường' });
      expect(exact.items.map((r) => r.id)).toEqual(['a']);
      expect((await store.search({ q: 'bu dang' })).items.map((r) => r.id)).toEqual(['a']);
      expect((await store.search({ q: '"giai phong mat bang"' })).items.map((r) => r.id)).toEqual(['a']);
      expect((await store.search({ q: 'boi thuong -"thuong lai"' })).items.map((r) => r.id)).toEqual(['a']);
      expect((await store.search({ q: 'Đắk' })).total).toBe(0);
    });

    it('answers boolean queries: AND, OR, NOT, "-" and parentheses, with and without diacritics', async () => {
      await store.upsert([
        makeRecord('a', { text: 'Cao tốc chậm vì bồi thường giải phóng mặt bằng chưa xong.' }),
        makeRecord('b', { text: 'Quảng cáo đất nền gần cao tốc, bồi thường cao.' }),
        makeRecord('c', { text: 'Bồi thường cho dân bị thu hồi đất.' }),
        makeRecord('d', { text: 'Cao tốc thông xe kỹ thuật.' }),
      ]);
      const ids = async (q: string) => (await store.search({ q })).items.map((r) => r.id).sort();
      expect(await ids('"cao tốc" AND ("bồi thường" OR "giải phóng mặt bằng") -"quảng cáo"')).toEqual(['a']);
      expect(await ids('"cao toc" (thong xe OR "giai phong")')).toEqual(['a', 'd']);
      expect(await ids('"bồi thường" OR "thông xe"')).toEqual(['a', 'b', 'c', 'd']);
      expect(await ids('"cao tốc" AND (NOT "quảng cáo")')).toEqual(['a', 'd']);
      expect(await ids('NOT "cao tốc"')).toEqual(['c']);
      expect((await store.search({ q: '"bồi thường" OR "thông xe"', limit: 1 })).total).toBe(4);
    });

    it('treats query punctuation as text, never as syntax', async () => {
      await store.upsert([makeRecord('a', { text: 'Cao tốc Gia Nghĩa - Chơn Thành' })]);
      for (const q of ['"', 'NEAR(', '*', 'a OR', '(()', 'title:x', '-', '""', 'gia AND nghia']) {
        await expect(store.search({ q })).resolves.toBeDefined();
      }
    });

    it('filters by date range, source, topic, sentiment and place', async () => {
      await store.upsert([
        makeRecord('a', { publishedAt: '2026-11-10T08:00:00+07:00', topics: [{ id: 'dat-dai', score: 0.8, by: 'rule' }], sentiment: { label: 'negative', score: 0.9 },
          places: [{ code: '25460', name: 'Bù Đăng', level: 'commune', slug: 'bu-dang', old: false }] }),
        makeRecord('b', { publishedAt: '2026-11-15T08:00:00+07:00', source: { id: 'mxh', kind: 'file', platform: 'facebook', name: 'MXH' } }),
        makeRecord('c', { publishedAt: '2026-11-20T08:00:00+07:00', topics: [{ id: 'y-te', score: 0.7, by: 'model' }], sentiment: { label: 'positive', score: 0.8 } }),
      ]);
      const ids = async (q: Parameters<RecordStore['search']>[0]) => (await store.search(q)).items.map((r) => r.id);
      expect(await ids({ from: '2026-11-12T00:00:00+07:00', to: '2026-11-18T00:00:00+07:00' })).toEqual(['b']);
      expect(await ids({ sources: ['mxh'] })).toEqual(['b']);
      expect(await ids({ topics: ['dat-dai', 'y-te'] })).toEqual(['c', 'a']);
      expect(await ids({ sentiments: ['negative'] })).toEqual(['a']);
      expect(await ids({ places: ['bu-dang'] })).toEqual(['a']);
      expect(await ids({ places: ['25460'] })).toEqual(['a']);
      await store.upsert([makeRecord('d', { clusterId: 'a' }), makeRecord('e', { clusterId: 'e' })]);
      expect((await ids({ clusters: ['a'] })).sort()).toEqual(['d']);
      expect(await store.counts({ clusters: ['a', 'e'] }, 'cluster')).toEqual([{ key: 'a', count: 1 }, { key: 'e', count: 1 }]);
    });

    it('hides records that repeat an earlier text unless asked', async () => {
      await store.upsert([makeRecord('a', { contentHash: 'same' }), makeRecord('b', { contentHash: 'same', duplicateOf: 'a' })]);
      expect(await store.findByContentHash('same', 'b')).toBe('a');
      expect(await store.findByContentHash('same', 'a')).toBe('b');
      expect((await store.search({})).total).toBe(1);
      expect((await store.search({ hideDuplicates: false })).total).toBe(2);
    });

    it('pages with a cursor, newest first, without gaps or repeats', async () => {
      const records = Array.from({ length: 25 }, (_, i) => makeRecord(`r${String(i).padStart(2, '0')}`, {
        publishedAt: new Date(Date.UTC(2026, 10, 1 + (i % 10), i)).toISOString(),
      }));
      await store.upsert(records);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.search({ limit: 10, cursor });
        expect(page.total).toBe(25);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(25);
      const times = seen.map((id) => Date.parse(records.find((r) => r.id === id)!.publishedAt!));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      await expect(store.search({ cursor: 'not-a-cursor' })).rejects.toThrow(/invalid cursor/);
    });

    it('purges a source\'s records collected before a time and names the evidence no one uses any more', async () => {
      const ev = (path: string) => ({ sha256: path, contentType: 'text/html', path });
      await store.upsert([
        makeRecord('old1', { collectedAt: '2025-01-01T00:00:00.000Z', text: 'bồi thường cũ', evidence: ev('aa/x.gz') }),
        makeRecord('old2', { collectedAt: '2025-01-02T00:00:00.000Z', evidence: ev('bb/shared.gz') }),
        makeRecord('new', { collectedAt: '2026-11-01T00:00:00.000Z', evidence: ev('bb/shared.gz') }),
        makeRecord('other', { collectedAt: '2025-01-01T00:00:00.000Z', source: { id: 'mxh', kind: 'file', platform: null, name: 'MXH' } }),
      ]);
      const r = await store.purge('bao-mau', '2026-01-01T00:00:00+07:00');
      expect(r.records).toBe(2);
      expect(r.evidence).toEqual(['aa/x.gz']);
      expect(await store.get('old1')).toBeNull();
      expect((await store.search({ q: 'boi thuong cu' })).total).toBe(0);
      expect((await store.search({ hideDuplicates: false })).items.map((x) => x.id).sort()).toEqual(['new', 'other']);
    });

    it('counts by day (Vietnam time), topic, sentiment, source and place', async () => {
      await store.upsert([
        // 23:30 on the 17th in Vietnam is 16:30 UTC: it belongs to the 17th.
        makeRecord('a', { publishedAt: '2026-11-17T23:30:00+07:00', topics: [{ id: 'dat-dai', score: 1, by: 'rule' }],
          places: [{ code: '25460', name: 'Bù Đăng', level: 'commune', slug: 'bu-dang', old: false }] }),
        makeRecord('b', { publishedAt: '2026-11-18T00:30:00+07:00', topics: [{ id: 'dat-dai', score: 1, by: 'rule' }], sentiment: { label: 'negative', score: 1 } }),
        makeRecord('c', { publishedAt: '2026-11-18T10:00:00+07:00', source: { id: 'mxh', kind: 'file', platform: null, name: 'MXH' } }),
      ]);
      expect(await store.counts({}, 'day')).toEqual([{ key: '2026-11-17', count: 1 }, { key: '2026-11-18', count: 2 }]);
      expect(await store.counts({}, 'topic')).toEqual([{ key: 'dat-dai', count: 2 }]);
      expect(await store.counts({}, 'sentiment')).toEqual([{ key: 'neutral', count: 2 }, { key: 'negative', count: 1 }]);
      expect(await store.counts({}, 'source')).toEqual([{ key: 'bao-mau', count: 2 }, { key: 'mxh', count: 1 }]);
      expect(await store.counts({}, 'place')).toEqual([{ key: 'bu-dang', count: 1 }]);
      expect(await store.counts({ q: 'tin c' }, 'source')).toEqual([{ key: 'mxh', count: 1 }]);
    });

    it('finds story candidates by shared band keys within a time window, most shared first', async () => {
      const sketch = (bands: string[], first: number) => ({ bands, signature: [first, 4_294_967_294, 0, 7] });
      await store.upsert([
        makeRecord('a', { publishedAt: '2026-11-10T08:00:00+07:00', clusterId: 'a', minhash: sketch(['s0:aa', 's1:bb', 's2:cc'], 1) }),
        makeRecord('b', { publishedAt: '2026-11-11T08:00:00+07:00', clusterId: 'a', minhash: sketch(['s0:aa', 's5:ee'], 2) }),
        makeRecord('c', { publishedAt: '2026-11-09T08:00:00+07:00', clusterId: null, minhash: sketch(['s1:bb', 's9:zz'], 3) }),
        makeRecord('old', { publishedAt: '2026-08-01T08:00:00+07:00', minhash: sketch(['s0:aa', 's1:bb', 's2:cc'], 4) }),
        makeRecord('none', { publishedAt: '2026-11-10T08:00:00+07:00' }),
      ]);
      const from = '2026-11-03T08:00:00+07:00';
      const to = '2026-11-17T08:00:00+07:00';
      const found = await store.storyCandidates(['s0:aa', 's1:bb', 's2:cc', 's0:aa'], from, to, 10);
      expect(found.map((c) => c.id)).toEqual(['a', 'c', 'b']);
      expect(found[0]).toEqual({ id: 'a', clusterId: 'a', signature: [1, 4_294_967_294, 0, 7], publishedAt: '2026-11-10T01:00:00.000Z' });
      expect(found[1]?.clusterId).toBe('c');
      expect((await store.storyCandidates(['s0:aa', 's1:bb'], from, to, 1)).map((c) => c.id)).toEqual(['a']);
      expect(await store.storyCandidates([], from, to, 10)).toEqual([]);
      expect(await store.storyCandidates(['s7:nothing'], from, to, 10)).toEqual([]);
      // Band keys are replaced when a record is written again.
      await store.upsert([makeRecord('a', { publishedAt: '2026-11-10T08:00:00+07:00', clusterId: 'a', minhash: sketch(['s3:dd'], 1) })]);
      expect((await store.storyCandidates(['s0:aa', 's1:bb', 's2:cc'], from, to, 10)).map((c) => c.id)).toEqual(['c', 'b']);
      expect((await store.storyCandidates(['s3:dd'], from, to, 10)).map((c) => c.id)).toEqual(['a']);
      await store.upsert([makeRecord('a', { publishedAt: '2026-11-10T08:00:00+07:00', minhash: null })]);
      expect(await store.storyCandidates(['s3:dd'], from, to, 10)).toEqual([]);
    });
  });
}
