// Topic rules from config/topics.yaml: phrases analysts edit. A topic matches when its phrases
// give enough evidence and none of its exclusions occurs. One passing mention in a long article
// is not enough: it takes a mention in the title, two distinct phrases, two mentions, or a short
// text (a post) with one mention.
import type { TopicConfig } from '../config/schema.ts';
import type { TopicTagT } from './record.ts';
import { createPhraseMatcher, type Syllables } from './language/phrase-matcher.ts';

export type TopicRules = {
  /** `titleEnd`: offset where the title ends in the matched text (0 when there is no title). */
  match(text: Syllables, titleEnd?: number): TopicTagT[];
};

const SHORT_TEXT_SYLLABLES = 120;

export function compileTopicRules(topics: TopicConfig[]): TopicRules {
  const include = createPhraseMatcher(topics.flatMap((t) => t.phrases.map((p): [string, string] => [p, t.id])));
  const exclude = createPhraseMatcher(topics.flatMap((t) => t.exclude.map((p): [string, string] => [p, t.id])));
  return {
    match(text, titleEnd = 0) {
      const found = new Map<string, { phrases: Set<string>; mentions: number; inTitle: boolean }>();
      for (const h of include.findAll(text)) {
        const f = found.get(h.value) ?? { phrases: new Set<string>(), mentions: 0, inTitle: false };
        f.phrases.add(h.phrase);
        f.mentions++;
        f.inTitle ||= h.start < titleEnd;
        found.set(h.value, f);
      }
      if (found.size > 0) for (const h of exclude.findAll(text)) found.delete(h.value);
      const short = text.words.length <= SHORT_TEXT_SYLLABLES;
      return [...found.entries()]
        .filter(([, f]) => f.inTitle || f.phrases.size >= 2 || f.mentions >= 2 || short)
        .map(([id, f]) => ({
          id,
          score: Number(Math.min(1, 0.45 + 0.15 * f.phrases.size + 0.05 * Math.min(4, f.mentions - 1) + (f.inTitle ? 0.15 : 0)).toFixed(2)),
          by: 'rule' as const,
        }))
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    },
  };
}
