import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { YoutubeSource } from '../config/schema.ts';
import { crawlYoutube, youtubeQuotaDay } from './youtube.ts';
import { memoryCrawlContext } from '../test/fixtures/crawl-context.ts';
import { startYoutubeApi, YOUTUBE_TEST_KEY, type YoutubeApi, type FixtureVideo, type FixtureComment } from '../test/fixtures/youtube-api.ts';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const comment = (id: string, text: string, h: number, likes = 0): FixtureComment =>
  ({ id, author: `Người xem ${id}`, authorChannelId: `UC-viewer-${id}`, text, publishedAt: hoursAgo(h), likes });

function fixtureVideos(): FixtureVideo[] {
  return [
    {
      id: 'vidNgap01', title: 'Ngập sâu sau mưa lớn ở Đồng Xoài', publishedAt: hoursAgo(10), channelId: 'UC-baomau', channelTitle: 'Báo Mẫu TV',
      description: 'Mưa lớn chiều qua khiến nhiều tuyến đường ở phường Đồng Xoài ngập sâu. Người dân phản ánh hệ thống thoát nước xuống cấp nhiều năm.',
      views: 15230, likes: 412,
      threads: [
        { ...comment('Ugx1', 'Năm nào cũng ngập, mong chính quyền sớm làm cống mới.', 9, 31), replies: [
          comment('Ugx1.r1', 'Đúng rồi, đoạn gần chợ ngập nặng nhất.', 8),
          comment('Ugx1.r2', 'Nhà tôi nước vào tận nhà luôn.', 7, 2),
          comment('Ugx1.r3', 'Đã gửi phản ánh lên phường mà chưa thấy trả lời.', 6),
        ] },
        { ...comment('Ugx2', 'Cảm ơn báo đã phản ánh kịp thời.', 5, 4), replies: [] },
        { ...comment('Ugx3', 'Ai đi qua đó nhớ cẩn thận nhé.', 3), replies: [] },
        { ...comment('Ugx0a', 'Video rõ nét quá.', 9.5), replies: [] },
        { ...comment('Ugx0b', 'Khu này ngập từ hồi trước rồi.', 9.8, 1), replies: [] },
      ],
    },
    {
      id: 'vidKhongBL', title: 'Toàn cảnh Đồng Xoài nhìn từ trên cao', publishedAt: hoursAgo(20), channelId: 'UC-flycam', channelTitle: 'Flycam Miền Đông',
      description: 'Flycam Đồng Xoài mùa mưa.', views: 800, likes: 40, commentsDisabled: true, threads: [],
    },
    {
      id: 'vidCu00001', title: 'Đồng Xoài: khánh thành công viên trung tâm', publishedAt: hoursAgo(30), channelId: 'UC-baomau', channelTitle: 'Báo Mẫu TV',
      description: 'Công viên trung tâm Đồng Xoài mở cửa đón người dân sau hai năm xây dựng.', views: 3000, likes: 90, threads: [],
    },
    {
      id: 'vidDieu001', title: 'Giá điều Bình Phước tăng mạnh đầu vụ', publishedAt: hoursAgo(12), channelId: 'UC-nongnghiep', channelTitle: 'Nông nghiệp 24h',
      description: 'Nông dân Bình Phước phấn khởi vì giá hạt điều tươi tăng.', views: 5400, likes: 120,
      threads: [{ ...comment('Ugy1', 'Giá tăng nhưng phân bón cũng tăng, lời chẳng bao nhiêu.', 11, 9), replies: [] }],
    },
    {
      id: 'vidKhac001', title: 'Du lịch Đà Lạt mùa hoa', publishedAt: hoursAgo(2), channelId: 'UC-other', channelTitle: 'Du lịch',
      description: 'Không liên quan đến tỉnh.', views: 10, likes: 1, threads: [],
    },
  ];
}

function context(evidenceDir: string | null) {
  const ctx = memoryCrawlContext({ politeness: { timeoutSecs: 10 }, evidenceDir });
  return { ctx, items: ctx.items, logs: ctx.logs };
}

const sourceFor = (api: YoutubeApi, extra: Record<string, unknown> = {}) => YoutubeSource.parse({
  id: 'youtube-tinh', name: 'YouTube: tỉnh', kind: 'youtube', apiKey: YOUTUBE_TEST_KEY,
  queries: ['đồng xoài', 'bình phước'], apiBase: api.base, ...extra,
});

describe('YouTube connector', () => {
  let api: YoutubeApi;
  let dir: string;
  beforeEach(async () => {
    api = await startYoutubeApi(fixtureVideos());
    dir = await mkdtemp(path.join(os.tmpdir(), 'dlxh-youtube-test-'));
  });
  afterEach(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('searches each query, pages through results, and emits videos, comments and replies with their fields', async () => {
    const { ctx, items, logs } = context(path.join(dir, 'evidence'));
    const report = await crawlYoutube(sourceFor(api), ctx);
    expect(report.errors).toEqual([]);

    const videos = items.filter((i) => i.kind === 'video');
    expect(videos.map((v) => v.platformId).sort()).toEqual(['youtube:video:vidCu00001', 'youtube:video:vidDieu001', 'youtube:video:vidKhongBL', 'youtube:video:vidNgap01']);
    const ngap = videos.find((v) => v.platformId === 'youtube:video:vidNgap01')!;
    expect(ngap).toMatchObject({
      source: { id: 'youtube-tinh', kind: 'youtube', platform: 'youtube', name: 'YouTube: tỉnh' },
      url: 'https://www.youtube.com/watch?v=vidNgap01',
      title: 'Ngập sâu sau mưa lớn ở Đồng Xoài',
      authorName: 'Báo Mẫu TV',
      authorHandle: 'UC-baomau',
      publishedAt: api.videos[0]!.publishedAt,
      engagement: { views: 15230, likes: 412, comments: 8 },
    });
    // The whole description from videos.list, not search's shortened one.
    expect(ngap.text).toBe(api.videos[0]!.description);
    expect(ngap.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(path.join(dir, 'evidence', ngap.evidence!.path!))).toBe(true);

    const comments = items.filter((i) => i.kind === 'comment');
    // 5 threads and 3 replies on vidNgap01 (three pages of threads, two of replies), 1 on vidDieu001.
    expect(comments).toHaveLength(9);
    const top = comments.find((c) => c.platformId === 'youtube:comment:Ugx1')!;
    expect(top).toMatchObject({
      parentRef: 'youtube:video:vidNgap01', threadRef: 'youtube:video:vidNgap01',
      text: 'Năm nào cũng ngập, mong chính quyền sớm làm cống mới.', authorName: 'Người xem Ugx1', authorHandle: 'UC-viewer-Ugx1',
      engagement: { likes: 31, comments: 3 },
    });
    const reply = comments.find((c) => c.platformId === 'youtube:comment:Ugx1.r2')!;
    expect(reply).toMatchObject({ parentRef: 'youtube:comment:Ugx1', threadRef: 'youtube:video:vidNgap01', text: 'Nhà tôi nước vào tận nhà luôn.' });
    expect(reply.url).toBe('https://www.youtube.com/watch?v=vidNgap01&lc=Ugx1.r2');
    expect(new Set(items.map((i) => i.platformId)).size).toBe(items.length);

    // Comments disabled is not an error.
    expect(logs.some((l) => l.includes('comments are disabled on video vidKhongBL'))).toBe(true);

    // Calls: search q1 twice (2 per page, 3 hits), q2 once; one videos.list; comment pages.
    const searches = api.calls.filter((c) => c.endpoint === 'search');
    expect(searches).toHaveLength(3);
    expect(searches[0]!.params).toMatchObject({ part: 'snippet', type: 'video', q: 'đồng xoài', regionCode: 'VN', relevanceLanguage: 'vi', order: 'date', maxResults: '50' });
    expect(searches[0]!.params.publishedAfter).toBeUndefined();
    expect(searches[1]!.params.pageToken).toBe('p2');
    expect(api.calls.filter((c) => c.endpoint === 'videos')).toHaveLength(1);
    const threadCalls = api.calls.filter((c) => c.endpoint === 'commentThreads');
    expect(threadCalls[0]!.params).toMatchObject({ videoId: expect.any(String), maxResults: '100', order: 'time', textFormat: 'plainText' });
    // vidCu00001 has no comments: its threads are not asked for.
    expect(threadCalls.some((c) => c.params.videoId === 'vidCu00001')).toBe(false);
    expect(api.calls.filter((c) => c.endpoint === 'comments').map((c) => c.params.parentId)).toEqual(['Ugx1', 'Ugx1']);

    // Quota: 3 searches × 100 + videos 1 + threads (3 + 1 disabled + 1) + replies 2 = 308.
    expect(ctx.state.quotaUsed('youtube-tinh', youtubeQuotaDay())).toBe(308);
    expect(logs.some((l) => l.includes('used 308 of 10000 units today'))).toBe(true);
    // The key is never logged.
    expect(logs.join('\n')).not.toContain(YOUTUBE_TEST_KEY);
  });

  it('on a rerun asks only for newer videos and reads comments only where the count grew', async () => {
    const { ctx, items } = context(null);
    const source = sourceFor(api);
    await crawlYoutube(source, ctx);
    const firstCount = items.length;
    const callsBefore = api.calls.length;

    api.videos.push({
      id: 'vidMoi0001', title: 'Sạt lở bờ sông ở Đồng Xoài', publishedAt: hoursAgo(1), channelId: 'UC-baomau', channelTitle: 'Báo Mẫu TV',
      description: 'Bờ sông sạt lở uy hiếp nhiều nhà dân.', views: 100, likes: 5,
      threads: [{ ...comment('Ugz1', 'Cần di dời dân gấp.', 0.5), replies: [] }],
    });
    api.videos[0]!.threads.push({ ...comment('Ugx4', 'Sáng nay vẫn còn ngập.', 0.2), replies: [] });

    const report = await crawlYoutube(source, ctx);
    expect(report.errors).toEqual([]);
    const fresh = items.slice(firstCount).map((i) => i.platformId);
    expect(fresh.sort()).toEqual(['youtube:comment:Ugx4', 'youtube:comment:Ugz1', 'youtube:video:vidMoi0001']);

    const calls = api.calls.slice(callsBefore);
    const searches = calls.filter((c) => c.endpoint === 'search');
    expect(searches).toHaveLength(2);
    // publishedAfter is the newest video of the last run, less a 6-hour overlap.
    const newestBefore = Date.parse(hoursAgo(10));
    for (const s of searches) expect(Math.abs(Date.parse(s.params.publishedAfter!) - (newestBefore - 6 * 3600_000))).toBeLessThan(5000);
    expect([...new Set(calls.filter((c) => c.endpoint === 'commentThreads').map((c) => c.params.videoId))].sort()).toEqual(['vidMoi0001', 'vidNgap01']);
    // Threads come newest first: reading stops at the first page with nothing new (page 2 of 3).
    expect(calls.filter((c) => c.endpoint === 'commentThreads' && c.params.videoId === 'vidNgap01')).toHaveLength(2);
    // The video with comments disabled is not asked again.
    expect(calls.some((c) => c.endpoint === 'commentThreads' && c.params.videoId === 'vidKhongBL')).toBe(false);

    // A third run with nothing new emits nothing.
    const before = items.length;
    const callsBeforeThird = api.calls.length;
    expect((await crawlYoutube(source, ctx)).items).toBe(0);
    expect(items.length).toBe(before);
    // Nothing grew: no comment is asked for, the disabled video included.
    expect(api.calls.slice(callsBeforeThird).filter((c) => c.endpoint === 'commentThreads')).toEqual([]);
  });

  it('stops before going over the daily quota and carries the count over to the next run of the day', async () => {
    const { ctx, items, logs } = context(null);
    const source = sourceFor(api, { dailyQuota: 250 });
    const report = await crawlYoutube(source, ctx);
    expect(report.errors).toEqual([]);
    // Two search pages (200 units) fit; the second query's search (100 more) does not.
    expect(api.calls.filter((c) => c.endpoint === 'search')).toHaveLength(2);
    expect(logs.some((l) => /stopping search\.list before the daily quota/.test(l))).toBe(true);
    // Cheaper calls still fit: the videos found get their details and comments.
    expect(items.filter((i) => i.kind === 'video')).toHaveLength(3);
    expect(items.some((i) => i.platformId === 'youtube:comment:Ugx1')).toBe(true);
    const used = ctx.state.quotaUsed('youtube-tinh', youtubeQuotaDay());
    expect(used).toBeLessThanOrEqual(250);
    expect(used).toBe(207);

    // Same day again: no search fits any more.
    const callsBefore = api.calls.length;
    await crawlYoutube(source, ctx);
    expect(api.calls.slice(callsBefore).filter((c) => c.endpoint === 'search')).toHaveLength(0);
    expect(ctx.state.quotaUsed('youtube-tinh', youtubeQuotaDay())).toBeLessThanOrEqual(250);
    // The quota of another day is untouched.
    expect(ctx.state.quotaUsed('youtube-tinh', '2000-01-01')).toBe(0);
  });

  it('stops the source for the day on 403 quotaExceeded with a clear message', async () => {
    const { ctx } = context(null);
    const source = sourceFor(api);
    api.quotaExceeded = true;
    const report = await crawlYoutube(source, ctx);
    expect(report.items).toBe(0);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/quota .* used up for today \(403 quotaExceeded\).*midnight Pacific time/);
    expect(api.calls).toHaveLength(1);
    expect(ctx.state.quotaUsed('youtube-tinh', youtubeQuotaDay())).toBe(10_000);
    // Later runs the same day make no call at all.
    api.quotaExceeded = false;
    await crawlYoutube(source, ctx);
    expect(api.calls).toHaveLength(1);
  });

  it('retries a 503 after the Retry-After it was given', async () => {
    const { ctx, logs } = context(null);
    api.failNext(503, 1);
    const started = Date.now();
    const report = await crawlYoutube(sourceFor(api, { queries: ['bình phước'] }), ctx);
    expect(report.errors).toEqual([]);
    expect(report.items).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(logs.some((l) => /HTTP 503: waiting 1 s/.test(l))).toBe(true);
    expect(api.calls.filter((c) => c.endpoint === 'search')).toHaveLength(2);
  });

  it('reports a bad API key without showing it', async () => {
    const { ctx, logs } = context(null);
    const report = await crawlYoutube(sourceFor(api, { apiKey: 'AIzaWrongKey-987654' }), ctx);
    expect(report.items).toBe(0);
    expect(report.errors).toEqual(['youtube-tinh: the YouTube API key is not valid: set YOUTUBE_API_KEY to a key of a project with the YouTube Data API v3 enabled']);
    expect(api.calls).toHaveLength(1);
    expect([...report.errors, ...logs].join('\n')).not.toContain('AIzaWrongKey-987654');
  });

  it('keeps to maxCommentsPerVideo and maxVideosPerRun', async () => {
    const { ctx, items } = context(null);
    await crawlYoutube(sourceFor(api, { queries: ['đồng xoài'], maxCommentsPerVideo: 2, maxVideosPerRun: 1 }), ctx);
    expect(items.filter((i) => i.kind === 'video').map((i) => i.platformId)).toEqual(['youtube:video:vidNgap01']);
    expect(items.filter((i) => i.kind === 'comment')).toHaveLength(2);
  });
});

describe('youtubeQuotaDay', () => {
  it('is the calendar day in Pacific time', () => {
    // 07:30 UTC on 2 March is still 1 March in Los Angeles (UTC−8).
    expect(youtubeQuotaDay(new Date('2025-03-02T07:30:00Z'))).toBe('2025-03-01');
    expect(youtubeQuotaDay(new Date('2025-03-02T08:30:00Z'))).toBe('2025-03-02');
    // Summer time (UTC−7).
    expect(youtubeQuotaDay(new Date('2025-07-02T06:59:00Z'))).toBe('2025-07-01');
  });
});
