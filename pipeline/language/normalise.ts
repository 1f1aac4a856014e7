// Text normalisation (DESIGN §6 "Normalise").
//
// Two products from one raw text:
// - cleanText: what we store and show. Only repairs (NFC, broken surrogates, invisible and
//   control characters, white space); never changes a word.
// - normaliseForMatching: what rules, classifiers and near-duplicate detection read. Lower-case,
//   one spelling per word, teencode expanded, URLs/mentions/hashtags/emoji moved into features.
//
// Spelling choices for matching (both sides of a match go through this, so any fixed choice works;
// these are the ones most Vietnamese keyboards produce by default):
// - Tone mark placement "hòa, thủy, khỏe" (tone on the first vowel of an open oa/oe/uy; on the
//   last vowel when a final consonant follows: "hoàng", "thuyền"; on the shaped vowel ă â ê ô ơ ư
//   when there is one, the second of ươ: "người"). "qu" and "gi" count as onsets: "quý", "già".
// - i/y: a lone i or y after h, k, l, m, s, t (and after qu) is written y: kĩ→kỹ, lí→lý, mĩ→mỹ,
//   kí→ký, tỉ→tỷ, sĩ→sỹ, quí→quý. Only whole syllables of that shape change.
// - Emoji and emoticons are removed from `text` (replaced by one space) and listed in
//   `features.emoji` (emoji in order of appearance), skin tones and variation selectors dropped, so that
//   "👍🏻" and "👍" count as one; emoticons are listed after the emoji, in a canonical form
//   (":)))" → ":)").
// - Repeated letters: runs of 3+ of one letter (ignoring tone marks: "quááá", "quáaaa") become one;
//   a run of 2 becomes one only in a word that has a Vietnamese-only letter ("đẹpp" → "đẹp"),
//   never for "o" ("xoong", "soóc"), so English "good" and "coffee" keep their spelling.

import { ACRONYMS_IN_CAPITALS, ALWAYS, CONTEXTUAL } from './teencode.ts';
import type { ContextRule } from './teencode.ts';
import { repairGarbledText } from './legacy-encoding.ts';

export interface MatchFeatures {
  urls: string[];
  mentions: string[];
  hashtags: string[];
  emoji: string[];
  /** Words whose repeated letters were squeezed ("quááá"). */
  elongations: number;
  /** Teencode/abbreviation tokens that were expanded. */
  teencodeExpanded: number;
  exclamations: number;
  questionMarks: number;
}

export interface MatchText {
  text: string;
  features: MatchFeatures;
}

// ---------------------------------------------------------------------------------------------
// cleanText

const NEWLINES = /\r\n?|[\u0085\u2028\u2029]/g;
// C0/C1 controls except \t \n, soft hyphen, zero-width and bidi controls, BOM. A zero-width joiner
// is kept only inside an emoji sequence (👨‍💻), where removing it would split the picture.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]+|\u200D(?!\p{Extended_Pictographic})/gu;
// Any run of 2+ white-space characters, or a single unusual space. Single-class runs cannot
// backtrack badly.
const WHITESPACE_RUN = /[ \t\n\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]{2,}|[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

function collapseWhitespace(run: string): string {
  let newlines = 0;
  for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) === 10) newlines++;
  // At most one blank line between paragraphs: 3+ line breaks become 2.
  return newlines === 0 ? ' ' : newlines === 1 ? '\n' : '\n\n';
}

/**
 * Repairs text for storing and display: undoes garbled encodings (UTF-8 read as Latin-1, a legacy
 * Vietnamese font encoding), and otherwise never changes a word.
 */
export function cleanText(text: string): string {
  if (!text) return '';
  let t = text.isWellFormed() ? text : text.toWellFormed();
  t = repairGarbledText(t).text;
  t = t.normalize('NFC');
  if (t.includes('\r') || /[\u0085\u2028\u2029]/.test(t)) t = t.replace(NEWLINES, '\n');
  t = t.replace(INVISIBLE, '');
  t = t.replace(WHITESPACE_RUN, collapseWhitespace);
  return t.trim();
}

// ---------------------------------------------------------------------------------------------
// Vietnamese vowel table: every vowel letter (12 shapes × 6 tones × 2 cases) → shape, tone, case.

const VOWEL_SHAPES = 'aăâeêioôơuưy';
// ă â ê ô ơ ư
const SHAPED_MASK = (1 << 1) | (1 << 2) | (1 << 4) | (1 << 7) | (1 << 8) | (1 << 10);
const SHAPE_I = 5;
const SHAPE_U = 9;
const SHAPE_Y = 11;
const TONE_MARKS = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323']; // none, huyền, sắc, hỏi, ngã, nặng
const FOLD_BASE = 'aaaeeiooouuy';

const TABLE_SIZE = 0x1f00;
/** -1 for a non-vowel; else shape | tone << 4 | upper << 7. */
const VOWEL_INFO = new Int16Array(TABLE_SIZE).fill(-1);
/** COMPOSE[(shape * 6 + tone) * 2 + upper] → the letter. */
const COMPOSE: string[] = [];

for (let shape = 0; shape < VOWEL_SHAPES.length; shape++) {
  for (let tone = 0; tone < TONE_MARKS.length; tone++) {
    for (let upper = 0; upper < 2; upper++) {
      const base = VOWEL_SHAPES[shape] as string;
      const letter = ((upper ? base.toUpperCase() : base) + TONE_MARKS[tone]).normalize('NFC');
      COMPOSE[(shape * 6 + tone) * 2 + upper] = letter;
      VOWEL_INFO[letter.charCodeAt(0)] = shape | (tone << 4) | (upper << 7);
    }
  }
}
const D_STROKE = 0x111;
const D_STROKE_UPPER = 0x110;

function vowelInfo(code: number): number {
  return code < TABLE_SIZE ? (VOWEL_INFO[code] as number) : -1;
}

function compose(shape: number, tone: number, upper: number): string {
  return COMPOSE[(shape * 6 + tone) * 2 + upper] as string;
}

const ONSETS = new Set([
  '', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'p', 'ph',
  'r', 's', 't', 'th', 'tr', 'v', 'x',
]);
const CODAS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);

/** Moves the tone mark of one syllable to its canonical vowel; anything not a syllable is returned as is. */
function placeTone(word: string): string {
  const n = word.length;
  if (n < 2 || n > 8) return word;
  let tone = 0;
  let toneAt = -1;
  let first = -1;
  let last = -1;
  let lastShaped = -1;
  for (let i = 0; i < n; i++) {
    const info = vowelInfo(word.charCodeAt(i));
    if (info < 0) continue;
    if (first < 0) first = i;
    else if (last !== i - 1) return word; // two vowel groups: not one syllable
    last = i;
    if (SHAPED_MASK & (1 << (info & 15))) lastShaped = i;
    const t = (info >> 4) & 7;
    if (t !== 0) {
      if (tone !== 0) return word; // two tone marks: leave it to a human
      tone = t;
      toneAt = i;
    }
  }
  if (tone === 0 || first === last || toneAt === lastShaped) return word; // already canonical
  const onset = word.slice(0, first).toLowerCase();
  let start = first;
  const firstShape = (vowelInfo(word.charCodeAt(first)) & 15);
  if (onset === 'q') {
    if (firstShape !== SHAPE_U) return word;
    start = first + 1;
  } else if (onset === 'g' && firstShape === SHAPE_I) {
    start = first + 1;
  } else if (!ONSETS.has(onset)) {
    return word;
  }
  const coda = word.slice(last + 1).toLowerCase();
  if (!CODAS.has(coda)) return word;
  const vowels = last - start + 1;
  let target = -1;
  if (vowels === 1) target = start;
  else {
    for (let i = start; i <= last; i++) if (SHAPED_MASK & (1 << (vowelInfo(word.charCodeAt(i)) & 15))) target = i;
    if (target < 0) {
      if (coda !== '') target = last;
      else if (vowels === 2) target = start;
      else if (vowels === 3) target = start + 1;
      else return word;
    }
  }
  if (target === toneAt) return word;
  const from = vowelInfo(word.charCodeAt(toneAt));
  const to = vowelInfo(word.charCodeAt(target));
  const chars = word.split('');
  chars[toneAt] = compose(from & 15, 0, (from >> 7) & 1);
  chars[target] = compose(to & 15, tone, (to >> 7) & 1);
  return chars.join('');
}

/** A lone i/y after h k l m s t, or after qu, is written y (kĩ → kỹ, quí → quý). */
function unifyIYWord(word: string): string {
  const n = word.length;
  if (n === 2) {
    const c = word.charCodeAt(0) | 0x20;
    // h k l m s t
    if (c !== 104 && c !== 107 && c !== 108 && c !== 109 && c !== 115 && c !== 116) return word;
    if (word.charCodeAt(0) > 122) return word;
    const info = vowelInfo(word.charCodeAt(1));
    if (info < 0 || (info & 15) !== SHAPE_I) return word;
    return word[0] + compose(SHAPE_Y, (info >> 4) & 7, (info >> 7) & 1);
  }
  if (n === 3 && (word.charCodeAt(0) | 0x20) === 113 && (word.charCodeAt(1) | 0x20) === 117) {
    const info = vowelInfo(word.charCodeAt(2));
    if (info < 0 || (info & 15) !== SHAPE_I) return word;
    return word.slice(0, 2) + compose(SHAPE_Y, (info >> 4) & 7, (info >> 7) & 1);
  }
  return word;
}

const WORD_RUN = /[\p{L}\p{M}]+/gu;

/** Puts every tone mark on the canonical vowel ("hoà" → "hòa", "thuỷ" → "thủy", "khoẻ" → "khỏe"). */
export function unifyToneMarks(text: string): string {
  return text.replace(WORD_RUN, placeTone);
}

/** Writes the interchangeable lone i/y as y ("kĩ thuật" → "kỹ thuật", "lí do" → "lý do"). */
export function unifyIY(text: string): string {
  return text.replace(WORD_RUN, unifyIYWord);
}

// ---------------------------------------------------------------------------------------------
// Character classes for the matching tokeniser: one lookup per BMP code unit.

const IS_WORD = new Uint8Array(0x10000);
{
  const wordChar = /[\p{L}\p{M}\p{N}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (c < 0x80) IS_WORD[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
    else IS_WORD[c] = wordChar.test(String.fromCharCode(c)) ? 1 : 0;
  }
}
const ASTRAL_WORD = /^[\p{L}\p{M}\p{N}]$/u;

/** The letter with its tone removed but its shape kept (for elongation), as a code. */
const TONELESS = new Uint16Array(TABLE_SIZE);
for (let c = 0; c < TABLE_SIZE; c++) {
  const info = VOWEL_INFO[c] as number;
  TONELESS[c] = info < 0 ? c : compose(info & 15, 0, (info >> 7) & 1).charCodeAt(0);
}
function toneless(code: number): number {
  return code < TABLE_SIZE ? (TONELESS[code] as number) : code;
}

function isVietnameseOnly(code: number): boolean {
  if (code === D_STROKE || code === D_STROKE_UPPER) return true;
  const info = vowelInfo(code);
  return info >= 0 && ((SHAPED_MASK & (1 << (info & 15))) !== 0 || ((info >> 4) & 7) !== 0);
}

function isLetterCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 0xc0 && IS_WORD[code] === 1);
}

/** Squeezes elongated letters ("quááá" → "quá", "đẹpp" → "đẹp"); returns the word unchanged when none. */
function squeeze(word: string): string {
  const n = word.length;
  let hasRun = false;
  let vietnamese = false;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0xc0 && !vietnamese && isVietnameseOnly(code)) vietnamese = true;
    const base = toneless(code);
    if (base === prev && isLetterCode(code)) hasRun = true;
    prev = base;
  }
  if (!hasRun) return word;
  let out = '';
  let i = 0;
  while (i < n) {
    const code = word.charCodeAt(i);
    const base = toneless(code);
    let j = i + 1;
    while (j < n && toneless(word.charCodeAt(j)) === base) j++;
    const run = j - i;
    if (run === 1 || !isLetterCode(code)) {
      out += word.slice(i, j);
    } else {
      // Keep the marked letter of the run when there is one ("quáaa" → "quá").
      let keep = i;
      for (let k = i; k < j; k++) if (word.charCodeAt(k) !== base) keep = k;
      const isO = base === 111 || base === 79;
      if (run >= 3 || (run === 2 && vietnamese && !isO)) out += word[keep];
      else out += word.slice(i, j);
    }
    i = j;
  }
  return out;
}

/** Diacritic fold for context look-ups (đ → d, every vowel to its plain letter). */
function foldWord(word: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 0x80) continue;
    changed = true;
    break;
  }
  if (!changed) return word;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === D_STROKE) out += 'd';
    else {
      const info = vowelInfo(code);
      out += info >= 0 ? FOLD_BASE[info & 15] : word[i];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Things taken out of the text before the words are read.

// Host parts are length-bounded so a long "a.a.a.a…" cannot make the engine backtrack quadratically.
// Bare domains only with TLDs that are not also Vietnamese syllables typed after a missing space
// ("đi làm.me nói" is not a URL).
const SCHEME_URL = /https?:\/\/[^\s<>"'`]+|www\.[^\s<>"'`]+/gi;
const MAY_HAVE_SCHEME_URL = /https?:\/\/|www\./i;
const BARE_URL =
  /(?<![\p{L}\p{N}._-])[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:com|net|org|vn|gov|edu|info|io|biz|xyz|online|site|shop)(?![\p{L}\p{N}])(?:\/[^\s<>"'`]*)?/giu;
const MAY_HAVE_BARE_URL = /\.(?:com|net|org|vn|gov|edu|info|io|biz|xyz|online|site|shop)\b/i;
// The domain of an e-mail address, read right after its '@' (the local part is scanned by hand:
// a regex starting with a character class would be tried at every position of the post).
const EMAIL_DOMAIN = /[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}/iy;
const MENTION = /(?<![\p{L}\p{N}_.@])@([\p{L}\p{M}\p{N}_.]{1,64})/gu;
const HASHTAG = /(?<![\p{L}\p{N}_&])#([\p{L}\p{M}\p{N}_]{1,100})/gu;
// One emoji with its modifiers, ZWJ sequence (👨‍👩‍👧), flag pair or keycap; stray modifiers too.
// Hand-written rather than \p{RGI_Emoji}, which is ~50× slower in V8. Each repeated group starts
// with a character no other part can take, so matching stays linear.
const EMOJI =
  /\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F\u{E0020}-\u{E007F}]*(?:\u200D\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F]*)*|\p{Regional_Indicator}{1,2}|[#*0-9]\uFE0F?\u20E3|[\u{1F3FB}-\u{1F3FF}\uFE0F\u20E3]/gu;
const EMOJI_AT = new RegExp(EMOJI.source, 'uy');
const MAY_HAVE_EMOJI = /[\u00a9\u00ae\u203c-\u3299\ufe0f\ud83c-\ud83e\udb40]/;
const MAY_HAVE_INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

function mayStartEmoji(code: number): boolean {
  return code === 0xa9 || code === 0xae || (code >= 0x203c && code <= 0x3299) || (code >= 0xd83c && code <= 0xd83e) || code === 0xfe0f || code === 0xdb40;
}

/** Where a matched URL really ends: sentence punctuation after it belongs to the text. */
function urlEnd(m: string): number {
  let end = m.length;
  // A loop, not /[.,…]+$/: that regex is quadratic on a long run of dots inside a URL.
  while (end > 0 && '.,;:!?)]}\'"'.includes(m[end - 1] as string)) end--;
  return end;
}

function isEmailLocalChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

/** Takes e-mail addresses out of the text into `found` as mailto: URLs. */
function extractEmails(t: string, found: string[]): string {
  let out = '';
  let from = 0;
  for (let at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
    let left = at;
    while (left > from && at - left < 64 && isEmailLocalChar(t.charCodeAt(left - 1))) left--;
    if (left === at) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const m = EMAIL_DOMAIN.exec(t);
    if (!m) continue;
    const end = at + 1 + m[0].length;
    found.push('mailto:' + t.slice(left, end).toLowerCase());
    out += t.slice(from, left) + ' ';
    from = end;
    at = end - 1;
  }
  return from === 0 ? t : out + t.slice(from);
}

/** Takes emoji out of the text (one space each) into `found`; scans by hand and runs the regex only where one can start. */
function extractEmoji(t: string, found: string[]): string {
  const first = t.search(MAY_HAVE_EMOJI);
  if (first < 0) return t;
  let out = '';
  let from = 0;
  for (let i = first; i < t.length; i++) {
    if (!mayStartEmoji(t.charCodeAt(i))) continue;
    EMOJI_AT.lastIndex = i;
    const m = EMOJI_AT.exec(t);
    if (!m) continue;
    const e = m[0].replace(EMOJI_DECORATION, '');
    if (e && e !== '\u20E3') found.push(e);
    out += t.slice(from, i) + ' ';
    i += m[0].length - 1;
    from = i + 1;
  }
  return from === 0 ? t : out + t.slice(from);
}
const EMOJI_DECORATION = /[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu;
// Emoticons stand alone between spaces/punctuation: ":)))", "=))", ":((", ":v", "<3", "^^", "T_T".
const EMOTICON =
  /(?<!\S)(?:[:;=][-']?[()[\]dDpPvV3oO|\\/*]{1,10}|<3{1,5}|\^[_.-]?\^{1,5}|[tT][_.][tT]|-[_.]-|[xX][dD]{1,5})(?![^\s.,!?])/gu;
const MAY_HAVE_EMOTICON = /[:;=<^_]/;

function canonicalEmoticon(e: string): string {
  const s = e.replace(/^([:;=])[-']/, '$1');
  const c0 = s[0] as string;
  if (c0 === ':' || c0 === ';' || c0 === '=') {
    const mouth = s[1] as string;
    return c0 + (mouth === 'd' || mouth === 'p' ? mouth.toUpperCase() : mouth === 'V' || mouth === 'O' ? mouth.toLowerCase() : mouth);
  }
  if (c0 === '<') return '<3';
  if (c0 === '^') return '^^';
  if (c0 === 'x' || c0 === 'X') return 'xD';
  if (c0 === 't' || c0 === 'T') return 'T_T';
  return '-_-';
}

// ---------------------------------------------------------------------------------------------
// Teencode with context

interface CompiledRule {
  expand: string;
  prev: Set<string> | null;
  next: Set<string> | null;
  afterNumber: boolean;
  afterAmount: boolean;
  atClauseEnd: boolean;
  atQuestionEnd: boolean;
  afterWord: boolean;
}

function compileRule(r: ContextRule): CompiledRule {
  return {
    expand: r.expand,
    prev: r.prev ? new Set(r.prev) : null,
    next: r.next ? new Set(r.next) : null,
    afterNumber: r.afterNumber ?? false,
    afterAmount: r.afterAmount ?? false,
    atClauseEnd: r.atClauseEnd ?? false,
    atQuestionEnd: r.atQuestionEnd ?? false,
    afterWord: r.afterWord ?? false,
  };
}

interface TeencodeEntry {
  always?: string;
  rules?: CompiledRule[];
}
const TEENCODE = new Map<string, TeencodeEntry>();
for (const [k, v] of Object.entries(ALWAYS)) TEENCODE.set(k, { always: v });
for (const [k, rules] of Object.entries(CONTEXTUAL)) TEENCODE.set(k, { rules: rules.map(compileRule) });
const MAX_KEY_LENGTH = Math.max(...[...TEENCODE.keys()].map((k) => k.length));
// A 64K-bit signature set of the keys (first, second, last letter, length) spares the Map look-up
// for almost every ordinary word.
function keySignature(word: string): number {
  const n = word.length;
  return (Math.imul(word.charCodeAt(0), 961) + Math.imul(word.charCodeAt(n - 1), 31) + (n > 1 ? word.charCodeAt(1) * 7 : 0) + n) & 0xffff;
}
const KEY_SIGNATURES = new Uint8Array(0x10000);
for (const k of TEENCODE.keys()) KEY_SIGNATURES[keySignature(k)] = 1;
const NUMBER_UNIT = /^(\d{1,12})(k|tr)(\d{0,3})$/;
const ALL_DIGITS = /^\d+$/;

/** What the context rules may look at around one ambiguous token. */
interface Context {
  /** Previous word folded, and the last word of its expansion folded ('' when none). */
  prev: string;
  prevExpanded: string;
  prevIsNumber: boolean;
  /** The previous word starts with a digit ("5", "5k", "000đ"). */
  prevIsAmount: boolean;
  next: string;
  nextExpanded: string;
  clauseEnd: boolean;
  questionEnd: boolean;
}

// Folded first and last words of each fixed expansion ("ko" → "khong"), for the neighbour sets.
const EXPANSION_FIRST = new Map<string, string>();
const EXPANSION_LAST = new Map<string, string>();
for (const [k, v] of Object.entries(ALWAYS)) {
  const parts = v.split(' ');
  EXPANSION_FIRST.set(k, foldWord(parts[0] as string));
  EXPANSION_LAST.set(k, foldWord(parts[parts.length - 1] as string));
}

function inSet(set: Set<string>, a: string, b: string): boolean {
  return (a !== '' && set.has(a)) || (b !== '' && set.has(b));
}

function ruleApplies(rule: CompiledRule, c: Context): boolean {
  if (rule.atQuestionEnd && !c.questionEnd) return false;
  if (rule.atClauseEnd && !c.clauseEnd) return false;
  if (rule.afterNumber && !c.prevIsNumber) return false;
  if (rule.afterAmount && !c.prevIsAmount) return false;
  if (rule.afterWord && (c.prev === '' || c.prevIsNumber)) return false;
  if (rule.prev && !inSet(rule.prev, c.prev, c.prevExpanded)) return false;
  if (rule.next && !inSet(rule.next, c.next, c.nextExpanded)) return false;
  return true;
}

/** Two or more letters, all capitals. */
export function isCapitals(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  for (let i = start; i < end; i++) {
    const ch = text[i] as string;
    if (ch === ch.toLowerCase()) return false;
  }
  return true;
}

/** Shouted: most words of two or more letters (and at least three) are all capitals. */
export function isShouting(text: string): boolean {
  let words = 0;
  let capitals = 0;
  for (const m of text.matchAll(LETTER_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end - start < 2) continue;
    words++;
    if (isCapitals(text, start, end)) capitals++;
  }
  return capitals >= 3 && capitals * 2 > words;
}
const LETTER_RUN = /[\p{L}\p{M}]+/gu;

/** "/", "-" and "&" tie a short form into a code or a unit: "45/KH-UBND", "KH&ĐT", "đồng/kg". */
export function isCodeTie(c: number): boolean {
  return c === 0x2f || c === 0x2d || c === 0x26;
}

/** The gaps around a word tie it into a code or a unit: a tie with no space on its side. */
function isPartOfCode(before: string, after: string): boolean {
  return isCodeTie(before.charCodeAt(before.length - 1)) ||
    (isCodeTie(after.charCodeAt(0)) && (after.length === 1 || after.charCodeAt(1) !== 0x20));
}

const SENTENCE_BREAK = /[.?!;\n…]/;
const CLAUSE_END = /[.?!,;:\n…]/;

// ---------------------------------------------------------------------------------------------
// normaliseForMatching

function normaliseGap(gap: string, features: MatchFeatures): string {
  if (gap === ' ') return gap;
  let out = '';
  let last = -1;
  let space = false;
  for (let i = 0; i < gap.length; i++) {
    const code = gap.charCodeAt(i);
    if (code === 33 || code === 0xff01) features.exclamations++;
    else if (code === 63 || code === 0xff1f) features.questionMarks++;
    if (code <= 32 || code === 0xa0 || code === 0xfffd || (code >= 0x2000 && code <= 0x200a) || code === 0x3000 || code === 0x202f) {
      space = true;
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
      last = -1;
    }
    if (code === last) continue; // "!!!" → "!"
    out += gap[i];
    last = code;
  }
  if (space) out += ' ';
  return out;
}

/** Moves URLs, e-mail addresses, mentions, hashtags, emoji and emoticons from the text into features. */
function extractFeatures(text: string, features: MatchFeatures): string {
  let t = text;
  const takeUrl = (m: string): string => {
    const end = urlEnd(m);
    features.urls.push(m.slice(0, end));
    return ' ' + m.slice(end);
  };
  if (t.includes('@')) t = extractEmails(t, features.urls);
  if (MAY_HAVE_SCHEME_URL.test(t)) t = t.replace(SCHEME_URL, takeUrl);
  if (MAY_HAVE_BARE_URL.test(t)) t = t.replace(BARE_URL, takeUrl);
  if (t.includes('@')) {
    t = t.replace(MENTION, (_m, name: string) => {
      features.mentions.push(name.replace(/\.+$/, '').toLowerCase());
      return ' ';
    });
  }
  if (t.includes('#')) {
    t = t.replace(HASHTAG, (m, tag: string) => {
      if (ALL_DIGITS.test(tag)) return m; // "#1" is a rank, not a hashtag
      features.hashtags.push(tag.toLowerCase());
      return ' ';
    });
  }
  t = extractEmoji(t, features.emoji);
  if (MAY_HAVE_EMOTICON.test(t)) {
    t = t.replace(EMOTICON, (m) => {
      features.emoji.push(canonicalEmoticon(m));
      return ' ';
    });
  }
  return t;
}

// Word boundaries of the text being normalised; reused between calls to spare the allocator.
let bounds = new Int32Array(1024);

/** Fills `bounds` with start/end pairs of every word; returns the number of words. */
function findWords(t: string): number {
  const n = t.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    const code = t.charCodeAt(i);
    let width = 1;
    let isWord: boolean;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      width = 2;
      isWord = ASTRAL_WORD.test(t.slice(i, i + 2));
    } else isWord = IS_WORD[code] === 1;
    if (!isWord) {
      i += width;
      continue;
    }
    const start = i;
    i += width;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (IS_WORD[c] === 1) i++;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && ASTRAL_WORD.test(t.slice(i, i + 2))) i += 2;
      else break;
    }
    if (2 * count + 2 > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
    }
    bounds[2 * count] = start;
    bounds[2 * count + 1] = i;
    count++;
  }
  return count;
}

function expandNumberUnit(word: string): string | undefined {
  const m = NUMBER_UNIT.exec(word);
  if (!m) return undefined;
  return m[1] + (m[2] === 'k' ? ' nghìn' : ' triệu') + (m[3] ? ' ' + m[3] : '');
}


/** Lower-cased, one-spelling text for matching, with URLs, mentions, hashtags and emoji as features. */
export function normaliseForMatching(text: string): MatchText {
  const features: MatchFeatures = {
    urls: [],
    mentions: [],
    hashtags: [],
    emoji: [],
    elongations: 0,
    teencodeExpanded: 0,
    exclamations: 0,
    questionMarks: 0,
  };
  if (!text) return { text: '', features };
  let t = text.isWellFormed() ? text : text.toWellFormed();
  t = extractFeatures(t.normalize('NFC'), features);
  if (MAY_HAVE_INVISIBLE.test(t)) t = t.replace(INVISIBLE, '');
  const cased = t;
  t = t.toLowerCase();
  // Capitals are read off the text as written; lower-casing keeps offsets for Vietnamese text.
  const casedAligned = cased.length === t.length;
  let shouting: boolean | undefined;

  const count = findWords(t);
  const written: string[] = new Array<string>(count);
  const words: string[] = new Array<string>(count);
  // Spelling first (squeeze, tone placement, i/y), so teencode keys and context see one form.
  for (let w = 0; w < count; w++) {
    const word = t.slice(bounds[2 * w], bounds[2 * w + 1]);
    written[w] = word;
    let s = squeeze(word);
    if (s !== word) features.elongations++;
    s = unifyIYWord(placeTone(s));
    words[w] = s;
  }
  const gapAt = (w: number): string =>
    t.slice(w === 0 ? 0 : (bounds[2 * w - 1] as number), w === count ? t.length : (bounds[2 * w] as number));

  // The output is copied from `t` in slices and only rebuilt around what changed: most words and
  // gaps of a post come through as they are.
  let out = '';
  let copiedTo = 0;
  const replace = (from: number, to: number, by: string): void => {
    out += t.slice(copiedTo, from) + by;
    copiedTo = to;
  };
  for (let w = 0; w <= count; w++) {
    const s0 = w === 0 ? 0 : (bounds[2 * w - 1] as number);
    const s1 = w === count ? t.length : (bounds[2 * w] as number);
    // The common gap, one plain space, needs no work.
    if (!(s1 - s0 === 1 && t.charCodeAt(s0) === 32) && s1 > s0) {
      const gap = t.slice(s0, s1);
      const clean = normaliseGap(gap, features);
      if (clean !== gap) replace(s0, s1, clean);
    }
    if (w === count) break;
    const word = words[w] as string;
    let expanded: string | undefined;
    let entry = word.length <= MAX_KEY_LENGTH && KEY_SIGNATURES[keySignature(word)] === 1 ? TEENCODE.get(word) : undefined;
    // A short form tied into a code by "/" or "-" is part of the code: "45/KH-UBND", "AK-47".
    if (entry !== undefined && isPartOfCode(gapAt(w), gapAt(w + 1))) entry = undefined;
    // Written in capitals in ordinary text, it is an acronym: "BN" (bệnh nhân), "KH" (kế hoạch).
    if (entry !== undefined && casedAligned && ACRONYMS_IN_CAPITALS.has(word) &&
      isCapitals(cased, bounds[2 * w] as number, bounds[2 * w + 1] as number) && !(shouting ??= isShouting(cased))) entry = undefined;
    if (entry?.always !== undefined) expanded = entry.always;
    else if (entry?.rules) {
      const gapAfter = gapAt(w + 1);
      // A neighbour across a sentence break does not count.
      const prevWord = w > 0 && !SENTENCE_BREAK.test(gapAt(w)) ? (words[w - 1] as string) : '';
      const nextWord = w + 1 < count && !SENTENCE_BREAK.test(gapAfter) ? (words[w + 1] as string) : '';
      const context: Context = {
        prev: foldWord(prevWord),
        prevExpanded: EXPANSION_LAST.get(prevWord) ?? '',
        prevIsNumber: prevWord !== '' && ALL_DIGITS.test(prevWord),
        prevIsAmount: prevWord !== '' && prevWord.charCodeAt(0) >= 48 && prevWord.charCodeAt(0) <= 57,
        next: foldWord(nextWord),
        nextExpanded: EXPANSION_FIRST.get(nextWord) ?? '',
        clauseEnd: w === count - 1 || CLAUSE_END.test(gapAfter),
        questionEnd: gapAfter.includes('?'),
      };
      for (const rule of entry.rules) {
        if (ruleApplies(rule, context)) {
          expanded = rule.expand;
          break;
        }
      }
    } else if (word.charCodeAt(0) <= 57) {
      expanded = expandNumberUnit(word);
    } else if (word.length >= 3 && word.charCodeAt(word.length - 1) === word.charCodeAt(word.length - 2)) {
      // An ASCII-elongated teencode word ("koo", "dcc"): only when the short form is known.
      expanded = TEENCODE.get(word.slice(0, -1))?.always;
      if (expanded !== undefined) features.elongations++;
    }
    if (expanded !== undefined && expanded !== word) features.teencodeExpanded++;
    const final = expanded ?? word;
    if (final !== written[w]) replace(s1, bounds[2 * w + 1] as number, final);
  }
  out += t.slice(copiedTo);
  return { text: out.trim(), features };
}
