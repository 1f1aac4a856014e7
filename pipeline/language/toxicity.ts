// Toxicity of a post: clean / offensive / hate (DESIGN §6 "Tag").
// "offensive" = crude, vulgar or profane language aimed at no one ("vãi", "đm hay quá", swearing
// at a thing or a situation); "hate" = abusive language aimed at someone: a person (an insult, a
// slur, a curse or a wish of harm at the poster, a commenter, an official, a named person) or a
// group of people (region, ethnicity, religion, gender or sexuality, disability, politics …).
// That is the line hate-speech datasets for Vietnamese social media draw (ViHSD: hate targets
// individuals or groups; offensive language targets no one), and the one moderators need: a
// personal attack is not just bad language.
// A linear classifier trained on ViHOS comments (a comment without a marked span is clean; the
// toxic ones were labelled offensive or hate by us, test/data/labelled/toxicity-vihos-*.jsonl)
// plus hand-written examples and, as clean, some of our own plain training texts. Extra features:
// hits in the offensive-word list (vn_offensive_words); a mention of a group; a word that points
// at someone (TARGET_TERMS); a comment that opens with a tagged name; and each of the last three
// together with an offensive word.

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
  /** Whether any group term occurs in these syllables (from syllables()). */
  hasIn(tokens: string[]): boolean;
}

export function createGroupMatcher(terms: { folded: string[]; marked: string[] } = GROUP_TERMS): GroupMatcher {
  const folded = createPhraseSet(terms.folded.map((t): [string, true] => [fold(t), true]));
  const marked = createPhraseSet(terms.marked.map((t): [string, true] => [t, true]));
  return {
    hasIn(tokens) {
      const plain = foldedSyllables(tokens);
      for (let i = 0; i < tokens.length; i++) if (folded.match(plain, i) ?? marked.match(tokens, i)) return true;
      return false;
    },
  };
}

// ---- extra features ------------------------------------------------------------------------------

/**
 * Words that point the abuse at someone: second-person pronouns and the pejorative classifiers
 * and pronouns Vietnamese puts before a person ("thằng", "mụ", "lão", "bọn", "lũ này" …). Matched
 * as written (lower-cased), since their unaccented forms are ordinary words (thang, ma, lao, bon);
 * "lũ", "đám", "đồ" and "bây" only in pairs, as alone they are flood, crowd, thing and now.
 */
export const TARGET_TERMS = [
  'mày', 'mầy', 'tụi bây', 'bọn bây', 'chúng bây', 'chúng mày', 'bọn mày', 'tụi mày', 'thằng', 'mụ', 'lão', 'hắn',
  'chúng nó', 'bọn nó', 'tụi nó', 'bọn', 'tụi', 'lũ này', 'lũ đó', 'lũ kia', 'lũ chúng', 'đám này', 'mấy đứa',
  'mấy thằng', 'mấy con', 'con này', 'con kia', 'con đó', 'con mẹ', 'đồ ngu', 'đồ khốn', 'đồ chó', 'ông này',
  'bà này', 'thằng cha', 'ad', 'admin',
];

const H_OFFENSIVE = hashString('lexicon:offensive');
const H_GROUP = hashString('lexicon:group');
const H_GROUP_OFFENSIVE = hashString('lexicon:group+offensive');
const H_TARGET = hashString('lexicon:target');
const H_TARGET_OFFENSIVE = hashString('lexicon:target+offensive');
const H_TAG = hashString('lexicon:tag');
const H_TAG_OFFENSIVE = hashString('lexicon:tag+offensive');
const F_LEXICON = 8;

/** The comment opens with a tagged name: two or more capitalised words ("Quang Minh …"). */
const OPENS_WITH_NAME = /^\s{0,4}\p{Lu}[\p{Ll}\p{M}]{0,12}(?: \p{Lu}[\p{Ll}\p{M}]{0,12}){1,5}(?![\p{L}\p{M}])/u;

export function toxicityExtraFeatures(lexicons: Record<string, string[]> | undefined): ExtraFeatures {
  const offensive = createPhraseSet((lexicons?.offensive ?? []).map((w): [string, true] => [w, true]));
  const matcher = createGroupMatcher({
    folded: lexicons?.groupFolded ?? GROUP_TERMS.folded,
    marked: lexicons?.groupMarked ?? GROUP_TERMS.marked,
  });
  // Models trained before the target terms existed carry no list, and get no target features.
  const targets = createPhraseSet((lexicons?.target ?? []).map((w): [string, true] => [w, true]));
  return (text, ids, count, bits) => {
    if (typeof text !== 'string' || text.length === 0 || ids.length - count < 8) return count;
    const tokens = syllables(text);
    let hits = 0;
    let target = false;
    for (let i = 0; i < tokens.length; ) {
      const hit = hits < 3 ? offensive.match(tokens, i) : undefined;
      if (hit) hits++;
      if (!target && targets.size > 0 && targets.match(tokens, i)) target = true;
      i += hit ? hit.length : 1;
    }
    const group = matcher.hasIn(tokens);
    const tag = targets.size > 0 && OPENS_WITH_NAME.test(text.slice(0, 100));
    for (let h = 0; h < hits; h++) ids[count++] = featureId(H_OFFENSIVE, F_LEXICON, bits);
    if (group) ids[count++] = featureId(H_GROUP, F_LEXICON, bits);
    if (group && hits > 0) ids[count++] = featureId(H_GROUP_OFFENSIVE, F_LEXICON, bits);
    if (target) ids[count++] = featureId(H_TARGET, F_LEXICON, bits);
    if (target && hits > 0) ids[count++] = featureId(H_TARGET_OFFENSIVE, F_LEXICON, bits);
    if (tag) ids[count++] = featureId(H_TAG, F_LEXICON, bits);
    if (tag && hits > 0) ids[count++] = featureId(H_TAG_OFFENSIVE, F_LEXICON, bits);
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
