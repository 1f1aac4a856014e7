import { describe, it, expect } from 'vitest';
import { parseFeed, feedDate, FeedError } from './feed.ts';

describe('parseFeed', () => {
  it('reads RSS 2.0 with CDATA, entities and content:encoded', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Báo &amp; Tin</title>
<item><title>Bồi thường &quot;cao tốc&quot;</title><link>https://bao.example/a.html</link><guid>a-1</guid>
<description><![CDATA[<p>Tóm tắt</p>]]></description><content:encoded><![CDATA[<p>Toàn văn</p>]]></content:encoded>
<pubDate>Mon, 16 Nov 2026 01:15:00 GMT</pubDate></item></channel></rss>`);
    expect(feed.title).toBe('Báo & Tin');
    expect(feed.entries).toEqual([{ id: 'a-1', url: 'https://bao.example/a.html', title: 'Bồi thường "cao tốc"', summary: '<p>Tóm tắt</p>', content: '<p>Toàn văn</p>', publishedAt: 'Mon, 16 Nov 2026 01:15:00 GMT', author: null }]);
  });

  it('reads Atom with alternate links', () => {
    const feed = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><id>urn:1</id><title>Tin</title><link rel="self" href="https://x/self"/><link rel="alternate" href="https://x/tin"/>
<published>2026-11-16T08:15:00+07:00</published><author><name>Phóng viên</name></author><summary>Tóm tắt</summary></entry></feed>`);
    expect(feed.entries[0]).toMatchObject({ id: 'urn:1', url: 'https://x/tin', title: 'Tin', author: 'Phóng viên', publishedAt: '2026-11-16T08:15:00+07:00' });
  });

  it('says where invalid XML breaks', () => {
    expect(() => parseFeed('<rss><channel><item><title>x</item></channel></rss>')).toThrow(FeedError);
    expect(() => parseFeed('<rss><channel><item><title>x</item></channel></rss>')).toThrow(/line 1/);
    expect(() => parseFeed('<html><body>not a feed</body></html>')).toThrow(/not an RSS or Atom feed/);
  });

  it('normalises dates', () => {
    expect(feedDate('Mon, 16 Nov 2026 01:15:00 GMT')).toBe('2026-11-16T01:15:00.000Z');
    expect(feedDate('2026-11-16T08:15:00+07:00')).toBe('2026-11-16T08:15:00+07:00');
    expect(feedDate('hôm qua')).toBeNull();
  });
});
