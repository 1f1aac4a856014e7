// Stage 3: the Vietnamese analysis of one text — language, topics, sentiment, toxicity, places
// and misinformation risk — with the versions of the models that produced it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TopicConfig } from '../config/schema.ts';
import { ConfigError } from '../config/config-error.ts';
import type { DlxhRecord, RiskT, TopicTagT } from './record.ts';
import { compileTopicRules } from './topic-rules.ts';
import { syllablesOf } from './language/phrase-matcher.ts';
import { detectLanguage } from './language/language-id.ts';
import { loadGazetteer, findPlaces } from './language/places.ts';
import { loadSentiment } from './language/sentiment.ts';
import { loadToxicity } from './language/toxicity.ts';
import { loadTopicClassifier } from './language/topic-classifier.ts';
import { loadSegmenter } from './language/segment.ts';
import { normaliseForMatching } from './language/normalise.ts';
import { loadRiskSignals, scoreRisk } from './risk.ts';
import { createClaimMatcher, loadClaims } from './claims.ts';
import { loadLearnedRisk } from './learned-risk.ts';

export type AnalysisInput = { title?: string | null; text: string; publishedAt?: string | null; id?: string };

export type Analysis = Pick<DlxhRecord, 'lang' | 'topics' | 'sentiment' | 'toxicity' | 'places' | 'risk'> & {
  clusterId?: string | null;
  words?: string[];
};

export type Analyser = {
  version: string;
  analyse(input: AnalysisInput, options?: { words?: boolean }): Analysis;
  /** The analyses of many inputs, in order: the same results as analyse() one by one, faster. */
  analyseMany(inputs: AnalysisInput[], options?: { words?: boolean }): Analysis[];
};

export type AnalyserOptions = {
  topics: TopicConfig[];
  gazetteerPath: string;
  /** A folder of trained models (dlxh train --out DIR); tasks missing there use the shipped defaults. */
  modelDir?: string;
  /** The claim registry and the risk signal rules; default the shipped config/ files. */
  claimsPath?: string;
  riskSignalsPath?: string;
};

// The shipped topic model adds a topic the rules did not find only when it is fairly sure of it.
const MODEL_TOPIC_MIN_SCORE = 0.3;

// Long articles are analysed on their first part: enough for every tag, and bounded in time.
const MAX_ANALYSED_CHARS = 20_000;

const EMPTY_SYLLABLES = syllablesOf('');
const NO_RISK: RiskT = { score: 0, signals: [], matchedClaims: [] };

/** A model file from the chosen folder when present there, else the shipped default. */
function modelIn(dir: string | undefined, file: string): string | undefined {
  if (!dir) return undefined;
  const p = path.join(dir, file);
  return existsSync(p) ? dir : undefined;
}

export function createAnalyser(options: AnalyserOptions): Analyser {
  if (options.modelDir && !existsSync(options.modelDir)) throw new ConfigError(`model folder not found: ${options.modelDir}`);
  // A model folder someone chose (--model DIR) is configuration: a broken file in it is reported
  // as such (the loaders name the file), and the CLI exits 2, not 1.
  const fromChosen = <T>(load: () => T): T => {
    try {
      return load();
    } catch (error) {
      if (!options.modelDir) throw error;
      throw new ConfigError((error as Error).message);
    }
  };
  const rules = compileTopicRules(options.topics);
  const gazetteer = loadGazetteer(options.gazetteerPath);
  const sentiment = fromChosen(() => loadSentiment(modelIn(options.modelDir, 'sentiment.json')));
  const toxicity = fromChosen(() => loadToxicity(modelIn(options.modelDir, 'toxicity.json')));
  const topicModelDir = modelIn(options.modelDir, 'topic.json');
  const topicModel = fromChosen(() => loadTopicClassifier(topicModelDir));
  // A topic model someone trained and chose (--model DIR) is their taxonomy: its topics lead, and
  // the configured rules add theirs after. The shipped model only backs the rules up.
  const chosenTopicModel = topicModelDir !== undefined;
  const segmenter = loadSegmenter();
  const learnedRisk = fromChosen(() => loadLearnedRisk(options.modelDir));
  const claims = options.claimsPath ? createClaimMatcher(loadClaims(options.claimsPath)) : undefined;
  const riskRules = options.riskSignalsPath ? loadRiskSignals(options.riskSignalsPath) : undefined;
  const version = [`sentiment@${sentiment.version}`, `toxicity@${toxicity.version}`, `topic@${topicModel.version}`, `segmenter@${segmenter.version}`,
    ...(learnedRisk ? [`risk@${learnedRisk.version}`] : [])].join(' ');

  // One post's way through the stages, kept between them.
  type Draft = {
    text: string;
    matchText: string;
    syllables: ReturnType<typeof syllablesOf>;
    titleEnd: number;
    lang: string;
    byRules: TopicTagT[];
    risk: RiskT;
  };

  const analyseMany = (inputs: AnalysisInput[], opts: { words?: boolean } = {}): Analysis[] => {
    // Stage by stage over the whole batch, not post by post: each stage's tables and code stay in
    // the CPU's caches while it runs: a batch of 256 posts goes about 1.5 times as fast (README).
    // The four classifiers share one featurisation of a post, so they run together.
    const drafts = inputs.map((input): Draft => {
      const full = input.title ? `${input.title}\n${input.text}` : input.text;
      const text = full.length > MAX_ANALYSED_CHARS ? full.slice(0, MAX_ANALYSED_CHARS) : full;
      return { text, matchText: '', syllables: EMPTY_SYLLABLES, titleEnd: 0, lang: 'und', byRules: [], risk: NO_RISK };
    });
    drafts.forEach((d) => (d.lang = detectLanguage(d.text).lang));
    drafts.forEach((d, i) => {
      const input = inputs[i] as AnalysisInput;
      d.matchText = normaliseForMatching(d.text).text;
      d.syllables = syllablesOf(d.matchText);
      d.titleEnd = input.title ? normaliseForMatching(input.title).text.length : 0;
    });
    drafts.forEach((d) => (d.byRules = rules.match(d.syllables, d.titleEnd)));
    drafts.forEach((d, i) => {
      d.risk = scoreRisk(d.matchText, d.syllables, { ...inputs[i] as AnalysisInput, ...(claims ? { claims } : {}), ...(riskRules ? { rules: riskRules } : {}) });
      // Not needed after this stage: the batch need not hold them (less for the garbage collector).
      d.syllables = EMPTY_SYLLABLES;
      d.matchText = '';
    });
    const analysed = drafts.map((d) => {
      const byModel = topicModel.classify(d.text).map((t): TopicTagT => ({ id: t.id, score: Number(t.score.toFixed(3)), by: 'model' }));
      const s = sentiment.analyse(d.text);
      const tox = toxicity.analyse(d.text);
      // The learned signal knows Vietnamese only; other languages keep the rules' score.
      const risk = learnedRisk && d.lang === 'vi' ? learnedRisk.apply(d.text, d.risk) : d.risk;
      return {
        lang: d.lang,
        topics: topicsOf(byModel, d.byRules),
        sentiment: { label: s.label, score: Number(s.score.toFixed(3)) },
        toxicity: { label: tox.label, score: Number(tox.score.toFixed(3)) },
        places: [] as Analysis['places'],
        risk,
      } satisfies Analysis;
    });
    drafts.forEach((d, i) => {
      const places = findPlaces(gazetteer, d.text).map((p) => ({
        code: p.code, name: p.name, level: p.level, slug: p.slug, old: p.old, ...(p.oldName ? { oldName: p.oldName } : {}),
      }));
      (analysed[i] as Analysis).places = [...new Map(places.map((p) => [`${p.code}|${p.oldName ?? ''}`, p])).values()];
    });
    if (opts.words) {
      // Syllables join into words only in Vietnamese; other languages split on white space.
      drafts.forEach((d, i) => {
        (analysed[i] as Analysis).words = d.lang === 'vi' || d.lang === 'und' ? segmenter.segment(d.text) : d.text.split(/\s+/).filter(Boolean);
      });
    }
    return analysed;
  };

  /** The rules' topics ordered by the model's confidence, with the model's own around them. */
  const topicsOf = (byModel: TopicTagT[], byRules: TopicTagT[]): TopicTagT[] => {
    const topics = new Map<string, TopicTagT>();
    if (chosenTopicModel) for (const t of byModel) topics.set(t.id, t);
    // Several rules can match one text (a fraud case is prosecuted: tham-nhung and an-ninh); the
    // model's confidence orders them, so the first topic is the one the text is most about.
    const modelScore = (id: string): number => byModel.find((t) => t.id === id)?.score ?? 0;
    const ordered = [...byRules].sort((a, b) => b.score + modelScore(b.id) - (a.score + modelScore(a.id)));
    for (const t of ordered) if (!topics.has(t.id)) topics.set(t.id, t);
    if (!chosenTopicModel) for (const t of byModel) if (t.score >= MODEL_TOPIC_MIN_SCORE && !topics.has(t.id)) topics.set(t.id, t);
    return [...topics.values()];
  };

  return {
    version,
    analyseMany,
    analyse: (input, opts) => analyseMany([input], opts)[0] as Analysis,
  };
}

/**
 * analyseMany that cannot lose a batch to one bad input: should the batch throw, the inputs are
 * analysed one by one and only the one that throws gets its Error.
 */
export function analyseEach(analyser: Analyser, inputs: AnalysisInput[], options?: { words?: boolean }): (Analysis | Error)[] {
  try {
    return analyser.analyseMany(inputs, options);
  } catch {
    return inputs.map((input) => {
      try {
        return analyser.analyse(input, options);
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
    });
  }
}
