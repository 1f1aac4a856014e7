import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { combine, loadRiskSignals, scoreRisk, type RiskContext } from './risk.ts';
import { normaliseForMatching } from './language/normalise.ts';
import { syllablesOf } from './language/phrase-matcher.ts';

function risk(text: string, context: RiskContext = {}) {
  const m = normaliseForMatching(text).text;
  return scoreRisk(m, syllablesOf(m), { text, ...context });
}

describe('criticism is not misinformation', () => {
  const complaints = [
    'Cán bộ xã làm ăn tắc trách, bồi thường chậm 2 năm, dân khổ quá',
    'Mấy ông lãnh đạo ngồi phòng máy lạnh có bao giờ đi khám bệnh viện công chờ từ 4 giờ sáng đâu mà biết. Toàn hứa suông, bực mình thiệt sự.',
    'Chủ tịch xã nói một đằng làm một nẻo, hạch sách dân, không có phong bì là hồ sơ nằm đó. Quá bất công!',
    'boi thuong cham qua, giao dat roi ma tien cu hen lan hen lua, ko biet bao gio',
    'Cao tốc hứa thông xe bao nhiêu lần rồi, ba năm vẫn đất đỏ bụi mù. Nói ít làm nhiều giùm, đừng để dân cười vô mặt.',
    'Tiền điện tháng này tăng gấp đôi mà không ai giải thích, điện lực làm ăn vậy hả',
    'Quy hoạch bô-xít treo chục năm, muốn tách thửa cho con cũng không được, dân khổ đủ đường mà không ai trả lời',
  ];
  it.each(complaints)('%s', (text) => {
    const r = risk(text);
    expect(r.score).toBeLessThan(0.2);
    expect(r.signals).toEqual([]);
  });
});

describe('hoaxes, scams and fabricated notices', () => {
  it('scores the dam hoax high, with the claim, its correction and the evidence', () => {
    const text = '⚠️⚠️ KHẨN CẤP!!! Đập thủy điện Thác Mơ sắp vỡ, thân đập đã nứt dài hơn 20m, nước có thể tràn trong vài giờ tới. Bà con Phước Long, Sơn Giang SƠ TÁN NGAY lên chỗ cao!!! Chia sẻ trước khi bị xóa 🙏';
    const r = risk(text);
    expect(r.score).toBeGreaterThan(0.8);
    expect(r.matchedClaims[0]).toMatchObject({ claimId: 'thac-mo-dam-break' });
    expect(r.matchedClaims[0]?.correction).toMatch(/an toàn/);
    const ids = r.signals.map((s) => s.id);
    expect(ids).toContain('share-pressure');
    expect(ids).toContain('disaster-alarm');
    const m = normaliseForMatching(text).text;
    for (const s of r.signals.filter((x) => x.id === 'share-pressure')) expect(m).toContain(s.evidence);
  });

  it('matches the hoax typed without diacritics', () => {
    const r = risk('nghe noi dap thac mo nut roi ha mn?? nha ai o phuoc long di tam len dong xoai di, chia se truoc khi bi xoa nha');
    expect(r.score).toBeGreaterThan(0.7);
    expect(r.matchedClaims.map((c) => c.claimId)).toContain('thac-mo-dam-break');
  });

  it.each([
    ['prize scam', '🎉 CHÚC MỪNG quý khách đã TRÚNG THƯỞNG xe máy SH. Để nhận giải vui lòng nộp phí hồ sơ 3.900.000đ vào STK cá nhân của nhân viên trong 24h'],
    ['loan scam', 'Cho vay vốn hỗ trợ hộ nghèo đến 100 triệu, KHÔNG thế chấp, giải ngân trong ngày. Chỉ cần đóng phí hồ sơ 1.200.000đ chuyển khoản trước cho cán bộ phụ trách.'],
    ['fake notice', 'THÔNG BÁO KHẨN CỦA UBND PHƯỜNG CHƠN THÀNH: Do phát hiện ổ dịch bệnh lạ, PHONG TỎA toàn bộ khu phố Thành Tâm, cấm ra vào 14 ngày. Người dân khẩn trương mua tích trữ lương thực. (Đã ký và đóng dấu)'],
    ['health hoax', 'BÍ QUYẾT ÔNG BÀ: Uống nước lá đu đủ đực nấu với lá xạ đen mỗi ngày, CHỮA KHỎI UNG THƯ giai đoạn cuối, không cần hóa trị! Bác sĩ bệnh viện giấu. Hãy share ngay 🙏'],
    ['phishing', 'THÔNG BÁO: Thẻ BHYT của người dân tỉnh Bình Phước cũ sẽ bị KHÓA từ 01/12. Vui lòng cập nhật thông tin thẻ tại link dưới đây và nhập mã OTP 👉 https://example.invalid/bhyt'],
  ])('%s scores ≥ 0.5', (_name, text) => {
    const r = risk(text);
    expect(r.score).toBeGreaterThanOrEqual(0.5);
    expect(r.signals.length).toBeGreaterThan(0);
    for (const s of r.signals) expect(s.evidence.length).toBeGreaterThan(0);
  });
});

describe('warnings and rebuttals quote what they warn about', () => {
  it.each([
    'Công an cảnh báo thủ đoạn giả danh hỗ trợ VNeID, “trúng thưởng” để lừa tiền người dân: đối tượng yêu cầu chuyển trước “phí hồ sơ” vào tài khoản cá nhân.',
    'Chị em lưu ý: tin nhắn báo trúng thưởng xe SH, yêu cầu nộp phí trước là LỪA ĐẢO. Không chuyển tiền, không bấm link, không đọc mã OTP cho ai.',
    'Bác bỏ thông tin “đập thủy điện Thác Mơ sắp vỡ, sơ tán khẩn cấp”. Văn phòng UBND tỉnh khẳng định đây là thông tin sai sự thật; văn bản “thông báo khẩn” kèm lời kêu gọi “chia sẻ trước khi bị xóa” là giả mạo.',
    'Mọi người bình tĩnh nha, thủy điện chỉ xả tràn điều tiết bình thường thôi, không có chuyện vỡ đập. Đừng share mấy tin kia nữa.',
    // A victim's complaint names what the scammer asked for; it is a report, not the scam.
    'Tôi bị một shop online lừa, đã chuyển khoản 2 triệu vào tài khoản cá nhân của họ mà không nhận được hàng. Đề nghị công an vào cuộc xử lý.',
  ])('%s', (text) => {
    const r = risk(text);
    expect(r.score).toBeLessThan(0.3);
    expect(r.signals.some((s) => s.id === 'warning-or-rebuttal' && s.weight < 0)).toBe(true);
  });

  it('is not fooled by the hoaxer’s own "đây không phải tin giả"', () => {
    const r = risk('Đập Thác Mơ sắp vỡ thật, thân đập đã nứt, đây không phải tin giả đâu! Bà con Phước Long sơ tán ngay, chia sẻ trước khi bị xóa');
    expect(r.score).toBeGreaterThanOrEqual(0.5);
    expect(r.signals.map((s) => s.id)).toContain('insists-genuine');
  });
});

describe('virality', () => {
  it('adds a weak signal for sudden spread, alone never enough to flag', () => {
    const context: RiskContext = { publishedAt: '2026-11-09T20:00:00+07:00', engagement: { shares: 2400, comments: 300, likes: 5000, readAt: '2026-11-09T23:00:00+07:00' } };
    const r = risk('Hôm nay trời mưa to quá bà con ơi', context);
    expect(r.signals.map((s) => s.id)).toEqual(['sudden-virality']);
    expect(r.score).toBeLessThan(0.3);
    expect(risk('Hôm nay trời mưa to quá bà con ơi', { ...context, engagement: { shares: 3, readAt: '2026-11-09T23:00:00+07:00' } }).signals).toEqual([]);
  });
});

describe('robustness', () => {
  it.each([
    ['empty', ''],
    ['white space', '   \n\t '],
    ['emoji page', '😀🎉🙏🔥'.repeat(5000)],
    ['control characters and lone surrogates', '\u0000\u0007abc\uD800 def\uDC00'],
  ])('%s', (_name, text) => {
    const r = risk(text);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('scores 1 MB of text within a few seconds', () => {
    const text = 'Đường vô ấp lầy lội, xin sửa mấy năm chưa thấy. '.repeat(21_000);
    const t0 = performance.now();
    const r = risk(text);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.score).toBeLessThan(0.2);
  });

  it('combine is 1 − Π(1 − w), ignoring negative weights', () => {
    expect(combine([])).toBe(0);
    expect(combine([0.5, 0.5])).toBeCloseTo(0.75);
    expect(combine([0.5, -0.9])).toBeCloseTo(0.5);
  });

  it('names the file and the path when the signal rules are bad', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'risk-'));
    const file = path.join(dir, 'risk-signals.yaml');
    writeFileSync(file, 'signals:\n  - id: x\n    group: gossip\n    weight: 2\n    phrases: []\ncontext: { strong: [], weak: [] }\ndampen: { strong: 0.5, weak: 0.2, floor: 0.1 }\n');
    expect(() => loadRiskSignals(file)).toThrow(/risk-signals\.yaml: invalid configuration[\s\S]*signals\[0\]\.group[\s\S]*signals\[0\]\.weight/);
  });
});
