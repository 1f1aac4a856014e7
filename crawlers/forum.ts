// Forum connector (DESIGN §5 "forum threads with pagination"): a forum section or one thread,
// XenForo-style or generic. Every post of a thread, across its pages, is its own item: the
// opening post is a "post", replies are "comments" whose parent is the thread. Quoted text is
// removed from a reply's body so that one opinion is counted once.
//
// Incremental: per thread a cursor remembers the last page read, whether the thread was read to
// its end, and the thread's "last activity" time from the section page. A rerun skips threads
// with no new activity, starts the others at the last page read, and skips posts already seen.
import type { z } from 'zod';
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import type { ForumSource } from '../config/schema.ts';
import { canonicalUrl } from '../pipeline/canonical-url.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { evidenceOf } from './evidence.ts';
import { htmlToText } from './html-text.ts';
import { findNextPage, pageOf, resolveLink } from './next-page.ts';
import { parseHumanDate, parseMachineDate } from './published-date.ts';
import { emitItem } from './rss.ts';
import { runWebCrawl, type PageRequest } from './web-crawl.ts';

type ForumSourceConfig = z.infer<typeof ForumSource>;
type El = Element;

/** Section pages walked per run: threads with new activity rise to the first pages. */
const MAX_SECTION_PAGES = 5;

export type ForumPost = {
  /** The forum's own post id ("123"), or null when the page shows none. */
  id: string | null;
  author: string | null;
  publishedAt: string | null;
  text: string;
  /** Permalink when the page gives one. */
  url: string | null;
};

export type ThreadCursor = {
  /** The last page of the thread read so far, to start from next time. */
  pageUrl: string;
  page: number;
  /** The section's "last post" time for the thread when it was read. */
  lastActivity: string | null;
  /** True when the last run read the thread to its last page. */
  complete: boolean;
};

const QUOTES = 'blockquote, .bbCodeBlock--quote, .quote, [class*="quote"], [class*="signature"], .js-selectToQuoteEnd';

function safeAll(root: Document | El, selector: string | undefined): El[] {
  if (selector === undefined || selector.trim() === '') return [];
  try {
    return [...root.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Body text without quotes and signatures. */
function bodyText(body: El): string {
  const copy = body.cloneNode(true) as El;
  for (const q of safeAll(copy, QUOTES)) q.remove();
  return htmlToText(copy.innerHTML);
}

function dateOf(el: El | null): string | null {
  if (el === null) return null;
  const machine = el.getAttribute('datetime') ?? el.getAttribute('data-datetime') ?? el.getAttribute('title');
  const fromMachine = machine === null ? null : parseMachineDate(machine);
  if (fromMachine !== null) return fromMachine;
  const unix = el.getAttribute('data-time');
  if (unix !== null && /^\d{10}$/.test(unix)) return parseMachineDate(unix);
  return parseHumanDate(clean(el.textContent));
}

const POST_ID = /(?:^|[^a-z])(?:post|p|msg|message|comment|reply)[-_]?(\d{1,15})$/i;

function postIdOf(el: El): string | null {
  for (const attr of ['data-content', 'id', 'data-post-id', 'data-pid', 'data-id', 'name']) {
    const v = el.getAttribute(attr);
    if (v === null) continue;
    if (/^\d{1,15}$/.test(v) && attr !== 'id') return v;
    const m = POST_ID.exec(v);
    if (m !== null) return m[1]!;
  }
  return null;
}

// ---------------------------------------------------------------- XenForo

export function xenforoPosts(doc: Document, pageUrl: string): ForumPost[] {
  return safeAll(doc, 'article.message, .message--post').filter((el, i, all) => all.indexOf(el) === i).map((m) => {
    const body = m.querySelector('.message-body .bbWrapper') ?? m.querySelector('.bbWrapper') ?? m.querySelector('.message-body');
    const author = m.getAttribute('data-author') ?? clean(m.querySelector('.message-name, .username')?.textContent);
    const time = m.querySelector('.message-attribution time.u-dt, time.u-dt, time[datetime]');
    const link = m.querySelector('.message-attribution-main a[href], .message-attribution-opposite a[href]');
    return {
      id: postIdOf(m),
      author: author || null,
      publishedAt: dateOf(time),
      text: body === null ? '' : bodyText(body),
      url: resolveLink(link?.getAttribute('href') ?? null, pageUrl),
    };
  });
}

type ThreadLink = { url: string; lastActivity: string | null };

export function xenforoThreadLinks(doc: Document, pageUrl: string, selector?: string): ThreadLink[] {
  if (selector) {
    return safeAll(doc, selector).flatMap((el) => {
      const url = resolveLink(el.tagName === 'A' ? el.getAttribute('href') : el.querySelector('a[href]')?.getAttribute('href') ?? null, pageUrl);
      return url === null ? [] : [{ url, lastActivity: null }];
    });
  }
  const out: ThreadLink[] = [];
  for (const item of safeAll(doc, '.structItem--thread')) {
    const anchors = safeAll(item, '.structItem-title a[href]');
    const a = anchors.find((x) => x.getAttribute('data-tp-primary') !== null) ?? anchors.filter((x) => !/labelLink/.test(x.getAttribute('class') ?? '')).at(-1);
    const url = resolveLink(a?.getAttribute('href') ?? null, pageUrl);
    if (url === null) continue;
    const latest = item.querySelector('.structItem-cell--latest time') ?? safeAll(item, 'time').at(-1) ?? null;
    out.push({ url, lastActivity: latest?.getAttribute('datetime') ?? latest?.getAttribute('data-time') ?? null });
  }
  return out;
}

// ---------------------------------------------------------------- generic forums

const AUTHOR_SELECTOR = '[itemprop="author"], [class*="author"], [class*="username"], [class*="poster"], [class*="user"], [class*="member"], [class*="name"]';
const DATE_SELECTOR = 'time, [class*="date"], [class*="time"]';
const BODY_SELECTOR = '[itemprop="text"], [class*="content"], [class*="body"], [class*="message"], [class*="text"], [class*="entry"]';

function authorEl(block: El): El | null {
  return safeAll(block, AUTHOR_SELECTOR).find((el) => { const t = clean(el.textContent); return t.length > 0 && t.length <= 60; }) ?? null;
}

/** Repeated blocks that each carry an author, a time and some text: the posts of a thread. */
export function findPostBlocks(doc: Document): El[] {
  const groups = new Map<El, Map<string, Set<El>>>();
  let n = 0;
  for (const d of safeAll(doc, DATE_SELECTOR)) {
    if (++n > 3000) break;
    let p: El | null = d.parentElement;
    for (let level = 0; p !== null && p.parentElement !== null && p.tagName !== 'BODY' && level < 10; level++, p = p.parentElement) {
      const parent = p.parentElement;
      const sig = `${p.tagName}.${clean(p.getAttribute('class')).split(' ').filter((c) => !/\d/.test(c)).sort().join('.')}`;
      let bySig = groups.get(parent);
      if (bySig === undefined) groups.set(parent, (bySig = new Map()));
      let set = bySig.get(sig);
      if (set === undefined) bySig.set(sig, (set = new Set()));
      set.add(p);
    }
  }
  let best: El[] = [];
  let bestChars = Infinity;
  for (const bySig of groups.values()) {
    for (const set of bySig.values()) {
      const members = [...set].filter((b) => authorEl(b) !== null && clean(b.textContent).length > 20);
      if (members.length < 2) continue;
      const chars = members.reduce((s, b) => s + (b.textContent?.length ?? 0), 0);
      // Most repeated wins; between equals, the innermost (least text around the posts).
      if (members.length > best.length || (members.length === best.length && chars < bestChars)) {
        best = members;
        bestChars = chars;
      }
    }
  }
  if (best.length > 0) return best;
  // One post on the page (a short thread, a last page): the smallest block around the first
  // date that also names an author.
  const first = safeAll(doc, DATE_SELECTOR)[0];
  for (let p = first?.parentElement ?? null, level = 0; p !== null && p.tagName !== 'BODY' && level < 10; p = p.parentElement, level++) {
    if (authorEl(p) !== null && clean(p.textContent).length > 40) return [p];
  }
  return [];
}

export function genericPosts(doc: Document, pageUrl: string, postSelector?: string): ForumPost[] {
  const blocks = postSelector ? safeAll(doc, postSelector) : findPostBlocks(doc);
  return blocks.map((block) => {
    const author = authorEl(block);
    const time = block.querySelector('time') ?? safeAll(block, DATE_SELECTOR).find((el) => dateOf(el) !== null) ?? null;
    const bodies = safeAll(block, BODY_SELECTOR).filter((b) => (author === null || !b.contains(author)) && (time === null || !b.contains(time)));
    let body = bodies.sort((a, b) => (b.textContent?.length ?? 0) - (a.textContent?.length ?? 0))[0] ?? null;
    if (body === null) {
      body = block.cloneNode(true) as El;
      for (const el of safeAll(body, `${AUTHOR_SELECTOR}, ${DATE_SELECTOR}`)) el.remove();
    }
    const id = postIdOf(block);
    const link = block.querySelector('a[href*="#post"], a[href*="post-"], a[href*="#p"], a.permalink');
    return {
      id,
      author: author === null ? null : clean(author.textContent) || null,
      publishedAt: dateOf(time),
      text: bodyText(body),
      url: resolveLink(link?.getAttribute('href') ?? null, pageUrl),
    };
  });
}

const THREAD_HREF = /showthread|viewtopic|\/threads?\/|\/topics?\/|[?&]t=\d|\/t\/|chu-de|\/thao-luan\//i;

export function genericThreadLinks(doc: Document, pageUrl: string, selector?: string): ThreadLink[] {
  const anchors = selector ? safeAll(doc, selector) : safeAll(doc, 'a[href]').filter((a) =>
    THREAD_HREF.test(a.getAttribute('href') ?? '') && clean(a.textContent).length >= 8 && a.closest('nav, footer, header, aside, [class*="pag"]') === null);
  const seen = new Set<string>();
  const out: ThreadLink[] = [];
  for (const a of anchors) {
    const url = resolveLink(a.getAttribute('href'), pageUrl);
    if (url === null) continue;
    const key = threadKeyOf(url);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ url, lastActivity: null });
  }
  return out;
}

// ---------------------------------------------------------------- the connector

/** The thread's address without its page number, canonical: the thread's identity. */
export function threadKeyOf(url: string): string {
  const base = pageOf(url).base;
  return canonicalUrl(base) ?? base;
}

function derivedId(threadKey: string, post: ForumPost): string {
  return `h${createHash('sha256').update(`${threadKey}\n${post.author ?? ''}\n${post.publishedAt ?? ''}\n${post.text}`).digest('hex').slice(0, 16)}`;
}

export async function crawlForum(source: ForumSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'forum' as const, platform: 'web', name: source.name };
  const host = new URL(source.url).hostname.replace(/^www\./, '');
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const request = (url: string, label: string, userData: Record<string, unknown> = {}): PageRequest =>
    ({ url, label, userData, uniqueKey: `${label}:${url}:${run}` });
  const cursorName = (threadKey: string) => `thread:${threadKey}`;
  const readCursor = (threadKey: string): ThreadCursor | null => {
    const v = ctx.state.cursorValue(source.id, cursorName(threadKey));
    if (v === null) return null;
    try {
      return JSON.parse(v) as ThreadCursor;
    } catch {
      return null;
    }
  };
  const xenforo = source.style === 'xenforo';
  let budget = source.maxItemsPerRun;

  const threadRequest = (url: string, lastActivity: string | null): PageRequest | null => {
    const key = threadKeyOf(url);
    const c = readCursor(key);
    if (c !== null && c.complete && lastActivity !== null && c.lastActivity === lastActivity) return null;
    return request(c?.pageUrl ?? url, 'thread', { threadKey: key, lastActivity: lastActivity ?? c?.lastActivity ?? null, pagesRead: 1 });
  };

  // A source that is one thread resumes at the last page read.
  const own = readCursor(threadKeyOf(source.url));
  const start = own !== null ? request(own.pageUrl, 'thread', { threadKey: threadKeyOf(source.url), lastActivity: null, pagesRead: 1 })
    : request(source.url, 'entry', { sectionPage: 1 });

  const postsOf = (doc: Document, url: string) => (xenforo ? xenforoPosts(doc, url) : genericPosts(doc, url, source.postSelector));

  const result = await runWebCrawl([start], {
    sourceId: source.id,
    ctx,
    maxRequests: MAX_SECTION_PAGES + source.maxItemsPerRun + source.maxThreadPages * 4,
    handle: async (page, enqueue) => {
      const { document } = parseHTML(page.text);
      const doc = document as unknown as Document;
      let label = page.label;
      let data = page.userData;
      if (label === 'entry') {
        // The configured address is a section or one thread: a page with posts is a thread
        // (XenForo threads also list "similar threads", so posts are looked for first).
        const listed = !xenforo && source.threadLinkSelector !== undefined && genericThreadLinks(doc, page.finalUrl, source.threadLinkSelector).length > 0;
        label = !listed && postsOf(doc, page.finalUrl).length > 0 ? 'thread' : 'section';
        if (label === 'thread') data = { threadKey: threadKeyOf(page.finalUrl), lastActivity: null, pagesRead: 1 };
      }
      if (label === 'section') {
        const links = xenforo ? xenforoThreadLinks(doc, page.finalUrl, source.threadLinkSelector)
          : genericThreadLinks(doc, page.finalUrl, source.threadLinkSelector);
        if (links.length === 0) ctx.log(`${source.id}: no threads found on ${page.finalUrl} (set threadLinkSelector?)`);
        const wanted = links.map((t) => threadRequest(t.url, t.lastActivity)).filter((r): r is PageRequest => r !== null);
        await enqueue(wanted);
        const n = Number(data.sectionPage ?? 1);
        // Sections are ordered by last activity: a page with nothing new ends the walk.
        if (wanted.length > 0 && n < MAX_SECTION_PAGES) {
          const next = findNextPage(doc, page.finalUrl);
          if (next !== null) await enqueue([request(next, 'section', { sectionPage: n + 1 })]);
        }
        return;
      }

      // A page of a thread.
      const threadKey = String(data.threadKey ?? threadKeyOf(page.finalUrl));
      const pageNo = pageOf(page.finalUrl).page;
      const title = clean(doc.querySelector('h1.p-title-value, h1')?.textContent) || null;
      const posts = postsOf(doc, page.finalUrl);
      if (posts.length === 0) ctx.log(`${source.id}: no posts found on ${page.finalUrl}${xenforo ? '' : ' (set postSelector?)'}`);
      const evidence = posts.length > 0 ? await evidenceOf(ctx, page.bytes, page.contentType) : null;
      const collectedAt = new Date().toISOString();
      for (const [i, post] of posts.entries()) {
        if (budget <= 0) break;
        const platformId = `${host}:post-${post.id ?? derivedId(threadKey, post)}`;
        const seenKey = `post:${platformId}`;
        if (ctx.state.seen(source.id, seenKey)) continue;
        const first = pageNo === 1 && i === 0;
        const before = report.items;
        await emitItem(ctx, report, source.id, {
          source: sourceRef,
          kind: first ? 'post' : 'comment',
          url: post.url ?? `${page.finalUrl}#post-${post.id ?? i + 1}`,
          platformId,
          threadRef: threadKey,
          parentRef: first ? null : threadKey,
          title: first ? title : null,
          text: post.text,
          publishedAt: post.publishedAt,
          authorName: post.author,
          collectedAt,
          evidence,
        });
        if (report.items > before) {
          budget--;
          ctx.state.markSeen(source.id, [seenKey]);
        }
      }
      const pagesRead = Number(data.pagesRead ?? 1);
      const next = findNextPage(doc, page.finalUrl);
      const more = next !== null && pagesRead < source.maxThreadPages && budget > 0;
      const cursor: ThreadCursor = { pageUrl: page.finalUrl, page: pageNo, lastActivity: (data.lastActivity as string | null) ?? null, complete: next === null };
      ctx.state.setCursorValue(source.id, cursorName(threadKey), JSON.stringify(cursor));
      if (more) await enqueue([request(next, 'thread', { ...data, threadKey, pagesRead: pagesRead + 1 })]);
    },
  });
  report.errors.push(...result.errors);
  for (const s of result.skipped) ctx.log(`${source.id}: skipped ${s}`);
  return report;
}
