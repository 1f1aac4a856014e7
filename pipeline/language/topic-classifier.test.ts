import { describe, expect, it } from 'vitest';
import { createTopicClassifier, loadTopicClassifier, TOPIC_IDS } from './topic-classifier.ts';
import { createClassifier, train } from './text-classifier.ts';
import { DEFAULT_FEATURE_OPTIONS } from './text-features.ts';

const topics = loadTopicClassifier();

describe('topic classifier', () => {
  it('finds the topic of a post', () => {
    expect(topics.classify('Dân Bù Đăng bức xúc vì tiền đền bù giải phóng mặt bằng quá thấp')[0]?.id).toBe('dat-dai');
    expect(topics.classify('Giá hạt điều hôm nay giảm, thương lái ép giá')[0]?.id).toBe('gia-nong-san');
    expect(topics.classify('Cảnh giác cuộc gọi giả danh công an yêu cầu chuyển khoản')[0]?.id).toBe('lua-dao');
    expect(topics.classify('Bệnh viện quá tải, thẻ BHYT không được chi trả')[0]?.id).toBe('y-te');
  });

  it('returns known ids, best first, at most three, never "khac"', () => {
    for (const text of ['Lũ quét cuốn trôi cầu trên cao tốc', 'Trận bóng đá tối qua hay quá', '']) {
      const r = topics.classify(text);
      expect(r.length).toBeLessThanOrEqual(3);
      for (const t of r) expect(TOPIC_IDS as readonly string[]).toContain(t.id);
      for (let i = 1; i < r.length; i++) expect(r[i - 1]!.score).toBeGreaterThanOrEqual(r[i]!.score);
    }
  });

  it('gives an analyst\'s own taxonomy (no "khac") its best label even when it is unsure', () => {
    const labels = Array.from({ length: 20 }, (_, i) => `muc-${i}`);
    const examples = labels.flatMap((label, i) =>
      Array.from({ length: 5 }, (_, j) => ({ text: `bài số ${j} về chủ đề riêng thứ ${i} từ khóa${i}`, label })),
    );
    const model = train(examples, { kind: 'topic', labels, features: DEFAULT_FEATURE_OPTIONS, epochs: 3 });
    const own = createTopicClassifier(createClassifier(model));
    const unsure = own.classify('một câu chẳng giống bài nào');
    expect(unsure).toHaveLength(1);
    expect(unsure[0]!.score).toBeLessThan(0.15);
    expect(own.classify('bài về từ khóa7')[0]?.id).toBe('muc-7');
    expect(own.classify('  ')).toEqual([]);
    // The shipped model has "khac": a text about none of its topics gets none.
    expect(topics.classify('Trận bóng đá tối qua hay quá')).toEqual([]);
  });

  it('never crashes on bad input', () => {
    for (const text of ['\u0000', '\ud800', '🌧️'.repeat(100_000), 'lũ '.repeat(300_000)]) {
      expect(Array.isArray(topics.classify(text))).toBe(true);
    }
    expect(topics.version).toMatch(/^topic-/);
  });
});
