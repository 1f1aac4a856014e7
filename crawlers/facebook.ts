// Facebook Graph API connector for a Page the office itself manages (DESIGN §2): its posts and
// the comments on them, read with the Page access token. Commenters' names and ids are kept only
// as authorName/authorHandle, which the pipeline pseudonymises.
//
// Incremental: posts are asked for since the newest one read last run, less a look-back window,
// so recent posts' comment counts are seen again; a post's comments are read again only when its
// count has grown, newest first, stopping at a page with nothing new.
import type { z } from 'zod';
import type { FacebookSource } from '../config/schema.ts';
import type { RawItemInput } from './raw-item.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import type { Evidence } from './evidence.ts';
import { createApiClient, parseKnown } from './api-fetch.ts';
import { emitItem } from './rss.ts';

type FacebookSourceConfig = z.infer<typeof FacebookSource>;

// Posts this recent are listed again on each run, for their comments.
const RECHECK_DAYS = 7;
/** Graph API error codes that mean "too many calls, slow down" (application, user, page and ads limits). */
export const GRAPH_RATE_LIMIT_CODES = [4, 17, 32, 613, 80001];

const POST_FIELDS = 'id,message,created_time,permalink_url,shares,reactions.summary(total_count),comments.filter(stream).limit(0).summary(total_count)';
const COMMENT_FIELDS = 'id,message,created_time,from,parent{id},like_count';

type Post = {
  id: string; message?: string; created_time?: string; permalink_url?: string; shares?: { count?: number };
  reactions?: { summary?: { total_count?: number } }; comments?: { summary?: { total_count?: number } };
};
type GraphComment = { id: string; message?: string; created_time?: string; from?: { id?: string; name?: string }; parent?: { id?: string }; like_count?: number };
type GraphPage<T> = { data?: T[]; paging?: { next?: string } };
type GraphError = { error?: { message?: string; type?: string; code?: number; error_subcode?: number; fbtrace_id?: string } };

type KnownPost = { createdTime: string; comments: number };

/** Graph API times ("2025-07-01T08:00:00+0000") as ISO 8601; null when unreadable. */
export function graphTime(value: string | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const graphCode = (data: unknown): number | null => {
  const code = (data as GraphError | null)?.error?.code;
  return typeof code === 'number' ? code : null;
};

/** A Graph API error as something the office can act on. */
export function graphErrorMessage(sourceId: string, pageId: string, data: unknown, fallback: string): string {
  const e = (data as GraphError | null)?.error;
  if (!e) return `${sourceId}: ${fallback}`;
  const detail = `${e.type ?? 'error'} ${e.code ?? '?'}${e.error_subcode ? `/${e.error_subcode}` : ''}`;
  if (e.code === 190) {
    const expired = e.error_subcode === 463 || /expired/i.test(e.message ?? '');
    return `${sourceId}: the Page access token ${expired ? 'has expired' : 'is not valid'} (${detail}): create a new one and set FACEBOOK_PAGE_TOKEN`;
  }
  if (e.code === 10 || e.code === 200 || (e.code !== undefined && e.code >= 200 && e.code < 300)) {
    return `${sourceId}: the token may not read Page ${pageId} (${detail}): use a Page access token of that Page with pages_read_engagement and pages_read_user_content`;
  }
  if (e.code !== undefined && GRAPH_RATE_LIMIT_CODES.includes(e.code)) {
    return `${sourceId}: the Graph API rate limit was reached (${detail}): the source continues next run`;
  }
  return `${sourceId}: Graph API ${detail}: ${e.message ?? fallback}`;
}

export async function crawlFacebook(source: FacebookSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'facebook' as const, platform: 'facebook', name: source.name };
  const api = createApiClient({
    ctx,
    secrets: [source.accessToken],
    isRateLimited: (status, data) => GRAPH_RATE_LIMIT_CODES.includes(graphCode(data) ?? -1),
  });
  const base = `${source.apiBase.replace(/\/+$/, '')}/${source.apiVersion}`;
  const origin = new URL(base).origin;
  let failed = false;

  /** One page of an edge; null after an error (already reported: the source stops). */
  async function page<T>(url: string): Promise<{ data: GraphPage<T>; evidence: Evidence } | null> {
    // The next-page links carry the token: follow them only back to the Graph API itself.
    if (new URL(url).origin !== origin) {
      report.errors.push(`${source.id}: refused a paging link to another host (${api.redact(url)})`);
      failed = true;
      return null;
    }
    const res = await api.getJson(url);
    if (res.ok) return { data: res.data as GraphPage<T>, evidence: res.evidence };
    report.errors.push(api.redact(graphErrorMessage(source.id, source.pageId, res.data, res.message)));
    // A token, permission or rate-limit problem stops the source; a post that vanished does not.
    const code = graphCode(res.data);
    if (code === null || code === 190 || code === 10 || (code >= 200 && code < 300) || GRAPH_RATE_LIMIT_CODES.includes(code)) failed = true;
    return null;
  }
  const edgeUrl = (node: string, edge: string, params: Record<string, string>) => {
    const url = new URL(`${base}/${encodeURIComponent(node)}/${edge}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('access_token', source.accessToken);
    return url.toString();
  };

  const seen = (platformId: string) => ctx.state.seen(source.id, platformId);
  const budgetLeft = () => report.items < source.maxItemsPerRun;
  const emit = async (item: RawItemInput) => {
    await emitItem(ctx, report, source.id, item);
    // A post without text (a photo alone) is skipped once, not on every run.
    if (item.platformId) ctx.state.markSeen(source.id, [item.platformId]);
  };

  // ---- posts since the last run (less the look-back window)
  const cursor = ctx.state.cursorValue(source.id, 'since');
  const known = parseKnown<KnownPost>(ctx.state.cursorValue(source.id, 'recentPosts'));
  const params: Record<string, string> = { fields: POST_FIELDS, limit: '100' };
  if (cursor) params.since = String(Math.floor((Date.parse(cursor) - RECHECK_DAYS * 86_400_000) / 1000));
  const posts: { post: Post; evidence: Evidence }[] = [];
  let newest = cursor ? Date.parse(cursor) : 0;
  let complete = true;
  let next: string | undefined = edgeUrl(source.pageId, 'posts', params);
  while (next) {
    const res: { data: GraphPage<Post>; evidence: Evidence } | null = await page<Post>(next);
    if (!res) {
      complete = false;
      break;
    }
    for (const post of res.data.data ?? []) if (post.id) posts.push({ post, evidence: res.evidence });
    next = res.data.paging?.next;
    if (posts.length >= source.maxItemsPerRun) {
      complete = !next;
      break;
    }
  }

  const readAt = new Date().toISOString();
  for (const { post, evidence } of posts) {
    const postRef = `facebook:${post.id}`;
    const created = graphTime(post.created_time);
    if (!seen(postRef)) {
      if (!budgetLeft()) {
        complete = false;
        break;
      }
      await emit({
        source: sourceRef,
        kind: 'post',
        url: post.permalink_url ?? `https://www.facebook.com/${encodeURIComponent(post.id)}`,
        platformId: postRef,
        text: post.message ?? '',
        publishedAt: created,
        engagement: {
          likes: nonNegative(post.reactions?.summary?.total_count),
          shares: nonNegative(post.shares?.count),
          comments: nonNegative(post.comments?.summary?.total_count),
          readAt,
        },
        collectedAt: readAt,
        evidence,
      });
    }
    if (created) newest = Math.max(newest, Date.parse(created));
    const total = nonNegative(post.comments?.summary?.total_count);
    const prev = known[post.id];
    let upToDate = !source.includeComments || total === 0 || (prev !== undefined && total !== undefined && total <= prev.comments);
    // After a token or rate-limit error, posts already read are kept but no more calls are made.
    if (!upToDate && !failed && budgetLeft()) upToDate = await readComments(post, prev !== undefined);
    known[post.id] = { createdTime: created ?? readAt, comments: upToDate ? total ?? 0 : prev?.comments ?? 0 };
  }

  /** Reads a post's comments (replies included), newest first; true when nothing was cut short. */
  async function readComments(post: Post, onlyNew: boolean): Promise<boolean> {
    const postRef = `facebook:${post.id}`;
    let next: string | undefined = edgeUrl(post.id, 'comments', { fields: COMMENT_FIELDS, filter: 'stream', order: 'reverse_chronological', limit: '100' });
    while (next) {
      const res: { data: GraphPage<GraphComment>; evidence: Evidence } | null = await page<GraphComment>(next);
      if (!res) return false;
      let fresh = 0;
      for (const c of res.data.data ?? []) {
        if (!c.id || seen(`facebook:${c.id}`)) continue;
        if (!budgetLeft()) return false;
        fresh++;
        await emit({
          source: sourceRef,
          kind: 'comment',
          url: `https://www.facebook.com/${encodeURIComponent(c.id)}`,
          platformId: `facebook:${c.id}`,
          parentRef: c.parent?.id ? `facebook:${c.parent.id}` : postRef,
          threadRef: postRef,
          text: c.message ?? '',
          publishedAt: graphTime(c.created_time),
          authorName: c.from?.name ?? null,
          authorHandle: c.from?.id ?? null,
          engagement: { likes: nonNegative(c.like_count), readAt: new Date().toISOString() },
          collectedAt: new Date().toISOString(),
          evidence: res.evidence,
        });
      }
      next = res.data.paging?.next;
      if (onlyNew && fresh === 0) break;
    }
    return true;
  }

  if (complete && !failed && newest > 0) ctx.state.setCursorValue(source.id, 'since', new Date(newest).toISOString());
  const keepAfter = Date.now() - RECHECK_DAYS * 86_400_000;
  for (const [id, p] of Object.entries(known)) if (Date.parse(p.createdTime) < keepAfter) delete known[id];
  ctx.state.setCursorValue(source.id, 'recentPosts', JSON.stringify(known));
  return report;
}

function nonNegative(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
