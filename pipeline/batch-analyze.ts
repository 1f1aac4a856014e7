// The analysis as a JSONL filter (DESIGN §6 "Batch interface"): each input line an object with
// at least `text`; each output line the same object plus the analysis, in input order. A bad
// line is reported with its number and skipped; the rest go on.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { analyseEach, type Analyser, type Analysis } from './analyse.ts';
import { minhashOf } from './language/minhash.ts';
import { assignStoryNow, type MemoryStoryIndex } from './stories.ts';
import { jsonLine, readLines } from './lines.ts';
import { repairGarbledText } from './language/legacy-encoding.ts';

const InputLine = z.looseObject({
  text: z.string({ error: (issue) => (issue.input === undefined ? 'missing; each line needs "text" (a string), e.g. {"text": "…", "title": "…"}' : `expected a string, not ${issue.input === null ? 'null' : typeof issue.input}`) }),
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

/** Lines analysed together (Analyser.analyseMany): large enough for its speed, small beside memory. */
export const BATCH_LINES = 256;

/** One line to transform: its number in the input and its parsed JSON. */
export type JsonlLine = { lineNo: number; value: unknown };

/**
 * Line loop of the JSONL filter: parse, transform the lines that parsed a batch at a time, write
 * in input order, keep going on errors. `transform` returns one result per line it is given, an
 * Error for a line it rejects. One batch is held at a time, so memory stays flat on any input.
 */
export async function mapJsonl(
  streams: JsonlStreams,
  transform: (lines: JsonlLine[]) => unknown[],
  batchLines = BATCH_LINES,
): Promise<JsonlRunResult> {
  const result: JsonlRunResult = { lines: 0, written: 0, skipped: 0 };
  let batch: (JsonlLine & { error?: Error })[] = [];
  const flush = async (): Promise<void> => {
    const lines = batch;
    batch = [];
    const parsed = lines.filter((l) => !l.error);
    const outputs = parsed.length ? transform(parsed) : [];
    let next = 0;
    for (const line of lines) {
      const out = line.error ?? outputs[next++];
      if (out instanceof Error) {
        result.skipped++;
        streams.errors(`line ${line.lineNo}: ${out.message}`);
        continue;
      }
      if (!streams.output.write(jsonLine(out))) await once(streams.output, 'drain');
      result.written++;
    }
  };
  for await (const line of readLines(streams.input)) {
    result.lines++;
    if (!line.trim()) continue;
    try {
      batch.push({ lineNo: result.lines, value: JSON.parse(result.lines === 1 ? line.replace(/^\uFEFF/, '') : line) });
    } catch (err) {
      const error = new Error(`not JSON (${(err as Error).message}): each line must be one JSON object, e.g. {"text": "…"}`);
      batch.push({ lineNo: result.lines, value: undefined, error });
    }
    if (batch.length >= batchLines) await flush();
  }
  await flush();
  if (streams.output !== process.stdout) {
    streams.output.end();
    await once(streams.output, 'finish');
  }
  return result;
}

type InputLineT = z.infer<typeof InputLine>;

/**
 * dlxh analyze's lines, analysed as one batch: each line's analysis (an Error for a line without a
 * usable `text`), in order; with `stories`, clusterId and duplicateOf group copies and stories
 * across the lines of one run (the index of lines seen so far, kept by the caller).
 */
export function analyseLines(analyser: Analyser, lines: JsonlLine[], stories?: MemoryStoryIndex): (Record<string, unknown> | Error)[] {
  const parsed = lines.map((l) => {
    if (typeof l.value !== 'object' || l.value === null || Array.isArray(l.value)) {
      return new Error(`expected a JSON object with "text", e.g. {"text": "…"}, not ${Array.isArray(l.value) ? 'an array' : l.value === null ? 'null' : `a ${typeof l.value}`}`);
    }
    const p = InputLine.safeParse(l.value);
    return p.success ? p.data : new Error(p.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '));
  });
  // The line comes back as given; the analysis and the story sketch read its text and title with
  // any garbled encoding undone (UTF-8 read as Latin-1, a legacy font encoding).
  const inputs = parsed.map((line) => (line instanceof Error ? null : {
    title: line.title ? repairGarbledText(line.title).text : null, text: repairGarbledText(line.text).text, publishedAt: line.publishedAt ?? null,
  }));
  const analyses = analyseEach(analyser, inputs.filter((x) => x !== null), { words: true });
  let next = 0;
  return parsed.map((line, i) => {
    if (line instanceof Error) return line;
    const a = analyses[next++] as Analysis | Error;
    if (a instanceof Error) return a;
    const input = inputs[i] as NonNullable<(typeof inputs)[number]>;
    const story = stories ? lineStory({ ...line, ...input }, stories, (lines[i] as JsonlLine).lineNo) : null;
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
  });
}

function lineStory(line: InputLineT & { title: string | null }, index: MemoryStoryIndex, lineNo: number) {
  const sketch = minhashOf(line.text, line.title ?? null);
  const id = line.id === undefined ? `line-${lineNo}` : String(line.id);
  const publishedAt = line.publishedAt && !Number.isNaN(Date.parse(line.publishedAt)) ? line.publishedAt : null;
  return assignStoryNow({ id, publishedAt, signature: sketch?.signature ?? null, bands: sketch?.bands ?? [] }, index);
}
