// Whole-word phrase matching over syllables, for rule lists that analysts edit (topic phrases,
// risk patterns…). One pass over the text, a map lookup per syllable: no regex per phrase.
// A text written with diacritics must match a phrase's diacritics ("chùa" is not "chưa"); a text
// typed without them matches on the folded form ("boi thuong" is "bồi thường").
import { fold, hasDiacritics } from './fold.ts';
import { normaliseForMatching } from './normalise.ts';

export type PhraseHit<T> = { value: T; phrase: string; start: number; end: number };

export type Syllables = {
  /** Folded syllables (no diacritics, lower case). */
  words: string[];
  /** The same syllables lower-cased with their diacritics, tone marks in one placement. */
  exact: string[];
  starts: number[];
  ends: number[];
  /** The text is written with diacritics: matching then respects them. */
  marked: boolean;
};

// Letters and digits make syllables ([\p{L}\p{N}]); a table answers for the BMP, the regular
// expression only for characters outside it.
const IS_SYLLABLE_CHAR = new Uint8Array(0x10000);
const SYLLABLE_CHAR = /^[\p{L}\p{N}]$/u;
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  IS_SYLLABLE_CHAR[c] = c < 0x80 ? ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0) : SYLLABLE_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
}

/** Length (1 or 2 units) of the syllable character at i, or 0 when it is none. */
function syllableCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return IS_SYLLABLE_CHAR[c] as number;
  if (c <= 0xdbff && i + 1 < text.length && SYLLABLE_CHAR.test(text.slice(i, i + 2))) return 2;
  return 0;
}

// Share of syllables with a diacritic above which a text counts as written with diacritics.
const MARKED_SHARE = 0.1;

/**
 * Syllables of a text with their character offsets in the original. The text is expected to be
 * normalised already (normaliseForMatching: NFC, one tone-mark placement), as phrases are.
 */
export function syllablesOf(text: string): Syllables {
  const out: Syllables = { words: [], exact: [], starts: [], ends: [], marked: false };
  // Lower-casing and folding the whole text once is much cheaper than per syllable; both keep
  // the length of NFC Vietnamese, so the offsets line up (else each syllable is done alone).
  const lower = text.toLowerCase();
  const folded = fold(lower);
  const aligned = lower.length === text.length && folded.length === text.length;
  let withMarks = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let w = syllableCharAt(text, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    do i += w;
    while (i < n && (w = syllableCharAt(text, i)) !== 0);
    const exact = aligned ? lower.slice(start, i) : text.slice(start, i).toLowerCase();
    const word = aligned ? folded.slice(start, i) : fold(exact);
    if (word !== exact) withMarks++;
    out.words.push(word);
    out.exact.push(exact);
    out.starts.push(start);
    out.ends.push(i);
  }
  out.marked = out.words.length > 0 && withMarks / out.words.length >= MARKED_SHARE;
  return out;
}

type Entry<T> = { folded: string[]; exact: string[]; marked: boolean; value: T; phrase: string };

export type PhraseMatcher<T> = {
  /** Every occurrence of every phrase, left to right; longer phrases first at one position. */
  findAll(text: string | Syllables): PhraseHit<T>[];
  size: number;
};

export function createPhraseMatcher<T>(phrases: Iterable<[phrase: string, value: T]>): PhraseMatcher<T> {
  const byFirst = new Map<string, Entry<T>[]>();
  let size = 0;
  for (const [phrase, value] of phrases) {
    // Phrases go through the same normalisation as the texts they are matched against.
    const s = syllablesOf(normaliseForMatching(phrase).text);
    const first = s.words[0];
    if (first === undefined) continue;
    const list = byFirst.get(first) ?? [];
    list.push({ folded: s.words, exact: s.exact, marked: hasDiacritics(phrase), value, phrase });
    byFirst.set(first, list);
    size++;
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.folded.length - a.folded.length);

  return {
    size,
    findAll(input) {
      const s = typeof input === 'string' ? syllablesOf(input) : input;
      const hits: PhraseHit<T>[] = [];
      for (let i = 0; i < s.words.length; i++) {
        const candidates = byFirst.get(s.words[i] as string);
        if (!candidates) continue;
        for (const c of candidates) {
          const n = c.folded.length;
          if (i + n > s.words.length) continue;
          const exact = s.marked && c.marked;
          let ok = true;
          for (let k = 0; ok && k < n; k++) ok = exact ? s.exact[i + k] === c.exact[k] : s.words[i + k] === c.folded[k];
          if (ok) hits.push({ value: c.value, phrase: c.phrase, start: s.starts[i] as number, end: s.ends[i + n - 1] as number });
        }
      }
      return hits;
    },
  };
}
