// dlxh train <task> --in LABELLED.jsonl --out DIR: trains one task's model from lines
// {text, label}; `dlxh analyze --model DIR` then uses it (tasks missing in DIR keep the shipped
// models). Reviewers' decisions and analysts' corrections come in through the same files.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readLabelled, readRiskLines, riskTraining, sentimentTraining, toxicityTraining, topicTraining } from '../../pipeline/train-models.ts';
import { train, saveModel, createClassifier, score, type Example } from '../../pipeline/language/text-classifier.ts';
import { SENTIMENT_LABELS } from '../../pipeline/language/sentiment.ts';
import { TOXICITY_LABELS } from '../../pipeline/language/toxicity.ts';
import { EXIT } from '../exit-codes.ts';

export const TRAINABLE = ['sentiment', 'topic', 'toxicity', 'risk'] as const;
type Task = (typeof TRAINABLE)[number];

const BUILDERS = { sentiment: sentimentTraining, toxicity: toxicityTraining, topic: topicTraining, risk: riskTraining };
const FIXED_LABELS: Partial<Record<Task, readonly string[]>> = { sentiment: SENTIMENT_LABELS, toxicity: TOXICITY_LABELS };

export async function trainCommand(task: string, opts: { in: string; out: string }) {
  if (!(TRAINABLE as readonly string[]).includes(task)) {
    console.error(`dlxh train: unknown task "${task}": choose one of ${TRAINABLE.join(', ')}`);
    process.exitCode = EXIT.usage;
    return;
  }
  const t = task as Task;
  let examples: Example[];
  try {
    examples = t === 'risk' ? readRiskLines(opts.in) : readLabelled(opts.in);
  } catch (error) {
    console.error(`dlxh train: ${(error as Error).message}`);
    process.exitCode = EXIT.usage;
    return;
  }
  const allowed = FIXED_LABELS[t];
  const bad = allowed ? examples.findIndex((e) => !allowed.includes(e.label)) : -1;
  if (bad >= 0) {
    console.error(`dlxh train: ${opts.in}: label "${examples[bad]?.label}" is not a ${t} label (expected ${allowed?.join(', ')})`);
    process.exitCode = EXIT.usage;
    return;
  }
  const labels = new Set(examples.map((e) => e.label));
  if (examples.length < 10 || labels.size < 2) {
    console.error(`dlxh train: ${opts.in}: need at least 10 examples and 2 different labels (found ${examples.length} and ${labels.size})`);
    process.exitCode = EXIT.usage;
    return;
  }
  const { options } = BUILDERS[t](examples);
  const dataSources = [{ name: `labelled examples from ${path.basename(opts.in)}`, path: path.resolve(opts.in), licence: 'as provided', examples: examples.length }];
  // A tenth of each label's examples is held back once to report a figure (every 10th of the label,
  // so a file sorted or cycling by label is still fairly split); the saved model uses them all.
  const seen = new Map<string, number>();
  const heldOut = examples.map((e) => {
    const n = (seen.get(e.label) ?? 0) + 1;
    seen.set(e.label, n);
    return n % 10 === 0;
  });
  const dev = examples.filter((_, i) => heldOut[i]);
  const check = createClassifier(train(examples.filter((_, i) => !heldOut[i]), { ...options, dataSources }), options.extra);
  // Macro over the labels the file has: a fixed label the file never uses (toxicity's "clean" in a
  // file of abuse only) would count as an F1 of 0.
  const figures = score(dev.map((e) => e.label), dev.map((e) => check.predict(e.text).label), [...labels].sort());
  const model = train(examples, { ...options, dataSources, trainedAt: new Date().toISOString() });
  mkdirSync(opts.out, { recursive: true });
  const file = path.join(opts.out, `${t}.json`);
  saveModel(model, file);
  console.error(`${file}: ${t} model ${model.version} from ${examples.length} examples, labels ${[...labels].sort().join(', ')}`);
  console.error(`held-out tenth: macro-F1 ${figures.macroF1.toFixed(3)}, accuracy ${figures.accuracy.toFixed(3)} (${dev.length} examples)`);
}
