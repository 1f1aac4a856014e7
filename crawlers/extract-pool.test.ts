import { describe, expect, it } from 'vitest';
import { createExtractPool } from './extract-pool.ts';
import { extractArticle } from './article-extract.ts';

const page = (k: number) => `<html lang="vi"><head><title>Bài ${k} - Báo</title></head><body><nav><a href="/">Trang chủ</a></nav>
<article><h1>Bài ${k}</h1>${Array.from({ length: 6 }, (_, p) => `<p>Đoạn ${p} của bài ${k}: người dân phản ánh, chính quyền trả lời, mọi việc được ghi lại đầy đủ để theo dõi.</p>`).join('')}</article></body></html>`;

describe('createExtractPool', () => {
  it('extracts on a worker thread exactly as on the calling thread, in any number at once', async () => {
    const pool = createExtractPool({ workers: 1 });
    try {
      const inputs = Array.from({ length: 20 }, (_, k) => ({ url: `https://bao.vn/${k}`, html: page(k), now: new Date('2026-11-22T12:00:00+07:00') }));
      const results = await Promise.all(inputs.map((input) => pool.extract(input)));
      results.forEach((r, k) => expect(r).toEqual(extractArticle(inputs[k]!)));
      expect(results[3]!.text).toContain('Đoạn 0 của bài 3');
      expect(pool.pending).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('rejects only the page whose extraction could not run, and goes on', async () => {
    const pool = createExtractPool({ workers: 1 });
    try {
      // A function cannot be sent to a worker: this page fails on its own.
      const bad = pool.extract({ url: 'x', html: page(1), selectors: { title: (() => 'h1') as unknown as string } });
      const good = pool.extract({ url: 'y', html: page(2) });
      await expect(bad).rejects.toThrow(/extraction failed/);
      expect((await good).title).toBe('Bài 2');
    } finally {
      await pool.close();
    }
  });

  it('close() waits for the pages in hand, then refuses new ones', async () => {
    const pool = createExtractPool({ workers: 1, perWorker: 1 });
    const inFlight = [pool.extract({ url: 'a', html: page(1) }), pool.extract({ url: 'b', html: page(2) })];
    expect(pool.pending).toBe(2);
    await pool.close();
    expect((await Promise.all(inFlight)).map((a) => a.title)).toEqual(['Bài 1', 'Bài 2']);
    await expect(pool.extract({ url: 'c', html: page(3) })).rejects.toThrow(/closed/);
  });

  it('with no workers extracts on the calling thread', async () => {
    const pool = createExtractPool({ workers: 0 });
    expect((await pool.extract({ url: 'a', html: page(5) })).title).toBe('Bài 5');
    await pool.close();
  });
});
