// Topic rules from config/topics.yaml: phrases and boolean rules analysts edit. A topic matches
// when its phrases give enough evidence, or one of its boolean rules holds, and none of its
// exclusions occurs. One passing mention in a long article is not enough: it takes a mention in
// the title, two distinct phrases, two mentions, or a short text (a post) with one mention.
import type { TopicConfig } from '../config/schema.ts';
import type { TopicTagT } from './record.ts';
import { createPhraseMatcher, type Syllables } from './language/phrase-matcher.ts';
import { evaluate, parseRule, termsOf } from './rule-expression.ts';

export type TopicRules = {
  /** `titleEnd`: offset where the title ends in the matched text (0 when there is no title). */
  match(text: Syllables, titleEnd?: number): TopicTagT[];
};

const SHORT_TEXT_SYLLABLES = 120;
/** Score of a topic a boolean rule found: an analyst's precise rule is evidence on its own. */
const RULE_SCORE = 0.75;

/** What the one phrase matcher reports: a topic's phrase, or a term some boolean rule uses. */
type Mark = { topic: string; term?: undefined } | { term: string; topic?: undefined };

export function compileTopicRules(topics: TopicConfig[]): TopicRules {
  const rules = topics.flatMap((t) => t.rules.map((rule) => ({ topic: t.id, expression: parseRule(rule) })));
  const terms = new Set(rules.flatMap((r) => [...termsOf(r.expression)]));
  // One matcher for the phrases and the rules' terms: one pass over the text finds both.
  const include = createPhraseMatcher<Mark>([
    ...topics.flatMap((t) => t.phrases.map((p): [string, Mark] => [p, { topic: t.id }])),
    ...[...terms].map((term): [string, Mark] => [term, { term }]),
  ]);
  const exclude = createPhraseMatcher(topics.flatMap((t) => t.exclude.map((p): [string, string] => [p, t.id])));
  return {
    match(text, titleEnd = 0) {
      const found = new Map<string, { phrases: Set<string>; mentions: number; inTitle: boolean; byRule: boolean }>();
      const held = new Set<string>();
      const entry = (id: string) => {
        let f = found.get(id);
        if (!f) found.set(id, (f = { phrases: new Set<string>(), mentions: 0, inTitle: false, byRule: false }));
        return f;
      };
      for (const h of include.findAll(text)) {
        if (h.value.term !== undefined) {
          held.add(h.value.term);
          continue;
        }
        const f = entry(h.value.topic);
        f.phrases.add(h.phrase);
        f.mentions++;
        f.inTitle ||= h.start < titleEnd;
      }
      if (held.size > 0) for (const r of rules) if (evaluate(r.expression, (term) => held.has(term))) entry(r.topic).byRule = true;
      if (found.size > 0) for (const h of exclude.findAll(text)) found.delete(h.value);
      const short = text.words.length <= SHORT_TEXT_SYLLABLES;
      return [...found.entries()]
        .filter(([, f]) => f.byRule || f.inTitle || f.phrases.size >= 2 || f.mentions >= 2 || (short && f.mentions > 0))
        .map(([id, f]) => {
          const byPhrases = f.mentions > 0 ? Math.min(1, 0.45 + 0.15 * f.phrases.size + 0.05 * Math.min(4, f.mentions - 1) + (f.inTitle ? 0.15 : 0)) : 0;
          return { id, score: Number(Math.max(byPhrases, f.byRule ? RULE_SCORE : 0).toFixed(2)), by: 'rule' as const };
        })
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    },
  };
}
