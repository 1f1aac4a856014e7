// Toxicity of a post: clean / offensive / hate (DESIGN §6 "Tag").
// A linear classifier trained on ViHOS (comments with the character spans that are offensive)
// plus hand-written "hate" examples, with three extra features: a hit in the offensive-word list
// (vn_offensive_words), a mention of a group, and both together.
// "hate" = offensive language aimed at a group of people (ethnicity, nationality, region,
// religion, gender or sexuality, disability). ViHOS marks only offensive spans, so the training
// labels for hate are derived: an offensive span that contains, or sits next to, a term from the
// hand-written GROUP_TERMS list below. That derivation is a heuristic, written by the DLXH
// Monitor team; the hand-written examples in test/data/labelled/toxicity-extra.jsonl back it up.

import { join } from 'node:path';
import { fold } from './fold.ts';
import { createClassifier, DEFAULT_MODEL_DIR, loadModel, type Classifier, type ExtraFeatures } from './text-classifier.ts';
import { createPhraseSet, featureId, foldedSyllables, hashString, syllables } from './text-features.ts';

export type ToxicityLabel = 'clean' | 'offensive' | 'hate';
export const TOXICITY_LABELS: ToxicityLabel[] = ['clean', 'offensive', 'hate'];

export interface ToxicityResult {
  label: ToxicityLabel;
  score: number;
}

export interface ToxicityAnalyser {
  analyse(text: string): ToxicityResult;
  scores(text: string): Record<ToxicityLabel, number>;
  version: string;
}

/**
 * Terms naming a group of people. `folded` entries are matched on diacritic-free text (they are
 * long enough not to collide); `marked` entries only as written with diacritics, because their
 * folded forms are ordinary words (què/quê → que, mù/mũ → mu, câm/cấm → cam, thượng/thương).
 */
export const GROUP_TERMS = {
  folded: [
    // region and origin
    'bac ky', 'bac ki', 'nam ky', 'nam ki', 'trung ky', 'trung ki', 'parky', 'backy', 'bac cat', 'nam cay',
    'dan bac', 'dan nam', 'ngoai bac', 'dan mien bac', 'dan mien nam', 'dan mien trung', 'dan mien tay', 'dan nghe',
    'nghe tinh', 'dan thanh hoa', 'hai lua', '2 lua', 'nha que', 'nhap cu', 'ngu cu', 'dan tren nui',
    // ethnicity and nationality
    'dan toc thieu so', 'nguoi dan toc', 'bon dan toc', 'tui dan toc', 'dong bao', 'moi ro', 'lu moi', 'bon moi',
    'tui moi', 'thang moi', 'do moi', "s'tieng", 'stieng', "m'nong", 'mnong', 'khmer', 'nguoi cham', 'nguoi hoa', 'nguoi tay',
    'nguoi nung', 'tau khua', 'khua', 'tau cong', 'nguoi tau', 'da den', 'moi den', 'nigga', 'tay long',
    // religion
    'theo dao', 'dao phat', 'phat giao', 'cong giao', 'tin lanh', 'hoi giao', 'dao hoi', 'thay chua', 'su ho mang',
    'ba dao', 'giao dan', 'tin do', 'cao dai', 'hoa hao',
    // gender and sexuality
    'dan ba', 'phu nu', 'con gai', 'be de', 'pe de', 'bede', 'pede', 'dong tinh', 'gay', 'les', 'o moi', 'bong lo',
    'dong bong', 'nu quyen', 'lgbt', 'con bong', 'bong lai', 'thang bong',
    // disability
    'thieu nang', 'tu ky', 'tu ki', 'khuyet tat', 'tan tat', 'tan phe', 'khiem thi', 'khiem thinh', 'down',
  ],
  // Not "mọi" (mọi người), "đạo" (đạo đức), "bóng" (bóng đá), "tàu" (tàu hỏa): too common alone.
  marked: ['thượng', 'què', 'mù', 'điếc', 'câm', 'đui', 'thọt', 'chệt', 'khựa'],
};

/** Offensive-list entries left out: as typed without diacritics they are everyday words (cu, các, đi …). */
const OFFENSIVE_STOPLIST = new Set(['cu', 'cac', 'di', 'dis', 'biz', 'dou', 'kiu', 'dek', "d'", "đ'", 'di~', 'v~']);

export function parseOffensiveWords(fileText: string): string[] {
  const out = new Set<string>();
  for (const line of fileText.split('\n')) {
    const w = line.trim().normalize('NFC').toLowerCase();
    if (!w || w.startsWith('#') || OFFENSIVE_STOPLIST.has(w) || !/[\p{L}\p{N}]/u.test(w)) continue;
    out.add(w);
  }
  return [...out].sort();
}

// ---- group mentions ------------------------------------------------------------------------------

export interface GroupMatcher {
  /** [start, end) character ranges of group terms in `text` (NFC offsets). */
  find(text: string): Array<[number, number]>;
  /** Whether any group term occurs in these syllables (from syllables()). */
  hasIn(tokens: string[]): boolean;
}

export function createGroupMatcher(terms: { folded: string[]; marked: string[] } = GROUP_TERMS): GroupMatcher {
  const folded = createPhraseSet(terms.folded.map((t): [string, true] => [fold(t), true]));
  const marked = createPhraseSet(terms.marked.map((t): [string, true] => [t, true]));
  const scan = (tokens: string[], onHit: (i: number, length: number) => boolean): void => {
    const plain = foldedSyllables(tokens);
    for (let i = 0; i < tokens.length; i++) {
      const hit = folded.match(plain, i) ?? marked.match(tokens, i);
      if (hit && onHit(i, hit.length)) return;
    }
  };
  return {
    find(text) {
      const starts: number[] = [];
      const tokens = syllables(text, starts);
      const out: Array<[number, number]> = [];
      scan(tokens, (i, length) => {
        const last = i + length - 1;
        out.push([starts[i] as number, (starts[last] as number) + (tokens[last] as string).length]);
        return false;
      });
      return out;
    },
    hasIn(tokens) {
      let found = false;
      scan(tokens, () => (found = true));
      return found;
    },
  };
}

/**
 * ViHOS gives offensive character spans; this derives the three labels. Hate = an offensive span
 * that contains a group term or lies within `window` characters of one.
 */
export function deriveToxicityLabel(text: string, spans: number[], matcher: GroupMatcher, window = 12): ToxicityLabel {
  if (spans.length === 0) return 'clean';
  const groups = matcher.find(text);
  for (const [start, end] of groups) {
    for (const s of spans) if (s >= start - window && s < end + window) return 'hate';
  }
  return 'offensive';
}

// ---- extra features ------------------------------------------------------------------------------

const H_OFFENSIVE = hashString('lexicon:offensive');
const H_GROUP = hashString('lexicon:group');
const H_GROUP_OFFENSIVE = hashString('lexicon:group+offensive');
const F_LEXICON = 8;

export function toxicityExtraFeatures(lexicons: Record<string, string[]> | undefined): ExtraFeatures {
  const offensive = createPhraseSet((lexicons?.offensive ?? []).map((w): [string, true] => [w, true]));
  const matcher = createGroupMatcher({
    folded: lexicons?.groupFolded ?? GROUP_TERMS.folded,
    marked: lexicons?.groupMarked ?? GROUP_TERMS.marked,
  });
  return (text, ids, count, bits) => {
    if (typeof text !== 'string' || text.length === 0 || ids.length - count < 6) return count;
    const tokens = syllables(text);
    let hits = 0;
    for (let i = 0; i < tokens.length && hits < 3; ) {
      const hit = offensive.match(tokens, i);
      if (hit) hits++;
      i += hit ? hit.length : 1;
    }
    const group = matcher.hasIn(tokens);
    for (let h = 0; h < hits; h++) ids[count++] = featureId(H_OFFENSIVE, F_LEXICON, bits);
    if (group) ids[count++] = featureId(H_GROUP, F_LEXICON, bits);
    if (group && hits > 0) ids[count++] = featureId(H_GROUP_OFFENSIVE, F_LEXICON, bits);
    return count;
  };
}

// ---- the analyser --------------------------------------------------------------------------------

export function createToxicityAnalyser(classifier: Classifier): ToxicityAnalyser {
  const labels = classifier.model.labels;
  for (const l of TOXICITY_LABELS) {
    if (!labels.includes(l)) throw new Error(`Toxicity model ${classifier.model.version} lacks label "${l}"`);
  }
  const scores = (text: string): Record<ToxicityLabel, number> => {
    const p = classifier.probabilities(text);
    return {
      clean: p[labels.indexOf('clean')] as number,
      offensive: p[labels.indexOf('offensive')] as number,
      hate: p[labels.indexOf('hate')] as number,
    };
  };
  return {
    version: classifier.model.version,
    scores,
    analyse(text: string): ToxicityResult {
      const s = scores(text);
      let label: ToxicityLabel = 'clean';
      if (s.offensive > s[label]) label = 'offensive';
      if (s.hate > s[label]) label = 'hate';
      return { label, score: s[label] };
    },
  };
}

export function loadToxicity(dir: string = DEFAULT_MODEL_DIR): ToxicityAnalyser {
  const model = loadModel(join(dir, 'toxicity.json'));
  return createToxicityAnalyser(createClassifier(model, toxicityExtraFeatures(model.lexicons)));
}
