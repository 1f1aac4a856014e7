import { describe, expect, it } from 'vitest';
import { createGroupMatcher, deriveToxicityLabel, loadToxicity, parseOffensiveWords } from './toxicity.ts';

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

  it('derives ViHOS labels from spans and group terms', () => {
    const m = createGroupMatcher();
    expect(deriveToxicityLabel('hay lắm', [], m)).toBe('clean');
    const text = 'lũ bê đê bệnh hoạn';
    expect(deriveToxicityLabel(text, [0, 1], m)).toBe('hate');
    expect(deriveToxicityLabel('thằng ngu vãi cả chưởng luôn á trời ơi', [6, 7, 8], m)).toBe('offensive');
    expect(m.find('mọi người ơi')).toEqual([]);
    expect(m.find('bọn bac ky')).toEqual([[4, 10]]);
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
