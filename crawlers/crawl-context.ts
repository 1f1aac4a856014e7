// What every connector is given: where items go, what to remember, how politely to fetch.
import type { RawItem } from './raw-item.ts';
import type { CrawlState } from './crawl-state.ts';

export type Politeness = {
  maxConcurrency: number;
  maxRequestsPerMinute: number;
  /** Minimum time between two requests to the same host. */
  perHostDelayMs: number;
  timeoutSecs: number;
  /** Larger responses are skipped with a logged reason. */
  maxPageBytes: number;
  maxRedirects: number;
  proxyUrl?: string;
};

export const DEFAULT_POLITENESS: Politeness = {
  maxConcurrency: 4, maxRequestsPerMinute: 120, perHostDelayMs: 250, timeoutSecs: 30, maxPageBytes: 10 * 1024 * 1024, maxRedirects: 5,
};

export type CrawlContext = {
  userAgent: string;
  politeness: Politeness;
  /** Writes accepted items durably (the queue) before anything else happens to them. */
  sink: (items: RawItem[]) => Promise<void>;
  state: CrawlState;
  /** Folder for evidence (raw responses by SHA-256); null keeps none. */
  evidenceDir: string | null;
  log: (message: string) => void;
};

export type CrawlReport = { sourceId: string; items: number; skipped: number; errors: string[] };
