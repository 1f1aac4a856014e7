// Crawler figures (issue 3), against the bench site on 127.0.0.1 (test/bench/bench-site.ts, in
// its own process so it does not share the crawler's event loop):
//   crawl + extract + store: a sitemap source through crawlSource and the embedded runtime's
//     queue, then drain (normalise, analyse, index), pages/s end to end and per stage;
//   fetch + extract only: the same crawl into a sink that discards, pages/s;
//   extraction alone: extractArticle per page, p50/p95 ms;
//   memory: with BENCH_FULL=1, a 100,000-page crawl in a child process, VmRSS sampled every
//     second, first half against second half ("flat" = the second half does not keep growing);
//   rendered pages: a rendered source (PlaywrightCrawler, system Chromium) over ~40 JS-built pages.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SitemapSource, RenderedSource } from '../../config/schema.ts';
import { openRuntime } from '../../api/runtime.ts';
import { crawlContext } from '../../api/commands/crawl.ts';
import { crawlSource } from '../../crawlers/crawl.ts';
import { DEFAULT_POLITENESS, type CrawlContext, type Politeness } from '../../crawlers/crawl-context.ts';
import { createCrawlState } from '../../crawlers/crawl-state.ts';
import { extractArticle } from '../../crawlers/article-extract.ts';
import { decodeBody } from '../../crawlers/charset.ts';
import { chromiumPath } from '../../crawlers/rendered.ts';
import { openDatabase } from '../../pipeline/embedded-database.ts';
import { drain } from '../../pipeline/ingest.ts';
import { articlePage } from './bench-site.ts';
import { startRenderedSite } from '../fixtures/rendered-site.ts';

const SITE = path.join(import.meta.dirname, 'bench-site.ts');
const SELF = path.join(import.meta.dirname, 'crawl.ts');

/** Loopback: no spacing, many requests at once; the site is ours. */
const LOOPBACK: Politeness = { ...DEFAULT_POLITENESS, maxConcurrency: 12, maxRequestsPerMinute: 1_000_000, perHostDelayMs: 0 };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const uptime = () => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
};

/** CPU seconds (user + system) a process has used so far, from /proc (null where there is none). */
function procCpuSecs(pid: number | undefined): number | null {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU time of this process (all its threads, the extraction workers included) while `run` runs. */
async function withCpu<T>(run: () => Promise<T>, site?: { cpuSecs(): number | null }): Promise<T & { cpuSecs: number; siteCpuSecs: number | null }> {
  const c0 = process.cpuUsage();
  const s0 = site?.cpuSecs() ?? null;
  const r = await run();
  const c = process.cpuUsage(c0);
  const s1 = site?.cpuSecs() ?? null;
  return { ...r, cpuSecs: (c.user + c.system) / 1e6, siteCpuSecs: s0 !== null && s1 !== null ? s1 - s0 : null };
}

const cpuLine = (cpuSecs: number, siteCpuSecs: number | null, pages: number) =>
  `CPU ${(cpuSecs * 1000 / Math.max(1, pages)).toFixed(2)} ms/page in the crawler's process${siteCpuSecs === null ? '' : `, ${(siteCpuSecs * 1000 / Math.max(1, pages)).toFixed(2)} ms/page in the site's`}`;

async function startSiteProcess(pages: number): Promise<{ url: string; close: () => Promise<void>; cpuSecs: () => number | null }> {
  const child = spawn(process.execPath, [SITE, String(pages)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  lines.close();
  const { url } = JSON.parse(first) as { url: string };
  return { url, close: async () => stop(child), cpuSecs: () => procCpuSecs(child.pid) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function sitemapSource(siteUrl: string, pages: number) {
  return SitemapSource.parse({ id: 'bench-sitemap', name: 'Báo Bình Phước (bench)', kind: 'sitemap', url: `${siteUrl}/sitemap.xml`, maxItemsPerRun: pages });
}

const quiet = (lines: string[]) => (m: string) => {
  if (lines.length < 50) lines.push(m);
};

/** Fetch + decode + extract + validate, into a sink that discards. */
async function fetchExtractOnly(siteUrl: string, pages: number) {
  let items = 0;
  const log: string[] = [];
  const ctx: CrawlContext = {
    userAgent: 'DLXH-Monitor-Bench/0.1 (+https://example.invalid/contact)',
    politeness: LOOPBACK,
    sink: async (batch) => { items += batch.length; },
    state: createCrawlState(openDatabase(':memory:')),
    evidenceDir: null,
    log: quiet(log),
  };
  const t = performance.now();
  const report = await crawlSource(sitemapSource(siteUrl, pages), ctx);
  const secs = (performance.now() - t) / 1000;
  return { items, secs, errors: report.errors, log };
}

/** The product's path: crawlSource into the runtime's durable queue (evidence kept), then drain. */
async function crawlAndStore(siteUrl: string, pages: number, dataDir: string, withDrain: boolean) {
  const rt = openRuntime({ dataDir });
  const log: string[] = [];
  try {
    const ctx: CrawlContext = { ...crawlContext(rt, quiet(log)), politeness: LOOPBACK };
    const t0 = performance.now();
    const report = await crawlSource(sitemapSource(siteUrl, pages), ctx);
    const crawlSecs = (performance.now() - t0) / 1000;
    let drainSecs = 0;
    let stored = 0;
    if (withDrain) {
      const t1 = performance.now();
      stored = (await drain(rt.pipeline)).stored;
      drainSecs = (performance.now() - t1) / 1000;
    }
    return { items: report.items, errors: report.errors, crawlSecs, drainSecs, stored, log };
  } finally {
    await rt.close();
  }
}

/** Drains what crawlAndStore queued in `dataDir` (normalise, analyse, index). */
async function drainOnly(dataDir: string) {
  const rt = openRuntime({ dataDir });
  try {
    const t = performance.now();
    const stored = (await drain(rt.pipeline)).stored;
    return { stored, drainSecs: (performance.now() - t) / 1000 };
  } finally {
    await rt.close();
  }
}

function extractionTimes(count: number) {
  const base = 'http://127.0.0.1:8080';
  const pages = Array.from({ length: count }, (_, k) => Buffer.from(articlePage(k * 13, base), 'utf8'));
  for (const b of pages.slice(0, 30)) extractArticle({ url: base, html: decodeBody(b, 'text/html; charset=utf-8').text }); // warm-up
  const extract: number[] = [];
  const decode: number[] = [];
  for (const b of pages) {
    const t0 = performance.now();
    const html = decodeBody(b, 'text/html; charset=utf-8').text;
    const t1 = performance.now();
    extractArticle({ url: base, html });
    extract.push(performance.now() - t1);
    decode.push(t1 - t0);
  }
  extract.sort((a, b) => a - b);
  decode.sort((a, b) => a - b);
  const kb = pages.reduce((s, b) => s + b.length, 0) / pages.length / 1024;
  return { p50: pct(extract, 0.5), p95: pct(extract, 0.95), decodeP50: pct(decode, 0.5), kb };
}

/** The 100,000-page crawl in its own process, VmRSS sampled every second. */
async function memoryOverLongCrawl(siteUrl: string, pages: number, dataDir: string) {
  const child = spawn(process.execPath, [SELF, '--child', siteUrl, String(pages), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: number[] = [];
  const poll = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) samples.push(Number(m[1]) / 1024);
    } catch { /* ended */ }
  }, 1000);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  const t = performance.now();
  await once(child, 'exit');
  clearInterval(poll);
  const secs = (performance.now() - t) / 1000;
  const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { items?: number; errors?: number };
  const half = Math.floor(samples.length / 2);
  const range = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });
  return { secs, items: result.items ?? 0, errors: result.errors ?? 0, first: range(samples.slice(0, half)), second: range(samples.slice(half)), samples };
}

/**
 * A rendered source over `count` JS-built articles. Start-up (browser start, robots.txt, the
 * listing, the first article) is timed apart from the steady rate, first stored page to last.
 */
async function renderedRate(count: number) {
  const site = await startRenderedSite();
  for (let k = 0; k < count - 2; k++) {
    site.addArticle({
      slug: `bai-${k}`, title: `Bài số ${k}: người dân phản ánh đường giao thông xuống cấp`, published: '2025-09-14T08:00:00+07:00',
      paragraphs: [`Bài ${k}. Người dân ở Bù Đăng phản ánh đoạn đường liên xã xuống cấp nghiêm trọng, mùa mưa lầy lội rất khó đi lại.`,
        'Chính quyền xã cho biết đã đưa tuyến đường vào kế hoạch sửa chữa trong năm tới và sẽ thông báo cho người dân.'],
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-bench-rendered-'));
  const log: string[] = [];
  let items = 0;
  const stored: number[] = [];
  const ctx: CrawlContext = {
    userAgent: 'DLXH-Monitor-Bench/0.1 (+https://example.invalid/contact)',
    politeness: LOOPBACK,
    sink: async (batch) => {
      items += batch.length;
      for (const _ of batch) stored.push(performance.now());
    },
    state: createCrawlState(openDatabase(':memory:')),
    evidenceDir: dir,
    log: quiet(log),
  };
  const source = RenderedSource.parse({
    id: 'bench-rendered', name: 'Rendered bench', kind: 'rendered', urls: [`${site.url}/tin-tuc`],
    articleLinkSelector: 'a.story', waitForSelector: 'article.article-detail', maxItemsPerRun: count,
  });
  try {
    const t = performance.now();
    const report = await crawlSource(source, ctx);
    const first = stored[0] ?? t;
    const last = stored.at(-1) ?? t;
    return {
      items, secs: (performance.now() - t) / 1000, errors: report.errors,
      startSecs: (first - t) / 1000, steadyPagesPerSec: last > first ? (stored.length - 1) / ((last - first) / 1000) : 0,
    };
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCrawl(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  const pages = Number(process.env.BENCH_CRAWL_PAGES ?? 5000);
  console.log(`load average at start: ${uptime()} (2 cores, shared)`);

  const ex = extractionTimes(300);
  console.log(`extraction alone (extractArticle, ${ex.kb.toFixed(0)} KB pages): p50 ${ex.p50.toFixed(1)} ms, p95 ${ex.p95.toFixed(1)} ms per page; decodeBody p50 ${ex.decodeP50.toFixed(2)} ms`);
  Object.assign(figures, { extractP50Ms: ex.p50, extractP95Ms: ex.p95 });

  const site = await startSiteProcess(Math.max(pages, process.env.BENCH_FULL ? 100_000 : 0));
  const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-bench-crawl-'));
  try {
    const fe = await withCpu(() => fetchExtractOnly(site.url, pages), site);
    const feRate = fe.items / fe.secs;
    console.log(`fetch + extract only (sitemap source, discarding sink): ${fe.items} pages in ${fe.secs.toFixed(1)} s = ${feRate.toFixed(0)} pages/s${fe.errors.length ? `, ${fe.errors.length} errors (${fe.errors[0]})` : ''}; ${cpuLine(fe.cpuSecs, fe.siteCpuSecs, fe.items)}`);
    Object.assign(figures, { fetchExtractPagesPerSec: feRate, fetchExtractCpuMsPerPage: fe.cpuSecs * 1000 / Math.max(1, fe.items) });

    const cs = await withCpu(() => crawlAndStore(site.url, pages, path.join(dir, 'data'), false), site);
    const drained = await withCpu(() => drainOnly(path.join(dir, 'data')));
    const crawlRate = cs.items / cs.crawlSecs;
    const drainRate = drained.stored / drained.drainSecs;
    const e2e = drained.stored / (cs.crawlSecs + drained.drainSecs);
    console.log(`crawl + extract + queue (SQLite, evidence kept): ${cs.items} pages in ${cs.crawlSecs.toFixed(1)} s = ${crawlRate.toFixed(0)} pages/s${cs.errors.length ? `, ${cs.errors.length} errors (${cs.errors[0]})` : ''}; ${cpuLine(cs.cpuSecs, cs.siteCpuSecs, cs.items)}`);
    console.log(`then normalise + analyse + index (drain): ${drained.stored} articles in ${drained.drainSecs.toFixed(1)} s = ${drainRate.toFixed(0)} articles/s`);
    console.log(`end to end (fetch → decode → extract → queue → normalise/analyse → SQLite): ${e2e.toFixed(0)} pages/s`);
    Object.assign(figures, { crawlStorePagesPerSec: crawlRate, crawlStoreCpuMsPerPage: cs.cpuSecs * 1000 / Math.max(1, cs.items), drainArticlesPerSec: drainRate, endToEndPagesPerSec: e2e });

    if (process.env.BENCH_FULL) {
      const full = 100_000;
      const m = await memoryOverLongCrawl(site.url, full, path.join(dir, 'full'));
      console.log(`memory over a ${full}-page crawl (crawl + extract + queue, child process): ${m.items} pages in ${m.secs.toFixed(0)} s (${(m.items / m.secs).toFixed(0)} pages/s), ` +
        `VmRSS first half ${m.first.min.toFixed(0)}–${m.first.max.toFixed(0)} MB, second half ${m.second.min.toFixed(0)}–${m.second.max.toFixed(0)} MB`);
      console.log(`  RSS every 30 s (MB): ${m.samples.filter((_, k) => k % 30 === 0).map((x) => x.toFixed(0)).join(' ')}`);
      Object.assign(figures, { fullCrawlPages: m.items, rssFirstHalfMaxMb: m.first.max, rssSecondHalfMaxMb: m.second.max });
    } else {
      console.log('memory over a 100,000-page crawl: run with BENCH_FULL=1');
    }
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }

  if (process.env.BENCH_NO_RENDERED) {
    console.log('rendered pages: skipped (BENCH_NO_RENDERED)');
    return figures;
  }
  if (!existsSync(chromiumPath())) {
    console.log(`rendered pages: skipped, no Chromium at ${chromiumPath()}`);
    return figures;
  }
  const rd = await renderedRate(100);
  console.log(`rendered pages (PlaywrightCrawler, system Chromium, JPEG screenshot kept): ${rd.items} pages in ${rd.secs.toFixed(1)} s = ${(rd.items / rd.secs).toFixed(1)} pages/s overall; ` +
    `start-up ${rd.startSecs.toFixed(1)} s to the first stored page (browser start, robots.txt, listing), then ${rd.steadyPagesPerSec.toFixed(1)} pages/s steady` +
    `${rd.errors.length ? `, ${rd.errors.length} errors (${rd.errors[0]})` : ''} (load average ${uptime()})`);
  Object.assign(figures, { renderedPagesPerSec: rd.items / rd.secs, renderedStartSecs: rd.startSecs, renderedSteadyPagesPerSec: rd.steadyPagesPerSec });
  console.log(`load average at end: ${uptime()}`);
  return figures;
}

// Child mode for the long crawl: node test/bench/crawl.ts --child <siteUrl> <pages> <dataDir>
if (import.meta.main && process.argv[2] === '--child') {
  const [siteUrl, pages, dataDir] = process.argv.slice(3) as [string, string, string];
  const r = await crawlAndStore(siteUrl, Number(pages), dataDir, false);
  console.log(JSON.stringify({ items: r.items, errors: r.errors.length, secs: r.crawlSecs }));
}
