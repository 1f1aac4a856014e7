import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLine, readLines } from './lines.ts';

async function lines(chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(Readable.from(chunks, { objectMode: true }))) out.push(line);
  return out;
}

describe('readLines', () => {
  it('ends a line at \\n, \\r\\n and a lone \\r, with no empty line after the last ending', async () => {
    expect(await lines(['a\nb\r\nc\rd\n'])).toEqual(['a', 'b', 'c', 'd']);
    expect(await lines(['a\n\nb'])).toEqual(['a', '', 'b']);
    expect(await lines(['a\r'])).toEqual(['a']);
    expect(await lines([''])).toEqual([]);
  });

  it('keeps U+2028 and U+2029 inside a line, as JSON strings may hold them', async () => {
    const record = JSON.stringify({ text: 'Dòng một\u2028dòng hai\u2029hết' });
    const got = await lines([`${record}\n${record}\n`]);
    expect(got).toHaveLength(2);
    expect(JSON.parse(got[0]!).text).toBe('Dòng một\u2028dòng hai\u2029hết');
  });

  it('keeps a long line whole however many chunks carry it, and an empty chunk between \\r and \\n', async () => {
    const long = 'dư luận '.repeat(100_000);
    const chunks = Array.from({ length: Math.ceil(long.length / 997) }, (_, k) => long.slice(k * 997, (k + 1) * 997));
    expect(await lines([...chunks, '\r', '', '\nsau'])).toEqual([long, 'sau']);
  });

  it('joins what the chunks cut: \\r\\n across two chunks, a character across two buffers', async () => {
    expect(await lines(['a\r', '\nb\r', 'c'])).toEqual(['a', 'b', 'c']);
    const bytes = Buffer.from('xã hội\nđược\n');
    expect(await lines([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual(['xã hội', 'được']);
  });
});

describe('readLines on bytes', () => {
  it('reads UTF-16 with its byte-order mark (Windows "Unicode"), either byte order', async () => {
    const text = '{"text":"Giá điều tăng"}\r\n{"text":"hai"}\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await lines([le.subarray(0, 1), le.subarray(1, 7), le.subarray(7)])).toEqual(['{"text":"Giá điều tăng"}', '{"text":"hai"}']);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(await lines([Buffer.concat([Buffer.from([0xfe, 0xff]), be])])).toEqual(['{"text":"Giá điều tăng"}', '{"text":"hai"}']);
  });

  it('drops a UTF-8 byte-order mark and reads a one-byte input', async () => {
    expect(await lines([Buffer.from('\uFEFFa\nb')])).toEqual(['a', 'b']);
    expect(await lines([Buffer.from('x')])).toEqual(['x']);
  });
});

describe('jsonLine', () => {
  it('writes U+2028 and U+2029 escaped, one record a line for any reader', () => {
    const line = jsonLine({ text: 'a\u2028b\u2029c' });
    expect(line).toBe('{"text":"a\\u2028b\\u2029c"}\n');
    expect(line.split(/\r?\n|\u2028|\u2029/)).toHaveLength(2);
    expect(JSON.parse(line).text).toBe('a\u2028b\u2029c');
  });
});
