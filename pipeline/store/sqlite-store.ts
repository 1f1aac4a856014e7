// The embedded store adapter on node:sqlite with an FTS5 index over title and text and over
// their diacritic-folded copies.
import type { DatabaseSync, StatementSync, SQLInputValue } from 'node:sqlite';
import type { DlxhRecord } from '../record.ts';
import { fold } from '../language/fold.ts';
import { transaction } from '../embedded-database.ts';
import {
  RecordQuery, decodeCursor, encodeCursor, sortTime,
  type RecordStore, type RecordPage, type PurgeResult, type CountDimension, type Count, type UpsertResult, type StoryCandidate,
} from './store.ts';
import { parseTextQuery, ftsTerm } from './text-query.ts';

/** Calendar day in Vietnam (UTC+7 all year, no daylight saving). */
export function vietnamDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
}

type Where = { sql: string[]; params: SQLInputValue[] };

const CANDIDATES_PER_KEY = 20;

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

export function createSqliteStore(db: DatabaseSync): RecordStore {
  const st = {
    findRowid: db.prepare('SELECT rowid FROM records WHERE id = ?'),
    insert: db.prepare(`INSERT INTO records (id, source_id, sort_at, day, sentiment, content_hash, duplicate_of, doc, cluster_id, minhash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    update: db.prepare(`UPDATE records SET source_id = ?, sort_at = ?, day = ?, sentiment = ?, content_hash = ?, duplicate_of = ?, doc = ?,
                        cluster_id = ?, minhash = ? WHERE rowid = ?`),
    ftsDelete: db.prepare('DELETE FROM records_fts WHERE rowid = ?'),
    ftsInsert: db.prepare('INSERT INTO records_fts (rowid, title, text, title_folded, text_folded) VALUES (?, ?, ?, ?, ?)'),
    topicsDelete: db.prepare('DELETE FROM record_topics WHERE record_rowid = ?'),
    topicInsert: db.prepare('INSERT OR IGNORE INTO record_topics (topic, record_rowid) VALUES (?, ?)'),
    placesDelete: db.prepare('DELETE FROM record_places WHERE record_rowid = ?'),
    placeInsert: db.prepare('INSERT OR IGNORE INTO record_places (place, record_rowid) VALUES (?, ?)'),
    bandsDelete: db.prepare('DELETE FROM record_bands WHERE record_rowid = ?'),
    purgeCandidates: db.prepare(`SELECT rowid, json_extract(doc, '$.evidence.path') AS evidence FROM records
                                 WHERE source_id = ? AND json_extract(doc, '$.collectedAt') < ?`),
    deleteRecord: db.prepare('DELETE FROM records WHERE rowid = ?'),
    evidenceInUse: db.prepare(`SELECT 1 FROM records WHERE json_extract(doc, '$.evidence.path') = ? LIMIT 1`),
    bandInsert: db.prepare('INSERT OR IGNORE INTO record_bands (band, record_rowid) VALUES (?, ?)'),
    get: db.prepare('SELECT doc FROM records WHERE id = ?'),
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
    const values = [
      r.source.id, sortAt, vietnamDay(sortAt), r.sentiment?.label ?? null, r.contentHash, r.duplicateOf, JSON.stringify(doc),
      r.clusterId, minhash ? signatureBlob(minhash.signature) : null,
    ] as const;
    let rowid: number;
    if (existing) {
      rowid = existing.rowid;
      st.update.run(...values, rowid);
      st.ftsDelete.run(rowid);
      st.topicsDelete.run(rowid);
      st.placesDelete.run(rowid);
      st.bandsDelete.run(rowid);
    } else {
      rowid = Number(st.insert.run(r.id, ...values).lastInsertRowid);
    }
    const title = r.title ?? '';
    st.ftsInsert.run(rowid, title, r.text, fold(title), fold(r.text));
    for (const t of r.topics) st.topicInsert.run(t.id, rowid);
    for (const p of r.places) {
      st.placeInsert.run(p.slug, rowid);
      st.placeInsert.run(p.code, rowid);
    }
    for (const band of minhash?.bands ?? []) st.bandInsert.run(band, rowid);
    return existing ? 'updated' : 'inserted';
  }

  function where(query: RecordQuery, withCursor: boolean): Where {
    const q = RecordQuery.parse(query);
    const w: Where = { sql: [], params: [] };
    const add = (sql: string, ...params: SQLInputValue[]) => { w.sql.push(sql); w.params.push(...params); };
    const inList = (col: string, values: string[]) => add(`${col} IN (${values.map(() => '?').join(',')})`, ...values);
    if (q.from) add('r.sort_at >= ?', new Date(q.from).toISOString());
    if (q.to) add('r.sort_at <= ?', new Date(q.to).toISOString());
    if (q.sources?.length) inList('r.source_id', q.sources);
    if (q.sentiments?.length) inList('r.sentiment', q.sentiments);
    if (q.clusters?.length) inList('r.cluster_id', q.clusters);
    if (q.hideDuplicates) add('r.duplicate_of IS NULL');
    if (q.topics?.length) {
      add(`r.rowid IN (SELECT record_rowid FROM record_topics WHERE topic IN (${q.topics.map(() => '?').join(',')}))`, ...q.topics);
    }
    if (q.places?.length) {
      add(`r.rowid IN (SELECT record_rowid FROM record_places WHERE place IN (${q.places.map(() => '?').join(',')}))`, ...q.places);
    }
    const text = parseTextQuery(q.q);
    if (text.must.length) add('r.rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)', text.must.map(ftsTerm).join(' AND '));
    if (text.mustNot.length) add('r.rowid NOT IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)', text.mustNot.map(ftsTerm).join(' OR '));
    if (withCursor && q.cursor) {
      const c = decodeCursor(q.cursor);
      add('(r.sort_at, r.id) < (?, ?)', c.sortAt, c.id);
    }
    return w;
  }

  const clause = (w: Where) => (w.sql.length ? `WHERE ${w.sql.join(' AND ')}` : '');

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
      const perKey = keys.map(() => `SELECT record_rowid FROM (SELECT record_rowid FROM record_bands WHERE band = ? ORDER BY record_rowid DESC LIMIT ${CANDIDATES_PER_KEY})`);
      const rows = prepared(`SELECT r.id, r.cluster_id, r.sort_at, r.minhash, COUNT(*) AS hits
                             FROM (${perKey.join(' UNION ALL ')}) b JOIN records r ON r.rowid = b.record_rowid
                             WHERE r.sort_at >= ? AND r.sort_at <= ? AND r.minhash IS NOT NULL
                             GROUP BY b.record_rowid ORDER BY hits DESC, r.sort_at, r.id LIMIT ?`)
        .all(...keys, new Date(from).toISOString(), new Date(to).toISOString(), Math.floor(limit)) as
        { id: string; cluster_id: string | null; sort_at: string; minhash: Uint8Array }[];
      return rows.map((row) => ({
        id: row.id, clusterId: row.cluster_id ?? row.id, publishedAt: row.sort_at, signature: signatureFromBlob(row.minhash),
      }));
    },

    async search(query): Promise<RecordPage> {
      const limit = RecordQuery.parse(query).limit;
      const w = where(query, true);
      const rows = prepared(`SELECT r.doc, r.sort_at, r.id FROM records r ${clause(w)} ORDER BY r.sort_at DESC, r.id DESC LIMIT ?`)
        .all(...w.params, limit + 1) as { doc: string; sort_at: string; id: string }[];
      const totalWhere = where(query, false);
      const total = (prepared(`SELECT COUNT(*) AS n FROM records r ${clause(totalWhere)}`).get(...totalWhere.params) as { n: number }).n;
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
        day: `SELECT r.day AS key, COUNT(*) AS count FROM records r ${clause(w)} GROUP BY r.day ORDER BY r.day`,
        sentiment: `SELECT COALESCE(r.sentiment, 'unknown') AS key, COUNT(*) AS count FROM records r ${clause(w)} GROUP BY key ORDER BY count DESC, key`,
        source: `SELECT r.source_id AS key, COUNT(*) AS count FROM records r ${clause(w)} GROUP BY key ORDER BY count DESC, key`,
        cluster: `SELECT COALESCE(r.cluster_id, r.id) AS key, COUNT(*) AS count FROM records r ${clause(w)} GROUP BY key ORDER BY count DESC, key`,
        topic: `SELECT t.topic AS key, COUNT(*) AS count FROM records r JOIN record_topics t ON t.record_rowid = r.rowid ${clause(w)} GROUP BY key ORDER BY count DESC, key`,
        // Places are indexed by slug and by code; count slugs only (codes are digits).
        place: `SELECT p.place AS key, COUNT(*) AS count FROM records r JOIN record_places p ON p.record_rowid = r.rowid ${clause(w)}${w.sql.length ? ' AND' : ' WHERE'} p.place GLOB '*[a-z]*' GROUP BY key ORDER BY count DESC, key`,
      };
      return prepared(sql[by]).all(...w.params) as Count[];
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
