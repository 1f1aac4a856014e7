// The JSONL line loop of dlxh analyze: batches of lines in, every line out in input order.
import { describe, it, expect } from 'vitest';
import { Readable, Writable } from 'node:stream';
import { analyseLines, mapJsonl, type JsonlLine } from './batch-analyze.ts';
import { createAnalyser } from './analyse.ts';
import { loadConfig } from '../config/load.ts';

function collect(): { output: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    output: new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } }),
    text: () => chunks.join(''),
  };
}

describe('mapJsonl', () => {
  it('transforms lines a batch at a time, in order, and reports each bad line by its number', async () => {
    const lines = ['\uFEFF{"n":1}', '{"n":2}', 'not json', '', '{"n":4}', '{"n":5}', '{"n":6}', '{"n":7}'];
    const { output, text } = collect();
    const errors: string[] = [];
    const batches: number[][] = [];
    const result = await mapJsonl(
      { input: Readable.from(lines.join('\n')), output, errors: (m) => errors.push(m) },
      (batch: JsonlLine[]) => {
        batches.push(batch.map((l) => l.lineNo));
        return batch.map((l) => (l.value as { n: number }).n).map((n) => (n === 5 ? new Error('five is not wanted') : { doubled: 2 * n }));
      },
      3,
    );
    // Line 3 did not parse (it reaches the transform never), line 4 is blank.
    expect(batches).toEqual([[1, 2], [5, 6, 7], [8]]);
    expect(text().trim().split('\n').map((l) => JSON.parse(l).doubled)).toEqual([2, 4, 8, 12, 14]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^line 3: not JSON \(.*\): each line must be one JSON object, e\.g\. \{"text": "…"\}$/);
    expect(errors[1]).toBe('line 6: five is not wanted');
    expect(result).toEqual({ lines: 8, written: 5, skipped: 2 });
  });
});


describe('analyseLines', () => {
  it('says what each unusable line is and what a line should be', () => {
    const analyser = createAnalyser({ topics: [], gazetteerPath: loadConfig().gazetteerPath });
    const values = ['plain', ['a'], null, 7, { title: 'chỉ có tiêu đề' }, { text: 5 }, { text: 'Người dân phản ánh đường hư hỏng' }];
    const out = analyseLines(analyser, values.map((value, i) => ({ lineNo: i + 1, value })));
    expect(out.slice(0, 6).map((o) => (o as Error).message)).toEqual([
      'expected a JSON object with "text", e.g. {"text": "…"}, not a string',
      'expected a JSON object with "text", e.g. {"text": "…"}, not an array',
      'expected a JSON object with "text", e.g. {"text": "…"}, not null',
      'expected a JSON object with "text", e.g. {"text": "…"}, not a number',
      'text: missing; each line needs "text" (a string), e.g. {"text": "…", "title": "…"}',
      'text: expected a string, not number',
    ]);
    expect(out[6]).toMatchObject({ text: 'Người dân phản ánh đường hư hỏng', lang: 'vi' });
  });
});
