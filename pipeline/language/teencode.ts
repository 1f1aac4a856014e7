// Teencode and common abbreviations seen in Vietnamese comments, as data (DESIGN §6 "Normalise").
// Keys are lower-case, NFC, with the tone placement and i/y choice normalise.ts produces, so a key is
// looked up after elongations are squeezed and marks are unified. Values are in the same canonical
// spelling. Written for the project from common usage; extend freely, tests pin the tricky ones.

/** Always expanded when they stand alone as a word: no other common reading. */
export const ALWAYS: Readonly<Record<string, string>> = {
  // không
  ko: 'không', kô: 'không', k0: 'không', hok: 'không', hog: 'không', hk: 'không', hông: 'không',
  kh: 'không', khg: 'không', khum: 'không', hem: 'không', khômg: 'không', khog: 'không',
  kbiet: 'không biết', kbit: 'không biết', kbik: 'không biết',
  // được
  dc: 'được', đc: 'được', dk: 'được', đk: 'được', dduoc: 'được', đựoc: 'được', đuợc: 'được',
  // rồi
  oy: 'rồi', ùi: 'rồi', rùi: 'rồi', roy: 'rồi', rùy: 'rồi', ròy: 'rồi',
  // common words
  mn: 'mọi người', mng: 'mọi người', mnguoi: 'mọi người',
  vs: 'với', cx: 'cũng', cg: 'cũng', cũg: 'cũng', cũm: 'cũng',
  ntn: 'như thế nào', thik: 'thích', thíck: 'thích', iu: 'yêu', iêu: 'yêu',
  bik: 'biết', bjk: 'biết', bjt: 'biết', bík: 'biết',
  wá: 'quá', qá: 'quá', wé: 'quá', nhìu: 'nhiều',
  đag: 'đang', dag: 'đang', trc: 'trước', trk: 'trước', lm: 'làm',
  ns: 'nói', hc: 'học', ngta: 'người ta', nyc: 'người yêu cũ', ny: 'người yêu',
  thui: 'thôi', thoy: 'thôi', wên: 'quên', pải: 'phải', fải: 'phải', fai: 'phải',
  dzậy: 'vậy', zậy: 'vậy', dzay: 'vậy', z: 'vậy', zui: 'vui', dzui: 'vui',
  hnay: 'hôm nay', hqua: 'hôm qua',
  ak: 'à', uk: 'ừ', uh: 'ừ', ukm: 'ừ', ừm: 'ừ',
  sđt: 'số điện thoại', sdt: 'số điện thoại', stk: 'số tài khoản',
  vk: 'vợ', ad: 'admin',
  // administrative abbreviations: rules and the gazetteer are written with full words
  cty: 'công ty', ubnd: 'ủy ban nhân dân', hđnd: 'hội đồng nhân dân', mttq: 'mặt trận tổ quốc',
  tp: 'thành phố', tphcm: 'thành phố hồ chí minh', hcm: 'hồ chí minh', tx: 'thị xã',
  csgt: 'cảnh sát giao thông', cq: 'cơ quan', bhxh: 'bảo hiểm xã hội', bhyt: 'bảo hiểm y tế',
  cccd: 'căn cước công dân', cmnd: 'chứng minh nhân dân', gplx: 'giấy phép lái xe',
  qđ: 'quyết định', nđ: 'nghị định', thpt: 'trung học phổ thông', thcs: 'trung học cơ sở',
};

/**
 * Short forms that, written in capitals inside ordinary text, are acronyms of news and official
 * writing rather than chat: "BN" is bệnh nhân (not bạn), "KH" kế hoạch or khách hàng (not
 * không), "CK" chứng khoán, "GD" giáo dục, "MN" mầm non, "NS" ngân sách, "VS" vệ sinh, "HC"
 * hành chính, "NC" nghiên cứu. They stay as written; in a shouted text (mostly capitals) the
 * capitals say nothing and the short form is read as usual. "KO", "DC" in capitals are emphasis.
 */
export const ACRONYMS_IN_CAPITALS: ReadonlySet<string> = new Set(['bn', 'kh', 'ck', 'gd', 'gđ', 'mn', 'ns', 'vs', 'hc', 'nc', 'ny', 'ct', 'hs']);

/** Words (folded) after which "kg" is the kilogram of a price or a weight: "đồng/kg", "một kg". */
export const BEFORE_KILOGRAM: readonly string[] = [
  'dong', 'd', 'vnd', 'k', 'nghin', 'ngan', 'trieu', 'tr', 'usd', 'gia', 'moi', 'tan', 'ta', 'yen', 'lang', 'gram', 'g',
  'mot', 'hai', 'ba', 'bon', 'nam', 'sau', 'bay', 'tam', 'chin', 'muoi', 'tram', 'nua', 'vai', 'may', 'nhieu', 'bao', 'tung',
];

/**
 * A context rule for an ambiguous short form: it applies when the previous or next word
 * (already diacritic-folded, so "không"/"khong"/"ko" all read "khong") is in the given set, or
 * when the position condition holds. Rules are tried in order; the first that applies wins;
 * when none applies the token is kept as written.
 */
export interface ContextRule {
  expand: string;
  prev?: readonly string[];
  next?: readonly string[];
  /** The previous word is a number ("5 tr" → 5 triệu). */
  afterNumber?: boolean;
  /** The previous word is an amount: a number or one written with its unit ("5k/kg", "120.000đ/kg"). */
  afterAmount?: boolean;
  /** The token ends a clause (end of text or followed by . ? ! , …). */
  atClauseEnd?: boolean;
  /** The token ends a question (followed by '?'). */
  atQuestionEnd?: boolean;
  /** The token follows any ordinary word (not a number), e.g. "xong r". */
  afterWord?: boolean;
}

// Words that typically follow "không": verbs, adjectives, modals and particles (folded).
const AFTER_NEGATION = [
  'co', 'biet', 'duoc', 'dc', 'phai', 'the', 'ai', 'sao', 'can', 'nen', 'muon', 'thich', 'hieu', 'thay',
  'nghe', 'lam', 'an', 'di', 've', 'chiu', 'dep', 'tot', 'on', 'hay', 'so', 'lo', 'nho', 'quen', 'tin',
  'dam', 'choi', 'noi', 'tra', 'lay', 'cho', 'mua', 'ban', 'con', 'chi', 'bao', 'it', 'nhieu', 'dung',
  'sai', 'ro', 'du', 'kip', 'xong', 'ngu', 'yeu', 'iu', 'thik', 'bt', 'bik', 'bit', 'gi', 'j', 'nhe',
  'nha', 'a', 'ha', 'vay', 'z', 'v', 'thi', 'ma', 'khi', 'bi', 'ok', 'oke', 'giong', 'dang', 'nao',
  'hop', 'ap', 'tuong', 'thuc', 'nhan', 'chap', 'dong', 'xem', 'coi', 'doc', 'gap', 'mat', 'ngon',
  'vui', 'buon', 'met', 'ngai', 'hai', 'sach', 'ban', 'an', 'toan', 'ai', 'cong', 'minh', 'bac',
];
const PRONOUNS = [
  'toi', 'tui', 'minh', 'tao', 'may', 'em', 'anh', 'chi', 'ban', 'ai', 'no', 'ho', 'ad', 'admin', 'ong', 'ba',
];
const NUMBER_WORDS = ['mot', 'hai', 'ba', 'bon', 'nam', 'sau', 'bay', 'tam', 'chin', 'muoi', 'may', 'vai'];

export const CONTEXTUAL: Readonly<Record<string, readonly ContextRule[]>> = {
  // "k": không before a verb/adjective/particle, at the end of a question ("đúng k?") or after a
  // word at the end of a clause ("đi k"). "50k" is handled before this table (→ "50 nghìn").
  k: [
    { expand: 'nghìn', afterNumber: true },
    { expand: 'không', next: AFTER_NEGATION },
    { expand: 'không', prev: ['co', 'dung', 'phai', 'duoc', 'dc', 'hay', 'chua', 'roi', 'di', 'ok', 'nhe', 'that', 'thiet'], atClauseEnd: true },
    { expand: 'không', atQuestionEnd: true },
    { expand: 'không', prev: PRONOUNS },
  ],
  // "kg": không in comments ("kg biết", "mình kg đi"), but the kilogram of every price ("5 kg",
  // "120.000 đồng/kg", "50k/kg") — which read as "không" put a negation into crop-price posts.
  kg: [
    { expand: 'kg', afterAmount: true },
    { expand: 'kg', prev: BEFORE_KILOGRAM },
    { expand: 'không' },
  ],
  // "ms": mới, but the milliseconds of "20 ms".
  ms: [
    { expand: 'ms', afterAmount: true },
    { expand: 'mới' },
  ],
  // "r": rồi after a word ("xong r", "ăn r") or before a clause connective ("r sao", "r thì").
  r: [
    { expand: 'rồi', next: ['sao', 'thi', 'ma', 'moi', 'lai', 'con', 'nha', 'nhe', 'do', 'a', 'ha', 'day', 'nhi', 'ne', 'luon', 'nua', 'ay'] },
    { expand: 'rồi', afterWord: true },
  ],
  // "j": gì; a lone j is otherwise only a list label.
  j: [
    { expand: 'gì', prev: ['lam', 'cai', 'co', 'la', 'noi', 'duoc', 'dc', 'an', 'biet', 'bt', 'thay', 'hieu', 'chuyen', 'vi', 'tai', 'de', 'ko', 'khong', 'k', 'dung', 'may', 'mua', 'ban', 'ai', 'hoi', 'cho', 'can'] },
    { expand: 'gì', next: ['vay', 'z', 'v', 'the', 'het', 'ca', 'dau', 'nua', 'ha', 'a', 'nhi', 'ne', 'ko', 'k', 'khong', 'do', 'day', 'thi', 'ma', 'chu'] },
    { expand: 'gì', atQuestionEnd: true },
    { expand: 'gì', afterWord: true, atClauseEnd: true },
  ],
  // "bt": biết after a negation, pronoun or modal ("ko bt", "ai bt"); bình thường otherwise when
  // it sits in an evaluative slot ("thấy bt", "cũng bt").
  bt: [
    { expand: 'biết', prev: ['khong', 'ko', 'k', 'kh', 'hok', 'chua', 'dau', 'moi', 'da', 'muon', 'de', 'cho', 'deu', 'van', 'can', 'phai', ...PRONOUNS] },
    { expand: 'biết', next: ['gi', 'j', 'roi', 'r', 'la', 'dau', 'duoc', 'dc', 'chua', 'ko', 'k', 'khong', 'nhieu', 'them', 'sao', 'bao', 'ai', 'noi', 'lam', 'doc', 'viet', 'choi'] },
    { expand: 'bình thường', prev: ['rat', 'thi', 'cung', 'cx', 'la', 'kha', 'nhu', 'hoi', 'thay', 'van', 'qua', 'cuc', 'rat', 'song', 'nguoi', 'bat'] },
    { expand: 'bình thường', atClauseEnd: true },
  ],
  // "bít" is also a word (to block: "bít đường"), so only after a negation or pronoun.
  bít: [
    { expand: 'biết', prev: ['khong', 'ko', 'k', 'kh', 'hok', 'chua', 'dau', 'moi', 'ai', 'de', 'cho', ...PRONOUNS] },
    { expand: 'biết', next: ['gi', 'j', 'roi', 'r', 'dau', 'chua'] },
  ],
  // "ng": người next to a quantifier or a word it typically forms a compound with.
  ng: [
    { expand: 'người', afterNumber: true },
    { expand: 'người', prev: ['moi', 'nhieu', 'nhung', 'cac', 'co', 'so', 'it', 'bao', 'con', 'lam', 'la', 'bi', 'cho', 'voi', 'vs', 'cua', 'tung', 'ai', 'nguoi', 'da', 'thang', 'may', 'vai', 'giup', 'hai', 'ba', 'mot', 'gap', 'thay', 'yeu', ...NUMBER_WORDS] },
    { expand: 'người', next: ['ta', 'dan', 'nha', 'than', 'yeu', 'iu', 'lon', 'gia', 'tre', 'khac', 'do', 'nay', 'kia', 'ay', 'nao', 'nhan', 'ra', 'benh', 'lao', 'dung', 'mua', 'ban', 'viet', 'nuoc', 'ngoai', 'bi', 'co', 'khong', 'ko', 'k', 'thi', 'ma', 'da', 'dang', 'se', 'cung', 'cx', 'noi', 'bao', 'thay', 'duoc', 'dc', 'lam', 'ham', 'choi', 'xau', 'tot', 'dep', 'giau', 'ngheo', 'ngheo', 'di', 'den', 'o', 'chet', 'thuong'] },
  ],
  // "nc": nước (water, country) or nói chuyện (to talk) — only with a telling neighbour.
  nc: [
    { expand: 'nói chuyện', next: ['voi', 'vs', 'chut', 'ti', 'tiep', 'rieng', 'cung', 'di', 'nhe', 'nha', 'hoai', 'lai', 'duoc', 'dc'] },
    { expand: 'nói chuyện', prev: ['muon', 'thich', 'dang', 'hay', 'ngai', 'can', 'dung', 'de', 'ma', 'lam', 'noi'] },
    { expand: 'nước', prev: ['uong', 'mat', 'cup', 'cat', 'dat', 'tien', 'ngap', 'be', 'lut', 'thieu', 'nguon', 'xa', 'cap', 'ly', 'chai', 'binh', 'mua', 'song', 'nha', 'ca', 'dan', 'yeu', 'ban', 'hai', 'ho', 'ong', 'may', 'vao'] },
    { expand: 'nước', next: ['mam', 'sach', 'ngoai', 'uong', 'ngap', 'lu', 'nong', 'ngot', 'suoi', 'da', 'cam', 'chanh', 'dua', 'mia', 'loc', 'thai', 'gieng', 'ngam', 'mat', 'ta', 'nha', 'bien', 'ro', 'tuong', 'lanh', 'sinh', 'dong', 'ban'] },
  ],
  // "bn": bao nhiêu in a price/quantity question, bạn as an address.
  bn: [
    { expand: 'bạn', prev: ['cac', 'cho', 'voi', 'vs', 'cua', 'may', 'nhung', 'ket', 'moi', 'ban', 'thang', 'con', 'em', 'chao', 'hi', 'hello'] },
    { expand: 'bạn', next: ['oi', 'be', 'trai', 'gai', 'than', 'hoc', 'co', 'da', 'dang', 'se', 'la', 'lam', 'muon', 'thich', 'nen', 'can', 'noi', 'biet', 'bt', 'thu', 'xem', 'cung', 'cx', 'hieu', 'di', 'ib', 'inbox', 'nhe', 'nha', 'minh', 'ay', 'do'] },
    { expand: 'bao nhiêu', prev: ['gia', 'het', 'mat', 'duoc', 'dc', 'co', 'ton', 'tien', 'cao', 'nang', 'dai', 'tuoi', 'so', 'lay', 'ban', 'mua', 'tra', 'thue', 'luong', 'phi', 'nhieu', 'bao', 'cost', 'ca'] },
    { expand: 'bao nhiêu', next: ['tien', 'tuoi', 'km', 'kg', 'cm', 'm', 'ngay', 'thang', 'nam', 'lan', 'nguoi', 'ng', 'cai', 'con', 'k', 'tr', 'trieu', 'nghin', 'ngan', 'dong', 'phan', 'gio', 'phut', 'vay', 'z', 'v', 'the', 'a', 'ha', 'nhi'] },
    { expand: 'bao nhiêu', atQuestionEnd: true },
  ],
  // "tr": triệu after a number ("5 tr"), trời in exclamations ("tr ơi", "ôi tr").
  tr: [
    { expand: 'triệu', afterNumber: true },
    { expand: 'triệu', prev: NUMBER_WORDS },
    { expand: 'trời', next: ['oi', 'dat', 'a', 'dat', 'ui', 'mua', 'nang', 'toi', 'sang', 'lanh', 'nong'] },
    { expand: 'trời', prev: ['oi', 'troi', 'ui', 'ong', 'o', 'hoi', 'cha', 'me', 'ua', 'tr'] },
  ],
  // "dt"/"đt": diện tích before a number or an area unit (real-estate posts), else điện thoại.
  dt: [
    { expand: 'diện tích', next: ['m2', 'm', 'dat', 'san', 'dung'] },
    { expand: 'điện thoại' },
  ],
  đt: [
    { expand: 'diện tích', next: ['m2', 'm', 'dat', 'san'] },
    { expand: 'điện thoại' },
  ],
  // "ck": chuyển khoản in payment talk (a scam signal needs it), chồng otherwise.
  ck: [
    { expand: 'chuyển khoản', next: ['truoc', 'qua', 'tien', 'khoan', 'vao', 'nham', 'lai', 'du', 'ngay', 'luon', 'coc', 'phi', 'stk', 'so', 'cho', 'giup', 'giùm', 'gium', 'xong', 'thanh', 'het', 'nhanh', 'sang', 'di'] },
    { expand: 'chuyển khoản', prev: ['stk', 'tien', 'nhan', 'phi', 'hay', 'vui', 'long', 'xin', 'can', 'vui', 'hoac', 'bang', 'qua', 'da', 'chua', 'phai', 'de', 'chiu', 'ko', 'khong', 'k', 'dc', 'duoc', 'noi', 'bao', 'yeu', 'cau', 'doi', 'bat'] },
    { expand: 'chồng' },
  ],
  // "v": vậy at the end of a clause after a question word ("sao v", "làm j v").
  v: [
    { expand: 'vậy', prev: ['sao', 'the', 'nhu', 'gi', 'j', 'lam', 'di', 'dau', 'chu', 'nao', 'ai', 'roi', 'r', 'luon', 'thiet', 'that', 'ha', 'ta', 'nay'], atClauseEnd: true },
    { expand: 'vậy', next: ['ta', 'ha', 'a', 'troi', 'tr', 'nha', 'nhe', 'thi', 'ma', 'la', 'hay', 'do', 'day', 'ne', 'nua'] },
  ],
  // "s": sao in "vì s", "tại s", "s vậy".
  s: [
    { expand: 'sao', prev: ['vi', 'tai', 'lam', 'the', 'biet', 'bt', 'ko', 'khong', 'k', 'co', 'chang', 'roi', 'r'] },
    { expand: 'sao', next: ['vay', 'v', 'z', 'the', 'ta', 'ha', 'khong', 'ko', 'k', 'lai', 'roi', 'ma'] },
  ],
};
