// The store port: what every stage and the API may ask of the records store. The embedded
// adapter (node:sqlite) implements it and passes the contract suite (store.contract.ts); the
// scale adapter (Elasticsearch, a later issue) is to pass the same suite.
import { z } from 'zod';
import type { DlxhRecord } from '../record.ts';
import { SENTIMENT_LABELS } from '../record.ts';

export const RecordQuery = z.object({
  /** Free text; diacritic-insensitive when it has no diacritics, exact when it has them. */
  q: z.string().max(2000).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sources: z.array(z.string()).optional(),
  topics: z.array(z.string()).optional(),
  sentiments: z.array(z.enum(SENTIMENT_LABELS)).optional(),
  /** Place slugs or codes. */
  places: z.array(z.string()).optional(),
  /** Records of these story clusters (clusterId). */
  clusters: z.array(z.string()).optional(),
  /** Hide records that repeat the text of an earlier record (default true). */
  hideDuplicates: z.boolean().default(true),
  limit: z.number().int().min(1).max(500).default(20),
  cursor: z.string().optional(),
});
export type RecordQuery = z.input<typeof RecordQuery>;
export type ParsedRecordQuery = z.output<typeof RecordQuery>;

export type RecordPage = { items: DlxhRecord[]; total: number; nextCursor: string | null };

export const COUNT_DIMENSIONS = ['day', 'topic', 'sentiment', 'source', 'place', 'cluster'] as const;
export type CountDimension = (typeof COUNT_DIMENSIONS)[number];
export type Count = { key: string; count: number };

export type UpsertResult = { inserted: number; updated: number };

/** A stored record that shares MinHash band keys with a new one (see pipeline/stories.ts). */
export type StoryCandidate = {
  id: string;
  /** The record's cluster; its own id when it has none. */
  clusterId: string;
  signature: number[];
  /** Sort time: publication time, falling back to collection time (ISO, UTC). */
  publishedAt: string;
};

export interface RecordStore {
  /** Inserts or replaces by id: writing the same record twice never duplicates it. */
  upsert(records: DlxhRecord[]): Promise<UpsertResult>;
  get(id: string): Promise<DlxhRecord | null>;
  /** The earliest record (other than `exceptId`) with this content hash, if any. */
  findByContentHash(contentHash: string, exceptId: string): Promise<string | null>;
  search(query: RecordQuery): Promise<RecordPage>;
  /**
   * Records with a MinHash sketch that share at least one of `bandKeys` and whose sort time lies
   * in [from, to]: those sharing most keys first, then earliest, then by id; at most `limit`.
   * An adapter looks only at the CANDIDATES_PER_BAND most recently added records under one key.
   * (A terms query on a keyword field with a range filter, for an Elasticsearch adapter.)
   */
  storyCandidates(bandKeys: string[], from: string, to: string, limit: number): Promise<StoryCandidate[]>;
  counts(query: RecordQuery, by: CountDimension): Promise<Count[]>;
  countAll(): Promise<number>;
  /**
   * Retention: deletes a source's records collected before `collectedBefore` (ISO) and returns
   * how many, with the evidence paths that no remaining record refers to.
   */
  purge(sourceId: string, collectedBefore: string): Promise<PurgeResult>;
  close(): Promise<void>;
}

export type PurgeResult = { records: number; evidence: string[] };

/** Records are listed newest first: publication time, falling back to collection time. */
export function sortTime(r: Pick<DlxhRecord, 'publishedAt' | 'collectedAt'>): string {
  return new Date(r.publishedAt ?? r.collectedAt).toISOString();
}

export function encodeCursor(sortAt: string, id: string): string {
  return Buffer.from(JSON.stringify([sortAt, id])).toString('base64url');
}

export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor: pass the nextCursor value of the previous page unchanged');
    this.name = 'InvalidCursorError';
  }
}

export function decodeCursor(cursor: string): { sortAt: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { sortAt: v[0], id: v[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}

/**
 * How many of the most recently added records each band key contributes as story candidates, in
 * every adapter and in the in-memory index: a key shared by thousands of records (a common
 * phrase) then costs as much as a rare one.
 */
export const CANDIDATES_PER_BAND = 20;
