// Ingest and search figures of the embedded store (issue: spine).
//   ingest: import (NDJSON) → queue → normalise → dedupe → analyse → index, records/s
//   search: p50/p95 latency at 100,000 records for typical analyst queries
//   memory: peak RSS of `dlxh import` on a large file (1,000,000 lines with BENCH_FULL=1)
// Env: BENCH_INGEST=N records ingested (default 20,000); BENCH_RSS_LINES=N lines for the memory
// run (default 100,000; 0 skips it); BENCH_FULL=1 makes that 1,000,000; BENCH_KEEP=1 keeps the
// temp folder. The machine may be shared: the load average and the CPU time are printed too.
import { mkdtempSync, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { openRuntime } from '../../api/runtime.ts';
import { readItems } from '../../crawlers/file-import.ts';
import { rawItemKey } from '../../crawlers/raw-item.ts';
import { drain } from '../../pipeline/ingest.ts';
import { makeRecord } from '../../pipeline/store/store.contract.ts';
import { COUNT_DIMENSIONS, type RecordQuery } from '../../pipeline/store/store.ts';
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
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const cpuSecs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Peak and sampled RSS (from /proc) of a child process until it exits. */
async function watchRss(pid: number, exited: Promise<unknown>): Promise<{ peakMb: number; samples: { s: number; mb: number }[] }> {
  let peakKb = 0;
  const samples: { s: number; mb: number }[] = [];
  const t0 = performance.now();
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      if (rss) samples.push({ s: (performance.now() - t0) / 1000, mb: Number(rss[1]) / 1024 });
    } catch { /* process ended */ }
  }, 200);
  await exited;
  clearInterval(poll);
  return { peakMb: peakKb / 1024, samples };
}

export async function benchIngest(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-bench-'));
  const n = Number(process.env.BENCH_INGEST ?? 20_000);
  const file = path.join(dir, 'posts.ndjson');
  await writeCorpus(file, n);
  const rt = openRuntime({ dataDir: path.join(dir, 'data') });
  const source = { id: 'bench', kind: 'file' as const, platform: null, name: 'bench' };
  console.log(`load average before: ${load()} (2 cores shared)`);
  const started = performance.now();
  const cpu0 = cpuSecs();
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
  const ingestCpu = cpuSecs() - cpu0;
  const ingestRate = Math.round(n / ingestSecs);
  console.log(`ingest: ${n} posts of ~300 chars in ${ingestSecs.toFixed(1)} s = ${ingestRate} records/s (import+queue+analyse+group+index)`);
  console.log(`        ${ingestCpu.toFixed(1)} CPU s = ${Math.round(n / ingestCpu)} records per CPU second; load average after: ${load()}`);

  // Top up to 100,000 records with already-analysed records (fast path) for the search figures.
  const target = 100_000;
  const r = prng(7);
  const topics = ['dat-dai', 'cao-toc', 'y-te', 'giao-duc', 'lua-dao', 'gia-nong-san'];
  // Analysed posts carry old-name slugs (bu-dang-huyen); these fast-path records new ones.
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
  const queries: [string, RecordQuery][] = [
    ['folded words', { q: 'boi thuong' }], ['exact words', { q: 'bồi thường' }], ['phrase + word', { q: '"giai phong mat bang" cao toc' }],
    ['words + sentiment', { q: 'gia dieu', sentiments: ['negative'] }], ['topic', { topics: ['lua-dao'] }],
    ['place + from', { places: ['bu-dang', 'bu-dang-huyen'], from: '2026-10-01T00:00:00+07:00' }], ['word - word', { q: 'bao hiem y te -the' }], ['everything', {}],
    ['words, with copies', { q: 'vneid otp', hideDuplicates: false }], ['source + words', { sources: ['bench'], q: 'hoc them' }],
    ['date range', { from: '2026-10-10T00:00:00+07:00', to: '2026-10-17T00:00:00+07:00' }],
    ['rare word', { q: 'zzqx' }],
  ];
  const byType = new Map<string, number[]>(queries.map(([name]) => [name, []]));
  const cpuByType = new Map<string, number[]>(queries.map(([name]) => [name, []]));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const stored = await rt.store.countAll();
  for (let round = 0; round < 30; round++) {
    for (const [name, q] of queries) {
      const t = performance.now();
      const c = cpuSecs();
      const page = await rt.store.search({ ...q, limit: 20 });
      // Every fifth round reads page 2 through the cursor, as an analyst scrolling does.
      if (round % 5 === 4 && page.nextCursor) await rt.store.search({ ...q, limit: 20, cursor: page.nextCursor });
      const ms = performance.now() - t;
      const cpuMs = (cpuSecs() - c) * 1000;
      times.push(ms);
      cpuTimes.push(cpuMs);
      byType.get(name)?.push(ms);
      cpuByType.get(name)?.push(cpuMs);
    }
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const p50 = pct(times, 0.5);
  const p95 = pct(times, 0.95);
  // CPU time is what a query costs on an idle core; wall time includes waiting for a shared one.
  console.log(`search at ${stored} records: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms wall; CPU p50 ${pct(cpuTimes, 0.5).toFixed(1)} ms, p95 ${pct(cpuTimes, 0.95).toFixed(1)} ms`
    + ` (${times.length} queries, each with its total count; load average ${load()})`);
  for (const [name, q] of queries) {
    const list = (byType.get(name) ?? []).sort((a, b) => a - b);
    const cpuList = (cpuByType.get(name) ?? []).sort((a, b) => a - b);
    const total = (await rt.store.search({ ...q, limit: 1 })).total;
    console.log(`  ${name.padEnd(20)} wall p50 ${pct(list, 0.5).toFixed(1).padStart(6)} ms  p95 ${pct(list, 0.95).toFixed(1).padStart(6)} ms`
      + `   CPU p50 ${pct(cpuList, 0.5).toFixed(1).padStart(6)} ms  p95 ${pct(cpuList, 0.95).toFixed(1).padStart(6)} ms  (${total} hits)`);
  }
  const countTimes: string[] = [];
  for (const by of COUNT_DIMENSIONS) {
    const t = performance.now();
    await rt.store.counts({ from: '2026-10-01T00:00:00+07:00' }, by);
    countTimes.push(`${by} ${(performance.now() - t).toFixed(0)} ms`);
  }
  console.log(`counts over a month: ${countTimes.join(', ')}`);
  await rt.close();
  const result = {
    ingestRate, ingestRecordsPerCpuSecond: Math.round(n / ingestCpu), searchP50Ms: p50, searchP95Ms: p95,
    searchCpuP95Ms: pct(cpuTimes, 0.95), importPeakRssMb: 0, importLines: 0,
  };

  // Peak memory of the CLI import on a large file, in its own process.
  const big = Number(process.env.BENCH_FULL ? 1_000_000 : (process.env.BENCH_RSS_LINES ?? 100_000));
  if (big > 0) {
    const bigFile = path.join(dir, 'big.ndjson');
    await writeCorpus(bigFile, big);
    rmSync(path.join(dir, 'data'), { recursive: true, force: true });
    console.log(`import of ${big} lines: load average before ${load()}`);
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'import', bigFile, '--data', path.join(dir, 'big-data')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (d: Buffer) => { errors = (errors + d.toString()).slice(-2000); });
    const { peakMb, samples } = await watchRss(child.pid as number, once(child, 'exit'));
    const bigSecs = (performance.now() - t0) / 1000;
    // RSS at each tenth of the run: flat means the import streams in bounded batches.
    const curve = Array.from({ length: 10 }, (_, k) => samples[Math.floor(((k + 1) * samples.length) / 10) - 1]).filter((x) => !!x)
      .map((x) => `${x.s.toFixed(0)}s ${x.mb.toFixed(0)}`).join(', ');
    console.log(`import of ${big} lines: peak RSS ${peakMb.toFixed(0)} MB, ${bigSecs.toFixed(0)} s (${Math.round(big / bigSecs)} records/s end to end); load average after ${load()}`);
    console.log(`  RSS (MB) over the run: ${curve}`);
    if (child.exitCode !== 0) console.log(`  import exited with ${child.exitCode}: ${errors.trim().split('\n').at(-1)}`);
    result.importPeakRssMb = peakMb;
    result.importLines = big;
  }
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  return result;
}
