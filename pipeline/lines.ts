// The lines of a text stream, for every line-by-line reader (JSONL and NDJSON files, dlxh segment,
// dlxh extract). A line ends at \n, \r\n or a lone \r, and only there: node:readline also ends one
// at U+2028 and U+2029, which JSON strings may hold unescaped (JSON.stringify writes them as they
// are, and web and Facebook text carries them), so readline cut such a record in two invalid halves.
import { StringDecoder } from 'node:string_decoder';

const LF = 0x0a;
const CR = 0x0d;

/** Yields each line without its line ending; no empty last line after a final line ending. */
export async function* readLines(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    const data = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    // Only the new part needs scanning, from a \r held back at the end of the last chunk.
    for (let i = Math.max(0, pending.length - 1); i < data.length; i++) {
      const c = data.charCodeAt(i);
      if (c === LF) {
        yield data.slice(start, i > start && data.charCodeAt(i - 1) === CR ? i - 1 : i);
        start = i + 1;
      } else if (c === CR) {
        if (i + 1 === data.length) break; // \r\n may be split between chunks: wait for the next one
        if (data.charCodeAt(i + 1) !== LF) {
          yield data.slice(start, i);
          start = i + 1;
        }
      }
    }
    pending = data.slice(start);
  }
  pending += decoder.end();
  if (pending.endsWith('\r')) yield pending.slice(0, -1);
  else if (pending.length > 0) yield pending;
}

/**
 * One JSON Lines line: JSON.stringify with U+2028 and U+2029 escaped, so readers that end lines
 * there too (node:readline, Python's str.splitlines) still see one record a line.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))}\n`;
}
