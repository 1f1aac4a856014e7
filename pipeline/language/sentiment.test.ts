import { describe, expect, it } from 'vitest';
import { createSentimentLexicon, lexiconScore, loadSentiment, sentimentLexicons, sentimentWordsOf } from './sentiment.ts';

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
    // "When will … at last": a complaint, though what is waited for is good; a plain question is not.
    expect(sentiment.analyse('bao giờ mới có nước sạch vậy trời').label).toBe('negative');
    expect(sentiment.analyse('khi nào có lịch tiêm vậy mn').label).toBe('neutral');
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

  it('gives the classifier one feature per lexicon word, by weight, negated after a negator', () => {
    const lexicons = sentimentLexicons([['tử vong', -3], ['tận tình', 2], ['Tận tình', 3], ['ổn', 0], ['tuyệt', 2.5]]);
    // The first weight given for a word stays; weight 0 says nothing.
    expect(sentimentWordsOf(lexicons)).toEqual([['tử vong', -3], ['tận tình', 2], ['tuyệt', 2.5]]);
    const extra = createSentimentLexicon(sentimentWordsOf(lexicons)).features;
    const run = (text: string): number[] => {
      const ids = new Uint32Array(64);
      return [...ids.subarray(0, extra(text, ids, 0, 18))];
    };
    // A word and the opinion as a whole; the same words typed without diacritics give the same ids.
    expect(run('hai người tử vong')).toHaveLength(2);
    expect(run('hai nguoi tu vong')).toEqual(run('hai người tử vong'));
    expect(run('thầy không tận tình')[0]).not.toBe(run('thầy tận tình')[0]);
    // After punctuation the negation is over.
    expect(run('không. tận tình')).toEqual(run('tận tình'));
    expect(run('hôm nay trời đẹp')).toEqual([]);
  });

  it("reads a model's own word list with negation, and folds only words that stay unambiguous", () => {
    const { score } = createSentimentLexicon([['tử vong', -3], ['buồn', -2], ['nhiệt tình', 2]]);
    expect(score('hai người tử vong')).toBeLessThan(0);
    expect(score('hai nguoi tu vong')).toBeLessThan(0);
    expect(score('cô không nhiệt tình')).toBeLessThan(0);
    expect(score('buồn quá')).toBeLessThan(0);
    expect(score('buon ban')).toBe(0); // "buôn bán", typed without diacritics
    expect(lexiconScore('hai người tử vong')).toBe(0); // not a word of the hand-written lexicon
  });

  it('ships a model that reads news: events are negative or positive, notices neutral', () => {
    expect(sentiment.analyse('Vụ tai nạn khiến hai người tử vong tại chỗ').label).toBe('negative');
    expect(sentiment.analyse('Đội tuyển học sinh của tỉnh giành 5 huy chương vàng').label).toBe('positive');
  });
});
