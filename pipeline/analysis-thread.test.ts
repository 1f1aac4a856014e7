// The analysis thread: the same records as on the pipeline's own thread, and nothing lost when the
// thread cannot run.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRuntime, type Runtime } from '../api/runtime.ts';
import { RawItem } from '../crawlers/raw-item.ts';
import { rawItemKey } from '../crawlers/raw-item.ts';
import { drain } from './ingest.ts';
import { createAnalysisThread } from './analysis-thread.ts';
import { prepareItems } from './prepare.ts';
import type { DlxhRecord } from './record.ts';

const TEXTS = [
  'Người dân xã Tân Tiến, Bù Đốp phản ánh tiền bồi thường giải phóng mặt bằng cao tốc Gia Nghĩa - Chơn Thành còn chậm.',
  'Giá hạt điều tươi ở Bình Phước tăng nhẹ, nông dân phấn khởi vì được mùa.',
  'CẢNH BÁO: tin nhắn báo trúng thưởng, yêu cầu chuyển khoản phí nhận quà vào tài khoản cá nhân là lừa đảo.',
  'Phụ huynh ở Đồng Xoài bức xúc vì con phải đi học thêm buổi tối quá nhiều.',
];

function items(n: number): RawItem[] {
  return Array.from({ length: n }, (_, i) => RawItem.parse({
    source: { id: 'bai-dang', kind: 'file', platform: null, name: 'Bài đăng' },
    kind: 'post',
    platformId: `p${i}`,
    // Every fourth text repeats an earlier one: copies and stories are decided too.
    text: `${TEXTS[i % TEXTS.length]}${i % 4 === 3 ? '' : ` (bài ${i})`}`,
    authorHandle: `nguoi-dung-${i % 7}`,
    publishedAt: new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString(),
    collectedAt: '2026-11-21T00:00:00Z',
  }));
}

const opened: Runtime[] = [];
function runtime(): Runtime {
  const rt = openRuntime({ dataDir: path.join(mkdtempSync(path.join(tmpdir(), 'dlxh-thread-')), 'data') });
  opened.push(rt);
  return rt;
}
afterEach(async () => {
  for (const rt of opened.splice(0)) await rt.close();
});

/** Everything about a record but when it was analysed (and the author key: each data folder has its own secret). */
const comparable = (r: DlxhRecord | null, sameSecret = true) =>
  (r ? { ...r, analysis: r.analysis ? { ...r.analysis, at: '' } : null, collectedAt: '', authorKey: sameSecret ? r.authorKey : '' } : null);

async function indexAll(rt: Runtime, all: RawItem[]): Promise<number> {
  await rt.queue.add(all.map((data) => ({ key: rawItemKey(data), data })));
  return (await drain(rt.pipeline, { batchSize: 50 })).stored;
}

describe('analysis thread', () => {
  it('prepares items exactly as the pipeline thread does', async () => {
    const rt = runtime();
    const thread = createAnalysisThread({
      analyser: { topics: rt.config.topics, gazetteerPath: rt.config.gazetteerPath }, normalise: rt.pipeline.normalise,
    });
    try {
      const batch = items(12);
      const there = await thread.prepare(batch);
      const here = prepareItems(batch, rt.analyser, rt.pipeline.normalise);
      expect(there.map((p) => comparable(p.record ?? null))).toEqual(here.map((p) => comparable(p.record ?? null)));
      expect(there[0]?.record?.topics.length).toBeGreaterThan(0);
    } finally {
      await thread.close();
    }
  });

  it('indexes a backlog to the same records with and without the thread', async () => {
    const all = items(230);
    const threaded = runtime();
    const alone = runtime();
    alone.pipeline.analysisThread = undefined;
    expect(await indexAll(threaded, all)).toBe(230);
    expect(await indexAll(alone, all)).toBe(230);
    const ids = (await alone.store.search({ limit: 200 })).items.map((r) => r.id);
    for (const id of ids) expect(comparable(await threaded.store.get(id), false)).toEqual(comparable(await alone.store.get(id), false));
    expect(await threaded.store.countAll()).toBe(await alone.store.countAll());
    // Copies were found across batches on both paths.
    expect((await threaded.store.search({ limit: 200, hideDuplicates: true })).total).toBeLessThan(230);
  });

  it('indexes everything on its own thread when the analysis thread cannot start', async () => {
    const rt = runtime();
    await rt.pipeline.analysisThread?.close();
    rt.pipeline.analysisThread = createAnalysisThread({
      analyser: { topics: rt.config.topics, gazetteerPath: '/nonexistent/gazetteer.json' }, normalise: rt.pipeline.normalise,
    });
    await expect(rt.pipeline.analysisThread.prepare(items(1))).rejects.toThrow(/could not start/);
    expect(await indexAll(rt, items(120))).toBe(120);
    expect(await rt.store.countAll()).toBe(120);
  });
});
