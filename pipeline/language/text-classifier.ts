// One linear text classifier shared by sentiment, toxicity and topics (DESIGN §6 "Tag", "Learn").
// Hashed syllable features (text-features.ts) × a weight matrix, softmax over the labels.
// Trained with multinomial logistic regression (AdaGrad); complement naive Bayes is kept as a
// second trainer because it was measured against it (test/eval/classifiers.ts).
// A model is a versioned JSON file; weights are stored sparse and quantised to int16 so the
// default models stay small and load in a few milliseconds.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  createFeatureBuffer,
  DEFAULT_FEATURE_OPTIONS,
  extractFeatures,
  phraseFeatureIds,
  syllables,
  type FeatureBuffer,
  type FeatureOptions,
} from './text-features.ts';
import { seededRandom } from '../seeded-random.ts';
import { quantiseWeights, type QuantisedWeights } from './quantise.ts';

/** Where the committed default models live (pipeline/models/). */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../models/', import.meta.url));

export interface Example {
  text: string;
  label: string;
}

export interface DataSource {
  /** What it is: "ViHOS train split", "hand-written sentiment examples". */
  name: string;
  path: string;
  licence: string;
  attribution?: string;
  examples?: number;
}

/** Adds task-specific features (e.g. offensive-lexicon hits) after the text features. */
export type ExtraFeatures = (text: string, ids: Uint32Array, count: number, bits: number) => number;

export interface TrainOptions {
  kind: string;
  labels: string[];
  features?: FeatureOptions;
  algorithm?: 'logistic' | 'complement-nb';
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Re-weight classes by (max count / count)^power so rare labels ("hate") are not drowned. */
  classWeightPower?: number;
  seed?: number;
  /**
   * Logistic regression trained this many times, each on its own shuffle, and the weights
   * averaged: one linear model, as fast as one run, whose borderline calls no longer flip with
   * the order of the examples.
   */
  runs?: number;
  /** Weights whose magnitude is below this are dropped from the saved model. */
  prune?: number;
  dataSources?: DataSource[];
  trainedAt?: string;
  extra?: ExtraFeatures;
  /** Word lists the extra features were built from, stored in the model so it is self-contained. */
  lexicons?: Record<string, string[]>;
}

export interface LinearModel {
  kind: string;
  labels: string[];
  version: string;
  trainedAt: string;
  dataSources: DataSource[];
  algorithm: 'logistic' | 'complement-nb';
  features: FeatureOptions;
  bias: Float32Array;
  /** [feature × labels + label], dense over the hashed space. */
  weights: Float32Array;
  /** The same weights as scoring reads them, when the model was loaded from a file. */
  table?: ScoringTable;
  lexicons?: Record<string, string[]>;
}

export interface Prediction {
  label: string;
  score: number;
  scores: Record<string, number>;
}

export interface Classifier {
  model: LinearModel;
  /** Softmax probabilities per label, in model.labels order (a reused array: copy to keep). */
  probabilities(text: string): Float64Array;
  predict(text: string): Prediction;
}

// ---- featurising a training set once ------------------------------------------------------------

interface Encoded {
  ids: Uint32Array;
  label: number;
}

function encode(examples: Example[], labels: string[], features: FeatureOptions, extra?: ExtraFeatures): Encoded[] {
  const buffer = createFeatureBuffer();
  const index = new Map(labels.map((l, i) => [l, i]));
  const out: Encoded[] = [];
  for (const e of examples) {
    const label = index.get(e.label);
    if (label === undefined) throw new Error(`Example label "${e.label}" is not one of ${labels.join(', ')}`);
    let n = extractFeatures(e.text, features, buffer);
    if (extra) n = extra(e.text, buffer.ids, n, features.bits);
    out.push({ ids: buffer.ids.slice(0, n), label });
  }
  return out;
}

// ---- training -----------------------------------------------------------------------------------

export function train(examples: Example[], options: TrainOptions): LinearModel {
  const labels = options.labels;
  const L = labels.length;
  if (L < 2) throw new Error('A classifier needs at least two labels');
  if (examples.length === 0) throw new Error(`No training examples for ${options.kind}`);
  const features = options.features ?? DEFAULT_FEATURE_OPTIONS;
  const dims = 1 << features.bits;
  const data = encode(examples, labels, features, options.extra);
  const counts = new Float64Array(L);
  for (const d of data) counts[d.label] = (counts[d.label] as number) + 1;
  const maxCount = Math.max(...counts);
  const power = options.classWeightPower ?? 0.5;
  const classWeight = Array.from(counts, (c) => (c > 0 ? Math.pow(maxCount / c, power) : 0));
  const algorithm = options.algorithm ?? 'logistic';
  const weights = new Float32Array(dims * L);
  const bias = new Float32Array(L);

  if (algorithm === 'logistic') {
    const runs = Math.max(1, Math.floor(options.runs ?? 1));
    if (runs === 1) trainLogistic(data, L, weights, bias, classWeight, options);
    else {
      const runWeights = new Float32Array(weights.length);
      const runBias = new Float32Array(L);
      for (let r = 0; r < runs; r++) {
        runWeights.fill(0);
        runBias.fill(0);
        trainLogistic(data, L, runWeights, runBias, classWeight, { ...options, seed: (options.seed ?? 42) + r * 7919 });
        for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) + (runWeights[i] as number) / runs;
        for (let k = 0; k < L; k++) bias[k] = (bias[k] as number) + (runBias[k] as number) / runs;
      }
    }
  } else {
    trainComplementNB(data, L, dims, weights, bias, counts);
  }
  const prune = options.prune ?? 1e-3;
  for (let i = 0; i < weights.length; i++) if (Math.abs(weights[i] as number) < prune) weights[i] = 0;

  const model: LinearModel = {
    kind: options.kind,
    labels: [...labels],
    version: '',
    trainedAt: options.trainedAt ?? new Date().toISOString(),
    dataSources: options.dataSources ?? [],
    algorithm,
    features,
    bias,
    weights,
    ...(options.lexicons ? { lexicons: options.lexicons } : {}),
  };
  // Round-trip through the stored form so a freshly trained model predicts exactly like a loaded one.
  return fromJSON(toJSON(model));
}

function trainLogistic(
  data: Encoded[],
  L: number,
  weights: Float32Array,
  bias: Float32Array,
  classWeight: number[],
  options: TrainOptions,
): void {
  const epochs = options.epochs ?? 12;
  const lr = options.learningRate ?? 0.3;
  const l2 = options.l2 ?? 1e-5;
  const random = seededRandom(options.seed ?? 42);
  const grad2 = new Float32Array(weights.length);
  const biasGrad2 = new Float64Array(L);
  const order = data.map((_, i) => i);
  const p = new Float64Array(L);
  const g = new Float64Array(L);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const d = data[index] as Encoded;
      const n = d.ids.length;
      const v = n > 0 ? 1 / Math.sqrt(n) : 0;
      scoreDenseInto(d.ids, n, v, weights, bias, L, p);
      softmaxInPlace(p);
      const cw = classWeight[d.label] as number;
      for (let k = 0; k < L; k++) g[k] = cw * ((p[k] as number) - (k === d.label ? 1 : 0));
      for (let k = 0; k < L; k++) {
        const gk = g[k] as number;
        biasGrad2[k] = (biasGrad2[k] as number) + gk * gk;
        bias[k] = (bias[k] as number) - (lr * gk) / Math.sqrt((biasGrad2[k] as number) + 1e-8);
      }
      for (let t = 0; t < n; t++) {
        const base = (d.ids[t] as number) * L;
        for (let k = 0; k < L; k++) {
          const w = weights[base + k] as number;
          const gk = (g[k] as number) * v + l2 * w;
          if (gk === 0) continue;
          const G = (grad2[base + k] as number) + gk * gk;
          grad2[base + k] = G;
          weights[base + k] = w - (lr * gk) / Math.sqrt(G + 1e-8);
        }
      }
    }
  }
}

/** Complement NB (Rennie et al. 2003) with weight normalisation, laid out like the LR weights. */
function trainComplementNB(
  data: Encoded[],
  L: number,
  dims: number,
  weights: Float32Array,
  bias: Float32Array,
  counts: Float64Array,
): void {
  const alpha = 0.3;
  const perClass = new Float32Array(dims * L);
  const totalPerClass = new Float64Array(L);
  const seen = new Uint8Array(dims);
  for (const d of data) {
    for (const id of d.ids) {
      perClass[id * L + d.label] = (perClass[id * L + d.label] as number) + 1;
      totalPerClass[d.label] = (totalPerClass[d.label] as number) + 1;
      seen[id] = 1;
    }
  }
  const grand = totalPerClass.reduce((a, b) => a + b, 0);
  let vocab = 0;
  for (let j = 0; j < dims; j++) vocab += seen[j] as number;
  const norms = new Float64Array(L);
  for (let j = 0; j < dims; j++) {
    if (!seen[j]) continue;
    let all = 0;
    for (let k = 0; k < L; k++) all += perClass[j * L + k] as number;
    for (let k = 0; k < L; k++) {
      const comp = all - (perClass[j * L + k] as number);
      const w = Math.log((comp + alpha) / (grand - (totalPerClass[k] as number) + alpha * vocab));
      weights[j * L + k] = w;
      norms[k] = (norms[k] as number) + Math.abs(w);
    }
  }
  for (let j = 0; j < dims; j++) {
    if (!seen[j]) continue;
    for (let k = 0; k < L; k++) {
      // Negated so that "higher is more likely", like the LR scores; scaled to logit-like range.
      weights[j * L + k] = (-(weights[j * L + k] as number) / (norms[k] as number)) * 1000;
    }
  }
  // Centre each feature row so that unseen-label offsets do not dominate.
  for (let j = 0; j < dims; j++) {
    if (!seen[j]) continue;
    let mean = 0;
    for (let k = 0; k < L; k++) mean += weights[j * L + k] as number;
    mean /= L;
    for (let k = 0; k < L; k++) weights[j * L + k] = (weights[j * L + k] as number) - mean;
  }
  const total = data.length;
  for (let k = 0; k < L; k++) bias[k] = Math.log(((counts[k] as number) + 1) / (total + L)) * 0.1;
}

// ---- scoring ------------------------------------------------------------------------------------

/**
 * The weights as scoring reads them: dense over the hashed features, as the int16 values the model
 * file stores (quantise.ts). Scoring a post reads one row per feature, where a compact table of
 * the features with weights (about half of them) took an index read and then a row read.
 */
export type ScoringTable = QuantisedWeights;

/** Scoring while training: the weights change with every example, so they stay dense. */
function scoreDenseInto(ids: Uint32Array, n: number, v: number, weights: Float32Array, bias: Float32Array, L: number, out: Float64Array): void {
  for (let k = 0; k < L; k++) out[k] = bias[k] as number;
  for (let t = 0; t < n; t++) {
    const base = (ids[t] as number) * L;
    for (let k = 0; k < L; k++) out[k] = (out[k] as number) + (weights[base + k] as number) * v;
  }
}

function scoreInto(ids: Uint32Array, n: number, v: number, table: ScoringTable, bias: Float32Array, L: number, out: Float64Array): void {
  const { values } = table;
  const factor = v * table.scale;
  // Integer sums are exact; three labels (sentiment, toxicity) sum in registers.
  if (L === 3) {
    let a = 0;
    let b = 0;
    let c = 0;
    for (let t = 0; t < n; t++) {
      const base = (ids[t] as number) * 3;
      a += values[base] as number;
      b += values[base + 1] as number;
      c += values[base + 2] as number;
    }
    out[0] = (bias[0] as number) + a * factor;
    out[1] = (bias[1] as number) + b * factor;
    out[2] = (bias[2] as number) + c * factor;
    return;
  }
  for (let k = 0; k < L; k++) out[k] = 0;
  for (let t = 0; t < n; t++) {
    const base = (ids[t] as number) * L;
    for (let k = 0; k < L; k++) out[k] = (out[k] as number) + (values[base + k] as number);
  }
  for (let k = 0; k < L; k++) out[k] = (bias[k] as number) + (out[k] as number) * factor;
}

export function softmaxInPlace(p: Float64Array): void {
  let max = -Infinity;
  for (const x of p) if (x > max) max = x;
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    const e = Math.exp((p[k] as number) - max);
    p[k] = e;
    sum += e;
  }
  for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) / sum;
}

// The analysis runs sentiment, toxicity and topics on the same post one after another; when their
// feature options agree, the post is featurised once. The cache holds the last text per options.
interface FeatureCache {
  text: string | undefined;
  count: number;
  buffer: FeatureBuffer;
}
const FEATURE_CACHES = new Map<string, FeatureCache>();

function featureCache(options: FeatureOptions): FeatureCache {
  const key = `${options.bits}/${options.bigrams}/${options.folded}/${options.negation}`;
  let cache = FEATURE_CACHES.get(key);
  if (!cache) {
    cache = { text: undefined, count: 0, buffer: createFeatureBuffer() };
    FEATURE_CACHES.set(key, cache);
  }
  return cache;
}

export function createClassifier(model: LinearModel, extra?: ExtraFeatures): Classifier {
  const cache = featureCache(model.features);
  const ids = cache.buffer.ids;
  const L = model.labels.length;
  const p = new Float64Array(L);
  const table = model.table ?? quantiseWeights(model.weights);
  const probabilities = (input: string): Float64Array => {
    const text = typeof input === 'string' ? input : '';
    if (cache.text !== text) {
      cache.count = extractFeatures(text, model.features, cache.buffer);
      cache.text = text;
    }
    let n = cache.count;
    if (extra) n = extra(text, ids, n, model.features.bits);
    scoreInto(ids, n, n > 0 ? 1 / Math.sqrt(n) : 0, table, model.bias, L, p);
    softmaxInPlace(p);
    return p;
  };
  return {
    model,
    probabilities,
    predict(text: string): Prediction {
      return toPrediction(model.labels, probabilities(text));
    },
  };
}

/**
 * The phrases of a text (single syllables and adjacent pairs) that push it most towards `label`
 * against the other labels, strongest first: what a reviewer reads as the model's evidence.
 */
export function strongestPhrases(model: LinearModel, text: string, label: string, n = 3): string[] {
  const k = model.labels.indexOf(label);
  if (k < 0 || typeof text !== 'string') return [];
  const L = model.labels.length;
  // The weights as scoring reads them (a loaded model's int16 table), else the trained floats.
  const values: ArrayLike<number> = model.table ? model.table.values : model.weights;
  const scale = model.table ? model.table.scale : 1;
  const pull = (ids: number[]): number => {
    let sum = 0;
    for (const id of ids) {
      const base = id * L;
      let others = 0;
      for (let j = 0; j < L; j++) if (j !== k) others += values[base + j] ?? 0;
      sum += (values[base + k] ?? 0) - others / (L - 1);
    }
    return sum * scale;
  };
  // A pair counts with its two syllables, so "chuyển khoản" outweighs a function word on its own.
  // Only phrases that pull towards the label are kept.
  const tokens = syllables(text);
  const ones = tokens.map((t) => (isWordToken(t) ? pull(phraseFeatureIds(t, undefined, model.features)) : NaN));
  const scored = new Map<string, number>();
  const keep = (phrase: string, w: number): void => {
    if (w > (scored.get(phrase) ?? 0)) scored.set(phrase, w);
  };
  for (let i = 0; i < tokens.length; i++) {
    const one = ones[i] as number;
    if (Number.isNaN(one)) continue;
    const t = tokens[i] as string;
    if (one > 0) keep(t, one);
    const other = ones[i + 1];
    if (other === undefined || Number.isNaN(other)) continue;
    const next = tokens[i + 1] as string;
    const pair = one + other + pull(phraseFeatureIds(t, next, model.features));
    if (pair > 0) keep(`${t} ${next}`, pair);
  }
  // A pair and a syllable it holds say the same thing: the stronger stays.
  const out: string[] = [];
  for (const [phrase] of [...scored].sort((a, b) => b[1] - a[1])) {
    const words = phrase.split(' ');
    if (out.some((o) => o.split(' ').some((w) => words.includes(w)))) continue;
    out.push(phrase);
    if (out.length === n) break;
  }
  return out;
}

/** A syllable token (not clause punctuation). */
function isWordToken(token: string): boolean {
  return token.length > 1 || /[\p{L}\p{N}]/u.test(token);
}

export function toPrediction(labels: string[], p: ArrayLike<number>): Prediction {
  let best = 0;
  const scores: Record<string, number> = {};
  for (let k = 0; k < labels.length; k++) {
    scores[labels[k] as string] = p[k] as number;
    if ((p[k] as number) > (p[best] as number)) best = k;
  }
  return { label: labels[best] as string, score: p[best] as number, scores };
}

// ---- the stored form ------------------------------------------------------------------------------

const FORMAT = 'dlxh-linear-classifier/1';

const StoredModel = z.object({
  format: z.literal(FORMAT),
  kind: z.string().min(1),
  labels: z.array(z.string().min(1)).min(2),
  version: z.string(),
  trainedAt: z.string(),
  dataSources: z.array(
    z.object({
      name: z.string(),
      path: z.string(),
      licence: z.string(),
      attribution: z.string().optional(),
      examples: z.number().optional(),
    }),
  ),
  algorithm: z.enum(['logistic', 'complement-nb']),
  features: z.object({ bits: z.number().int().min(8).max(24), bigrams: z.boolean(), folded: z.boolean(), negation: z.boolean() }),
  bias: z.array(z.number()),
  /** Multiplier from stored int16 to float weight. */
  scale: z.number().positive(),
  /** Feature ids with any non-zero weight, delta-encoded as LEB128 varints, base64. */
  rows: z.string(),
  /** int16 little-endian, rows × labels, base64. */
  values: z.string(),
  lexicons: z.record(z.string(), z.array(z.string())).optional(),
});
export type StoredModel = z.infer<typeof StoredModel>;

export function toJSON(model: LinearModel): StoredModel {
  const L = model.labels.length;
  const dims = model.weights.length / L;
  const { values: quantised, scale } = model.table ?? quantiseWeights(model.weights);
  const rowIds: number[] = [];
  for (let j = 0; j < dims; j++) {
    for (let k = 0; k < L; k++) {
      if (quantised[j * L + k] !== 0) {
        rowIds.push(j);
        break;
      }
    }
  }
  const varints: number[] = [];
  let prev = 0;
  for (const id of rowIds) {
    let delta = id - prev;
    prev = id;
    while (delta >= 0x80) {
      varints.push((delta & 0x7f) | 0x80);
      delta >>>= 7;
    }
    varints.push(delta);
  }
  const values = new Int16Array(rowIds.length * L);
  rowIds.forEach((j, r) => values.set(quantised.subarray(j * L, (j + 1) * L), r * L));
  const stored = {
    format: FORMAT,
    kind: model.kind,
    labels: model.labels,
    version: model.version,
    trainedAt: model.trainedAt,
    dataSources: model.dataSources,
    algorithm: model.algorithm,
    features: model.features,
    bias: Array.from(model.bias, (b) => Math.round(b * 1e6) / 1e6),
    scale,
    rows: Buffer.from(varints).toString('base64'),
    values: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64'),
    ...(model.lexicons ? { lexicons: model.lexicons } : {}),
  } satisfies StoredModel;
  // The version names the weights, so two runs on the same data give the same version.
  if (!stored.version) {
    const digest = createHash('sha1').update(stored.labels.join(',')).update(stored.rows).update(stored.values).digest('hex');
    stored.version = `${model.kind}-${digest.slice(0, 10)}`;
  }
  return stored;
}

export function fromJSON(input: unknown): LinearModel {
  const parsed = StoredModel.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'model'}: ${i.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    throw new Error(`Not a DLXH classifier model (${FORMAT}): ${issues.join('; ')}${more}`);
  }
  const s = parsed.data;
  const L = s.labels.length;
  if (s.bias.length !== L) throw new Error(`Model ${s.kind}: bias has ${s.bias.length} entries for ${L} labels`);
  const dims = 1 << s.features.bits;
  const rowBytes = Buffer.from(s.rows, 'base64');
  const valueBytes = Buffer.from(s.values, 'base64');
  const stored = new Int16Array(valueBytes.buffer.slice(valueBytes.byteOffset, valueBytes.byteOffset + valueBytes.byteLength));
  // Scoring reads the stored int16 values, dense (ScoringTable); float weights are made only if asked for.
  const values = new Int16Array(dims * L);
  let id = 0;
  let r = 0;
  let i = 0;
  while (i < rowBytes.length) {
    let delta = 0;
    let shift = 0;
    let b: number;
    do {
      b = rowBytes[i++] as number;
      delta |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80 && i < rowBytes.length);
    id += delta;
    if (id >= dims || (r + 1) * L > stored.length) throw new Error(`Model ${s.kind}: weights are corrupt (row ${r})`);
    values.set(stored.subarray(r * L, (r + 1) * L), id * L);
    r++;
  }
  const table: ScoringTable = { values, scale: s.scale };
  let dense: Float32Array | undefined;
  return {
    kind: s.kind,
    labels: s.labels,
    version: s.version,
    trainedAt: s.trainedAt,
    dataSources: s.dataSources,
    algorithm: s.algorithm,
    features: s.features,
    bias: Float32Array.from(s.bias),
    get weights() {
      dense ??= Float32Array.from(table.values, (x) => x * table.scale);
      return dense;
    },
    table,
    ...(s.lexicons ? { lexicons: s.lexicons } : {}),
  };
}

export function saveModel(model: LinearModel, path: string): void {
  writeFileSync(path, JSON.stringify(toJSON(model)) + '\n');
}

export function loadModel(path: string): LinearModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read classifier model ${path}: ${(error as Error).message}. Run \`npm run train:models\`.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not a model file, its JSON is broken (${(error as Error).message}); train it again (dlxh train, or npm run train:models)`);
  }
  try {
    return fromJSON(json);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

// ---- measuring -----------------------------------------------------------------------------------

export interface Scores {
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

export function score(gold: string[], predicted: string[], labels: string[]): Scores {
  let correct = 0;
  const perLabel: Scores['perLabel'] = {};
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  let f1Sum = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel[label] = { precision, recall, f1, support: tp + fn };
    f1Sum += f1;
  }
  return { accuracy: gold.length ? correct / gold.length : 0, macroF1: labels.length ? f1Sum / labels.length : 0, perLabel };
}
