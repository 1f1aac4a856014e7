// A learned risk signal: a text classifier trained on reviewers' decisions (dlxh train risk).
// It never replaces the explained rules; it adds one signal, "learned-pattern", whose evidence
// names the model and its probability, and whose weight is capped so that a person still sees
// which rule or claim (if any) raised the score.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RiskT } from './record.ts';
import { createClassifier, loadModel, type Classifier } from './language/text-classifier.ts';
import { combine } from './risk.ts';

export const RISK_LABELS = ['0', '1'] as const;
const MAX_WEIGHT = 0.6;
const MIN_PROBABILITY = 0.5;

export type LearnedRisk = { version: string; apply(text: string, risk: RiskT): RiskT };

export function loadLearnedRisk(dir: string | undefined): LearnedRisk | null {
  const file = dir ? path.join(dir, 'risk.json') : null;
  if (!file || !existsSync(file)) return null;
  const classifier: Classifier = createClassifier(loadModel(file));
  const positive = classifier.model.labels.indexOf('1');
  if (positive < 0) throw new Error(`${file}: a risk model needs the labels "0" and "1"`);
  return {
    version: classifier.model.version,
    apply(text, risk) {
      const p = classifier.probabilities(text)[positive] ?? 0;
      if (p < MIN_PROBABILITY) return risk;
      const signal = { id: 'learned-pattern', weight: Number((MAX_WEIGHT * p).toFixed(3)), evidence: `model ${classifier.model.version}: probability ${p.toFixed(2)}` };
      const signals = [...risk.signals, signal];
      // Dampening (negative weights) has already been applied to the rule signals; add this one on top.
      return { ...risk, signals, score: Number((1 - (1 - risk.score) * (1 - combine([signal.weight]))).toFixed(3)) };
    },
  };
}
