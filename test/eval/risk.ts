// Measures the misinformation-risk score on our dev set (test/data/labelled/risk-dev.jsonl, never
// tuned on): ROC-AUC of the score for label 1 (hoax, scam, fabricated notice) against label 0; the
// share of plain complaints and criticism flagged at the review threshold (aim ≤ 2 %); speed in
// posts per second (one core, the scoring alone on normalised text, as pipeline/analyse.ts calls it).
//   node test/eval/risk.ts [file.jsonl]
// Benchmarks print figures; they do not assert times.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REVIEW_THRESHOLD, scoreRisk } from '../../pipeline/risk.ts';
import { normaliseForMatching } from '../../pipeline/language/normalise.ts';
import { syllablesOf } from '../../pipeline/language/phrase-matcher.ts';
import { loadLearnedRisk, type LearnedRisk } from '../../pipeline/learned-risk.ts';
import { readRiskRows, type RiskRow } from '../../pipeline/train-models.ts';


export type RiskFigures = {
  rocAuc: number;
  complaintFlagRate: number;
  /** Share of complaints and criticism with any risk at all (score > 0): what ranks them above plain posts. */
  complaintAnyRiskRate: number;
  /** Share of label-0 warnings and rebuttals flagged at the threshold. */
  warningFlagRate: number;
  /** Share of label-1 lines flagged at the threshold. */
  recall: number;
  threshold: number;
  postsPerSecond: number;
  examples: number;
};

export const DEV_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'labelled', 'risk-dev.jsonl');


/** Probability that a random positive scores above a random negative (ties count half). */
export function rocAuc(scores: number[], labels: number[]): number {
  const pairs = scores.map((s, i) => [s, labels[i] as number] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && (pairs[j] as readonly [number, number])[0] === (pairs[i] as readonly [number, number])[0]) j++;
    const midRank = (i + j + 1) / 2; // 1-based average rank of the tie group
    for (let k = i; k < j; k++) if ((pairs[k] as readonly [number, number])[1] === 1) { rankSum += midRank; pos++; }
    i = j;
  }
  const neg = pairs.length - pos;
  return pos === 0 || neg === 0 ? NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The score as the analysis gives it: the rules and claims, then the learned signal when there is a model. */
export function evaluateRisk(file = DEV_FILE, learned: LearnedRisk | null = loadLearnedRisk(undefined)): RiskFigures {
  const lines = readRiskRows(file);
  const threshold = REVIEW_THRESHOLD;
  const prepared = lines.map((l) => {
    const text = normaliseForMatching(l.text).text;
    return { text, syllables: syllablesOf(text), original: l.text };
  });
  const riskOf = (p: (typeof prepared)[number]) => {
    const rules = scoreRisk(p.text, p.syllables, { text: p.original });
    return learned ? learned.apply(p.original, rules) : rules;
  };
  const scores = prepared.map((p) => riskOf(p).score);
  const share = (pick: (l: RiskRow) => boolean, from = threshold) => {
    const idx = lines.map((l, i) => (pick(l) ? i : -1)).filter((i) => i >= 0);
    return idx.length ? round(idx.filter((i) => (scores[i] as number) >= from).length / idx.length) : 0;
  };

  // Speed: ~300-character posts, the scoring alone, repeated for a stable figure.
  const posts = prepared.filter((p) => p.original.length >= 80).map((p) => ({ ...p }));
  const rounds = 30;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const p of posts) riskOf(p);
  const seconds = (performance.now() - t0) / 1000;

  return {
    rocAuc: round(rocAuc(scores, lines.map((l) => Number(l.label)))),
    complaintFlagRate: share((l) => l.kind === 'complaint' || l.kind === 'criticism'),
    complaintAnyRiskRate: share((l) => l.kind === 'complaint' || l.kind === 'criticism', Number.MIN_VALUE),
    warningFlagRate: share((l) => l.kind === 'warning' || l.kind === 'rebuttal'),
    recall: share((l) => l.label === '1'),
    threshold,
    postsPerSecond: Math.round((posts.length * rounds) / seconds),
    examples: lines.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? DEV_FILE;
  console.log(JSON.stringify({ file: path.relative(process.cwd(), file), ...evaluateRisk(file) }, null, 2));
}
