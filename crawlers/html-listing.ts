// HTML listing → article connector (DESIGN §5): section fronts or search pages of a news site,
// their pagination, and the articles they link to. Each new article is extracted (title, text,
// date, authors, section) and stored with its reader comments as separate items.
//
// Incremental: articles are remembered in the seen-set by canonical URL, and pagination stops at
// the first listing page whose oldest link was already read — unless the last run left articles
// behind (its item budget ran out, or a page failed), in which case older pages are walked again.
import type { z } from 'zod';
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import type { HtmlSource } from '../config/schema.ts';
import { canonicalUrl } from '../pipeline/canonical-url.ts';
import { fold } from '../pipeline/language/fold.ts';
import { lazyExtractPool } from './extract-pool.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { evidenceOf } from './evidence.ts';
import { findNextPage, resolveLink } from './next-page.ts';
import { emitItem } from './rss.ts';
import { runWebCrawl, type PageRequest } from './web-crawl.ts';

type HtmlSourceConfig = z.infer<typeof HtmlSource>;

type El = Element;

/** Cursor name: set while the source has older listing pages not yet walked. */
const BACKLOG_CURSOR = 'listing-backlog';

// ---------------------------------------------------------------- finding article links

// Page furniture whose links are not the section's articles.
const FURNITURE_TAGS = new Set(['NAV', 'FOOTER', 'HEADER', 'ASIDE', 'MENU']);
const FURNITURE_NAME = /(?:^|[\s_-])(?:nav|navbar|menu|footer|header|sidebar|side-bar|breadcrumbs?|widget|tags?|tag-list|keywords?|most-read|mostread|doc-nhieu|docnhieu|trending|banner|ads?|qc|quang-cao|social|share|pagination|pager|paging|phan-trang)(?:$|[\s_-])/i;
// Paths that list things rather than show one article.
const LIST_PATH = /\/(?:tag|tags|tu-khoa|chu-de|topic|category|categories|chuyen-muc|danh-muc|author|tac-gia|search|tim-kiem|video|videos|photo|multimedia|rss|lien-he|gioi-thieu|login|dang-nhap)(?:\/|$)/i;
// An article path: a page file, a long numeric id, or a long slug.
const ARTICLE_FILE = /\.(?:html?|aspx?|php)$/i;
const NUMERIC_ID = /(?:^|[^a-z0-9])\d{5,}(?:[^0-9]|$)/i;
const LONG_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+){3,}$/i;

function inFurniture(el: El): boolean {
  // Bounded: a page of thousands of nested blocks must not make every link walk them all.
  for (let p: El | null = el, level = 0; p !== null && level < 40; p = p.parentElement, level++) {
    if (FURNITURE_TAGS.has(p.tagName)) return true;
    const role = p.getAttribute('role');
    if (role === 'navigation' || role === 'contentinfo' || role === 'complementary') return true;
    const name = `${p.getAttribute('class') ?? ''} ${p.getAttribute('id') ?? ''}`;
    if (name.length < 300 && FURNITURE_NAME.test(name)) return true;
  }
  return false;
}

/** True for a path that looks like one article rather than a section, tag or search page. */
export function looksLikeArticlePath(url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  if (path === '/' || LIST_PATH.test(path)) return false;
  const last = path.replace(/\/$/, '').split('/').pop() ?? '';
  if (last.length > 200) return false;
  return ARTICLE_FILE.test(last) || NUMERIC_ID.test(last) || (LONG_SLUG.test(last) && last.length >= 25);
}

/** Anchor text that reads like a headline: a few words, not "Xem thêm" or a section name. */
function headlineLike(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length < 20 || t.length > 300) return false;
  if (t.split(' ').length < 4) return false;
  return !/^(?:xem them|doc tiep|chi tiet|read more)\b/.test(fold(t));
}

function safeAll(root: Document | El, selector: string): El[] {
  try {
    return [...root.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

/** Article URLs a listing page links to, in page order, without duplicates (by canonical URL). */
export function findArticleLinks(doc: Document, pageUrl: string, source: Pick<HtmlSourceConfig, 'articleLinkSelector' | 'articleUrlPattern'>): string[] {
  const found: string[] = [];
  const keys = new Set<string>([canonicalUrl(pageUrl) ?? pageUrl]);
  const add = (href: string | null) => {
    const url = resolveLink(href, pageUrl);
    if (url === null) return;
    const key = canonicalUrl(url) ?? url;
    if (keys.has(key)) return;
    keys.add(key);
    found.push(url);
  };
  if (source.articleLinkSelector) {
    for (const el of safeAll(doc, source.articleLinkSelector)) {
      if (el.tagName === 'A') add(el.getAttribute('href'));
      else for (const a of safeAll(el, 'a[href]').slice(0, 1)) add(a.getAttribute('href'));
    }
    return found;
  }
  let pattern: RegExp | null = null;
  if (source.articleUrlPattern) {
    try {
      pattern = new RegExp(source.articleUrlPattern);
    } catch (err) {
      throw new Error(`articleUrlPattern is not a valid regular expression: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const a of safeAll(doc, 'a[href]')) {
    const url = resolveLink(a.getAttribute('href'), pageUrl);
    if (url === null) continue;
    if (pattern !== null) {
      if (pattern.test(url)) add(url);
      continue;
    }
    if (!looksLikeArticlePath(url) || inFurniture(a)) continue;
    // An image link has no headline; the title link next to it does.
    if (!headlineLike(a.textContent ?? '') && !headlineLike(a.getAttribute('title') ?? '')) continue;
    add(url);
  }
  return found;
}

// ---------------------------------------------------------------- the connector

function commentId(articleKey: string, author: string | null, text: string): string {
  return createHash('sha256').update(`${articleKey}\n${author ?? ''}\n${text}`).digest('hex').slice(0, 16);
}

export async function crawlHtmlListing(source: HtmlSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'html' as const, platform: 'web', name: source.name };
  // Enqueued pages are unique within this run only: a rerun must be able to visit them again.
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const request = (url: string, label: string, userData: Record<string, unknown> = {}): PageRequest =>
    ({ url, label, userData, uniqueKey: `${label}:${url}:${run}` });

  const catchingUp = ctx.state.cursorValue(source.id, BACKLOG_CURSOR) === 'yes';
  const queued = new Set<string>();
  let budget = source.maxItemsPerRun;
  let budgetRanOut = false;

  // Articles are extracted on a worker thread while the next pages are fetched and the evidence is compressed.
  const pool = lazyExtractPool();
  const result = await runWebCrawl(source.listUrls.map((u) => request(u, 'list', { page: 1 })), {
    sourceId: source.id,
    ctx,
    maxRequests: source.listUrls.length * source.maxListPages + source.maxItemsPerRun,
    handle: async (page, enqueue) => {
      if (page.label === 'list') {
        const { document } = parseHTML(page.text);
        const doc = document as unknown as Document;
        const links = findArticleLinks(doc, page.finalUrl, source);
        const fresh: PageRequest[] = [];
        for (const url of links) {
          const key = canonicalUrl(url) ?? url;
          if (queued.has(key) || ctx.state.seen(source.id, key)) continue;
          if (budget <= 0) {
            budgetRanOut = true;
            break;
          }
          queued.add(key);
          budget--;
          fresh.push(request(url, 'article', { listedAs: key }));
        }
        if (links.length === 0) ctx.log(`${source.id}: no article links found on ${page.finalUrl} (set articleLinkSelector?)`);
        await enqueue(fresh);
        const n = Number(page.userData.page ?? 1);
        if (n >= source.maxListPages || budget <= 0) return;
        // Listings run newest first: once the oldest link of a page was read before, older pages
        // hold nothing new (the oldest, not any: old stories are often pinned at the top).
        const last = links.at(-1);
        if (last !== undefined && ctx.state.seen(source.id, canonicalUrl(last) ?? last) && !catchingUp) return;
        const next = findNextPage(doc, page.finalUrl, source.nextPageSelector);
        if (next !== null) await enqueue([request(next, 'list', { page: n + 1 })]);
        return;
      }
      const [article, evidence] = await Promise.all([
        pool.extract({ url: page.finalUrl, html: page.text, selectors: source.selectors }),
        evidenceOf(ctx, page.bytes, page.contentType),
      ]);
      const articleUrl = page.finalUrl;
      const key = canonicalUrl(articleUrl) ?? articleUrl;
      const collectedAt = new Date().toISOString();
      const before = report.items;
      await emitItem(ctx, report, source.id, {
        source: sourceRef,
        kind: 'article',
        url: articleUrl,
        title: article.title,
        text: article.text,
        publishedAt: article.publishedAt,
        authorName: article.authors.length > 0 ? article.authors.join(', ') : null,
        collectedAt,
        evidence,
      });
      if (report.items === before) return;
      // A redirected link is remembered under the address the listing gave too.
      ctx.state.markSeen(source.id, [String(page.userData.listedAs ?? key)]);
      const host = new URL(articleUrl).hostname.replace(/^www\./, '');
      for (const c of article.comments) {
        await emitItem(ctx, report, source.id, {
          source: sourceRef,
          kind: 'comment',
          url: articleUrl,
          platformId: `${host}:comment-${commentId(key, c.author, c.text)}`,
          parentRef: key,
          threadRef: key,
          text: c.text,
          publishedAt: c.publishedAt,
          authorName: c.author,
          collectedAt,
          evidence,
        });
      }
    },
  }).finally(() => pool.close());
  // A cut budget or a failed page leaves articles behind on older pages: walk them next time.
  ctx.state.setCursorValue(source.id, BACKLOG_CURSOR, budgetRanOut || result.errors.length > 0 ? 'yes' : 'no');
  report.errors.push(...result.errors);
  for (const s of result.skipped) ctx.log(`${source.id}: skipped ${s}`);
  return report;
}
