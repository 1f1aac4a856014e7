import { describe, it, expect } from 'vitest';
import { openDatabase, migrate, MIGRATIONS } from '../embedded-database.ts';
import { fold } from '../language/fold.ts';
import { minhashOf } from '../language/minhash.ts';
import { createSqliteStore } from './sqlite-store.ts';
import { storeContract, makeRecord } from './store.contract.ts';

storeContract('sqlite (embedded)', async () => createSqliteStore(openDatabase(':memory:')));

describe('sqlite store: migration 7 (narrow records table)', () => {
  it('keeps the records, their documents, sketches and band keys written by schema 6', async () => {
    const db = openDatabase(':memory:', { migrate: false });
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 6)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
    }
    // One record as schema 6 stored it: the document and the sketch in the records row.
    const text = 'Người dân ở Bù Đăng phản ánh việc bồi thường giải phóng mặt bằng cao tốc còn chậm';
    const sketch = minhashOf(text) as NonNullable<ReturnType<typeof minhashOf>>;
    const blob = new Uint8Array(sketch.signature.length * 4);
    sketch.signature.forEach((v, i) => new DataView(blob.buffer).setUint32(i * 4, v, true));
    const r = makeRecord('old-1', { text, topics: [{ id: 'dat-dai', score: 0.9, by: 'rule' }], clusterId: 'old-1' });
    const rowid = Number(db.prepare(`INSERT INTO records (id, source_id, sort_at, day, sentiment, content_hash, duplicate_of, doc, cluster_id, minhash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(r.id, r.source.id, '2026-11-18T01:00:00.000Z', '2026-11-18', 'neutral', r.contentHash, null,
      JSON.stringify(r), 'old-1', blob).lastInsertRowid);
    db.prepare('INSERT INTO records_fts (rowid, title, text, title_folded, text_folded) VALUES (?, ?, ?, ?, ?)').run(rowid, r.title, text, fold(r.title ?? ''), fold(text));
    db.prepare('INSERT INTO record_topics (topic, record_rowid) VALUES (?, ?)').run('dat-dai', rowid);
    for (const band of sketch.bands) db.prepare('INSERT INTO record_bands (band, record_rowid) VALUES (?, ?)').run(band, rowid);

    expect(migrate(db).applied.map((a) => a.split(' ')[0])).toEqual(['7']);
    const store = createSqliteStore(db);
    expect((await store.get('old-1'))?.text).toBe(text);
    expect((await store.search({ q: 'boi thuong', topics: ['dat-dai'] })).items.map((x) => x.id)).toEqual(['old-1']);
    const found = await store.storyCandidates(sketch.bands, '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z', 5);
    expect(found.map((c) => [c.id, c.clusterId])).toEqual([['old-1', 'old-1']]);
    expect(found[0]?.signature).toEqual(Array.from(sketch.signature));
    // Written again after the migration: updated in place, its old band keys replaced.
    expect(await store.upsert([{ ...r, text: 'Khác hẳn', minhash: null }])).toEqual({ inserted: 0, updated: 1 });
    expect(await store.storyCandidates(sketch.bands, '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z', 5)).toEqual([]);
    expect(await store.countAll()).toBe(1);
    await store.close();
  });
});

describe('sqlite store: the filter that drives a query', () => {
  it('lists a record once when it carries two of the topics, or the slug and the code of a place, asked for', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    const place = { code: '25450', name: 'Bù Đăng', level: 'commune' as const, slug: 'bu-dang', old: false };
    await store.upsert([
      makeRecord('a', { text: 'bồi thường đất đai', topics: [{ id: 'dat-dai', score: 1, by: 'rule' }, { id: 'cao-toc', score: 1, by: 'rule' }], places: [place] }),
      makeRecord('b', { text: 'học thêm', topics: [{ id: 'giao-duc', score: 1, by: 'rule' }] }),
    ]);
    const topics = await store.search({ topics: ['dat-dai', 'cao-toc'] });
    expect([topics.items.map((r) => r.id), topics.total]).toEqual([['a'], 1]);
    const places = await store.search({ places: ['bu-dang', '25450'] });
    expect([places.items.map((r) => r.id), places.total]).toEqual([['a'], 1]);
    expect(await store.counts({ topics: ['dat-dai', 'cao-toc'] }, 'topic')).toEqual([{ key: 'cao-toc', count: 1 }, { key: 'dat-dai', count: 1 }]);
    expect(await store.counts({ places: ['bu-dang', '25450'] }, 'sentiment')).toEqual([{ key: 'neutral', count: 1 }]);
    const text = await store.search({ q: 'boi thuong -hoc', topics: ['dat-dai'], places: ['25450'] });
    expect([text.items.map((r) => r.id), text.total]).toEqual([['a'], 1]);
    expect((await store.search({ q: 'boi thuong -dat' })).total).toBe(0);
    expect((await store.search({ q: '-dat' })).items.map((r) => r.id)).toEqual(['b']);
    await store.close();
  });

  it('pages a filter matching thousands of records through the time index, in the same order as a driven query', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    const place = { code: '25450', name: 'Bù Đăng', level: 'commune' as const, slug: 'bu-dang', old: false };
    const records = Array.from({ length: 9000 }, (_, i) => makeRecord(`r${i}`, {
      text: i % 6 === 5 ? 'học thêm buổi tối' : `bồi thường đất đai đợt ${i % 7}`,
      publishedAt: new Date(Date.UTC(2026, 9, 1) + ((i * 7919) % 9000) * 600_000).toISOString(),
      topics: [{ id: i % 2 ? 'dat-dai' : 'cao-toc', score: 1, by: 'rule' }],
      places: i % 20 ? [place] : [],
      duplicateOf: i % 10 === 9 ? 'r0' : null,
    }));
    await store.upsert(records);
    const query = { q: 'boi thuong -"dot 3"', topics: ['dat-dai', 'cao-toc'], places: ['bu-dang'], hideDuplicates: true, limit: 50 };
    // What the filters leave, newest first, worked out here.
    const expected = records
      .filter((r, i) => i % 6 !== 5 && i % 7 !== 3 && i % 20 !== 0 && r.duplicateOf === null)
      .sort((a, b) => (b.publishedAt as string).localeCompare(a.publishedAt as string) || b.id.localeCompare(a.id));
    const first = await store.search(query);
    // Over WALK_TIME_INDEX_FROM matches: the time index is walked.
    expect(first.total).toBe(expected.length);
    expect(first.total).toBeGreaterThan(5000);
    expect(first.items.map((r) => r.id)).toEqual(expected.slice(0, 50).map((r) => r.id));
    const second = await store.search({ ...query, cursor: first.nextCursor as string });
    expect(second.items.map((r) => r.id)).toEqual(expected.slice(50, 100).map((r) => r.id));
    const frequent = await store.search({ q: 'boi thuong', limit: 5 });
    expect(frequent.items.map((r) => r.id)).toEqual(records.filter((_, i) => i % 6 !== 5)
      .sort((a, b) => (b.publishedAt as string).localeCompare(a.publishedAt as string) || b.id.localeCompare(a.id)).slice(0, 5).map((r) => r.id));
    await store.close();
  });
});
