// Misinformation risk (DESIGN §2): explainable signals of checkable false claims, fabricated
// notices, scams and hoaxes. Criticism, complaints and negative sentiment are NOT signals: none
// of the patterns below is a word of complaint, and sentiment is not an input.
import type { RiskT } from './record.ts';
import { createPhraseMatcher, type Syllables } from './language/phrase-matcher.ts';

type SignalRule = { id: string; weight: number; phrases: string[] };

export const SIGNAL_RULES: SignalRule[] = [
  {
    id: 'scam-money-transfer',
    weight: 0.4,
    phrases: ['chuyển khoản vào tài khoản', 'chuyển tiền vào tài khoản', 'số tài khoản cá nhân', 'nộp phí hồ sơ', 'nạp tiền để nhận',
      'phí kích hoạt', 'đóng phí trước', 'chuyển khoản trước'],
  },
  {
    id: 'scam-prize',
    weight: 0.35,
    phrases: ['trúng thưởng', 'quà tri ân', 'nhận quà miễn phí', 'bấm vào link', 'click vào link', 'nhấn vào đường link', 'khuyến mãi khủng'],
  },
  {
    id: 'scam-impersonation',
    weight: 0.35,
    phrases: ['cài đặt ứng dụng', 'cài ứng dụng vneid giả', 'cập nhật định danh mức 2', 'cung cấp mã otp', 'đọc mã otp', 'xác thực tài khoản ngân hàng'],
  },
  {
    id: 'share-pressure',
    weight: 0.3,
    phrases: ['chia sẻ trước khi bị xóa', 'share trước khi bị xóa', 'trước khi bị gỡ', 'chia sẻ ngay kẻo', 'lan tỏa ngay', 'share gấp', 'chia sẻ gấp'],
  },
  {
    id: 'fabricated-notice',
    weight: 0.25,
    phrases: ['thông báo khẩn của ubnd', 'công văn hỏa tốc', 'lệnh phong tỏa', 'thông báo khẩn cấp toàn tỉnh', 'tin nội bộ', 'nguồn tin mật'],
  },
  {
    id: 'health-hoax',
    weight: 0.35,
    phrases: ['chữa khỏi ung thư', 'thần dược', 'khỏi hẳn không cần thuốc', 'không cần đi viện', 'bác sĩ giấu', 'uống nước lá'],
  },
  {
    id: 'disaster-hoax',
    weight: 0.3,
    phrases: ['sắp vỡ đập', 'đập sắp vỡ', 'vỡ đập thủy điện', 'sơ tán ngay lập tức', 'động đất lớn sắp xảy ra'],
  },
];

const matcher = createPhraseMatcher(SIGNAL_RULES.flatMap((r) => r.phrases.map((p): [string, SignalRule] => [p, r])));

/** Combines independent signals: 1 − Π(1 − wᵢ), so one weak signal stays weak. */
export function combine(weights: number[]): number {
  return 1 - weights.reduce((acc, w) => acc * (1 - Math.max(0, Math.min(1, w))), 1);
}

export function scoreRisk(text: string, syllables: Syllables): RiskT {
  const byRule = new Map<string, { rule: SignalRule; evidence: string }>();
  for (const h of matcher.findAll(syllables)) {
    if (!byRule.has(h.value.id)) byRule.set(h.value.id, { rule: h.value, evidence: text.slice(h.start, h.end) });
  }
  const signals = [...byRule.values()].map(({ rule, evidence }) => ({ id: rule.id, weight: rule.weight, evidence }));
  return { score: Number(combine(signals.map((s) => s.weight)).toFixed(3)), signals, matchedClaims: [] };
}
