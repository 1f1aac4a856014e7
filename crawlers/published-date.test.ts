import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { findPublishedDate, parseHumanDate } from './published-date.ts';

const NOW = new Date('2026-11-18T10:00:00+07:00');
const find = (html: string, url?: string) => {
  const { document } = parseHTML(html);
  return findPublishedDate(document, html, { now: NOW, defaultTimeZone: 'Asia/Ho_Chi_Minh', url });
};

describe('structured data', () => {
  it('reads JSON-LD datePublished, also inside @graph and arrays', () => {
    expect(find('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-11-17T08:15:00+07:00"}</script>')).toBe('2026-11-17T08:15:00+07:00');
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'x' }, { '@type': 'NewsArticle', datePublished: '2026-11-16T01:00:00Z' }] };
    expect(find(`<script type="application/ld+json">${JSON.stringify(graph)}</script>`)).toBe('2026-11-16T01:00:00+00:00');
    expect(find('<script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":["Article"],"datePublished":"2026-11-15 09:00"}]</script>')).toBe('2026-11-15T09:00:00+07:00');
  });
  it('survives broken JSON-LD and falls back to meta', () => {
    expect(find('<script type="application/ld+json">{"@type": "Article", </script><meta property="article:published_time" content="2026-11-14T07:00:00+07:00">')).toBe('2026-11-14T07:00:00+07:00');
  });
  it('reads meta names and itemprop', () => {
    expect(find('<meta name="pubdate" content="2026-11-13T06:30:00">')).toBe('2026-11-13T06:30:00+07:00');
    expect(find('<meta name="dc.date" content="2026-11-12">')).toBe('2026-11-12T00:00:00+07:00');
    expect(find('<meta name="date" content="Thu, 12 Nov 2026 03:00:00 GMT">')).toBe('2026-11-12T10:00:00+07:00');
    expect(find('<span itemprop="datePublished" content="2026-11-11T10:00:00+07:00">11/11</span>')).toBe('2026-11-11T10:00:00+07:00');
  });
  it('reads <time datetime>', () => {
    expect(find('<article><h1>T</h1><time datetime="2026-11-10T10:00:00+07:00">10/11</time></article>')).toBe('2026-11-10T10:00:00+07:00');
  });
});

describe('Vietnamese date text', () => {
  const page = (line: string) => `<body><nav>Trang chủ</nav><div class="detail"><h1>Tiêu đề bài viết</h1><div class="x">${line}</div><p>Nội dung</p></div></body>`;
  it.each([
    ['Thứ hai, 16/11/2026 - 08:15 (GMT+7)', '2026-11-16T08:15:00+07:00'],
    ['16/11/2026 08:15', '2026-11-16T08:15:00+07:00'],
    ['08:15 16/11/2026', '2026-11-16T08:15:00+07:00'],
    ['Cập nhật lúc 08:15 - 16/11/2026', '2026-11-16T08:15:00+07:00'],
    ['Ngày 16 tháng 11 năm 2026', '2026-11-16T00:00:00+07:00'],
    ['2 giờ trước', '2026-11-18T08:00:00+07:00'],
    ['30 phút trước', '2026-11-18T09:30:00+07:00'],
    ['Hôm qua 10:20', '2026-11-17T10:20:00+07:00'],
    ['November 16, 2026', '2026-11-16T00:00:00+07:00'],
    ['16 Nov 2026', '2026-11-16T00:00:00+07:00'],
    ['le 16 novembre 2026 à 10h30', '2026-11-16T10:30:00+07:00'],
  ])('%s', (line, iso) => {
    expect(find(page(line))).toBe(iso);
  });
  it('respects another default zone', () => {
    const { document } = parseHTML('<html><body><h1>x</h1><p>18 Nov 2025 10:00</p></body></html>');
    expect(findPublishedDate(document, '', { now: NOW, defaultTimeZone: 'Europe/Paris' })).toBe('2025-11-18T10:00:00+01:00');
  });
  it('rejects future dates and uses the URL as a last resort', () => {
    expect(find('<h1>Lịch thi</h1><p>Kỳ thi ngày 20/12/2026</p>')).toBeNull();
    expect(find('<h1>x</h1>', 'https://example.vn/2026/11/05/bai-viet.html')).toBe('2026-11-05T00:00:00+07:00');
  });
  it('parses free text and never throws', () => {
    expect(parseHumanDate('Đăng lúc 07:05, 01/02/2026', { now: NOW })).toBe('2026-02-01T07:05:00+07:00');
    expect(find('')).toBeNull();
    expect(find('<<<>>>\u0000\ud800')).toBeNull();
  });
});
