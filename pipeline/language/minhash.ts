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
export const SIGNATURE_LENGTH = 2 * SKETCH_SIZE;
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

/**
 * Hashes of the folded syllables of a text, in order, at most `max`. Works on the folded
 * text directly (no string per syllable): this is the hot loop.
 */
function syllableHashes(folded: string, max: number): Uint32Array {
  const out = new Uint32Array(Math.min(max, (folded.length >>> 1) + 1));
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < folded.length && n < out.length; i++) {
    const c = folded.charCodeAt(i);
    if (isWordChar(c, folded, i)) {
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      out[n++] = fmix32(h);
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  if (inWord && n < out.length) out[n++] = fmix32(h);
  return out.subarray(0, n);
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

function storyElements(titleSyllables: Uint32Array, leadSyllables: Uint32Array): { elements: Uint32Array; count: number } {
  const all = new Uint32Array(titleSyllables.length + leadSyllables.length);
  all.set(titleSyllables, 0);
  all.set(leadSyllables, titleSyllables.length);
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
  let syllables = syllableHashes(fold(body), MAX_SKETCHED_CHARS);
  // With no body the title is the text (as for the content hash).
  const titleIsText = syllables.length === 0 && !!title;
  if (titleIsText) syllables = syllableHashes(fold((title as string).slice(0, MAX_SKETCHED_CHARS)), MAX_SKETCHED_CHARS);
  if (syllables.length < MIN_SYLLABLES) return null;
  const titleSyllables = !titleIsText && title ? syllableHashes(fold(title.slice(0, 2000)), 400) : new Uint32Array(0);
  const signature = new Uint32Array(SIGNATURE_LENGTH);
  const sh = shingles(syllables);
  sketchInto(sh.elements, sh.count, COPY_PERMUTATIONS, signature, 0);
  const st = storyElements(titleSyllables, syllables.subarray(0, STORY_LEAD_SYLLABLES));
  sketchInto(st.elements, st.count, STORY_PERMUTATIONS, signature, SKETCH_SIZE);
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
