// Trainable topic classifier (DESIGN §6 "Tag"): complements the analysts' editable rules in
// config/topics.yaml. A softmax over the topic ids plus "khac" (none of them); every topic whose
// probability clears the threshold is returned, best first, so a post about a flooded
// expressway site can carry both thien-tai and cao-toc.

import { join } from 'node:path';
import { createClassifier, DEFAULT_MODEL_DIR, loadModel, type Classifier } from './text-classifier.ts';

/** The topic ids of config/topics.yaml; names and rules live there. */
export const TOPIC_IDS = [
  'dat-dai', 'cao-toc', 'bauxite', 'gia-nong-san', 'y-te', 'giao-duc', 'moi-truong', 'giao-thong', 'lua-dao',
  'an-ninh', 'dan-toc', 'ton-giao', 'sap-nhap', 'thien-tai', 'gia-ca', 'tham-nhung', 'viec-lam', 'an-sinh',
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];
/** Training label for "none of the topics"; never returned by classify(). */
export const NO_TOPIC = 'khac';

/** Probability a topic needs to be reported; chosen on topics-dev.jsonl. */
export const TOPIC_THRESHOLD = 0.15;
export const MAX_TOPICS = 3;

export interface TopicScore {
  id: string;
  score: number;
}

export interface TopicClassifier {
  classify(text: string): TopicScore[];
  version: string;
}

export function createTopicClassifier(classifier: Classifier, threshold = TOPIC_THRESHOLD, maxTopics = MAX_TOPICS): TopicClassifier {
  const labels = classifier.model.labels;
  // A model trained without "khac" examples (an analyst's own labels) knows no "none of them": it
  // gives every text its closest topics above the threshold, and at least its best one even when
  // many labels share the probability (with 20 labels the best can be under the threshold).
  const exhaustive = !labels.includes(NO_TOPIC);
  return {
    version: classifier.model.version,
    classify(text: string): TopicScore[] {
      const p = classifier.probabilities(text);
      const out: TopicScore[] = [];
      let best = 0;
      for (let k = 0; k < labels.length; k++) {
        const score = p[k] as number;
        if (score > (p[best] as number)) best = k;
        if (score >= threshold && labels[k] !== NO_TOPIC) out.push({ id: labels[k] as string, score });
      }
      if (exhaustive && out.length === 0 && text.trim() !== '') out.push({ id: labels[best] as string, score: p[best] as number });
      out.sort((a, b) => b.score - a.score);
      return out.slice(0, maxTopics);
    },
  };
}

export function loadTopicClassifier(dir: string = DEFAULT_MODEL_DIR): TopicClassifier {
  return createTopicClassifier(createClassifier(loadModel(join(dir, 'topic.json'))));
}
