// Stages 1 and 3 of a batch of items, which need nothing but the items: normalise and analyse each,
// and sketch its text for story grouping. Pure, so it runs the same on the pipeline's thread and on
// the analysis thread (analysis-thread.ts); what needs the store (duplicates, stories, indexing)
// happens afterwards in ingest.ts.
import type { RawItem } from '../crawlers/raw-item.ts';
import type { DlxhRecord } from './record.ts';
import { analyseEach, type Analyser, type Analysis } from './analyse.ts';
import { normaliseItem, type NormaliseOptions } from './normalise.ts';
import { minhashOf } from './language/minhash.ts';

/** A record with its analysis and sketch, before duplicates and stories are decided; or why not. */
export type PreparedItem = { record: DlxhRecord; error?: undefined } | { record?: undefined; error: string };

/**
 * Each item normalised, analysed and sketched, in order. The analysis runs over the batch at once
 * (Analyser.analyseMany); an item that cannot be normalised gets its error and the others go on.
 */
export function prepareItems(items: RawItem[], analyser: Analyser, options: NormaliseOptions): PreparedItem[] {
  type Base = ReturnType<typeof normaliseItem>;
  const bases = items.map((item): Base | Error => {
    try {
      return normaliseItem(item, options);
    } catch (err) {
      return new Error(messageOf(err));
    }
  });
  const valid = bases.filter((b): b is Base => !(b instanceof Error));
  const analyses = analyseEach(analyser, valid.map((b) => ({ title: b.title, text: b.text, publishedAt: b.publishedAt, id: b.id })));
  let next = 0;
  return bases.map((base): PreparedItem => {
    if (base instanceof Error) return { error: base.message };
    const analysis = analyses[next++] as Analysis | Error;
    return analysis instanceof Error ? { error: analysis.message } : settle(() => recordOf(base, analysis, analyser.version));
  });
}

function settle(make: () => DlxhRecord): PreparedItem {
  try {
    return { record: make() };
  } catch (err) {
    return { error: messageOf(err) };
  }
}

function recordOf(base: ReturnType<typeof normaliseItem>, analysis: Analysis, version: string): DlxhRecord {
  return { ...base, ...analysedFields(analysis, version), clusterId: analysis.clusterId ?? null, minhash: sketchOf(base) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
