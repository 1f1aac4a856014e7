import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import { createAnalyser } from './analyse.ts';
import { openDatabase } from './embedded-database.ts';
import { minhashOf } from './language/minhash.ts';
import { reanalyseStore } from './reanalyse.ts';
import { createSqliteStore } from './store/sqlite-store.ts';
import { makeRecord } from './store/store.contract.ts';

const config = loadConfig();
const analyser = createAnalyser({ topics: config.topics, gazetteerPath: config.gazetteerPath });

const STATE = 'confirmed-false' as const;
const SCAM = 'Chúc mừng bạn đã trúng thưởng xe SH, vui lòng chuyển khoản phí 500k vào tài khoản cá nhân để nhận quà';
const NEWS = 'Người dân xã Nghĩa Trung, Bù Đăng chờ tiền bồi thường giải phóng mặt bằng cao tốc đã nửa năm';

describe('dlxh reanalyse', () => {
  it('gives records of older models the current analysis, and keeps what people decided', async () => {
    const store = createSqliteStore(openDatabase(':memory:'));
    const old = { version: 'sentiment@old toxicity@old', at: '2026-01-01T00:00:00.000Z' };
    const decision = { by: 'ctv-01', at: '2026-11-20T08:00:00.000Z', decision: STATE, reason: 'đã xác minh' };
    await store.upsert([
      makeRecord('scam', {
        title: null, text: SCAM, analysis: old, risk: { score: 0, signals: [], matchedClaims: [] },
        topics: [{ id: 'an-sinh', score: 1, by: 'person' }],
        review: { state: STATE, decisions: [decision] },
        clusterId: 'story-1',
      }),
      makeRecord('news', { title: null, text: NEWS, analysis: old, sentiment: { label: 'positive', score: 0.9 }, places: [] }),
    ]);
    const current = makeRecord('current', { title: null, text: NEWS.replace('nửa năm', 'một năm'), contentHash: 'other', analysis: { version: analyser.version, at: '2026-12-01T00:00:00.000Z' } });
    await store.upsert([current]);

    const first = await reanalyseStore(store, analyser, { batchSize: 2 });
    expect(first).toEqual({ seen: 3, reanalysed: 2, current: 1 });

    const scam = (await store.get('scam'))!;
    expect(scam.analysis?.version).toBe(analyser.version);
    expect(scam.risk?.signals.map((s) => s.id)).toContain('learned-pattern');
    expect(scam.topics).toContainEqual({ id: 'an-sinh', score: 1, by: 'person' });
    expect(scam.review).toEqual({ state: STATE, decisions: [decision] });
    expect(scam.clusterId).toBe('story-1');
    // The story sketch is kept: the record is still found by its band keys.
    const bands = minhashOf(SCAM)!.bands;
    expect((await store.storyCandidates(bands, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z', 5)).map((c) => c.id)).toContain('scam');

    const news = (await store.get('news'))!;
    expect(news.sentiment?.label).toBe('negative');
    expect(news.places.map((p) => p.oldName ?? p.name)).toContain('Bù Đăng');
    expect(news.topics.map((t) => t.id)).toContain('dat-dai');
    expect((await store.get('current'))!.analysis).toEqual(current.analysis);

    // A second run finds nothing to do; --all re-analyses everything.
    expect(await reanalyseStore(store, analyser)).toEqual({ seen: 3, reanalysed: 0, current: 3 });
    expect(await reanalyseStore(store, analyser, { all: true })).toEqual({ seen: 3, reanalysed: 3, current: 0 });
    await store.close();
  });
});
