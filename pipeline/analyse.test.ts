// The whole analysis on the inputs that break analysers: each gives a result, never a throw or
// a hang (vitest's timeout catches a hang; the regular expressions inside are guarded).
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG_DIR, loadConfig } from '../config/load.ts';
import { RecordSchema } from './record.ts';
import { createAnalyser } from './analyse.ts';

const AnalysisFields = RecordSchema.pick({ lang: true, topics: true, sentiment: true, toxicity: true, places: true, risk: true });
const config = loadConfig();
const analyser = createAnalyser({ topics: config.topics, gazetteerPath: config.gazetteerPath });

const POST = 'Dân Đồng Xoài bức xúc vì tiền bồi thường giải phóng mặt bằng cao tốc chậm chi trả. ';

const hostile: [string, string][] = [
  ['empty text', ''],
  ['white space only', ' \n\t  \r\n'],
  ['1 MB of Vietnamese', POST.repeat(Math.ceil(1_000_000 / POST.length))],
  ['1 MB of one letter', 'a'.repeat(1_000_000)],
  ['1 MB without spaces or letters', '!?.'.repeat(350_000)],
  ['another language', 'The provincial council approved the new budget for road maintenance on Monday.'],
  ['mixed scripts', 'Giá cao su 橡胶价格 резина ยางพารา tăng mạnh ở Bù Đốp'],
  ['control characters', `Tin\u0000 nóng\u0007\u001b[31m về\u202e lũ\u0085 ở\u200b Phước Long\u000c`],
  ['lone surrogates', `Cảnh báo \ud800 lừa đảo \udfff chuyển khoản \ud83d`],
  ['a page of emoji', '😡🤬💯🙏🏻👨‍👩‍👧‍👦🇻🇳'.repeat(5_000)],
  ['repeated letters', `quá điiiiiii${'i'.repeat(50_000)} luôn`],
  ['nested brackets and quotes', `${'(['.repeat(20_000)}"${'"'.repeat(20_000)}`],
  ['a very long URL', `https://example.vn/${'a/'.repeat(100_000)}?utm_source=${'x'.repeat(10_000)}`],
  ['many hashtags and mentions', '#BìnhPhước @nguoidan '.repeat(20_000)],
];

describe('analysis of hostile input', () => {
  it.each(hostile)('%s: a complete result', (_name, text) => {
    const a = analyser.analyse({ text, title: null }, { words: true });
    expect(['negative', 'neutral', 'positive']).toContain(a.sentiment?.label);
    expect(['clean', 'offensive', 'hate']).toContain(a.toxicity?.label);
    expect(a.risk?.score).toBeGreaterThanOrEqual(0);
    expect(a.risk?.score).toBeLessThanOrEqual(1);
    expect(Array.isArray(a.words)).toBe(true);
    // What the store keeps must still be a valid record.
    const record = AnalysisFields.safeParse(a);
    expect(record.success, record.error?.message).toBe(true);
  });

  it('gives the same results in one batch as one by one', () => {
    const inputs = hostile.map(([, text]) => ({ text, title: null }));
    expect(analyser.analyseMany(inputs, { words: true })).toEqual(inputs.map((input) => analyser.analyse(input, { words: true })));
  });

  it('still finds what matters next to the noise', () => {
    const a = analyser.analyse({ text: `${'😡'.repeat(500)} ${POST} \u0000\ud800` });
    expect(a.lang).toBe('vi');
    expect(a.sentiment?.label).toBe('negative');
    expect(a.places.map((p) => p.oldName ?? p.name).join(' ')).toMatch(/Đồng Xoài/);
  });
});

describe('a batch (analyseMany)', () => {
  it('gives each input what analyse() gives it alone, whatever comes before and after it', () => {
    // The stages keep per-text caches (features, syllables, the lexicon's reading); a batch runs
    // each stage over every input before the next, so a cache that leaked across texts would show.
    const inputs = [
      { text: POST, title: 'Chậm bồi thường cao tốc' },
      { text: 'Chúc mừng bạn đã trúng thưởng xe SH, vui lòng chuyển khoản phí 500k vào tài khoản cá nhân để nhận quà' },
      { text: '' },
      { text: 'The provincial council approved the new budget for road maintenance on Monday.' },
      { text: 'đm bọn lừa đảo, thằng nào bày ra trò này ngu vãi' },
      { text: POST },
      { text: 'Cán bộ xã Tân Lập tận tình hướng dẫn, làm hồ sơ nhanh gọn, cảm ơn nhiều ạ 👍' },
      { text: '😡'.repeat(300) },
    ];
    const batch = analyser.analyseMany(inputs, { words: true });
    expect(batch).toHaveLength(inputs.length);
    const alone = inputs.map((input) => analyser.analyse(input, { words: true }));
    expect(batch).toEqual(alone);
    expect(analyser.analyseMany([...inputs].reverse(), { words: true })).toEqual([...alone].reverse());
    // And they differ from each other, so the comparison above is not of empty results.
    expect(new Set(batch.map((a) => a.sentiment?.label)).size).toBeGreaterThan(1);
    expect(analyser.analyseMany([])).toEqual([]);
  });
});

describe('the learned risk signal', () => {
  it('weighs Vietnamese text only', () => {
    const scam = analyser.analyse({ text: 'Chúc mừng bạn đã trúng thưởng xe SH, vui lòng chuyển khoản phí 500k vào tài khoản cá nhân để nhận quà' });
    expect(scam.risk?.signals.map((s) => s.id)).toContain('learned-pattern');
    const english = analyser.analyse({ text: 'Visited my hometown near Chon Thanh last week. The new road is great, thanks to everyone who built it.' });
    expect(english.lang).not.toBe('vi');
    expect(english.risk?.signals.map((s) => s.id)).not.toContain('learned-pattern');
  });
});

describe('a configuration folder of its own', () => {
  it('matches the claims of its own claims.yaml, and the shipped ones when it has none', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dlxh-config-'));
    for (const f of ['sources.yaml', 'topics.yaml', 'report.yaml', 'gazetteer.json']) copyFileSync(path.join(DEFAULT_CONFIG_DIR, f), path.join(dir, f));
    const hoax = 'Nghe nói cầu Sông Bé sắp sập, ai đi qua cầu từ mai sẽ bị phạt vì cầu đã đóng cửa vĩnh viễn';
    const shipped = loadConfig(dir);
    expect(shipped.claimsPath).toBe(path.join(DEFAULT_CONFIG_DIR, 'claims.yaml'));
    const before = createAnalyser({ topics: shipped.topics, gazetteerPath: shipped.gazetteerPath, claimsPath: shipped.claimsPath });
    expect(before.analyse({ text: hoax }).risk?.matchedClaims).toEqual([]);

    writeFileSync(path.join(dir, 'claims.yaml'), `claims:
  - id: song-be-bridge-closed
    claim: "Cầu Sông Bé sắp sập, đóng cửa vĩnh viễn, ai đi qua cầu sẽ bị phạt"
    verdict: "false"
    correction: "Cầu Sông Bé vẫn khai thác bình thường; không có quyết định đóng cầu."
    source: "Sở Xây dựng (ví dụ)"
    published: "2026-11-30"
`);
    const own = loadConfig(dir);
    expect(own.claimsPath).toBe(path.join(dir, 'claims.yaml'));
    const after = createAnalyser({ topics: own.topics, gazetteerPath: own.gazetteerPath, claimsPath: own.claimsPath, riskSignalsPath: own.riskSignalsPath });
    expect(after.analyse({ text: hoax }).risk?.matchedClaims.map((c) => c.claimId)).toEqual(['song-be-bridge-closed']);
  });
});
