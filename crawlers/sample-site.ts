// The demo's bundled sample sources: a Vietnamese local news site served on 127.0.0.1 from
// config/demo/articles.yaml, with a XenForo-style forum built from the forum posts of
// config/demo/social-posts.ndjson (sample content written for the project). It reproduces what
// real provincial sites look like, mess included: a summary-only RSS feed of the newest
// articles, a Google-News sitemap of all of them, tracking parameters, navigation, ads, related
// links, reader comments, a syndicated near-copy, and forum threads over several pages.
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
export const SAMPLE_POSTS_FILE = path.join(DEFAULT_CONFIG_DIR, 'demo', 'social-posts.ndjson');

// The feed carries only the newest articles, as real feeds do; the sitemap carries all of them.
const FEED_SIZE = 12;
const POSTS_PER_FORUM_PAGE = 2;

type ForumPost = { id: string; author: string; text: string; publishedAt: string };

function loadForumPosts(file: string): ForumPost[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Partial<ForumPost> & { platform?: string })
    .filter((p): p is ForumPost & { platform: string } => p.platform === 'forum' && typeof p.text === 'string')
    .map((p) => ({ id: p.id.replace(/\D/g, ''), author: p.author, text: p.text, publishedAt: p.publishedAt }));
}

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

function renderNewsSitemap(siteName: string, base: string, articles: SampleArticle[]): string {
  const urls = articles.map((a) => `<url><loc>${esc(`${base}${articlePath(a)}`)}</loc><lastmod>${a.published}</lastmod>
<news:news><news:publication><news:name>${esc(siteName)}</news:name><news:language>vi</news:language></news:publication>
<news:publication_date>${a.published}</news:publication_date><news:title>${esc(a.title)}</news:title></news:news></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls}
</urlset>`;
}

type Thread = { id: number; slug: string; title: string; posts: ForumPost[] };

const threadPath = (t: Thread, page = 1) => `/dien-dan/threads/${t.slug}.${t.id}/${page > 1 ? `page-${page}` : ''}`;

function forumPost(p: ForumPost): string {
  return `<article class="message message--post" data-author="${esc(p.author)}" data-content="post-${esc(p.id)}">
<div class="message-cell message-cell--user"><h4 class="message-name"><span class="username">${esc(p.author)}</span></h4></div>
<div class="message-cell message-cell--main"><header class="message-attribution"><ul class="message-attribution-main"><li>
<a href="#post-${esc(p.id)}"><time class="u-dt" datetime="${esc(p.publishedAt)}">${esc(vnDate(p.publishedAt))}</time></a></li></ul></header>
<article class="message-body"><div class="bbWrapper">${esc(p.text)}</div></article>
<aside class="message-signature"><div class="bbWrapper">Yêu quê hương Bình Phước</div></aside></div></article>`;
}

function renderThread(siteName: string, t: Thread, page: number): string {
  const pages = Math.ceil(t.posts.length / POSTS_PER_FORUM_PAGE);
  const posts = t.posts.slice((page - 1) * POSTS_PER_FORUM_PAGE, page * POSTS_PER_FORUM_PAGE).map(forumPost).join('\n');
  const next = page < pages ? `<a class="pageNav-jump pageNav-jump--next" href="${threadPath(t, page + 1)}">Tiếp</a>` : '';
  return layout(siteName, t.title, `<h1 class="p-title-value">${esc(t.title)}</h1><div class="block-body">${posts}</div><div class="pageNav">${next}</div>`, '');
}

function renderForumSection(siteName: string, threads: Thread[]): string {
  const items = threads.map((t) => {
    const last = t.posts.at(-1) as ForumPost;
    return `<div class="structItem structItem--thread"><div class="structItem-cell structItem-cell--main"><div class="structItem-title">
<a href="${threadPath(t)}" data-tp-primary="on">${esc(t.title)}</a></div></div>
<div class="structItem-cell structItem-cell--latest"><time class="structItem-latestDate u-dt" datetime="${esc(last.publishedAt)}">${esc(vnDate(last.publishedAt))}</time></div></div>`;
  }).join('\n');
  return layout(siteName, 'Diễn đàn', `<h1>Diễn đàn bạn đọc</h1><div class="structItemContainer">${items}</div>`, '');
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

export async function startSampleSite(options: { port?: number; file?: string; postsFile?: string } = {}): Promise<SampleSite> {
  const site = loadSampleArticles(options.file);
  const sorted = [...site.articles].sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
  const byPath = new Map(sorted.map((a) => [articlePath(a), a]));
  // Forum posts become two threads: the first post of each opens it, the others reply.
  const forumPosts = loadForumPosts(options.postsFile ?? SAMPLE_POSTS_FILE);
  const half = Math.ceil(forumPosts.length / 2);
  const threads: Thread[] = [forumPosts.slice(0, half), forumPosts.slice(half)].filter((p) => p.length).map((posts, i) => ({
    id: 10 + i, slug: i === 0 ? 'hoi-dap-giay-to-sau-sap-nhap' : 'chuyen-duong-sa-que-minh', title: (posts[0] as ForumPost).text.slice(0, 80), posts,
  }));
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'max-age=60' });
      res.end(body);
    };
    if (url.pathname === '/robots.txt') return send(200, 'text/plain', 'User-agent: *\nDisallow: /admin/\nCrawl-delay: 0\n');
    if (url.pathname === '/rss/tin-moi.xml') return send(200, 'application/rss+xml; charset=utf-8', renderRss(site.site.name, base, sorted.slice(0, FEED_SIZE)));
    if (url.pathname === '/sitemap-news.xml') return send(200, 'application/xml; charset=utf-8', renderNewsSitemap(site.site.name, base, sorted));
    if (url.pathname === '/dien-dan/') return send(200, 'text/html; charset=utf-8', renderForumSection(site.site.name, threads));
    const thread = /^\/dien-dan\/threads\/[a-z-]+\.(\d+)\/(?:page-(\d+))?$/.exec(url.pathname);
    const t = thread ? threads.find((x) => x.id === Number(thread[1])) : undefined;
    if (thread && t) return send(200, 'text/html; charset=utf-8', renderThread(site.site.name, t, Number(thread[2] ?? 1)));
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
