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
  const out: PreparedItem[] = [];
  const bases: { at: number; base: ReturnType<typeof normaliseItem> }[] = [];
  for (const item of items) {
    try {
      bases.push({ at: out.length, base: normaliseItem(item, options) });
      out.push({ error: 'not analysed' }); // replaced below by its record or its analysis error
    } catch (err) {
      out.push({ error: messageOf(err) });
    }
  }
  const analyses = analyseEach(analyser, bases.map(({ base }) => ({ title: base.title, text: base.text, publishedAt: base.publishedAt, id: base.id })));
  bases.forEach(({ at, base }, i) => {
    const analysis = analyses[i] as Analysis | Error;
    out[at] = analysis instanceof Error ? { error: analysis.message } : settle(() => recordOf(base, analysis, analyser.version));
  });
  return out;
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
