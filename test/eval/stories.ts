// Story and near-duplicate grouping: quality on the hand-written dev set and sketch speed.
//
//   node test/eval/stories.ts [devPath] [--sweep]
//
// Quality is pairwise: over all pairs of texts, a pair is predicted together when both land in
// one cluster, and truly together when both carry the same `story` label. Copies: a predicted
// duplicateOf is right when the gold `copyOf` names the same line. Records are taken in time
// order, as the ingest worker does. Speed is CPU time on one core, after a warm-up.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { minhashOf } from '../../pipeline/language/minhash.ts';
import { assignStoryNow, createMemoryStoryIndex, STORY_DEFAULTS, type StoryOptions } from '../../pipeline/stories.ts';

export const STORIES_DEV_PATH = new URL('../data/labelled/stories-dev.jsonl', import.meta.url).pathname;
/** Written for choosing the thresholds: write-ups of one event worded apart, and look-alike events. */
export const STORIES_TUNE_PATH = new URL('../data/labelled/stories-tune.jsonl', import.meta.url).pathname;
const DEMO_ARTICLES = new URL('../../config/demo/articles.yaml', import.meta.url).pathname;

type Labelled = { id: string; story: string; text: string; title?: string; publishedAt: string; copyOf?: string };

export type StoriesEvaluation = {
  texts: number;
  stories: number;
  storyThreshold: number;
  pairwise: { precision: number; recall: number; f1: number; truePairs: number; predictedPairs: number };
  copies: { precision: number; recall: number; gold: number; predicted: number };
  clusters: number;
  /** Signatures + band keys per second of CPU for 300-character posts. */
  postsPerSecond: number;
  /** The same for 5,000-character articles. */
  articlesPerSecond: number;
};

export function readLabelled(path: string = STORIES_DEV_PATH): Labelled[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled & { note?: string })
    .filter((r) => !r.note && r.text);
}

/** Groups the texts in time order; returns each id's cluster and copy-of. */
export function groupLabelled(items: Labelled[], options: StoryOptions = {}): Map<string, { clusterId: string; duplicateOf: string | null }> {
  const index = createMemoryStoryIndex();
  const out = new Map<string, { clusterId: string; duplicateOf: string | null }>();
  const ordered = [...items].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : 1));
  for (const r of ordered) {
    const sketch = minhashOf(r.text, r.title ?? null);
    const a = assignStoryNow({ id: r.id, publishedAt: r.publishedAt, signature: sketch?.signature ?? null, bands: sketch?.bands ?? [] }, index, options);
    out.set(r.id, { clusterId: a.clusterId, duplicateOf: a.nearDuplicateOf });
  }
  return out;
}

function ratio(a: number, b: number): number {
  return b ? a / b : 1;
}

export function scoreGrouping(items: Labelled[], predicted: Map<string, { clusterId: string; duplicateOf: string | null }>) {
  let tp = 0;
  let truePairs = 0;
  let predictedPairs = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i] as Labelled;
      const b = items[j] as Labelled;
      const gold = a.story === b.story;
      const pred = predicted.get(a.id)?.clusterId === predicted.get(b.id)?.clusterId;
      if (gold) truePairs++;
      if (pred) predictedPairs++;
      if (gold && pred) tp++;
    }
  }
  const precision = ratio(tp, predictedPairs);
  const recall = ratio(tp, truePairs);
  const goldCopies = items.filter((r) => r.copyOf);
  const predictedCopies = items.filter((r) => predicted.get(r.id)?.duplicateOf);
  const rightCopies = predictedCopies.filter((r) => predicted.get(r.id)?.duplicateOf === r.copyOf).length;
  return {
    pairwise: { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, truePairs, predictedPairs },
    copies: { precision: ratio(rightCopies, predictedCopies.length), recall: ratio(rightCopies, goldCopies.length), gold: goldCopies.length, predicted: predictedCopies.length },
    clusters: new Set([...predicted.values()].map((p) => p.clusterId)).size,
  };
}

function cpuSeconds(started: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

/** Sketches per CPU second over the given texts, repeated for at least `minSeconds`. */
function sketchRate(texts: string[], minSeconds: number): number {
  for (const t of texts) minhashOf(t);
  let done = 0;
  const started = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minSeconds) {
    for (const t of texts) minhashOf(t);
    done += texts.length;
    elapsed = cpuSeconds(started);
  }
  return Math.round(done / elapsed);
}

function demoArticleText(): string {
  const doc = parseYaml(readFileSync(DEMO_ARTICLES, 'utf8')) as { articles: { paragraphs: string[] }[] };
  return doc.articles.flatMap((a) => a.paragraphs).join('\n');
}

export function evaluateStories(devPath: string = STORIES_DEV_PATH, options: StoryOptions = {}, print = true): StoriesEvaluation {
  const items = readLabelled(devPath);
  const score = scoreGrouping(items, groupLabelled(items, options));
  // 300-character posts: the dev texts, each repeated or cut to 300 characters.
  const posts = items.map((r) => r.text.padEnd(300, ` ${r.text}`).slice(0, 300));
  const corpus = demoArticleText();
  const articles = Array.from({ length: 10 }, (_, i) => corpus.slice(i * 1000, i * 1000 + 5000));
  const result: StoriesEvaluation = {
    texts: items.length,
    stories: new Set(items.map((r) => r.story)).size,
    storyThreshold: options.story ?? STORY_DEFAULTS.story,
    ...score,
    postsPerSecond: sketchRate(posts, 1.5),
    articlesPerSecond: sketchRate(articles, 1.5),
  };
  if (print) {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log(`stories-dev: ${result.texts} texts, ${result.stories} gold stories, ${result.clusters} predicted clusters (story threshold ${result.storyThreshold})`);
    console.log(`pairwise: precision ${pct(result.pairwise.precision)}, recall ${pct(result.pairwise.recall)}, F1 ${pct(result.pairwise.f1)} (${result.pairwise.truePairs} gold pairs, ${result.pairwise.predictedPairs} predicted)`);
    console.log(`copies: precision ${pct(result.copies.precision)}, recall ${pct(result.copies.recall)} (${result.copies.gold} gold, ${result.copies.predicted} predicted)`);
    console.log(`sketch speed: ${result.postsPerSecond} posts/s (300 chars), ${result.articlesPerSecond} articles/s (5,000 chars), one core`);
  }
  return result;
}

/** Pairwise figures over a range of story thresholds (for choosing the default on the tuning set). */
export function sweepStoryThreshold(devPath: string = STORIES_DEV_PATH): void {
  const items = readLabelled(devPath);
  for (let t = 0.1; t <= 0.61; t += 0.05) {
    const s = scoreGrouping(items, groupLabelled(items, { story: Number(t.toFixed(2)) }));
    console.log(`story ≥ ${t.toFixed(2)}: P ${(100 * s.pairwise.precision).toFixed(1)}  R ${(100 * s.pairwise.recall).toFixed(1)}  F1 ${(100 * s.pairwise.f1).toFixed(1)}  clusters ${s.clusters}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const devPath = args.find((a) => !a.startsWith('--'));
  if (args.includes('--sweep')) sweepStoryThreshold(devPath);
  evaluateStories(devPath);
}
