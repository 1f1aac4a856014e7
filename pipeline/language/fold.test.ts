import { describe, expect, it } from 'vitest';
import { fold, foldByNormalisation, hasDiacritics, slugify } from './fold.ts';
import { seededRandom } from '../seeded-random.ts';

describe('fold', () => {
  it('strips Vietnamese diacritics, đ included, and lower-cases', () => {
    expect(fold('Bồi thường Đồng Xoài')).toBe('boi thuong dong xoai');
    expect(fold('THUỶ LỢI, hoà bình')).toBe('thuy loi, hoa binh');
    expect(fold('plain ascii TEXT 123')).toBe('plain ascii text 123');
    expect(fold('')).toBe('');
    expect(slugify('Bù Đăng')).toBe('bu-dang');
  });

  it('gives the same result as the normalisation definition for every BMP character', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      // Each character alone and between letters, where context could change the result.
      for (const s of [ch, `a${ch}b`, `Đ${ch}Ư`]) if (fold(s) !== foldByNormalisation(s)) differ.push(s);
    }
    expect(differ).toEqual([]);
  });

  it('gives the same result on decomposed text, mixed scripts, emoji, lone surrogates and long text', () => {
    const pieces = ['Hòa', 'THUỶ', 'e\u0302\u0301', 'A\u0323\u0306', 'ΟΔΟΣ Σ', 'Москва', 'שָׁלוֹם', 'क़', '😢🇻🇳', '\ud800', '\udc00x', 'ǅ', 'İ', '\u2000', 'ﬁ', '…', '\u00a0', ' ', 'đĐ'];
    const r = seededRandom(7);
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const len = 1 + Math.floor(r() * 12);
      for (let j = 0; j < len; j++) s += pieces[Math.floor(r() * pieces.length)];
      expect(fold(s), JSON.stringify(s)).toBe(foldByNormalisation(s));
    }
    const long = 'Người dân Đồng Xoài phản ánh việc bồi thường chậm. '.repeat(2000);
    expect(fold(long)).toBe(foldByNormalisation(long));
  });

  it('tells text with Vietnamese diacritics, precomposed or decomposed, from text without', () => {
    const marked = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = `a${String.fromCharCode(c)}`;
      if (hasDiacritics(s) !== marked.test(s.normalize('NFC'))) differ.push(s);
    }
    expect(differ).toEqual([]);
    expect(hasDiacritics('Bồi thường')).toBe(true);
    expect(hasDiacritics('BỒI THƯỜNG')).toBe(true);
    expect(hasDiacritics('boi thuong')).toBe(false);
    expect(hasDiacritics('boi thu\u031bo\u031b\u0300ng')).toBe(true);
  });
});
