import { describe, expect, it } from 'vitest';
import { lexiconScore, loadSentiment } from './sentiment.ts';

const sentiment = loadSentiment();

describe('sentiment', () => {
  it('reads negation', () => {
    expect(sentiment.analyse('rất tốt').label).toBe('positive');
    expect(sentiment.analyse('không tốt').label).toBe('negative');
    expect(sentiment.analyse('khong tot').label).toBe('negative');
    const s = sentiment.scores('không tệ');
    expect(s.positive).toBeGreaterThan(s.negative);
    expect(lexiconScore('không tệ')).toBeGreaterThan(0);
  });

  it('weighs the clause after a contrast more', () => {
    expect(sentiment.analyse('Đẹp nhưng đắt quá, không đáng tiền').label).toBe('negative');
    expect(sentiment.analyse('Hơi chậm nhưng rất chu đáo').label).toBe('positive');
    expect(lexiconScore('đẹp nhưng tệ')).toBeLessThan(0);
    expect(lexiconScore('tệ nhưng đẹp')).toBeGreaterThan(0);
  });

  it('reads intensifiers, emoji and teencode', () => {
    expect(lexiconScore('rất tốt')).toBeGreaterThan(lexiconScore('tốt'));
    expect(lexiconScore('tốt lắm')).toBeGreaterThan(lexiconScore('tốt'));
    expect(sentiment.analyse('😡😡😡').label).toBe('negative');
    expect(sentiment.analyse('❤️👍').label).toBe('positive');
    expect(sentiment.analyse('ko dc gì hết, chán').label).toBe('negative');
  });

  it('treats complaints about officials as negative and notices as neutral', () => {
    expect(sentiment.analyse('Cán bộ xã hách dịch, dân đi làm giấy tờ bị hành').label).toBe('negative');
    expect(sentiment.analyse('Sáng 12/9 UBND tỉnh tổ chức hội nghị').label).toBe('neutral');
  });

  it('reads registers beyond the first training set', () => {
    expect(sentiment.analyse('Giao hàng nhanh, đóng gói kỹ, sẽ ủng hộ shop tiếp').label).toBe('positive');
    expect(sentiment.analyse('hang giao thieu, nhan shop khong tra loi').label).toBe('negative');
    expect(sentiment.analyse('Cho em hỏi môn này thi tự luận hay trắc nghiệm ạ?').label).toBe('neutral');
  });

  it('never crashes on bad input', () => {
    for (const text of ['', '\u0000\u0008\u001f', '\ud83d', '😂'.repeat(100_000), 'tốt '.repeat(250_000)]) {
      const r = sentiment.analyse(text);
      expect(['negative', 'neutral', 'positive']).toContain(r.label);
      expect(Number.isFinite(r.score)).toBe(true);
    }
    expect(sentiment.version).toMatch(/^sentiment-/);
  });
});
