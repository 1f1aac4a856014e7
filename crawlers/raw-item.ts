// What a crawler or an import hands to the pipeline: one item as it was read, before any
// normalisation. Items are validated here, at the edge, and written to the durable queue.
import { z } from 'zod';
import { SourceRef, Engagement } from '../pipeline/record.ts';

/** Longest text accepted for one item; longer items are refused with a message, not truncated. */
export const MAX_TEXT_CHARS = 1_000_000;

export const RawItem = z.object({
  source: SourceRef,
  kind: z.enum(['article', 'post', 'comment', 'video', 'submission']).default('article'),
  url: z.string().nullable().default(null),
  /** The platform's own id (a YouTube comment id, a Graph API post id…), when there is one. */
  platformId: z.string().nullable().default(null),
  parentRef: z.string().nullable().default(null),
  threadRef: z.string().nullable().default(null),
  title: z.string().nullable().default(null),
  text: z.string().max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`),
  publishedAt: z.string().nullable().default(null),
  authorName: z.string().nullable().default(null),
  authorHandle: z.string().nullable().default(null),
  engagement: Engagement.nullable().default(null),
  collectedAt: z.string(),
  scope: z.object({ inScope: z.boolean(), reason: z.string() }).optional(),
  evidence: z.object({ sha256: z.string(), contentType: z.string().nullable(), path: z.string().nullable() }).nullable().default(null),
}).refine((i) => i.text.trim().length > 0 || (i.title ?? '').trim().length > 0, { message: 'item has neither text nor title' });

export type RawItem = z.output<typeof RawItem>;
export type RawItemInput = z.input<typeof RawItem>;

/** A key that is the same every time the same item is read again (for the queue's idempotent add). */
export function rawItemKey(item: RawItem): string {
  return `${item.source.id}|${item.platformId ?? item.url ?? ''}|${item.text.length}|${item.title ?? ''}`.slice(0, 500);
}
