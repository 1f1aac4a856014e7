// Behaviour of the word segmenter with the real trained model (pipeline/models/segmenter.json).

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildAffinityTable,
  buildDictionaryTable,
  createSegmenter,
  createUnitBuffer,
  decodeSegmenterModel,
  DEFAULT_SEGMENTER_MODEL_PATH,
  dictionaryKey,
  gapFeatures,
  foldedModelPath,
  isWithoutDiacritics,
  loadSegmenter,
  markLexicon,
  MAX_GAP_FEATURES,
  PAIR_FEATURE_POSITIONS,
  segmentLine,
  splitUnits,
  syllableHashes,
} from './segment.ts';
import { LEXICON_DIR, readLexiconWords, tonePlacements, trainSegmenter } from './segmenter-training.ts';
import { prng, article } from '../../test/bench/corpus.ts';

const segmenter = loadSegmenter();

describe('segment', () => {
  it('joins the syllables of known compounds', () => {
    expect(segmentLine(segmenter, 'dư luận xã hội')).toBe('dư_luận xã_hội');
    const words = segmenter.segment('Chính phủ yêu cầu các bộ ngành giải quyết khiếu nại của người dân');
    expect(words).toContain('Chính_phủ');
    expect(words).toContain('giải_quyết');
    expect(words).toContain('khiếu_nại');
  });

  it('keeps the original spelling and case of every syllable', () => {
    const words = segmenter.segment('Bệnh viện Chợ Rẫy');
    expect(words.join('').replace(/_/g, '')).toBe('BệnhviệnChợRẫy');
  });

  it('gives punctuation its own tokens and never drops it', () => {
    const words = segmenter.segment('Xin chào, thế giới! Bạn khỏe không?');
    expect(words).toContain(',');
    expect(words).toContain('!');
    expect(words).toContain('?');
    expect(words.join('').replace(/_/g, '')).toBe('Xinchào,thếgiới!Bạnkhỏekhông?');
  });

  it('keeps numbers, amounts and dates whole', () => {
    const words = segmenter.segment('Hỗ trợ 1.250.000 đồng từ ngày 18/11/2026, lãi suất 3,5%.');
    expect(words).toContain('1.250.000');
    expect(words).toContain('18/11/2026');
    expect(words).toContain('3,5%');
    expect(segmenter.segment('tăng 3,5 %')).toEqual(['tăng', '3,5', '%']);
    expect(words.at(-1)).toBe('.');
  });

  it('keeps an abbreviation written without a space one token ("TP.HCM"), and "TP. HCM" two', () => {
    expect(segmenter.segment('Tại TP.HCM, Q.1 có GS.TS Lan')).toEqual(['Tại', 'TP.HCM', ',', 'Q.1', 'có', 'GS.TS', 'Lan']);
    expect(segmenter.segment('Ở TP. HCM')).toEqual(['Ở', 'TP.', 'HCM']);
    expect(segmenter.segment('Xong rồi.Tôi về')).toEqual(['Xong', 'rồi', '.', 'Tôi', 'về']);
  });

  it('keeps a hyphen or an apostrophe written inside a word as part of it, as both gold corpora do, but not a spaced dash or quotes', () => {
    expect(segmenter.segment('bán cà-rem, gửi e-mail về COVID-19 cho xe 50P-5117')).toEqual(
      ['bán', 'cà-rem', ',', 'gửi', 'e-mail', 'về', 'COVID-19', 'cho', 'xe', '50P-5117'],
    );
    expect(segmenter.segment('Hà Nội - Hải Phòng')).toEqual(['Hà_Nội', '-', 'Hải_Phòng']);
    expect(segmenter.segment('tuyến Hà Nội-Hải Phòng -')).toEqual(['tuyến', 'Hà', 'Nội-Hải', 'Phòng', '-']);
    expect(segmenter.segment("đồng bào S'tiêng, M’nông và ‘nhóm’ 'khác'")).toEqual(
      ['đồng_bào', "S'tiêng", ',', 'M’nông', 'và', '‘', 'nhóm', '’', "'", 'khác', "'"],
    );
  });

  it('reads a number written "25 . 000" as one word, as UD-VTB does, but not two sentences', () => {
    expect(segmenter.segment('25 . 000 hộ dân ( 84 . 4 )')).toEqual(['25_._000', 'hộ', 'dân', '(', '84_._4', ')']);
    expect(segmenter.segment('năm 2020. 5 người')).toContain('2020');
    expect(segmenter.segment('năm 2020 .5 người')).toContain('2020');
  });

  it('keeps URLs, e-mails, mentions and hashtags as single tokens', () => {
    const words = segmenter.segment(
      'Xem https://baobinhphuoc.com.vn/news/19/a-b?id=1. Liên hệ: toasoan@baobinhphuoc.com.vn hoặc @ubnd #DongNai',
    );
    expect(words).toContain('https://baobinhphuoc.com.vn/news/19/a-b?id=1');
    expect(words).toContain('toasoan@baobinhphuoc.com.vn');
    expect(words).toContain('@ubnd');
    expect(words).toContain('#DongNai');
    expect(words).toContain('.');
  });

  it('gives emoji their own tokens', () => {
    const words = segmenter.segment('Tuyệt vời quá 😍😍 👍🏽 👨‍👩‍👧');
    expect(words.filter((w) => w === '😍')).toHaveLength(2);
    expect(words).toContain('👍🏽');
    expect(words).toContain('👨‍👩‍👧');
  });

  it('does not join non-Vietnamese tokens into words', () => {
    const words = segmenter.segment('Dịch COVID 19 ở 中国 và Россия');
    expect(words).toContain('COVID');
    expect(words).toContain('19');
    expect(words).toContain('中国');
    expect(words).toContain('Россия');
  });

  it('returns nothing for empty or blank text', () => {
    expect(segmenter.segment('')).toEqual([]);
    expect(segmenter.segment(' \n\t ')).toEqual([]);
    expect(segmentLine(segmenter, '')).toBe('');
  });

  it('survives control characters, lone surrogates and a page of emoji', () => {
    expect(() => segmenter.segment('a\u0000b\u0007c\ud800d\udfffe\u200b')).not.toThrow();
    const emoji = '😀🎉🔥'.repeat(2000);
    expect(segmenter.segment(emoji)).toHaveLength(6000);
  });

  it('segments text without diacritics without crashing', () => {
    const words = segmenter.segment('du luan xa hoi rat quan tam den van de nay');
    expect(words.join(' ').replace(/_/g, ' ')).toBe('du luan xa hoi rat quan tam den van de nay');
  });

  it('segments 1 MB of text', () => {
    const paragraph = 'Ủy ban nhân dân tỉnh Đồng Nai tiếp nhận ý kiến của người dân về dự án. ';
    const text = paragraph.repeat(Math.ceil(1_000_000 / paragraph.length));
    const words = segmenter.segment(text);
    expect(words.length).toBeGreaterThan(100_000);
    expect(words.join('').replace(/_/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('segments a long text the same while its buffers grow as once they have grown', () => {
    // Several thousand units: a fresh segmenter's buffers grow while this text is cut.
    const r = prng(3);
    const text = Array.from({ length: 8 }, (_, i) => article(r, i, 5000)).join('\n');
    const fresh = createSegmenter(decodeSegmenterModel(JSON.parse(readFileSync(DEFAULT_SEGMENTER_MODEL_PATH, 'utf8'))));
    const first = fresh.segment(text);
    expect(fresh.segment(text)).toEqual(first);
  });

  it('normalises to NFC so decomposed input segments like composed input', () => {
    const composed = 'dư luận xã hội';
    expect(segmenter.segment(composed.normalize('NFD'))).toEqual(segmenter.segment(composed));
  });

  it('caches the default model and reports its version, with the model for text without diacritics', () => {
    expect(loadSegmenter()).toBe(segmenter);
    expect(segmenter.version).toMatch(/^vi-seg-f\d+-[0-9a-f]+\+vi-seg-f\d+-[0-9a-f]+$/);
  });

  it('segments text typed without diacritics with the model trained that way', () => {
    const words = segmenter.segment('nguoi dan xa tan tien phan anh duong hu hong nang, giai phong mat bang cham qua');
    expect(words).toContain('phan_anh');
    expect(words).toContain('hu_hong');
    expect(words).toContain('giai_phong');
    expect(words).toContain('mat_bang');
    // The same words with their diacritics go to the main model, and come out the same way.
    expect(segmenter.segment('phản ánh đường hư hỏng nặng')).toEqual(['phản_ánh', 'đường', 'hư_hỏng', 'nặng']);
  });

  it('tells text without diacritics from Vietnamese with a few unmarked words or English', () => {
    expect(isWithoutDiacritics('nguoi dan phan anh duong hu')).toBe(true);
    expect(isWithoutDiacritics('ko bit j het tron mn oi 😂')).toBe(true);
    expect(isWithoutDiacritics('Người dân xã Tân Tiến phản ánh')).toBe(false);
    expect(isWithoutDiacritics('cho em hỏi ban nào lo vụ này')).toBe(false);
    expect(isWithoutDiacritics('ok')).toBe(false);
    expect(isWithoutDiacritics('')).toBe(false);
    expect(foldedModelPath('/m/segmenter.json')).toBe('/m/segmenter-folded.json');
  });
});

describe('trainSegmenter', () => {
  it('averages several independent runs into one deterministic model', () => {
    const sentences = [
      ['dư_luận', 'xã_hội', 'quan_tâm', 'dự_án'],
      ['người', 'dân', 'quan_tâm', 'dư_luận'],
      ['xã_hội', 'phát_triển', 'nhanh'],
      ['dự_án', 'phát_triển', 'xã_hội'],
    ];
    const options = { runs: 2, epochs: 3, hashBits: 14, folds: 2 };
    const model = trainSegmenter(sentences, options);
    expect(model.meta.runs).toBe(2);
    expect(trainSegmenter(sentences, options).weights).toEqual(model.weights);
    const single = trainSegmenter(sentences, { ...options, runs: 1 });
    expect(single.weights).not.toEqual(model.weights);
    expect(createSegmenter(model).segment('dư luận xã hội quan tâm').join(' ')).toBe('dư_luận xã_hội quan_tâm');
  });

  it('trains without the pair features on pairs no other fold has, deterministically', () => {
    const sentences = [
      ['dư_luận', 'xã_hội', 'quan_tâm', 'dự_án'],
      ['người', 'dân', 'quan_tâm', 'dư_luận'],
      ['xã_hội', 'phát_triển', 'nhanh'],
      ['dự_án', 'phát_triển', 'xã_hội', 'bền_vững'],
    ];
    const options = { runs: 1, epochs: 3, hashBits: 14, folds: 2 };
    const hidden = trainSegmenter(sentences, { ...options, unseenPairDrop: 1 });
    expect(hidden.meta.unseenPairDrop).toBe(1);
    expect(trainSegmenter(sentences, { ...options, unseenPairDrop: 1 }).weights).toEqual(hidden.weights);
    expect(trainSegmenter(sentences, { ...options, unseenPairDrop: 0 }).weights).not.toEqual(hidden.weights);
  });

  it('puts the project word lists in the dictionary of every fold and of the model', () => {
    const sentences = [
      ['người', 'dân', 'quan_tâm', 'dự_án'],
      ['xã_hội', 'phát_triển', 'nhanh'],
    ];
    const options = { runs: 1, epochs: 2, hashBits: 14, folds: 2 };
    const without = trainSegmenter(sentences, options);
    const withList = trainSegmenter(sentences, { ...options, lexiconWords: ['tàu ngầm', 'hải quân'] });
    expect(withList.meta.lexiconWords).toBe(2);
    expect(withList.dictionary.length).toBe(without.dictionary.length + 2);
  });
});

describe('maximum matching (a feature of every gap)', () => {
  it('marks the gaps forward and backward longest matching would join', () => {
    const keys = ['học sinh', 'sinh viên', 'trường học']
      .map((w) => syllableHashes(w))
      .map((h) => dictionaryKey(h, 0, h.length));
    const lexicon = { words: buildDictionaryTable(Uint32Array.from(keys).sort()), syllables: buildAffinityTable([], []) };
    const buffer = createUnitBuffer(4);
    splitUnits('trường học sinh viên', buffer);
    markLexicon(buffer, lexicon);
    // Both ways: trường_học sinh_viên.
    expect(Array.from(buffer.matched.subarray(1, 4))).toEqual([3, 0, 3]);
    splitUnits('học sinh viên', buffer);
    markLexicon(buffer, lexicon);
    // Forward: học_sinh viên (bit 0 on gap 1); backward: học sinh_viên (bit 1 on gap 2).
    expect(Array.from(buffer.matched.subarray(1, 3))).toEqual([1, 2]);
  });
});

describe('gap features', () => {
  it('name both syllables of the gap exactly at PAIR_FEATURE_POSITIONS (training drops those for unseen pairs)', () => {
    const lexicon = { words: buildDictionaryTable([]), syllables: buildAffinityTable([], []) };
    const featuresOf = (text: string): Int32Array => {
      const buffer = createUnitBuffer(8);
      splitUnits(text, buffer);
      markLexicon(buffer, lexicon);
      const out = new Int32Array(MAX_GAP_FEATURES);
      const n = gapFeatures(buffer, 2, 0, out);
      return out.slice(0, n);
    };
    // Gap 2 lies between "bàn" (L) and "ghế" (R); each text changes one of them, same shapes.
    const base = featuresOf('hai bàn ghế mới');
    const otherL = featuresOf('hai tủ ghế mới');
    const otherR = featuresOf('hai bàn đèn mới');
    const both = [...base.keys()].filter((k) => base[k] !== otherL[k] && base[k] !== otherR[k]);
    expect(both).toEqual(PAIR_FEATURE_POSITIONS);
  });
});

describe('the word lists (test/data/lexicon)', () => {
  it('are read with both tone placements of oa, oe and uy', () => {
    expect(tonePlacements('hòa')).toEqual(['hòa', 'hoà']);
    expect(tonePlacements('thuỷ')).toEqual(['thủy', 'thuỷ']);
    expect(tonePlacements('Ủy')).toEqual(['Ủy', 'Uỷ']);
    expect(tonePlacements('quý')).toEqual(['quý']);
    expect(tonePlacements('hoàn')).toEqual(['hoàn']);
    expect(tonePlacements('hoa')).toEqual(['hoa']);
  });

  it('are words of 2 to 4 syllables in NFC, after a note line, without duplicates', () => {
    const files = readdirSync(LEXICON_DIR).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const lines = readFileSync(join(LEXICON_DIR, file), 'utf8').split('\n').filter((l) => l !== '');
      expect(lines[0], file).toMatch(/^# .*Written from knowledge/);
      const words = lines.filter((l) => !l.startsWith('#'));
      expect(new Set(words).size, file).toBe(words.length);
      for (const w of words) {
        expect(w.normalize('NFC'), file).toBe(w);
        expect(w.split(' ').length, `${file}: ${w}`).toBeGreaterThanOrEqual(2);
        expect(w.split(' ').length, `${file}: ${w}`).toBeLessThanOrEqual(4);
      }
    }
    expect(readLexiconWords().length).toBeGreaterThan(10_000);
  });
});
