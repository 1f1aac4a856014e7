// The analysis as a JSONL filter (DESIGN §6 "Batch interface"): each input line an object with
// at least `text`; each output line the same object plus the analysis, in input order. A bad
// line is reported with its number and skipped; the rest go on.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { Analyser } from './analyse.ts';
import { minhashOf } from './language/minhash.ts';
import { assignStoryNow, type MemoryStoryIndex } from './stories.ts';

const InputLine = z.looseObject({
  text: z.string({ error: 'expected "text" to be a string' }),
  id: z.union([z.string(), z.number()]).optional(),
  title: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  publishedAt: z.string().nullable().optional(),
});

export type JsonlStreams = { input: Readable; output: Writable; errors: (message: string) => void };

export type JsonlRunResult = { lines: number; written: number; skipped: number };

/** Opens --in/--out files, or stdin/stdout when absent. */
export function jsonlStreams(opts: { in?: string; out?: string }): { input: Readable; output: Writable } {
  return {
    input: opts.in ? createReadStream(opts.in) : process.stdin,
    output: opts.out ? createWriteStream(opts.out) : process.stdout,
  };
}

/** Shared line loop of the JSONL filters: parse, transform, write in order, keep going on errors. */
export async function mapJsonl(
  streams: JsonlStreams,
  transform: (value: unknown, lineNo: number) => unknown,
): Promise<JsonlRunResult> {
  const result: JsonlRunResult = { lines: 0, written: 0, skipped: 0 };
  for await (const line of createInterface({ input: streams.input, crlfDelay: Infinity })) {
    result.lines++;
    if (!line.trim()) continue;
    let out: unknown;
    try {
      out = transform(JSON.parse(result.lines === 1 ? line.replace(/^\uFEFF/, '') : line), result.lines);
    } catch (err) {
      result.skipped++;
      streams.errors(`line ${result.lines}: ${(err as Error).message}`);
      continue;
    }
    if (!streams.output.write(`${JSON.stringify(out)}\n`)) await once(streams.output, 'drain');
    result.written++;
  }
  if (streams.output !== process.stdout) {
    streams.output.end();
    await once(streams.output, 'finish');
  }
  return result;
}

/** Story grouping across the lines of one run: the index of lines seen so far, and this line's number. */
export type LineStories = { index: MemoryStoryIndex; lineNo: number };

export function analyseLine(analyser: Analyser, value: unknown, stories?: LineStories): Record<string, unknown> {
  const parsed = InputLine.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '));
  const line = parsed.data;
  const a = analyser.analyse({ title: line.title ?? null, text: line.text, publishedAt: line.publishedAt ?? null }, { words: true });
  const story = stories ? lineStory(line, stories) : null;
  return {
    ...line,
    lang: a.lang,
    sentiment: a.sentiment,
    toxicity: a.toxicity,
    topics: a.topics.map((t) => ({ id: t.id, score: t.score })),
    places: a.places.map((p) => ({ code: p.code, name: p.name, level: p.level, ...(p.oldName ? { oldName: p.oldName } : {}) })),
    risk: a.risk,
    clusterId: story?.clusterId ?? a.clusterId ?? null,
    ...(story ? { duplicateOf: story.nearDuplicateOf } : {}),
    words: a.words,
    analysisVersion: analyser.version,
  };
}

function lineStory(line: z.infer<typeof InputLine>, stories: LineStories) {
  const sketch = minhashOf(line.text, line.title ?? null);
  const id = line.id === undefined ? `line-${stories.lineNo}` : String(line.id);
  const publishedAt = line.publishedAt && !Number.isNaN(Date.parse(line.publishedAt)) ? line.publishedAt : null;
  return assignStoryNow({ id, publishedAt, signature: sketch?.signature ?? null, bands: sketch?.bands ?? [] }, stories.index);
}
