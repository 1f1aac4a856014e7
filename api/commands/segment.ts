// dlxh segment: one line of plain text in → one line of words out, syllables of a word joined by "_".
import { once } from 'node:events';
import { jsonlStreams } from '../../pipeline/batch-analyze.ts';
import { loadSegmenter, segmentLine } from '../../pipeline/language/segment.ts';
import { readLines } from '../../pipeline/lines.ts';

export async function segmentCommand(opts: { in?: string; out?: string; model?: string }) {
  const segmenter = loadSegmenter(opts.model);
  const { input, output } = jsonlStreams(opts);
  for await (const line of readLines(input)) {
    if (!output.write(`${segmentLine(segmenter, line)}\n`)) await once(output, 'drain');
  }
  if (output !== process.stdout) {
    output.end();
    await once(output, 'finish');
  }
}
