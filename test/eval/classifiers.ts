// Measures the language stage's classifiers on held-out data: sentiment and topics on our
// *-dev.jsonl files (never trained on), toxicity on ViHOS dev and test plus our hate dev file.
// Prints macro-F1, accuracy, speed (posts/s on ~300-char posts, one core) and model load time.
//   node test/eval/classifiers.ts            # the committed models
//   node test/eval/classifiers.ts --compare  # also: our LR vs complement NB vs natural's classifiers
// Benchmarks print figures; they do not assert times.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// natural ships TypeScript sources that do not compile under this project's strict settings, so
// it is loaded untyped, through the small part of its API the comparison uses.
type NaturalClassifier = { addDocument(tokens: string[], label: string): void; train(): void; classify(tokens: string[]): string };
// Loaded only for --compare: natural pulls in dotenv, which prints on load.
const loadNatural = () => createRequire(import.meta.url)('natural') as {
  BayesClassifier: new () => NaturalClassifier;
  LogisticRegressionClassifier: new () => NaturalClassifier;
};
import { loadSentiment } from '../../pipeline/language/sentiment.ts';
import {
  createClassifier,
  DEFAULT_MODEL_DIR,
  score,
  train,
  type Example,
  type Scores,
  type TrainOptions,
} from '../../pipeline/language/text-classifier.ts';
import { loadTopicClassifier, NO_TOPIC, TOPIC_IDS } from '../../pipeline/language/topic-classifier.ts';
import { loadToxicity, TOXICITY_LABELS } from '../../pipeline/language/toxicity.ts';
import {
  LABELLED_DIR,
  readLabelled,
  sentimentTraining,
  topicTraining,
  toxicityTraining,
  vihosExamples,
} from '../../pipeline/train-models.ts';

export interface ClassifierFigures {
  macroF1: number;
  accuracy: number;
  examples: number;
}

export interface ClassifierReport {
  sentiment: ClassifierFigures;
  toxicity: { vihosDev: ClassifierFigures; vihosTest: ClassifierFigures; hateDev: ClassifierFigures; hateF1Test: number };
  topics: ClassifierFigures;
  postsPerSecond: { sentiment: number; toxicity: number; topics: number; allThree: number };
  loadMs: { sentiment: number; toxicity: number; topics: number };
}

function figures(s: Scores, n: number): ClassifierFigures {
  return { macroF1: round(s.macroF1), accuracy: round(s.accuracy), examples: n };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** ~300-character posts built from the dev texts, so speed is measured on realistic syllables. */
function benchmarkPosts(texts: string[], count = 2000): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < count) {
    let post = '';
    while (post.length < 300) post += `${texts[i++ % texts.length] as string}. `;
    out.push(post.slice(0, 300));
  }
  return out;
}

function postsPerSecond(posts: string[], run: (text: string) => unknown): number {
  for (let i = 0; i < 500; i++) run(posts[i % posts.length] as string); // warm-up
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < 1000) {
    for (const p of posts) run(p);
    n += posts.length;
  }
  return Math.round(n / ((performance.now() - started) / 1000));
}

function timed<T>(load: () => T): [T, number] {
  const started = performance.now();
  const value = load();
  return [value, Math.round(performance.now() - started)];
}

export function evaluateClassifiers(modelDir = DEFAULT_MODEL_DIR): ClassifierReport {
  const [sentiment, sentimentMs] = timed(() => loadSentiment(modelDir));
  const [toxicity, toxicityMs] = timed(() => loadToxicity(modelDir));
  const [topics, topicsMs] = timed(() => loadTopicClassifier(modelDir));

  const sentimentDev = readLabelled(join(LABELLED_DIR, 'sentiment-dev.jsonl'));
  const sentimentPred = sentimentDev.map((e) => sentiment.analyse(e.text).label);
  const sentimentScores = score(sentimentDev.map((e) => e.label), sentimentPred, ['negative', 'neutral', 'positive']);

  const tox = (examples: Example[]): Scores =>
    score(examples.map((e) => e.label), examples.map((e) => toxicity.analyse(e.text).label), TOXICITY_LABELS);
  const vihosDev = vihosExamples('dev');
  const vihosTest = vihosExamples('test');
  const hateDev = readLabelled(join(LABELLED_DIR, 'toxicity-extra-dev.jsonl'));
  const testScores = tox(vihosTest);

  const topicDev = readLabelled(join(LABELLED_DIR, 'topics-dev.jsonl'));
  const topicPred = topicDev.map((e) => topics.classify(e.text)[0]?.id ?? NO_TOPIC);
  const topicScores = score(topicDev.map((e) => e.label), topicPred, [...TOPIC_IDS, NO_TOPIC]);

  const posts = benchmarkPosts([...sentimentDev, ...vihosDev].map((e) => e.text));
  return {
    sentiment: figures(sentimentScores, sentimentDev.length),
    toxicity: {
      vihosDev: figures(tox(vihosDev), vihosDev.length),
      vihosTest: figures(testScores, vihosTest.length),
      hateDev: figures(tox(hateDev), hateDev.length),
      hateF1Test: round(testScores.perLabel.hate?.f1 ?? 0),
    },
    topics: figures(topicScores, topicDev.length),
    postsPerSecond: {
      sentiment: postsPerSecond(posts, (t) => sentiment.analyse(t)),
      toxicity: postsPerSecond(posts, (t) => toxicity.analyse(t)),
      topics: postsPerSecond(posts, (t) => topics.classify(t)),
      allThree: postsPerSecond(posts, (t) => {
        sentiment.analyse(t);
        toxicity.analyse(t);
        topics.classify(t);
      }),
    },
    loadMs: { sentiment: sentimentMs, toxicity: toxicityMs, topics: topicsMs },
  };
}

// ---- comparison of learners on the same splits ---------------------------------------------------

export interface LearnerFigures {
  learner: string;
  task: string;
  macroF1: number;
  accuracy: number;
  trainMs: number;
  postsPerSecond: number;
}

function natTokens(text: string): string[] {
  // natural's own tokenizers drop Vietnamese letters; give it our lower-cased syllables instead.
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 400);
}

export function compareLearners(): LearnerFigures[] {
  const tasks: Array<{ task: string; build: () => { examples: Example[]; options: TrainOptions }; dev: () => Example[] }> = [
    { task: 'sentiment', build: sentimentTraining, dev: () => readLabelled(join(LABELLED_DIR, 'sentiment-dev.jsonl')) },
    { task: 'topics', build: topicTraining, dev: () => readLabelled(join(LABELLED_DIR, 'topics-dev.jsonl')) },
    { task: 'toxicity (ViHOS dev)', build: toxicityTraining, dev: () => vihosExamples('dev') },
  ];
  const out: LearnerFigures[] = [];
  for (const { task, build, dev } of tasks) {
    const { examples, options } = build();
    const devSet = dev();
    const gold = devSet.map((e) => e.label);
    const posts = benchmarkPosts(devSet.map((e) => e.text), 500);
    for (const algorithm of ['logistic', 'complement-nb'] as const) {
      const [model, trainMs] = timed(() => train(examples, { ...options, algorithm, trainedAt: 'comparison' }));
      const c = createClassifier(model, options.extra);
      const s = score(gold, devSet.map((e) => c.predict(e.text).label), options.labels);
      const row = { learner: `ours:${algorithm}`, task, macroF1: round(s.macroF1), accuracy: round(s.accuracy), trainMs, postsPerSecond: postsPerSecond(posts, (t) => c.predict(t)) };
      console.error(JSON.stringify(row));
      out.push(row);
    }
    // natural's LogisticRegressionClassifier is dense and slow (minutes on 8k comments): it gets a
    // deterministic sample of at most 400 training examples here.
    const natural = loadNatural();
    const natural_: Array<[string, () => NaturalClassifier, number]> = [
      ['natural:BayesClassifier', () => new natural.BayesClassifier(), examples.length],
      ['natural:LogisticRegressionClassifier', () => new natural.LogisticRegressionClassifier(), 400],
    ];
    for (const [name, make, limit] of natural_) {
      const classifier = make();
      const step = Math.max(1, Math.floor(examples.length / limit));
      const sample = examples.filter((_, i) => i % step === 0).slice(0, limit);
      const [, trainMs] = timed(() => {
        for (const e of sample) classifier.addDocument(natTokens(e.text), e.label);
        classifier.train();
      });
      const s = score(gold, devSet.map((e) => classifier.classify(natTokens(e.text))), options.labels);
      const row = {
        learner: limit < examples.length ? `${name} (${sample.length} examples)` : name,
        task,
        macroF1: round(s.macroF1),
        accuracy: round(s.accuracy),
        trainMs,
        postsPerSecond: postsPerSecond(posts.slice(0, 50), (t) => classifier.classify(natTokens(t))),
      };
      console.error(JSON.stringify(row));
      out.push(row);
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(evaluateClassifiers(), null, 2));
  if (process.argv.includes('--compare')) console.table(compareLearners());
}
