// What the crawlers remember between runs, per source: conditional-GET validators, the URLs
// already collected (so a rerun fetches only what is new) and health figures.
import type { DatabaseSync } from 'node:sqlite';

export type SourceHealth = {
  sourceId: string;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  runs: number;
  failedRuns: number;
  itemsTotal: number;
};

export type CrawlState = {
  validators(sourceId: string, url: string): { etag: string | null; lastModified: string | null };
  setValidators(sourceId: string, url: string, v: { etag: string | null; lastModified: string | null }): void;
  seen(sourceId: string, url: string): boolean;
  markSeen(sourceId: string, urls: string[]): void;
  recordRun(sourceId: string, outcome: { items: number; error?: string }): void;
  health(): SourceHealth[];
} & ApiState;

export function createCrawlState(db: DatabaseSync): CrawlState {
  const st = {
    ensure: db.prepare('INSERT OR IGNORE INTO source_state (source_id) VALUES (?)'),
    getCursor: db.prepare('SELECT cursor FROM source_state WHERE source_id = ?'),
    setCursor: db.prepare('UPDATE source_state SET cursor = ? WHERE source_id = ?'),
    seen: db.prepare('SELECT 1 FROM seen_urls WHERE source_id = ? AND url = ?'),
    markSeen: db.prepare('INSERT OR IGNORE INTO seen_urls (source_id, url, seen_at) VALUES (?, ?, ?)'),
    ok: db.prepare(`UPDATE source_state SET runs = runs + 1, items_total = items_total + ?, last_success_at = ? WHERE source_id = ?`),
    failed: db.prepare(`UPDATE source_state SET runs = runs + 1, failed_runs = failed_runs + 1, items_total = items_total + ?,
                        last_error_at = ?, last_error = ? WHERE source_id = ?`),
    health: db.prepare(`SELECT source_id AS sourceId, last_success_at AS lastSuccessAt, last_error_at AS lastErrorAt,
                        last_error AS lastError, runs, failed_runs AS failedRuns, items_total AS itemsTotal FROM source_state ORDER BY source_id`),
  };
  // Validators are kept per URL in the cursor column as a small JSON map.
  const cursor = (sourceId: string): Record<string, { etag: string | null; lastModified: string | null }> => {
    st.ensure.run(sourceId);
    const row = st.getCursor.get(sourceId) as { cursor: string | null } | undefined;
    return row?.cursor ? (JSON.parse(row.cursor) as Record<string, { etag: string | null; lastModified: string | null }>) : {};
  };
  return {
    validators(sourceId, url) {
      return cursor(sourceId)[url] ?? { etag: null, lastModified: null };
    },
    setValidators(sourceId, url, v) {
      const c = cursor(sourceId);
      c[url] = v;
      st.setCursor.run(JSON.stringify(c), sourceId);
    },
    seen(sourceId, url) {
      return st.seen.get(sourceId, url) !== undefined;
    },
    markSeen(sourceId, urls) {
      const at = new Date().toISOString();
      for (const u of urls) st.markSeen.run(sourceId, u, at);
    },
    recordRun(sourceId, outcome) {
      st.ensure.run(sourceId);
      const at = new Date().toISOString();
      if (outcome.error) st.failed.run(outcome.items, at, outcome.error.slice(0, 1000), sourceId);
      else st.ok.run(outcome.items, at, sourceId);
    },
    health() {
      return st.health.all() as SourceHealth[];
    },
    ...createApiState(db),
  };
}

// ---------------------------------------------------------------- API sources (YouTube, Graph API)

/** What API connectors remember besides the seen-set: units spent per quota day, and named cursors. */
export type ApiState = {
  /** Units spent by the source on one quota day (a "YYYY-MM-DD" in the API's own time zone). */
  quotaUsed(sourceId: string, day: string): number;
  addQuota(sourceId: string, day: string, units: number): void;
  /** A named cursor (e.g. the newest publication time read), or null before the first run. */
  cursorValue(sourceId: string, name: string): string | null;
  setCursorValue(sourceId: string, name: string, value: string): void;
};

export function createApiState(db: DatabaseSync): ApiState {
  const st = {
    quota: db.prepare('SELECT units FROM api_quota WHERE source_id = ? AND day = ?'),
    addQuota: db.prepare(`INSERT INTO api_quota (source_id, day, units) VALUES (?, ?, ?)
                          ON CONFLICT (source_id, day) DO UPDATE SET units = units + excluded.units`),
    cursor: db.prepare('SELECT value FROM source_cursors WHERE source_id = ? AND name = ?'),
    setCursor: db.prepare(`INSERT INTO source_cursors (source_id, name, value) VALUES (?, ?, ?)
                           ON CONFLICT (source_id, name) DO UPDATE SET value = excluded.value`),
  };
  return {
    quotaUsed(sourceId, day) {
      return (st.quota.get(sourceId, day) as { units: number } | undefined)?.units ?? 0;
    },
    addQuota(sourceId, day, units) {
      st.addQuota.run(sourceId, day, units);
    },
    cursorValue(sourceId, name) {
      return (st.cursor.get(sourceId, name) as { value: string } | undefined)?.value ?? null;
    },
    setCursorValue(sourceId, name, value) {
      st.setCursor.run(sourceId, name, value);
    },
  };
}
