import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { ForumSource } from '../config/schema.ts';
import type { RawItem } from './raw-item.ts';
import { crawlForum, threadKeyOf } from './forum.ts';
import { memoryCrawlContext, type MemoryCrawlContext } from '../test/fixtures/crawl-context.ts';
import { startForumSite, type ForumSite } from '../test/fixtures/forum-site.ts';

let site: ForumSite;
let items: RawItem[];
let ctx: MemoryCrawlContext;

beforeEach(async () => {
  site = await startForumSite();
  ctx = memoryCrawlContext({ politeness: { maxConcurrency: 2 } });
  items = ctx.items;
});

afterEach(async () => {
  await site.close();
});

const xenforo = (extra: Record<string, unknown> = {}) => ForumSource.parse({
  id: 'dien-dan-binh-phuoc', kind: 'forum', name: 'Diễn đàn Bình Phước', url: site.sectionUrl, ...extra,
});
const threadPages = () => site.requests.filter((p) => p.startsWith('/threads/'));

describe('forum connector, XenForo style', () => {
  it('reads every post of both threads across their pages, one item each', async () => {
    const report = await crawlForum(xenforo(), ctx);
    expect(report.errors).toEqual([]);
    expect(items).toHaveLength(13);
    expect(threadPages().sort()).toEqual([
      '/threads/gia-dieu-bu-dang-vu-nay.102/',
      '/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101/',
      '/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101/page-2',
      '/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101/page-3',
    ]);
    const thread = `${site.url}/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101`;
    const posts = items.filter((i) => i.threadRef === thread);
    expect(posts).toHaveLength(10);
    expect(posts.filter((p) => p.kind === 'post')).toHaveLength(1);
    const first = posts.find((p) => p.kind === 'post')!;
    expect(first).toMatchObject({
      title: 'Ngập nước Quốc lộ 14 đoạn qua Đồng Xoài sau mỗi trận mưa', parentRef: null, authorName: 'dongxoai_89',
      platformId: '127.0.0.1:post-5001', publishedAt: '2026-11-10T07:30:00+07:00',
    });
    const replies = posts.filter((p) => p.kind === 'comment');
    expect(replies.every((r) => r.parentRef === thread && r.title === null)).toBe(true);
    expect(new Set(posts.map((p) => p.platformId)).size).toBe(10);
    expect(first.evidence?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.source).toMatchObject({ id: 'dien-dan-binh-phuoc', kind: 'forum' });
  });

  it('removes quoted text and signatures from replies', async () => {
    await crawlForum(xenforo(), ctx);
    const reply = items.find((i) => i.platformId === '127.0.0.1:post-5003')!;
    expect(reply.text).toBe('Đúng rồi, hôm qua mình phải dắt bộ gần cây số.');
    expect(items.some((i) => /đã viết:|Chữ ký|Bấm để xem/.test(i.text))).toBe(false);
    expect(reply.url).toContain('post-5003');
  });

  it('fetches nothing on a rerun but the section, and only the new page and post when the thread grows', async () => {
    await crawlForum(xenforo(), ctx);
    site.requests.length = 0;
    const again = await crawlForum(xenforo(), ctx);
    expect(again.items).toBe(0);
    expect(site.requests).toEqual(['/forums/thao-luan-binh-phuoc.5/']);

    const t = site.threads[0]!;
    t.posts.push({ id: 5011, author: 'Hạnh Tân Phú', at: '2026-11-20T18:00:00+0700', text: 'Mưa hôm nay nước rút sau 15 phút, đỡ nhiều rồi.' });
    t.posts.push({ id: 5012, author: 'dongxoai_89', at: '2026-11-21T18:00:00+0700', text: 'Cảm ơn mọi người đã cùng phản ánh, mong giữ được như vậy.' });
    t.posts.push({ id: 5013, author: 'co_giao_loc_ninh', at: '2026-11-21T19:00:00+0700', text: 'Học sinh đi học đã không phải lội nước nữa.' });
    site.requests.length = 0;
    const third = await crawlForum(xenforo(), ctx);
    expect(third.items).toBe(3);
    expect(items.slice(-3).map((i) => i.platformId)).toEqual(['127.0.0.1:post-5011', '127.0.0.1:post-5012', '127.0.0.1:post-5013']);
    expect(items.slice(-3).every((i) => i.kind === 'comment')).toBe(true);
    // The section, the page read last time (now with a new post), and the new fourth page.
    expect(site.requests).toEqual(['/forums/thao-luan-binh-phuoc.5/',
      '/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101/page-3', '/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101/page-4']);
  });

  it('reads at most maxThreadPages per thread per run, and goes on from there next time', async () => {
    await crawlForum(xenforo({ maxThreadPages: 2 }), ctx);
    expect(items).toHaveLength(11);
    expect(threadPages()).not.toContain('/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101/page-3');
    await crawlForum(xenforo({ maxThreadPages: 2 }), ctx);
    expect(items).toHaveLength(13);
  });

  it('survives a broken page and reads the rest of the thread on the next run', async () => {
    site.broken.add('/threads/ngap-nuoc-quoc-lo-14-doan-qua-dong-xoai.101/page-2');
    const report = await crawlForum(xenforo(), ctx);
    expect(report.errors.some((e) => e.includes('page-2'))).toBe(true);
    expect(items).toHaveLength(4 + 3);
    site.broken.clear();
    const next = await crawlForum(xenforo(), ctx);
    expect(next.errors).toEqual([]);
    expect(items).toHaveLength(13);
  });

  it('takes a single thread as the source address', async () => {
    const url = `${site.url}/threads/gia-dieu-bu-dang-vu-nay.102/`;
    await crawlForum(xenforo({ id: 'mot-chu-de', url }), ctx);
    expect(items.map((i) => i.kind)).toEqual(['post', 'comment', 'comment']);
    expect(items.every((i) => i.threadRef === threadKeyOf(url))).toBe(true);
  });
});

describe('forum connector, generic layout', () => {
  it('finds posts by their repeated author + time + body blocks, across "Trang sau" pages', async () => {
    const source = ForumSource.parse({ id: 'dien-dan-chon-thanh', kind: 'forum', name: 'Diễn đàn Chơn Thành', url: site.genericThreadUrl, style: 'generic' });
    const report = await crawlForum(source, ctx);
    expect(report.errors).toEqual([]);
    expect(items.map((i) => i.platformId)).toEqual(site.generic.map((p) => `127.0.0.1:post-${p.id}`));
    expect(items[0]).toMatchObject({ kind: 'post', title: 'Nước thải ở suối Minh Hưng', authorName: 'Ba Tư Chơn Thành', publishedAt: '2026-11-18T08:15:00+07:00' });
    expect(items[2]!.text).toBe('Nên lấy mẫu nước gửi đi xét nghiệm để có số liệu cụ thể.');
    expect(items.every((i) => i.threadRef === site.genericThreadUrl)).toBe(true);
    expect(items.some((i) => /Chơn Thành quê tôi|Thành viên tích cực/.test(i.text))).toBe(false);

    site.requests.length = 0;
    expect((await crawlForum(source, ctx)).items).toBe(0);
    // Only the last page read is looked at again.
    expect(site.requests).toEqual(['/dien-dan/chu-de-nuoc-thai-suoi-minh-hung-77.html?page=2']);
  });

  it('uses a configured postSelector', async () => {
    const source = ForumSource.parse({ id: 'dien-dan-chon-thanh', kind: 'forum', name: 'Diễn đàn Chơn Thành', url: site.genericThreadUrl, style: 'generic', postSelector: '.post-row' });
    await crawlForum(source, ctx);
    expect(items).toHaveLength(5);
  });
});
