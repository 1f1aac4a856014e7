import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClaimMatcher, defaultClaimMatcher, loadClaims, subjectWordsOf, CLAIM_THRESHOLD } from './claims.ts';

const matcher = defaultClaimMatcher();
const best = (text: string) => matcher.match(text)[0];

describe('claim registry', () => {
  it('loads config/claims.yaml with unique ids and corrections', () => {
    const claims = loadClaims();
    expect(claims.length).toBeGreaterThanOrEqual(12);
    expect(new Set(claims.map((c) => c.id)).size).toBe(claims.length);
    for (const c of claims) expect(c.source.length).toBeGreaterThan(3);
  });

  it('names the file, the path and the expectation when the registry is bad', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'claims-'));
    const file = path.join(dir, 'claims.yaml');
    writeFileSync(file, 'claims:\n  - id: Bad Id\n    claim: "ngắn"\n    verdict: maybe\n');
    expect(() => loadClaims(file)).toThrow(/claims\.yaml: invalid configuration[\s\S]*claims\[0\]\.id[\s\S]*claims\[0\]\.verdict/);
    writeFileSync(file, 'claims: [\n');
    expect(() => loadClaims(file)).toThrow(/cannot be parsed/);
    expect(() => loadClaims(path.join(dir, 'missing.yaml'))).toThrow(/file not found/);
  });
});

describe('claim matching', () => {
  it('finds the dam-break hoax as posted', () => {
    const hit = best('⚠️ KHẨN CẤP!!! Đập thủy điện Thác Mơ sắp vỡ, thân đập đã nứt dài hơn 20m. Bà con Phước Long SƠ TÁN NGAY!!!');
    expect(hit?.claim.id).toBe('thac-mo-dam-break');
    expect(hit?.similarity).toBeGreaterThan(0.75);
  });

  it('survives missing diacritics and paraphrase', () => {
    expect(best('nghe noi dap thac mo nut roi ha mn, nha ai o phuoc long di tam len dong xoai di')?.claim.id).toBe('thac-mo-dam-break');
    expect(best('uong nuoc la du du duc voi la xa den moi ngay la khoi ung thu giai doan cuoi, khoi phai hoa tri')?.claim.id).toBe('leaf-water-cures-cancer');
    expect(best('Nghe nói tỉnh Bình Phước bị xóa tên luôn rồi, giấy tờ gì cũng phải làm lại hết trong tháng này không thì bị phạt')?.claim.id)
      .toBe('province-name-erased-papers');
    expect(best('the bhyt cua nguoi dan binh phuoc cu se bi khoa, phai cap nhat thong tin qua duong link va nhap ma otp')?.claim.id).toBe('bhyt-card-locked');
  });

  it('does not match texts on the same subject that do not make the claim', () => {
    expect(matcher.match('Hồ Thác Mơ vận hành xả điều tiết qua tràn từ 14h, đề nghị bà con hạ du không đánh bắt cá. Đập vận hành an toàn.')).toEqual([]);
    expect(matcher.match('Giá điều năm nay thấp quá, thương lái ép giá, nông dân không có tiếng nói')).toEqual([]);
    expect(matcher.match('Cán bộ xã làm ăn tắc trách, bồi thường chậm 2 năm, dân khổ quá')).toEqual([]);
  });

  it('does not match a complaint that shares only the subject of a claim', () => {
    // Same subject words as the "total ban on tutoring" claim, none of what it asserts.
    const complaint = 'Phụ huynh bức xúc vì giáo viên ép học sinh đi học thêm ở nhà, ai không đi thì bị điểm kém. Mong Sở Giáo dục kiểm tra.';
    expect(matcher.match(complaint, { assertionFloor: 0 })[0]?.claim.id).toBe('tutoring-total-ban');
    expect(matcher.match(complaint)).toEqual([]);
    // The claim itself, reworded, still matches.
    expect(best('Nghe nói từ nay giáo viên dạy thêm ở nhà sẽ bị buộc thôi việc, học sinh đi học thêm bị hạ hạnh kiểm')?.claim.id).toBe('tutoring-total-ban');
  });

  it('takes subject words from the topic examples: terms many texts of one topic hold', () => {
    const examples = [
      ...Array.from({ length: 10 }, (_, i) => ({ text: `Phụ huynh phản ánh giáo viên dạy thêm lớp ${i}`, label: 'giao-duc' })),
      { text: 'Giáo viên bị đuổi việc', label: 'giao-duc' },
      ...Array.from({ length: 30 }, () => ({ text: 'Phụ huynh nói chuyện khác', label: 'khac' })),
    ];
    const subjects = subjectWordsOf(examples, 'khac');
    expect(subjects.exact).toEqual(expect.arrayContaining(['phụ huynh', 'giáo viên', 'dạy thêm', 'phản ánh']));
    expect(subjects.words).toEqual(expect.arrayContaining(['phu huynh', 'giao vien']));
    // One text in eleven is 9 %: over the 6 % share. The "khac" texts are about no topic.
    expect(subjects.exact).toContain('đuổi việc');
    expect(subjects.exact).not.toContain('chuyện');
  });

  it('returns the span of the claim in the text', () => {
    const text = 'Tin mới: đập thủy điện Thác Mơ sắp vỡ, thân đập đã nứt, dân Phước Long phải sơ tán khẩn cấp.';
    const hit = best(text);
    expect(hit && text.slice(hit.start, hit.end)).toContain('Thác Mơ');
  });

  it('copes with empty, huge and emoji-only texts', () => {
    expect(matcher.match('')).toEqual([]);
    expect(matcher.match('😀🎉🙏'.repeat(2000))).toEqual([]);
    const huge = 'Bà con bình tĩnh, trời mưa to. '.repeat(35_000);
    const t0 = performance.now();
    expect(matcher.match(huge)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('works with an empty or custom registry', () => {
    expect(createClaimMatcher([]).match('đập Thác Mơ sắp vỡ')).toEqual([]);
    const custom = createClaimMatcher([{
      id: 'x', claim: 'Trường tiểu học Tân Khai cho học sinh nghỉ học cả tháng vì dịch lạ', variants: [], verdict: 'false',
      correction: 'Trường vẫn học bình thường.', source: 'Phòng văn hóa xã', published: '2026-11-01', topics: [],
    }]);
    expect(custom.match('truong tieu hoc tan khai cho hoc sinh nghi hoc ca thang vi dich la')[0]?.similarity).toBeGreaterThan(CLAIM_THRESHOLD);
  });
});
