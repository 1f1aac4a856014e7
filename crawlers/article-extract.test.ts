import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from './article-extract.ts';
import { decodeBody } from './charset.ts';
import { evaluateExtraction, shingleF1 } from '../test/eval/extraction.ts';

const NOW = new Date('2026-11-22T12:00:00+07:00');
const fixture = (name: string) => {
  const dir = new URL('../test/fixtures/extraction/', import.meta.url);
  const gold = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as { url: string; title: string; text: string; publishedAt: string };
  const html = decodeBody(new Uint8Array(readFileSync(new URL(`${name}.html`, dir)))).text;
  return { gold, html };
};

const PARAS = ['Người dân xã Tân Lợi phản ánh việc bồi thường đất làm đường vành đai chưa thỏa đáng, đề nghị cơ quan chức năng làm rõ.',
  'Theo đơn kiến nghị, đơn giá bồi thường chỉ bằng một phần ba giá chuyển nhượng thực tế trong khu vực, gây thiệt thòi cho các hộ dân.',
  'Lãnh đạo ban quản lý dự án cho biết sẽ tổ chức đối thoại với người dân trong tháng 11 để giải thích căn cứ tính giá.'];

describe('extractArticle', () => {
  it('extracts a VnExpress-like page: title, body without captions or author line, date, author, lang', () => {
    const { gold, html } = fixture('vnexpress-dong-xoai-ngap');
    const a = extractArticle({ url: gold.url, html, now: NOW });
    expect(a.title).toBe(gold.title);
    expect(shingleF1(a.text, gold.text)).toBeGreaterThan(0.97);
    expect(a.text).not.toMatch(/Ảnh: Minh Hiếu|Xem thêm|Chia sẻ/);
    expect(a.text.split('\n\n').length).toBeGreaterThan(4);
    expect(a.publishedAt).toBe('2026-11-16T08:15:00+07:00');
    expect(a.authors).toEqual(['Minh Hiếu']);
    expect(a.lang).toBe('vi');
  });

  it('reads comments', () => {
    const { gold, html } = fixture('withcomments-dat-dai-khieu-nai');
    const a = extractArticle({ url: gold.url, html, now: NOW });
    expect(a.comments.map((c) => c.author)).toEqual(['Nguyễn Hùng', 'Lan Anh']);
    expect(a.comments[0]!.publishedAt).toBe('2026-11-16T08:40:00+07:00');
    expect(a.text).not.toContain('Đề nghị cơ quan chức năng vào cuộc');
  });

  it('uses per-site selectors when given', () => {
    const html = `<html><body><div class="x"><h2 class="tt">Tiêu đề riêng</h2><span class="ngay">Đăng 10/11/2026 07:30</span>
<div class="nd"><p>${PARAS[0]}</p><div class="qc">Quảng cáo giữa bài</div><p>${PARAS[1]}</p></div><b class="tg">Lan Hương</b></div>
<div class="other"><p>${PARAS[2]}</p><p>${PARAS[2]}</p></div></body></html>`;
    const a = extractArticle({ url: 'https://a.vn/1', html, now: NOW, selectors: { title: '.tt', body: '.nd', date: '.ngay', author: '.tg', remove: ['.qc'] } });
    expect(a.title).toBe('Tiêu đề riêng');
    expect(a.text).toBe(`${PARAS[0]}\n\n${PARAS[1]}`);
    expect(a.publishedAt).toBe('2026-11-10T07:30:00+07:00');
    expect(a.authors).toEqual(['Lan Hương']);
    // A broken selector falls back to the heuristics instead of throwing.
    expect(extractArticle({ url: '', html, selectors: { body: '!!bad[' } }).text).toContain(PARAS[0]);
  });

  it('never throws on broken, empty or odd HTML', () => {
    for (const html of ['', '   ', '<', '<html><body><div><p>unclosed <b>bold <i>x', '<p>' + '😀'.repeat(5000), '\u0000\ud800<div>', '<table><tr><td>'.repeat(3000)]) {
      const a = extractArticle({ url: 'https://a.vn', html });
      expect(typeof a.text).toBe('string');
    }
    const broken = `<html><body><h1>Tin</h1><div class="content"><p>${PARAS[0]}<p>${PARAS[1]}<p>${PARAS[2]}</div></div></span></body>`;
    expect(extractArticle({ url: '', html: broken }).text).toContain(PARAS[2]);
  });

  it('handles a 5 MB page', () => {
    const filler = `<div class="sidebar"><ul>${'<li><a href="/x">Tin khác rất dài để làm đầy trang</a></li>'.repeat(200)}</ul></div>`;
    let html = `<html><body><nav>${'<a href="/m">Menu</a>'.repeat(500)}</nav><article><h1>Bài lớn</h1>`;
    for (let i = 0; i < 300; i++) html += `<p>${PARAS[i % 3]} Đoạn ${i}.</p>`;
    html += '</article>';
    while (html.length < 5_000_000) html += filler;
    html += '</body></html>';
    const t0 = performance.now();
    const a = extractArticle({ url: 'https://a.vn/big', html });
    const ms = performance.now() - t0;
    expect(a.title).toBe('Bài lớn');
    expect(a.text.split('\n\n').length).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(20_000);
  });

  it('scores well on the dev set', async () => {
    const s = await evaluateExtraction();
    expect(s.pages).toBeGreaterThanOrEqual(25);
    expect(s.bodyF1).toBeGreaterThan(0.95);
    expect(s.datesCorrect / s.datesTotal).toBeGreaterThanOrEqual(0.9);
  });
});
