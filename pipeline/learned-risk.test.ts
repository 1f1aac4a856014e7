import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLearnedRisk } from './learned-risk.ts';
import { saveModel, strongestPhrases, train } from './language/text-classifier.ts';
import { DEFAULT_FEATURE_OPTIONS } from './language/text-features.ts';

const none = { score: 0, signals: [], matchedClaims: [] };
const shipped = loadLearnedRisk(undefined);

describe('the shipped risk model', () => {
  it('is loaded without a model folder', () => {
    expect(shipped?.version).toMatch(/^risk-/);
  });

  it('adds a learned signal to a scam, with the words it reacted to as evidence', () => {
    const text = 'Chúc mừng bạn đã trúng thưởng xe máy, vui lòng chuyển khoản phí nhận quà vào tài khoản cá nhân';
    const r = shipped!.apply(text, none);
    const signal = r.signals.find((s) => s.id === 'learned-pattern');
    expect(signal).toBeDefined();
    expect(r.score).toBeGreaterThan(0.3);
    const quoted = [...(signal!.evidence.matchAll(/"([^"]+)"/g))].map((m) => m[1]!);
    expect(quoted.length).toBeGreaterThan(0);
    for (const phrase of quoted) expect(text.toLowerCase()).toContain(phrase);
  });

  it('ranks a weak pattern above plain text with a small listed signal, far from review', () => {
    const r = shipped!.apply('Có ai biết uống nước chanh nóng chữa được ung thư không', none);
    expect(r.signals).toHaveLength(1);
    expect(r.signals[0]!.weight).toBeGreaterThanOrEqual(0.03);
    expect(r.signals[0]!.weight).toBeLessThan(0.3);
    expect(r.score).toBe(r.signals[0]!.weight);
    expect(shipped!.apply('Hôm nay trời đẹp, cả nhà đi chơi công viên', none)).toEqual(none);
  });

  it.each([
    'Cán bộ xã làm ăn tắc trách, bồi thường chậm 2 năm, dân khổ quá',
    'Đường vào xã ngập như sông, chính quyền làm ăn kiểu gì vậy, dân khổ quá',
    'Tiền điện tháng này tăng gấp đôi mà không ai giải thích, điện lực làm ăn vậy hả',
  ])('leaves a complaint alone: %s', (text) => {
    expect(shipped!.apply(text, none)).toEqual(none);
  });
});

describe('a risk model of ones own', () => {
  it('is preferred to the shipped one when the folder has it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-risk-'));
    const examples = Array.from({ length: 40 }, (_, i) => [
      { text: `Tin đồn số ${i}: mưa đá màu tím sắp rơi khắp tỉnh`, label: '1' },
      { text: `Thông báo số ${i}: lịch cắt điện tuần này ở phường`, label: '0' },
    ]).flat();
    const model = train(examples, { kind: 'risk', labels: ['0', '1'], features: DEFAULT_FEATURE_OPTIONS, epochs: 5 });
    saveModel(model, path.join(dir, 'risk.json'));
    const own = loadLearnedRisk(dir)!;
    expect(own.version).toBe(model.version);
    expect(own.version).not.toBe(shipped!.version);
    expect(own.apply('mưa đá màu tím sắp rơi', none).signals[0]?.id).toBe('learned-pattern');
    expect(strongestPhrases(model, 'mưa đá màu tím sắp rơi', '1')).toContain('mưa đá');
    expect(strongestPhrases(model, 'mưa đá màu tím sắp rơi', 'no-such-label')).toEqual([]);
  });
});
