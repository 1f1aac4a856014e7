// Vietnamese word segmentation: "dư luận xã hội" → ["dư_luận", "xã_hội"] (DESIGN §6).
//
// A Vietnamese word is one or more syllables written with spaces between them, so the
// segmenter decides, for every gap between two neighbouring syllables, whether the gap is
// inside a word. The decision is a linear model (averaged perceptron, trained by
// segmenter-training.ts) over hashed features of the surrounding syllables, their shapes, the
// previous decision, a dictionary of the words seen in training and whether forward and backward
// maximum matching over that dictionary join the gap. Everything that is not a
// Latin-script syllable (punctuation, numbers, URLs, e-mails, emoji, other scripts) is a token of
// its own and never joins a word.
//
// Speed matters (the pipeline segments every crawled text), so syllables are hashed once, the
// features are integer hashes into a flat weight table, and the common case of a plain word is
// scanned without a regular expression.

import { existsSync, readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { quantiseWeights } from './quantise.ts';

export type Segmenter = {
  /** The words in order; the syllables of one word are joined by `_`. */
  segment(text: string): string[];
  /** Model version, recorded with every analysed record. */
  version: string;
};

/** A trained model held in memory (what the model file decodes to). */
export type SegmenterModel = {
  version: string;
  hashBits: number;
  /** Dense weight table indexed by hashed feature; positive = the gap is inside a word. */
  weights: Float32Array;
  /** Hashes (see dictionaryKey) of the multi-syllable words seen in training. */
  dictionary: Uint32Array;
  /** Syllable hashes and their affinity byte (how often each joins leftward / rightward). */
  syllableKeys: Uint32Array;
  syllableAffinity: Uint8Array;
  meta: Record<string, unknown>;
};

export const DEFAULT_SEGMENTER_MODEL_PATH = fileURLToPath(
  new URL('../models/segmenter.json', import.meta.url),
);

/** Bumped whenever gapFeatures changes: a model trained on other features must not load. */
export const SEGMENTER_FEATURE_SET = 6;
export const SEGMENTER_MODEL_FORMAT = 'dlxh-segmenter';

// ---------------------------------------------------------------------------------------------
// Units: what the text is cut into before the model decides which syllables form words.

export const KIND_SYLLABLE = 0;
export const KIND_NUMBER = 1;
export const KIND_PUNCT = 2;
export const KIND_URL = 3;
export const KIND_EMAIL = 4;
export const KIND_EMOJI = 5;
export const KIND_MENTION = 6;
export const KIND_ABBREVIATION = 7;
export const KIND_OTHER = 8;

// Shapes (the case pattern of a syllable; other kinds get SHAPE_KIND + kind).
const SHAPE_LOWER = 0;
const SHAPE_TITLE = 1;
const SHAPE_UPPER = 2;
const SHAPE_MIXED = 3;
const SHAPE_KIND = 4;
const SHAPE_EDGE = 15;

/** Growable struct-of-arrays; one buffer is reused across calls so segmenting allocates little. */
export type UnitBuffer = {
  count: number;
  texts: string[];
  kinds: Uint8Array;
  shapes: Uint8Array;
  /** Hash of the lower-cased syllable (or a constant per kind for numbers, URLs, …). */
  hashes: Int32Array;
  /** Hash of the syllable's onset (initial consonants) and of its rhyme without tone. */
  onsets: Int32Array;
  rhymes: Int32Array;
  /** premix(hash) of each unit: the half of mix() that depends only on the unit, done once. */
  pres: Int32Array;
  /** Per unit: bit 0/1/2 = a dictionary word of 2/3/4 syllables starts here; 3/4/5 a place name. */
  dictMask: Uint8Array;
  /** Per unit: high nibble = how readily it joins the next syllable, low = the previous one. */
  affinity: Uint8Array;
  /**
   * Per gap g: bit 0 = inside a word when the dictionary alone segments the text by forward
   * maximum matching, bit 1 = by backward maximum matching.
   */
  matched: Uint8Array;
  /** Per unit: the longest dictionary word ending there (scratch for backward matching). */
  ends: Uint8Array;
  /** Per gap g (between unit g-1 and g): 1 = inside a word. */
  joins: Uint8Array;
  /** Per unit other than a syllable: 1 = white space (or the start of the text) comes before it. */
  spaced: Uint8Array;
};

export function createUnitBuffer(capacity = 256): UnitBuffer {
  return {
    count: 0,
    texts: new Array<string>(capacity),
    kinds: new Uint8Array(capacity),
    shapes: new Uint8Array(capacity),
    hashes: new Int32Array(capacity),
    onsets: new Int32Array(capacity),
    rhymes: new Int32Array(capacity),
    pres: new Int32Array(capacity),
    dictMask: new Uint8Array(capacity),
    affinity: new Uint8Array(capacity),
    matched: new Uint8Array(capacity),
    ends: new Uint8Array(capacity),
    joins: new Uint8Array(capacity),
    spaced: new Uint8Array(capacity),
  };
}

function grow(buffer: UnitBuffer): void {
  const capacity = buffer.kinds.length * 2;
  const kinds = new Uint8Array(capacity);
  kinds.set(buffer.kinds);
  const shapes = new Uint8Array(capacity);
  shapes.set(buffer.shapes);
  const hashes = new Int32Array(capacity);
  hashes.set(buffer.hashes);
  const onsets = new Int32Array(capacity);
  onsets.set(buffer.onsets);
  const rhymes = new Int32Array(capacity);
  rhymes.set(buffer.rhymes);
  buffer.kinds = kinds;
  buffer.shapes = shapes;
  buffer.hashes = hashes;
  buffer.onsets = onsets;
  buffer.rhymes = rhymes;
  const pres = new Int32Array(capacity);
  pres.set(buffer.pres);
  buffer.pres = pres;
  buffer.dictMask = new Uint8Array(capacity);
  buffer.affinity = new Uint8Array(capacity);
  buffer.matched = new Uint8Array(capacity);
  buffer.ends = new Uint8Array(capacity);
  buffer.joins = new Uint8Array(capacity);
  const spaced = new Uint8Array(capacity);
  spaced.set(buffer.spaced);
  buffer.spaced = spaced;
}

// Lower-case table for the Latin ranges Vietnamese uses; beyond it code points hash as they are.
const LOWER = new Uint16Array(0x2000);
for (let c = 0; c < LOWER.length; c++) {
  const lower = String.fromCharCode(c).toLowerCase();
  LOWER[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
}

// Lower-case without tone mark (vowel quality kept: ế → ê), to compare rhymes of reduplicatives.
const TONELESS = new Uint16Array(0x2000);
for (let c = 0; c < TONELESS.length; c++) {
  const plain = String.fromCharCode(c)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
    .normalize('NFC');
  TONELESS[c] = plain.length === 1 ? plain.charCodeAt(0) : LOWER[c]!;
}
const CONSONANT = new Uint8Array(0x200);
for (const ch of 'bcdđghklmnpqrstvx') CONSONANT[ch.charCodeAt(0)] = 1;

/** Latin letters, including every precomposed Vietnamese letter (after NFC). */
function isLatinLetter(c: number): boolean {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  if (c < 0xc0) return false;
  if (c < 0x250) return c !== 0xd7 && c !== 0xf7;
  return c >= 0x1e00 && c <= 0x1eff;
}

/** Characters that separate tokens and carry nothing: white space, controls, format marks. */
function isSkippable(c: number): boolean {
  if (c <= 0x20) return true;
  if (c < 0x7f) return false;
  if (c <= 0xa0) return true; // DEL, C1 controls, no-break space
  return (
    c === 0xad ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202f) ||
    (c >= 0x205f && c <= 0x206f) ||
    c === 0x3000 ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xfeff
  );
}

// Seeds for the constant hashes of non-syllable units (their identity rarely matters).
const HASH_NUMBER = 0x1b873593;
const HASH_URL = 0x2c1b3c6d;
const HASH_EMAIL = 0x297a2d39;
const HASH_EMOJI = 0x68e31da4;
const HASH_MENTION = 0x5f356495;
const HASH_EDGE = 0x7fb5d329;

/** FNV-1a over the lower-cased UTF-16 code units of text[start, end). */
function hashLower(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ (c < 0x2000 ? LOWER[c]! : c), 0x01000193);
  }
  return h;
}

/** Case pattern of a Latin syllable. */
function syllableShape(text: string, start: number, end: number): number {
  let upper = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x2000 && LOWER[c] !== c) upper++;
  }
  if (upper === 0) return SHAPE_LOWER;
  const first = text.charCodeAt(start);
  const firstUpper = first < 0x2000 && LOWER[first] !== first;
  if (upper === end - start) return end - start === 1 ? SHAPE_TITLE : SHAPE_UPPER;
  return firstUpper && upper === 1 ? SHAPE_TITLE : SHAPE_MIXED;
}

// Everything the fast path does not take. Every alternative is linear: quantifiers are bounded
// or their repeated group starts with a character the preceding class cannot match.
const ABBREVIATIONS = 'TP|Tp|tp|TX|Tx|TT|Th|TS|ThS|PGS|GS|BS|KS|Mr|Mrs|Ms|Dr|St|Q|q|P|p|\\p{Lu}';
const TOKEN_ALTERNATIVES = [
  // 1 URL (trailing punctuation is trimmed in code)
  '((?:[Hh][Tt][Tt][Pp][Ss]?:\\/\\/|[Ww][Ww][Ww]\\.)[^\\s<>"]{1,2048})',
  // 2 bare domain: baobinhphuoc.com.vn, VnExpress.net/tin-tuc
  '([A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,4}\\.(?:vn|com|net|org|gov|edu|info|io)(?![A-Za-z0-9])(?:\\/[^\\s<>"]{0,2048})?)',
  // 3 e-mail
  '([\\p{L}\\p{N}._%+-]{1,64}@[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63}){1,8})',
  // 4 mention or hashtag
  '([@#][\\p{L}\\p{M}\\p{N}_]{1,100})',
  // 5 number: 1.250.000, 18/11/2026, 3,5, 22:06, 2020-2025, 5kg, 10h30, 7,5%, 50P-5117
  '([0-9]+(?:[.,:\\/-][0-9]+)*[\\p{L}\\p{M}\\p{N}]*(?:-[\\p{L}\\p{M}\\p{N}]+)*%?)',
  // 6 abbreviation with its full stop, when a word follows: "TP. HCM", "H. Lan"; written without
  //   the space it is one token, as the gold corpora keep it: "TP.HCM", "Q.1", "GS.TS"
  `((?:${ABBREVIATIONS})\\.(?:(?:[\\p{L}\\p{M}\\p{N}]+\\.)*[\\p{L}\\p{M}\\p{N}]+|(?=[ \\t]{0,8}[\\p{L}\\p{N}])))`,
  // 7 word (Latin or any other script); a hyphen or an apostrophe inside it keeps it one unit, as
  //   both gold corpora write them: e-mail, cà-rem, COVID-19, knock-out, S'tiêng, M’nông
  "([\\p{L}\\p{M}][\\p{L}\\p{M}\\p{N}]*(?:[-'\u2019][\\p{L}\\p{M}\\p{N}]+)*)",
  // 8 emoji, including skin tones and ZWJ sequences; flags
  '(\\p{Extended_Pictographic}[\\u{FE0F}\\u{20E3}\\u{1F3FB}-\\u{1F3FF}]*(?:\\u200D\\p{Extended_Pictographic}[\\u{FE0F}\\u{1F3FB}-\\u{1F3FF}]*)*|\\p{Regional_Indicator}{1,2})',
  // 9 punctuation runs ("...", "!!!", "--") and any other single character
  '(\\.{2,64}|[!?]{2,64}|-{2,64}|[^\\s])',
];
const TOKEN = new RegExp(TOKEN_ALTERNATIVES.join('|'), 'uy');
// Without the e-mail alternative: most texts have no "@", and that alternative is the costliest.
const TOKEN_NO_AT = new RegExp(TOKEN_ALTERNATIVES.map((a, i) => (i === 2 ? '((?!))' : a)).join('|'), 'uy');
const URL_TRAILING = new Set(Array.from('.,;:!?\'")]}…', (ch) => ch.charCodeAt(0)));

function push(
  buffer: UnitBuffer,
  text: string,
  start: number,
  end: number,
  kind: number,
): void {
  if (buffer.count === buffer.kinds.length) grow(buffer);
  const i = buffer.count++;
  buffer.texts[i] = text.slice(start, end);
  buffer.kinds[i] = kind;
  if (kind === KIND_SYLLABLE) {
    buffer.hashes[i] = hashLower(text, start, end);
    buffer.shapes[i] = syllableShape(text, start, end);
    // Onset and toneless rhyme, so reduplicatives (mỏng manh, lầy lội, bâng khuâng) show.
    let onset = 0x811c9dc5 | 0;
    let j = start;
    let previous = 0;
    for (; j < end; j++) {
      const c0 = text.charCodeAt(j);
      const c = c0 < 0x2000 ? TONELESS[c0]! : c0;
      if (c >= 0x200 || CONSONANT[c] !== 1) break;
      // gh ~ g, ngh ~ ng, k ~ c: the same sound spelled by the following vowel.
      if (!(c === 0x68 && previous === 0x67)) onset = Math.imul(onset ^ (c === 0x6b ? 0x63 : c), 0x01000193);
      previous = c;
    }
    let rhyme = 0x811c9dc5 | 0;
    for (; j < end; j++) {
      const c0 = text.charCodeAt(j);
      rhyme = Math.imul(rhyme ^ (c0 < 0x2000 ? TONELESS[c0]! : c0), 0x01000193);
    }
    buffer.onsets[i] = onset;
    buffer.rhymes[i] = rhyme;
    buffer.pres[i] = premix(buffer.hashes[i]!);
    return;
  }
  buffer.spaced[i] = start === 0 || isSkippable(text.charCodeAt(start - 1)) ? 1 : 0;
  buffer.onsets[i] = 0;
  buffer.rhymes[i] = 0;
  buffer.shapes[i] = SHAPE_KIND + kind;
  switch (kind) {
    case KIND_NUMBER:
      buffer.hashes[i] = HASH_NUMBER;
      break;
    case KIND_URL:
      buffer.hashes[i] = HASH_URL;
      break;
    case KIND_EMAIL:
      buffer.hashes[i] = HASH_EMAIL;
      break;
    case KIND_EMOJI:
      buffer.hashes[i] = HASH_EMOJI;
      break;
    case KIND_MENTION:
      buffer.hashes[i] = HASH_MENTION;
      break;
    default:
      buffer.hashes[i] = hashLower(text, start, end);
  }
  buffer.pres[i] = premix(buffer.hashes[i]!);
}

/** Latin letters (and combining marks) only: a syllable that may join a word. */
function isLatinWord(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isLatinLetter(c) && !(c >= 0x300 && c <= 0x36f)) return false;
  }
  return true;
}

/**
 * Cuts NFC text into units (syllables, numbers, punctuation, …) appended to `buffer`
 * (count reset first). Never throws; every non-blank character ends up in some unit.
 */
export function splitUnits(text: string, buffer: UnitBuffer): void {
  buffer.count = 0;
  const length = text.length;
  const hasAt = text.indexOf('@') >= 0;
  const token = hasAt ? TOKEN : TOKEN_NO_AT;
  let pos = 0;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (isSkippable(c)) {
      pos++;
      continue;
    }
    if (isLatinLetter(c)) {
      // Fast path: a run of Latin letters followed by a character that cannot extend it
      // into a URL, e-mail, domain, abbreviation or mixed token.
      let end = pos + 1;
      while (end < length && isLatinLetter(text.charCodeAt(end))) end++;
      const next = end < length ? text.charCodeAt(end) : 0x20;
      const plain =
        next < 0x80
          ? next !== 0x2e && next !== 0x3a && next !== 0x40 && next !== 0x5f && next !== 0x2d &&
            next !== 0x2b && next !== 0x25 && next !== 0x27 && !(next >= 0x30 && next <= 0x39)
          : isSkippable(next) || next === 0x2026 || (next >= 0x2010 && next <= 0x201f && next !== 0x2019);
      if (plain) {
        push(buffer, text, pos, end, KIND_SYLLABLE);
        pos = end;
        continue;
      }
    }
    token.lastIndex = pos;
    const m = token.exec(text);
    if (m === null) {
      // Only white space the skip test does not know; keep going.
      pos++;
      continue;
    }
    let end = pos + m[0].length;
    if (m[1] !== undefined || m[2] !== undefined) {
      // Trailing punctuation belongs to the sentence, except a ")" the URL itself opened.
      const opens = m[0].includes('(');
      while (end > pos + 1) {
        const last = text.charCodeAt(end - 1);
        if (last === 0x29 ? opens : !URL_TRAILING.has(last)) break;
        end--;
      }
      push(buffer, text, pos, end, KIND_URL);
    } else if (m[3] !== undefined) push(buffer, text, pos, end, KIND_EMAIL);
    else if (m[4] !== undefined) push(buffer, text, pos, end, KIND_MENTION);
    else if (m[5] !== undefined) push(buffer, text, pos, end, KIND_NUMBER);
    else if (m[6] !== undefined) push(buffer, text, pos, end, KIND_ABBREVIATION);
    else if (m[7] !== undefined) {
      push(buffer, text, pos, end, isLatinWord(text, pos, end) ? KIND_SYLLABLE : KIND_OTHER);
    } else if (m[8] !== undefined) push(buffer, text, pos, end, KIND_EMOJI);
    else push(buffer, text, pos, end, KIND_PUNCT);
    pos = end;
  }
}

// ---------------------------------------------------------------------------------------------
// Features

/** The part of mix() that depends on the value only. */
function premix(v: number): number {
  v = Math.imul(v, 0xcc9e2d51);
  v = (v << 15) | (v >>> 17);
  return Math.imul(v, 0x1b873593);
}

/** mix(h, v) given premix(v). */
function mixPremixed(h: number, p: number): number {
  h ^= p;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mix(h: number, v: number): number {
  return mixPremixed(h, premix(v));
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of a word given as the hashes of its lower-cased syllables. */
export function dictionaryKey(hashes: ArrayLike<number>, start: number, length: number): number {
  let h = 0x3c6ef372 ^ length;
  for (let i = 0; i < length; i++) h = mix(h, hashes[start + i]!);
  return finish(h) >>> 0;
}

/** The syllable hashes of a word written "dư_luận" or "dư luận" (for building the dictionary). */
export function syllableHashes(word: string): number[] {
  const hashes: number[] = [];
  for (const syllable of word.normalize('NFC').split(/[ _]+/)) {
    if (syllable !== '') hashes.push(hashLower(syllable, 0, syllable.length));
  }
  return hashes;
}

/** Place names (gazetteer) share the dictionary table under keys salted with this. */
export const PLACE_KEY_SALT = 0x5bd1e995;

/** Open-addressing set of dictionary keys; 0 marks an empty slot (key 0 is stored as 1). */
export type DictionaryTable = { slots: Uint32Array; mask: number };

export function buildDictionaryTable(keys: ArrayLike<number>): DictionaryTable {
  let size = 16;
  while (size < keys.length * 2) size *= 2;
  const slots = new Uint32Array(size);
  const mask = size - 1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]! || 1;
    let slot = key & mask;
    while (slots[slot] !== 0 && slots[slot] !== key) slot = (slot + 1) & mask;
    slots[slot] = key;
  }
  return { slots, mask };
}

function hasKey(table: DictionaryTable, key: number): boolean {
  const k = key || 1;
  const { slots, mask } = table;
  let slot = k & mask;
  for (;;) {
    const v = slots[slot]!;
    if (v === k) return true;
    if (v === 0) return false;
    slot = (slot + 1) & mask;
  }
}

/** Syllable hash → affinity byte, open addressing like DictionaryTable. */
export type AffinityTable = { slots: Uint32Array; values: Uint8Array; mask: number };

export function buildAffinityTable(keys: ArrayLike<number>, values: ArrayLike<number>): AffinityTable {
  let size = 16;
  while (size < keys.length * 2) size *= 2;
  const slots = new Uint32Array(size);
  const stored = new Uint8Array(size);
  const mask = size - 1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]! >>> 0 || 1;
    let slot = key & mask;
    while (slots[slot] !== 0 && slots[slot] !== key) slot = (slot + 1) & mask;
    slots[slot] = key;
    stored[slot] = values[i]!;
  }
  return { slots, values: stored, mask };
}

function affinityOf(table: AffinityTable, hash: number): number {
  const k = hash >>> 0 || 1;
  const { slots, mask } = table;
  let slot = k & mask;
  for (;;) {
    const v = slots[slot]!;
    if (v === k) return table.values[slot]!;
    if (v === 0) return 0;
    slot = (slot + 1) & mask;
  }
}

/** What the model knows about words and syllables beyond its weights. */
export type Lexicon = { words: DictionaryTable; syllables: AffinityTable };

/**
 * Marks, for each unit, which dictionary words of 2–4 syllables start there, and how readily
 * the syllable joins its neighbours.
 */
export function markLexicon(buffer: UnitBuffer, lexicon: Lexicon): void {
  const { count, kinds, hashes, dictMask, affinity } = buffer;
  const table = lexicon.words;
  for (let i = 0; i < count; i++) {
    let bits = 0;
    affinity[i] = kinds[i] === KIND_SYLLABLE ? affinityOf(lexicon.syllables, hashes[i]!) : 0;
    if (kinds[i] === KIND_SYLLABLE) {
      let run = 1;
      while (run < 4 && i + run < count && kinds[i + run] === KIND_SYLLABLE) run++;
      for (let length = 2; length <= run; length++) {
        const key = dictionaryKey(hashes, i, length);
        if (hasKey(table, key)) bits |= 1 << (length - 2);
        if (hasKey(table, (key ^ PLACE_KEY_SALT) >>> 0)) bits |= 8 << (length - 2);
      }
    }
    dictMask[i] = bits;
  }
  maximumMatching(buffer);
}

/** Bit k-2 set: a dictionary word or place name of k syllables (2–4) starts at the unit. */
function wordsStarting(bits: number): number {
  return (bits | (bits >> 3)) & 7;
}

/** Length of the longest dictionary word or place name that a unit's dictMask says starts there. */
function longestStarting(bits: number): number {
  const words = wordsStarting(bits);
  return words & 4 ? 4 : words & 2 ? 3 : words & 1 ? 2 : 1;
}

/** Fills buffer.matched from dictMask: forward and backward maximum matching. */
function maximumMatching(buffer: UnitBuffer): void {
  const { count, dictMask, matched, ends } = buffer;
  matched.fill(0, 0, count);
  ends.fill(1, 0, count);
  for (let i = 0; i < count; i++) {
    const words = wordsStarting(dictMask[i]!);
    for (let length = 2; length <= 4; length++) {
      if ((words & (1 << (length - 2))) !== 0 && ends[i + length - 1]! < length) ends[i + length - 1] = length;
    }
  }
  for (let i = 0; i < count; ) {
    const length = longestStarting(dictMask[i]!);
    for (let k = 1; k < length; k++) matched[i + k]! |= 1;
    i += length;
  }
  for (let j = count - 1; j >= 0; ) {
    const length = ends[j]!;
    for (let k = 0; k < length - 1; k++) matched[j - k]! |= 2;
    j -= length;
  }
}

// Feature templates (the numbers only need to differ).
const T_BIAS = 1;
const T_L = 2;
const T_R = 3;
const T_LL = 4;
const T_RR = 5;
const T_L_R = 6;
const T_LL_L = 7;
const T_LL_R = 9;
const T_LL_L_R = 11;
const T_L_R_RR = 12;
const T_SHAPE2 = 13;
const T_SHAPE4 = 14;
const T_SHAPE_L = 15;
const T_SHAPE_R = 16;
const T_PREV = 17;
const T_PREV_L_R = 18;
const T_DICT = 19;
const T_DICT_SHAPE = 20;
const T_DICT_L_R = 21;
const T_PREV_LL_L_R = 22;
const T_REDUP = 23;
const T_REDUP_SHAPE = 24;
const T_AFFINITY = 25;
const T_AFFINITY_DICT = 26;
const T_AFFINITY_SHAPE = 27;
const T_AFFINITY_L_R = 28;
const T_AFFINITY_R_L = 29;
const T_AFFINITY_PREV = 30;
const T_PLACE = 31;
const T_MM = 32;
const T_MM_SHAPE = 33;
const T_MM_DICT = 34;

/**
 * Positions in gapFeatures' output of the features that name both syllables of the gap (they
 * only fire on syllable pairs seen in training).
 */
export const PAIR_FEATURE_POSITIONS = [5, 8, 9, 15, 18, 19];

/** Most features one gap produces (sizes the scratch arrays). */
export const MAX_GAP_FEATURES = 32;

// f1 hashes a template with a value; p1/p2/p3 take premixed values (a unit's premix is in
// buffer.pres) and give the same hashes as mixing the values themselves.
const seed = (t: number): number => Math.imul(t, 0x9e3779b1);
function f1(t: number, a: number): number {
  return finish(mix(seed(t), a));
}
function p1(t: number, pa: number): number {
  return finish(mixPremixed(seed(t), pa));
}
function p2(t: number, pa: number, pb: number): number {
  return finish(mixPremixed(mixPremixed(seed(t), pa), pb));
}
function p3(t: number, pa: number, pb: number, pc: number): number {
  return finish(mixPremixed(mixPremixed(mixPremixed(seed(t), pa), pb), pc));
}
const PRE_EDGE = premix(HASH_EDGE);

/**
 * Writes into `out` the hashed features (unmasked) of the gap between unit g-1 and unit g and
 * returns how many. `previous` is the decision for gap g-1: 0 boundary, 1 inside a word,
 * 2 no decision (gap not between two syllables, or g = 1).
 */
export function gapFeatures(buffer: UnitBuffer, g: number, previous: number, out: Int32Array): number {
  const { count, hashes, shapes, dictMask, onsets, rhymes, affinity, pres } = buffer;
  const l = hashes[g - 1]!;
  const r = hashes[g]!;
  const sl = shapes[g - 1]!;
  const sr = shapes[g]!;
  const sll = g >= 2 ? shapes[g - 2]! : SHAPE_EDGE;
  const srr = g + 1 < count ? shapes[g + 1]! : SHAPE_EDGE;

  // Dictionary evidence: words covering this gap, and words competing for either side.
  const m1 = dictMask[g - 1]!;
  const m2 = g >= 2 ? dictMask[g - 2]! : 0;
  const m3 = g >= 3 ? dictMask[g - 3]! : 0;
  const m0 = dictMask[g]!;
  const cover2 = m1 & 1;
  const cover3 = (m1 & 2) | (m2 & 2) ? 1 : 0;
  const cover4 = (m1 & 4) | (m2 & 4) | (m3 & 4) ? 1 : 0;
  const leftRival = m2 & 1 ? 1 : (m3 & 2) ? 2 : 0;
  const rightRival = m0 & 1 ? 1 : (m0 & 2) ? 2 : 0;
  const dict = cover2 | (cover3 << 1) | (cover4 << 2) | (leftRival << 3) | (rightRival << 5);
  const shape2 = (sl << 4) | sr;
  const place =
    (m1 & 8 ? 1 : 0) | ((m1 | m2) & 16 ? 2 : 0) | ((m1 | m2 | m3) & 32 ? 4 : 0) | (m2 & 8 ? 8 : 0) | (m0 & 8 ? 16 : 0);

  const pl = pres[g - 1]!;
  const pr = pres[g]!;
  const pll = g >= 2 ? pres[g - 2]! : PRE_EDGE;
  const prr = g + 1 < count ? pres[g + 1]! : PRE_EDGE;
  const pshape2 = premix(shape2);
  const pdict = premix(dict);
  const pprevious = premix(previous);

  let n = 0;
  out[n++] = f1(T_BIAS, 0);
  out[n++] = p1(T_L, pl);
  out[n++] = p1(T_R, pr);
  out[n++] = p1(T_LL, pll);
  out[n++] = p1(T_RR, prr);
  out[n++] = p2(T_L_R, pl, pr);
  out[n++] = p2(T_LL_L, pll, pl);
  out[n++] = p2(T_LL_R, pll, pr);
  out[n++] = p3(T_LL_L_R, pll, pl, pr);
  out[n++] = p3(T_L_R_RR, pl, pr, prr);
  out[n++] = p1(T_SHAPE2, pshape2);
  out[n++] = f1(T_SHAPE4, (sll << 12) | (shape2 << 4) | srr);
  out[n++] = p2(T_SHAPE_L, pshape2, pl);
  out[n++] = p2(T_SHAPE_R, pshape2, pr);
  out[n++] = p1(T_PREV, pprevious);
  out[n++] = p3(T_PREV_L_R, pprevious, pl, pr);
  out[n++] = p1(T_DICT, pdict);
  out[n++] = p2(T_DICT_SHAPE, pdict, pshape2);
  out[n++] = p3(T_DICT_L_R, premix(dict & 7), pl, pr);
  out[n++] = p3(T_PREV_LL_L_R, pprevious, pll, premix(mixPremixed(l, pr)));

  // Reduplication: same syllable, same onset, same rhyme.
  const redup =
    (l === r ? 1 : 0) |
    (onsets[g - 1] === onsets[g] && onsets[g] !== (0x811c9dc5 | 0) ? 2 : 0) |
    (rhymes[g - 1] === rhymes[g] ? 4 : 0);
  const predup = premix(redup);
  out[n++] = p1(T_REDUP, predup);
  out[n++] = p2(T_REDUP_SHAPE, predup, pshape2);

  // How readily L joins rightward and R leftward, measured on other sentences than these.
  const aL = affinity[g - 1]! >> 4;
  const aR = affinity[g]! & 15;
  const ppair = premix((aL << 4) | aR);
  out[n++] = p1(T_AFFINITY, ppair);
  out[n++] = p2(T_AFFINITY_DICT, ppair, pdict);
  out[n++] = p2(T_AFFINITY_SHAPE, ppair, pshape2);
  out[n++] = p2(T_AFFINITY_L_R, premix(aL), pr);
  out[n++] = p2(T_AFFINITY_R_L, premix(aR), pl);
  out[n++] = p2(T_AFFINITY_PREV, ppair, pprevious);
  out[n++] = p2(T_PLACE, premix(place), pshape2);
  const pmm = premix(buffer.matched[g]!);
  out[n++] = p1(T_MM, pmm);
  out[n++] = p2(T_MM_SHAPE, pmm, pshape2);
  out[n++] = p2(T_MM_DICT, pmm, pdict);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * 1 when unit u is a lone "." with white space on both sides between two numbers: "25 . 000",
 * "( 84 . 4 )" is one number in text tokenised that way (UD-VTB writes it as one word), while
 * "năm 2020. 5 người" is two sentences.
 */
function spacedNumberDot(buffer: UnitBuffer, u: number): number {
  const { kinds, spaced } = buffer;
  return u >= 1 && u + 1 < buffer.count && kinds[u - 1] === KIND_NUMBER && kinds[u + 1] === KIND_NUMBER &&
    spaced[u] === 1 && spaced[u + 1] === 1 && buffer.texts[u] === '.' ? 1 : 0;
}

/**
 * Decides every gap of the units in `buffer` (writes buffer.joins) with the given quantised
 * weights (only the sign of a gap's sum matters, so the scale is not needed), greedily left to
 * right so each decision can see the previous one.
 */
export function decideGaps(
  buffer: UnitBuffer,
  weights: Int16Array,
  hashMask: number,
  scratch: Int32Array,
): void {
  const { count, kinds, joins } = buffer;
  let previous = 2;
  for (let g = 1; g < count; g++) {
    if (kinds[g - 1] !== KIND_SYLLABLE || kinds[g] !== KIND_SYLLABLE) {
      joins[g] = kinds[g] === KIND_PUNCT ? spacedNumberDot(buffer, g) : kinds[g - 1] === KIND_PUNCT ? spacedNumberDot(buffer, g - 1) : 0;
      previous = 2;
      continue;
    }
    const n = gapFeatures(buffer, g, previous, scratch);
    let score = 0;
    for (let k = 0; k < n; k++) score += weights[scratch[k]! & hashMask]!;
    const join = score > 0 ? 1 : 0;
    joins[g] = join;
    previous = join;
  }
}

/** Builds a segmenter around a model held in memory. */
export function createSegmenter(model: SegmenterModel): Segmenter {
  const lexicon: Lexicon = {
    words: buildDictionaryTable(model.dictionary),
    syllables: buildAffinityTable(model.syllableKeys, model.syllableAffinity),
  };
  const hashMask = (1 << model.hashBits) - 1;
  if (model.weights.length !== hashMask + 1) {
    throw new Error(`segmenter model ${model.version}: weight table size does not match hashBits`);
  }
  const buffer = createUnitBuffer(1024);
  const scratch = new Int32Array(MAX_GAP_FEATURES);
  const { values } = quantiseWeights(model.weights);
  const version = model.version;
  return {
    version,
    segment(text: string): string[] {
      if (typeof text !== 'string' || text.length === 0) return [];
      splitUnits(text.normalize('NFC'), buffer);
      const { count, texts, joins } = buffer;
      if (count === 0) return [];
      markLexicon(buffer, lexicon);
      decideGaps(buffer, values, hashMask, scratch);
      const words: string[] = [];
      let word = texts[0]!;
      for (let g = 1; g < count; g++) {
        if (joins[g] === 1) word += '_' + texts[g]!;
        else {
          words.push(word);
          word = texts[g]!;
        }
      }
      words.push(word);
      // Drop references so a 1 MB text is not kept alive by the reused buffer.
      if (count > 4096) buffer.texts.length = 0;
      return words;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Model file: JSON metadata plus one base64 payload (raw deflate of the binary tables below).
//   payload = varint featureCount, then featureCount × (varint index delta),
//             featureCount × int16 LE quantised weight,
//             varint dictionaryCount, dictionaryCount × (varint key delta),
//             varint syllableCount, syllableCount × (varint key delta), syllableCount × byte

export type SegmenterModelFile = {
  format: typeof SEGMENTER_MODEL_FORMAT;
  featureSet: number;
  version: string;
  hashBits: number;
  weightScale: number;
  features: number;
  dictionaryWords: number;
  meta: Record<string, unknown>;
  payload: string;
};

function readVarint(bytes: Uint8Array, state: { pos: number }): number {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[state.pos++];
    if (b === undefined) throw new Error('segmenter model payload is truncated');
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return value;
    shift += 7;
  }
}

export function decodeSegmenterModel(file: SegmenterModelFile): SegmenterModel {
  if (file.format !== SEGMENTER_MODEL_FORMAT) {
    throw new Error(`not a segmenter model (format ${String(file.format)})`);
  }
  if (file.featureSet !== SEGMENTER_FEATURE_SET) {
    throw new Error(
      `segmenter model ${file.version} uses feature set ${file.featureSet}, this code needs ` +
        `${SEGMENTER_FEATURE_SET}: retrain it with node pipeline/language/segmenter-training.ts`,
    );
  }
  const bytes = new Uint8Array(inflateRawSync(Buffer.from(file.payload, 'base64')));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const state = { pos: 0 };
  const weights = new Float32Array(2 ** file.hashBits);
  const features = readVarint(bytes, state);
  const indices = new Uint32Array(features);
  let index = 0;
  for (let i = 0; i < features; i++) {
    index += readVarint(bytes, state);
    indices[i] = index;
  }
  for (let i = 0; i < features; i++) {
    weights[indices[i]!] = view.getInt16(state.pos, true) * file.weightScale;
    state.pos += 2;
  }
  const words = readVarint(bytes, state);
  const dictionary = new Uint32Array(words);
  let key = 0;
  for (let i = 0; i < words; i++) {
    key += readVarint(bytes, state);
    dictionary[i] = key;
  }
  const syllables = readVarint(bytes, state);
  const syllableKeys = new Uint32Array(syllables);
  key = 0;
  for (let i = 0; i < syllables; i++) {
    key += readVarint(bytes, state);
    syllableKeys[i] = key;
  }
  const syllableAffinity = bytes.slice(state.pos, state.pos + syllables);
  if (syllableAffinity.length !== syllables) throw new Error('segmenter model payload is truncated');
  return {
    version: file.version,
    hashBits: file.hashBits,
    weights,
    dictionary,
    syllableKeys,
    syllableAffinity,
    meta: file.meta,
  };
}

const loaded = new Map<string, Segmenter>();

/** The model for text typed without diacritics that goes with a model file: "x.json" → "x-folded.json". */
export function foldedModelPath(modelPath: string): string {
  return modelPath.replace(/(\.json)?$/, '-folded.json');
}

/**
 * Text typed without diacritics, as many comments are: fewer than one syllable in five carries a
 * mark (or đ). Such text goes to the model trained without diacritics.
 */
export function isWithoutDiacritics(text: string): boolean {
  let syllables = 0;
  let marked = 0;
  let inWord = false;
  let wordMarked = false;
  const end = Math.min(text.length, 4000);
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x20;
    const letter = isLatinLetter(c) || (c >= 0x300 && c <= 0x36f);
    if (letter) {
      if (c >= 0x80) wordMarked = true;
      inWord = true;
    } else if (inWord) {
      syllables++;
      if (wordMarked) marked++;
      inWord = false;
      wordMarked = false;
    }
  }
  return syllables >= 2 && marked * 5 < syllables;
}

/**
 * Loads the segmenter from a model file (default: pipeline/models/segmenter.json), with the
 * model for text without diacritics beside it when there is one (foldedModelPath). Loaded
 * models are cached by path, so calling this per record costs nothing after the first time.
 */
export function loadSegmenter(modelPath: string = DEFAULT_SEGMENTER_MODEL_PATH): Segmenter {
  const cached = loaded.get(modelPath);
  if (cached !== undefined) return cached;
  const main = readSegmenter(modelPath);
  const foldedPath = foldedModelPath(modelPath);
  const folded = existsSync(foldedPath) ? readSegmenter(foldedPath) : null;
  const segmenter: Segmenter = folded === null ? main : {
    version: `${main.version}+${folded.version}`,
    segment: (text) => (typeof text === 'string' && isWithoutDiacritics(text) ? folded : main).segment(text),
  };
  loaded.set(modelPath, segmenter);
  return segmenter;
}

function readSegmenter(modelPath: string): Segmenter {
  let file: SegmenterModelFile;
  try {
    file = JSON.parse(readFileSync(modelPath, 'utf8')) as SegmenterModelFile;
  } catch (error) {
    throw new Error(
      `cannot read the segmenter model ${modelPath} (${(error as Error).message}); ` +
        'train it with: node pipeline/language/segmenter-training.ts',
    );
  }
  return createSegmenter(decodeSegmenterModel(file));
}

/** The words of a line joined by single spaces: "dư_luận xã_hội quan_tâm". */
export function segmentLine(segmenter: Segmenter, line: string): string {
  return segmenter.segment(line).join(' ');
}
