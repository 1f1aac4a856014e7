// A disk that fills up during an import: a clear message, a non-zero exit, and everything
// indexed before the disk filled is kept. Needs a tiny tmpfs (root); skipped loudly otherwise.
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const CLI = path.resolve(import.meta.dirname, '..', 'api', 'cli.ts');
const mountPoint = mkdtempSync(path.join(tmpdir(), 'dlxh-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.warn('\n*** SKIPPED test/disk-full.test.ts: cannot mount a small tmpfs here (needs root). ***\n');

afterAll(() => { if (mounted) spawnSync('umount', [mountPoint]); });

describe.skipIf(!mounted)('a full disk', () => {
  it('stops with a clear message and keeps what was indexed', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dlxh-full-in-')), 'posts.ndjson');
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `x${i}`, text: `Người dân phản ánh lần ${i}: ${'bồi thường chậm, '.repeat(20)}` }));
    writeFileSync(file, lines.join('\n'));
    const data = path.join(mountPoint, 'data');
    const r = spawnSync(process.execPath, [CLI, 'import', file, '--data', data], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the disk is full.*run the same command again/);
    const db = new DatabaseSync(path.join(data, 'dlxh.sqlite'), { readOnly: true });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number };
    const integrity = db.prepare('PRAGMA quick_check').get() as Record<string, string>;
    db.close();
    expect(n).toBeGreaterThan(0);
    expect(Object.values(integrity)[0]).toBe('ok');
  }, 120_000);
});
