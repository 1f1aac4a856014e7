// Stages 1 and 3 of one item, which need nothing but the item: normalise it and analyse it, and
// sketch its text for story grouping. Pure, so it runs the same on the pipeline's thread and on
// the analysis thread (analysis-thread.ts); what needs the store (duplicates, stories, indexing)
// happens afterwards in ingest.ts.
import type { RawItem } from '../crawlers/raw-item.ts';
import type { DlxhRecord } from './record.ts';
import type { Analyser, Analysis } from './analyse.ts';
import { normaliseItem, type NormaliseOptions } from './normalise.ts';
import { minhashOf } from './language/minhash.ts';

/** A record with its analysis and sketch, before duplicates and stories are decided; or why not. */
export type PreparedItem = { record: DlxhRecord; error?: undefined } | { record?: undefined; error: string };

export function prepareItem(item: RawItem, analyser: Analyser, options: NormaliseOptions): PreparedItem {
  try {
    const base = normaliseItem(item, options);
    const analysis = analyser.analyse({ title: base.title, text: base.text, publishedAt: base.publishedAt, id: base.id });
    return {
      record: { ...base, ...analysedFields(analysis, analyser.version), clusterId: analysis.clusterId ?? null, minhash: sketchOf(base) },
    };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** The fields of a record that the analysis writes, and the models that wrote them. */
export function analysedFields(analysis: Analysis, version: string): Pick<DlxhRecord, 'lang' | 'topics' | 'sentiment' | 'toxicity' | 'places' | 'risk' | 'analysis'> {
  return {
    lang: analysis.lang,
    topics: analysis.topics,
    sentiment: analysis.sentiment,
    toxicity: analysis.toxicity,
    places: analysis.places,
    risk: analysis.risk,
    analysis: { version, at: new Date().toISOString() },
  };
}

/** The MinHash sketch of a record's text (and title) for story grouping. */
export function sketchOf(record: Pick<DlxhRecord, 'text' | 'title'>): DlxhRecord['minhash'] {
  const sketch = minhashOf(record.text, record.title);
  return sketch ? { bands: sketch.bands, signature: Array.from(sketch.signature) } : null;
}
