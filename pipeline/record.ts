// The record (DESIGN §4): one post, article, comment or submission. Every stage, store adapter,
// API response and export uses this one schema; the TypeScript types are derived from it.
import { z } from 'zod';

export const SOURCE_KINDS = [
  'rss', 'sitemap', 'html', 'forum', 'rendered', 'youtube', 'facebook', 'telegram', 'zalo', 'file', 'submission',
] as const;

export const SourceRef = z.object({
  id: z.string().min(1),
  kind: z.enum(SOURCE_KINDS),
  platform: z.string().nullable().default(null),
  name: z.string(),
});

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const TOXICITY_LABELS = ['clean', 'offensive', 'hate'] as const;
export const REVIEW_STATES = ['none', 'queued', 'claimed', 'confirmed-false', 'not-a-problem', 'needs-verification', 'routed'] as const;

export const TopicTag = z.object({
  id: z.string(),
  score: z.number().min(0).max(1),
  by: z.enum(['rule', 'model', 'person']),
});

export const PlaceTag = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  slug: z.string(),
  old: z.boolean().default(false),
  oldName: z.string().optional(),
});

export const RiskSignal = z.object({
  id: z.string(),
  weight: z.number(),
  evidence: z.string(),
}).describe('one reason for the score: a rule of config/risk-signals.yaml, claim:<id> for a matched claim, or learned-pattern (the risk model, listed from probability 0.05 with weight 0.6 × probability: its probability and the phrases that weighed most); a negative weight (warning-or-rebuttal) is the share by which warning or rebuttal cues scaled the others down; evidence is what in the text produced it');

export const ClaimMatch = z.object({
  claimId: z.string(),
  similarity: z.number(),
  claim: z.string(),
  correction: z.string().optional(),
  source: z.string().optional(),
});

export const Risk = z.object({
  score: z.number().min(0).max(1).describe('misinformation risk, the positive signal weights combined (1 − Π(1 − weight)); from 0.5 a record is for review by a person'),
  signals: z.array(RiskSignal).default([]),
  matchedClaims: z.array(ClaimMatch).default([]),
});

export const Engagement = z.object({
  likes: z.number().int().nonnegative().optional(),
  shares: z.number().int().nonnegative().optional(),
  comments: z.number().int().nonnegative().optional(),
  views: z.number().int().nonnegative().optional(),
  readAt: z.string(),
});

export const ReviewDecision = z.object({
  by: z.string(),
  at: z.string(),
  decision: z.enum(REVIEW_STATES),
  reason: z.string(),
  note: z.string().optional(),
});

const isoDate = z.iso.datetime({ offset: true });

/** MinHash sketch of the text (pipeline/language/minhash.ts) for grouping copies and stories. */
export const MinhashSketch = z.object({
  /** LSH band keys: records sharing one are compared. */
  bands: z.array(z.string()),
  /** Unsigned 32-bit values: the copy sketch, then the story sketch. */
  signature: z.array(z.number().int().nonnegative()),
});

export const RecordSchema = z.object({
  id: z.string().min(1),
  source: SourceRef,
  kind: z.enum(['article', 'post', 'comment', 'video', 'submission']).default('article'),
  url: z.string().nullable().default(null),
  canonicalUrl: z.string().nullable().default(null),
  parentId: z.string().nullable().default(null),
  threadId: z.string().nullable().default(null),

  title: z.string().nullable().default(null),
  text: z.string(),
  lang: z.string().nullable().default(null),
  publishedAt: isoDate.nullable().default(null),
  collectedAt: isoDate,
  engagement: Engagement.nullable().default(null),

  authorKey: z.string().nullable().default(null),
  authorName: z.string().nullable().default(null),

  /** Why the item counts as "about the province" (or not), as decided by the source's scope rule. */
  scope: z.object({ inScope: z.boolean(), reason: z.string() }).default({ inScope: true, reason: 'source is local' }),
  /** Hash of the normalised, folded text: two records with the same hash are the same text. */
  contentHash: z.string(),
  duplicateOf: z.string().nullable().default(null),

  topics: z.array(TopicTag).default([]),
  sentiment: z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number() }).nullable().default(null),
  toxicity: z.object({ label: z.enum(TOXICITY_LABELS), score: z.number() }).nullable().default(null)
    .describe('offensive = crude or profane language aimed at no one; hate = abusive language aimed at someone: a person (poster, commenter, official, named person) or a group (region, ethnicity, religion, gender, disability, politics)'),
  risk: Risk.nullable().default(null),
  places: z.array(PlaceTag).default([]),
  clusterId: z.string().nullable().default(null),
  /** Written by the pipeline for story grouping; stores keep it but leave it out of get and search. */
  minhash: MinhashSketch.nullish(),
  analysis: z.object({ version: z.string(), at: isoDate }).nullable().default(null),

  review: z.object({ state: z.enum(REVIEW_STATES), decisions: z.array(ReviewDecision) })
    .default({ state: 'none', decisions: [] }),
  routing: z.object({
    department: z.string(),
    deadline: isoDate.nullable(),
    response: z.string().nullable(),
  }).nullable().default(null),
  evidence: z.object({ sha256: z.string(), contentType: z.string().nullable(), path: z.string().nullable() }).nullable().default(null),
});

export type DlxhRecord = z.infer<typeof RecordSchema>;
export type RecordInput = z.input<typeof RecordSchema>;
export type SourceRefT = z.infer<typeof SourceRef>;
export type TopicTagT = z.infer<typeof TopicTag>;
export type PlaceTagT = z.infer<typeof PlaceTag>;
export type RiskT = z.infer<typeof Risk>;
export type MinhashSketchT = z.infer<typeof MinhashSketch>;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];
