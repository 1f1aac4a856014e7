// The claim registry (DESIGN §6): known false claims with their corrections and who made them,
// and the matcher that finds a registered claim in a text even when people reword it or type
// without diacritics.
//
// Similarity is claim containment: the IDF-weighted share of a claim's content terms (folded
// syllables and adjacent syllable pairs, function words left out) that a window of the text holds.
// A claim is short and a post or article is long, so how much of the *claim* the text repeats is
// what matters, not how much of the text is the claim; windows of ~80 syllables keep a long
// article from collecting a claim's words from unrelated paragraphs. Pairs reward the same wording,
// single syllables carry paraphrases. Every variant of a claim is its own document; a claim's
// similarity is its best variant's. A window must also hold part of what the claim *asserts*
// (its terms that are not subject words, ASSERTION_FLOOR): a complaint about extra tutoring says
// "giáo viên", "học thêm", "phụ huynh" as the tutoring-ban hoax does, but not "cấm hoàn toàn".
//
// Term weights come from pipeline/models/claim-terms.json: syllable document frequencies in the
// RDRsegmenter news sentences (a syllable common in news, "tỉnh", "người", weighs little; a place
// name or "vỡ" weighs a lot) and function words derived from stopwords/vietnamese-stopwords.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseConfigFile } from '../config/load.ts';
import { uniqueIds } from '../config/schema.ts';
import { normaliseForMatching } from './language/normalise.ts';
import { syllablesOf, type Syllables } from './language/phrase-matcher.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CLAIMS_PATH = path.join(HERE, '..', 'config', 'claims.yaml');
const SUBJECTS_PATH = path.join(HERE, 'models', 'claim-subjects.json');
const TERMS_PATH = path.join(HERE, 'models', 'claim-terms.json');

export const Claim = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id of lower-case letters, digits and dashes'),
  claim: z.string().min(12, 'the false claim as people write it (a sentence, not a keyword)'),
  variants: z.array(z.string().min(12, 'a paraphrase of the claim (a sentence, not a keyword)')).default([]),
  verdict: z.enum(['false', 'misleading', 'scam']),
  correction: z.string().min(10, 'what is true instead'),
  source: z.string().min(3, 'who corrected it, e.g. "UBND tỉnh Đồng Nai, thông cáo ngày …"'),
  sourceUrl: z.url().optional(),
  published: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a date YYYY-MM-DD'),
  topics: z.array(z.string()).default([]),
});
export type ClaimT = z.infer<typeof Claim>;

export const ClaimsFile = z.object({
  note: z.string().optional(),
  claims: z.array(Claim),
}).superRefine(uniqueIds('claims', 'claim'));

export type ClaimHit = {
  claim: ClaimT;
  /** 0..1: the weighted share of the claim's terms found together in the text. */
  similarity: number;
  /** Character offsets (in the matched text) of the first and last claim term found. */
  start: number;
  end: number;
};

export type ClaimMatcher = {
  size: number;
  /** Claims at or above the threshold, best first. */
  match(text: string | Syllables, options?: { threshold?: number; assertionFloor?: number }): ClaimHit[];
};

/**
 * Calibrated on test/data/labelled/risk.jsonl and the demo posts: paraphrases of a registered claim score 0.6–1,
 * texts on the same subject that do not make the claim (the dam's routine release notice,
 * questions and complaints about compensation, red books, BHYT cards) stay under 0.6 (news on the same subject reaches 0.55–0.62).
 */
export const CLAIM_THRESHOLD = 0.6;
/**
 * Share of a claim's assertion weight (its terms that are not subject words, see subjectWordsOf)
 * a window must hold as well: a complaint about extra tutoring shares the claim's subject, not
 * its "total ban". On test/data/labelled/risk.jsonl every hoax and scam that matches a claim
 * holds at least 0.5 of its assertion, a complaint on a claim's subject 0.15: the floor sits low
 * in that gap, so paraphrases that carry only part of the assertion still match.
 */
export const ASSERTION_FLOOR = 0.25;
/** A term held by this share of some topic's example texts is a subject word. */
export const SUBJECT_SHARE = 0.06;
const WINDOW = 50;
const STEP = 20;
// A pair of adjacent syllables weighs this share of its two syllables' mean weight: enough to
// prefer the same wording, not so much that a paraphrase cannot reach the threshold.
const PAIR_FACTOR = 0.6;

type TermsFile = { stopwords: string[]; stopwordsExact: string[]; docs: number; df: Record<string, number>; dfExact: Record<string, number> };
/** How one spelling (folded, or with diacritics) of the syllables is weighed. */
type Terms = { stopwords: Set<string>; idf(term: string): number };

// A syllable never seen in news (a place name) is weighed like one seen in a handful of sentences:
// names say what a text is about, not whether it makes the claim ("Thác Mơ" is in the dam's
// routine release notice too), so they must not outweigh the words that carry the claim ("vỡ").
const RARE_DF = 4;

let termsCache: { folded: Terms; exact: Terms } | undefined;
function loadTerms(): { folded: Terms; exact: Terms } {
  if (termsCache) return termsCache;
  const raw = JSON.parse(readFileSync(TERMS_PATH, 'utf8')) as TermsFile;
  const terms = (stop: string[], counts: Record<string, number>): Terms => {
    const df = new Map(Object.entries(counts));
    return { stopwords: new Set(stop), idf: (t) => Math.log((raw.docs + 1) / (Math.max(RARE_DF, df.get(t) ?? 0) + 1)) + 1 };
  };
  termsCache = { folded: terms(raw.stopwords, raw.df), exact: terms(raw.stopwordsExact, raw.dfExact) };
  return termsCache;
}

/** Reads and validates a claim registry; a bad file throws a ConfigError naming the file and the path. */
export function loadClaims(file = DEFAULT_CLAIMS_PATH): ClaimT[] {
  return parseConfigFile(file, ClaimsFile).claims;
}

type Doc = { claim: ClaimT; total: number; /** Weight of the terms that are not subject words. */ assertTotal: number };
// Postings: a term → the (document, slot, weight) entries that hold it.
type Posting = { doc: number; slot: number; weight: number; /** Not a subject word: part of what the claim asserts. */ asserts: boolean };
type Index = {
  docs: Doc[];
  unigrams: Map<string, Posting[]>;
  // Pairs are looked up first word → second word, so the hot loop builds no strings.
  pairs: Map<string, Map<string, Posting[]>>;
  slots: number;
  scratch?: { found: Uint8Array; score: Float64Array; asserted: Float64Array; first: Int32Array; last: Int32Array };
};

function isContent(word: string, stopwords: Set<string>): boolean {
  // Digits vary (dates, amounts) and say little about which claim it is.
  return word.length > 0 && !stopwords.has(word) && !/^\d+$/.test(word);
}

/** One index per spelling: texts with diacritics are matched on them ("vỡ" is not "vợ"), texts without on folded syllables. */
function buildIndex(claims: ClaimT[], spelling: 'exact' | 'words', { stopwords, idf }: Terms, subject: Set<string>): Index {
  const index: Index = { docs: [], unigrams: new Map(), pairs: new Map(), slots: 0 };
  for (const claim of claims) {
    for (const sentence of [claim.claim, ...claim.variants]) {
      const words = syllablesOf(normaliseForMatching(sentence).text)[spelling];
      const doc = index.docs.length;
      let total = 0;
      let assertTotal = 0;
      const seen = new Set<string>();
      const add = (key: string, weight: number, list: Posting[], asserts: boolean) => {
        if (seen.has(key)) return;
        seen.add(key);
        list.push({ doc, slot: index.slots++, weight, asserts });
        total += weight;
        if (asserts) assertTotal += weight;
      };
      for (let i = 0; i < words.length; i++) {
        const w = words[i] as string;
        if (!isContent(w, stopwords)) continue;
        const list = index.unigrams.get(w) ?? [];
        index.unigrams.set(w, list);
        add(w, idf(w), list, !subject.has(w));
        const next = words[i + 1];
        if (next !== undefined && isContent(next, stopwords)) {
          const inner = index.pairs.get(w) ?? new Map<string, Posting[]>();
          index.pairs.set(w, inner);
          const plist = inner.get(next) ?? [];
          inner.set(next, plist);
          add(`${w} ${next}`, (PAIR_FACTOR * (idf(w) + idf(next))) / 2, plist, !subject.has(`${w} ${next}`));
        }
      }
      // A sentence of function words only adds no postings, so it is simply not a document.
      if (total > 0) index.docs.push({ claim, total, assertTotal });
    }
  }
  return index;
}

function searchIndex(index: Index, s: Syllables, words: string[], threshold: number, assertionFloor: number): ClaimHit[] {
  const { docs, unigrams, pairs } = index;
  if (docs.length === 0 || words.length === 0) return [];
  // Reused between calls; every slot and document touched is reset before returning.
  index.scratch ??= {
    found: new Uint8Array(index.slots), score: new Float64Array(docs.length), asserted: new Float64Array(docs.length),
    first: new Int32Array(docs.length), last: new Int32Array(docs.length),
  };
  const { found, score, asserted, first, last } = index.scratch;
  const best = new Map<string, ClaimHit>();
  const touchedSlots: number[] = [];
  const touchedDocs: number[] = [];

  const credit = (p: Posting, at: number, endAt: number) => {
    if (found[p.slot]) return;
    found[p.slot] = 1;
    touchedSlots.push(p.slot);
    if (score[p.doc] === 0) {
      touchedDocs.push(p.doc);
      first[p.doc] = at;
      last[p.doc] = endAt;
    } else {
      if (at < (first[p.doc] as number)) first[p.doc] = at;
      if (endAt > (last[p.doc] as number)) last[p.doc] = endAt;
    }
    score[p.doc] = (score[p.doc] as number) + p.weight;
    if (p.asserts) asserted[p.doc] = (asserted[p.doc] as number) + p.weight;
  };

  const n = words.length;
  // Each position's postings, looked up once: the windows overlap, so a position is read by up
  // to WINDOW / STEP of them. Most positions hold no claim term at all.
  const single: (Posting[] | undefined)[] = new Array(n);
  const pair: (Posting[] | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const w = words[i] as string;
    const list = unigrams.get(w);
    single[i] = list;
    pair[i] = list && i + 1 < n ? pairs.get(w)?.get(words[i + 1] as string) : undefined;
  }
  const accumulate = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const list = single[i];
      if (!list) continue;
      for (const p of list) credit(p, i, i);
      if (i + 1 < to) {
        const plist = pair[i];
        if (plist) for (const p of plist) credit(p, i, i + 1);
      }
    }
  };
  // Visits every document the accumulated terms reached with whether it passes, then resets.
  const settle = (visit: (d: number, sim: number, passes: boolean) => void): void => {
    for (const d of touchedDocs) {
      const doc = docs[d] as Doc;
      const sim = (score[d] as number) / doc.total;
      // The text must repeat what the claim asserts, not only what it is about.
      const asserts = doc.assertTotal === 0 || (asserted[d] as number) / doc.assertTotal >= assertionFloor;
      visit(d, sim, sim >= threshold && asserts);
      score[d] = 0;
      asserted[d] = 0;
    }
    for (const slot of touchedSlots) found[slot] = 0;
    touchedSlots.length = 0;
    touchedDocs.length = 0;
  };

  // A window holds a subset of the text's terms, so a claim the whole text does not reach is
  // reached by no window: most texts are done after this one pass.
  if (n > WINDOW) {
    let any = false;
    accumulate(0, n);
    settle((_d, _sim, passes) => {
      if (passes) any = true;
    });
    if (!any) return [];
  }
  for (let from = 0; from < n; from += STEP) {
    const to = Math.min(n, from + WINDOW);
    accumulate(from, to);
    settle((d, sim, passes) => {
      const doc = docs[d] as Doc;
      const prev = best.get(doc.claim.id);
      if (passes && (!prev || sim > prev.similarity)) {
        best.set(doc.claim.id, {
          claim: doc.claim, similarity: Math.min(1, sim),
          start: s.starts[first[d] as number] as number, end: s.ends[last[d] as number] as number,
        });
      }
    });
    if (to === n) break;
  }
  return [...best.values()].sort((x, y) => y.similarity - x.similarity);
}

// Diacritics are trusted only in a text mostly written with them: teencode expansion puts a few
// marked words ("bhyt" → "bảo hiểm y tế") into a text typed without any.
const EXACT_SHARE = 0.3;

function markedShare(s: Syllables): number {
  let marked = 0;
  for (let i = 0; i < s.words.length; i++) if (s.words[i] !== s.exact[i]) marked++;
  return s.words.length ? marked / s.words.length : 0;
}

/** One text's subject-word candidates: its syllables and adjacent pairs, in one spelling, each once. */
export function termsOf(words: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    out.add(words[i] as string);
    if (i + 1 < words.length) out.add(`${words[i]} ${words[i + 1]}`);
  }
  return out;
}

export type SubjectWords = { exact: string[]; words: string[] };

/**
 * Subject words: the terms (syllables and adjacent pairs) that at least SUBJECT_SHARE of the
 * example texts of some topic hold. Texts about extra tutoring keep saying "giáo viên", "phụ
 * huynh", "học thêm"; what makes a text the claim is the rest ("cấm hoàn toàn", "đuổi việc").
 * Built by npm run train:models from the topic examples into pipeline/models/claim-subjects.json.
 */
export function subjectWordsOf(examples: { text: string; label: string }[], noTopic: string): SubjectWords {
  const byTopic = new Map<string, { n: number; exact: Map<string, number>; words: Map<string, number> }>();
  for (const e of examples) {
    if (e.label === noTopic) continue;
    let t = byTopic.get(e.label);
    if (!t) byTopic.set(e.label, (t = { n: 0, exact: new Map(), words: new Map() }));
    t.n++;
    const s = syllablesOf(normaliseForMatching(e.text).text);
    for (const spelling of ['exact', 'words'] as const) for (const term of termsOf(s[spelling])) t[spelling].set(term, (t[spelling].get(term) ?? 0) + 1);
  }
  const out = { exact: new Set<string>(), words: new Set<string>() };
  for (const t of byTopic.values()) {
    for (const spelling of ['exact', 'words'] as const) for (const [term, n] of t[spelling]) if (n / t.n >= SUBJECT_SHARE) out[spelling].add(term);
  }
  return { exact: [...out.exact].sort(), words: [...out.words].sort() };
}

let subjectsCache: { exact: Set<string>; words: Set<string> } | undefined;
function loadSubjects(): { exact: Set<string>; words: Set<string> } {
  if (subjectsCache) return subjectsCache;
  const raw = existsSync(SUBJECTS_PATH) ? (JSON.parse(readFileSync(SUBJECTS_PATH, 'utf8')) as SubjectWords) : { exact: [], words: [] };
  subjectsCache = { exact: new Set(raw.exact), words: new Set(raw.words) };
  return subjectsCache;
}

export function createClaimMatcher(claims: ClaimT[], subject: { exact: Set<string>; words: Set<string> } = loadSubjects()): ClaimMatcher {
  const terms = loadTerms();
  const exact = buildIndex(claims, 'exact', terms.exact, subject.exact);
  const folded = buildIndex(claims, 'words', terms.folded, subject.words);
  return {
    size: claims.length,
    match(input, options = {}) {
      const threshold = options.threshold ?? CLAIM_THRESHOLD;
      const floor = options.assertionFloor ?? ASSERTION_FLOOR;
      const s = typeof input === 'string' ? syllablesOf(normaliseForMatching(input).text) : input;
      return markedShare(s) >= EXACT_SHARE ? searchIndex(exact, s, s.exact, threshold, floor) : searchIndex(folded, s, s.words, threshold, floor);
    },
  };
}

let defaultMatcher: ClaimMatcher | undefined;
/** The matcher over config/claims.yaml, built once. */
export function defaultClaimMatcher(): ClaimMatcher {
  defaultMatcher ??= createClaimMatcher(loadClaims());
  return defaultMatcher;
}
