// The queue port: the durable hand-off between stages. A job is written before it is processed,
// taken under a lease, and removed only when its work is done, so a crash at any point loses
// nothing; a job taken again after a crash is harmless because every stage is idempotent.
// Embedded adapter: sqlite-queue.ts; scale adapter: BullMQ on Redis (a later issue), to pass the
// same contract suite (queue.contract.ts).

export type Job<T> = { id: string; key: string; data: T; attempts: number };

export type QueueCounts = { pending: number; active: number; failed: number };

export type FailOutcome = 'retry' | 'failed';

export interface Queue<T> {
  readonly name: string;
  /** Adds jobs; a job whose key is already waiting or active is not added again. */
  add(jobs: { key: string; data: T }[]): Promise<{ added: number }>;
  /** Takes up to `limit` ready jobs under a lease; a job whose lease runs out is handed out again. */
  take(limit: number, leaseMs: number): Promise<Job<T>[]>;
  /** Marks jobs done and removes them. */
  complete(ids: string[]): Promise<void>;
  /** Puts a job back after a back-off, or parks it as failed after `maxAttempts`. */
  fail(id: string, error: string, options?: { retryInMs?: number; maxAttempts?: number }): Promise<FailOutcome>;
  /** Failed jobs, oldest first, with the last error: shown to the operator, retried on request. */
  failed(limit: number): Promise<(Job<T> & { error: string })[]>;
  retryFailed(): Promise<number>;
  counts(): Promise<QueueCounts>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Exponential back-off with a ceiling: 1 s, 2 s, 4 s … up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}
