// The embedded mode's one database file (node:sqlite): records, the durable queue between
// stages and their state. Versioned migrations run on open, each in its own transaction.
import { DatabaseSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

type Migration = { version: number; name: string; sql: string };

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'records and full-text index',
    sql: `
      CREATE TABLE records (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL,
        sort_at TEXT NOT NULL,
        day TEXT NOT NULL,
        sentiment TEXT,
        content_hash TEXT NOT NULL,
        duplicate_of TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX records_sort ON records(sort_at DESC, id DESC);
      CREATE INDEX records_source ON records(source_id, sort_at);
      CREATE INDEX records_hash ON records(content_hash, sort_at);
      CREATE TABLE record_topics (topic TEXT NOT NULL, record_rowid INTEGER NOT NULL, PRIMARY KEY (topic, record_rowid)) WITHOUT ROWID;
      CREATE INDEX record_topics_rec ON record_topics(record_rowid);
      CREATE TABLE record_places (place TEXT NOT NULL, record_rowid INTEGER NOT NULL, PRIMARY KEY (place, record_rowid)) WITHOUT ROWID;
      CREATE INDEX record_places_rec ON record_places(record_rowid);
      CREATE VIRTUAL TABLE records_fts USING fts5(
        title, text, title_folded, text_folded,
        content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
      );
    `,
  },
  {
    version: 2,
    name: 'durable queue between stages',
    sql: `
      CREATE TABLE queue_jobs (
        id INTEGER PRIMARY KEY,
        queue TEXT NOT NULL,
        key TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        available_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX queue_jobs_key ON queue_jobs(queue, key);
      CREATE INDEX queue_jobs_ready ON queue_jobs(queue, state, available_at, id);
    `,
  },
  {
    version: 3,
    name: 'crawler state: per-source cursors and health',
    sql: `
      CREATE TABLE source_state (
        source_id TEXT PRIMARY KEY,
        cursor TEXT,
        etag TEXT,
        last_modified TEXT,
        last_success_at TEXT,
        last_error_at TEXT,
        last_error TEXT,
        runs INTEGER NOT NULL DEFAULT 0,
        failed_runs INTEGER NOT NULL DEFAULT 0,
        items_total INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE seen_urls (source_id TEXT NOT NULL, url TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (source_id, url)) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'queue lease owners (recovering jobs of a process that died)',
    sql: `ALTER TABLE queue_jobs ADD COLUMN lease_owner TEXT;`,
  },
  {
    version: 5,
    name: 'crawler state: API quota used per day and named per-source cursors',
    sql: `
      CREATE TABLE api_quota (source_id TEXT NOT NULL, day TEXT NOT NULL, units INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (source_id, day)) WITHOUT ROWID;
      CREATE TABLE source_cursors (source_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (source_id, name)) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'story grouping: cluster id, MinHash sketch and band keys',
    sql: `
      ALTER TABLE records ADD COLUMN cluster_id TEXT;
      ALTER TABLE records ADD COLUMN minhash BLOB;
      UPDATE records SET cluster_id = json_extract(doc, '$.clusterId');
      CREATE TABLE record_bands (band TEXT NOT NULL, record_rowid INTEGER NOT NULL, PRIMARY KEY (band, record_rowid)) WITHOUT ROWID;
      CREATE INDEX record_bands_rec ON record_bands(record_rowid);
    `,
  },
  {
    version: 7,
    name: 'narrow records table: documents and sketches apart, band keys in an FTS5 index',
    // Filters, counts and story lookups read only the narrow columns: with the 2 KB document and
    // the sketch in the same row a record took a whole page. Band keys were a B-tree of 32 random
    // keys per record (most of the write volume); FTS5 appends them in segments instead.
    sql: `
      CREATE TABLE record_docs (rowid INTEGER PRIMARY KEY, doc TEXT NOT NULL);
      INSERT INTO record_docs (rowid, doc) SELECT rowid, doc FROM records;
      CREATE TABLE record_sketches (rowid INTEGER PRIMARY KEY, minhash BLOB NOT NULL);
      INSERT INTO record_sketches (rowid, minhash) SELECT rowid, minhash FROM records WHERE minhash IS NOT NULL;
      CREATE TABLE records_narrow (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL,
        sort_at TEXT NOT NULL,
        day TEXT NOT NULL,
        sentiment TEXT,
        content_hash TEXT NOT NULL,
        duplicate_of TEXT,
        cluster_id TEXT
      );
      INSERT INTO records_narrow (rowid, id, source_id, sort_at, day, sentiment, content_hash, duplicate_of, cluster_id)
        SELECT rowid, id, source_id, sort_at, day, sentiment, content_hash, duplicate_of, cluster_id FROM records;
      DROP TABLE records;
      ALTER TABLE records_narrow RENAME TO records;
      CREATE INDEX records_sort ON records(sort_at DESC, id DESC);
      CREATE INDEX records_source ON records(source_id, sort_at);
      CREATE INDEX records_hash ON records(content_hash, sort_at);
      CREATE INDEX records_original ON records(duplicate_of, sort_at);
      CREATE VIRTUAL TABLE record_bands_fts USING fts5(bands, content='', contentless_delete=1, detail=none, tokenize='ascii');
      INSERT INTO record_bands_fts (rowid, bands)
        SELECT record_rowid, group_concat(replace(band, ':', 'x'), ' ') FROM record_bands GROUP BY record_rowid;
      DROP TABLE record_bands;
    `,
  },
];

export type MigrationReport = { from: number; to: number; applied: string[] };

export function migrate(db: DatabaseSync): MigrationReport {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
  const applied: string[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= row.v) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      db.exec('COMMIT');
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new Error(`database migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(`${m.version} ${m.name}`);
  }
  const to = MIGRATIONS.at(-1)?.version ?? 0;
  if (row.v > to) {
    throw new Error(`the database is at schema version ${row.v}, newer than this program knows (${to}): upgrade DLXH Monitor`);
  }
  return { from: row.v, to, applied };
}

export type OpenOptions = { migrate?: boolean; readOnly?: boolean };

/** Opens (creating if needed) the embedded database in WAL mode; ":memory:" works for tests. */
export function openDatabase(file: string, options: OpenOptions = {}): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new DatabaseSync(file, { readOnly: options.readOnly ?? false });
  // WAL lets the API read while the pipeline writes; the busy timeout covers a second process.
  if (!options.readOnly) {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
  }
  db.exec('PRAGMA busy_timeout = 10000');
  db.exec('PRAGMA foreign_keys = ON');
  if (options.migrate ?? true) migrate(db);
  return db;
}

/** Runs fn inside one write transaction. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    // SQLite has already rolled back after some errors (a full disk, for one): keep the original error.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
