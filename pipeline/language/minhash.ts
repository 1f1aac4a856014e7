// MinHash sketches of a text (DESIGN §6 "Group"), so that reposts, syndicated copies and other
// texts about the same event can be found without comparing every pair.
//
// One signature holds two sketches over folded syllables (case, punctuation and diacritics
// ignored, so "boi thuong" reposts of "bồi thường" match):
//   - the copy sketch: 3-syllable shingles of the body — high only for near-identical texts;
//   - the story sketch: the set of content syllables (function syllables dropped) of the title
//     and the lead — two different write-ups of one event share many of these.
// Band keys (LSH) come from the story sketch only: a copy shares its story sketch too, so one
// set of keys finds both, and the store keeps half as many rows.
import { fold } from './fold.ts';

/** Values per sketch; the signature is the copy sketch followed by the story sketch. */
export const SKETCH_SIZE = 64;
/** Where the signature keeps the size of the story set (after the two sketches). */
const STORY_SIZE_AT = 2 * SKETCH_SIZE;
export const SIGNATURE_LENGTH = 2 * SKETCH_SIZE + 1;
/** Syllables per shingle of the copy sketch. */
export const SHINGLE_SYLLABLES = 3;
/** Below this many syllables a text gets no signature: too little to tell a copy from chance. */
export const MIN_SYLLABLES = 8;
/** Rows per LSH band: two rows find pairs from a story Jaccard of about 0.2 (P ≈ 0.7) upwards. */
export const BAND_ROWS = 2;
export const BAND_COUNT = SKETCH_SIZE / BAND_ROWS;
/** The story sketch reads the title and this many syllables of the text: the lead tells the event. */
export const STORY_LEAD_SYLLABLES = 80;
/** The copy sketch reads this much of the body (as the analysis does): bounded time on 1 MB. */
export const MAX_SKETCHED_CHARS = 20_000;

/** A sketch position no element reached (empty set). */
const EMPTY = 0xffffffff;

export type MinHash = {
  /** SIGNATURE_LENGTH unsigned 32-bit values: copy sketch, then story sketch. */
  signature: Uint32Array;
  /** LSH band keys such as "s3:1a2b3c4d" (band 3 of the story sketch). */
  bands: string[];
};

// Function syllables (folded) that say nothing about which event a text is about. Written for
// this project; folding merges a few content syllables in (tới/tôi), which is acceptable here.
const FUNCTION_SYLLABLES = `
a ai anh ay ba bai ben bi biet boi ca cac cang cho chi chiec chu chua chung co con cu cua cung da dang
day de den deu di do du duoc dc e em gan gi gio ha hai hay het hoac hon hom k ko khac khi khong kia la
lai lam len luc luon ma mai minh mn moi mot muon nam nao nay ne neu nen nghe ngay nguoi nhe nhieu nhu
nhung nha nhat noi nua o oi ong qua r ra rang rat roi sang sao se sau ta tai tat thay the them theo thi
thoi toi tren trong truoc tu tung va vai van vao vay ve vi viec voi vua xa xong xuong dan tinh phuong
huyen duoi ngoai giua u uh j vs phai can hien so su cach tiep ke thi
`.split(/\s+/).filter(Boolean);

// --- hashing -----------------------------------------------------------------------------------

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a of a string's UTF-16 units, finished with a mix. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

const FUNCTION_HASHES = new Set(FUNCTION_SYLLABLES.map(hashString));
const ONE_DIGIT = new Set('0123456789'.split('').map(hashString));

// One xor and one odd multiplier per sketch position: applied to an already mixed 32-bit hash,
// they act as independent permutations for min-wise purposes (checked in minhash.test.ts).
function permutationConstants(seed: number): { xor: Uint32Array; mul: Uint32Array } {
  const xor = new Uint32Array(SKETCH_SIZE);
  const mul = new Uint32Array(SKETCH_SIZE);
  let s = seed;
  const next = () => (s = fmix32((s + 0x9e3779b9) >>> 0));
  for (let i = 0; i < SKETCH_SIZE; i++) {
    xor[i] = next();
    mul[i] = (next() | 1) >>> 0;
  }
  return { xor, mul };
}

const COPY_PERMUTATIONS = permutationConstants(0x5eed0001);
const STORY_PERMUTATIONS = permutationConstants(0x5eed0002);

// --- syllables ---------------------------------------------------------------------------------

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  // General punctuation, quotes, dashes and surrogates (emoji) split syllables.
  if ((code >= 0x2000 && code <= 0x2bff) || (code >= 0xd800 && code <= 0xdfff)) return false;
  return LETTER_OR_DIGIT.test(text[i] as string);
}

/** Marks of a syllable as written, for the story's anchors (see anchorsOf). */
const MARK_TITLE = 1; // a capital, then small letters ("Tân"; not "UBND")
const MARK_DIGIT = 2; // holds a digit ("27", "QL14")
const MARK_OPENS = 4; // opens a sentence (or the text)
const MARK_JOINED = 8; // nothing but spaces between it and the syllable before

// Case of a character as written, by table up to the end of the Vietnamese letters: 1 capital, 2 small.
const CASE_TABLE_END = 0x1f00;
const CASE = new Uint8Array(CASE_TABLE_END);
for (let c = 0; c < CASE_TABLE_END; c++) {
  const ch = String.fromCharCode(c);
  CASE[c] = ch !== ch.toLowerCase() ? 1 : ch !== ch.toUpperCase() ? 2 : 0;
}

/**
 * Hashes of the folded syllables of a text, in order, at most `max`. Works on the folded
 * text directly (no string per syllable): this is the hot loop. Given the text as written
 * (`original`), also marks each syllable for anchorsOf, or clears its marks when `original` is
 * not as long as `folded`.
 */
function syllableHashes(folded: string, max: number, original?: string, marks?: Uint8Array): Uint32Array {
  const out = new Uint32Array(Math.min(max, (folded.length >>> 1) + 1));
  const marking = original !== undefined && marks !== undefined && original.length === folded.length;
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  let mark = MARK_OPENS | MARK_JOINED;
  let capitalFirst = false;
  let capitalsAfter = 0;
  let smalls = 0;
  for (let i = 0; i < folded.length && n < out.length; i++) {
    const c = folded.charCodeAt(i);
    if (isWordChar(c, folded, i)) {
      h = Math.imul(h ^ c, 0x01000193);
      if (marking && n < marks.length) {
        if (c >= 48 && c <= 57) mark |= MARK_DIGIT;
        const o = original.charCodeAt(i);
        const k = o < CASE_TABLE_END ? (CASE[o] as number) : 0;
        if (!inWord) capitalFirst = k === 1;
        else if (k === 2) smalls++;
        else if (k === 1) capitalsAfter++;
      }
      inWord = true;
    } else {
      if (inWord) {
        if (marking && n < marks.length) marks[n] = mark | (capitalFirst && capitalsAfter === 0 && smalls > 0 ? MARK_TITLE : 0);
        out[n++] = fmix32(h);
        h = 0x811c9dc5;
        inWord = false;
        mark = MARK_JOINED;
        smalls = 0;
        capitalsAfter = 0;
      }
      if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a || c === 0x3a || c === 0x2026) mark |= MARK_OPENS;
      if (c !== 0x20 && c !== 0x09) mark &= ~MARK_JOINED;
    }
  }
  if (inWord && n < out.length) {
    if (marking && n < marks.length) marks[n] = mark | (capitalFirst && capitalsAfter === 0 && smalls > 0 ? MARK_TITLE : 0);
    out[n++] = fmix32(h);
  }
  // Folding changed the length (decomposed marks, say): positions do not line up, so no marks.
  if (marks !== undefined && !marking) marks.fill(0, 0, Math.min(n, marks.length));
  return out.subarray(0, n);
}

// Marks of the lead's and the title's syllables: every syllable read is marked first, so they are reused.
const leadMarks = new Uint8Array(STORY_LEAD_SYLLABLES);
const titleMarks = new Uint8Array(400);

/** Story-set elements per anchor (a number or a name): 2 and 3 did equally well on stories-tune.jsonl. */
const ANCHOR_WEIGHT = 2;

/**
 * What names one event rather than a topic, among marked syllables: numbers of two or more
 * characters ("27 trẻ", "185.000 đồng", "QL14") and names (runs of title-case syllables, "Tân Lợi";
 * one alone only when it does not open a sentence; acronyms such as UBND name no event), each as
 * ANCHOR_WEIGHT salted elements, so that in the story set one weighs as much as that many content
 * syllables. A repost in capitals or without them has the names' syllables but not these anchors:
 * its copy sketch is the same, and its story sketch shares most band keys.
 */
function anchorsOf(hashes: Uint32Array, marks: Uint8Array, into: number[]): void {
  const add = (h: number): void => {
    for (let k = 1; k <= ANCHOR_WEIGHT; k++) into.push(fmix32((h ^ Math.imul(k, 0x27d4eb2f)) >>> 0));
  };
  const n = Math.min(hashes.length, marks.length);
  let run = 0;
  let runHash = 0;
  let runOpens = false;
  const flush = (): void => {
    if (run >= 2 || (run === 1 && !runOpens)) add(runHash);
    run = 0;
  };
  for (let i = 0; i < n; i++) {
    const m = marks[i] as number;
    const h = hashes[i] as number;
    if (run > 0 && (m & MARK_JOINED) === 0) flush();
    if (m & MARK_DIGIT) {
      flush();
      // A one-digit number ("3 người") says little: most texts hold some.
      if (!ONE_DIGIT.has(h)) add((h ^ 0x5bd1e995) >>> 0);
    } else if (m & MARK_TITLE) {
      if (run === 0) {
        runOpens = (m & MARK_OPENS) !== 0;
        runHash = h;
      } else runHash = fmix32((Math.imul(runHash, 0x9e3779b1) ^ h) >>> 0);
      run++;
    } else flush();
  }
  flush();
}

// --- sketches ----------------------------------------------------------------------------------

function sketchInto(
  elements: Uint32Array, count: number, perm: { xor: Uint32Array; mul: Uint32Array },
  out: Uint32Array, offset: number,
): void {
  // Signed minima over int32 views are as good an order as unsigned ones, and cheaper in JS.
  // Four positions at a time over all elements keep their minima and constants in registers.
  const { xor, mul } = perm;
  for (let i = 0; i < SKETCH_SIZE; i += 4) {
    const x0 = xor[i] as number, x1 = xor[i + 1] as number, x2 = xor[i + 2] as number, x3 = xor[i + 3] as number;
    const m0 = mul[i] as number, m1 = mul[i + 1] as number, m2 = mul[i + 2] as number, m3 = mul[i + 3] as number;
    let min0 = 0x7fffffff, min1 = 0x7fffffff, min2 = 0x7fffffff, min3 = 0x7fffffff;
    for (let j = 0; j < count; j++) {
      const e = elements[j] as number;
      let v0 = Math.imul(e ^ x0, m0);
      let v1 = Math.imul(e ^ x1, m1);
      let v2 = Math.imul(e ^ x2, m2);
      let v3 = Math.imul(e ^ x3, m3);
      v0 ^= v0 >>> 15;
      v1 ^= v1 >>> 15;
      v2 ^= v2 >>> 15;
      v3 ^= v3 >>> 15;
      if (v0 < min0) min0 = v0;
      if (v1 < min1) min1 = v1;
      if (v2 < min2) min2 = v2;
      if (v3 < min3) min3 = v3;
    }
    // Keep EMPTY (all ones) for "no element"; a real minimum can never map to it after the flip.
    out[offset + i] = count === 0 ? EMPTY : ((min0 ^ 0x80000000) & 0xfffffffe) >>> 0;
    out[offset + i + 1] = count === 0 ? EMPTY : ((min1 ^ 0x80000000) & 0xfffffffe) >>> 0;
    out[offset + i + 2] = count === 0 ? EMPTY : ((min2 ^ 0x80000000) & 0xfffffffe) >>> 0;
    out[offset + i + 3] = count === 0 ? EMPTY : ((min3 ^ 0x80000000) & 0xfffffffe) >>> 0;
  }
}

function shingles(syllables: Uint32Array): { elements: Uint32Array; count: number } {
  const count = Math.max(0, syllables.length - SHINGLE_SYLLABLES + 1);
  const elements = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const a = syllables[i] as number;
    const b = syllables[i + 1] as number;
    const c = syllables[i + 2] as number;
    elements[i] = fmix32((Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ c) >>> 0);
  }
  return { elements, count };
}

// Seen-sets for storyElements: a slot holds a hash while its stamp is the current call's.
const SEEN_SLOTS = 2048; // a power of two, over twice the most elements (title 400 + lead 80)
const seenHash = new Uint32Array(SEEN_SLOTS);
const seenStamp = new Uint32Array(SEEN_SLOTS);
let stamp = 0;

/** Adds h to the current seen-set; false when it was there already. */
function firstSight(h: number): boolean {
  let slot = h & (SEEN_SLOTS - 1);
  while (seenStamp[slot] === stamp) {
    if (seenHash[slot] === h) return false;
    slot = (slot + 1) & (SEEN_SLOTS - 1);
  }
  seenStamp[slot] = stamp;
  seenHash[slot] = h;
  return true;
}

function newSeenSet(): void {
  if (++stamp === 0xffffffff) {
    seenStamp.fill(0);
    stamp = 1;
  }
}

function storyElements(titleSyllables: Uint32Array, leadSyllables: Uint32Array, anchors: number[]): { elements: Uint32Array; count: number } {
  const all = new Uint32Array(titleSyllables.length + leadSyllables.length + anchors.length);
  all.set(titleSyllables, 0);
  all.set(leadSyllables, titleSyllables.length);
  all.set(anchors, titleSyllables.length + leadSyllables.length);
  const content = new Uint32Array(all.length);
  let count = 0;
  newSeenSet();
  for (const h of all) {
    if (FUNCTION_HASHES.has(h) || !firstSight(h)) continue;
    content[count++] = h;
  }
  // A text made of function syllables only still needs a story set to be found by its copies.
  if (count < 4) {
    count = 0;
    newSeenSet();
    for (const h of all) if (firstSight(h)) content[count++] = h;
  }
  return { elements: content, count };
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// Number#toString(16) with padding is a sixth of the whole sketch time; a table is not.
function hex8(n: number): string {
  return (HEX_BYTE[n >>> 24] as string) + (HEX_BYTE[(n >>> 16) & 255] as string)
    + (HEX_BYTE[(n >>> 8) & 255] as string) + (HEX_BYTE[n & 255] as string);
}

/** LSH band keys of a signature's story sketch. */
export function bandKeys(signature: ArrayLike<number>): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BAND_COUNT; b++) {
    let h = 0x2545f491 ^ b;
    let empty = true;
    for (let r = 0; r < BAND_ROWS; r++) {
      const v = signature[SKETCH_SIZE + b * BAND_ROWS + r] as number;
      if (v !== EMPTY) empty = false;
      h = fmix32((Math.imul(h, 0x9e3779b1) ^ v) >>> 0);
    }
    if (!empty) keys.push(`s${b}:${hex8(h)}`);
  }
  return keys;
}

/**
 * The signature and band keys of a text, or null when the text has fewer than MIN_SYLLABLES
 * syllables. The body is `text`; the title (when given) counts for the story only, because
 * copies often change the headline.
 */
export function minhashOf(text: string, title: string | null = null): MinHash | null {
  const body = text.length > MAX_SKETCHED_CHARS ? text.slice(0, MAX_SKETCHED_CHARS) : text;
  let syllables = syllableHashes(fold(body), MAX_SKETCHED_CHARS, body, leadMarks);
  // With no body the title is the text (as for the content hash).
  const titleIsText = syllables.length === 0 && !!title;
  if (titleIsText) {
    const whole = (title as string).slice(0, MAX_SKETCHED_CHARS);
    syllables = syllableHashes(fold(whole), MAX_SKETCHED_CHARS, whole, leadMarks);
  }
  if (syllables.length < MIN_SYLLABLES) return null;
  const titleText = !titleIsText && title ? title.slice(0, 2000) : '';
  const titleSyllables = titleText ? syllableHashes(fold(titleText), 400, titleText, titleMarks) : new Uint32Array(0);
  const signature = new Uint32Array(SIGNATURE_LENGTH);
  const sh = shingles(syllables);
  sketchInto(sh.elements, sh.count, COPY_PERMUTATIONS, signature, 0);
  const lead = syllables.subarray(0, STORY_LEAD_SYLLABLES);
  const anchors: number[] = [];
  anchorsOf(titleSyllables, titleMarks, anchors);
  anchorsOf(lead, leadMarks, anchors);
  const st = storyElements(titleSyllables, lead, anchors);
  sketchInto(st.elements, st.count, STORY_PERMUTATIONS, signature, SKETCH_SIZE);
  signature[STORY_SIZE_AT] = st.count;
  return { signature, bands: bandKeys(signature) };
}

/**
 * Share of equal positions of two sketches (of equal length): the estimated Jaccard similarity
 * of the sets behind them. Positions empty in both do not count as agreement.
 */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (!n) return 0;
  let equal = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i] && a[i] !== EMPTY) equal++;
  return equal / n;
}

function part(sig: ArrayLike<number>, from: number): ArrayLike<number> {
  return ArrayBuffer.isView(sig) ? (sig as Uint32Array).subarray(from, from + SKETCH_SIZE) : Array.prototype.slice.call(sig, from, from + SKETCH_SIZE) as number[];
}

/** Estimated Jaccard of the 3-syllable shingles of two bodies: ≥ 0.8 means a copy. */
export function copySimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return estimateJaccard(part(a, 0), part(b, 0));
}

/** Estimated Jaccard of the content syllables of title and lead: high for one event's write-ups. */
export function storySimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return estimateJaccard(part(a, SKETCH_SIZE), part(b, SKETCH_SIZE));
}

/** Smallest story set whose containment in another is trusted (fewer: too few elements to tell). */
const MIN_CONTAINED = 12;

/**
 * Estimated share of the smaller story set that the other holds: high when a short post retells
 * part of a longer report, where their Jaccard stays low. From the Jaccard and the two set sizes
 * (|A∩B| = J·(|A|+|B|)/(1+J)); 0 for a signature without its size (sketched before sizes were
 * kept) or a smaller set of fewer than MIN_CONTAINED elements, too few to tell.
 */
export function storyContainment(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = a.length > STORY_SIZE_AT ? (a[STORY_SIZE_AT] as number) : 0;
  const sb = b.length > STORY_SIZE_AT ? (b[STORY_SIZE_AT] as number) : 0;
  const smaller = Math.min(sa, sb);
  if (smaller < MIN_CONTAINED) return 0;
  const j = storySimilarity(a, b);
  return Math.min(1, (j * (sa + sb)) / (1 + j) / smaller);
}
