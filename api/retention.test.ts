import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../pipeline/embedded-database.ts';
import { createSqliteStore } from '../pipeline/store/sqlite-store.ts';
import { makeRecord } from '../pipeline/store/store.contract.ts';
import { RssSource } from '../config/schema.ts';
import { applyRetention } from './retention.ts';

describe('retention', () => {
  it("deletes a source's records and evidence past its retentionDays, and nothing else", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-retention-'));
    const evidence = path.join(dir, 'evidence');
    mkdirSync(path.join(evidence, 'aa'), { recursive: true });
    for (const f of ['aa/old.gz', 'aa/old.png', 'aa/new.gz']) writeFileSync(path.join(evidence, f), 'x');
    const store = createSqliteStore(openDatabase(':memory:'));
    const now = Date.parse('2026-11-22T00:00:00Z');
    await store.upsert([
      makeRecord('old', { collectedAt: '2026-10-01T00:00:00.000Z', evidence: { sha256: 'old', contentType: null, path: 'aa/old.gz' } }),
      makeRecord('new', { collectedAt: '2026-11-20T00:00:00.000Z', evidence: { sha256: 'new', contentType: null, path: 'aa/new.gz' } }),
    ]);
    const source = RssSource.parse({ id: 'bao-mau', kind: 'rss', name: 'Báo Mẫu', url: 'http://127.0.0.1/rss.xml', retentionDays: 30 });
    const [report] = await applyRetention(store, [source], evidence, now);
    expect(report).toEqual({ sourceId: 'bao-mau', records: 1, evidenceFiles: 1 });
    expect(existsSync(path.join(evidence, 'aa/old.gz'))).toBe(false);
    expect(existsSync(path.join(evidence, 'aa/old.png'))).toBe(false);
    expect(existsSync(path.join(evidence, 'aa/new.gz'))).toBe(true);
    expect(await store.get('new')).not.toBeNull();
  });
});
