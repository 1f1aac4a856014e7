// Stage 3: the Vietnamese analysis of one text — language, topics, sentiment, toxicity, places
// and misinformation risk — with the versions of the models that produced it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TopicConfig } from '../config/schema.ts';
import type { DlxhRecord, TopicTagT } from './record.ts';
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

export type Analyser = { version: string; analyse(input: AnalysisInput, options?: { words?: boolean }): Analysis };

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

/** A model file from the chosen folder when present there, else the shipped default. */
function modelIn(dir: string | undefined, file: string): string | undefined {
  if (!dir) return undefined;
  const p = path.join(dir, file);
  return existsSync(p) ? dir : undefined;
}

export function createAnalyser(options: AnalyserOptions): Analyser {
  if (options.modelDir && !existsSync(options.modelDir)) throw new Error(`model folder not found: ${options.modelDir}`);
  const rules = compileTopicRules(options.topics);
  const gazetteer = loadGazetteer(options.gazetteerPath);
  const sentiment = loadSentiment(modelIn(options.modelDir, 'sentiment.json'));
  const toxicity = loadToxicity(modelIn(options.modelDir, 'toxicity.json'));
  const topicModelDir = modelIn(options.modelDir, 'topic.json');
  const topicModel = loadTopicClassifier(topicModelDir);
  // A topic model someone trained and chose (--model DIR) is their taxonomy: its topics lead, and
  // the configured rules add theirs after. The shipped model only backs the rules up.
  const chosenTopicModel = topicModelDir !== undefined;
  const segmenter = loadSegmenter();
  const learnedRisk = loadLearnedRisk(options.modelDir);
  const claims = options.claimsPath ? createClaimMatcher(loadClaims(options.claimsPath)) : undefined;
  const riskRules = options.riskSignalsPath ? loadRiskSignals(options.riskSignalsPath) : undefined;
  const version = [`sentiment@${sentiment.version}`, `toxicity@${toxicity.version}`, `topic@${topicModel.version}`, `segmenter@${segmenter.version}`,
    ...(learnedRisk ? [`risk@${learnedRisk.version}`] : [])].join(' ');

  return {
    version,
    analyse(input, opts = {}) {
      const full = input.title ? `${input.title}\n${input.text}` : input.text;
      const text = full.length > MAX_ANALYSED_CHARS ? full.slice(0, MAX_ANALYSED_CHARS) : full;
      const matchText = normaliseForMatching(text).text;
      const syllables = syllablesOf(matchText);
      const titleEnd = input.title ? normaliseForMatching(input.title).text.length : 0;
      const topics = new Map<string, TopicTagT>();
      const byModel = topicModel.classify(text).map((t): TopicTagT => ({ id: t.id, score: Number(t.score.toFixed(3)), by: 'model' }));
      if (chosenTopicModel) for (const t of byModel) topics.set(t.id, t);
      // Several rules can match one text (a fraud case is prosecuted: tham-nhung and an-ninh); the
      // model's confidence orders them, so the first topic is the one the text is most about.
      const modelScore = (id: string): number => byModel.find((t) => t.id === id)?.score ?? 0;
      const byRules = rules.match(syllables, titleEnd).sort((a, b) => b.score + modelScore(b.id) - (a.score + modelScore(a.id)));
      for (const t of byRules) if (!topics.has(t.id)) topics.set(t.id, t);
      if (!chosenTopicModel) for (const t of byModel) if (t.score >= MODEL_TOPIC_MIN_SCORE && !topics.has(t.id)) topics.set(t.id, t);
      const places = findPlaces(gazetteer, text).map((p) => ({
        code: p.code, name: p.name, level: p.level, slug: p.slug, old: p.old, ...(p.oldName ? { oldName: p.oldName } : {}),
      }));
      const uniquePlaces = [...new Map(places.map((p) => [`${p.code}|${p.oldName ?? ''}`, p])).values()];
      const s = sentiment.analyse(text);
      const tox = toxicity.analyse(text);
      const lang = detectLanguage(text).lang;
      const risk = scoreRisk(matchText, syllables, { ...input, ...(claims ? { claims } : {}), ...(riskRules ? { rules: riskRules } : {}) });
      return {
        lang,
        topics: [...topics.values()],
        sentiment: { label: s.label, score: Number(s.score.toFixed(3)) },
        toxicity: { label: tox.label, score: Number(tox.score.toFixed(3)) },
        places: uniquePlaces,
        // The learned signal knows Vietnamese only; other languages keep the rules' score.
        risk: learnedRisk && lang === 'vi' ? learnedRisk.apply(text, risk) : risk,
        // Syllables join into words only in Vietnamese; other languages split on white space.
        ...(opts.words ? { words: lang === 'vi' || lang === 'und' ? segmenter.segment(text) : text.split(/\s+/).filter(Boolean) } : {}),
      };
    },
  };
}
