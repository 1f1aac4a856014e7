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

type Entry<T> = { exact: string[]; marked: boolean; value: T; phrase: string };
/** A trie over folded syllables; a node holds the phrases that end there (all of its depth). */
type Node<T> = { next: Map<string, Node<T>> | undefined; ends: Entry<T>[] | undefined };

export type PhraseMatcher<T> = {
  /** Every occurrence of every phrase, left to right; longer phrases first at one position. */
  findAll(text: string | Syllables): PhraseHit<T>[];
  size: number;
};

export function createPhraseMatcher<T>(phrases: Iterable<[phrase: string, value: T]>): PhraseMatcher<T> {
  const root = new Map<string, Node<T>>();
  let size = 0;
  for (const [phrase, value] of phrases) {
    // Phrases go through the same normalisation as the texts they are matched against.
    const s = syllablesOf(normaliseForMatching(phrase).text);
    if (s.words.length === 0) continue;
    let level = root;
    let node: Node<T> | undefined;
    for (let k = 0; k < s.words.length; k++) {
      const w = s.words[k] as string;
      node = level.get(w);
      if (!node) {
        node = { next: undefined, ends: undefined };
        level.set(w, node);
      }
      if (k + 1 < s.words.length) level = node.next ??= new Map();
    }
    const last = node as Node<T>;
    (last.ends ??= []).push({ exact: s.exact, marked: hasDiacritics(phrase), value, phrase });
    size++;
  }

  return {
    size,
    findAll(input) {
      const s = typeof input === 'string' ? syllablesOf(input) : input;
      const hits: PhraseHit<T>[] = [];
      const { words } = s;
      for (let i = 0; i < words.length; i++) {
        // Walk as deep as the phrases go, then report from the deepest node back: longer first.
        let level: Map<string, Node<T>> | undefined = root;
        let depth = 0;
        for (let k = i; k < words.length && level; k++) {
          const node = level.get(words[k] as string);
          if (!node) break;
          trail[depth++] = node as Node<unknown>;
          level = node.next;
        }
        for (let d = depth - 1; d >= 0; d--) {
          const ends = (trail[d] as Node<T>).ends;
          if (!ends) continue;
          for (const c of ends) {
            if (s.marked && c.marked) {
              let ok = true;
              for (let k = 0; ok && k <= d; k++) ok = s.exact[i + k] === c.exact[k];
              if (!ok) continue;
            }
            hits.push({ value: c.value, phrase: c.phrase, start: s.starts[i] as number, end: s.ends[i + d] as number });
          }
        }
      }
      return hits;
    },
  };
}
/** Scratch for findAll: the trie nodes matched from one position. */
const trail: Node<unknown>[] = [];
