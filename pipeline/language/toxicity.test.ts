import { describe, expect, it } from 'vitest';
import { createGroupMatcher, loadToxicity, parseOffensiveWords } from './toxicity.ts';
import { syllables } from './text-features.ts';

const toxicity = loadToxicity();

describe('toxicity', () => {
  it('tells clean, offensive and hate apart', () => {
    expect(toxicity.analyse('Cảm ơn các anh đã sửa đường').label).toBe('clean');
    expect(toxicity.analyse('đm thằng ngu, câm mồm đi').label).not.toBe('clean');
    expect(toxicity.analyse('Bọn bắc kỳ đi đâu cũng gây chuyện, cút về quê đi').label).toBe('hate');
  });

  it('does not call a respectful mention of a group hate', () => {
    expect(toxicity.analyse('Đồng bào S\'tiêng vui lễ mừng lúa mới').label).not.toBe('hate');
  });

  it('calls abuse aimed at a person hate, and crude language aimed at no one offensive', () => {
    expect(toxicity.analyse('thằng chủ quán mất dạy, đồ khốn nạn').label).toBe('hate');
    expect(toxicity.analyse('vãi cả lìn, đường gì mà như bãi mìn').label).toBe('offensive');
  });

  it('finds group terms, with and without diacritics, but not in everyday words', () => {
    const m = createGroupMatcher();
    expect(m.hasIn(syllables('mọi người ơi'))).toBe(false);
    expect(m.hasIn(syllables('bọn bac ky'))).toBe(true);
    expect(m.hasIn(syllables('lũ bê đê'))).toBe(true);
  });

  it('parses the offensive word list', () => {
    expect(parseOffensiveWords('# heading\nĐm\ncu\n\nvl\n')).toEqual(['vl', 'đm']);
  });

  it('never crashes on bad input', () => {
    for (const text of ['', '\u0000\u0007', '\udfff\ud800', '🤬'.repeat(100_000), 'ngu '.repeat(250_000)]) {
      const r = toxicity.analyse(text);
      expect(['clean', 'offensive', 'hate']).toContain(r.label);
      expect(Number.isFinite(r.score)).toBe(true);
    }
  });
});
