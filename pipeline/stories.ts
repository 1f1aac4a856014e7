// Grouping (DESIGN §6 "Group"): reposts and syndicated copies become near-duplicates of the
// earliest copy, and texts about the same event join one story cluster, so that volume counts
// narratives rather than copies. A record is compared only with records that share a MinHash band
// key (pipeline/language/minhash.ts) and lie within a sliding window around its time.
import type { DlxhRecord } from './record.ts';
import { CANDIDATES_PER_BAND, type RecordStore, type StoryCandidate } from './store/store.ts';
import { minhashOf, copySimilarity, storySimilarity, storyContainment } from './language/minhash.ts';

export type { StoryCandidate };

export type TimeWindow = { from: string; to: string };

export type StoryEntry = StoryCandidate & { bands: string[] };

/** Where earlier records are looked up: the store, or memory within one run. */
export type StoryIndex = {
  candidates(bandKeys: string[], window: TimeWindow, limit: number): Promise<StoryCandidate[]>;
  add(entry: StoryEntry): Promise<void>;
};

export type StoryInput = {
  id: string;
  /** ISO time of the record (publication, else collection); null groups it with undated records. */
  publishedAt: string | null;
  signature: ArrayLike<number> | null;
  bands: string[];
};

export type StoryAssignment = {
  clusterId: string;
  /** The earliest earlier record this one copies (estimated shingle Jaccard ≥ nearDuplicate). */
  nearDuplicateOf: string | null;
  /** The similarity that decided: copy similarity for a copy, story similarity for a story, else 0. */
  similarity: number;
  /**
   * Whether later records should find this one by its band keys. Not a copy of a recent record:
   * later copies find that original instead, so a text copied ten thousand times does not make
   * ten thousand entries under the same keys (only one relay copy every half window).
   */
  findable: boolean;
};

export type StoryOptions = {
  /** Half-width of the sliding window in days (default 7: a week before and after). */
  windowDays?: number;
  /** Estimated Jaccard of 3-syllable shingles from which a text is a copy (default 0.8). */
  nearDuplicate?: number;
  /** Estimated Jaccard of content syllables from which two texts tell one story. */
  story?: number;
  /** Estimated share of the smaller story set inside the other from which they tell one story. */
  contained?: number;
  /** Most candidates compared per record (default 50). */
  limit?: number;
};

// story and contained (and minhash.ts's anchor weight) were chosen on stories-tune.jsonl, written
// for tuning with wording that varies between write-ups and look-alike events, and on the demo's
// records (config/demo/), where containment from 0.6 chained a project's separate narratives
// (works, compensation, a scam advert, another road) into one cluster; stories-dev.jsonl only
// reports (test/eval/stories.ts). nearDuplicate was calibrated on stories-dev.
export const STORY_DEFAULTS = { windowDays: 7, nearDuplicate: 0.8, story: 0.25, contained: 0.8, limit: 50 } as const;

/**
 * How strongly two signatures tell one story: their story Jaccard, or — when the smaller story set
 * is mostly inside the other (a short post retelling part of a report) — the story threshold.
 */
function storyScore(a: ArrayLike<number>, b: ArrayLike<number>, threshold: number, contained: number): number {
  const j = storySimilarity(a, b);
  return j < threshold && storyContainment(a, b) >= contained ? threshold : j;
}

const DAY_MS = 86_400_000;
// Undated records (a JSONL line without publishedAt) all sit at one instant: grouped together only.
const UNDATED = 0;

function timeOf(iso: string | null): number {
  if (!iso) return UNDATED;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? UNDATED : t;
}

export function windowAround(publishedAt: string | null, windowDays: number = STORY_DEFAULTS.windowDays): TimeWindow {
  const t = timeOf(publishedAt);
  const half = Math.max(0, windowDays) * DAY_MS;
  const clamp = (ms: number) => new Date(Math.min(8.64e15, Math.max(-8.64e15, ms))).toISOString();
  return { from: clamp(t - half), to: clamp(t + half) };
}

/**
 * Decides one record's cluster from the candidates found for it. Pure and deterministic: the
 * copy goes to the earliest record it copies, a story to the most similar record (earliest on a
 * tie), anything else starts its own cluster named by its own id.
 */
export function chooseStory(input: StoryInput, candidates: StoryCandidate[], options: StoryOptions = {}): StoryAssignment {
  const own: StoryAssignment = { clusterId: input.id, nearDuplicateOf: null, similarity: 0, findable: true };
  if (!input.signature) return own;
  const nearThreshold = options.nearDuplicate ?? STORY_DEFAULTS.nearDuplicate;
  const storyThreshold = options.story ?? STORY_DEFAULTS.story;
  const t = timeOf(input.publishedAt);
  // Candidates at the same instant were seen first, so they count as earlier.
  const scored = candidates
    .filter((c) => c.id !== input.id)
    .map((c) => ({
      c, time: timeOf(c.publishedAt),
      copy: copySimilarity(input.signature as ArrayLike<number>, c.signature),
      story: storyScore(input.signature as ArrayLike<number>, c.signature, storyThreshold, options.contained ?? STORY_DEFAULTS.contained),
    }))
    .sort((a, b) => a.time - b.time || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0));

  const original = scored.find((s) => s.copy >= nearThreshold && s.time <= t);
  if (original) {
    return {
      clusterId: original.c.clusterId, nearDuplicateOf: original.c.id, similarity: original.copy,
      findable: isRelay(original.time, t, options.windowDays),
    };
  }

  // A later copy of this record (read out of order) puts it in that copy's cluster too.
  let best: { id: string; clusterId: string; score: number } | null = null;
  for (const s of scored) {
    const score = s.copy >= nearThreshold ? Math.max(s.copy, s.story) : s.story;
    if (score >= storyThreshold && (!best || score > best.score)) best = { id: s.c.id, clusterId: s.c.clusterId, score };
  }
  return best ? { clusterId: best.clusterId, nearDuplicateOf: null, similarity: best.score, findable: true } : own;
}

/** A copy made more than half a window after its original carries the story on (see findable). */
function isRelay(originalTime: number, copyTime: number, windowDays: number = STORY_DEFAULTS.windowDays): boolean {
  return copyTime - originalTime > (windowDays * DAY_MS) / 2;
}

/** Finds candidates in the index and decides the cluster (the index is not changed). */
export async function assignStory(input: StoryInput, index: StoryIndex, options: StoryOptions = {}): Promise<StoryAssignment> {
  if (!input.signature || !input.bands.length) return { clusterId: input.id, nearDuplicateOf: null, similarity: 0, findable: true };
  const window = windowAround(input.publishedAt, options.windowDays);
  const candidates = await index.candidates(input.bands, window, options.limit ?? STORY_DEFAULTS.limit);
  return chooseStory(input, candidates, options);
}

// --- in memory ---------------------------------------------------------------------------------

export type MemoryStoryIndex = StoryIndex & {
  /** Synchronous forms, for the line-by-line JSONL filter. */
  candidatesNow(bandKeys: string[], window: TimeWindow, limit: number): StoryCandidate[];
  addNow(entry: StoryEntry): void;
  readonly size: number;
};

/**
 * Candidates held in memory: for `dlxh analyze` within one run, for the records of one ingest
 * batch, and for tests. Like the store, each band key remembers only its most recently added
 * records (CANDIDATES_PER_BAND): a key that thousands of texts share (a common phrase) costs as
 * much as a rare one, and an entry that no key remembers any more is dropped, so memory stays
 * bounded on a run of millions of lines. Beyond `maxEntries` the entries added first go too.
 */
export function createMemoryStoryIndex(options: { maxEntries?: number } = {}): MemoryStoryIndex {
  const maxEntries = options.maxEntries ?? 200_000;
  // `stamp` and `hits` count shared keys during one lookup, without a map.
  type Entry = StoryEntry & { time: number; keys: string[]; refs: number; stamp: number; hits: number };
  const entries = new Map<string, Entry>();
  // Band key → entries, oldest first; trimmed to the newest CANDIDATES_PER_BAND once it holds twice that.
  const byBand = new Map<string, Entry[]>();
  let lookups = 0;

  function release(e: Entry): void {
    if (--e.refs <= 0 && entries.get(e.id) === e) entries.delete(e.id);
  }

  function remove(id: string): void {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    for (const band of e.keys) {
      const list = byBand.get(band);
      if (!list) continue;
      const at = list.lastIndexOf(e);
      if (at >= 0) list.splice(at, 1);
      if (!list.length) byBand.delete(band);
    }
  }

  const index: MemoryStoryIndex = {
    get size() { return entries.size; },
    candidatesNow(bandKeys, window, limit) {
      const from = timeOf(window.from);
      const to = timeOf(window.to);
      const stamp = ++lookups;
      const touched: Entry[] = [];
      for (const band of new Set(bandKeys)) {
        const list = byBand.get(band);
        if (!list) continue;
        for (let k = list.length - 1; k >= 0 && k >= list.length - CANDIDATES_PER_BAND; k--) {
          const e = list[k] as Entry;
          if (e.stamp !== stamp) {
            e.stamp = stamp;
            e.hits = 0;
            if (e.time >= from && e.time <= to) touched.push(e);
          }
          e.hits++;
        }
      }
      // Most shared keys first: bucketed by the count, so only the buckets that fill `limit` are sorted.
      const byHits: Entry[][] = [];
      for (const e of touched) (byHits[e.hits] ??= []).push(e);
      const out: StoryCandidate[] = [];
      for (let n = byHits.length - 1; n > 0 && out.length < limit; n--) {
        const bucket = byHits[n];
        if (!bucket) continue;
        bucket.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        for (const e of bucket) {
          if (out.length >= limit) break;
          out.push({ id: e.id, clusterId: e.clusterId, signature: e.signature, publishedAt: e.publishedAt });
        }
      }
      return out;
    },
    addNow(entry) {
      remove(entry.id);
      const keys = [...new Set(entry.bands)];
      if (!keys.length) return;
      const e: Entry = { ...entry, time: timeOf(entry.publishedAt), keys, refs: keys.length, stamp: 0, hits: 0 };
      entries.set(entry.id, e);
      for (const band of keys) {
        let list = byBand.get(band);
        if (!list) byBand.set(band, (list = []));
        list.push(e);
        if (list.length >= 2 * CANDIDATES_PER_BAND) for (const old of list.splice(0, list.length - CANDIDATES_PER_BAND)) release(old);
      }
      while (entries.size > maxEntries) {
        const first = entries.keys().next();
        if (first.done) break;
        remove(first.value);
      }
    },
    async candidates(bandKeys, window, limit) {
      return index.candidatesNow(bandKeys, window, limit);
    },
    async add(entry) {
      index.addNow(entry);
    },
  };
  return index;
}

/** Synchronous assignment against a memory index; the record is added to it afterwards. */
export function assignStoryNow(input: StoryInput, index: MemoryStoryIndex, options: StoryOptions = {}): StoryAssignment {
  const assignment = input.signature && input.bands.length
    ? chooseStory(input, index.candidatesNow(input.bands, windowAround(input.publishedAt, options.windowDays), options.limit ?? STORY_DEFAULTS.limit), options)
    : { clusterId: input.id, nearDuplicateOf: null, similarity: 0, findable: true };
  if (input.signature && input.bands.length && assignment.findable) {
    index.addNow({
      id: input.id, clusterId: assignment.clusterId, signature: Array.from(input.signature), bands: input.bands,
      publishedAt: input.publishedAt ? new Date(timeOf(input.publishedAt)).toISOString() : new Date(UNDATED).toISOString(),
    });
  }
  return assignment;
}

// --- the store ---------------------------------------------------------------------------------

/** The stored records as a story index; records enter it when the pipeline upserts them. */
export function storeStoryIndex(store: Pick<RecordStore, 'storyCandidates'>): StoryIndex {
  return {
    candidates: (bandKeys, window, limit) => store.storyCandidates(bandKeys, window.from, window.to, limit),
    add: async () => {},
  };
}

/** Store first, then the not yet stored records of the current batch; one entry per id. */
export function layeredStoryIndex(stored: StoryIndex, batch: StoryIndex): StoryIndex {
  return {
    async candidates(bandKeys, window, limit) {
      const [a, b] = await Promise.all([stored.candidates(bandKeys, window, limit), batch.candidates(bandKeys, window, limit)]);
      const byId = new Map<string, StoryCandidate>();
      for (const c of [...a, ...b]) byId.set(c.id, c);
      return [...byId.values()];
    },
    add: (entry) => batch.add(entry),
  };
}

/**
 * The pipeline step: sketches each record of a batch (unless it carries its sketch already) and
 * sets its clusterId, its minhash and, for a copy, duplicateOf (an exact copy's duplicateOf, set
 * earlier, is kept and it joins its original's cluster). Records are taken in time order so a batch holding a repost and its
 * original gives the same result in either order. Returns how many records became copies here.
 */
export async function groupStories(records: DlxhRecord[], store: RecordStore, options: StoryOptions = {}): Promise<number> {
  const batch = createMemoryStoryIndex();
  const index = layeredStoryIndex(storeStoryIndex(store), batch);
  const inBatch = new Map<string, DlxhRecord>();
  const at = (r: DlxhRecord) => Date.parse(r.publishedAt ?? r.collectedAt);
  // Exact copies go last, when the cluster of their original in this batch is known.
  const ordered = [...records].sort((a, b) => Number(a.duplicateOf !== null) - Number(b.duplicateOf !== null)
    || at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let copies = 0;
  for (const r of ordered) {
    // prepareItems (prepare.ts) sketched it already, on the analysis thread.
    if (!r.minhash) {
      const made = minhashOf(r.text, r.title);
      r.minhash = made ? { bands: made.bands, signature: Array.from(made.signature) } : null;
    }
    const sketch = r.minhash;
    const time = new Date(at(r)).toISOString();
    let findable = true;
    if (r.duplicateOf) {
      const original = inBatch.get(r.duplicateOf) ?? (await store.get(r.duplicateOf));
      r.clusterId = original?.clusterId ?? r.duplicateOf;
      findable = !original || isRelay(at(original), at(r), options.windowDays);
    } else {
      const storyInput = { id: r.id, publishedAt: time, signature: sketch?.signature ?? null, bands: sketch?.bands ?? [] };
      // A match within the batch settles it without asking the store: a burst of reposts then
      // costs one store query, not one each. A copy of a copy points to the first original.
      const local = storyInput.signature && storyInput.bands.length
        ? chooseStory(storyInput, batch.candidatesNow(storyInput.bands, windowAround(time, options.windowDays), options.limit ?? STORY_DEFAULTS.limit), options)
        : null;
      const a = local && local.clusterId !== r.id
        ? { ...local, nearDuplicateOf: local.nearDuplicateOf && (inBatch.get(local.nearDuplicateOf)?.duplicateOf ?? local.nearDuplicateOf) }
        : await assignStory(storyInput, index, options);
      r.clusterId = a.clusterId;
      findable = a.findable;
      if (a.nearDuplicateOf) {
        r.duplicateOf = a.nearDuplicateOf;
        copies++;
      }
    }
    inBatch.set(r.id, r);
    // A copy keeps its signature but no band keys: its original is found instead.
    if (r.minhash && !findable) r.minhash = { bands: [], signature: r.minhash.signature };
    if (r.minhash?.bands.length) await index.add({ id: r.id, clusterId: r.clusterId, signature: r.minhash.signature, bands: r.minhash.bands, publishedAt: time });
  }
  return copies;
}
