import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { readItems, type ImportProblem } from './file-import.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-import-'));
const source = { id: 'test', kind: 'file' as const, platform: null, name: 'test' };

async function read(name: string, content: string | Buffer, extra: Record<string, unknown> = {}) {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  const problems: ImportProblem[] = [];
  const items = [];
  for await (const item of readItems(file, { source, onProblem: (p) => problems.push(p), ...extra })) items.push(item);
  return { items, problems };
}

describe('file import', () => {
  it('reads NDJSON, reports a broken line with its number and goes on', async () => {
    const { items, problems } = await read('a.ndjson', [
      '{"id":"1","text":"Bồi thường chậm","likes":3}',
      '{"id":"2","text":',
      '{"id":"3","message":"Giá điều tăng","created_time":"2026-11-18T08:00:00+07:00"}',
      '["not an object"]',
      '',
    ].join('\n'));
    expect(items.map((i) => [i.platformId, i.text])).toEqual([['1', 'Bồi thường chậm'], ['3', 'Giá điều tăng']]);
    expect(items[0]?.engagement?.likes).toBe(3);
    expect(items[1]?.publishedAt).toBe('2026-11-18T08:00:00+07:00');
    expect(problems.map((p) => p.line)).toEqual([2, 4]);
  });

  it('keeps a post whose text holds U+2028 whole (a Facebook export writes it unescaped)', async () => {
    const { items, problems } = await read('u2028.ndjson', `{"id":"1","text":"Dòng một\u2028dòng hai"}\r\n{"id":"2","text":"ba"}\r\n`);
    expect(problems).toEqual([]);
    expect(items.map((i) => i.text)).toEqual(['Dòng một\u2028dòng hai', 'ba']);
  });

  it('reads a file saved as UTF-16 with its byte-order mark (Windows "Unicode") without being told', async () => {
    const ndjson = '{"id":"1","text":"Bồi thường chậm"}\r\n{"id":"2","text":"Giá điều tăng"}\r\n';
    const { items, problems } = await read('u16.ndjson', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ndjson, 'utf16le')]));
    expect(problems).toEqual([]);
    expect(items.map((i) => i.text)).toEqual(['Bồi thường chậm', 'Giá điều tăng']);
    const csv = 'id,text\r\n1,"Đường ngập, dân khổ"\r\n';
    const fromCsv = await read('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    expect(fromCsv.items.map((i) => i.text)).toEqual(['Đường ngập, dân khổ']);
  });

  it('reads CSV with semicolons as Excel writes it under Vietnamese settings, and tabs', async () => {
    const { items, problems } = await read('excel.csv', 'id;tieu_de;noi_dung\r\n1;Tin một;"Giá điều tăng, dân vui"\r\n2;Tin hai;Đường ngập\r\n');
    expect(problems).toEqual([]);
    expect(items.map((i) => i.text)).toEqual(['Giá điều tăng, dân vui', 'Đường ngập']);
    const tabs = await read('tabs.csv', 'id\tcontent\n1\tMột, hai; ba\n');
    expect(tabs.items.map((i) => i.text)).toEqual(['Một, hai; ba']);
  });

  it('knows the columns of a Vietnamese spreadsheet, whatever their case and accents, and reads dates day first', async () => {
    const { items, problems } = await read('bao-cao.csv', 'Mã;Tiêu đề;NỘI DUNG;Ngày đăng;Đường dẫn;Lượt thích\n7;Tin bảy;Đường ngập;05/11/2026 08:30;https://example.invalid/7;1.200\n');
    expect(problems).toEqual([]);
    expect(items[0]).toMatchObject({
      platformId: '7', title: 'Tin bảy', text: 'Đường ngập', publishedAt: '2026-11-05T08:30:00+07:00', url: 'https://example.invalid/7',
    });
    expect(items[0]?.engagement?.likes).toBe(1200);
  });

  it('reads CSV with quoted commas and newlines, and skips a broken row', async () => {
    const { items, problems } = await read('a.csv', 'id,title,content\n1,"Tin, một","Dòng 1\nDòng 2"\n2,only-two-columns\n3,Tin ba,Nội dung ba\n');
    expect(items.map((i) => i.text)).toEqual(['Dòng 1\nDòng 2', 'Nội dung ba']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(4);
  });

  it('uses a field mapping', async () => {
    const { items } = await read('m.json', JSON.stringify({ items: [{ noidung: 'Xin chào', duongdan: 'https://x/1' }] }), { mapping: { text: 'noidung', url: 'duongdan' } });
    expect(items.map((i) => [i.text, i.url])).toEqual([['Xin chào', 'https://x/1']]);
  });

  it('refuses a file in the wrong encoding with what to do, and reads it with --encoding', async () => {
    const bytes = iconv.encode('id,text\n1,Bà con dân đây\n', 'windows-1258');
    await expect(read('w.csv', bytes)).rejects.toThrow(/not UTF-8.*--encoding/);
    const { items } = await read('w2.csv', bytes, { encoding: 'windows-1258' });
    expect(items[0]?.text.normalize('NFC')).toBe('Bà con dân đây');
  });

  it('skips an item over the size limit and an item with no text', async () => {
    const { items, problems } = await read('big.ndjson', `${JSON.stringify({ text: 'x'.repeat(1_000_001) })}\n{"text":"  "}\n{"text":"ok"}\n`);
    expect(items.map((i) => i.text)).toEqual(['ok']);
    expect(problems.map((p) => p.line)).toEqual([1, 2]);
    expect(problems[0]?.message).toMatch(/longer than 1000000/);
  });
});
