import { describe, it, expect } from 'vitest';
import {
  minhashOf, estimateJaccard, copySimilarity, storySimilarity, storyContainment, bandKeys,
  SIGNATURE_LENGTH, BAND_COUNT, SKETCH_SIZE,
} from './minhash.ts';
import { fold } from './fold.ts';

const POST = 'Mưa từ tối qua tới sáng, QL14 đoạn ngã tư Đồng Xoài ngập tới bắp chân, xe máy chết máy hàng loạt. '
  + 'Năm nào cũng vậy mà chưa thấy sửa cống thoát nước. Người dân mong phường sớm nạo vét kênh mương trước mùa mưa năm sau, '
  + 'đừng để cảnh ngập này lặp lại mãi, buôn bán hai bên đường thiệt hại nặng.';
const UNRELATED = 'Giá hạt điều thô ở Phú Nghĩa, Đa Kia hiện ở mức 32.000–34.000 đồng/kg, nhích nhẹ so với đầu tháng, nhưng lượng điều '
  + 'còn trong dân không nhiều vì phần lớn đã bán ngay sau thu hoạch; doanh nghiệp chế biến vẫn nhập điều thô từ châu Phi và Campuchia.';

const sig = (text: string, title: string | null = null) => {
  const m = minhashOf(text, title);
  expect(m, text.slice(0, 40)).not.toBeNull();
  return m!.signature;
};

describe('minhash', () => {
  it('gives identical texts similarity 1 and the same band keys', () => {
    const a = minhashOf(POST)!;
    const b = minhashOf(POST)!;
    expect(a.signature).toHaveLength(SIGNATURE_LENGTH);
    expect(copySimilarity(a.signature, b.signature)).toBe(1);
    expect(storySimilarity(a.signature, b.signature)).toBe(1);
    expect(a.bands).toEqual(b.bands);
    expect(a.bands).toHaveLength(BAND_COUNT);
    for (const k of a.bands) expect(k).toMatch(/^s\d{1,2}:[0-9a-f]{8}$/);
    expect(bandKeys(Array.from(a.signature))).toEqual(a.bands);
  });

  it('ignores case, punctuation and diacritics: a repost typed without accents is the same text', () => {
    const unaccented = POST.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    expect(copySimilarity(sig(POST), sig(unaccented))).toBe(1);
    expect(minhashOf(unaccented)!.bands).toEqual(minhashOf(POST)!.bands);
    // In capitals the names are no longer told from other words: the same copy, most keys shared.
    const shouted = fold(POST).replace(/[,.]/g, ' ').toUpperCase();
    expect(copySimilarity(sig(POST), sig(shouted))).toBe(1);
    const keys = new Set(minhashOf(POST)!.bands);
    expect(minhashOf(shouted)!.bands.filter((k) => keys.has(k)).length).toBeGreaterThan(BAND_COUNT / 2);
  });

  it('weighs the numbers and names that tell one event from another of its kind', () => {
    // Two fires at workshops of one town, a week apart: the same words, other numbers and names.
    const fire = (place: string, area: string, cause: string) =>
      `Chiều qua, một xưởng gỗ ở ${place} bốc cháy dữ dội, lửa thiêu rụi khoảng ${area} m2 nhà xưởng cùng nhiều máy móc. `
      + `Lực lượng chữa cháy mất hơn hai giờ mới khống chế được đám cháy, không có thiệt hại về người. Nguyên nhân ban đầu được xác định do ${cause}.`;
    const a = sig(fire('xã Hố Nai 3', '1.500', 'chập điện'));
    const b = sig(fire('xã Bàu Hàm', '600', 'tia lửa hàn'));
    const c = sig(fire('xã Hố Nai 3', '1.500', 'chập điện').replace('Chiều qua', 'Chiều 21/9'));
    expect(storySimilarity(a, c)).toBeGreaterThan(storySimilarity(a, b));
    expect(storySimilarity(a, b)).toBeLessThan(0.8);
  });

  it('reads no anchors from an earlier text when a text folds to another length', () => {
    const decomposed = POST.normalize('NFD');
    const first = minhashOf(decomposed)!.signature;
    minhashOf(UNRELATED, 'Giá điều ở Phú Nghĩa tăng 2.000 đồng');
    expect(minhashOf(decomposed)!.signature).toEqual(first);
    expect(copySimilarity(first, sig(POST))).toBe(1);
  });

  it('estimates how much of a short retelling a longer report holds', () => {
    const report = 'Sáng 17/9, 27 trẻ của trường mầm non Hoa Sen ở phường Đồng Xoài phải nhập viện sau bữa ăn xế có chè đậu xanh. '
      + 'Các cháu nôn ói, đau bụng, sốt nhẹ; đến trưa 18/9 đã có 20 cháu được xuất viện. Ngành y tế lấy mẫu thức ăn để xét nghiệm, '
      + 'phường tạm dừng bếp ăn của trường và yêu cầu đơn vị cung cấp thực phẩm báo cáo.';
    const retelling = '27 trẻ trường mầm non Hoa Sen Đồng Xoài nhập viện sau khi ăn chè đậu xanh, phụ huynh lo lắng quá';
    const unrelated = sig(UNRELATED);
    const contained = storyContainment(sig(retelling), sig(report));
    expect(contained).toBeGreaterThan(0.35);
    expect(contained).toBeGreaterThan(1.5 * storySimilarity(sig(retelling), sig(report)));
    expect(storyContainment(sig(report), unrelated)).toBeLessThan(0.3);
    // A signature from before the set size was kept: no estimate.
    expect(storyContainment(sig(report).subarray(0, 2 * SKETCH_SIZE), sig(retelling))).toBe(0);
  });

  it('keeps a repost with a few words changed at 0.8 or more', () => {
    const edited = POST.replace('bắp chân', 'đầu gối').replace('hàng loạt', 'la liệt');
    expect(copySimilarity(sig(POST), sig(edited))).toBeGreaterThanOrEqual(0.8);
    const withPrefix = `Chia sẻ từ nhóm Đồng Xoài: ${POST} #ngapnuoc`;
    expect(copySimilarity(sig(POST), sig(withPrefix))).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps unrelated texts below 0.2', () => {
    expect(copySimilarity(sig(POST), sig(UNRELATED))).toBeLessThan(0.2);
    expect(storySimilarity(sig(POST), sig(UNRELATED))).toBeLessThan(0.2);
  });

  it('estimates a known Jaccard similarity without bias', () => {
    // Tokens t0…t199 and t100…t299: 98 of 298 distinct 3-shingles are shared (J ≈ 0.329).
    // One pair is off by 0.06 (one standard error of 64 values) as often as not: average 40.
    const words = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `t${from + i}`).join(' ');
    let sum = 0;
    for (let k = 0; k < 40; k++) sum += copySimilarity(sig(words(k * 1000, k * 1000 + 200)), sig(words(k * 1000 + 100, k * 1000 + 300)));
    expect(Math.abs(sum / 40 - 98 / 298)).toBeLessThan(0.04);
  });

  it('counts the title for the story only: a copy under a new headline is still a copy', () => {
    const a = sig(POST, 'Đồng Xoài ngập sau mưa lớn');
    const b = sig(POST, 'Lại ngập ở ngã tư Đồng Xoài: dân bức xúc vì cống nhỏ');
    expect(copySimilarity(a, b)).toBe(1);
    expect(storySimilarity(a, b)).toBeGreaterThan(0.5);
    // With no body, the title is the text.
    expect(minhashOf('', POST)?.signature).toEqual(minhashOf(POST)?.signature);
  });

  it('gives short and empty texts no signature, and survives hostile input', () => {
    expect(minhashOf('')).toBeNull();
    expect(minhashOf('   ', null)).toBeNull();
    expect(minhashOf('Đồng ý, chia sẻ nha mọi người')).toBeNull();
    expect(minhashOf('😀🔥🙏'.repeat(2000))).toBeNull();
    expect(minhashOf('\u0000\u0007\ud800 abc \udfff\u202e'.repeat(10))).not.toBeNull();
    const big = `${POST} `.repeat(Math.ceil(1_000_000 / POST.length));
    const started = performance.now();
    const m = minhashOf(big);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(m?.bands).toHaveLength(BAND_COUNT);
    // Texts in decomposed Unicode (NFD) match their composed form.
    expect(copySimilarity(sig(POST.normalize('NFD')), sig(POST))).toBe(1);
  });

  it('estimateJaccard counts agreeing positions and ignores empty ones', () => {
    expect(estimateJaccard([1, 2, 3, 4], [1, 2, 0, 0])).toBe(0.5);
    expect(estimateJaccard([0xffffffff, 5], [0xffffffff, 5])).toBe(0.5);
    expect(estimateJaccard([], [])).toBe(0);
    expect(SKETCH_SIZE * 2 + 1).toBe(SIGNATURE_LENGTH);
  });
});
