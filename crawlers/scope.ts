// Is an item about the province? A local source's items all are; a national source's item is when
// it names a place of the focus area or one of the source's keywords. The decision and its reason
// are stored on every item (out-of-scope items are kept, the pipeline filters), so an analyst can
// see why an item was or was not counted.
//
// Which places count: those the gazetteer marks inFocus — the focus area's communes and wards
// under their new names and their pre-2025 names (former districts, communes, "tỉnh Bình Phước"),
// and the province itself ("tỉnh Đồng Nai"), whose decisions apply to the focus area. Units of the
// province outside the focus area (Biên Hòa…) do not count on their own.
import type { z } from 'zod';
import type { ScopeRule } from '../config/schema.ts';
import type { RawItem } from './raw-item.ts';
import type { CrawlContext } from './crawl-context.ts';
import { findPlaces, loadGazetteer, type Gazetteer } from '../pipeline/language/places.ts';
import { createPhraseMatcher, type PhraseMatcher } from '../pipeline/language/phrase-matcher.ts';
import { normaliseForMatching } from '../pipeline/language/normalise.ts';

export type ScopeRuleConfig = z.infer<typeof ScopeRule>;
export type ScopeDecision = { inScope: boolean; reason: string };

/** Text read for the decision: title and the first part of the text (where the subject is named). */
const SCOPE_TEXT_CHARS = 20_000;

const matchers = new WeakMap<readonly string[], PhraseMatcher<string>>();
function keywordMatcher(keywords: readonly string[]): PhraseMatcher<string> {
  let m = matchers.get(keywords);
  if (!m) {
    m = createPhraseMatcher(keywords.map((k) => [k, k] as [string, string]));
    matchers.set(keywords, m);
  }
  return m;
}

export function scopeDecision(item: Pick<RawItem, 'title' | 'text'>, rule: ScopeRuleConfig, gazetteer: Gazetteer | null): ScopeDecision {
  if (rule.mode === 'local') return { inScope: true, reason: 'source is local' };
  const raw = `${item.title ?? ''}\n${(item.text ?? '').slice(0, SCOPE_TEXT_CHARS)}`;
  if (rule.places && gazetteer) {
    // The original text: place matching handles tone placement itself and needs the capitals.
    for (const m of findPlaces(gazetteer, raw.normalize('NFC'))) {
      if (gazetteer.byCode.get(m.code)?.inFocus) return { inScope: true, reason: `place: ${m.matched}` };
    }
  }
  if (rule.keywords.length) {
    const hit = keywordMatcher(rule.keywords).findAll(normaliseForMatching(raw).text)[0];
    if (hit) return { inScope: true, reason: `keyword: ${hit.value}` };
  }
  const looked = [rule.places && gazetteer ? 'place' : null, rule.keywords.length ? 'keyword' : null].filter(Boolean).join(' or ');
  return { inScope: false, reason: looked ? `no ${looked} of the province` : 'no places or keywords configured for this source' };
}

let defaultGazetteer: Gazetteer | null | undefined;
/** The configured gazetteer, loaded once; null (keywords only) when it cannot be read. */
export function scopeGazetteer(log?: (m: string) => void): Gazetteer | null {
  if (defaultGazetteer === undefined) {
    try {
      defaultGazetteer = loadGazetteer();
    } catch (err) {
      log?.(`scope: gazetteer not loaded, keywords only: ${(err as Error).message}`);
      defaultGazetteer = null;
    }
  }
  return defaultGazetteer;
}

/** A sink that stamps every item with its scope decision before passing it on. */
export function scopedSink(sink: CrawlContext['sink'], rule: ScopeRuleConfig, gazetteer: Gazetteer | null): CrawlContext['sink'] {
  return (items) => sink(items.map((item) => (item.scope ? item : { ...item, scope: scopeDecision(item, rule, gazetteer) })));
}
