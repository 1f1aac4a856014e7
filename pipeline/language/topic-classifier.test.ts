import { describe, expect, it } from 'vitest';
import { loadTopicClassifier, TOPIC_IDS } from './topic-classifier.ts';

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

  it('never crashes on bad input', () => {
    for (const text of ['\u0000', '\ud800', '🌧️'.repeat(100_000), 'lũ '.repeat(300_000)]) {
      expect(Array.isArray(topics.classify(text))).toBe(true);
    }
    expect(topics.version).toMatch(/^topic-/);
  });
});
