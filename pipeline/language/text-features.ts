// Turns a post into hashed feature ids for the linear classifiers (DESIGN §6 "Tag").
// Runs on every post, so it allocates one lower-cased copy of the text per call and nothing else:
// syllables are hashed (FNV-1a) while they are scanned, and ids go into a caller-owned buffer.
//
// Features per syllable: the syllable as written (diacritics kept: "tế" ≠ "tệ"), its folded form
// ("te"), so text typed without accents still meets the model; bigrams of both; syllables inside a
// negation scope get an extra marked feature ("không tốt" ≠ "tốt"); emoji and ASCII emoticons are
// features of their own. Common teencode (ko, dc, k, j, vs …) is mapped to the word it stands for
// so "ko dc" and "không được" share folded features.
// This file does its own minimal lower-casing and teencode mapping in the same scan rather than
// calling normaliseForMatching (normalise.ts), which would cost a second pass over every post;
// callers that already hold normalised text can pass it in — the features are the same.

import { fold } from './fold.ts';
import { ACRONYMS_IN_CAPITALS, BEFORE_KILOGRAM } from './teencode.ts';
import { isCapitals, isCodeTie, isShouting } from './normalise.ts';

export interface FeatureOptions {
  /** log2 of the hashed feature space. */
  bits: number;
  bigrams: boolean;
  /** Also emit diacritic-folded variants of every syllable and bigram. */
  folded: boolean;
  /** Mark syllables after "không", "chẳng", "chưa", "đâu có", "ko" … (sentiment). */
  negation: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { bits: 18, bigrams: true, folded: true, negation: true };

/** Only the head of a very long text is read: a post's stance is in its first few thousand chars. */
export const MAX_CHARS = 4000;
/** Syllables in one negation scope. */
const NEGATION_SCOPE = 3;

export interface FeatureBuffer {
  ids: Uint32Array;
}

export function createFeatureBuffer(capacity = 8192): FeatureBuffer {
  return { ids: new Uint32Array(capacity) };
}

// ---- hashing -------------------------------------------------------------------------------

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines a token hash with a feature family (and an optional second token). */
function mix(a: number, b: number, family: number): number {
  return fmix32(Math.imul(a ^ Math.imul(family, 0x27d4eb2f), 0x9e3779b1) ^ b);
}

/** FNV-1a of a string, as the scanner computes it (for tables and for callers' extra features). */
export function hashString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Maps any 32-bit hash into the feature space; extra features (lexicon hits) use this. */
export function featureId(hash: number, family: number, bits: number): number {
  return mix(hash, 0, family) >>> (32 - bits);
}

// Feature families: distinct seeds so a syllable and a bigram never share an id by construction.
const F_RAW = 1;
const F_FOLD = 2;
const F_RAW_BIGRAM = 3;
const F_FOLD_BIGRAM = 4;
const F_NEGATED = 5;
const F_EMOJI = 6;
const F_EMOTICON = 7;

// ---- character tables (built once) ---------------------------------------------------------

const TABLE_SIZE = 0x2000;
/** 1 = part of a syllable (letters, marks, digits), 0 = boundary. */
const IS_WORD = new Uint8Array(TABLE_SIZE);
/** Folded code of each char (Vietnamese letters → ASCII base letter; đ → d). */
const FOLD = new Uint16Array(TABLE_SIZE);
const IS_DIGIT = new Uint8Array(TABLE_SIZE);
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
for (let c = 0; c < TABLE_SIZE; c++) {
  if (c >= 0xd800) break;
  const ch = String.fromCharCode(c);
  IS_WORD[c] = WORD_CHAR.test(ch) ? 1 : 0;
  const f = fold(ch);
  FOLD[c] = f.length === 1 ? f.charCodeAt(0) : f.length === 0 ? 0 : c;
  IS_DIGIT[c] = c >= 0x30 && c <= 0x39 ? 1 : 0;
}

function isEmojiCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1f300 && cp <= 0x1faff && !(cp >= 0x1f3fb && cp <= 0x1f3ff)) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x1f000 && cp <= 0x1f2ff) ||
    cp === 0x2764 ||
    cp === 0x2b50
  );
}

/** Joiners and modifiers inside emoji sequences: neither a feature nor a boundary. */
function isEmojiGlue(cp: number): boolean {
  return cp === 0x200d || cp === 0xfe0f || cp === 0xfe0e || (cp >= 0x1f3fb && cp <= 0x1f3ff);
}

// ---- teencode and negation (folded forms) -----------------------------------------------------

interface Expansion {
  raw: number;
  fold: number;
}

function syllableHashes(word: string): Expansion {
  return { raw: hashString(word), fold: hashString(fold(word)) };
}

/** Short forms typed on phones → the syllable(s) they stand for, matched as written. */
export const TEENCODE: Record<string, string> = {
  ko: 'không', k: 'không', kh: 'không', hok: 'không', hem: 'không', khum: 'không',
  kg: 'không', kp: 'không phải', dc: 'được', đc: 'được', dk: 'được', đk: 'được', duoc: 'được',
  j: 'gì', ji: 'gì', vs: 'với', ng: 'người', nguoi: 'người', mn: 'mọi người', bt: 'biết',
  bik: 'biết', bit: 'biết', h: 'giờ', r: 'rồi', rùi: 'rồi', ròi: 'rồi', ok: 'ok', oke: 'ok', okie: 'ok',
  tks: 'cảm ơn', thanks: 'cảm ơn', thank: 'cảm ơn', cmon: 'cảm ơn', wa: 'quá', qá: 'quá',
  z: 'vậy', v: 'vậy', zậy: 'vậy', ntn: 'như thế nào', cx: 'cũng', cg: 'cũng', lm: 'làm',
  ch: 'chưa', chx: 'chưa', trc: 'trước', ak: 'à', ah: 'à', ạk: 'ạ', nc: 'nước', sdt: 'số điện thoại',
  bhyt: 'bảo hiểm y tế', bhxh: 'bảo hiểm xã hội', ubnd: 'ủy ban nhân dân', cq: 'chính quyền',
  tp: 'thành phố', gđ: 'gia đình', gd: 'gia đình', hs: 'học sinh', gv: 'giáo viên', ptv: 'phóng viên',
};

const TEENCODE_TABLE = new Map<number, Expansion[]>();
for (const [short, long] of Object.entries(TEENCODE)) {
  TEENCODE_TABLE.set(hashString(short), long.split(' ').map(syllableHashes));
}

// Matched on the syllable as written: folded "cha"/"dung"/"chu" would also catch cha (father),
// đúng (right) and chủ (chủ tịch). "đâu có" is handled as a pair.
const NEGATORS = new Set(
  ['không', 'chẳng', 'chả', 'chưa', 'đừng', 'chớ', 'khong', 'chang', 'chua'].map((w) => hashString(w)),
);
const H_DAU = hashString('dau');
const H_CO = hashString('co');
/** Words that close a negation scope because a new clause starts ("không đẹp nhưng rẻ"). */
const SCOPE_BREAKERS = new Set(['nhung', 'ma', 'tuy', 'song', 'va'].map((w) => hashString(w)));
const H_NUMBER = hashString('0');
const H_KG = hashString('kg');
const ACRONYM_HASHES = new Set([...ACRONYMS_IN_CAPITALS].map((w) => hashString(w)));
/** Words after which "kg" is the kilogram of a price or a weight, not the teencode for "không". */
const BEFORE_KILOGRAM_HASHES = new Set(BEFORE_KILOGRAM.map((w) => hashString(w)));

// ---- the scanner ---------------------------------------------------------------------------

/**
 * Writes the hashed feature ids of `text` into `buffer.ids` and returns how many it wrote.
 * Never throws: empty text gives 0, control chars and lone surrogates are boundaries.
 */
export function extractFeatures(text: string, options: FeatureOptions, buffer: FeatureBuffer): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const ids = buffer.ids;
  const capacity = ids.length - 8;
  const shift = 32 - options.bits;
  const cased = (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text).normalize('NFC');
  const s = cased.toLowerCase();
  // Capitals are read off the text as written; lower-casing keeps offsets for Vietnamese text.
  const casedAligned = cased.length === s.length;
  let shouting: boolean | undefined;
  let n = 0;

  let prevRaw = 0;
  let prevFold = 0;
  let havePrev = false;
  let prevWasDau = false;
  let negLeft = 0;
  // The last word was an amount ("5", "5k", "000đ" of "120.000đ") or a unit or number word, with
  // only spaces or a "/" since: "kg" then reads as the kilogram.
  let afterAmount = false;

  // Emits one syllable (after teencode expansion) and updates bigram / negation state.
  const emit = (raw: number, fld: number): void => {
    if (n >= capacity) return;
    ids[n++] = mix(raw, 0, F_RAW) >>> shift;
    if (options.folded) ids[n++] = mix(fld, 0, F_FOLD) >>> shift;
    if (options.bigrams && havePrev) {
      ids[n++] = mix(prevRaw, raw, F_RAW_BIGRAM) >>> shift;
      if (options.folded) ids[n++] = mix(prevFold, fld, F_FOLD_BIGRAM) >>> shift;
    }
    if (options.negation) {
      if (negLeft > 0) {
        ids[n++] = mix(fld, 0, F_NEGATED) >>> shift;
        negLeft--;
      }
      if (SCOPE_BREAKERS.has(fld)) negLeft = 0;
      if (NEGATORS.has(raw) || (prevWasDau && fld === H_CO)) negLeft = NEGATION_SCOPE;
      prevWasDau = fld === H_DAU;
    }
    prevRaw = raw;
    prevFold = fld;
    havePrev = true;
  };

  const boundary = (): void => {
    havePrev = false;
    negLeft = 0;
    prevWasDau = false;
  };

  let i = 0;
  const len = s.length;
  while (i < len && n < capacity) {
    const c = s.charCodeAt(i);
    if (c < TABLE_SIZE && IS_WORD[c] === 1) {
      // A syllable: hash raw and folded forms in one pass; collapse "quáaaaa" runs (3+ same char).
      let hRaw = FNV_OFFSET;
      let hFold = FNV_OFFSET;
      const startsWithDigit = IS_DIGIT[c] === 1;
      const start = i;
      const before = i > 0 ? s.charCodeAt(i - 1) : 0;
      let allDigits = true;
      let last1 = -1;
      let last2 = -1;
      let count = 0;
      while (i < len) {
        const d = s.charCodeAt(i);
        if (d >= TABLE_SIZE || IS_WORD[d] === 0) break;
        i++;
        if (d === last1 && d === last2) continue;
        last2 = last1;
        last1 = d;
        if (count++ > 40) continue; // a 1 MB "word" still costs one feature
        const f = FOLD[d] as number;
        if (f === 0) continue; // a lone combining mark folded away
        hRaw = Math.imul(hRaw ^ d, FNV_PRIME);
        hFold = Math.imul(hFold ^ f, FNV_PRIME);
        if (IS_DIGIT[d] === 0) allDigits = false;
      }
      hRaw >>>= 0;
      hFold >>>= 0;
      if (allDigits) {
        emit(H_NUMBER, H_NUMBER);
        afterAmount = true;
        continue;
      }
      // A short form tied into a code or a unit by "/" or "-" stays as written ("45/KH-UBND", "đồng/kg").
      const after = i < len ? s.charCodeAt(i) : 0;
      const inCode = isCodeTie(before) || (isCodeTie(after) && i + 1 < len && s.charCodeAt(i + 1) !== 0x20);
      let expansion = inCode || (hRaw === H_KG && afterAmount) ? undefined : TEENCODE_TABLE.get(hRaw);
      // Written in capitals in ordinary text, "BN", "KH", "GD" are acronyms (teencode.ts).
      if (expansion && casedAligned && ACRONYM_HASHES.has(hRaw) && isCapitals(cased, start, i) && !(shouting ??= isShouting(cased))) expansion = undefined;
      if (expansion) {
        for (const e of expansion) emit(e.raw, e.fold);
      } else {
        emit(hRaw, hFold);
      }
      afterAmount = startsWithDigit || BEFORE_KILOGRAM_HASHES.has(hFold);
      continue;
    }
    // ASCII emoticons: ":)", ":))))", "=))", ":(", ":v", ":D", "<3"
    if (c === 0x3a || c === 0x3d || c === 0x3b || c === 0x3c) {
      const next = i + 1 < len ? s.charCodeAt(i + 1) : 0;
      let kind = 0;
      if (c === 0x3c && next === 0x33) kind = 1; // <3
      else if (c !== 0x3c && (next === 0x29 || next === 0x64 || next === 0x70 || next === 0x5d)) kind = 2; // :) :d :p :]
      else if (c !== 0x3c && (next === 0x28 || next === 0x5b)) kind = 3; // :( :[
      else if (c !== 0x3c && next === 0x76) kind = 4; // :v
      if (kind !== 0) {
        if (c === 0x3d && kind === 2) kind = 5; // =)) laughing
        ids[n++] = mix(kind, 0, F_EMOTICON) >>> shift;
        i += 2;
        while (i < len && s.charCodeAt(i) === next) i++;
        continue;
      }
    }
    // Surrogate pairs: emoji are features; anything else outside the table is a boundary.
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    i += width;
    if (isEmojiGlue(cp)) continue;
    if (isEmojiCodePoint(cp)) {
      ids[n++] = mix(cp, 0, F_EMOJI) >>> shift;
      // A run of the same emoji counts once more at most: "😂😂😂😂" ≈ "😂😂".
      let repeats = 0;
      while (i + width <= len && s.codePointAt(i) === cp) {
        i += width;
        if (repeats++ === 0 && n < capacity) ids[n++] = mix(cp, 0, F_EMOJI) >>> shift;
      }
      continue;
    }
    // Spaces keep bigrams going; punctuation and everything else ends a clause.
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) {
      boundary();
      if (c !== 0x2f) afterAmount = false;
    }
  }
  return n;
}

/**
 * The ids a phrase of one or two syllables (lower-case, as syllables() gives them) has among the
 * features of a text: its unigram or bigram, as written and folded. For explaining a prediction;
 * a teencode short form counts as written, not as the word the scanner expands it to.
 */
export function phraseFeatureIds(first: string, second: string | undefined, options: FeatureOptions): number[] {
  const shift = 32 - options.bits;
  const raw1 = hashString(first);
  const fold1 = hashString(foldSyllable(first));
  if (second === undefined) return options.folded ? [mix(raw1, 0, F_RAW) >>> shift, mix(fold1, 0, F_FOLD) >>> shift] : [mix(raw1, 0, F_RAW) >>> shift];
  if (!options.bigrams) return [];
  const raw2 = hashString(second);
  const fold2 = hashString(foldSyllable(second));
  const ids = [mix(raw1, raw2, F_RAW_BIGRAM) >>> shift];
  if (options.folded) ids.push(mix(fold1, fold2, F_FOLD_BIGRAM) >>> shift);
  return ids;
}

const PUNCT_TOKENS = new Set([0x2e, 0x2c, 0x3b, 0x21, 0x3f, 0x2026]);

/**
 * The syllables of a text as the scanner sees them (lower-cased, NFC), with clause punctuation
 * (. , ; ! ? …) as tokens of their own; for lexicon matching. `starts`, when given, receives each
 * token's offset in the NFC, lower-cased text (the same offsets as the input for NFC input).
 */
let lastText: string | undefined;
let lastTokens: string[] = [];

/** Sentiment and toxicity both read the syllables of the same post: the last result is reused,
 *  so callers must not modify the returned array. */
export function syllables(text: string, starts?: number[]): string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  if (!starts && text === lastText) return lastTokens;
  const tokens = scanSyllables(text, starts);
  if (!starts) {
    lastText = text;
    lastTokens = tokens;
  }
  return tokens;
}

let lastFoldedOf: string[] | undefined;
let lastFolded: string[] = [];

/** The syllables of syllables(text) without diacritics, cached the same way (do not modify). */
export function foldedSyllables(tokens: string[]): string[] {
  if (tokens !== lastFoldedOf) {
    lastFolded = tokens.map(foldSyllable);
    lastFoldedOf = tokens;
  }
  return lastFolded;
}

function scanSyllables(text: string, starts?: number[]): string[] {
  const s = (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text).normalize('NFC').toLowerCase();
  const out: string[] = [];
  let i = 0;
  const len = s.length;
  while (i < len) {
    const c = s.charCodeAt(i);
    if (c < TABLE_SIZE && IS_WORD[c] === 1) {
      const start = i;
      while (i < len) {
        const d = s.charCodeAt(i);
        if (d >= TABLE_SIZE || IS_WORD[d] === 0) break;
        i++;
      }
      out.push(s.slice(start, i));
      starts?.push(start);
      continue;
    }
    if (PUNCT_TOKENS.has(c)) {
      out.push(s[i] as string);
      starts?.push(i);
    }
    i++;
  }
  return out;
}

/** Diacritic-free form of one lower-case syllable, via the table (no Unicode normalisation). */
export function foldSyllable(token: string): string {
  let plain = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) return token;
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const f = c < TABLE_SIZE ? (FOLD[c] as number) : c;
    if (f !== 0) out += String.fromCharCode(f);
  }
  return out;
}

/** A set of phrases (syllable sequences) matched against token arrays without building n-grams
 *  for tokens that start no phrase. */
export interface PhraseSet<V> {
  /** Length in tokens of the longest phrase starting at tokens[i], or 0; its value in `value`. */
  match(tokens: string[], i: number): { length: number; value: V } | undefined;
  size: number;
}

type PhraseNode<V> = { value: V | undefined; next: Map<string, PhraseNode<V>> | undefined };

export function createPhraseSet<V>(entries: Iterable<[string, V]>): PhraseSet<V> {
  // A trie over tokens: matching walks it from tokens[i] and builds no strings.
  const root = new Map<string, PhraseNode<V>>();
  let size = 0;
  for (const [phrase, value] of entries) {
    const tokens = syllables(phrase).filter((t) => !PUNCT_TOKENS.has(t.charCodeAt(0)));
    if (tokens.length === 0) continue;
    let level = root;
    let node: PhraseNode<V> | undefined;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k] as string;
      node = level.get(t);
      if (!node) {
        node = { value: undefined, next: undefined };
        level.set(t, node);
      }
      // Leaves get no map: thousands of one- and two-syllable phrases would each hold an empty one.
      if (k + 1 < tokens.length) level = node.next ??= new Map();
    }
    // The first value given for a phrase stays.
    if (node && node.value === undefined) {
      node.value = value;
      size++;
    }
  }
  return {
    size,
    match(tokens, i) {
      let level: Map<string, PhraseNode<V>> | undefined = root;
      let found: { length: number; value: V } | undefined;
      for (let k = i; k < tokens.length && level; k++) {
        const node = level.get(tokens[k] as string);
        if (!node) break;
        if (node.value !== undefined) found = { length: k - i + 1, value: node.value };
        level = node.next;
      }
      return found;
    },
  };
}
