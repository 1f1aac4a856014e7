// Speed of the whole Vietnamese analysis (issue: language processing):
//   posts/s for ~300-character posts and articles/s for ~5,000-character articles, on one core;
//   start-up (loading every model) in a fresh process; peak RSS of `dlxh analyze` on a large file.
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { createAnalyser } from '../../pipeline/analyse.ts';
import { minhashOf } from '../../pipeline/language/minhash.ts';
import { BATCH_LINES } from '../../pipeline/batch-analyze.ts';
import { prng, post, article } from './corpus.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'api', 'cli.ts');

/** Texts per second of wall time, and per second of this thread's CPU time. */
type Rate = { wall: number; cpu: number };

function threadCpuSeconds(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Texts per second through `fn`, which takes `size` texts at a time, for at least `minMs`. */
function rate(texts: string[], fn: (batch: string[]) => void, size: number, minMs = 3000): Rate {
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += size) batches.push(texts.slice(i, i + size));
  for (const b of batches.slice(0, Math.ceil(BATCH_LINES / size))) fn(b); // warm-up
  let n = 0;
  const cpu = threadCpuSeconds();
  const started = performance.now();
  while (performance.now() - started < minMs) {
    for (const b of batches) fn(b);
    n += texts.length;
  }
  return { wall: Math.round(n / ((performance.now() - started) / 1000)), cpu: Math.round(n / (threadCpuSeconds() - cpu)) };
}

export async function benchAnalysis(): Promise<Record<string, number>> {
  const config = loadConfig();
  const analyser = createAnalyser({ topics: config.topics, gazetteerPath: config.gazetteerPath });
  const r = prng(1);
  const posts = Array.from({ length: 2000 }, (_, i) => post(r, i, 300));
  const articles = Array.from({ length: 100 }, (_, i) => article(r, i, 5000));
  // The whole analysis of the issue: what analyseMany() does with words, plus the MinHash sketch,
  // over batches of BATCH_LINES posts as dlxh analyze and the ingest's analysis thread run it.
  const wholeBatch = (batch: string[]): void => {
    analyser.analyseMany(batch.map((text) => ({ text })), { words: true });
    for (const t of batch) minhashOf(t);
  };
  // On a shared machine a slow run is either a preempted thread (slow in wall time only) or a
  // slower machine (slow per CPU second too): both figures are printed to tell which.
  const show = (r: Rate) => `${r.wall} per second (${r.cpu} per CPU second of the analysing thread)`;
  const posts256 = rate(posts, wholeBatch, BATCH_LINES);
  console.log(`analysis (normalise, segment, language, topics, sentiment, toxicity, places, risk, MinHash), 300-char posts, one core, in batches of ${BATCH_LINES}: ${show(posts256)}`);
  const onePost = rate(posts, ([t]) => {
    analyser.analyse({ text: t as string }, { words: true });
    minhashOf(t as string);
  }, 1);
  console.log(`analysis, one post at a time (analyse()): ${show(onePost)}`);
  const articles256 = rate(articles, wholeBatch, BATCH_LINES);
  console.log(`analysis, 5,000-char articles, one core, in batches of ${BATCH_LINES}: ${show(articles256)}`);
  const postsPerSecond = posts256.wall;
  const onePerSecond = onePost.wall;
  const articlesPerSecond = articles256.wall;

  // As the CLI starts: with Node's compile cache (api/cli.ts), first empty, then filled by that run.
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'dlxh-bench-compile-cache-'));
  const startupOnce = (): number => Number(spawnSync(process.execPath, ['--input-type=module', '-e', `
    const t = performance.now();
    (await import('node:module')).enableCompileCache(${JSON.stringify(cacheDir)});
    const { loadConfig } = await import(${JSON.stringify(path.join(ROOT, 'config', 'load.ts'))});
    const { createAnalyser } = await import(${JSON.stringify(path.join(ROOT, 'pipeline', 'analyse.ts'))});
    const c = loadConfig();
    createAnalyser({ topics: c.topics, gazetteerPath: c.gazetteerPath });
    console.log(Math.round(performance.now() - t));`], { encoding: 'utf8' }).stdout.trim());
  const coldStartupMs = startupOnce();
  const startupMs = startupOnce();
  rmSync(cacheDir, { recursive: true, force: true });
  console.log(`start-up (import + load every model) in a fresh process: ${startupMs} ms (${coldStartupMs} ms the first time, while the compile cache fills)`);

  const lines = Number(process.env.BENCH_FULL ? 1_000_000 : (process.env.BENCH_ANALYZE_LINES ?? 50_000));
  const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-bench-analyze-'));
  const file = path.join(dir, 'in.jsonl');
  const out = createWriteStream(file);
  for (let i = 0; i < lines; i++) if (!out.write(`${JSON.stringify({ id: i, text: posts[i % posts.length] })}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const child = spawn(process.execPath, [CLI, 'analyze', '--in', file, '--out', path.join(dir, 'out.jsonl')], { stdio: 'ignore' });
  let peakKb = 0;
  const samples: number[] = [];
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      // An exiting process has no VmRSS line: no sample then.
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      if (rss) samples.push(Number(rss[1]));
    } catch { /* ended */ }
  }, 500);
  const t0 = performance.now();
  await once(child, 'exit');
  clearInterval(poll);
  const secs = (performance.now() - t0) / 1000;
  const mid = samples.slice(Math.floor(samples.length / 4));
  console.log(`dlxh analyze on ${lines} lines: ${Math.round(lines / secs)} lines/s end to end, peak RSS ${(peakKb / 1024).toFixed(0)} MB, RSS over the run ${(Math.min(...mid) / 1024).toFixed(0)}–${(Math.max(...mid) / 1024).toFixed(0)} MB`);
  return { postsPerSecond, onePerSecond, articlesPerSecond, startupMs, analyzePeakRssMb: peakKb / 1024 };
}
