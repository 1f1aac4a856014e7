// kill -9 during an import, then a rerun: every record exactly once.
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const CLI = path.resolve(import.meta.dirname, '..', 'api', 'cli.ts');

function count(dbFile: string): number {
  if (!existsSync(dbFile)) return 0;
  try {
    const db = new DatabaseSync(dbFile, { readOnly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not migrated yet
  }
}

describe('crash recovery', () => {
  it('leaves every record exactly once after kill -9 and a rerun', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-crash-'));
    const file = path.join(dir, 'posts.ndjson');
    const n = 30_000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(JSON.stringify({ id: `p${i}`, text: `Bài số ${i}: người dân xã ${i % 97} phản ánh việc bồi thường giải phóng mặt bằng chậm, mã ${i * 7919}.` }));
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const data = path.join(dir, 'data');
    const dbFile = path.join(data, 'dlxh.sqlite');

    const child = spawn(process.execPath, [CLI, 'import', file, '--data', data], { stdio: 'ignore' });
    // Kill it in the middle: once some records are indexed but not all.
    const deadline = Date.now() + 120_000;
    let seen = 0;
    while (Date.now() < deadline) {
      seen = count(dbFile);
      if (seen > 2000 || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(seen).toBeGreaterThan(0);
    expect(count(dbFile)).toBeLessThan(n);

    const rerun = spawnSync(process.execPath, [CLI, 'import', file, '--data', data], { encoding: 'utf8' });
    expect(rerun.stderr).toMatch(/30000 read/);
    expect(rerun.status).toBe(0);
    const db = new DatabaseSync(dbFile, { readOnly: true });
    const row = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM records').get() as { n: number; ids: number };
    const left = db.prepare('SELECT COUNT(*) AS n FROM queue_jobs').get() as { n: number };
    const fts = db.prepare("SELECT COUNT(*) AS n FROM records_fts WHERE records_fts MATCH 'text_folded : \"bai so 12345\"'").get() as { n: number };
    db.close();
    expect(row).toEqual({ n, ids: n });
    expect(left.n).toBe(0);
    expect(fts.n).toBe(1);
  }, 300_000);
});
