// npm run bench: prints the figures the issues ask for. It asserts nothing.
import { benchIngest } from './ingest.ts';
import { benchAnalysis } from './analysis.ts';
import { benchNormalise } from './normalise.ts';
import { benchCrawl } from './crawl.ts';

const sections: [string, () => Promise<unknown>][] = [
  ['analysis (language processing)', benchAnalysis],
  ['normalisation and language id', benchNormalise],
  ['ingest and search (embedded store)', benchIngest],
  ['crawler (fetch, extract, store)', benchCrawl],
];

const only = process.argv.slice(2);
for (const [name, run] of sections) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n## ${name}`);
  await run();
}
