import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runExtract } from './extract-cli.ts';

describe('runExtract', () => {
  it('reads html and path lines, keeps order and skips malformed lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extract-'));
    const body = '<p>Người dân phản ánh đường vào khu công nghiệp xuống cấp nghiêm trọng, nhiều ổ gà gây nguy hiểm cho người đi xe máy.</p>';
    const saved = join(dir, 'page.html');
    // A saved page in windows-1252 bytes (VNI-typed text would be repaired the same way).
    writeFileSync(saved, Buffer.from(`<html lang="fr"><body><h1>Titre</h1><p>Les élèves ont réussi leurs examens cette année, selon le ministère de l'éducation.</p></body></html>`, 'latin1'));
    const input = join(dir, 'in.jsonl');
    const output = join(dir, 'out.jsonl');
    writeFileSync(input, [
      JSON.stringify({ id: 'a', url: 'https://a.vn/1', html: `<html lang="vi"><body><h1>Đường xấu</h1>${body}</body></html>` }),
      '{not json',
      JSON.stringify({ id: 'b', url: 'https://b.fr/2', path: saved }),
      JSON.stringify({ id: 'c', url: 'https://c' }),
    ].join('\n'));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const r = await runExtract({ in: input, out: output });
    const messages = stderr.mock.calls.map((c) => String(c[0]));
    stderr.mockRestore();
    expect(r).toEqual({ lines: 2, errors: 2 });
    expect(messages.some((m) => m.includes('line 2'))).toBe(true);
    expect(messages.some((m) => m.includes('line 4'))).toBe(true);
    const rows = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((x) => x.id)).toEqual(['a', 'b']);
    expect(rows[0]!.title).toBe('Đường xấu');
    expect(rows[0]!.lang).toBe('vi');
    expect(String(rows[1]!.text)).toContain('Les élèves ont réussi');
    expect(Object.keys(rows[0]!).sort()).toEqual(['authors', 'id', 'lang', 'publishedAt', 'text', 'title']);
  });
});
