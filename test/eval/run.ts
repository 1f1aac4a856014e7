// npm run eval: every quality figure of the language and extraction stages on the project's own
// dev sets (never on texts listed in ../shared/data/eval_text_sha1.txt). Prints; asserts nothing.
import { evaluateSegmentation } from './segmentation.ts';
import { readConllu, scoreSegmentation, UD_DEV_PATH } from '../../pipeline/language/segmenter-training.ts';
import { loadSegmenter } from '../../pipeline/language/segment.ts';
import { fold } from '../../pipeline/language/fold.ts';
import { evaluateClassifiers } from './classifiers.ts';
import { evaluateExtraction } from './extraction.ts';
import { evaluateNewsPlaces, evaluatePlaces } from './places.ts';
import { evaluateLanguageId } from './language-id.ts';
import { evaluateRisk } from './risk.ts';
import { evaluateStories, STORIES_TUNE_PATH } from './stories.ts';
import { join } from 'node:path';
import { loadSentiment } from '../../pipeline/language/sentiment.ts';
import { NO_TOPIC, TOPIC_IDS } from '../../pipeline/language/topic-classifier.ts';
import { createAnalyser } from '../../pipeline/analyse.ts';
import { loadConfig } from '../../config/load.ts';
import { score } from '../../pipeline/language/text-classifier.ts';
import { readFileSync } from 'node:fs';
import { LABELLED_DIR, labelFiles, readLabelled, readNewsLabelled, readRiskLines, readViHOSLabelled, withoutOffensiveWords } from '../../pipeline/train-models.ts';
import { SHARED_DATA_DIR } from '../../pipeline/shared-data.ts';
import { loadToxicity, parseOffensiveWords } from '../../pipeline/language/toxicity.ts';
import { loadLearnedRisk, STRONG_WEIGHT } from '../../pipeline/learned-risk.ts';

/** Sentiment macro-F1 of the shipped model on one of our dev sets (never trained or tuned on). */
function evaluateSentimentOn(dev: { text: string; label: string }[]): { macroF1: number; examples: number } {
  const analyser = loadSentiment();
  const s = score(dev.map((e) => e.label), dev.map((e) => analyser.analyse(e.text).label), ['negative', 'neutral', 'positive']);
  return { macroF1: s.macroF1, examples: dev.length };
}

/** The texts of one of our dev files (risk files carry 0/1 labels, the others strings). */
function readRiskOrLabelled(file: string): string[] {
  return (file.includes('/risk') ? readRiskLines(file) : readLabelled(file)).map((e) => e.text);
}

const f = (x: number) => x.toFixed(3);
const rows: [string, string, string][] = [];
const add = (what: string, figure: string, on: string) => { rows.push([what, figure, on]); console.log(`${what.padEnd(36)} ${figure.padEnd(28)} ${on}`); };

console.log('figure                               value                        data');
const seg = evaluateSegmentation();
add('word segmentation F1', f(seg.f1), `UD-VTB dev, ${seg.goldWords} words`);
// The same sentences typed without diacritics, as many comments are (the folded model's text).
{
  const folded = readConllu(UD_DEV_PATH).map((s) => ({ text: fold(s.text), words: s.words.map(fold) }));
  add('word segmentation F1, no diacritics', f(scoreSegmentation(loadSegmenter(), folded).f1), 'UD-VTB dev with the diacritics removed');
}
const cls = evaluateClassifiers();
add('sentiment macro-F1', f(cls.sentiment.macroF1), 'test/data/labelled/sentiment-dev.jsonl');
// Many registers, unaccented text, sarcasm.
const broad = evaluateSentimentOn(readLabelled(join(LABELLED_DIR, 'sentiment-dev-broad.jsonl')));
add('sentiment macro-F1 (broad)', f(broad.macroF1), `test/data/labelled/sentiment-dev-broad.jsonl (${broad.examples})`);
const real = evaluateSentimentOn(readViHOSLabelled(join(LABELLED_DIR, 'sentiment-vihos-dev.jsonl')));
add('sentiment macro-F1 (real comments)', f(real.macroF1), `ViHOS dev comments, our labels: test/data/labelled/sentiment-vihos-dev.jsonl (${real.examples})`);
const feedback = evaluateSentimentOn(readLabelled(join(LABELLED_DIR, 'sentiment-feedback-dev.jsonl')));
add('sentiment macro-F1 (feedback forms)', f(feedback.macroF1), `test/data/labelled/sentiment-feedback-dev.jsonl (${feedback.examples})`);
// Real news sentences of UD-VTB dev (the Vietnamese Treebank), our labels; never trained on.
const newsDev = labelFiles('news-uddev').flatMap((file) => readNewsLabelled(join(LABELLED_DIR, file)));
const news = evaluateSentimentOn(newsDev.map((s) => ({ text: s.text, label: s.sentiment })));
add('sentiment macro-F1 (real news)', f(news.macroF1), `UD-VTB dev sentences, our labels: test/data/labelled/news-uddev-*.jsonl (${news.examples})`);
{
  // Sarcasm: praise words mocking a failure, and sincere praise with the same words.
  const analyser = loadSentiment();
  const dev = readLabelled(join(LABELLED_DIR, 'sentiment-sarcasm-dev.jsonl'));
  const share = (label: string) => {
    const of = dev.filter((e) => e.label === label);
    return `${((of.filter((e) => analyser.analyse(e.text).label === label).length / of.length) * 100).toFixed(1)} %`;
  };
  add('sentiment: sarcasm / sincere praise', `${share('negative')} / ${share('positive')}`, 'read as negative / positive: test/data/labelled/sentiment-sarcasm-dev.jsonl');
}
add('toxicity macro-F1', f(cls.toxicity.vihosTest.macroF1), 'ViHOS test split');
// Plain news, posts, complaints and feedback (our dev files, no word of the offensive list).
{
  const toxicity = loadToxicity();
  const files = ['topics-dev.jsonl', 'sentiment-feedback-dev.jsonl', 'risk-dev.jsonl', 'risk-dev-more.jsonl'];
  const texts = withoutOffensiveWords(files.flatMap((file) => readRiskOrLabelled(join(LABELLED_DIR, file))), parseOffensiveWords(readFileSync(join(SHARED_DATA_DIR, 'lexicons', 'vn_offensive_words.txt'), 'utf8')));
  const flagged = texts.filter((t) => toxicity.analyse(t).label !== 'clean').length / texts.length;
  add('toxicity: plain texts flagged', `${(flagged * 100).toFixed(1)} %`, `${files.join(', ')} (${texts.length})`);
  const newsFlagged = newsDev.filter((s) => toxicity.analyse(s.text).label !== 'clean').length / newsDev.length;
  add('toxicity: real news flagged', `${(newsFlagged * 100).toFixed(1)} %`, `UD-VTB dev sentences (${newsDev.length})`);
  // Plain texts that look like abuse to a comment-trained model, and abuse on the same subjects:
  // animal words and vulgar homonyms used literally; harsh criticism of officials without insult.
  for (const [what, file] of [['literal words', 'toxicity-literal-dev.jsonl'], ['criticism', 'toxicity-criticism-dev.jsonl']] as const) {
    const examples = readLabelled(join(LABELLED_DIR, file));
    const plain = examples.filter((e) => e.label === 'clean');
    const abuse = examples.filter((e) => e.label !== 'clean');
    const plainFlagged = plain.filter((e) => toxicity.analyse(e.text).label !== 'clean').length / plain.length;
    const abuseCaught = abuse.filter((e) => toxicity.analyse(e.text).label !== 'clean').length / abuse.length;
    add(`toxicity: ${what} flagged / abuse caught`, `${(plainFlagged * 100).toFixed(1)} % / ${(abuseCaught * 100).toFixed(1)} %`, `test/data/labelled/${file} (${plain.length} plain, ${abuse.length} abusive)`);
  }
}
add('topics macro-F1', f(cls.topics.macroF1), 'test/data/labelled/topics-dev.jsonl, the topic model alone');
{
  // As records show them: the configured rules first, then the model's confident topics.
  const config = loadConfig();
  const analyser = createAnalyser({ topics: config.topics, gazetteerPath: config.gazetteerPath });
  const dev = readLabelled(join(LABELLED_DIR, 'topics-dev.jsonl'));
  const s = score(dev.map((e) => e.label), dev.map((e) => analyser.analyse({ text: e.text }).topics[0]?.id ?? NO_TOPIC), [...TOPIC_IDS, NO_TOPIC]);
  add('topics macro-F1 (records)', f(s.macroF1), 'the same file, first topic of the analysis (rules, then model)');
  // Real comments are mostly about none of the topics: how many get one anyway (some rightly).
  const comments = readViHOSLabelled(join(LABELLED_DIR, 'sentiment-vihos-dev.jsonl'));
  const tagged = comments.filter((e) => analyser.analyse({ text: e.text }).topics.length > 0).length;
  add('topics: real comments given a topic', `${tagged} of ${comments.length}`, 'ViHOS dev comments (sentiment-vihos-dev.jsonl)');
  const newsTopics = score(newsDev.map((s) => s.topic), newsDev.map((s) => analyser.analyse({ text: s.text }).topics[0]?.id ?? NO_TOPIC), [...new Set(newsDev.map((s) => s.topic))]);
  add('topics macro-F1 / accuracy (real news)', `${f(newsTopics.macroF1)} / ${f(newsTopics.accuracy)}`, `UD-VTB dev sentences, first topic of the analysis, macro over the topics present (${newsDev.length})`);
}
const places = evaluatePlaces();
add('places P / R', `${f(places.precision)} / ${f(places.recall)}`, `test/data/places-dev.jsonl (${places.sentences})`);
const newsPlaces = evaluateNewsPlaces();
add('places P / R (real news)', `${f(newsPlaces.precision)} / ${f(newsPlaces.recall)}`, `${newsPlaces.sentences} news sentences, ${newsPlaces.mentions} found, our labels: test/data/labelled/places-news.jsonl`);
const lang = evaluateLanguageId();
add('language id accuracy', f(lang.accuracy), `test/data/language-id-dev.jsonl (${lang.lines})`);
const ex = await evaluateExtraction();
add('extraction body F1 / dates', `${f(ex.bodyF1)} / ${ex.datesCorrect}/${ex.datesTotal}`, `test/fixtures/extraction (${ex.pages} pages)`);
{
  // Plain posts, feedback and real comments (our dev files): the risk score should leave them alone.
  const learned = loadLearnedRisk(undefined);
  const none = { score: 0, signals: [], matchedClaims: [] };
  const texts = [
    ...['topics-dev.jsonl', 'sentiment-dev-broad.jsonl', 'sentiment-feedback-dev.jsonl'].flatMap((file) => readLabelled(join(LABELLED_DIR, file))),
    ...readViHOSLabelled(join(LABELLED_DIR, 'sentiment-vihos-dev.jsonl')),
  ].map((e) => e.text);
  const strong = (t: string) => (learned?.apply(t, none).signals[0]?.weight ?? 0) >= STRONG_WEIGHT;
  const fired = texts.filter(strong).length / texts.length;
  add('risk: plain texts, learned ≥ 0.3', `${(fired * 100).toFixed(1)} %`, `topics-dev, sentiment-dev-broad, sentiment-feedback-dev, sentiment-vihos-dev (${texts.length})`);
  const newsFired = newsDev.filter((s) => strong(s.text)).length / newsDev.length;
  add('risk: real news, learned ≥ 0.3', `${(newsFired * 100).toFixed(1)} %`, `UD-VTB dev sentences (${newsDev.length})`);
}
for (const file of ['risk-dev.jsonl', 'risk-dev-more.jsonl']) {
  const risk = evaluateRisk(join(LABELLED_DIR, file));
  add('risk ROC-AUC', f(risk.rocAuc), `test/data/labelled/${file} (${risk.examples})`);
  add('complaints/criticism flagged', `${(risk.complaintFlagRate * 100).toFixed(1)} % (score ≥ ${risk.threshold})`, `${file}, kinds complaint + criticism`);
  add('complaints/criticism, any risk', `${(risk.complaintAnyRiskRate * 100).toFixed(1)} % (score > 0)`, `${file}, kinds complaint + criticism`);
}
const stories = evaluateStories(undefined, undefined, false);
add('stories pairwise P / R', `${f(stories.pairwise.precision)} / ${f(stories.pairwise.recall)}`, `test/data/labelled/stories-dev.jsonl (${stories.texts})`);
const storiesTune = evaluateStories(STORIES_TUNE_PATH, undefined, false);
add('stories pairwise P / R (tuning set)', `${f(storiesTune.pairwise.precision)} / ${f(storiesTune.pairwise.recall)}`, `test/data/labelled/stories-tune.jsonl (${storiesTune.texts}; the thresholds were chosen on it and the demo)`);
