// Re-analysis of stored records after the models change (npm run train:models, or dlxh train and
// --model): a record keeps the analysis of the models that first saw it (analysis.version names
// them) until it is crawled again, and an incremental crawl does not fetch an unchanged page
// again. This gives every record whose analysis.version is not the analyser's today's language
// tags: lang, topics, sentiment, toxicity, places and risk. What people decided stays (review,
// routing, topics a person tagged), and so does what the text alone decides (copies, stories).
import type { Analyser, Analysis } from './analyse.ts';
import type { DlxhRecord } from './record.ts';
import type { RecordStore } from './store/store.ts';
import { analysedFields, sketchOf } from './prepare.ts';
import { carryOver } from './ingest.ts';

export type ReanalyseOptions = {
  /** Re-analyse records already analysed by these models, too. */
  all?: boolean;
  batchSize?: number;
  onBatch?: (progress: ReanalyseResult) => void;
};

export type ReanalyseResult = { seen: number; reanalysed: number; current: number };

/** Records with today's analysis (one batch through the analyser); a person's topics and every workflow field stay. */
export function reanalyseRecords(records: DlxhRecord[], analyser: Analyser): DlxhRecord[] {
  const analyses = analyser.analyseMany(records.map((r) => ({ title: r.title, text: r.text, publishedAt: r.publishedAt, id: r.id })));
  // Stores leave the sketch out of what they return; it is the same text, so the same sketch.
  return records.map((record, i) => carryOver({ ...record, ...analysedFields(analyses[i] as Analysis, analyser.version), minhash: sketchOf(record) }, record));
}

/** Pages through every record (copies included) and re-analyses those the analyser did not write. */
export async function reanalyseStore(store: RecordStore, analyser: Analyser, options: ReanalyseOptions = {}): Promise<ReanalyseResult> {
  const result: ReanalyseResult = { seen: 0, reanalysed: 0, current: 0 };
  let cursor: string | undefined;
  do {
    const page = await store.search({ hideDuplicates: false, limit: options.batchSize ?? 200, ...(cursor ? { cursor } : {}) });
    const stale = page.items.filter((r) => options.all || r.analysis?.version !== analyser.version);
    result.seen += page.items.length;
    result.current += page.items.length - stale.length;
    if (stale.length > 0) await store.upsert(reanalyseRecords(stale, analyser));
    result.reanalysed += stale.length;
    options.onBatch?.({ ...result });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return result;
}
