import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { TelegramSource } from '../config/schema.ts';
import type { RawItem } from './raw-item.ts';
import { crawlTelegram, parseViewCount, inVietnamTime } from './telegram.ts';
import { memoryCrawlContext, type MemoryCrawlContext } from '../test/fixtures/crawl-context.ts';
import { startTelegramSite, CHANNEL, CHANNEL_TITLE, type TelegramSite } from '../test/fixtures/telegram-site.ts';

let site: TelegramSite;
let items: RawItem[];
let ctx: MemoryCrawlContext;

beforeEach(async () => {
  site = await startTelegramSite();
  ctx = memoryCrawlContext({ politeness: { maxConcurrency: 2 } });
  items = ctx.items;
});

afterEach(async () => {
  await site.close();
});

const source = (extra: Record<string, unknown> = {}) => TelegramSource.parse({
  id: 'telegram-tin-binh-phuoc', kind: 'telegram', name: 'Kênh Telegram mẫu', channel: CHANNEL, baseUrl: site.url, ...extra,
});
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('Telegram channel preview connector', () => {
  it('reads both pages of messages, one post each, with views, dates in +07:00 and authors', async () => {
    const report = await crawlTelegram(source(), ctx);
    expect(report.errors).toEqual([]);
    expect(site.requests).toEqual([`/s/${CHANNEL}`, `/s/${CHANNEL}?before=109`]);
    // 16 messages, one of them a photo without caption.
    expect(items).toHaveLength(15);
    expect(report.skipped).toBe(1);
    const byId = new Map(items.map((i) => [Number(i.platformId!.split('/')[1]), i]));
    const first = byId.get(101)!;
    expect(first).toMatchObject({
      kind: 'post', platformId: `telegram:${CHANNEL}/101`, url: `${site.url}/${CHANNEL}/101`,
      publishedAt: '2026-11-10T08:00:00+07:00', authorName: CHANNEL_TITLE,
    });
    expect(flat(first.text)).toBe(`${site.posts[0]!.text!} 📢`);
    expect(first.engagement?.views).toBe(845);
    expect(byId.get(102)!.engagement?.views).toBe(1200);
    expect(byId.get(103)!.engagement?.views).toBe(3400);
    expect(byId.get(104)!.engagement?.views).toBe(12_000_000);
    expect(byId.get(104)!.authorName).toBe('Phóng viên Thanh Tùng');
    expect(byId.has(107)).toBe(false);
    // A reply shows the quoted message; only the reply's own text is kept.
    expect(byId.get(113)!.text).not.toContain('tin cũ');
    expect(items.every((i) => /\+07:00$/.test(i.publishedAt ?? '') && i.evidence?.sha256.length === 64)).toBe(true);
    expect(items[0]!.source).toMatchObject({ kind: 'telegram', platform: 'telegram' });
  });

  it('reads only the first page on a rerun, and only new messages after that', async () => {
    await crawlTelegram(source(), ctx);
    site.requests.length = 0;
    expect((await crawlTelegram(source(), ctx)).items).toBe(0);
    expect(site.requests).toEqual([`/s/${CHANNEL}`]);

    for (let id = 117; id <= 126; id++) {
      site.posts.push({ id, text: `Tin mới số ${id}: cập nhật tình hình giao thông ở Đồng Xoài.`, at: '2026-11-21T03:00:00+00:00', views: '12' });
    }
    site.requests.length = 0;
    const third = await crawlTelegram(source(), ctx);
    expect(third.items).toBe(10);
    expect(items.slice(-10).map((i) => i.platformId).sort()).toEqual(Array.from({ length: 10 }, (_, k) => `telegram:${CHANNEL}/${117 + k}`).sort());
    // Ten new messages span two pages; the page holding message 116 ends the walk.
    expect(site.requests).toEqual([`/s/${CHANNEL}`, `/s/${CHANNEL}?before=119`]);
  });

  it('keeps the cursor when a page fails, and reads the missing messages next time', async () => {
    site.broken.add(`/s/${CHANNEL}?before=109`);
    const report = await crawlTelegram(source(), ctx);
    expect(report.errors).toHaveLength(1);
    expect(items).toHaveLength(8);
    site.broken.clear();
    const next = await crawlTelegram(source(), ctx);
    expect(next.errors).toEqual([]);
    expect(items).toHaveLength(15);
    expect(new Set(items.map((i) => i.platformId)).size).toBe(15);
  });

  it('stops at the item budget', async () => {
    await crawlTelegram(source({ maxItemsPerRun: 5 }), ctx);
    expect(items.map((i) => i.platformId)).toEqual([112, 113, 114, 115, 116].reverse().map((n) => `telegram:${CHANNEL}/${n}`));
  });

  it('reads view counts and times as t.me writes them', () => {
    expect(parseViewCount('845')).toBe(845);
    expect(parseViewCount('1.2K')).toBe(1200);
    expect(parseViewCount('3,4K')).toBe(3400);
    expect(parseViewCount('12M')).toBe(12_000_000);
    expect(parseViewCount('1,234')).toBe(1234);
    expect(parseViewCount('')).toBeNull();
    expect(parseViewCount('many')).toBeNull();
    expect(inVietnamTime('2026-11-18T01:15:42+00:00')).toBe('2026-11-18T08:15:42+07:00');
    expect(inVietnamTime('garbage')).toBeNull();
  });
});
