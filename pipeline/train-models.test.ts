import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The readers find ../shared/data through DLXH_SHARED_DATA, read when the module loads.
const shared = mkdtempSync(join(tmpdir(), 'dlxh-shared-'));
mkdirSync(join(shared, 'segmentation'));
writeFileSync(join(shared, 'segmentation', 'rdrsegmenter-train-gold.txt'), 'Hai người tử_vong .\n\nTrường học khai_giảng năm_học mới .\n');
process.env.DLXH_SHARED_DATA = shared;
const { readNewsLabelled, runsFor } = await import('./train-models.ts');

function labels(lines: unknown[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dlxh-news-')), 'news-rdr-0.jsonl');
  writeFileSync(path, [{ note: 'test labels' }, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
}

describe('readNewsLabelled', () => {
  it('reads the sentence a label points at from the shared corpus', () => {
    const rows = readNewsLabelled(labels([
      { source: 'rdr', index: 1, sentiment: 'neutral', topic: 'giao-duc' },
      { source: 'rdr', index: 0, sentiment: 'negative', topic: 'khac' },
    ]));
    expect(rows).toEqual([
      { source: 'rdr', index: 1, text: 'Trường học khai giảng năm học mới .', sentiment: 'neutral', topic: 'giao-duc' },
      { source: 'rdr', index: 0, text: 'Hai người tử vong .', sentiment: 'negative', topic: 'khac' },
    ]);
  });

  it('says which line is wrong and why', () => {
    expect(() => readNewsLabelled(labels([{ source: 'rdr', index: 0, sentiment: 'bad', topic: 'khac' }]))).toThrow(/news-rdr-0\.jsonl:2: needs .*"sentiment" \(negative, neutral, positive\)/);
    expect(() => readNewsLabelled(labels([{ source: 'rdr', index: 0, sentiment: 'neutral', topic: 'sport' }]))).toThrow(/:2: .*"topic"/);
    expect(() => readNewsLabelled(labels([{ source: 'rdr', index: 7, sentiment: 'neutral', topic: 'khac' }]))).toThrow(/:2: rdr has no sentence 7/);
  });
});

describe('runsFor', () => {
  it('averages five runs over small files and fewer over files of many long articles', () => {
    const posts = Array.from({ length: 10_000 }, () => ({ text: 'x'.repeat(300), label: 'a' }));
    expect(runsFor(posts)).toBe(5);
    const articles = Array.from({ length: 10_000 }, () => ({ text: 'x'.repeat(5000), label: 'a' }));
    expect(runsFor(articles)).toBe(1);
    expect(runsFor(articles.slice(0, 2_000))).toBe(2);
    expect(runsFor([])).toBe(5);
  });
});
