// dlxh analyze: the analysis as a JSONL filter (see pipeline/batch-analyze.ts).
import { loadConfig, DEFAULT_CONFIG_DIR } from '../../config/load.ts';
import { createAnalyser } from '../../pipeline/analyse.ts';
import { analyseLines, jsonlStreams, mapJsonl } from '../../pipeline/batch-analyze.ts';
import { createMemoryStoryIndex } from '../../pipeline/stories.ts';
import { EXIT } from '../exit-codes.ts';

export async function analyzeCommand(opts: { in?: string; out?: string; model?: string; config?: string }) {
  const config = loadConfig(opts.config ?? DEFAULT_CONFIG_DIR);
  const analyser = createAnalyser({
    topics: config.topics, gazetteerPath: config.gazetteerPath, modelDir: opts.model,
    claimsPath: config.claimsPath, riskSignalsPath: config.riskSignalsPath,
  });
  // clusterId groups copies and stories across the lines of this run.
  const stories = createMemoryStoryIndex();
  const result = await mapJsonl(
    { ...jsonlStreams(opts), errors: (m) => console.error(`analyze: ${m}`) },
    (lines) => analyseLines(analyser, lines, stories),
  );
  if (result.skipped) console.error(`analyze: ${result.written} lines written, ${result.skipped} skipped`);
  process.exitCode = result.skipped ? EXIT.partial : EXIT.ok;
}
