// The crawler benchmark's site on 127.0.0.1: a provincial paper with `pages` article pages
// built on the fly (nothing is kept in memory), each ~60–100 KB of HTML as real papers serve
// them — inline CSS and scripts, a mega-menu, a breadcrumb, share bar, photos with captions,
// "Tin liên quan", reader comments, a "Tin mới" / "Đọc nhiều" sidebar, a footer and a JSON-LD
// date — plus section listings (20 per page, newest first) and a sitemap index whose child
// sitemaps list 10,000 URLs each. robots.txt allows everything and sets no Crawl-delay.
//
// Run directly (`node test/bench/bench-site.ts 100000`), it serves until killed and prints
// {"url": …} on its first line, so the site can run in its own process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { prng, article, sentence } from './corpus.ts';

export const URLS_PER_SITEMAP = 10_000;
const PER_LISTING = 20;
const FIRST_ID = 100_000;
const SECTIONS: [string, string][] = [
  ['thoi-su', 'Thời sự'], ['kinh-te', 'Kinh tế'], ['xa-hoi', 'Xã hội'], ['phap-luat', 'Pháp luật'], ['giao-duc', 'Giáo dục'],
  ['y-te', 'Y tế'], ['nong-nghiep', 'Nông nghiệp'], ['van-hoa', 'Văn hóa'], ['the-thao', 'Thể thao'], ['quoc-phong', 'Quốc phòng'],
];
const SUBSECTIONS = ['Tin tức', 'Chính sách', 'Địa phương', 'Phóng sự', 'Ý kiến', 'Hỏi đáp', 'Ảnh', 'Video'];
const NAMES = ['Nguyễn Văn Hùng', 'Trần Thị Lan', 'Lê Minh Tuấn', 'Phạm Thu Hà', 'Hoàng Quốc Bảo', 'Võ Thị Hồng', 'Đặng Văn Tài', 'Bùi Thanh Tâm'];
const READERS = ['Bạn đọc Đồng Xoài', 'nguoi dan bu dang', 'Minh Tâm', 'Cử tri Chơn Thành', 'Hải Yến', 'anh Tư Lộc Ninh', 'Phụ huynh', 'Thanh Bình'];
// A fixed "now", so pages and sitemaps agree between processes and runs.
const NOW = Date.now();

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pad = (n: number) => String(n).padStart(2, '0');

function slugify(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80).replace(/-$/, '');
}

/** A bounded cache, as a site's own page-fragment cache: cleared whole when full. */
function cached<T>(size: number, make: (i: number) => T): (i: number) => T {
  const memo = new Map<number, T>();
  return (i) => {
    let v = memo.get(i);
    if (v === undefined) {
      if (memo.size >= size) memo.clear();
      memo.set(i, (v = make(i)));
    }
    return v;
  };
}

/** What one article is, from its number alone (cheap: sitemaps compute 10,000 of these). */
export const articleMeta = cached(20_000, makeArticleMeta);

function makeArticleMeta(i: number) {
  const r = prng(i * 7919 + 17);
  const title = sentence(r).split('. ')[0]!.slice(0, 140);
  const [section, sectionName] = SECTIONS[i % SECTIONS.length]!;
  // Newest article has the highest number; all within the last 25 days (a sitemap source's maxAgeDays is 30).
  const published = new Date(NOW - ((i * 613) % (25 * 86_400)) * 1000 - 3600_000);
  return { id: FIRST_ID + i, title, section, sectionName, path: `/${section}/${slugify(title)}-${FIRST_ID + i}.html`, published };
}

/** "2026-11-18T08:15:00+07:00" */
function vnIso(d: Date): string {
  const t = new Date(d.getTime() + 7 * 3600_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+07:00`;
}

function vnDateLine(d: Date): string {
  const t = new Date(d.getTime() + 7 * 3600_000);
  const days = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];
  return `${days[t.getUTCDay()]}, ${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} - ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

// The same on every page, as on a real site: the theme's CSS and the analytics/ads scripts.
const INLINE_CSS = (() => {
  const r = prng(3);
  const rules: string[] = [];
  for (let k = 0; k < 170; k++) {
    rules.push(`.${['box', 'item', 'news', 'col', 'title', 'thumb', 'menu', 'cate', 'list', 'sapo'][k % 10]}-${k} .${['sub', 'inner', 'wrap', 'img', 'txt'][k % 5]}{margin:${Math.floor(r() * 20)}px ${Math.floor(r() * 20)}px;padding:0 ${Math.floor(r() * 15)}px;font-size:${12 + Math.floor(r() * 8)}px;color:#${Math.floor(r() * 0xffffff).toString(16).padStart(6, '0')}}`);
  }
  return rules.join('\n');
})();
const INLINE_JS = (() => {
  const r = prng(5);
  const parts: string[] = ['window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());gtag("config","G-BENCH00001");'];
  for (let k = 0; k < 110; k++) {
    parts.push(`var _z${k}=function(e,t){var n=document.querySelectorAll(".zone-${k}");for(var i=0;i<n.length;i++){n[i].setAttribute("data-slot","${Math.floor(r() * 1e9)}");if(t&&t.lazy){n[i].className+=" lazy"}}return n.length};`);
  }
  return parts.join('');
})();

function menu(): string {
  return SECTIONS.map(([slug, name]) => `<li class="menu-item has-sub"><a href="/${slug}/" title="${name}">${name}</a><ul class="sub-menu">${SUBSECTIONS.map((s) => `<li><a href="/${slug}/${slugify(s)}/">${s}</a></li>`).join('')}</ul></li>`).join('\n');
}
const MENU = menu();
const TODAY = vnDateLine(new Date(NOW));
const FOOTER_MENU = SECTIONS.map(([s, n]) => `<li><a href="/${s}/">${n}</a></li>`).join('');

// The same teaser appears on many pages (sidebars, related news, listings): built once, as a
// real site serves its fragments from cache.
const teaserPlain = cached(5_000, (j) => makeTeaser(j, false));
const teaserWithSapo = cached(5_000, (j) => makeTeaser(j, true));
const teaser = (j: number, withSapo: boolean) => (withSapo ? teaserWithSapo(j) : teaserPlain(j));

function makeTeaser(j: number, withSapo: boolean): string {
  const m = articleMeta(j);
  const sapo = withSapo ? `<p class="sapo">${esc(sentence(prng(j + 11)))}</p>` : '';
  return `<li class="news-item"><a class="thumb" href="${m.path}" title="${esc(m.title)}"><img src="/uploads/${m.section}/${m.id}-thumb.jpg" alt="${esc(m.title)}" width="240" height="160" loading="lazy"></a><h3 class="title"><a href="${m.path}">${esc(m.title)}</a></h3>${sapo}<span class="time">${vnDateLine(m.published)}</span></li>`;
}

function page(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - Báo Bình Phước điện tử</title>
<link rel="stylesheet" href="/themes/bp/css/bootstrap.min.css"><link rel="stylesheet" href="/themes/bp/css/style.css?v=2026.11">
<link rel="icon" href="/favicon.ico">${head}
<style>${INLINE_CSS}</style>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-BENCH00001"></script>
<script>${INLINE_JS}</script>
</head><body class="page">
<div class="topbar"><div class="container"><span class="today">${TODAY}</span><a href="/rss/">RSS</a> <a href="/lien-he/">Liên hệ</a> <a href="/quang-cao/">Quảng cáo</a></div></div>
<header class="header"><div class="container"><a class="logo" href="/"><img src="/themes/bp/img/logo.png" alt="Báo Bình Phước"></a>
<form class="search-form" action="/tim-kiem/"><input type="text" name="q" placeholder="Tìm kiếm..."><button type="submit">Tìm</button></form>
<div class="banner-top qc"><a href="/qc/1"><img src="/uploads/qc/banner-728x90.jpg" alt="Quảng cáo"></a></div></div>
<nav class="main-menu"><ul class="menu"><li><a href="/">Trang chủ</a></li>${MENU}</ul></nav></header>
${body}
<footer class="footer"><div class="container"><ul class="footer-menu">${FOOTER_MENU}</ul>
<p>Cơ quan chủ quản: Tỉnh ủy Đồng Nai. Giấy phép số 123/GP-BTTTT. Tổng biên tập: Nguyễn Văn A.</p>
<p>Địa chỉ: số 1 đường Trần Hưng Đạo, phường Đồng Xoài, tỉnh Đồng Nai. Điện thoại: 0271 3879 000. Email: toasoan@baobinhphuoc.example</p>
<p class="copyright">© Bản quyền thuộc về Báo Bình Phước. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></div></footer>
<script>(function(){var s=document.createElement("script");s.src="/themes/bp/js/main.js?v=2026.11";document.body.appendChild(s)})();</script>
</body></html>`;
}

/** The HTML of article number `i` (0-based); `base` is the site's origin. */
export function articlePage(i: number, base: string): string {
  const m = articleMeta(i);
  const r = prng(i * 31 + 7);
  const text = article(r, i, 4200 + Math.floor(r() * 1800));
  const paragraphs = text.split('\n\n');
  const author = NAMES[i % NAMES.length]!;
  const photo = (k: number) => `<table class="image center"><tbody><tr><td><img src="/uploads/${m.section}/${m.id}-${k}.jpg" alt="${esc(m.title)}" width="700" height="467"></td></tr>
<tr><td class="image_caption"><em>Ảnh ${k}: ${esc(sentence(r).slice(0, 120))}</em></td></tr></tbody></table>`;
  const body = paragraphs.map((p, k) => `<p style="text-align:justify">${esc(p)}</p>${k === 1 ? photo(1) : ''}${k === 4 ? photo(2) : ''}`).join('\n');
  const related = Array.from({ length: 6 }, (_, k) => Math.max(0, i - 3 - k * 7)).map((j) => teaser(j, false)).join('');
  const latest = Array.from({ length: 15 }, (_, k) => Math.max(0, i + 1 + k)).map((j) => teaser(j, false)).join('');
  const mostRead = Array.from({ length: 10 }, (_, k) => (i * 13 + k * 101) % (i + 1)).map((j) => teaser(j, false)).join('');
  const nComments = i % 3 === 0 ? 0 : 2 + (i % 7);
  const comments = Array.from({ length: nComments }, (_, k) => `<li class="comment-item"><div class="comment-author"><strong class="name">${READERS[(i + k) % READERS.length]}</strong>
<span class="date">${vnDateLine(new Date(m.published.getTime() + (k + 1) * 3600_000))}</span></div><div class="comment-content"><p>${esc(sentence(r))}</p></div>
<div class="comment-actions"><a href="#" class="like">Thích</a> <a href="#" class="reply">Trả lời</a></div></li>`).join('\n');
  const ld = JSON.stringify({
    '@context': 'https://schema.org', '@type': 'NewsArticle', headline: m.title, mainEntityOfPage: `${base}${m.path}`,
    datePublished: vnIso(m.published), dateModified: vnIso(new Date(m.published.getTime() + 1800_000)),
    author: { '@type': 'Person', name: author }, publisher: { '@type': 'Organization', name: 'Báo Bình Phước' },
    image: [`${base}/uploads/${m.section}/${m.id}-1.jpg`], articleSection: m.sectionName,
  });
  const head = `<meta name="description" content="${esc(paragraphs[0]!.slice(0, 200))}">
<meta property="og:type" content="article"><meta property="og:title" content="${esc(m.title)}"><meta property="og:url" content="${base}${m.path}">
<meta property="og:image" content="${base}/uploads/${m.section}/${m.id}-1.jpg"><meta property="article:section" content="${m.sectionName}">
<link rel="canonical" href="${base}${m.path}"><link rel="amphtml" href="${base}/amp${m.path}">
<script type="application/ld+json">${ld}</script>`;
  const main = `<div class="container"><div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/${m.section}/">${m.sectionName}</a></div>
<div class="row"><div class="col-main">
<article class="article-detail"><h1 class="article-title">${esc(m.title)}</h1>
<div class="article-meta"><span class="date">${vnDateLine(m.published)}</span> <span class="views">${1000 + (i % 9000)} lượt xem</span></div>
<div class="share-bar social"><a href="https://www.facebook.com/sharer/sharer.php?u=${base}${m.path}">Facebook</a> <a href="https://zalo.me/share?u=${base}${m.path}">Zalo</a> <a href="#" class="print">In bài</a></div>
<div class="article-sapo"><strong>${esc(paragraphs[0]!.slice(0, 240))}</strong></div>
<div class="zone-ads qc"><ins class="adsbygoogle" data-ad-slot="123456"></ins></div>
<div class="article-content" id="content-detail">
${body}
<p style="text-align:right"><strong>${author}</strong></p>
</div>
<div class="tags">Từ khóa: ${SUBSECTIONS.slice(0, 4).map((t) => `<a href="/tu-khoa/${slugify(t)}/">${t}</a>`).join(', ')}</div>
<div class="box-related"><h2 class="box-title">Tin liên quan</h2><ul class="list-news">${related}</ul></div>
<div class="box-comment binh-luan"><h2 class="box-title">Ý kiến bạn đọc (${nComments})</h2><ul class="comment-list">${comments}</ul>
<form class="comment-form"><textarea name="noi-dung" placeholder="Ý kiến của bạn"></textarea><input name="ho-ten"><button type="submit">Gửi bình luận</button></form></div>
</article></div>
<aside class="col-sidebar sidebar"><div class="box-news tin-moi"><h2 class="box-title">Tin mới</h2><ul class="list-news">${latest}</ul></div>
<div class="banner-right qc"><a href="/qc/2"><img src="/uploads/qc/300x250.jpg" alt="Quảng cáo"></a></div>
<div class="box-news most-read doc-nhieu"><h2 class="box-title">Đọc nhiều</h2><ul class="list-news">${mostRead}</ul></div></aside>
</div></div>`;
  return page(m.title, main, head);
}

/** Page `n` (1-based) of a section's listing: 20 of its articles, newest first. */
function listingPage(sectionIndex: number, n: number, pages: number, base: string): string | null {
  const [slug, name] = SECTIONS[sectionIndex]!;
  const inSection = Math.ceil((pages - sectionIndex) / SECTIONS.length);
  const last = Math.max(1, Math.ceil(inSection / PER_LISTING));
  if (n < 1 || n > last) return null;
  const items: string[] = [];
  for (let k = (n - 1) * PER_LISTING; k < Math.min(inSection, n * PER_LISTING); k++) {
    // The section's k-th newest article.
    const i = sectionIndex + (inSection - 1 - k) * SECTIONS.length;
    items.push(teaser(i, true));
  }
  const pager = `<div class="pagination">${n > 1 ? `<a href="/${slug}/trang-${n - 1}.html">‹ Trang trước</a>` : ''} <span>${n}</span> ${n < last ? `<a class="next" rel="next" href="/${slug}/trang-${n + 1}.html">Trang sau ›</a>` : ''}</div>`;
  return page(name, `<div class="container"><h1 class="cate-title">${name}</h1><ul class="list-news cate-list">${items.join('\n')}</ul>${pager}</div>`,
    `<link rel="canonical" href="${base}/${slug}/trang-${n}.html">`);
}

function sitemapIndex(pages: number, base: string): string {
  const files = Math.ceil(pages / URLS_PER_SITEMAP);
  const entries = Array.from({ length: files }, (_, k) => `<sitemap><loc>${base}/sitemaps/bai-viet-${k + 1}.xml</loc><lastmod>${vnIso(new Date(NOW))}</lastmod></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>`;
}

function sitemap(k: number, pages: number, base: string): string | null {
  const from = (k - 1) * URLS_PER_SITEMAP;
  if (k < 1 || from >= pages) return null;
  const urls: string[] = [];
  for (let i = from; i < Math.min(pages, from + URLS_PER_SITEMAP); i++) {
    const m = articleMeta(i);
    urls.push(`<url><loc>${base}${m.path}</loc><lastmod>${vnIso(m.published)}</lastmod><changefreq>never</changefreq><priority>0.6</priority></url>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>`;
}

export type BenchSite = {
  /** http://127.0.0.1:<port> */
  url: string;
  pages: number;
  /** Requests served, by kind. */
  served: { articles: number; listings: number; sitemaps: number; other: number };
  close(): Promise<void>;
};

const ARTICLE_PATH = /^\/[a-z-]{1,20}\/[a-z0-9-]{1,100}-(\d{6,7})\.html$/;
const LISTING_PATH = /^\/([a-z-]{1,20})\/(?:trang-(\d{1,6})\.html)?$/;
const SITEMAP_PATH = /^\/sitemaps\/bai-viet-(\d{1,4})\.xml$/;

export async function startBenchSite(pages: number): Promise<BenchSite> {
  const served = { articles: 0, listings: 0, sitemaps: 0, other: 0 };
  let base = '';
  const server = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    const send = (status: number, type: string, body: string) => {
      const bytes = Buffer.from(body, 'utf8');
      res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), 'cache-control': 'max-age=60' });
      res.end(bytes);
    };
    const a = ARTICLE_PATH.exec(p);
    if (a) {
      const i = Number(a[1]) - FIRST_ID;
      if (i >= 0 && i < pages && articleMeta(i).path === p) {
        served.articles++;
        return send(200, 'text/html; charset=utf-8', articlePage(i, base));
      }
      return send(404, 'text/html; charset=utf-8', 'Không tìm thấy');
    }
    const s = SITEMAP_PATH.exec(p);
    if (s) {
      const xml = sitemap(Number(s[1]), pages, base);
      served.sitemaps++;
      return xml === null ? send(404, 'text/plain', 'not found') : send(200, 'application/xml; charset=utf-8', xml);
    }
    if (p === '/sitemap.xml') {
      served.sitemaps++;
      return send(200, 'application/xml; charset=utf-8', sitemapIndex(pages, base));
    }
    if (p === '/robots.txt') {
      served.other++;
      return send(200, 'text/plain', `User-agent: *\nAllow: /\n\nSitemap: ${base}/sitemap.xml\n`);
    }
    const l = LISTING_PATH.exec(p);
    const section = l ? SECTIONS.findIndex(([slug]) => slug === l[1]) : -1;
    if (l && section >= 0) {
      const html = listingPage(section, Number(l[2] ?? 1), pages, base);
      served.listings++;
      return html === null ? send(404, 'text/plain', 'not found') : send(200, 'text/html; charset=utf-8', html);
    }
    served.other++;
    return send(404, 'text/html; charset=utf-8', 'Không tìm thấy');
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    pages,
    served,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

if (import.meta.main) {
  const site = await startBenchSite(Number(process.argv[2] ?? 5000));
  console.log(JSON.stringify({ url: site.url, pages: site.pages }));
  process.on('SIGTERM', () => void site.close().then(() => process.exit(0)));
}
