// Trains the word segmenter (segment.ts) from gold word-segmented sentences and writes the
// model file. Run as a script to rebuild the default model:
//
//   node pipeline/language/segmenter-training.ts [--mix both|rdr|ud] [--out PATH] [--tune]
//     [--cv K] [--epochs N] [--runs N] [--dropout P] [--unseen-pair-drop P] [--hash-bits B]
//     [--seed S] [--no-places] [--no-ud-style]
//
// Training data (attribution in the model's meta): RDRsegmenter's Train_gold (Apache-2.0) and
// UD Vietnamese-VTB train (CC BY-SA 4.0). The UD-VTB dev file is never read here: it is the
// evaluation set (test/eval/segmentation.ts). --tune instead holds out every 10th training
// sentence and prints word F1 on it per epoch. --cv [K] cross-validates on UD-VTB train: K runs
// of neighbouring UD sentences each held out in turn, trained on RDR gold plus the other UD
// sentences; the defaults below were chosen that way (with --seed to see the noise, ±0.001).
// UD-VTB's sentences also teach its own convention (TrainSegmenterOptions.targetStyle; CV word
// F1 0.9615 → 0.9622 and 0.9616 → 0.9618 with --seed 7; --no-ud-style trains without it).

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import {
  DEFAULT_SEGMENTER_MODEL_PATH,
  KIND_SYLLABLE,
  MAX_GAP_FEATURES,
  PAIR_FEATURE_POSITIONS,
  PLACE_KEY_SALT,
  SEGMENTER_FEATURE_SET,
  SEGMENTER_MODEL_FORMAT,
  buildAffinityTable,
  buildDictionaryTable,
  createSegmenter,
  createUnitBuffer,
  dictionaryKey,
  foldedModelPath,
  gapFeatures,
  syllableHashes,
  markLexicon,
  splitUnits,
} from './segment.ts';
import type { Segmenter, SegmenterModel, SegmenterModelFile, UnitBuffer } from './segment.ts';
import { seededRandom } from '../seeded-random.ts';
import { quantiseWeights } from './quantise.ts';
import { SHARED_DATA_DIR } from '../shared-data.ts';
import { fold } from './fold.ts';

export const SEGMENTATION_DATA_DIR = join(SHARED_DATA_DIR, 'segmentation');
export const RDR_TRAIN_PATH = join(SEGMENTATION_DATA_DIR, 'rdrsegmenter-train-gold.txt');
export const UD_TRAIN_PATH = join(SEGMENTATION_DATA_DIR, 'vi_vtb-ud-train.conllu');
export const UD_DEV_PATH = join(SEGMENTATION_DATA_DIR, 'vi_vtb-ud-dev.conllu');
export const HELD_OUT_HASHES_PATH = join(SHARED_DATA_DIR, 'eval_text_sha1.txt');
export const GAZETTEER_PATHS = [
  join(SHARED_DATA_DIR, 'gazetteer', 'dvhcvn-2025-merges.json'),
  join(SHARED_DATA_DIR, 'gazetteer', 'dvhcvn-2025-splits.json'),
];

/** One gold sentence: its text and its words (syllables of a word joined by "_" or " "). */
export type GoldSentence = { text: string; words: string[] };

export type TrainSegmenterOptions = {
  /** Passes over the data (default 10, chosen by cross-validation on UD-VTB train). */
  epochs?: number;
  /** Seed of the shuffling between epochs. */
  seed?: number;
  /** Dictionary folds: each sentence sees a dictionary built without its own fold. */
  folds?: number;
  /**
   * Share of features hidden from each training example, so the weights cannot lean only on
   * memorised syllable pairs and the features that generalise to unseen words learn too.
   */
  dropout?: number;
  /**
   * Independent training runs (each its own shuffles and dropout) whose averaged weights are
   * averaged again: steadier than one run (default 3, chosen by cross-validation on the
   * training data; costs training time only).
   */
  runs?: number;
  /**
   * Chance that a gap whose syllable pair occurs in no other dictionary fold is trained without
   * the features naming that pair (default 1). New text is full of pairs the model never saw;
   * this way the features that judge them (dictionary, affinity, shape) learn from the training
   * data's own rare pairs instead of leaving them to weights memorised for that one pair.
   */
  unseenPairDrop?: number;
  /**
   * log2 of the weight table size. 20 (4 MB as floats while training, 2 MB as the int16 values
   * the segmenter reads) scores as well on UD-VTB dev as 22 (0.9349 vs 0.9348 word F1) and
   * segments ~20 % faster, the smaller table staying in the CPU's caches.
   */
  hashBits?: number;
  /** Place names (2–4 syllables, e.g. "Đồng Xoài") known as such to the model. */
  placeNames?: string[];
  /**
   * Words of the project's own word lists (2–4 syllables, e.g. "tàu ngầm"): in the dictionary
   * of every fold, as they come from outside the training sentences (readLexiconWords).
   */
  lexiconWords?: string[];
  /**
   * Indexes (into `sentences`) of the sentences written in the style the model should follow
   * (UD-VTB's, which splits "người dân" that RDRsegmenter's gold joins). Their gaps also train a
   * style copy of every feature (feature augmentation, Daumé 2007), and the saved weights are
   * each feature's shared weight plus its style copy's: the other sentences teach Vietnamese, these
   * the convention, at no cost when segmenting.
   */
  targetStyle?: ReadonlySet<number>;
  /** Called after each epoch with the number of training mistakes in it. */
  onEpoch?: (epoch: number, mistakes: number, model: () => SegmenterModel) => void;
  meta?: Record<string, unknown>;
};

// ---------------------------------------------------------------------------------------------
// Readers

/** RDRsegmenter gold: one sentence a line, words separated by spaces, syllables joined by "_". */
export function readRdrGold(path: string): GoldSentence[] {
  const sentences: GoldSentence[] = [];
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const words = trimmed.split(/\s+/);
    sentences.push({ text: words.map((w) => w.replace(/_/g, ' ')).join(' '), words });
  }
  return sentences;
}

/** CoNLL-U: the FORM column of every word line (a FORM may hold several syllables). */
export function readConllu(path: string): GoldSentence[] {
  const sentences: GoldSentence[] = [];
  let text = '';
  let words: string[] = [];
  const flush = (): void => {
    if (words.length > 0) sentences.push({ text: text || words.join(' '), words });
    text = '';
    words = [];
  };
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (line.startsWith('#')) {
      const m = /^# text\s?=\s?(.*)$/.exec(line);
      if (m !== null) text = m[1]!.trim();
      continue;
    }
    const columns = line.split('\t');
    // Skip multi-word token ranges (1-2) and empty nodes (1.1): their words appear anyway.
    if (columns.length < 2 || !/^\d+$/.test(columns[0]!)) continue;
    const form = columns[1]!.trim();
    if (form !== '') words.push(form);
  }
  flush();
  return sentences;
}

const UNIT_PREFIX = /^(?:Thành phố|Tỉnh|Thị xã|Thị trấn|Quận|Huyện|Phường|Xã|Đặc khu)\s+/u;

/** Names of provinces, communes and former districts without "Xã", "Phường", … (dvhcvn, MIT). */
export function readPlaceNames(paths: string[] = GAZETTEER_PATHS): string[] {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'name' && typeof inner === 'string') {
          const name = inner.normalize('NFC').replace(UNIT_PREFIX, '').trim();
          const syllables = name.split(/\s+/).length;
          if (syllables >= 2 && syllables <= 4 && !/[0-9]/.test(name)) names.add(name);
        } else walk(inner);
      }
    }
  };
  for (const path of paths) walk(JSON.parse(readFileSync(path, 'utf8')));
  return [...names].sort();
}

/**
 * The listed words the gold sentences do not contradict: a list written from knowledge holds
 * some set phrases ("người lao động", "thịt bò") that the treebank writes as separate words, so a
 * listed word the gold sentences write split more often than joined is left out, and so is a
 * four-syllable entry made of two known two-syllable words.
 */
export function followsConvention(words: string[], sentences: string[][]): string[] {
  const key = (syllables: string[]): string => syllables.join(' ').toLowerCase();
  const wanted = new Map(words.map((w) => [key(w.normalize('NFC').split(/\s+/)), { joined: 0, split: 0 }]));
  for (const sentence of sentences) {
    const syllables: string[] = [];
    const wordOf: number[] = [];
    sentence.forEach((word, w) => {
      for (const syllable of word.normalize('NFC').split(/[ _]+/)) {
        if (syllable === '') continue;
        syllables.push(syllable);
        wordOf.push(w);
      }
    });
    for (let i = 0; i < syllables.length; i++) {
      for (let n = 2; n <= 4 && i + n <= syllables.length; n++) {
        const counts = wanted.get(key(syllables.slice(i, i + n)));
        if (!counts) continue;
        const first = wordOf[i]!;
        const whole = wordOf[i + n - 1] === first && (i === 0 || wordOf[i - 1] !== first) && (i + n === syllables.length || wordOf[i + n] !== first);
        if (whole) counts.joined++;
        else counts.split++;
      }
    }
  }
  // Two known words in a row are two words, not one: "giải phóng mặt bằng" is "giải_phóng mặt_bằng".
  const pairs = new Set<string>();
  for (const sentence of sentences) for (const word of sentence) if (word.split(/[ _]+/).length === 2) pairs.add(key(word.split(/[ _]+/)));
  for (const w of words) if (w.split(/\s+/).length === 2) pairs.add(key(w.normalize('NFC').split(/\s+/)));
  return words.filter((w) => {
    const syllables = w.normalize('NFC').split(/\s+/);
    if (syllables.length === 4 && pairs.has(key(syllables.slice(0, 2))) && pairs.has(key(syllables.slice(2)))) return false;
    const c = wanted.get(key(syllables));
    return !c || c.joined >= c.split;
  });
}

/** The project's own word lists: every test/data/lexicon/*.txt, one word a line, "#" lines are notes. */
export const LEXICON_DIR = fileURLToPath(new URL('../../test/data/lexicon/', import.meta.url));

export function readLexiconWords(dir: string = LEXICON_DIR): string[] {
  const words = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const word = line.normalize('NFC').trim().replace(/\s+/g, ' ');
      if (word === '' || word.startsWith('#')) continue;
      const syllables = word.split(' ');
      if (syllables.length < 2 || syllables.length > 4) continue;
      // Both tone placements of oa/oe/uy ("hòa"/"hoà"): text is written either way.
      let variants = [''];
      for (const syllable of syllables) variants = variants.flatMap((v) => tonePlacements(syllable).map((p) => (v ? `${v} ${p}` : p)));
      for (const v of variants) words.add(v);
    }
  }
  return [...words].sort();
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/u;

/** A syllable ending in oa, oe or uy with a tone, written with the tone on either vowel; else itself. */
export function tonePlacements(syllable: string): string[] {
  const d = syllable.normalize('NFD');
  const tone = TONE_MARKS.exec(d)?.[0];
  if (!tone) return [syllable];
  const base = d.replace(TONE_MARKS, '');
  const m = /^(.*?)(o)(a|e)$|^((?:.*[^q])?)(u)(y)$/iu.exec(base);
  if (!m) return [syllable];
  const [head, first, second] = m[1] !== undefined ? [m[1], m[2]!, m[3]!] : [m[4]!, m[5]!, m[6]!];
  return [`${head}${first}${tone}${second}`.normalize('NFC'), `${head}${first}${second}${tone}`.normalize('NFC')];
}

// ---------------------------------------------------------------------------------------------
// Held-out texts (shared/data/README.md): never train or tune on them.

export function heldOutTextHash(text: string): string {
  const normal = text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  return createHash('sha1').update(normal, 'utf8').digest('hex');
}

export function readHeldOutHashes(path: string = HELD_OUT_HASHES_PATH): Set<string> {
  return new Set(
    readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== ''),
  );
}

export function dropHeldOut(sentences: GoldSentence[], hashes: Set<string>): GoldSentence[] {
  return sentences.filter((s) => {
    const plain = s.words.map((w) => w.replace(/_/g, ' ')).join(' ');
    return (
      !hashes.has(heldOutTextHash(s.text)) &&
      !hashes.has(heldOutTextHash(plain)) &&
      !hashes.has(heldOutTextHash(s.words.join(' ')))
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Training

type TrainingSentence = {
  units: UnitBuffer;
  /** Per gap g: 1 = gold says inside a word. */
  gold: Uint8Array;
  /** Dictionary keys of this sentence's gold words of 2–4 syllables. */
  keys: number[];
  /** Written in the target style (TrainSegmenterOptions.targetStyle). */
  target: boolean;
};

function copyUnits(from: UnitBuffer): UnitBuffer {
  const to = createUnitBuffer(Math.max(1, from.count));
  to.count = from.count;
  to.texts = from.texts.slice(0, from.count);
  to.kinds.set(from.kinds.subarray(0, from.count));
  to.shapes.set(from.shapes.subarray(0, from.count));
  to.hashes.set(from.hashes.subarray(0, from.count));
  to.onsets.set(from.onsets.subarray(0, from.count));
  to.rhymes.set(from.rhymes.subarray(0, from.count));
  to.pres.set(from.pres.subarray(0, from.count));
  return to;
}

/** Cuts a gold sentence exactly as the runtime would cut its plain text, and labels the gaps. */
function toTrainingSentence(words: string[], scratch: UnitBuffer): TrainingSentence | null {
  const syllableWords = words
    .map((w) => w.normalize('NFC').split(/[ _]+/).filter((s) => s !== ''))
    .filter((w) => w.length > 0);
  if (syllableWords.length === 0) return null;
  // Character offsets where gold words start, in the text the runtime would see.
  const wordStarts = new Set<number>();
  let text = '';
  for (const syllables of syllableWords) {
    if (text !== '') text += ' ';
    wordStarts.add(text.length);
    text += syllables.join(' ');
  }
  splitUnits(text, scratch);
  const units = copyUnits(scratch);
  const gold = new Uint8Array(units.count);
  const wordOfUnit = new Int32Array(units.count);
  let cursor = 0;
  let word = -1;
  for (let u = 0; u < units.count; u++) {
    const start = text.indexOf(units.texts[u]!, cursor);
    cursor = start + units.texts[u]!.length;
    if (wordStarts.has(start)) word++;
    else if (u > 0) gold[u] = 1;
    wordOfUnit[u] = word;
  }
  const keys: number[] = [];
  let u = 0;
  while (u < units.count) {
    let end = u + 1;
    while (end < units.count && wordOfUnit[end] === wordOfUnit[u]) end++;
    const length = end - u;
    let allSyllables = true;
    for (let k = u; k < end; k++) if (units.kinds[k] !== KIND_SYLLABLE) allSyllables = false;
    if (allSyllables && length >= 2 && length <= 4) keys.push(dictionaryKey(units.hashes, u, length));
    u = end;
  }
  return { units, gold, keys, target: false };
}

/** The slot of a feature's style copy (TrainSegmenterOptions.targetStyle), from its own slot. */
function styleSlot(slot: number, hashBits: number): number {
  return Math.imul(slot ^ 0x2f6b1c3d, 0x9e3779b1) >>> (32 - hashBits);
}

/** Counts per syllable: [joins rightward, gaps rightward, joins leftward, gaps leftward]. */
type AffinityCounts = Map<number, Int32Array>;

function countAffinity(sentences: TrainingSentence[], into: AffinityCounts, sign: number): void {
  for (const { units, gold } of sentences) {
    for (let g = 1; g < units.count; g++) {
      if (units.kinds[g - 1] !== KIND_SYLLABLE || units.kinds[g] !== KIND_SYLLABLE) continue;
      for (const [hash, offset] of [
        [units.hashes[g - 1]! >>> 0, 0],
        [units.hashes[g]! >>> 0, 2],
      ] as const) {
        let counts = into.get(hash);
        if (counts === undefined) into.set(hash, (counts = new Int32Array(4)));
        counts[offset]! += sign * gold[g]!;
        counts[offset + 1]! += sign;
      }
    }
  }
}

/** 0 = never seen; else confidence (1–2, 3–9, 10+ gaps) × five bins of the join rate. */
function affinityBucket(joins: number, gaps: number): number {
  if (gaps <= 0) return 0;
  const confidence = gaps < 3 ? 0 : gaps < 10 ? 1 : 2;
  return 1 + confidence * 5 + Math.min(4, Math.floor((joins / gaps) * 5));
}

function affinityTableData(counts: AffinityCounts): { keys: Uint32Array; values: Uint8Array } {
  const keys = Uint32Array.from([...counts].filter(([, c]) => c[1]! + c[3]! > 0).map(([k]) => k)).sort();
  const values = new Uint8Array(keys.length);
  keys.forEach((k, i) => {
    const c = counts.get(k)!;
    values[i] = (affinityBucket(c[0]!, c[1]!) << 4) | affinityBucket(c[2]!, c[3]!);
  });
  return { keys, values };
}

function uniqueSorted(keys: Iterable<number>): Uint32Array {
  return Uint32Array.from(new Set(keys)).sort();
}

/**
 * Trains an averaged perceptron on gold sentences (each a list of words; syllables of a word
 * joined by "_" or by a space). Deterministic for given data, order and options.
 */
export function trainSegmenter(
  sentences: string[][],
  options: TrainSegmenterOptions = {},
): SegmenterModel {
  const epochs = options.epochs ?? 10;
  const folds = options.folds ?? 10;
  const hashBits = options.hashBits ?? 20;
  const next = seededRandom(options.seed ?? 20260101);
  const dropout = options.dropout ?? 0.2;
  const runs = Math.max(1, options.runs ?? 3);
  const size = 2 ** hashBits;
  const mask = size - 1;

  const scratch = createUnitBuffer(1024);
  const data: TrainingSentence[] = [];
  sentences.forEach((words, i) => {
    const s = toTrainingSentence(words, scratch);
    if (s !== null) data.push({ ...s, target: options.targetStyle?.has(i) ?? false });
  });
  const styled = data.some((s) => s.target);

  // Jackknifed dictionary features: a sentence never sees its own words through the
  // dictionary, so the weights learn how far an unseen text's dictionary can be trusted.
  // Place names come from outside the sentences, so every fold sees all of them.
  const placeKeys = (options.placeNames ?? []).map((name) => {
    const hashes = syllableHashes(name);
    return (dictionaryKey(hashes, 0, hashes.length) ^ PLACE_KEY_SALT) >>> 0;
  });
  const lexiconKeys = followsConvention(options.lexiconWords ?? [], sentences).map((word) => {
    const hashes = syllableHashes(word);
    return dictionaryKey(hashes, 0, hashes.length);
  });
  const outsideKeys = [...placeKeys, ...lexiconKeys];
  const allKeys = uniqueSorted([...data.flatMap((s) => s.keys), ...outsideKeys]);
  const allAffinity: AffinityCounts = new Map();
  countAffinity(data, allAffinity, 1);
  // Folds are runs of neighbouring sentences: sentences of one article share rare words, and a
  // dictionary built from the same article would look more trustworthy than it is on new text.
  const foldOf = (i: number): number => Math.floor((i * folds) / data.length);
  for (let fold = 0; fold < folds; fold++) {
    const inFold = data.filter((_, i) => foldOf(i) === fold);
    const others: AffinityCounts = new Map([...allAffinity].map(([k, c]) => [k, c.slice()]));
    countAffinity(inFold, others, -1);
    const affinity = affinityTableData(others);
    const lexicon = {
      words: buildDictionaryTable(
        uniqueSorted([...data.flatMap((s, i) => (foldOf(i) === fold ? [] : s.keys)), ...outsideKeys]),
      ),
      syllables: buildAffinityTable(affinity.keys, affinity.values),
    };
    for (const s of inFold) markLexicon(s.units, lexicon);
  }
  const finalAffinity = affinityTableData(allAffinity);

  // Per gap: 1 = its syllable pair occurs in no other fold, as pairs of new text often do.
  const unseenPairDrop = options.unseenPairDrop ?? 1;
  const unseenPair: Uint8Array[] = data.map((s) => new Uint8Array(s.units.count));
  if (unseenPairDrop > 0) {
    const perFold = new Map<string, Int32Array>(); // pair → count per fold, then the total
    const pairKey = (units: UnitBuffer, g: number): string => `${units.hashes[g - 1]!},${units.hashes[g]!}`;
    data.forEach(({ units }, i) => {
      for (let g = 1; g < units.count; g++) {
        const key = pairKey(units, g);
        let counts = perFold.get(key);
        if (counts === undefined) perFold.set(key, (counts = new Int32Array(folds + 1)));
        counts[foldOf(i)]!++;
        counts[folds]!++;
      }
    });
    data.forEach(({ units }, i) => {
      for (let g = 1; g < units.count; g++) {
        const counts = perFold.get(pairKey(units, g))!;
        if (counts[folds] === counts[foldOf(i)]) unseenPair[i]![g] = 1;
      }
    });
  }
  const isPairFeature = new Uint8Array(MAX_GAP_FEATURES);
  for (const position of PAIR_FEATURE_POSITIONS) isPairFeature[position] = 1;

  const weights = new Float64Array(size);
  const totals = new Float64Array(size); // Σ (update × time) for lazy averaging
  const features = new Int32Array(MAX_GAP_FEATURES);
  let time = 1;

  const averaged = (): SegmenterModel => {
    const w = new Float32Array(size);
    for (let i = 0; i < size; i++) w[i] = weights[i]! - totals[i]! / time;
    // Segmenting reads one slot a feature: the shared weight plus its style copy.
    if (styled) {
      const shared = w.slice();
      for (let i = 0; i < size; i++) w[i] = shared[i]! + shared[styleSlot(i, hashBits)]!;
    }
    return {
      version: 'training',
      hashBits,
      weights: w,
      dictionary: allKeys,
      syllableKeys: finalAffinity.keys,
      syllableAffinity: finalAffinity.values,
      meta: { ...options.meta },
    };
  };

  const ensemble = new Float32Array(size);
  const order = data.map((_, i) => i);
  for (let run = 0; run < runs; run++) {
    if (run > 0) {
      weights.fill(0);
      totals.fill(0);
      time = 1;
    }
    for (let epoch = 1; epoch <= epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      let mistakes = 0;
      for (const index of order) {
        const { units, gold, target } = data[index]!;
        let previous = 2;
        for (let g = 1; g < units.count; g++) {
          if (units.kinds[g - 1] !== KIND_SYLLABLE || units.kinds[g] !== KIND_SYLLABLE) {
            previous = 2;
            continue;
          }
          let n = gapFeatures(units, g, previous, features);
          const hidePair = unseenPair[index]![g] === 1 && next() < unseenPairDrop;
          if (dropout > 0 || hidePair) {
            let kept = 0;
            for (let k = 0; k < n; k++) {
              if ((dropout === 0 || next() >= dropout) && !(hidePair && isPairFeature[k] === 1)) {
                features[kept++] = features[k]!;
              }
            }
            n = kept;
          }
          let score = 0;
          for (let k = 0; k < n; k++) score += weights[features[k]! & mask]!;
          if (target) for (let k = 0; k < n; k++) score += weights[styleSlot(features[k]! & mask, hashBits)]!;
          const predicted = score > 0 ? 1 : 0;
          if (predicted !== gold[g]) {
            mistakes++;
            const y = gold[g] === 1 ? 1 : -1;
            for (let k = 0; k < n; k++) {
              const f = features[k]! & mask;
              weights[f]! += y;
              totals[f]! += y * time;
              if (target) {
                const c = styleSlot(f, hashBits);
                weights[c]! += y;
                totals[c]! += y * time;
              }
            }
          }
          time++;
          // Learn from its own previous decisions, as it will decode.
          previous = predicted;
        }
      }
      options.onEpoch?.(epoch, mistakes, averaged);
    }
    const w = averaged().weights;
    for (let i = 0; i < size; i++) ensemble[i]! += w[i]! / runs;
  }
  const model = averaged();
  model.weights = ensemble;
  model.meta = {
    ...options.meta,
    epochs,
    runs,
    folds,
    dropout,
    unseenPairDrop,
    trainingSentences: data.length,
    placeNames: placeKeys.length,
    lexiconWords: lexiconKeys.length,
    dictionaryWords: allKeys.length,
  };
  return model;
}

// ---------------------------------------------------------------------------------------------
// Model file

function pushVarint(bytes: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
}

/** Serialises a model (quantised int16 weights, sparse) into the model file object. */
export function encodeSegmenterModel(model: SegmenterModel): SegmenterModelFile {
  const quantised = quantiseWeights(model.weights);
  const scale = quantised.scale;
  const indices: number[] = [];
  const values: number[] = [];
  quantised.values.forEach((q, i) => {
    if (q !== 0) {
      indices.push(i);
      values.push(q);
    }
  });
  const bytes: number[] = [];
  pushVarint(bytes, indices.length);
  let last = 0;
  for (const i of indices) {
    pushVarint(bytes, i - last);
    last = i;
  }
  const weightBytes = new Uint8Array(values.length * 2);
  const view = new DataView(weightBytes.buffer);
  values.forEach((q, i) => view.setInt16(i * 2, q, true));
  const tail: number[] = [];
  const dictionary = uniqueSorted(model.dictionary);
  pushVarint(tail, dictionary.length);
  last = 0;
  for (const key of dictionary) {
    pushVarint(tail, key - last);
    last = key;
  }
  pushVarint(tail, model.syllableKeys.length);
  last = 0;
  for (const key of model.syllableKeys) {
    pushVarint(tail, key - last);
    last = key;
  }
  const raw = Buffer.concat([
    Buffer.from(bytes),
    weightBytes,
    Buffer.from(tail),
    Buffer.from(model.syllableAffinity),
  ]);
  const payload = deflateRawSync(raw, { level: 9 }).toString('base64');
  const digest = createHash('sha1').update(payload).digest('hex').slice(0, 10);
  return {
    format: SEGMENTER_MODEL_FORMAT,
    featureSet: SEGMENTER_FEATURE_SET,
    version: `vi-seg-f${SEGMENTER_FEATURE_SET}-${digest}`,
    hashBits: model.hashBits,
    weightScale: scale,
    features: indices.length,
    dictionaryWords: dictionary.length,
    meta: model.meta,
    payload,
  };
}

export function writeSegmenterModel(model: SegmenterModel, path: string): SegmenterModelFile {
  const file = encodeSegmenterModel(model);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(file) + '\n');
  return file;
}

// ---------------------------------------------------------------------------------------------
// Word F1 (shared by --tune and test/eval/segmentation.ts)

export type SegmentationScore = {
  sentences: number;
  goldWords: number;
  predictedWords: number;
  correctWords: number;
  precision: number;
  recall: number;
  f1: number;
  syllables: number;
};

/** Word spans as "start:end" over the text with white space and "_" removed. */
function spans(words: string[]): Set<string> {
  const out = new Set<string>();
  let offset = 0;
  for (const word of words) {
    const length = word.normalize('NFC').replace(/[\s_]+/g, '').length;
    if (length > 0) out.add(`${offset}:${offset + length}`);
    offset += length;
  }
  return out;
}

/** The text the segmenter is given for a gold sentence: its syllables joined by spaces. */
export function goldInput(sentence: GoldSentence): string {
  return sentence.words.map((w) => w.replace(/_/g, ' ')).join(' ');
}

/** A predicted word is correct when its syllable span equals a gold word's span. */
export function scoreSegmentation(segmenter: Segmenter, sentences: GoldSentence[]): SegmentationScore {
  let goldWords = 0;
  let predictedWords = 0;
  let correctWords = 0;
  let syllables = 0;
  for (const sentence of sentences) {
    const gold = spans(sentence.words);
    const predicted = spans(segmenter.segment(goldInput(sentence)));
    goldWords += gold.size;
    predictedWords += predicted.size;
    for (const span of predicted) if (gold.has(span)) correctWords++;
    for (const w of sentence.words) syllables += w.split(/[ _]+/).filter((s) => s !== '').length;
  }
  const precision = predictedWords > 0 ? correctWords / predictedWords : 0;
  const recall = goldWords > 0 ? correctWords / goldWords : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    sentences: sentences.length,
    goldWords,
    predictedWords,
    correctWords,
    precision,
    recall,
    f1,
    syllables,
  };
}

// ---------------------------------------------------------------------------------------------
// Script

/** The training sentences: RDRsegmenter gold, then UD-VTB train (`ud`: the indexes of those). */
export function readTrainingSentences(mix: 'both' | 'rdr' | 'ud' = 'both'): { sentences: GoldSentence[]; ud: Set<number> } {
  const hashes = readHeldOutHashes();
  const rdr = mix === 'ud' ? [] : dropHeldOut(readRdrGold(RDR_TRAIN_PATH), hashes);
  const ud = mix === 'rdr' ? [] : dropHeldOut(readConllu(UD_TRAIN_PATH), hashes);
  return { sentences: [...rdr, ...ud], ud: new Set(ud.map((_, i) => rdr.length + i)) };
}

/** The training script: `node pipeline/language/segmenter-training.ts [--out FILE] [--cv K] …` (npm run train:models calls it too). */
export function runSegmenterTraining(argv: string[]): void {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const mix = (arg('--mix') ?? 'both') as 'both' | 'rdr' | 'ud';
  if (!['both', 'rdr', 'ud'].includes(mix)) throw new Error('--mix must be both, rdr or ud');
  const epochs = arg('--epochs') !== undefined ? Number(arg('--epochs')) : undefined;
  const dropout = arg('--dropout') !== undefined ? Number(arg('--dropout')) : undefined;
  const hashBits = arg('--hash-bits') !== undefined ? Number(arg('--hash-bits')) : undefined;
  const runs = arg('--runs') !== undefined ? Number(arg('--runs')) : undefined;
  const unseenPairDrop =
    arg('--unseen-pair-drop') !== undefined ? Number(arg('--unseen-pair-drop')) : undefined;
  const out = arg('--out') ?? DEFAULT_SEGMENTER_MODEL_PATH;
  const styleUd = !argv.includes('--no-ud-style');
  const { sentences, ud: udSentences } = readTrainingSentences(mix);
  const placeNames = argv.includes('--no-places') ? [] : readPlaceNames();
  const lexiconWords = argv.includes('--no-lexicon') ? [] : readLexiconWords(arg('--lexicon') ?? LEXICON_DIR);
  const meta = {
    mix,
    sources: [
      mix !== 'ud' && 'RDRsegmenter Train_gold.txt (datquocnguyen/RDRsegmenter, Apache-2.0)',
      mix !== 'rdr' && 'UD_Vietnamese-VTB train (UniversalDependencies, CC BY-SA 4.0)',
      !argv.includes('--no-places') && 'dvhcvn 20250701 place names (MIT)',
      !argv.includes('--no-lexicon') && 'DLXH Monitor word lists (test/data/lexicon, written for the project, MIT)',
    ].filter(Boolean),
  };

  if (argv.includes('--cv')) {
    const k = Number(arg('--cv')) || 5;
    const hashes = readHeldOutHashes();
    const rdr = mix === 'ud' ? [] : dropHeldOut(readRdrGold(RDR_TRAIN_PATH), hashes);
    const ud = dropHeldOut(readConllu(UD_TRAIN_PATH), hashes);
    let gold = 0;
    let predicted = 0;
    let correct = 0;
    for (let fold = 0; fold < k; fold++) {
      const lo = Math.floor((fold * ud.length) / k);
      const hi = Math.floor(((fold + 1) * ud.length) / k);
      const train = [...rdr, ...ud.slice(0, lo), ...ud.slice(hi)];
      const model = trainSegmenter(
        train.map((s) => s.words),
        {
          ...(styleUd ? { targetStyle: new Set(train.map((_, i) => i).filter((i) => i >= rdr.length)) } : {}),
          placeNames,
          lexiconWords,
          ...(epochs !== undefined ? { epochs } : {}),
          ...(dropout !== undefined ? { dropout } : {}),
          ...(runs !== undefined ? { runs } : {}),
          ...(hashBits !== undefined ? { hashBits } : {}),
          ...(unseenPairDrop !== undefined ? { unseenPairDrop } : {}),
          ...(arg('--seed') !== undefined ? { seed: Number(arg('--seed')) } : {}),
        },
      );
      const score = scoreSegmentation(createSegmenter(model), ud.slice(lo, hi));
      gold += score.goldWords;
      predicted += score.predictedWords;
      correct += score.correctWords;
      console.log(`fold ${fold + 1}/${k}: word F1 ${score.f1.toFixed(4)}`);
    }
    const precision = correct / predicted;
    const recall = correct / gold;
    const f1 = (2 * precision * recall) / (precision + recall);
    console.log(`cv: precision ${precision.toFixed(4)} recall ${recall.toFixed(4)} word F1 ${f1.toFixed(4)}`);
    return;
  }

  if (argv.includes('--tune')) {
    const train = sentences.filter((_, i) => i % 10 !== 9);
    const tune = sentences.filter((_, i) => i % 10 === 9);
    console.log(`tune: ${train.length} training sentences, ${tune.length} held out`);
    trainSegmenter(
      train.map((s) => s.words),
      {
        epochs: epochs ?? 20,
        placeNames,
        lexiconWords,
        ...(dropout !== undefined ? { dropout } : {}),
        ...(unseenPairDrop !== undefined ? { unseenPairDrop } : {}),
        meta,
        onEpoch: (epoch, mistakes, model) => {
          const score = scoreSegmentation(createSegmenter(model()), tune);
          console.log(`epoch ${epoch}: ${mistakes} mistakes, held-out F1 ${score.f1.toFixed(4)}`);
        },
      },
    );
    return;
  }

  const started = performance.now();
  console.log(`training on ${sentences.length} sentences (${mix}) …`);
  const options: TrainSegmenterOptions = {
    ...(epochs !== undefined ? { epochs } : {}),
    ...(dropout !== undefined ? { dropout } : {}),
    ...(hashBits !== undefined ? { hashBits } : {}),
    ...(runs !== undefined ? { runs } : {}),
    ...(unseenPairDrop !== undefined ? { unseenPairDrop } : {}),
    ...(styleUd ? { targetStyle: udSentences } : {}),
    placeNames,
    lexiconWords,
    meta,
  };
  const model = trainSegmenter(sentences.map((s) => s.words), {
    ...options,
    onEpoch: (epoch, mistakes) => console.log(`epoch ${epoch}: ${mistakes} mistakes`),
  });
  const file = writeSegmenterModel(model, out);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `wrote ${out}: ${file.version}, ${file.features} weights, ${file.dictionaryWords} dictionary words (${seconds}s)`,
  );
  if (argv.includes('--no-folded')) return;
  // Text typed without diacritics ("nguoi dan xa tan tien") gets a model of its own, trained on
  // the same data with the diacritics removed; loadSegmenter picks it for such text. Word F1 on
  // UD-VTB dev without diacritics: 0.709 with the model above, 0.919 with this one. Training one
  // model on both spellings scored 0.915 there but cost 0.0017 cross-validated on accented text:
  // syllables written without marks anyway ("ban", "cho") took on the folded copies' pairs.
  const foldedOut = foldedModelPath(out);
  const foldedModel = trainSegmenter(sentences.map((s) => s.words.map(fold)), {
    ...options,
    placeNames: placeNames.map(fold),
    lexiconWords: lexiconWords.map(fold),
    meta: { ...meta, withoutDiacritics: true },
  });
  const foldedFile = writeSegmenterModel(foldedModel, foldedOut);
  console.log(`wrote ${foldedOut}: ${foldedFile.version} (text without diacritics), ${foldedFile.features} weights`);
}

if (import.meta.url === `file://${process.argv[1]}`) runSegmenterTraining(process.argv.slice(2));
