import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClassifier, fromJSON, loadModel, saveModel, score, toJSON, train, type Example } from './text-classifier.ts';
import { createFeatureBuffer, DEFAULT_FEATURE_OPTIONS, extractFeatures } from './text-features.ts';

const examples: Example[] = [
  { text: 'giá điều tăng mạnh, nông dân phấn khởi', label: 'nong-san' },
  { text: 'thương lái ép giá hạt điều', label: 'nong-san' },
  { text: 'giá mủ cao su giảm', label: 'nong-san' },
  { text: 'tai nạn xe tải trên quốc lộ 14', label: 'giao-thong' },
  { text: 'đường ĐT741 nhiều ổ gà', label: 'giao-thong' },
  { text: 'xe ben va chạm xe máy', label: 'giao-thong' },
];

const dir = mkdtempSync(join(tmpdir(), 'dlxh-classifier-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('text features', () => {
  const buffer = createFeatureBuffer();
  it('gives the same folded features to "ko dc" and "không được"', () => {
    const a = new Set(buffer.ids.slice(0, extractFeatures('ko dc', DEFAULT_FEATURE_OPTIONS, buffer)));
    const b = new Set(buffer.ids.slice(0, extractFeatures('không được', DEFAULT_FEATURE_OPTIONS, buffer)));
    expect([...a].filter((x) => b.has(x)).length).toBeGreaterThanOrEqual(3);
  });
  it('reads "kg" after an amount as the kilogram, "KH" in capitals as an acronym, elsewhere both as the teencode for "không"', () => {
    const ids = (text: string) => [...buffer.ids.slice(0, extractFeatures(text, DEFAULT_FEATURE_OPTIONS, buffer))].sort();
    // A price carries no negation into what follows it.
    for (const price of ['giá 120.000đ/kg tốt', 'giá 5k/kg tốt', 'giá 30.000 đồng/kg tốt', 'giá 5 kg tốt']) {
      // As many features as with a plain word in its place: no negation scope opened.
      expect(ids(price).length, price).toBe(ids(price.replace('kg', 'cân')).length);
      expect(ids(price.replace('kg', 'không')).length, price).toBeGreaterThan(ids(price).length);
    }
    expect(ids('mình kg biết')).toEqual(ids('mình không biết'));
    // Nor does a document code: "KH" of "45/KH-UBND" is kế hoạch, not không.
    const khong = ids('không');
    expect(ids('số 45/KH-UBND').filter((x) => khong.includes(x))).toEqual([]);
    expect(ids('giá 5 kg').filter((x) => khong.includes(x))).toEqual([]);
    // "KH" in capitals in ordinary text is kế hoạch; "kh" is không.
    expect(ids('làm theo KH của tỉnh').filter((x) => khong.includes(x))).toEqual([]);
    expect(ids('mình kh biết').filter((x) => khong.includes(x)).length).toBeGreaterThan(0);
  });
  it('marks negation scope', () => {
    const a = new Set(buffer.ids.slice(0, extractFeatures('tốt', DEFAULT_FEATURE_OPTIONS, buffer)));
    const b = [...buffer.ids.slice(0, extractFeatures('không tốt', DEFAULT_FEATURE_OPTIONS, buffer))];
    expect(b.filter((x) => !a.has(x)).length).toBeGreaterThan(3);
  });
  it('survives bad input', () => {
    for (const text of ['', '\u0000\u0007\u001b[31m', '\ud800 lone \udfff', '😂'.repeat(50_000), 'a'.repeat(1_000_000), 'x '.repeat(500_000)]) {
      const n = extractFeatures(text, DEFAULT_FEATURE_OPTIONS, buffer);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThanOrEqual(buffer.ids.length);
    }
    expect(extractFeatures(undefined as unknown as string, DEFAULT_FEATURE_OPTIONS, buffer)).toBe(0);
  });
});

describe('text classifier', () => {
  const model = train(examples, { kind: 'test', labels: ['nong-san', 'giao-thong'], trainedAt: '2025-07-01T00:00:00Z' });
  const classifier = createClassifier(model);

  it('learns its training data', () => {
    expect(classifier.predict('giá điều hôm nay').label).toBe('nong-san');
    expect(classifier.predict('tai nạn trên quốc lộ').label).toBe('giao-thong');
    const p = classifier.predict('giá cao su');
    expect(p.score).toBeGreaterThan(0.5);
    expect(p.scores['nong-san']! + p.scores['giao-thong']!).toBeCloseTo(1, 6);
  });

  it('predicts the same after save and load', () => {
    const path = join(dir, 'm.json');
    saveModel(model, path);
    const loaded = createClassifier(loadModel(path));
    for (const text of ['giá điều', 'xe tải lật', 'không liên quan', '']) {
      expect(loaded.predict(text)).toEqual(classifier.predict(text));
    }
    expect(loadModel(path).version).toBe(model.version);
    expect(loadModel(path).trainedAt).toBe('2025-07-01T00:00:00Z');
  });

  it('is deterministic', () => {
    const again = train(examples, { kind: 'test', labels: ['nong-san', 'giao-thong'], trainedAt: 'x' });
    expect(again.version).toBe(model.version);
  });

  it('averages the weights of several runs over different shuffles into one model, deterministically', () => {
    const options = { kind: 'test', labels: ['nong-san', 'giao-thong'], trainedAt: 'x' };
    const averaged = train(examples, { ...options, runs: 3 });
    expect(averaged.version).toBe(train(examples, { ...options, runs: 3 }).version);
    expect(averaged.version).not.toBe(model.version);
    // The average of runs seeded 42, 42 + 7919 and 42 + 2 × 7919.
    const runs = [0, 1, 2].map((r) => train(examples, { ...options, seed: 42 + r * 7919, prune: 0 }));
    const exact = train(examples, { ...options, runs: 3, prune: 0 });
    const i = exact.weights.findIndex((w) => w !== 0);
    const mean = runs.reduce((sum, m) => sum + (m.weights[i] as number), 0) / 3;
    expect(exact.weights[i]).toBeCloseTo(mean, 2);
    expect(createClassifier(averaged).predict('giá điều hôm nay').label).toBe('nong-san');
  });

  it('rejects bad models and labels with clear errors', () => {
    expect(() => fromJSON({ kind: 'x' })).toThrow(/Not a DLXH classifier model/);
    expect(() => loadModel(join(dir, 'missing.json'))).toThrow(/train:models/);
    expect(() => train([{ text: 'a', label: 'zzz' }], { kind: 't', labels: ['a', 'b'] })).toThrow(/not one of/);
    const stored = toJSON(model);
    expect(() => fromJSON({ ...stored, bias: [1] })).toThrow(/bias/);
  });

  it('handles bad input', () => {
    for (const text of ['', '\u0000\u0001', '🔥'.repeat(100_000), 'đ'.repeat(1_000_000)]) {
      const p = classifier.predict(text);
      expect(Number.isFinite(p.score)).toBe(true);
    }
  });

  it('complement NB trains too', () => {
    const nb = createClassifier(train(examples, { kind: 'nb', labels: ['nong-san', 'giao-thong'], algorithm: 'complement-nb' }));
    expect(nb.predict('giá điều hôm nay').label).toBe('nong-san');
  });

  it('scores macro-F1', () => {
    const s = score(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], ['a', 'b']);
    expect(s.accuracy).toBe(0.75);
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 6);
  });
});
