#!/usr/bin/env node
// dlxh: the command line of DLXH Monitor. Exit codes scripts can rely on:
//   0 done; 1 failed (nothing half-done is lost); 2 bad usage or configuration;
//   3 done, but some lines or items were skipped (each reported on stderr).
import { enableCompileCache } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.ts';
import { ConfigError } from '../config/config-error.ts';

// Node caches the compiled (type-stripped) modules on disk, so from the second run on a command
// starts about 150 ms sooner. Only modules loaded after this line benefit: the commands, and
// everything they use, are imported when run. Worker threads and child processes inherit it
// through NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const compileCache = enableCompileCache();
if (compileCache.directory) process.env.NODE_COMPILE_CACHE ??= compileCache.directory;

// Commands are loaded when used, so `dlxh analyze` does not pay for loading the crawlers.
type Action = (...args: never[]) => Promise<void>;
const lazy = (file: string, name: string) => async (...args: unknown[]) => {
  const mod = (await import(`./commands/${file}.ts`)) as Record<string, Action>;
  await (mod[name] as (...a: unknown[]) => Promise<void>)(...args);
};

const program = new Command('dlxh')
  .description('DLXH Monitor: public-opinion monitoring for a Vietnamese province (embedded mode)')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

const dataOption = () => new Option('--data <dir>', 'data folder (database, evidence)').env('DLXH_DATA_DIR').default('data');
const configOption = () => new Option('--config <dir>', 'configuration folder (sources, topics, gazetteer, report; claims and risk signals when it has its own)');

program.command('crawl')
  .description('crawl the configured sources once, then analyse and index what is new')
  .addOption(dataOption()).addOption(configOption())
  .option('--sources <file>', 'sources file instead of <config>/sources.yaml')
  .option('--source <id...>', 'only these source ids')
  .option('--watch', 'keep running: each source on its schedule (cron) until stopped; Ctrl-C finishes the runs in flight')
  .action(lazy('crawl', 'crawlCommand'));

program.command('import')
  .description('import a CSV, NDJSON or JSON file of posts, then analyse and index it')
  .argument('<file>', 'the file to import')
  .addOption(dataOption()).addOption(configOption())
  .option('--source <id>', 'source id to file the items under (default: import-<file name>)')
  .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'ndjson', 'json']))
  .option('--encoding <name>', 'character encoding when the file is not UTF-8, e.g. windows-1258')
  .action(lazy('import', 'importCommand'));

program.command('analyze')
  .description('analyse JSONL lines ({"text": …}) and write them back with the analysis (stdin → stdout by default)')
  .option('--in <file>', 'input JSONL file (default: stdin)')
  .option('--out <file>', 'output JSONL file (default: stdout)')
  .option('--model <dir>', 'folder of trained models (from "dlxh train"); missing tasks use the shipped models')
  .addOption(configOption())
  .action(lazy('analyze', 'analyzeCommand'));

program.command('train')
  .description('train a model from labelled JSONL lines {text, label}; use it with "dlxh analyze --model DIR"')
  .argument('<task>', 'sentiment | topic | toxicity | risk')
  .requiredOption('--in <file>', 'labelled JSONL file')
  .requiredOption('--out <dir>', 'model folder to write <task>.json into')
  .action(lazy('train', 'trainCommand'));

program.command('reanalyse')
  .description('give stored records the analysis of the current models (after npm run train:models or with --model); records they already analysed are left alone')
  .addOption(dataOption()).addOption(configOption())
  .option('--model <dir>', 'folder of trained models (from "dlxh train"); missing tasks use the shipped models')
  .option('--all', 're-analyse every record, also those the current models analysed')
  .action(lazy('reanalyse', 'reanalyseCommand'));

program.command('segment')
  .description('word segmentation: each input line of text → one line of words, syllables of a word joined by "_"')
  .option('--in <file>', 'input text file (default: stdin)')
  .option('--out <file>', 'output file (default: stdout)')
  .option('--model <file>', 'segmenter model file (default: the shipped model)')
  .action(lazy('segment', 'segmentCommand'));

program.command('extract')
  .description('extract articles from pages: JSONL {id, url, html} or {id, url, path} → {id, title, text, publishedAt, authors, lang}')
  .option('--in <file>', 'input JSONL file (default: stdin)')
  .option('--out <file>', 'output JSONL file (default: stdout)')
  .action(lazy('extract', 'extractCommand'));

program.command('serve')
  .description('serve the API and the dashboards')
  .addOption(dataOption()).addOption(configOption())
  .addOption(new Option('--port <port>', 'port').env('PORT').default('8080'))
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .action(lazy('serve', 'serveCommand'));

program.command('demo')
  .description('start the bundled sample sources on 127.0.0.1, crawl, analyse, index and serve them (no internet needed)')
  .addOption(new Option('--data <dir>', 'data folder for the demo').default('data/demo'))
  .addOption(new Option('--port <port>', 'port of the web interface').env('PORT').default('8080'))
  .option('--no-serve', 'stop after indexing (for scripts and tests)')
  .action(lazy('demo', 'demoCommand'));

program.command('sources')
  .description('list the configured sources with their health (last success, last error, items)')
  .addOption(dataOption()).addOption(configOption())
  .option('--sources <file>', 'sources file instead of <config>/sources.yaml')
  .option('--json', 'print JSON')
  .action(lazy('sources', 'sourcesCommand'));

program.command('retention')
  .description("delete records and evidence older than each source's retentionDays (also done after every crawl)")
  .addOption(dataOption()).addOption(configOption())
  .option('--sources <file>', 'sources file instead of <config>/sources.yaml')
  .action(lazy('retention', 'retentionCommand'));

program.command('db')
  .description('database maintenance')
  .command('migrate')
  .description('create or upgrade the embedded database to the current schema')
  .addOption(dataOption())
  .action(lazy('migrate', 'migrateCommand'));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof ConfigError) {
    console.error(`dlxh: ${err.message}`);
    process.exitCode = EXIT.usage;
  } else if ((err as NodeJS.ErrnoException).code === 'ENOENT' && (err as NodeJS.ErrnoException).path) {
    // A file named on the command line (--in, --model, a FILE argument) that is not there.
    console.error(`dlxh: ${(err as NodeJS.ErrnoException).path}: file not found`);
    process.exitCode = EXIT.usage;
  } else if (/disk is full|SQLITE_FULL|ENOSPC/i.test((err as Error).message)) {
    // SQLite rolls back the transaction it could not write: what was indexed before is kept.
    console.error('dlxh: the disk is full. Free space in the data folder (or use --data on a larger disk) and run the same command again: everything indexed before this point is kept, and the rerun continues where it stopped.');
    process.exitCode = EXIT.failed;
  } else {
    console.error(`dlxh: ${(err as Error).message}`);
    if (process.env.DLXH_DEBUG) console.error(err);
    process.exitCode = EXIT.failed;
  }
}
