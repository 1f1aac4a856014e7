// Telegram public channels through their public web preview (DESIGN §5): t.me/s/<channel>
// shows the newest messages, oldest first, with a link to the page before them (?before=<id>).
// Each message is one post with its view count. No log-in, no API keys, nothing private.
//
// Incremental: the cursor is the newest message id stored; a rerun reads pages back only until it
// reaches that id. The cursor moves only after a run without errors, so a page that failed is
// read again next time (the seen-set keeps messages from being stored twice).
import type { z } from 'zod';
import { parseHTML } from 'linkedom';
import type { TelegramSource } from '../config/schema.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import { evidenceOf } from './evidence.ts';
import { htmlToText } from './html-text.ts';
import { parseMachineDate } from './published-date.ts';
import { emitItem } from './rss.ts';
import { runWebCrawl, type PageRequest } from './web-crawl.ts';

type TelegramSourceConfig = z.infer<typeof TelegramSource>;
type El = Element;

const LAST_ID_CURSOR = 'last-message-id';
// A preview page holds about 20 messages.
const MESSAGES_PER_PAGE = 20;

export type ChannelMessage = {
  /** "channel/123", as the page writes it. */
  post: string;
  id: number;
  text: string;
  author: string | null;
  publishedAt: string | null;
  views: number | null;
};

/** "845" → 845, "1.2K" → 1200, "3,4K" → 3400, "12M" → 12000000; null when unreadable. */
export function parseViewCount(raw: string | null | undefined): number | null {
  const m = /^(\d{1,9})(?:[.,](\d{1,3}))?\s*([KMB])?$/i.exec((raw ?? '').trim());
  if (m === null) return null;
  const whole = Number(m[1]);
  const frac = m[2] ?? '';
  const unit = (m[3] ?? '').toUpperCase();
  if (unit === '') {
    // "1,234" is a thousands separator, "1.5" without a unit is not a count.
    return frac.length === 3 ? whole * 1000 + Number(frac) : frac === '' ? whole : null;
  }
  const scale = unit === 'K' ? 1e3 : unit === 'M' ? 1e6 : 1e9;
  return Math.round((whole + (frac === '' ? 0 : Number(`0.${frac}`))) * scale);
}

/** An ISO instant rewritten in Vietnam's time (UTC+7 all year, no daylight saving). */
export function inVietnamTime(iso: string | null): string | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  return `${new Date(t + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/** The messages of one preview page, in page order (oldest first). */
export function channelMessages(doc: Document): ChannelMessage[] {
  const out: ChannelMessage[] = [];
  for (const m of doc.querySelectorAll('.tgme_widget_message[data-post]')) {
    const post = m.getAttribute('data-post') ?? '';
    const id = /\/(\d{1,12})$/.exec(post);
    if (id === null || /service_message/.test(m.getAttribute('class') ?? '')) continue;
    // The message's own text, not the text of the message it replies to.
    const textEl = [...m.querySelectorAll('.tgme_widget_message_text')].find((el) => el.closest('.tgme_widget_message_reply') === null) ?? null;
    const author = m.querySelector('.tgme_widget_message_from_author') ?? m.querySelector('.tgme_widget_message_owner_name');
    const time = m.querySelector('.tgme_widget_message_date time[datetime]') ?? m.querySelector('time[datetime]');
    out.push({
      post,
      id: Number(id[1]),
      text: textEl === null ? '' : htmlToText((textEl as El).innerHTML),
      author: (author?.textContent ?? '').replace(/\s+/g, ' ').trim() || null,
      publishedAt: inVietnamTime(parseMachineDate(time?.getAttribute('datetime') ?? '')),
      views: parseViewCount(m.querySelector('.tgme_widget_message_views')?.textContent),
    });
  }
  return out;
}

/** The link to the older messages ("load more"), or null at the channel's beginning. */
export function olderPageLink(doc: Document, pageUrl: string): string | null {
  const href = doc.querySelector('link[rel="prev"]')?.getAttribute('href')
    ?? doc.querySelector('a.tme_messages_more[data-before], .js-messages_more[data-before]')?.getAttribute('href') ?? null;
  if (href === null) return null;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return null;
  }
}

export async function crawlTelegram(source: TelegramSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'telegram' as const, platform: 'telegram', name: source.name };
  const base = source.baseUrl.replace(/\/+$/, '');
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const request = (url: string, userData: Record<string, unknown> = {}): PageRequest => ({ url, label: 'page', userData, uniqueKey: `page:${url}:${run}` });

  const lastId = Number(ctx.state.cursorValue(source.id, LAST_ID_CURSOR) ?? 0);
  let newest = lastId;
  let budget = source.maxItemsPerRun;
  const maxPages = Math.ceil(source.maxItemsPerRun / MESSAGES_PER_PAGE) + 1;

  const result = await runWebCrawl([request(`${base}/s/${source.channel}`, { pageNo: 1 })], {
    sourceId: source.id,
    ctx,
    maxRequests: maxPages,
    handle: async (page, enqueue) => {
      const { document } = parseHTML(page.text);
      const doc = document as unknown as Document;
      const messages = channelMessages(doc);
      if (messages.length === 0) ctx.log(`${source.id}: no messages on ${page.finalUrl}`);
      const evidence = messages.length > 0 ? await evidenceOf(ctx, page.bytes, page.contentType) : null;
      const collectedAt = new Date().toISOString();
      // Newest first, so that a budget cut keeps the most recent messages.
      for (const m of [...messages].reverse()) {
        if (m.id <= lastId || budget <= 0) continue;
        const [channel] = m.post.split('/');
        const url = `${base}/${channel}/${m.id}`;
        if (ctx.state.seen(source.id, url)) continue;
        if (m.text.trim() === '') {
          // Photos, stickers and polls without a caption carry no text to analyse.
          report.skipped++;
          continue;
        }
        const before = report.items;
        await emitItem(ctx, report, source.id, {
          source: sourceRef,
          kind: 'post',
          url,
          platformId: `telegram:${m.post}`,
          text: m.text,
          publishedAt: m.publishedAt,
          authorName: m.author,
          engagement: m.views === null ? null : { views: m.views, readAt: collectedAt },
          collectedAt,
          evidence,
        });
        if (report.items > before) budget--;
      }
      for (const m of messages) if (m.id > newest) newest = m.id;
      const pageNo = Number(page.userData.pageNo ?? 1);
      const oldest = messages.reduce((min, m) => Math.min(min, m.id), Infinity);
      // Older pages are needed only while this page has not reached the last message stored.
      if (messages.length === 0 || oldest <= lastId + 1 || budget <= 0 || pageNo >= maxPages) return;
      const older = olderPageLink(doc, page.finalUrl);
      if (older !== null) await enqueue([request(older, { pageNo: pageNo + 1 })]);
    },
  });
  if (result.errors.length === 0 && newest > lastId) ctx.state.setCursorValue(source.id, LAST_ID_CURSOR, String(newest));
  report.errors.push(...result.errors);
  for (const s of result.skipped) ctx.log(`${source.id}: skipped ${s}`);
  return report;
}
