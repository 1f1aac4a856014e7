import { describe, expect, it } from 'vitest';
import {
  accentedLetters, convertLegacy, decodeEntities, detectLegacyEncoding, encodeLegacy, isVietnameseSyllable, repairGarbledText, repairLegacyEncoding,
  repairMojibake,
} from './legacy-encoding.ts';

const SENTENCE = 'Ủy ban nhân dân tỉnh Đồng Nai thông báo về việc tổ chức lễ hội truyền thống tại phường Đồng Xoài; '
  + 'người dân được hướng dẫn đăng ký trực tuyến, kiểm tra hồ sơ và nhận kết quả nhanh chóng. '
  + 'Những khó khăn trước mắt sẽ được giải quyết theo quy định của pháp luật hiện hành.';

describe('alphabet', () => {
  it('has 67 accented letters per case, 134 in all', () => {
    const lower = accentedLetters();
    expect(new Set(lower).size).toBe(67);
    const upper = lower.map((l) => l.toUpperCase());
    expect(new Set([...lower, ...upper]).size).toBe(134);
  });

  for (const enc of ['vni', 'viqr'] as const) {
    it(`${enc} round-trips every letter in both cases`, () => {
      for (const letter of accentedLetters()) {
        for (const l of [letter, letter.toUpperCase()]) {
          // Inside a word, so that VIQR "?" and "." are tones, not punctuation.
          const word = `${l}n`;
          const encoded = encodeLegacy(word, enc);
          if (enc === 'viqr') expect(encoded).not.toBe(word);
          expect(convertLegacy(encoded, enc)).toBe(word);
        }
      }
    });
  }

  it('tcvn3 round-trips lower case and upper case base letters; toned capitals come back lower-case', () => {
    for (const letter of accentedLetters()) {
      const encoded = encodeLegacy(letter, 'tcvn3');
      expect(encoded).toHaveLength(1);
      expect(encoded.charCodeAt(0)).toBeGreaterThanOrEqual(0xa1);
      expect(convertLegacy(encoded, 'tcvn3')).toBe(letter);
      const upper = letter.toUpperCase();
      const back = convertLegacy(encodeLegacy(upper, 'tcvn3'), 'tcvn3');
      // ABC fonts draw toned capitals with a separate upper-case font over the same codes.
      expect(back.toLowerCase()).toBe(letter);
    }
    for (const l of ['Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ']) expect(convertLegacy(encodeLegacy(l, 'tcvn3'), 'tcvn3')).toBe(l);
  });

  it('round-trips a whole paragraph', () => {
    expect(convertLegacy(encodeLegacy(SENTENCE, 'vni'), 'vni')).toBe(SENTENCE);
    expect(convertLegacy(encodeLegacy(SENTENCE, 'tcvn3'), 'tcvn3')).toBe(SENTENCE.replace('Ủy', 'ủy'));
  });
});

describe('known spellings', () => {
  it('decodes TCVN3 as a browser shows it', () => {
    expect(convertLegacy('Céng hoµ x· héi chñ nghÜa ViÖt Nam', 'tcvn3')).toBe('Cộng hoà xã hội chủ nghĩa Việt Nam');
    expect(convertLegacy('§éc lËp - Tù do - H¹nh phóc', 'tcvn3')).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(convertLegacy('ng\u00adêi d©n ®\u00adîc', 'tcvn3')).toBe('người dân được');
  });
  it('decodes VNI', () => {
    expect(convertLegacy('Vieät Nam', 'vni')).toBe('Việt Nam');
    expect(convertLegacy('Ñoàng Nai ngöôøi', 'vni')).toBe('Đồng Nai người');
    expect(convertLegacy('THAØNH PHOÁ', 'vni')).toBe('THÀNH PHỐ');
  });
  it('decodes VIQR', () => {
    expect(convertLegacy('Vie^.t Nam', 'viqr')).toBe('Việt Nam');
    expect(convertLegacy('ddu+o+`ng', 'viqr')).toBe('đường');
    expect(convertLegacy('Ha` No^.i.', 'viqr')).toBe('Hà Nội.');
    expect(convertLegacy('Ba.n kho?e kho^ng?', 'viqr')).toBe('Bạn khỏe không?');
    expect(convertLegacy('gia\\.', 'viqr')).toBe('gia.');
  });
  it('recognises syllables', () => {
    expect(isVietnameseSyllable('người')).toBe(true);
    expect(isVietnameseSyllable('nghiêng')).toBe(true);
    expect(isVietnameseSyllable('café')).toBe(false);
    expect(isVietnameseSyllable('trốs')).toBe(false);
  });
});

describe('detection', () => {
  it('finds each encoding', () => {
    expect(detectLegacyEncoding(encodeLegacy(SENTENCE, 'tcvn3'))).toBe('tcvn3');
    expect(detectLegacyEncoding(encodeLegacy(SENTENCE, 'vni'))).toBe('vni');
    expect(detectLegacyEncoding(encodeLegacy(SENTENCE, 'viqr'))).toBe('viqr');
  });
  it('leaves Unicode Vietnamese, English and French alone', () => {
    expect(detectLegacyEncoding(SENTENCE)).toBeNull();
    expect(detectLegacyEncoding(SENTENCE.normalize('NFD'))).toBeNull();
    expect(detectLegacyEncoding("It's a sunny day. Where are you? Don't worry, we'll see you at 10.30 (maybe).")).toBeNull();
    const french = "Où est la gare ? L'été dernier, nous sommes allés à la mer. Le café était très bon, "
      + 'et les élèves ont réussi leurs examens. Noël approche; le théâtre présente une pièce naïve. '
      + 'Il a été né à Lyon, près du fleuve, où il a vécu jusqu\'à l\'âge de dix-huit ans. Ça coûte cher.';
    expect(detectLegacyEncoding(french)).toBeNull();
    const spanish = 'El niño está en España; el país celebró su día con música y baúles de año nuevo.';
    expect(detectLegacyEncoding(spanish)).toBeNull();
    const german = 'Die Bürger über Straßen und Häuser: schön, größer, Füße, Mädchen, Äpfel, Öl.';
    expect(detectLegacyEncoding(german)).toBeNull();
  });
  it('never crashes on odd input', () => {
    for (const s of ['', '\u0000\u0001', '\ud800abc', '😀'.repeat(1000), 'a'.repeat(1_000_000)]) {
      expect(() => repairLegacyEncoding(s)).not.toThrow();
    }
  });
});

describe('repair', () => {
  it('converts legacy text inside HTML but not tags, scripts or URLs', () => {
    const body = encodeLegacy(SENTENCE, 'tcvn3');
    const html = `<html><head><style>.a{font-family:".VnTime"}</style></head><body><p class="µ">${body}</p></body></html>`;
    const r = repairLegacyEncoding(html);
    expect(r.encoding).toBe('tcvn3');
    expect(r.text).toContain('class="µ"');
    expect(r.text).toContain('tỉnh Đồng Nai');
  });
  it('converts only the legacy article on a page whose template is Unicode', () => {
    const body = encodeLegacy(SENTENCE, 'vni');
    const html = `<html><body><nav>Trang chủ | Thời sự | Tây Ninh</nav><div><p>${body}</p><p>${body}</p></div></body></html>`;
    const r = repairLegacyEncoding(html);
    expect(r.encoding).toBe('vni');
    expect(r.text).toContain('Trang chủ | Thời sự | Tây Ninh');
    expect(r.text).toContain('Ủy ban nhân dân tỉnh Đồng Nai');
  });
  it('keeps URLs in VIQR text', () => {
    const text = `${encodeLegacy(SENTENCE, 'viqr')} Xem www.baobinhphuoc.com.vn/index.php?id=3`;
    const r = repairLegacyEncoding(text);
    expect(r.encoding).toBe('viqr');
    expect(r.text).toContain('www.baobinhphuoc.com.vn/index.php?id=3');
    expect(r.text).toContain('người dân được hướng dẫn');
  });
  it('decodes Latin-1 entities before TCVN3 conversion', () => {
    const body = encodeLegacy(SENTENCE, 'tcvn3').replace(/\u00ad/g, '&shy;').replace(/§/g, '&#167;');
    const r = repairLegacyEncoding(`<p>${body}</p>`);
    expect(r.text).toContain('người dân được');
    expect(r.text).toContain('Đồng Nai');
  });
});

describe('UTF-8 read as Latin-1 or Windows-1252', () => {
  const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  const asWindows1252 = (text: string) => new TextDecoder('windows-1252').decode(Buffer.from(text, 'utf8'));
  const post = 'Người dân Bù Đăng “bức xúc” vì bồi thường chậm – cà phê, và là 😀';

  it('is undone word by word, whichever of the two read it (a Facebook export, a page with the wrong charset)', () => {
    expect(asLatin1(post)).toContain('NgÆ°á»');
    expect(repairMojibake(asLatin1(post))).toEqual({ text: post, repaired: true });
    expect(repairMojibake(asWindows1252(post))).toEqual({ text: post, repaired: true });
    expect(repairGarbledText(asLatin1(SENTENCE))).toEqual({ text: SENTENCE, encoding: 'utf-8-as-latin-1' });
  });

  it('leaves alone Unicode Vietnamese, other Latin-1 languages, and a word it cannot bring back whole', () => {
    for (const text of [SENTENCE, 'café crème, naïve façade à São Paulo', 'Giá 100° ±5 ½ kg', '']) {
      expect(repairMojibake(text)).toEqual({ text, repaired: false });
    }
    // Windows-1252 has no character for byte 0x90 (the second byte of "Đ"): a decoder that wrote
    // U+FFFD for it lost the letter, so that word stays as it is and the others are repaired.
    const lossy = `Ä\uFFFDăng ${asLatin1('dân')}`;
    expect(repairMojibake(lossy).text).toBe('Ä\uFFFDăng dân');
  });

  it('stays linear on a megabyte without white space', () => {
    const started = performance.now();
    const { text } = repairMojibake(`${'x'.repeat(1_000_000)} ${asLatin1('dân')}`);
    expect(text.endsWith(' dân')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('HTML entities left in plain text', () => {
  it('are decoded when complete, and "&" otherwise stays', () => {
    expect(decodeEntities('Ng&#432;&#7901;i d&acirc;n B&ugrave; &#x110;&#259;ng &amp; &ldquo;b&#7913;c x&uacute;c&rdquo;')).toEqual({
      text: 'Người dân Bù Đăng & “bức xúc”', decoded: true,
    });
    for (const text of ['AT&T, R&D, Q&A', 'a &notebook &copy 2026', 'Giá & phí']) expect(decodeEntities(text)).toEqual({ text, decoded: false });
  });
});

describe('repairGarbledText', () => {
  it('also converts a legacy font encoding, and names what it undid', () => {
    const notice = 'Thông báo về việc tổ chức lễ hội tại phường Đồng Xoài, người dân được hướng dẫn đăng ký trực tuyến.';
    expect(repairGarbledText(encodeLegacy(notice, 'tcvn3'))).toEqual({ text: notice, encoding: 'tcvn3' });
    expect(repairGarbledText(SENTENCE)).toEqual({ text: SENTENCE, encoding: null });
    expect(repairGarbledText('d&acirc;n')).toEqual({ text: 'dân', encoding: 'html-entities' });
  });
});
