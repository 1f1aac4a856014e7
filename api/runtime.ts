// The embedded runtime: one database file, the store and queue adapters over it, the crawl
// state, the analyser and the pipeline wired together. The CLI and the server start from here.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { loadConfig, DEFAULT_CONFIG_DIR, type Config } from '../config/load.ts';
import { openDatabase } from '../pipeline/embedded-database.ts';
import { createSqliteStore } from '../pipeline/store/sqlite-store.ts';
import { createSqliteQueue } from '../pipeline/queue/sqlite-queue.ts';
import type { RecordStore } from '../pipeline/store/store.ts';
import type { Queue } from '../pipeline/queue/queue.ts';
import { createAnalyser, type Analyser } from '../pipeline/analyse.ts';
import type { Pipeline } from '../pipeline/ingest.ts';
import { createAnalysisThread } from '../pipeline/analysis-thread.ts';
import type { RawItem } from '../crawlers/raw-item.ts';
import { createCrawlState, type CrawlState } from '../crawlers/crawl-state.ts';

export type RuntimeOptions = { dataDir?: string; configDir?: string; sourcesFile?: string; modelDir?: string };

export type Runtime = {
  config: Config;
  dataDir: string;
  db: DatabaseSync;
  store: RecordStore;
  queue: Queue<RawItem>;
  crawlState: CrawlState;
  analyser: Analyser;
  pipeline: Pipeline;
  close(): Promise<void>;
};

export const DEFAULT_DATA_DIR = process.env.DLXH_DATA_DIR ?? 'data';

/** The key of the author-handle hash: from DLXH_AUTHOR_SECRET, else generated once per data folder. */
function authorSecret(dataDir: string): string {
  if (process.env.DLXH_AUTHOR_SECRET) return process.env.DLXH_AUTHOR_SECRET;
  const file = path.join(dataDir, 'author-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function openRuntime(options: RuntimeOptions = {}): Runtime {
  const config = loadConfig(options.configDir ?? DEFAULT_CONFIG_DIR, { sources: options.sourcesFile });
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, 'dlxh.sqlite'));
  const store = createSqliteStore(db);
  const queue = createSqliteQueue<RawItem>(db, 'raw-items');
  const analyserOptions = {
    topics: config.topics, gazetteerPath: config.gazetteerPath, modelDir: options.modelDir,
    claimsPath: config.claimsPath, riskSignalsPath: config.riskSignalsPath,
  };
  // Loaded when first used: a backlog is analysed on the analysis thread, which loads its own.
  let analyser: Analyser | undefined;
  const loadAnalyser = () => (analyser ??= createAnalyser(analyserOptions));
  const keepHandles = new Set(config.sources.sources.filter((s) => s.keepAuthorHandles).map((s) => s.id));
  const normalise = { authorSecret: authorSecret(dataDir), keepHandles };
  const analysisThread = createAnalysisThread({ analyser: analyserOptions, normalise });
  return {
    config,
    dataDir,
    db,
    store,
    queue,
    crawlState: createCrawlState(db),
    get analyser() { return loadAnalyser(); },
    pipeline: { store, queue, get analyser() { return loadAnalyser(); }, normalise, analysisThread },
    async close() {
      await analysisThread.close();
      if (db.isOpen) db.close();
    },
  };
}
