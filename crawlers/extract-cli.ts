// Batch article extraction over JSONL (DESIGN §6 "batch interface"): one page per input line
// as {id, url, html} or {id, url, path}; one {id, title, text, publishedAt, authors, lang} per
// output line, in input order. The lead wires this into `dlxh extract`.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { extractArticle } from './article-extract.ts';
import { decodeBody } from './charset.ts';
import { jsonLine, readLines } from '../pipeline/lines.ts';

export interface ExtractCliOptions {
  /** Input JSONL file; stdin when absent. */
  in?: string;
  /** Output JSONL file; stdout when absent. */
  out?: string;
  /** Clock for relative dates ("2 giờ trước"); now when absent. */
  now?: Date;
}

/** Pages above this size are refused: a crawler stores them as evidence but does not parse them. */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

function write(out: Writable, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(line)) resolve();
    else out.once('drain', resolve).once('error', reject);
  });
}

export async function runExtract(opts: ExtractCliOptions = {}): Promise<{ lines: number; errors: number }> {
  const input = opts.in === undefined ? process.stdin : createReadStream(opts.in);
  const output: Writable = opts.out === undefined ? process.stdout : createWriteStream(opts.out, 'utf8');
  let lineNo = 0;
  let lines = 0;
  let errors = 0;
  for await (const raw of readLines(input)) {
    lineNo++;
    if (raw.trim() === '') continue;
    try {
      const row = JSON.parse(raw) as { id?: unknown; url?: unknown; html?: unknown; path?: unknown };
      if (row === null || typeof row !== 'object') throw new Error('expected a JSON object');
      const url = typeof row.url === 'string' ? row.url : '';
      let html: string;
      if (typeof row.html === 'string') html = row.html;
      else if (typeof row.path === 'string') {
        const bytes = readFileSync(row.path);
        if (bytes.length > MAX_PAGE_BYTES) throw new Error(`page ${row.path} is ${bytes.length} bytes, over the ${MAX_PAGE_BYTES}-byte limit`);
        html = decodeBody(new Uint8Array(bytes)).text;
      } else throw new Error('needs "html" (the page) or "path" (a saved page)');
      if (html.length > MAX_PAGE_BYTES) throw new Error(`page is over the ${MAX_PAGE_BYTES}-byte limit`);
      const a = extractArticle({ url, html, now: opts.now });
      await write(output, jsonLine({ id: row.id ?? null, title: a.title, text: a.text, publishedAt: a.publishedAt, authors: a.authors, lang: a.lang }));
      lines++;
    } catch (err) {
      errors++;
      process.stderr.write(`extract: line ${lineNo} skipped: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  if (opts.out !== undefined) await new Promise<void>((resolve) => output.end(resolve));
  return { lines, errors };
}
