// Sentiment of a post: negative / neutral / positive (DESIGN §6 "Tag").
// The trained linear classifier sees the whole post; a lexicon adds what a small training set
// cannot teach reliably: negation ("không tốt" is negative, "không tệ" mild praise), intensifiers
// ("rất", "quá", "lắm", "cực kỳ"), contrast (after "nhưng"/"tuy nhiên" the clause weighs more),
// emoji, teencode, and the thousands of words the labelled sentences never held. The lexicon is
// the hand-written one of sentiment-lexicon.ts plus the word lists of test/data/sentiment-words/,
// and each model carries the lists it was trained with. Complaints and criticism of officials come out negative —
// that is signal for the office, not a misinformation flag.

import { join } from 'node:path';
import { fold, hasDiacritics } from './fold.ts';
import {
  AMBIGUOUS_WHEN_FOLDED,
  CONTRAST_MARKERS,
  EMOJI_POLARITY,
  EMOTICON_POLARITY,
  INTENSIFIERS_AFTER,
  INTENSIFIERS_BEFORE,
  NEGATORS,
  SENTIMENT_WORDS,
} from './sentiment-lexicon.ts';
import { createClassifier, DEFAULT_MODEL_DIR, loadModel, softmaxInPlace, type Classifier, type ExtraFeatures } from './text-classifier.ts';
import { createPhraseSet, featureId, foldSyllable, hashString, MAX_CHARS, syllables, TEENCODE, type PhraseSet } from './text-features.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export const SENTIMENT_LABELS: SentimentLabel[] = ['negative', 'neutral', 'positive'];

export interface SentimentResult {
  label: SentimentLabel;
  score: number;
}

export interface SentimentAnalyser {
  analyse(text: string): SentimentResult;
  /** All three probabilities, for evaluation and explanations. */
  scores(text: string): Record<SentimentLabel, number>;
  /** The lexicon's signed opinion (−3…+3) on its own. */
  lexiconScore(text: string): number;
  version: string;
}

/**
 * How far the lexicon moves the classifier's log-odds. Chosen by cross-validation on the training
 * data (the six labelled ViHOS slices in turn, and five folds of the hand-written examples):
 * 0.4 gives real comments +0.008 macro-F1 over 0.6 for −0.002 on the hand-written examples; the
 * lexicon was written for clean text, and real comments need it less.
 */
export const LEXICON_WEIGHT = 0.4;
const NEUTRAL_PENALTY = 0.5;

// ---- lexicon tables ------------------------------------------------------------------------------

type Entry = { kind: 'word'; weight: number; bucket: number } | { kind: 'negator' | 'before' | 'after' | 'contrast' };

/** A sentiment word with its weight (−3…+3). */
export type SentimentWord = [word: string, weight: number];

function buildTable(words: SentimentWord[], folded: boolean): PhraseSet<Entry> {
  const key = (w: string): string => (folded ? fold(w) : w);
  const entries: Array<[string, Entry]> = [];
  // Words first: "không ai nghe" is a complaint, not a negator followed by "ai nghe".
  for (const [w, weight] of words) {
    // Typed without diacritics, one syllable is too often another word (tệ/tế, buồn/buôn): only
    // the hand-checked ones of sentiment-lexicon.ts and those written without diacritics count.
    if (folded && (AMBIGUOUS_WHEN_FOLDED.has(w) || (!w.includes(' ') && !(w in SENTIMENT_WORDS) && hasDiacritics(w)))) continue;
    // The classifier's feature for the word names its weight rounded: −3 … 3 as 0 … 6.
    entries.push([key(w), { kind: 'word', weight, bucket: Math.max(-3, Math.min(3, Math.round(weight))) + 3 }]);
  }
  for (const w of CONTRAST_MARKERS) entries.push([key(w), { kind: 'contrast' }]);
  for (const w of NEGATORS) entries.push([key(w), { kind: 'negator' }]);
  for (const w of INTENSIFIERS_BEFORE) entries.push([key(w), { kind: 'before' }]);
  return createPhraseSet(entries);
}

const AFTER_WITH_DIACRITICS = createPhraseSet(INTENSIFIERS_AFTER.map((w): [string, true] => [w, true]));
const AFTER_FOLDED = createPhraseSet(INTENSIFIERS_AFTER.map((w): [string, true] => [fold(w), true]));
const TEENCODE_MAP = new Map(Object.entries(TEENCODE).map(([k, v]): [string, string[]] => [k, v.split(' ')]));
const EMOJI_CODES = new Map(
  Object.entries(EMOJI_POLARITY)
    .filter(([k]) => [...k].length === 1)
    .map(([k, v]): [number, number] => [k.codePointAt(0) as number, v]),
);
const EMOTICON_START = /[:=<]/;

function isPunctuation(token: string): boolean {
  const c = token.charCodeAt(0);
  return token.length === 1 && (c === 0x2e || c === 0x2c || c === 0x3b || c === 0x21 || c === 0x3f || c === 0x2026);
}

/** Sum of emoji polarity (at most five count), plus ASCII emoticons at half weight. */
function emojiScore(head: string): number {
  let total = 0;
  let seen = 0;
  for (let i = 0; i < head.length && seen < 5; i++) {
    const c = head.charCodeAt(i);
    if (c < 0x2600) continue;
    const cp = head.codePointAt(i) as number;
    const v = EMOJI_CODES.get(cp);
    if (v !== undefined) {
      total += v;
      seen++;
    }
    if (cp > 0xffff) i++;
  }
  if (EMOTICON_START.test(head)) {
    const lower = head.toLowerCase();
    for (const [emoticon, v] of Object.entries(EMOTICON_POLARITY)) if (lower.includes(emoticon)) total += v * 0.5;
  }
  return total;
}

/**
 * A sentiment word list read with negation, intensifiers and contrast. One walk over a text gives
 * both the lexicon's signed opinion (−3…+3), which the analyser adds to the classifier's log-odds,
 * and the classifier's lexicon features: one per word found, named by its weight ("a −2 word"),
 * negated when a negator came shortly before it, and one for the opinion as a whole. A word the
 * classifier never saw in training still counts through them.
 */
export type SentimentLexicon = {
  score(text: string): number;
  features: ExtraFeatures;
};

const H_WORD = Array.from({ length: 7 }, (_, i) => hashString(`sentiment-lexicon:${i - 3}`));
const H_NEGATED = Array.from({ length: 7 }, (_, i) => hashString(`sentiment-lexicon:negated:${i - 3}`));
const H_OPINION = Array.from({ length: 9 }, (_, i) => hashString(`sentiment-lexicon:sum:${i - 4}`));
const F_SENTIMENT_LEXICON = 9;
const MAX_LEXICON_FEATURES = 12;

export function createSentimentLexicon(words: SentimentWord[]): SentimentLexicon {
  const withDiacritics = buildTable(words, false);
  const plain = buildTable(words, true);
  // The last text read: its opinion and the words found (weight bucket + 3, +7 when negated).
  let lastText: string | undefined;
  let opinion = 0;
  let found = 0;
  const codes = new Uint8Array(MAX_LEXICON_FEATURES);
  const tokens: string[] = [];

  const read = (text: string): void => {
    if (text === lastText) return;
    lastText = text;
    opinion = 0;
    found = 0;
    if (typeof text !== 'string' || text.length === 0) return;
    const head = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
    const folded = !hasDiacritics(head);
    const table = folded ? plain : withDiacritics;
    const after = folded ? AFTER_FOLDED : AFTER_WITH_DIACRITICS;
    tokens.length = 0;
    for (const raw of syllables(head)) {
      const expanded = TEENCODE_MAP.get(raw);
      if (expanded) for (const part of expanded) tokens.push(folded ? foldSyllable(part) : part);
      else tokens.push(raw);
    }
    let total = 0;
    let clauseWeight = 1;
    let negLeft = 0;
    let boostLeft = 0;
    for (let i = 0; i < tokens.length; ) {
      const token = tokens[i] as string;
      if (isPunctuation(token)) {
        negLeft = 0;
        boostLeft = 0;
        i++;
        continue;
      }
      const hit = table.match(tokens, i);
      if (!hit) {
        if (negLeft > 0) negLeft--;
        if (boostLeft > 0) boostLeft--;
        i++;
        continue;
      }
      const entry = hit.value;
      i += hit.length;
      switch (entry.kind) {
        case 'contrast':
          // What came before the contrast counts half; what follows counts one and a half.
          total *= 0.5;
          clauseWeight = 1.5;
          negLeft = 0;
          boostLeft = 0;
          break;
        case 'negator':
          negLeft = 3;
          break;
        case 'before':
          boostLeft = 2;
          break;
        case 'after':
          break;
        case 'word': {
          let v = entry.weight * (boostLeft > 0 ? 1.5 : 1);
          if (after.match(tokens, i)) v *= 1.5;
          if (negLeft > 0) v = v > 0 ? -0.8 * v : -0.5 * v;
          total += v * clauseWeight;
          if (found < MAX_LEXICON_FEATURES) codes[found++] = entry.bucket + (negLeft > 0 ? 7 : 0);
          negLeft = 0;
          boostLeft = 0;
          break;
        }
      }
    }
    // Bounded so a page of hearts cannot outvote the words.
    opinion = Math.tanh((total + emojiScore(head) * 0.7) / 3) * 3;
  };

  return {
    score(text) {
      read(text);
      return opinion;
    },
    features(text, ids, count, bits) {
      read(text);
      if (found === 0 || ids.length - count < found + 1) return count;
      for (let k = 0; k < found; k++) {
        const c = codes[k] as number;
        ids[count++] = featureId((c >= 7 ? H_NEGATED[c - 7] : H_WORD[c]) as number, F_SENTIMENT_LEXICON, bits);
      }
      ids[count++] = featureId(H_OPINION[Math.round(opinion) + 4] as number, F_SENTIMENT_LEXICON, bits);
      return count;
    },
  };
}

/** The hand-written lexicon of sentiment-lexicon.ts alone (what models before the word lists used). */
const HAND_WRITTEN = createSentimentLexicon(Object.entries(SENTIMENT_WORDS));

/** The hand-written lexicon's signed opinion (−3…+3) of a text. */
export function lexiconScore(text: string): number {
  return HAND_WRITTEN.score(text);
}

// ---- the word lists a model carries ---------------------------------------------------------

const LEXICON_KEY = 'weight ';

/**
 * Sentiment words as a model stores them (`lexicons`): one list per weight, under "weight −2.5"
 * and the like. Weights are clamped to −3…3, words of weight 0 dropped, and the first weight
 * given for a word stays (the hand-written lexicon comes first).
 */
export function sentimentLexicons(words: Iterable<SentimentWord>): Record<string, string[]> {
  const seen = new Set<string>();
  const out: Record<string, string[]> = {};
  for (const [raw, weight] of words) {
    const w = raw.normalize('NFC').toLowerCase().trim().replace(/\s+/g, ' ');
    const v = Math.max(-3, Math.min(3, weight));
    if (w === '' || v === 0 || !Number.isFinite(v) || seen.has(w)) continue;
    seen.add(w);
    (out[`${LEXICON_KEY}${v}`] ??= []).push(w);
  }
  return out;
}

/** The words of a model's `lexicons` with their weights (none for a model without them). */
export function sentimentWordsOf(lexicons: Record<string, string[]> | undefined): SentimentWord[] {
  const out: SentimentWord[] = [];
  for (const [key, words] of Object.entries(lexicons ?? {})) {
    const weight = Number(key.slice(LEXICON_KEY.length));
    if (!key.startsWith(LEXICON_KEY) || !Number.isFinite(weight)) continue;
    for (const w of words) out.push([w, weight]);
  }
  return out;
}

// ---- the analyser --------------------------------------------------------------------------------

/**
 * The analyser around a classifier. `lexicon` is the word list read with it: by default the
 * model's own (the one its lexicon features were trained with), else the hand-written one. Pass
 * the lexicon whose `features` the classifier was built with, so each text is read once.
 */
export function createSentimentAnalyser(
  classifier: Classifier,
  lexiconWeight = LEXICON_WEIGHT,
  lexicon: SentimentLexicon = lexiconOf(classifier.model.lexicons),
): SentimentAnalyser {
  const labels = classifier.model.labels;
  const iNeg = labels.indexOf('negative');
  const iNeu = labels.indexOf('neutral');
  const iPos = labels.indexOf('positive');
  if (iNeg < 0 || iNeu < 0 || iPos < 0) {
    throw new Error(`Sentiment model ${classifier.model.version} must have labels negative, neutral, positive`);
  }
  const logits = new Float64Array(3);
  const lexiconScore = (text: string): number => lexicon.score(text);
  const scores = (text: string): Record<SentimentLabel, number> => {
    const p = classifier.probabilities(text);
    // In a short post the classifier has little evidence besides the very words the lexicon
    // reads with negation and intensity, so the lexicon counts for more there ("không tệ").
    const length = syllables(typeof text === 'string' ? text : '').length;
    const lex = lexiconScore(text) * lexiconWeight * (1 + 3 / Math.max(1, length));
    logits[0] = Math.log((p[iNeg] as number) + 1e-9) - lex;
    logits[1] = Math.log((p[iNeu] as number) + 1e-9) - NEUTRAL_PENALTY * Math.abs(lex);
    logits[2] = Math.log((p[iPos] as number) + 1e-9) + lex;
    softmaxInPlace(logits);
    return { negative: logits[0] as number, neutral: logits[1] as number, positive: logits[2] as number };
  };
  return {
    version: classifier.model.version,
    scores,
    lexiconScore,
    analyse(text: string): SentimentResult {
      const s = scores(text);
      let label: SentimentLabel = 'neutral';
      if (s.negative > s[label]) label = 'negative';
      if (s.positive > s[label]) label = 'positive';
      return { label, score: s[label] };
    },
  };
}

/** Loads `sentiment.json` from `dir` (default: the committed model in pipeline/models/). */
export function loadSentiment(dir: string = DEFAULT_MODEL_DIR): SentimentAnalyser {
  const model = loadModel(join(dir, 'sentiment.json'));
  // A model carries the words it was trained with; an older one has the hand-written lexicon only.
  const lexicon = lexiconOf(model.lexicons);
  return createSentimentAnalyser(createClassifier(model, lexicon === HAND_WRITTEN ? undefined : lexicon.features), LEXICON_WEIGHT, lexicon);
}

function lexiconOf(lexicons: Record<string, string[]> | undefined): SentimentLexicon {
  const words = sentimentWordsOf(lexicons);
  return words.length > 0 ? createSentimentLexicon(words) : HAND_WRITTEN;
}
