// A learned risk signal: a text classifier trained on labelled posts (the shipped model, from
// test/data/labelled/risk*.jsonl by npm run train:models) or on reviewers' decisions
// (dlxh train risk --out DIR, then --model DIR). It never replaces the explained rules; it adds
// one signal, "learned-pattern", whose evidence names the model and its probability, and whose
// weight is capped so that a person still sees which rule or claim (if any) raised the score.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RiskT } from './record.ts';
import { createClassifier, DEFAULT_MODEL_DIR, loadModel, strongestPhrases, type Classifier } from './language/text-classifier.ts';
import { combine } from './risk.ts';

export const RISK_LABELS = ['0', '1'] as const;
const MAX_WEIGHT = 0.6;
/**
 * From this probability the model's signal is listed and counts (weight 0.6 × p, from 0.03). Below
 * 0.5 it cannot take a record to review alone, but it still orders records by risk: when every
 * text without a rule hit scored 0, the score ranked hoaxes the rules missed no higher than
 * anything else (ROC-AUC 0.898 on risk-dev-more against 0.989 with this floor).
 */
const LISTED_FROM = 0.05;
/** The signal's weight from probability 0.5 on: strong, though still not a review alone (eval reports how often plain texts reach it). */
export const STRONG_WEIGHT = MAX_WEIGHT * 0.5;

export type LearnedRisk = { version: string; apply(text: string, risk: RiskT): RiskT };

/** The risk model in `dir` when it has one, else the shipped one (null when neither exists). */
export function loadLearnedRisk(dir: string | undefined): LearnedRisk | null {
  const chosen = dir ? path.join(dir, 'risk.json') : null;
  const file = chosen && existsSync(chosen) ? chosen : path.join(DEFAULT_MODEL_DIR, 'risk.json');
  if (!existsSync(file)) return null;
  const classifier: Classifier = createClassifier(loadModel(file));
  const positive = classifier.model.labels.indexOf('1');
  if (positive < 0) throw new Error(`${file}: a risk model needs the labels "0" and "1"`);
  return {
    version: classifier.model.version,
    apply(text, risk) {
      const p = classifier.probabilities(text)[positive] ?? 0;
      if (p < LISTED_FROM) return risk;
      // The evidence names the words that weighed most, so a reviewer sees what the model reacted to.
      const words = strongestPhrases(classifier.model, text, '1').map((w) => `"${w}"`).join(', ');
      const evidence = `model ${classifier.model.version}: probability ${p.toFixed(2)}${words ? `, from ${words}` : ''}`;
      const signal = { id: 'learned-pattern', weight: Number((MAX_WEIGHT * p).toFixed(3)), evidence };
      const signals = [...risk.signals, signal];
      // Dampening (negative weights) has already been applied to the rule signals; add this one on top.
      return { ...risk, signals, score: Number((1 - (1 - risk.score) * (1 - combine([signal.weight]))).toFixed(3)) };
    },
  };
}
