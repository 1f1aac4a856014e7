// dlxh demo: the whole flow offline. Starts the bundled sample sources on 127.0.0.1, crawls
// them (RSS + article pages, a file of social posts), analyses, indexes and serves the result.
import path from 'node:path';
import { DEFAULT_CONFIG_DIR } from '../../config/load.ts';
import { startSampleSite } from '../../crawlers/sample-site.ts';
import { openRuntime } from '../runtime.ts';
import { createApp, listen } from '../server.ts';
import { crawlAndIndex } from './crawl.ts';
import { reanalyseStore } from '../../pipeline/reanalyse.ts';
import { untilStopped } from './serve.ts';
import { EXIT } from '../exit-codes.ts';

export const DEMO_SOURCES = path.join(DEFAULT_CONFIG_DIR, 'demo', 'sources.yaml');

export async function runDemo(dataDir: string) {
  const site = await startSampleSite();
  process.env.DLXH_DEMO_SITE = site.url;
  console.error(`sample sources: ${site.url}/ (RSS: ${site.url}/rss/tin-moi.xml)`);
  const rt = openRuntime({ dataDir, sourcesFile: DEMO_SOURCES });
  try {
    const result = await crawlAndIndex(rt);
    // A rerun crawls only what is new: records from an earlier run get the current models too.
    const r = await reanalyseStore(rt.store, rt.analyser);
    if (r.reanalysed > 0) console.error(`${r.reanalysed} records from an earlier run re-analysed with the current models`);
    return { rt, site, ...result };
  } catch (err) {
    await rt.close();
    await site.close();
    throw err;
  }
}

export async function demoCommand(opts: { data: string; port: string; serve: boolean }) {
  const { rt, site, reports } = await runDemo(opts.data);
  const errors = reports.flatMap((r) => r.errors);
  const total = await rt.store.countAll();
  console.error(`${total} records in ${path.join(rt.dataDir, 'dlxh.sqlite')}`);
  if (!opts.serve) {
    await rt.close();
    await site.close();
    process.exitCode = errors.length ? EXIT.partial : EXIT.ok;
    return;
  }
  const port = Number(opts.port);
  const server = await listen(createApp({ store: rt.store, ready: async () => rt.db.isOpen }), port);
  console.log(`\nDLXH Monitor demo: http://127.0.0.1:${port}/   (API: http://127.0.0.1:${port}/api/v1/records?q=boi+thuong)`);
  console.log('Ctrl-C to stop.');
  await untilStopped();
  await new Promise((resolve) => server.close(resolve));
  await rt.close();
  await site.close();
}
