// YouTube Data API v3 connector: searches videos by the province's keywords and places, then
// reads the comment threads of matching videos. Every call is paid for in quota units (search
// 100, everything else 1); the units are counted per Pacific-time day, because that is when
// Google resets the quota, and the source stops before it would spend more than its share.
//
// Incremental: search asks only for videos published after the last run (with an overlap, as
// search indexes new videos late); videos of the last days are looked at again, cheaply, and
// their comments are read again only when their comment count has grown.
import type { z } from 'zod';
import type { YoutubeSource } from '../config/schema.ts';
import type { RawItemInput } from './raw-item.ts';
import type { CrawlContext, CrawlReport } from './crawl-context.ts';
import type { Evidence } from './evidence.ts';
import { createApiClient, parseKnown } from './api-fetch.ts';
import { emitItem } from './rss.ts';

type YoutubeSourceConfig = z.infer<typeof YoutubeSource>;

/** Quota cost of one call, from the API's documentation. */
export const YOUTUBE_COST = { search: 100, videos: 1, commentThreads: 1, comments: 1 } as const;
type Endpoint = keyof typeof YOUTUBE_COST;

const QUOTA_TIME_ZONE = 'America/Los_Angeles';
// Search results trail publication by minutes to hours; the seen-set absorbs the overlap.
const SEARCH_OVERLAP_MS = 6 * 3600_000;
// Videos this recent are checked again for new comments on each run.
const RECHECK_DAYS = 7;
const IDS_PER_CALL = 50;

/** The quota day ("YYYY-MM-DD") of an instant: YouTube's quota resets at midnight Pacific time. */
export function youtubeQuotaDay(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: QUOTA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

// ---------------------------------------------------------------- the API's shapes (the parts we read)

type Snippet = { publishedAt?: string; title?: string; description?: string; channelId?: string; channelTitle?: string };
type SearchResult = { id?: { kind?: string; videoId?: string }; snippet?: Snippet };
type Video = { id: string; snippet?: Snippet; statistics?: { viewCount?: string; likeCount?: string; commentCount?: string } };
type Comment = {
  id: string;
  snippet?: {
    authorDisplayName?: string; authorChannelId?: { value?: string }; textDisplay?: string; textOriginal?: string;
    parentId?: string; likeCount?: number; publishedAt?: string; updatedAt?: string;
  };
};
type CommentThread = { id: string; snippet?: { videoId?: string; topLevelComment?: Comment; totalReplyCount?: number }; replies?: { comments?: Comment[] } };
type ListPage<T> = { items?: T[]; nextPageToken?: string };
type ApiError = { error?: { code?: number; message?: string; errors?: { reason?: string; domain?: string; message?: string }[] } };

type CallResult<T> =
  | { ok: true; data: ListPage<T>; evidence: Evidence }
  | { ok: false; stop: boolean; reason: string | null; message: string };

/** What the source remembers about a recent video: when it was published and how many comments it had. */
const COMMENTS_DISABLED = -1;
type KnownVideo = { publishedAt: string; comments: number };

const count = (s: string | undefined): number | undefined => {
  const n = s === undefined ? NaN : Number(s);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const watchUrl = (videoId: string) => `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`;

export async function crawlYoutube(source: YoutubeSourceConfig, ctx: CrawlContext): Promise<CrawlReport> {
  const report: CrawlReport = { sourceId: source.id, items: 0, skipped: 0, errors: [] };
  const sourceRef = { id: source.id, kind: 'youtube' as const, platform: 'youtube', name: source.name };
  const day = youtubeQuotaDay();
  const api = createApiClient({
    ctx,
    secrets: [source.apiKey],
    // Per-user and per-second limits come back as 403 with these reasons; they pass with time.
    isRateLimited: (status, data) => status === 403 && ['rateLimitExceeded', 'userRateLimitExceeded'].includes(errorReason(data) ?? ''),
  });

  let halted: string | null = null;
  const overQuota = new Set<Endpoint>();
  const used = () => ctx.state.quotaUsed(source.id, day);

  async function call<T>(endpoint: Endpoint, params: Record<string, string | number | undefined>): Promise<CallResult<T>> {
    if (halted) return { ok: false, stop: true, reason: null, message: halted };
    const cost = YOUTUBE_COST[endpoint];
    if (used() + cost > source.dailyQuota) {
      // Cheaper calls may still fit: only this kind of call stops for today.
      const message = `${source.id}: stopping ${endpoint}.list before the daily quota: it costs ${cost} units and ${used()} of ${source.dailyQuota} are used today (resets at midnight Pacific time)`;
      if (!overQuota.has(endpoint)) ctx.log(message);
      overQuota.add(endpoint);
      return { ok: false, stop: true, reason: null, message };
    }
    const url = new URL(`${source.apiBase.replace(/\/+$/, '')}/${endpoint}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    url.searchParams.set('key', source.apiKey);
    // Google charges for every request, failed ones included.
    ctx.state.addQuota(source.id, day, cost);
    const res = await api.getJson(url.toString());
    if (res.ok) return { ok: true, data: res.data as ListPage<T>, evidence: res.evidence };
    const reason = errorReason(res.data);
    const apiMessage = (res.data as ApiError | null)?.error?.message;
    if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
      // The project's quota is spent (perhaps by another source): nothing more today.
      ctx.state.addQuota(source.id, day, Math.max(0, source.dailyQuota - used()));
      halted = `${source.id}: the YouTube Data API quota of the API key's project is used up for today (403 ${reason}); the source resumes after midnight Pacific time`;
      report.errors.push(halted);
      return { ok: false, stop: true, reason, message: halted };
    }
    if (reason === 'commentsDisabled') return { ok: false, stop: false, reason, message: res.message };
    const badKey = reason === 'keyInvalid' || /api key not valid/i.test(apiMessage ?? '');
    const message = badKey
      ? `${source.id}: the YouTube API key is not valid: set YOUTUBE_API_KEY to a key of a project with the YouTube Data API v3 enabled`
      : `${api.redact(res.message)}${reason ? ` (${reason}${apiMessage ? `: ${api.redact(apiMessage)}` : ''})` : ''}`;
    report.errors.push(message);
    // A refused key or project stops the source; one failed call does not.
    if (badKey || reason === 'forbidden' || reason === 'accessNotConfigured' || reason === 'ipRefererBlocked') halted = message;
    return { ok: false, stop: halted !== null, reason, message };
  }

  const budgetLeft = () => report.items < source.maxItemsPerRun;
  const seen = (platformId: string) => ctx.state.seen(source.id, platformId);
  const emit = async (item: RawItemInput) => {
    await emitItem(ctx, report, source.id, item);
    if (item.platformId) ctx.state.markSeen(source.id, [item.platformId]);
  };

  // ---- 1. search: new videos for each query
  const cursorName = 'publishedAfter';
  const cursor = ctx.state.cursorValue(source.id, cursorName);
  const publishedAfter = cursor ? rfc3339(Date.parse(cursor) - SEARCH_OVERLAP_MS) : undefined;
  const found = new Map<string, { snippet: Snippet; evidence: Evidence }>();
  let newest = cursor ? Date.parse(cursor) : 0;
  let searchComplete = true;
  search: for (const q of source.queries) {
    let pageToken: string | undefined;
    do {
      const res = await call<SearchResult>('search', {
        part: 'snippet', type: 'video', q, regionCode: source.regionCode, relevanceLanguage: source.relevanceLanguage,
        order: 'date', publishedAfter, maxResults: 50, pageToken,
      });
      if (!res.ok) {
        searchComplete = false;
        if (res.stop) break search;
        break;
      }
      let fresh = 0;
      for (const r of res.data.items ?? []) {
        const id = r.id?.videoId;
        if (!id || found.has(id)) continue;
        const published = Date.parse(r.snippet?.publishedAt ?? '');
        if (!Number.isNaN(published)) newest = Math.max(newest, published);
        if (seen(`youtube:video:${id}`)) continue;
        found.set(id, { snippet: r.snippet ?? {}, evidence: res.evidence });
        fresh++;
        if (found.size >= source.maxVideosPerRun) break search;
      }
      pageToken = res.data.nextPageToken;
      // Results are newest first: a page with nothing new means the rest was read before.
      if (fresh === 0) break;
    } while (pageToken);
  }
  if (found.size >= source.maxVideosPerRun) ctx.log(`${source.id}: ${source.maxVideosPerRun} new videos (maxVideosPerRun) reached; older matches are left out`);

  // ---- 2. details of new and recent videos (full description, statistics): 1 unit per 50 ids
  const knownName = 'recentVideos';
  const known = parseKnown<KnownVideo>(ctx.state.cursorValue(source.id, knownName));
  const recheckAfter = Date.now() - RECHECK_DAYS * 86_400_000;
  for (const [id, v] of Object.entries(known)) if (Date.parse(v.publishedAt) < recheckAfter) delete known[id];
  const ids = [...new Set([...found.keys(), ...Object.keys(known)])];
  const details = new Map<string, { video: Video; evidence: Evidence }>();
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
    const res = await call<Video>('videos', { part: 'snippet,statistics', id: ids.slice(i, i + IDS_PER_CALL).join(','), maxResults: IDS_PER_CALL });
    if (!res.ok) break;
    for (const v of res.data.items ?? []) if (v.id) details.set(v.id, { video: v, evidence: res.evidence });
  }

  // ---- 3. one item per new video
  const readAt = new Date().toISOString();
  for (const [id, hit] of found) {
    if (!budgetLeft()) break;
    const detail = details.get(id);
    const snippet = { ...hit.snippet, ...detail?.video.snippet };
    const stats = detail?.video.statistics;
    await emit({
      source: sourceRef,
      kind: 'video',
      url: watchUrl(id),
      platformId: `youtube:video:${id}`,
      title: snippet.title ?? null,
      text: snippet.description ?? '',
      publishedAt: snippet.publishedAt ?? null,
      authorName: snippet.channelTitle ?? null,
      authorHandle: snippet.channelId ?? null,
      engagement: stats ? { views: count(stats.viewCount), likes: count(stats.likeCount), comments: count(stats.commentCount), readAt } : null,
      collectedAt: readAt,
      evidence: detail?.evidence ?? hit.evidence,
    });
  }

  // ---- 4. comments of new videos, and of recent ones whose comment count grew
  for (const id of ids) {
    const detail = details.get(id);
    if (!detail || !seen(`youtube:video:${id}`)) continue; // not emitted this run (item limit): next run
    const total = count(detail.video.statistics?.commentCount);
    const prev = known[id];
    if (prev?.comments === COMMENTS_DISABLED && total === undefined) continue; // still disabled
    // Without a count (hidden statistics) the threads are read anyway.
    const upToDate = source.maxCommentsPerVideo === 0 || total === 0 || (prev !== undefined && total !== undefined && total <= prev.comments);
    let outcome: boolean | 'disabled' = upToDate;
    if (!upToDate && !halted && !overQuota.has('commentThreads') && budgetLeft()) outcome = await readComments(id, prev !== undefined);
    const comments = outcome === 'disabled' ? COMMENTS_DISABLED : outcome ? total ?? 0 : prev?.comments ?? 0;
    known[id] = { publishedAt: detail.video.snippet?.publishedAt ?? found.get(id)?.snippet.publishedAt ?? readAt, comments };
  }

  /** Reads a video's threads newest first; true when it read all it meant to (not cut by quota or errors). */
  async function readComments(videoId: string, onlyNew: boolean): Promise<boolean | 'disabled'> {
    const videoRef = `youtube:video:${videoId}`;
    let emitted = 0;
    let pageToken: string | undefined;
    do {
      const res = await call<CommentThread>('commentThreads', {
        part: 'snippet,replies', videoId, maxResults: 100, order: 'time', textFormat: 'plainText', pageToken,
      });
      if (!res.ok) {
        if (res.reason === 'commentsDisabled') {
          ctx.log(`${source.id}: comments are disabled on video ${videoId}`);
          return 'disabled';
        }
        return false;
      }
      let fresh = 0;
      for (const thread of res.data.items ?? []) {
        if (emitted >= source.maxCommentsPerVideo) return true;
        if (!budgetLeft()) return false;
        const top = thread.snippet?.topLevelComment;
        if (!top?.id) continue;
        const topRef = `youtube:comment:${top.id}`;
        const topIsNew = !seen(topRef);
        if (topIsNew) {
          await emit(commentItem(top, videoId, videoRef, thread.snippet?.totalReplyCount, res.evidence));
          emitted++;
          fresh++;
        }
        let replies = thread.replies?.comments ?? [];
        let evidence = res.evidence;
        // The thread carries only a few replies; the rest are one comments.list call per 100.
        const moreReplies = (thread.snippet?.totalReplyCount ?? 0) > replies.length;
        if (moreReplies && (topIsNew || replies.some((r) => !seen(`youtube:comment:${r.id}`)))) {
          const all = await readReplies(top.id);
          if (all) ({ replies, evidence } = all);
        }
        for (const reply of replies) {
          if (emitted >= source.maxCommentsPerVideo) return true;
          if (!budgetLeft()) return false;
          if (!reply.id || seen(`youtube:comment:${reply.id}`)) continue;
          await emit({ ...commentItem(reply, videoId, topRef, undefined, evidence), threadRef: videoRef });
          emitted++;
          fresh++;
        }
      }
      pageToken = res.data.nextPageToken;
      if (onlyNew && fresh === 0) break;
    } while (pageToken);
    return true;
  }

  async function readReplies(parentId: string): Promise<{ replies: Comment[]; evidence: Evidence } | null> {
    const replies: Comment[] = [];
    let evidence: Evidence | null = null;
    let pageToken: string | undefined;
    do {
      const res = await call<Comment>('comments', { part: 'snippet', parentId, maxResults: 100, textFormat: 'plainText', pageToken });
      if (!res.ok) return evidence ? { replies, evidence } : null;
      evidence ??= res.evidence;
      replies.push(...(res.data.items ?? []));
      pageToken = res.data.nextPageToken;
    } while (pageToken && replies.length < source.maxCommentsPerVideo);
    // Oldest first reads more naturally as a conversation, and it is how the thread shows them.
    replies.sort((a, b) => (a.snippet?.publishedAt ?? '').localeCompare(b.snippet?.publishedAt ?? ''));
    return evidence ? { replies, evidence } : null;
  }

  function commentItem(c: Comment, videoId: string, parentRef: string, replyCount: number | undefined, evidence: Evidence): RawItemInput {
    const s = c.snippet ?? {};
    return {
      source: sourceRef,
      kind: 'comment',
      url: `${watchUrl(videoId)}&lc=${encodeURIComponent(c.id)}`,
      platformId: `youtube:comment:${c.id}`,
      parentRef,
      threadRef: `youtube:video:${videoId}`,
      text: s.textDisplay || s.textOriginal || '',
      publishedAt: s.publishedAt ?? null,
      authorName: s.authorDisplayName ?? null,
      authorHandle: s.authorChannelId?.value ?? null,
      engagement: { likes: typeof s.likeCount === 'number' && s.likeCount >= 0 ? s.likeCount : undefined, comments: replyCount, readAt: new Date().toISOString() },
      collectedAt: new Date().toISOString(),
      evidence,
    };
  }

  // ---- 5. remember where this run got to
  // The search cursor moves only when every query was read and every new video kept.
  const allKept = [...found.keys()].every((id) => seen(`youtube:video:${id}`));
  if (searchComplete && allKept && newest > 0) ctx.state.setCursorValue(source.id, cursorName, new Date(newest).toISOString());
  for (const [id, v] of Object.entries(known)) if (Date.parse(v.publishedAt) < recheckAfter) delete known[id];
  ctx.state.setCursorValue(source.id, knownName, JSON.stringify(known));
  ctx.log(`${source.id}: used ${used()} of ${source.dailyQuota} units today (quota day ${day}, Pacific time)`);
  return report;
}

function errorReason(data: unknown): string | null {
  const errors = (data as ApiError | null)?.error?.errors;
  return Array.isArray(errors) ? errors[0]?.reason ?? null : null;
}
