// The demo's bundled sample sources: a Vietnamese local news site served on 127.0.0.1 from
// config/demo/articles.yaml (sample content written for the project). It reproduces what real
// provincial papers look like, mess included: summary-only RSS, tracking parameters, navigation,
// ads, related links, reader comments and a syndicated near-copy.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DEFAULT_CONFIG_DIR } from '../config/load.ts';

const Article = z.object({
  slug: z.string(),
  section: z.string(),
  title: z.string(),
  sapo: z.string(),
  published: z.string(),
  author: z.string(),
  paragraphs: z.array(z.string()).min(1),
  comments: z.array(z.object({ name: z.string(), text: z.string(), at: z.string() })).default([]),
  duplicate_of: z.string().optional(),
});
const SiteFile = z.object({
  site: z.object({ name: z.string() }).loose(),
  articles: z.array(Article).min(1),
});
export type SampleArticle = z.infer<typeof Article>;

export const SAMPLE_ARTICLES_FILE = path.join(DEFAULT_CONFIG_DIR, 'demo', 'articles.yaml');

export function loadSampleArticles(file = SAMPLE_ARTICLES_FILE): z.infer<typeof SiteFile> {
  return SiteFile.parse(YAML.parse(readFileSync(file, 'utf8')));
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function articlePath(a: SampleArticle): string {
  return `/${a.section}/${a.slug}.html`;
}

function vnDate(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const days = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} - ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} (GMT+7)`;
}

function layout(siteName: string, title: string, main: string, sidebar: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(title)} | ${esc(siteName)}</title>
<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script></head>
<body><div class="top-bar">Hotline: 0251 3xx xxxx | Đường dây nóng phản ánh</div>
<header class="site-header"><a class="logo" href="/">${esc(siteName)}</a>
<nav class="menu"><a href="/thoi-su/">Thời sự</a><a href="/kinh-te/">Kinh tế</a><a href="/xa-hoi/">Xã hội</a><a href="/phap-luat/">Pháp luật</a><a href="/giao-duc/">Giáo dục</a><a href="/suc-khoe/">Sức khỏe</a></nav></header>
<div class="ads ads-top"><a href="/qc/1"><img src="/static/banner.gif" alt="Quảng cáo: Khuyến mãi lớn cuối năm"></a></div>
<div class="container"><main>${main}</main><aside class="sidebar">${sidebar}</aside></div>
<footer><p>© 2026 ${esc(siteName)}. Giấy phép số 00/GP-BTTTT (mẫu). Ghi rõ nguồn khi phát hành lại.</p><p>Địa chỉ: số 1, đường Mẫu, phường Đồng Xoài.</p></footer></body></html>`;
}

function renderArticle(siteName: string, a: SampleArticle, all: SampleArticle[]): string {
  const related = all.filter((x) => x.slug !== a.slug && x.section === a.section).slice(0, 4);
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org', '@type': 'NewsArticle', headline: a.title, datePublished: a.published,
    author: { '@type': 'Person', name: a.author }, publisher: { '@type': 'Organization', name: siteName },
  });
  const comments = a.comments.map((c) => `<li class="comment"><b class="comment-author">${esc(c.name)}</b>
    <span class="comment-time">${esc(vnDate(c.at))}</span><p class="comment-text">${esc(c.text)}</p></li>`).join('');
  const main = `<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/${a.section}/">${esc(a.section)}</a></div>
<article class="detail"><h1 class="title-detail">${esc(a.title)}</h1>
<div class="date-time">${esc(vnDate(a.published))}</div>
<script type="application/ld+json">${jsonLd.replace(/</g, '\\u003c')}</script>
<div class="share"><a href="#">Chia sẻ Facebook</a> <a href="#">Zalo</a> <a href="#">In bài</a></div>
<p class="sapo"><strong>${esc(a.sapo)}</strong></p>
<div class="content-detail">${a.paragraphs.map((p, i) => `<p>${esc(p)}</p>${i === 1 ? '<div class="ads ads-inline">Quảng cáo</div><div class="related-inline"><b>Xem thêm:</b> <a href="/">Tin liên quan khác</a></div>' : ''}`).join('\n')}
<p class="author" style="text-align:right"><strong>${esc(a.author)}</strong></p></div></article>
<div class="tags">Từ khóa: <a href="/tag/dong-nai">Đồng Nai</a></div>
<section class="comments"><h3>Ý kiến bạn đọc (${a.comments.length})</h3><ul>${comments}</ul></section>`;
  const sidebar = `<h3>Tin cùng chuyên mục</h3><ul>${related.map((r) => `<li><a href="${articlePath(r)}">${esc(r.title)}</a></li>`).join('')}</ul>
<h3>Đọc nhiều</h3><ol>${all.slice(0, 5).map((r) => `<li><a href="${articlePath(r)}?utm_source=sidebar">${esc(r.title)}</a></li>`).join('')}</ol>`;
  return layout(siteName, a.title, main, sidebar);
}

function renderRss(siteName: string, base: string, articles: SampleArticle[]): string {
  const items = articles.map((a, i) => {
    // Some items link with tracking parameters, as real feeds do; canonicalisation removes them.
    const link = `${base}${articlePath(a)}${i % 3 === 0 ? '?utm_source=rss&utm_medium=feed' : ''}`;
    return `<item><title>${esc(a.title)}</title><link>${esc(link)}</link><guid isPermaLink="false">${esc(a.slug)}</guid>
<description><![CDATA[<p>${esc(a.sapo)}</p>]]></description><pubDate>${new Date(a.published).toUTCString()}</pubDate></item>`;
  }).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(siteName)} - Tin mới</title><link>${base}/</link><description>Tin mới nhất</description>
${items}
</channel></rss>`;
}

export type SampleSite = { url: string; close(): Promise<void> };

export async function startSampleSite(options: { port?: number; file?: string } = {}): Promise<SampleSite> {
  const site = loadSampleArticles(options.file);
  const sorted = [...site.articles].sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
  const byPath = new Map(sorted.map((a) => [articlePath(a), a]));
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'max-age=60' });
      res.end(body);
    };
    if (url.pathname === '/robots.txt') return send(200, 'text/plain', 'User-agent: *\nDisallow: /admin/\nCrawl-delay: 0\n');
    if (url.pathname === '/rss/tin-moi.xml') return send(200, 'application/rss+xml; charset=utf-8', renderRss(site.site.name, base, sorted));
    const article = byPath.get(url.pathname);
    if (article) return send(200, 'text/html; charset=utf-8', renderArticle(site.site.name, article, sorted));
    if (url.pathname === '/') {
      const list = sorted.map((a) => `<li><a href="${articlePath(a)}">${esc(a.title)}</a><p>${esc(a.sapo)}</p></li>`).join('');
      return send(200, 'text/html; charset=utf-8', layout(site.site.name, 'Trang chủ', `<ul class="list-news">${list}</ul>`, ''));
    }
    send(404, 'text/html; charset=utf-8', '<h1>404 - Không tìm thấy trang</h1>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url: base,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
