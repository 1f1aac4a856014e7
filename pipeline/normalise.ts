// Stage 1: a raw item becomes a record without analysis. Clean text, canonical URL, a stable id,
// a content hash for duplicate detection, and a pseudonymised author key (DESIGN §2).
import { createHash, createHmac } from 'node:crypto';
import type { RawItem } from '../crawlers/raw-item.ts';
import type { DlxhRecord } from './record.ts';
import { canonicalUrl } from './canonical-url.ts';
import { fold } from './language/fold.ts';
import { cleanText } from './language/normalise.ts';

export type NormaliseOptions = {
  /** Secret for the keyed hash of author handles. */
  authorSecret: string;
  /** Sources whose raw handles may be kept (configured per source). */
  keepHandles?: ReadonlySet<string>;
};

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** Same text ⇔ same hash: folded, punctuation and white space removed. */
export function contentHash(title: string | null, text: string): string {
  const body = text.trim() ? text : (title ?? '');
  return sha1(fold(body).replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  // Keep the offset the source gave when it is already a valid ISO string.
  return /T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) ? value : new Date(t).toISOString();
}

export function recordId(item: RawItem, canonical: string | null, hash: string): string {
  if (item.platformId) return sha1(`${item.source.platform ?? item.source.id}:${item.platformId}`).slice(0, 24);
  if (canonical) return sha1(canonical).slice(0, 24);
  return sha1(`${item.source.id}:${hash}`).slice(0, 24);
}

export function normaliseItem(item: RawItem, options: NormaliseOptions): DlxhRecord {
  const text = cleanText(item.text);
  const title = item.title ? cleanText(item.title).replace(/\s+/g, ' ') || null : null;
  const canonical = item.url ? canonicalUrl(item.url) : null;
  const hash = contentHash(title, text);
  const keepHandle = options.keepHandles?.has(item.source.id) ?? false;
  const handle = item.authorHandle ?? item.authorName;
  return {
    id: recordId(item, canonical, hash),
    source: item.source,
    kind: item.kind,
    url: item.url,
    canonicalUrl: canonical,
    parentId: item.parentRef,
    threadId: item.threadRef,
    title,
    text,
    lang: null,
    publishedAt: isoOrNull(item.publishedAt),
    collectedAt: isoOrNull(item.collectedAt) ?? new Date().toISOString(),
    engagement: item.engagement,
    authorKey: handle ? createHmac('sha256', options.authorSecret).update(handle.trim().toLowerCase()).digest('hex').slice(0, 20) : null,
    authorName: keepHandle ? item.authorName : null,
    scope: item.scope ?? { inScope: true, reason: 'source is local' },
    contentHash: hash,
    duplicateOf: null,
    topics: [],
    sentiment: null,
    toxicity: null,
    risk: null,
    places: [],
    clusterId: null,
    analysis: null,
    review: { state: 'none', decisions: [] },
    routing: null,
    evidence: item.evidence,
  };
}
