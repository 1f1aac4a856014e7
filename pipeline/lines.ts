// The lines of a text stream, for every line-by-line reader (JSONL and NDJSON files, dlxh segment,
// dlxh extract). A line ends at \n, \r\n or a lone \r, and only there: node:readline also ends one
// at U+2028 and U+2029, which JSON strings may hold unescaped (JSON.stringify writes them as they
// are, and web and Facebook text carries them), so readline cut such a record in two invalid halves.
//
// Bytes are read as UTF-8, or as UTF-16 when they open with its byte-order mark (what Windows
// tools save as "Unicode"): the mark is unambiguous, so such a file is read rather than refused.

const LF = 0x0a;
const CR = 0x0d;

export type BomEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The byte-order mark at the start of some bytes: the encoding it names and its length in bytes. */
export function byteOrderMark(head: Uint8Array): { encoding: BomEncoding; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** The encoding a byte-order mark at the start names (UTF-8 when there is none). */
export function encodingOfBom(head: Uint8Array): BomEncoding {
  return byteOrderMark(head)?.encoding ?? 'utf-8';
}

/** A whole file's bytes as text: UTF-8, or UTF-16 when a byte-order mark says so (the mark is dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(encodingOfBom(bytes)).decode(bytes);
}

/** Yields each line without its line ending; no empty last line after a final line ending. */
export async function* readLines(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Uint8Array | undefined; // first bytes, until there are two to look for a mark in
  const splitter = createSplitter();
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
    yield* splitter.push(text);
  }
  if (decoder) yield* splitter.push(decoder.decode());
  else if (head) yield* splitter.push(new TextDecoder('utf-8').decode(head)); // one byte in all
  yield* splitter.end();
}

/**
 * Cuts text that arrives in pieces into lines. Each piece is scanned once and the unfinished line
 * is kept as a list of pieces, so a line of many megabytes costs no more than many short ones.
 */
function createSplitter(): { push(text: string): string[]; end(): string[] } {
  let parts: string[] = []; // the unfinished line
  let skipLF = false; // the last piece ended with \r: a \n opening the next one is its \r\n
  return {
    push(text) {
      const lines: string[] = [];
      let start = 0;
      if (skipLF && text.length > 0) {
        skipLF = false;
        if (text.charCodeAt(0) === LF) start = 1;
      }
      for (let i = start; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c !== LF && c !== CR) continue;
        parts.push(text.slice(start, i));
        lines.push(parts.join(''));
        parts = [];
        if (c === CR) {
          if (i + 1 === text.length) skipLF = true;
          else if (text.charCodeAt(i + 1) === LF) i++;
        }
        start = i + 1;
      }
      if (start < text.length) parts.push(text.slice(start));
      return lines;
    },
    end() {
      return parts.length > 0 ? [parts.join('')] : [];
    },
  };
}

/**
 * One JSON Lines line: JSON.stringify with U+2028 and U+2029 escaped, so readers that end lines
 * there too (node:readline, Python's str.splitlines) still see one record a line.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))}\n`;
}
