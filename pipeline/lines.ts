// The lines of a text stream, for every line-by-line reader (JSONL and NDJSON files, dlxh segment,
// dlxh extract). A line ends at \n, \r\n or a lone \r, and only there: node:readline also ends one
// at U+2028 and U+2029, which JSON strings may hold unescaped (JSON.stringify writes them as they
// are, and web and Facebook text carries them), so readline cut such a record in two invalid halves.
//
// Bytes are read as UTF-8, or as UTF-16 when they open with its byte-order mark (what Windows
// tools save as "Unicode"): the mark is unambiguous, so such a file is read rather than refused.

const LF = 0x0a;
const CR = 0x0d;

/** The encoding a byte-order mark at the start names (UTF-8 when there is none). */
export function encodingOfBom(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** A whole file's bytes as text: UTF-8, or UTF-16 when a byte-order mark says so (the mark is dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(encodingOfBom(bytes)).decode(bytes);
}

/** Yields each line without its line ending; no empty last line after a final line ending. */
export async function* readLines(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Uint8Array | undefined; // first bytes, until there are two to look for a mark in
  let pending = '';
  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else {
      let bytes: Uint8Array = chunk;
      if (!decoder) {
        bytes = head ? Buffer.concat([head, bytes]) : bytes;
        if (bytes.length < 2) {
          head = bytes;
          continue;
        }
        decoder = new TextDecoder(encodingOfBom(bytes));
      }
      text = decoder.decode(bytes, { stream: true });
    }
    const data = pending + text;
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
  if (decoder) pending += decoder.decode();
  else if (head) pending += new TextDecoder('utf-8').decode(head); // one byte in all
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
