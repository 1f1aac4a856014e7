// dlxh extract: saved or inline pages (JSONL) → extracted articles (JSONL).
import { runExtract } from '../../crawlers/extract-cli.ts';
import { EXIT } from '../exit-codes.ts';

export async function extractCommand(opts: { in?: string; out?: string }) {
  const r = await runExtract(opts);
  if (r.errors) console.error(`extract: ${r.lines - r.errors} pages extracted, ${r.errors} skipped`);
  process.exitCode = r.errors ? EXIT.partial : EXIT.ok;
}
