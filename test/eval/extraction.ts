// Article-extraction quality and speed on the labelled dev set (test/fixtures/extraction).
// Body score as in the public article-extraction benchmark: F1 over 4-word shingles
// (lower-cased, whitespace tokens), averaged over pages. Dates count when on the same day.
// Run: node test/eval/extraction.ts [dir]
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../../crawlers/article-extract.ts';
import { decodeBody } from '../../crawlers/charset.ts';

export interface ExtractionScore {
  pages: number;
  bodyF1: number;
  datesCorrect: number;
  datesTotal: number;
  p50ms: number;
  p95ms: number;
  perPage: { name: string; f1: number; dateOk: boolean | null; ms: number }[];
}

const DEFAULT_DIR = fileURLToPath(new URL('../fixtures/extraction/', import.meta.url));
const NOW = new Date('2026-11-22T12:00:00+07:00');

function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.toLowerCase().split(/\s+/).filter((t) => t !== '');
  const out = new Map<string, number>();
  const add = (k: string) => out.set(k, (out.get(k) ?? 0) + 1);
  if (tokens.length > 0 && tokens.length < n) add(tokens.join(' '));
  for (let i = 0; i + n <= tokens.length; i++) add(tokens.slice(i, i + n).join(' '));
  return out;
}

/** F1 of the multisets of 4-word shingles of extracted and true text. */
export function shingleF1(predicted: string, truth: string): number {
  const p = shingles(predicted);
  const t = shingles(truth);
  let pn = 0;
  let tn = 0;
  let overlap = 0;
  for (const v of p.values()) pn += v;
  for (const [k, v] of t) {
    tn += v;
    overlap += Math.min(v, p.get(k) ?? 0);
  }
  if (pn === 0 && tn === 0) return 1;
  if (pn === 0 || tn === 0 || overlap === 0) return 0;
  const precision = overlap / pn;
  const recall = overlap / tn;
  return (2 * precision * recall) / (precision + recall);
}

/** Calendar day of an ISO timestamp, read in the offset of another one (the gold's). */
function dayIn(iso: string, offsetFrom: string): string {
  const m = /([+-])(\d{2}):(\d{2})$|Z$/.exec(offsetFrom);
  const offset = m === null || m[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return new Date(Date.parse(iso) + offset * 60_000).toISOString().slice(0, 10);
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

type Extractor = (url: string, html: string) => { text: string; publishedAt: string | null };

/** Plain @mozilla/readability on linkedom, for comparison (`--engine readability`). */
const readabilityOnly: Extractor = (_url, html) => {
  const { document } = parseHTML(html);
  const article = new Readability(document as unknown as Document).parse();
  const text = (article?.textContent ?? '').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '').join('\n\n');
  return { text, publishedAt: article?.publishedTime ?? null };
};

const ours: Extractor = (url, html) => extractArticle({ url, html, now: NOW });

export async function evaluateExtraction(dir: string = DEFAULT_DIR, engine: 'ours' | 'readability' = 'ours'): Promise<ExtractionScore> {
  const run = engine === 'readability' ? readabilityOnly : ours;
  const names = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
  const perPage: ExtractionScore['perPage'] = [];
  const times: number[] = [];
  let datesCorrect = 0;
  let datesTotal = 0;
  for (const file of names) {
    const name = file.replace(/\.html$/, '');
    const goldFile = join(dir, `${name}.json`);
    let gold: { url: string; text: string; publishedAt: string | null };
    try {
      gold = JSON.parse(readFileSync(goldFile, 'utf8')) as typeof gold;
    } catch {
      continue;
    }
    const { text: html } = decodeBody(new Uint8Array(readFileSync(join(dir, file))));
    run(gold.url, html); // warm-up, so the timing is steady-state
    let best = Infinity;
    let result = run(gold.url, html);
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      result = run(gold.url, html);
      best = Math.min(best, performance.now() - t0);
    }
    times.push(best);
    const f1 = shingleF1(result.text, gold.text);
    let dateOk: boolean | null = null;
    if (gold.publishedAt) {
      datesTotal++;
      dateOk = result.publishedAt !== null && dayIn(result.publishedAt, gold.publishedAt) === dayIn(gold.publishedAt, gold.publishedAt);
      if (dateOk) datesCorrect++;
    }
    perPage.push({ name, f1, dateOk, ms: best });
  }
  times.sort((a, b) => a - b);
  const bodyF1 = perPage.length === 0 ? 0 : perPage.reduce((s, p) => s + p.f1, 0) / perPage.length;
  return { pages: perPage.length, bodyF1, datesCorrect, datesTotal, p50ms: percentile(times, 0.5), p95ms: percentile(times, 0.95), perPage };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const engineAt = args.indexOf('--engine');
  const engine = engineAt >= 0 && args[engineAt + 1] === 'readability' ? 'readability' : 'ours';
  const dir = args.find((a, i) => !a.startsWith('--') && (engineAt < 0 || i !== engineAt + 1)) ?? DEFAULT_DIR;
  const score = await evaluateExtraction(dir, engine);
  for (const p of score.perPage) console.log(`${p.f1.toFixed(3)}  date:${p.dateOk === null ? '-' : p.dateOk ? 'ok' : 'WRONG'}  ${p.ms.toFixed(2)}ms  ${p.name}`);
  console.log(JSON.stringify({ pages: score.pages, bodyF1: Number(score.bodyF1.toFixed(4)), datesCorrect: score.datesCorrect, datesTotal: score.datesTotal, p50ms: Number(score.p50ms.toFixed(2)), p95ms: Number(score.p95ms.toFixed(2)) }));
}
