// Ingest and search figures of the embedded store (issue: spine).
//   ingest: import (NDJSON) → queue → normalise → dedupe → analyse → index, records/s
//   search: p50/p95 latency at 100,000 records for typical analyst queries
//   memory: peak RSS of `dlxh import` on a large file (1,000,000 lines with BENCH_FULL=1)
import { mkdtempSync, writeFileSync, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRuntime } from '../../api/runtime.ts';
import { readItems } from '../../crawlers/file-import.ts';
import { rawItemKey } from '../../crawlers/raw-item.ts';
import { drain } from '../../pipeline/ingest.ts';
import { makeRecord } from '../../pipeline/store/store.contract.ts';
import { prng, post } from './corpus.ts';

const CLI = path.resolve(import.meta.dirname, '..', '..', 'api', 'cli.ts');

async function writeCorpus(file: string, n: number): Promise<void> {
  const r = prng(42);
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    if (!out.write(`${JSON.stringify({ id: `b${i}`, text: post(r, i), publishedAt: new Date(Date.UTC(2026, 9, 1) + (i % 60) * 86400_000 + (i % 86400) * 1000).toISOString() })}\n`)) {
      await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function benchIngest(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-bench-'));
  const n = Number(process.env.BENCH_INGEST ?? 20_000);
  const file = path.join(dir, 'posts.ndjson');
  await writeCorpus(file, n);
  const rt = openRuntime({ dataDir: path.join(dir, 'data') });
  const source = { id: 'bench', kind: 'file' as const, platform: null, name: 'bench' };
  const started = performance.now();
  let batch = [];
  for await (const item of readItems(file, { source })) {
    batch.push({ key: rawItemKey(item), data: item });
    if (batch.length >= 1000) {
      await rt.queue.add(batch);
      batch = [];
      await drain(rt.pipeline);
    }
  }
  await rt.queue.add(batch);
  await drain(rt.pipeline);
  const ingestSecs = (performance.now() - started) / 1000;
  const ingestRate = Math.round(n / ingestSecs);
  console.log(`ingest: ${n} posts of ~300 chars in ${ingestSecs.toFixed(1)} s = ${ingestRate} records/s (import+queue+analyse+index)`);

  // Top up to 100,000 records with already-analysed records (fast path) for the search figures.
  const target = 100_000;
  const r = prng(7);
  const topics = ['dat-dai', 'cao-toc', 'y-te', 'giao-duc', 'lua-dao', 'gia-nong-san'];
  const places = ['bu-dang', 'dong-xoai', 'chon-thanh', 'loc-ninh'];
  const sentiments = ['negative', 'neutral', 'positive'] as const;
  for (let i = await rt.store.countAll(); i < target; i += 5000) {
    const chunk = [];
    for (let k = i; k < Math.min(target, i + 5000); k++) {
      chunk.push(makeRecord(`s${k}`, {
        text: post(r, k), contentHash: `h${k}`,
        publishedAt: new Date(Date.UTC(2026, 8, 1) + Math.floor(r() * 80 * 86400_000)).toISOString(),
        topics: [{ id: topics[k % topics.length] as string, score: 0.8, by: 'rule' }],
        places: [{ code: String(25000 + (k % 4)), name: 'x', level: 'commune', slug: places[k % places.length] as string, old: false }],
        sentiment: { label: sentiments[k % 3] as (typeof sentiments)[number], score: 0.7 },
      }));
    }
    await rt.store.upsert(chunk);
  }
  const queries = [
    { q: 'boi thuong' }, { q: 'bồi thường' }, { q: '"giai phong mat bang" cao toc' }, { q: 'gia dieu', sentiments: ['negative' as const] },
    { topics: ['lua-dao'] }, { places: ['bu-dang'], from: '2026-10-01T00:00:00+07:00' }, { q: 'bao hiem y te -the' }, {},
    { q: 'vneid otp', hideDuplicates: false }, { sources: ['bench'], q: 'hoc them' },
  ];
  const times: number[] = [];
  for (let round = 0; round < 30; round++) {
    for (const q of queries) {
      const t = performance.now();
      await rt.store.search({ ...q, limit: 20 });
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const p50 = pct(times, 0.5);
  const p95 = pct(times, 0.95);
  console.log(`search at ${await rt.store.countAll()} records: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${times.length} queries, with total counts)`);
  await rt.close();

  // Peak memory of the CLI import on a large file, in its own process.
  const big = Number(process.env.BENCH_FULL ? 1_000_000 : (process.env.BENCH_RSS_LINES ?? 100_000));
  const bigFile = path.join(dir, 'big.ndjson');
  await writeCorpus(bigFile, big);
  const child = spawn(process.execPath, [CLI, 'import', bigFile, '--data', path.join(dir, 'big-data')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch { /* process ended */ }
  }, 200);
  const t0 = performance.now();
  await once(child, 'exit');
  clearInterval(poll);
  const bigSecs = (performance.now() - t0) / 1000;
  console.log(`import of ${big} lines: peak RSS ${(peakKb / 1024).toFixed(0)} MB, ${bigSecs.toFixed(0)} s (${Math.round(big / bigSecs)} records/s end to end)`);
  writeFileSync(path.join(dir, 'done'), '');
  return { ingestRate, searchP50Ms: p50, searchP95Ms: p95, importPeakRssMb: peakKb / 1024, importLines: big };
}
