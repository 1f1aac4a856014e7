import { describe, expect, it } from 'vitest';
import { cleanText, normaliseForMatching, unifyIY, unifyToneMarks } from './normalise.ts';
import { ALWAYS, CONTEXTUAL } from './teencode.ts';

const text = (s: string): string => normaliseForMatching(s).text;

describe('cleanText', () => {
  it('undoes a garbled encoding before it stores the text (a Facebook export, a TCVN3 notice)', () => {
    const said = 'Người dân Bù Đăng “bức xúc” vì bồi thường chậm';
    expect(cleanText(Buffer.from(said, 'utf8').toString('latin1'))).toBe(said);
    expect(cleanText('Th«ng b¸o vÒ viÖc tæ chøc lÔ héi t¹i ph\u00adêng §ång Xoµi')).toBe('Thông báo về việc tổ chức lễ hội tại phường Đồng Xoài');
  });

  it('composes to NFC', () => {
    const decomposed = 'Vie\u0302\u0323t Nam'.normalize('NFD');
    expect(cleanText(decomposed)).toBe('Việt Nam');
  });

  it('removes control characters but keeps line breaks', () => {
    expect(cleanText('a\u0000b\u0007c\nd\u001b\u009fe')).toBe('abc\nde');
    expect(cleanText('dòng 1\r\ndòng 2\rdòng 3')).toBe('dòng 1\ndòng 2\ndòng 3');
  });

  it('replaces lone surrogates with U+FFFD', () => {
    expect(cleanText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanText('\udc00')).toBe('\ufffd');
    expect(cleanText('ok 😀')).toBe('ok 😀');
  });

  it('removes zero-width and bidi characters, keeping emoji joiners', () => {
    expect(cleanText('kh\u200bông\u200c \ufeffđược\u202e')).toBe('không được');
    expect(cleanText('a\u200db')).toBe('ab');
    expect(cleanText('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧');
  });

  it('collapses spaces, tabs and blank lines, and trims', () => {
    expect(cleanText('  a \t\t b\u00a0\u00a0c  ')).toBe('a b c');
    expect(cleanText('a  \n  b')).toBe('a\nb');
    expect(cleanText('a\n\nb')).toBe('a\n\nb');
    expect(cleanText('a\n\n\n\n\nb')).toBe('a\n\nb');
    expect(cleanText('a\n \n\t\n \nb')).toBe('a\n\nb');
  });

  it('never changes a word', () => {
    const post = 'Hoà bình, ko bt dc j :))) https://x.vn #tag';
    expect(cleanText(post)).toBe(post);
  });

  it('handles bad input', () => {
    expect(cleanText('')).toBe('');
    expect(cleanText('\u0000\u200b \t\n')).toBe('');
    const big = 'Người dân phản ánh đường xấu.  \n\n\n'.repeat(30_000);
    const out = cleanText(big);
    expect(out.length).toBeLessThan(big.length);
    expect(out.startsWith('Người dân')).toBe(true);
    expect(cleanText(' '.repeat(1_000_000) + 'x')).toBe('x');
    expect(cleanText('😂'.repeat(100_000))).toBe('😂'.repeat(100_000));
  });
});

describe('unifyToneMarks', () => {
  it('uses the hòa, thủy, khỏe placement for open oa/oe/uy', () => {
    expect(unifyToneMarks('hoà thuỷ khoẻ')).toBe('hòa thủy khỏe');
    expect(unifyToneMarks('hoá hoả hoã hoạ')).toBe('hóa hỏa hõa họa');
    expect(unifyToneMarks('thuý tuỳ luỹ')).toBe('thúy tùy lũy');
    expect(unifyToneMarks('loè xoè')).toBe('lòe xòe');
  });

  it('leaves syllables that are already canonical', () => {
    const canonical = 'hòa thủy khỏe quý quả hoàng thuyền người được quốc giữa già gì ngoài khuỷu toán';
    expect(unifyToneMarks(canonical)).toBe(canonical);
  });

  it('puts the mark on the last vowel before a final consonant', () => {
    expect(unifyToneMarks('hòang tóan hùynh')).toBe('hoàng toán huỳnh');
  });

  it('treats qu and gi as onsets', () => {
    expect(unifyToneMarks('qúy qủa gìa gịa')).toBe('quý quả già giạ');
  });

  it('moves the mark to the shaped vowel and the middle of three vowels', () => {
    expect(unifyToneMarks('ngòai ngừơi đừơng khủyu')).toBe('ngoài người đường khuỷu');
  });

  it('keeps case and leaves non-Vietnamese words alone', () => {
    expect(unifyToneMarks('HOÀ Thuỷ Khoẻ')).toBe('HÒA Thủy Khỏe');
    expect(unifyToneMarks('café naïve résumé')).toBe('café naïve résumé');
  });
});

describe('unifyIY', () => {
  it('writes the interchangeable lone i as y', () => {
    expect(unifyIY('kĩ thuật, lí do, nước Mĩ, kí tên, quí khách, tỉ đồng')).toBe('kỹ thuật, lý do, nước Mỹ, ký tên, quý khách, tỷ đồng');
    expect(unifyIY('kỹ lý mỹ ký')).toBe('kỹ lý mỹ ký');
  });

  it('leaves i where y is not an alternative', () => {
    expect(unifyIY('khi thi chi tai hai bi vi di ni')).toBe('khi thi chi tai hai bi vi di ni');
  });
});

describe('normaliseForMatching: spelling', () => {
  it('lower-cases and unifies marks and i/y', () => {
    expect(text('Hoà Bình KĨ THUẬT Thuỷ Lợi')).toBe('hòa bình kỹ thuật thủy lợi');
  });

  it('squeezes elongations but keeps real double letters', () => {
    const r = normaliseForMatching('quááá đẹppppp quáaaa nhiềuuuu khôngg');
    expect(r.text).toBe('quá đẹp quá nhiều không');
    expect(r.features.elongations).toBe(5);
    expect(text('xoong soóc quốc hưu cứu good coffee will')).toBe('xoong soóc quốc hưu cứu good coffee will');
    expect(text('hmmm xxx')).toBe('hm x');
    expect(text('1000 đồng')).toBe('1000 đồng');
  });

  it('squeezes repeated punctuation and counts ! and ?', () => {
    const r = normaliseForMatching('Sao vậy??? Tức quá!!!   Thật không?');
    expect(r.text).toBe('sao vậy? tức quá! thật không?');
    expect(r.features.questionMarks).toBe(4);
    expect(r.features.exclamations).toBe(3);
  });
});

describe('normaliseForMatching: teencode', () => {
  it('expands unambiguous forms', () => {
    expect(text('ko biết dc gì')).toBe('không biết được gì');
    expect(text('đc hok, mn ơi')).toBe('được không, mọi người ơi');
    expect(text('đi vs mình, cx vui')).toBe('đi với mình, cũng vui');
    expect(text('làm ntn, cho xin sđt')).toBe('làm như thế nào, cho xin số điện thoại');
    expect(text('thik lắm, iu quá')).toBe('thích lắm, yêu quá');
    expect(text('UBND xã Tân Tiến')).toBe('ủy ban nhân dân xã tân tiến');
    expect(text('kooo')).toBe('không');
  });

  it('counts expansions', () => {
    expect(normaliseForMatching('ko bt dc j').features.teencodeExpanded).toBe(4);
  });

  it('reads k as không only in context, and as nghìn after a number', () => {
    expect(text('k có tiền')).toBe('không có tiền');
    expect(text('đi chơi k?')).toBe('đi chơi không?');
    expect(text('có đúng k')).toBe('có đúng không');
    expect(text('50k thôi')).toBe('50 nghìn thôi');
    expect(text('giá 50 k')).toBe('giá 50 nghìn');
    expect(text('2k5 một cái')).toBe('2 nghìn 5 một cái');
    expect(text('vitamin k, kali')).toBe('vitamin k, kali');
  });

  it('reads kg as the kilogram after an amount or a unit, and as không elsewhere', () => {
    expect(text('cà phê 120.000 đồng/kg, tiêu 150.000đ/kg')).toBe('cà phê 120.000 đồng/kg, tiêu 150.000đ/kg');
    expect(text('giá 5k/kg')).toBe('giá 5 nghìn/kg');
    expect(text('5 kg gạo, mỗi kg 10 nghìn, một kg thịt')).toBe('5 kg gạo, mỗi kg 10 nghìn, một kg thịt');
    expect(text('mình kg biết, kg có gì')).toBe('mình không biết, không có gì');
    expect(text('đi kg?')).toBe('đi không?');
  });

  it('leaves a short form that is part of a code or a unit as written', () => {
    expect(text('Kế hoạch số 45/KH-UBND')).toBe('kế hoạch số 45/kh-ubnd');
    expect(text('súng AK-47, trễ 20 ms')).toBe('súng ak-47, trễ 20 ms');
    expect(text('kh biết, ms về, ko - có')).toBe('không biết, mới về, không - có');
    expect(text('Bộ KH&ĐT')).toBe('bộ kh&đt');
  });

  it('reads a short form written in capitals in ordinary text as the acronym of the news ("BN" bệnh nhân)', () => {
    expect(text('Số BN sốt xuất huyết tăng, thân nhân BN lo lắng')).toBe('số bn sốt xuất huyết tăng, thân nhân bn lo lắng');
    expect(text('giá CK hôm nay, ngành GD tỉnh, trường MN Hoa Sen')).toBe('giá ck hôm nay, ngành gd tỉnh, trường mn hoa sen');
    expect(text('bn ơi, mn ơi')).toBe('bạn ơi, mọi người ơi');
    // Shouted, capitals say nothing; "KO" in capitals is emphasis, not an acronym.
    expect(text('BN ƠI GIÚP MÌNH VỚI')).toBe('bạn ơi giúp mình với');
    expect(text('mình KO biết')).toBe('mình không biết');
  });

  it('reads bt as biết after a negation and bình thường elsewhere', () => {
    expect(text('ko bt gì')).toBe('không biết gì');
    expect(text('ai bt')).toBe('ai biết');
    expect(text('cũng bt thôi')).toBe('cũng bình thường thôi');
    expect(text('thấy bt')).toBe('thấy bình thường');
  });

  it('reads r, j, ng, nc, bn, tr, ck, dt by their neighbours', () => {
    expect(text('xong r')).toBe('xong rồi');
    expect(text('r sao nữa')).toBe('rồi sao nữa');
    expect(text('làm j vậy')).toBe('làm gì vậy');
    expect(text('mọi ng đều biết')).toBe('mọi người đều biết');
    expect(text('ng ta nói')).toBe('người ta nói');
    expect(text('nc với mình')).toBe('nói chuyện với mình');
    expect(text('cúp nc 3 ngày')).toBe('cúp nước 3 ngày');
    expect(text('nc')).toBe('nc');
    expect(text('giá bn?')).toBe('giá bao nhiêu?');
    expect(text('bn ơi')).toBe('bạn ơi');
    expect(text('các bn')).toBe('các bạn');
    expect(text('lương 5 tr')).toBe('lương 5 triệu');
    expect(text('5tr một tháng')).toBe('5 triệu một tháng');
    expect(text('tr ơi')).toBe('trời ơi');
    expect(text('ck trước nha')).toBe('chuyển khoản trước nha');
    expect(text('ck mình đi làm')).toBe('chồng mình đi làm');
    expect(text('vk ck')).toBe('vợ chồng');
    expect(text('đt hỏng')).toBe('điện thoại hỏng');
    expect(text('sao v')).toBe('sao vậy');
  });

  it('does not read a neighbour across a sentence break', () => {
    expect(text('Không. k')).toBe('không. k');
  });

  it('has dictionary keys in the spelling they are looked up in', () => {
    for (const key of [...Object.keys(ALWAYS), ...Object.keys(CONTEXTUAL)]) {
      expect(unifyIY(unifyToneMarks(key))).toBe(key);
      expect(key).toBe(key.toLowerCase().normalize('NFC'));
    }
  });
});

describe('normaliseForMatching: features', () => {
  it('takes out URLs, e-mails, mentions and hashtags', () => {
    const r = normaliseForMatching(
      'Xem https://vnexpress.net/a-b.html, www.baobinhphuoc.com.vn và dongnai.gov.vn/tin. Hỏi @Nguyen.Van.A hoặc a.b@gmail.com #BìnhPhước #1',
    );
    expect(r.features.urls).toEqual([
      'mailto:a.b@gmail.com',
      'https://vnexpress.net/a-b.html',
      'www.baobinhphuoc.com.vn',
      'dongnai.gov.vn/tin',
    ]);
    expect(r.features.mentions).toEqual(['nguyen.van.a']);
    expect(r.features.hashtags).toEqual(['bìnhphước']);
    expect(r.text).toBe('xem , và . hỏi hoặc #1');
  });

  it('does not take a missing space after a full stop for a URL', () => {
    expect(normaliseForMatching('đi làm.me nói').features.urls).toEqual([]);
  });

  it('lists emoji and emoticons without skin tones, and removes them from the text', () => {
    const r = normaliseForMatching('buồn quá 😭😭 👍🏻 ❤️ 👨‍👩‍👧 :))) =)) :(( <3 ^^ :v');
    expect(r.text).toBe('buồn quá');
    expect(r.features.emoji).toEqual(['😭', '😭', '👍', '❤', '👨‍👩‍👧', ':)', '=)', ':(', '<3', '^^', ':v']);
  });

  it('does not take times or ratios for emoticons', () => {
    const r = normaliseForMatching('họp lúc 10:30, tỉ lệ 3:2');
    expect(r.features.emoji).toEqual([]);
    expect(r.text).toBe('họp lúc 10:30, tỷ lệ 3:2');
  });
});

describe('normaliseForMatching: bad input', () => {
  it('handles empty and blank text', () => {
    expect(normaliseForMatching('')).toEqual({
      text: '',
      features: { urls: [], mentions: [], hashtags: [], emoji: [], elongations: 0, teencodeExpanded: 0, exclamations: 0, questionMarks: 0 },
    });
    expect(text('   \n\t ')).toBe('');
  });

  it('handles control characters, zero-width characters and lone surrogates', () => {
    expect(text('kh\u200bông\u0000 \ud800 được\udfff')).toBe('không được');
  });

  it('handles a page of emoji', () => {
    const r = normaliseForMatching('😂🤣👍🏻❤️🇻🇳'.repeat(20_000));
    expect(r.text).toBe('');
    expect(r.features.emoji.length).toBe(100_000);
    expect(r.features.emoji[4]).toBe('🇻🇳');
  });

  it('handles mixed scripts', () => {
    expect(text('Tôi yêu Việt Nam 我爱越南 Привет สวัสดี')).toBe('tôi yêu việt nam 我爱越南 привет สวัสดี');
  });

  it('handles 1 MB of text and adversarial patterns', () => {
    const post = 'Người dân ko bt dc j, quááá tệ!!! https://x.com/a 😭 #tag @ai ';
    const big = post.repeat(Math.ceil(1_000_000 / post.length));
    const r = normaliseForMatching(big);
    expect(r.text.startsWith('người dân không biết được gì, quá tệ!')).toBe(true);
    expect(r.features.emoji.length).toBeGreaterThan(10_000);
    expect(normaliseForMatching('a.'.repeat(500_000)).text.length).toBeGreaterThan(0);
    expect(normaliseForMatching('@'.repeat(1_000_000)).text).toBe('@');
    expect(normaliseForMatching('#'.repeat(1_000_000)).text).toBe('#');
    expect(normaliseForMatching(':'.repeat(1_000_000)).text).toBe(':');
    expect(normaliseForMatching('a'.repeat(1_000_000)).text).toBe('a');
  });
});
