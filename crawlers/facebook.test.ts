import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { FacebookSource } from '../config/schema.ts';
import { crawlFacebook, graphTime, graphErrorMessage } from './facebook.ts';
import { memoryCrawlContext } from '../test/fixtures/crawl-context.ts';
import { startGraphApi, GRAPH_TEST_TOKEN, GRAPH_PAGE_ID, type GraphApi, type GraphFixturePost } from '../test/fixtures/graph-api.ts';

const hoursAgo = (h: number) => new Date(Math.floor((Date.now() - h * 3600_000) / 1000) * 1000).toISOString();
const person = (n: number) => ({ id: `10000000000${n}`, name: `Người dân ${n}` });

function fixturePosts(): GraphFixturePost[] {
  const p1 = `${GRAPH_PAGE_ID}_900001`;
  return [
    {
      id: p1, createdTime: hoursAgo(30), shares: 12, reactions: 240,
      message: 'Thông báo: từ ngày 15/9, UBND phường Đồng Xoài tiếp nhận hồ sơ cấp đổi giấy tờ tại trung tâm hành chính công.',
      comments: [
        { id: `900001_1`, message: 'Cho hỏi có nhận hồ sơ buổi chiều không ạ?', createdTime: hoursAgo(29), from: person(1), likes: 3 },
        { id: `900001_2`, message: 'Dạ có, từ 13h30 đến 17h ạ.', createdTime: hoursAgo(28), from: { id: GRAPH_PAGE_ID, name: 'UBND phường Đồng Xoài' }, parentId: '900001_1', likes: 5 },
        { id: `900001_3`, message: 'Sáng nay đi nộp phải chờ hơn hai tiếng, mong bố trí thêm người.', createdTime: hoursAgo(27), from: person(2), likes: 18 },
      ],
    },
    { id: `${GRAPH_PAGE_ID}_900002`, createdTime: hoursAgo(20), shares: 0, reactions: 30, comments: [] },
    {
      id: `${GRAPH_PAGE_ID}_900003`, createdTime: hoursAgo(10), shares: 3, reactions: 95,
      message: 'Lịch cắt điện khu vực phường Bình Long ngày 14/9 để bảo trì lưới điện.',
      comments: [{ id: `900003_1`, message: 'Cắt cả ngày luôn hả trời.', createdTime: hoursAgo(9), from: person(3), likes: 1 }],
    },
  ];
}

function context() {
  const ctx = memoryCrawlContext({ politeness: { timeoutSecs: 10 } });
  return { ctx, items: ctx.items, logs: ctx.logs };
}

const sourceFor = (api: GraphApi, extra: Record<string, unknown> = {}) => FacebookSource.parse({
  id: 'fanpage-phuong', name: 'Fanpage UBND phường', kind: 'facebook', pageId: GRAPH_PAGE_ID, accessToken: GRAPH_TEST_TOKEN, apiBase: api.base, ...extra,
});

describe('Facebook Graph API connector', () => {
  let api: GraphApi;
  beforeEach(async () => {
    api = await startGraphApi(fixturePosts());
  });
  afterEach(async () => {
    await api.close();
  });

  it('reads the Page\'s posts and their comments across pages, with their fields', async () => {
    const { ctx, items, logs } = context();
    const report = await crawlFacebook(sourceFor(api), ctx);
    expect(report.errors).toEqual([]);

    const posts = items.filter((i) => i.kind === 'post');
    // The photo-only post has no text: skipped with its reason, not an error.
    expect(posts.map((p) => p.platformId).sort()).toEqual([`facebook:${GRAPH_PAGE_ID}_900001`, `facebook:${GRAPH_PAGE_ID}_900003`]);
    expect(report.skipped).toBe(1);
    const p1 = posts.find((p) => p.platformId === `facebook:${GRAPH_PAGE_ID}_900001`)!;
    expect(p1).toMatchObject({
      source: { id: 'fanpage-phuong', kind: 'facebook', platform: 'facebook' },
      url: `https://www.facebook.com/${GRAPH_PAGE_ID}/posts/900001`,
      text: api.posts[0]!.message,
      publishedAt: api.posts[0]!.createdTime,
      engagement: { likes: 240, shares: 12, comments: 3 },
    });
    expect(p1.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const comments = items.filter((i) => i.kind === 'comment');
    expect(comments).toHaveLength(4);
    const question = comments.find((c) => c.platformId === 'facebook:900001_1')!;
    expect(question).toMatchObject({
      parentRef: `facebook:${GRAPH_PAGE_ID}_900001`, threadRef: `facebook:${GRAPH_PAGE_ID}_900001`,
      text: 'Cho hỏi có nhận hồ sơ buổi chiều không ạ?', authorName: 'Người dân 1', authorHandle: '100000000001', engagement: { likes: 3 },
    });
    const answer = comments.find((c) => c.platformId === 'facebook:900001_2')!;
    expect(answer.parentRef).toBe('facebook:900001_1');

    // Paging: posts in two pages (2 + 1), post 1's comments in two pages, following paging.next.
    const postCalls = api.calls.filter((c) => c.path.endsWith('/posts'));
    expect(postCalls).toHaveLength(2);
    expect(postCalls[0]!.path).toBe(`/v21.0/${GRAPH_PAGE_ID}/posts`);
    expect(postCalls[0]!.params.fields).toContain('reactions.summary(total_count)');
    expect(postCalls[0]!.params.limit).toBe('100');
    expect(postCalls[0]!.params.since).toBeUndefined();
    expect(postCalls[1]!.params.after).toBeDefined();
    const commentCalls = api.calls.filter((c) => c.path === `/v21.0/${GRAPH_PAGE_ID}_900001/comments`);
    expect(commentCalls).toHaveLength(2);
    expect(commentCalls[0]!.params).toMatchObject({ fields: 'id,message,created_time,from,parent{id},like_count', filter: 'stream' });
    // The post without comments is not asked for them.
    expect(api.calls.some((c) => c.path.includes('_900002/comments'))).toBe(false);

    expect([...logs, ...report.errors].join('\n')).not.toContain(GRAPH_TEST_TOKEN);
  });

  it('on a rerun reads only new posts and new comments', async () => {
    const { ctx, items } = context();
    const source = sourceFor(api);
    await crawlFacebook(source, ctx);
    const firstCount = items.length;
    const callsBefore = api.calls.length;

    api.posts.push({
      id: `${GRAPH_PAGE_ID}_900004`, createdTime: hoursAgo(1), shares: 0, reactions: 4,
      message: 'Khuyến cáo người dân đề phòng mưa lớn chiều nay.', comments: [],
    });
    api.posts[0]!.comments.push({ id: '900001_4', message: 'Chiều nay còn đông không mọi người?', createdTime: hoursAgo(0.5), from: person(4), likes: 0 });

    const report = await crawlFacebook(source, ctx);
    expect(report.errors).toEqual([]);
    expect(items.slice(firstCount).map((i) => i.platformId).sort()).toEqual([`facebook:${GRAPH_PAGE_ID}_900004`, 'facebook:900001_4']);
    expect(report.skipped).toBe(0);

    const calls = api.calls.slice(callsBefore);
    // since = the newest post read last run, less the 7-day look-back, in Unix seconds.
    const since = Number(calls.find((c) => c.path.endsWith('/posts'))!.params.since);
    expect(Math.abs(since * 1000 - (Date.parse(api.posts[2]!.createdTime) - 7 * 86_400_000))).toBeLessThan(2000);
    // Only the post whose comment count grew is read again, newest first, up to the first page
    // with nothing new (page 2 of 2 here).
    const commentCalls = calls.filter((c) => c.path.endsWith('/comments'));
    expect(commentCalls.map((c) => c.path)).toEqual([`/v21.0/${GRAPH_PAGE_ID}_900001/comments`, `/v21.0/${GRAPH_PAGE_ID}_900001/comments`]);
    expect(commentCalls[0]!.params.order).toBe('reverse_chronological');

    expect((await crawlFacebook(source, ctx)).items).toBe(0);
  });

  it('reports an expired Page token clearly, without the token', async () => {
    const { ctx, logs } = context();
    api.tokenExpired = true;
    const report = await crawlFacebook(sourceFor(api), ctx);
    expect(report.items).toBe(0);
    expect(report.errors).toEqual([
      'fanpage-phuong: the Page access token has expired (OAuthException 190/463): create a new one and set FACEBOOK_PAGE_TOKEN',
    ]);
    expect(api.calls).toHaveLength(1);
    expect([...logs, ...report.errors].join('\n')).not.toContain(GRAPH_TEST_TOKEN);
  });

  it('backs off and retries on a Graph rate-limit code', async () => {
    const { ctx, logs } = context();
    api.failNextWithCode(4);
    const report = await crawlFacebook(sourceFor(api, { includeComments: false }), ctx);
    expect(report.errors).toEqual([]);
    expect(report.items).toBe(2);
    expect(logs.some((l) => /HTTP 403: waiting/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toContain(GRAPH_TEST_TOKEN);
  });

  it('refuses a paging link to another host (it would carry the token)', async () => {
    const { ctx, items } = context();
    api.pagingBase = 'http://graph.example.invalid';
    const report = await crawlFacebook(sourceFor(api, { includeComments: false }), ctx);
    expect(report.errors).toEqual(['fanpage-phuong: refused a paging link to another host (http://graph.example.invalid/v21.0/104857600012345/posts?fields=id%2Cmessage%2Ccreated_time%2Cpermalink_url%2Cshares%2Creactions.summary%28total_count%29%2Ccomments.filter%28stream%29.limit%280%29.summary%28total_count%29&limit=100&access_token=***&after=Mg)']);
    // The first page's posts are kept; the cursor does not move past what was not read.
    expect(items.map((i) => i.platformId)).toEqual([`facebook:${GRAPH_PAGE_ID}_900003`]);
    expect(ctx.state.cursorValue('fanpage-phuong', 'since')).toBeNull();
  });
});

describe('Graph API helpers', () => {
  it('reads Graph times', () => {
    expect(graphTime('2025-09-12T08:00:00+0000')).toBe('2025-09-12T08:00:00.000Z');
    expect(graphTime('2025-09-12T15:00:00+0700')).toBe('2025-09-12T08:00:00.000Z');
    expect(graphTime('not a time')).toBeNull();
    expect(graphTime(undefined)).toBeNull();
  });

  it('turns error payloads into actions', () => {
    expect(graphErrorMessage('s', 'p', { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } }, 'x'))
      .toBe('s: the Page access token is not valid (OAuthException 190): create a new one and set FACEBOOK_PAGE_TOKEN');
    expect(graphErrorMessage('s', 'p', { error: { message: '(#10) no permission', type: 'OAuthException', code: 10 } }, 'x')).toMatch(/pages_read_engagement/);
    expect(graphErrorMessage('s', 'p', { error: { message: '(#17) User request limit reached', type: 'OAuthException', code: 17 } }, 'x')).toMatch(/rate limit/);
    expect(graphErrorMessage('s', 'p', null, 'HTTP 502')).toBe('s: HTTP 502');
  });
});
