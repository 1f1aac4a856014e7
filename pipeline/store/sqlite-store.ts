// The embedded store adapter on node:sqlite with an FTS5 index over title and text and over
// their diacritic-folded copies.
import type { DatabaseSync, StatementSync, SQLInputValue } from 'node:sqlite';
import type { DlxhRecord } from '../record.ts';
import { fold } from '../language/fold.ts';
import { transaction } from '../embedded-database.ts';
import {
  RecordQuery, decodeCursor, encodeCursor, sortTime, CANDIDATES_PER_BAND,
  type RecordStore, type RecordPage, type PurgeResult, type CountDimension, type Count, type UpsertResult, type StoryCandidate,
} from './store.ts';
import { ftsQuery } from './text-query.ts';

/** Calendar day in Vietnam (UTC+7 all year, no daylight saving). */
export function vietnamDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The rows a query reads (`from`, with its own parameters) and its conditions. A text, topic or
 * place filter drives the query: its matches are read first and looked up by rowid, instead of
 * walking every record in time order and testing each against the list of matches.
 */
type Where = { from: string; fromParams: SQLInputValue[]; sql: string[]; params: SQLInputValue[] };


/** Signatures are kept as little-endian uint32 bytes: a quarter of their JSON size. */
function signatureBlob(signature: number[]): Uint8Array {
  const bytes = new Uint8Array(signature.length * 4);
  const view = new DataView(bytes.buffer);
  signature.forEach((v, i) => view.setUint32(i * 4, v, true));
  return bytes;
}

function signatureFromBlob(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<number>(bytes.byteLength >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

/** A band key as one token of the band index ("s3:1a2b3c4d" → "s3x1a2b3c4d"). */
function bandToken(band: string): string {
  return band.replace(/[^a-z0-9]/gi, 'x');
}

// The page cache per connection (KiB): the narrow table and its hot indexes stay in memory at
// 100,000 records (SQLite's default is 2 MB); bounded, so a long import keeps a flat RSS.
const CACHE_KIB = 32 * 1024;
// WAL pages before a checkpoint copies them into the database (default 1,000): a batch of
// records dirties more than that, and the same index pages are written again by the next batch.
const WAL_CHECKPOINT_PAGES = 10_000;
// From this many matches a page is found faster by walking the time index than by sorting them.
const WALK_TIME_INDEX_FROM = 5_000;

export function createSqliteStore(db: DatabaseSync): RecordStore {
  db.exec(`PRAGMA cache_size = -${CACHE_KIB}`);
  db.exec(`PRAGMA wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  const st = {
    findRowid: db.prepare('SELECT rowid FROM records WHERE id = ?'),
    insert: db.prepare(`INSERT INTO records (id, source_id, sort_at, day, sentiment, content_hash, duplicate_of, cluster_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    update: db.prepare(`UPDATE records SET source_id = ?, sort_at = ?, day = ?, sentiment = ?, content_hash = ?, duplicate_of = ?,
                        cluster_id = ? WHERE rowid = ?`),
    docPut: db.prepare('INSERT OR REPLACE INTO record_docs (rowid, doc) VALUES (?, ?)'),
    docDelete: db.prepare('DELETE FROM record_docs WHERE rowid = ?'),
    sketchPut: db.prepare('INSERT OR REPLACE INTO record_sketches (rowid, minhash) VALUES (?, ?)'),
    sketchDelete: db.prepare('DELETE FROM record_sketches WHERE rowid = ?'),
    ftsDelete: db.prepare('DELETE FROM records_fts WHERE rowid = ?'),
    ftsInsert: db.prepare('INSERT INTO records_fts (rowid, title, text, title_folded, text_folded) VALUES (?, ?, ?, ?, ?)'),
    topicsDelete: db.prepare('DELETE FROM record_topics WHERE record_rowid = ?'),
    topicInsert: db.prepare('INSERT OR IGNORE INTO record_topics (topic, record_rowid) VALUES (?, ?)'),
    placesDelete: db.prepare('DELETE FROM record_places WHERE record_rowid = ?'),
    placeInsert: db.prepare('INSERT OR IGNORE INTO record_places (place, record_rowid) VALUES (?, ?)'),
    bandsDelete: db.prepare('DELETE FROM record_bands_fts WHERE rowid = ?'),
    bandsInsert: db.prepare('INSERT INTO record_bands_fts (rowid, bands) VALUES (?, ?)'),
    purgeCandidates: db.prepare(`SELECT r.rowid, json_extract(d.doc, '$.evidence.path') AS evidence FROM records r JOIN record_docs d ON d.rowid = r.rowid
                                 WHERE r.source_id = ? AND json_extract(d.doc, '$.collectedAt') < ?`),
    deleteRecord: db.prepare('DELETE FROM records WHERE rowid = ?'),
    evidenceInUse: db.prepare(`SELECT 1 FROM record_docs WHERE json_extract(doc, '$.evidence.path') = ? LIMIT 1`),
    get: db.prepare('SELECT d.doc FROM records r JOIN record_docs d ON d.rowid = r.rowid WHERE r.id = ?'),
    byHash: db.prepare('SELECT id FROM records WHERE content_hash = ? AND id <> ? ORDER BY sort_at, id LIMIT 1'),
    countAll: db.prepare('SELECT COUNT(*) AS n FROM records'),
  };
  const cache = new Map<string, StatementSync>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (cache.size > 200) cache.clear();
      cache.set(sql, s);
    }
    return s;
  };

  function writeOne(r: DlxhRecord): 'inserted' | 'updated' {
    const sortAt = sortTime(r);
    const existing = st.findRowid.get(r.id) as { rowid: number } | undefined;
    // The sketch lives in its own columns, not in the document the API returns.
    const { minhash, ...doc } = r;
    const values = [r.source.id, sortAt, vietnamDay(sortAt), r.sentiment?.label ?? null, r.contentHash, r.duplicateOf, r.clusterId] as const;
    let rowid: number;
    if (existing) {
      rowid = existing.rowid;
      st.update.run(...values, rowid);
      st.ftsDelete.run(rowid);
      st.topicsDelete.run(rowid);
      st.placesDelete.run(rowid);
      st.bandsDelete.run(rowid);
      if (!minhash) st.sketchDelete.run(rowid);
    } else {
      rowid = Number(st.insert.run(r.id, ...values).lastInsertRowid);
    }
    st.docPut.run(rowid, JSON.stringify(doc));
    if (minhash) st.sketchPut.run(rowid, signatureBlob(minhash.signature));
    const title = r.title ?? '';
    st.ftsInsert.run(rowid, title, r.text, fold(title), fold(r.text));
    for (const t of r.topics) st.topicInsert.run(t.id, rowid);
    for (const p of r.places) {
      st.placeInsert.run(p.slug, rowid);
      st.placeInsert.run(p.code, rowid);
    }
    if (minhash?.bands.length) st.bandsInsert.run(rowid, minhash.bands.map(bandToken).join(' '));
    return existing ? 'updated' : 'inserted';
  }

  /**
   * `drive`: whether the text (else topic, else place) filter drives the query, its matches read
   * first and looked up by rowid. Without it every filter tests rows of the time index, which is
   * cheaper for a page of a filter that matches a large share of the records: the newest few
   * are found quickly, and the matches need not be sorted.
   */
  function where(query: RecordQuery, withCursor: boolean, drive = true): Where {
    const q = RecordQuery.parse(query);
    const w: Where = { from: 'records r', fromParams: [], sql: [], params: [] };
    const add = (sql: string, ...params: SQLInputValue[]) => { w.sql.push(sql); w.params.push(...params); };
    const { match, exclude } = ftsQuery(q.q);
    const marks = (values: string[]) => values.map(() => '?').join(',');
    const driver = !drive ? null : match ? 'text' : q.topics?.length ? 'topics' : q.places?.length ? 'places' : null;
    // CROSS JOIN fixes the order: the driver first. DISTINCT: a record may carry two of the topics
    // (or a place's slug and its code) asked for.
    if (driver === 'text') {
      w.from = 'records_fts f CROSS JOIN records r ON r.rowid = f.rowid';
      add('records_fts MATCH ?', match);
    } else if (driver === 'topics' && q.topics) {
      w.from = `(SELECT DISTINCT record_rowid FROM record_topics WHERE topic IN (${marks(q.topics)})) drv CROSS JOIN records r ON r.rowid = drv.record_rowid`;
      w.fromParams = q.topics;
    } else if (driver === 'places' && q.places) {
      w.from = `(SELECT DISTINCT record_rowid FROM record_places WHERE place IN (${marks(q.places)})) drv CROSS JOIN records r ON r.rowid = drv.record_rowid`;
      w.fromParams = q.places;
    }
    const inList = (col: string, values: string[]) => add(`${col} IN (${values.map(() => '?').join(',')})`, ...values);
    if (q.from) add('r.sort_at >= ?', new Date(q.from).toISOString());
    if (q.to) add('r.sort_at <= ?', new Date(q.to).toISOString());
    if (q.sources?.length) inList('r.source_id', q.sources);
    if (q.sentiments?.length) inList('r.sentiment', q.sentiments);
    if (q.clusters?.length) inList('r.cluster_id', q.clusters);
    if (q.hideDuplicates) add('r.duplicate_of IS NULL');
    // The filters that do not drive the query.
    if (match && driver !== 'text') add('r.rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)', match);
    if (q.topics?.length && driver !== 'topics') {
      add(`r.rowid IN (SELECT record_rowid FROM record_topics WHERE topic IN (${marks(q.topics)}))`, ...q.topics);
    }
    if (q.places?.length && driver !== 'places') {
      add(`r.rowid IN (SELECT record_rowid FROM record_places WHERE place IN (${marks(q.places)}))`, ...q.places);
    }
    if (exclude) add('r.rowid NOT IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)', exclude);
    if (withCursor && q.cursor) {
      const c = decodeCursor(q.cursor);
      add('(r.sort_at, r.id) < (?, ?)', c.sortAt, c.id);
    }
    return w;
  }

  const clause = (w: Where) => `${w.from}${w.sql.length ? ` WHERE ${w.sql.join(' AND ')}` : ''}`;
  const params = (w: Where) => [...w.fromParams, ...w.params];

  return {
    async upsert(records) {
      const result: UpsertResult = { inserted: 0, updated: 0 };
      if (!records.length) return result;
      transaction(db, () => {
        for (const r of records) result[writeOne(r)]++;
      });
      return result;
    },

    async get(id) {
      const row = st.get.get(id) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as DlxhRecord) : null;
    },

    async findByContentHash(hash, exceptId) {
      const row = st.byHash.get(hash, exceptId) as { id: string } | undefined;
      return row?.id ?? null;
    },

    async storyCandidates(bandKeys, from, to, limit): Promise<StoryCandidate[]> {
      const keys = [...new Set(bandKeys)];
      if (!keys.length || limit < 1) return [];
      // Each key contributes its most recently added records only: a key shared by thousands of
      // records (a common phrase) then costs as much as a rare one.
      const perKey = keys.map(() => `SELECT rowid AS record_rowid FROM (SELECT rowid FROM record_bands_fts WHERE record_bands_fts MATCH ? ORDER BY rowid DESC LIMIT ${CANDIDATES_PER_BAND})`);
      const rows = prepared(`SELECT r.id, r.cluster_id, r.sort_at, s.minhash, COUNT(*) AS hits
                             FROM (${perKey.join(' UNION ALL ')}) b JOIN records r ON r.rowid = b.record_rowid
                             JOIN record_sketches s ON s.rowid = b.record_rowid
                             WHERE r.sort_at >= ? AND r.sort_at <= ?
                             GROUP BY b.record_rowid ORDER BY hits DESC, r.sort_at, r.id LIMIT ?`)
        .all(...keys.map((k) => `"${bandToken(k)}"`), new Date(from).toISOString(), new Date(to).toISOString(), Math.floor(limit)) as
        { id: string; cluster_id: string | null; sort_at: string; minhash: Uint8Array }[];
      return rows.map((row) => ({
        id: row.id, clusterId: row.cluster_id ?? row.id, publishedAt: row.sort_at, signature: signatureFromBlob(row.minhash),
      }));
    },

    async search(query): Promise<RecordPage> {
      const limit = RecordQuery.parse(query).limit;
      const totalWhere = where(query, false);
      const total = (prepared(`SELECT COUNT(*) AS n FROM ${clause(totalWhere)}`).get(...params(totalWhere)) as { n: number }).n;
      // A filter matching a large share of the records: walk the time index instead (see where()).
      const w = where(query, true, total < WALK_TIME_INDEX_FROM);
      // The document is read for the page only, after the narrow rows were sorted and cut.
      const rows = prepared(`SELECT d.doc, p.sort_at, p.id FROM (SELECT r.rowid, r.sort_at, r.id FROM ${clause(w)}
                             ORDER BY r.sort_at DESC, r.id DESC LIMIT ?) p JOIN record_docs d ON d.rowid = p.rowid ORDER BY p.sort_at DESC, p.id DESC`)
        .all(...params(w), limit + 1) as { doc: string; sort_at: string; id: string }[];
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => JSON.parse(r.doc) as DlxhRecord),
        total,
        nextCursor: rows.length > limit && last ? encodeCursor(last.sort_at, last.id) : null,
      };
    },

    async counts(query, by: CountDimension): Promise<Count[]> {
      const w = where(query, false);
      const sql: Record<CountDimension, string> = {
        day: `SELECT r.day AS key, COUNT(*) AS count FROM ${clause(w)} GROUP BY r.day ORDER BY r.day`,
        sentiment: `SELECT COALESCE(r.sentiment, 'unknown') AS key, COUNT(*) AS count FROM ${clause(w)} GROUP BY key ORDER BY count DESC, key`,
        source: `SELECT r.source_id AS key, COUNT(*) AS count FROM ${clause(w)} GROUP BY key ORDER BY count DESC, key`,
        cluster: `SELECT COALESCE(r.cluster_id, r.id) AS key, COUNT(*) AS count FROM ${clause(w)} GROUP BY key ORDER BY count DESC, key`,
        // The filtered records first (a subquery), then their topics or places by rowid.
        topic: `SELECT t.topic AS key, COUNT(*) AS count FROM (SELECT r.rowid AS rid FROM ${clause(w)}) m CROSS JOIN record_topics t ON t.record_rowid = m.rid
                GROUP BY key ORDER BY count DESC, key`,
        // Places are indexed by slug and by code; count slugs only (codes are digits).
        place: `SELECT p.place AS key, COUNT(*) AS count FROM (SELECT r.rowid AS rid FROM ${clause(w)}) m CROSS JOIN record_places p ON p.record_rowid = m.rid
                WHERE p.place GLOB '*[a-z]*' GROUP BY key ORDER BY count DESC, key`,
      };
      return prepared(sql[by]).all(...params(w)) as Count[];
    },

    async countAll() {
      return (st.countAll.get() as { n: number }).n;
    },

    async purge(sourceId, collectedBefore): Promise<PurgeResult> {
      const cutoff = new Date(collectedBefore).toISOString();
      return transaction(db, () => {
        const rows = st.purgeCandidates.all(sourceId, cutoff) as { rowid: number; evidence: string | null }[];
        for (const { rowid } of rows) {
          st.ftsDelete.run(rowid);
          st.topicsDelete.run(rowid);
          st.placesDelete.run(rowid);
          st.bandsDelete.run(rowid);
          st.docDelete.run(rowid);
          st.sketchDelete.run(rowid);
          st.deleteRecord.run(rowid);
        }
        const paths = [...new Set(rows.map((r) => r.evidence).filter((e): e is string => !!e))];
        return { records: rows.length, evidence: paths.filter((p) => st.evidenceInUse.get(p) === undefined) };
      });
    },

    async close() {
      // The database is shared with the embedded queue; whoever closes first closes it.
      if (db.isOpen) db.close();
    },
  };
}
