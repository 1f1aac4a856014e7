// The embedded queue adapter: jobs are rows of the embedded database. Taking a job moves its
// availability into the future (the lease); completing deletes it.
import type { DatabaseSync } from 'node:sqlite';
import { hostname } from 'node:os';
import { transaction } from '../embedded-database.ts';
import { DEFAULT_MAX_ATTEMPTS, backoffMs, type Queue, type Job } from './queue.ts';

type Row = { id: number; key: string; payload: string; attempts: number; last_error?: string };

const OWNER = `${hostname()}:${process.pid}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Jobs leased by a process of this machine that no longer runs (killed, crashed) are handed
 * out again at once instead of waiting for their lease to run out — BullMQ's "stalled jobs".
 */
function releaseDeadLeases(db: DatabaseSync, name: string, now: number): number {
  const owners = db.prepare(`SELECT DISTINCT lease_owner AS owner FROM queue_jobs
                             WHERE queue = ? AND state = 'pending' AND available_at > ? AND lease_owner IS NOT NULL`).all(name, now) as { owner: string }[];
  let released = 0;
  for (const { owner } of owners) {
    const [host, pid] = owner.split(':');
    if (host !== hostname() || Number(pid) === process.pid || alive(Number(pid))) continue;
    released += Number(db.prepare(`UPDATE queue_jobs SET available_at = ?, lease_owner = NULL WHERE queue = ? AND lease_owner = ? AND state = 'pending'`)
      .run(now, name, owner).changes);
  }
  return released;
}

export function createSqliteQueue<T>(db: DatabaseSync, name: string, now: () => number = Date.now): Queue<T> {
  const st = {
    add: db.prepare(`INSERT INTO queue_jobs (queue, key, payload, available_at, created_at) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT(queue, key) DO NOTHING`),
    ready: db.prepare(`SELECT id, key, payload, attempts FROM queue_jobs
                       WHERE queue = ? AND state = 'pending' AND available_at <= ? ORDER BY available_at, id LIMIT ?`),
    lease: db.prepare(`UPDATE queue_jobs SET available_at = ?, attempts = attempts + 1, lease_owner = ? WHERE id = ?`),
    complete: db.prepare('DELETE FROM queue_jobs WHERE id = ? AND queue = ?'),
    get: db.prepare('SELECT attempts FROM queue_jobs WHERE id = ? AND queue = ?'),
    retry: db.prepare(`UPDATE queue_jobs SET available_at = ?, last_error = ?, lease_owner = NULL WHERE id = ?`),
    park: db.prepare(`UPDATE queue_jobs SET state = 'failed', last_error = ? WHERE id = ?`),
    failed: db.prepare(`SELECT id, key, payload, attempts, last_error FROM queue_jobs WHERE queue = ? AND state = 'failed' ORDER BY id LIMIT ?`),
    retryFailed: db.prepare(`UPDATE queue_jobs SET state = 'pending', attempts = 0, available_at = ? WHERE queue = ? AND state = 'failed'`),
    counts: db.prepare(`SELECT
        SUM(state = 'pending' AND available_at <= ?) AS pending,
        SUM(state = 'pending' AND available_at > ?) AS active,
        SUM(state = 'failed') AS failed
      FROM queue_jobs WHERE queue = ?`),
  };

  releaseDeadLeases(db, name, now());

  const toJob = (r: Row): Job<T> => ({ id: String(r.id), key: r.key, data: JSON.parse(r.payload) as T, attempts: r.attempts });

  return {
    name,
    async add(jobs) {
      let added = 0;
      if (!jobs.length) return { added };
      const t = now();
      transaction(db, () => {
        for (const j of jobs) added += Number(st.add.run(name, j.key, JSON.stringify(j.data), t, t).changes);
      });
      return { added };
    },

    async take(limit, leaseMs) {
      const t = now();
      return transaction(db, () => {
        const rows = st.ready.all(name, t, limit) as Row[];
        for (const r of rows) st.lease.run(t + leaseMs, OWNER, r.id);
        return rows.map((r) => toJob({ ...r, attempts: r.attempts + 1 }));
      });
    },

    async complete(ids) {
      if (!ids.length) return;
      transaction(db, () => {
        for (const id of ids) st.complete.run(Number(id), name);
      });
    },

    async fail(id, error, options = {}) {
      const row = st.get.get(Number(id), name) as { attempts: number } | undefined;
      if (!row) return 'failed';
      if (row.attempts >= (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
        st.park.run(error, Number(id));
        return 'failed';
      }
      st.retry.run(now() + (options.retryInMs ?? backoffMs(row.attempts)), error, Number(id));
      return 'retry';
    },

    async failed(limit) {
      return (st.failed.all(name, limit) as Row[]).map((r) => ({ ...toJob(r), error: r.last_error ?? '' }));
    },

    async retryFailed() {
      return Number(st.retryFailed.run(now(), name).changes);
    },

    async counts() {
      const t = now();
      const r = st.counts.get(t, t, name) as { pending: number | null; active: number | null; failed: number | null };
      // A pending job whose availability lies in the future is leased (active) or waiting for a retry.
      return { pending: r.pending ?? 0, active: r.active ?? 0, failed: r.failed ?? 0 };
    },

    async close() {
      if (db.isOpen) db.close();
    },
  };
}
