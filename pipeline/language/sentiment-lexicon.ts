// Vietnamese sentiment words, written by the DLXH Monitor team for this project.
// Weights are on a −3…+3 scale; phrases are matched as whole syllable sequences (lower-case, NFC).
// Entries with diacritics match text typed with diacritics; the matcher also builds a folded
// table so "khong tot" meets "không tốt" — only for entries whose folded form is unambiguous
// (see AMBIGUOUS_WHEN_FOLDED).

export const SENTIMENT_WORDS: Record<string, number> = {
  // positive
  'tốt': 2, 'rất tốt': 2.5, 'tuyệt vời': 3, 'tuyệt': 2.5, 'xuất sắc': 3, 'hài lòng': 2, 'vui': 1.5, 'vui mừng': 2,
  'mừng': 1.5, 'phấn khởi': 2, 'cảm ơn': 1.5, 'cám ơn': 1.5, 'biết ơn': 2, 'hoan nghênh': 2, 'ủng hộ': 1.5,
  'đẹp': 1.5, 'khang trang': 1.5, 'sạch sẽ': 1.5, 'nhanh gọn': 2, 'nhanh chóng': 1, 'chu đáo': 2, 'tận tình': 2,
  'tận tâm': 2, 'nhiệt tình': 2, 'chuyên nghiệp': 1.5, 'hiệu quả': 1.5, 'minh bạch': 1.5, 'an toàn': 1, 'yên tâm': 1.5,
  'tích cực': 1.5, 'tiến bộ': 1.5, 'cải thiện': 1.5, 'đáng khen': 2.5, 'khen': 1.5, 'ghi nhận': 1, 'tự hào': 2,
  'hạnh phúc': 2, 'ấm lòng': 2, 'ấm áp': 1.5, 'yêu': 1.5, 'thích': 1.5, 'hay': 1, 'ổn': 1, 'ổn định': 1,
  'đỉnh': 2, 'xịn': 2, 'ngon': 1.5, 'tiện lợi': 1.5, 'thuận tiện': 1.5, 'hợp lý': 1.5, 'đúng đắn': 2,
  'sáng suốt': 2, 'trách nhiệm': 1, 'lịch sự': 1.5, 'nhanh nhẹn': 1.5, 'thành công': 2, 'trúng mùa': 2,
  'được giá': 2, 'tăng thu nhập': 1.5, 'khâm phục': 2, 'cảm kích': 2, 'quý': 1, 'chúc mừng': 2, 'tin vui': 2,
  'tin mừng': 2, 'hiện thực': 0.5, 'ok': 1, 'tuyệt cú mèo': 3, 'đáng đồng tiền': 2, 'đáng tiền': 2, 'xứng đáng': 2,
  // negative
  'tệ': -2.5, 'tệ hại': -3, 'tồi tệ': -3, 'kém': -2, 'dở': -2, 'xấu': -1.5, 'chán': -2, 'thất vọng': -2.5,
  'bức xúc': -2.5, 'bực': -2, 'bực mình': -2, 'tức': -1.5, 'khổ': -2, 'khổ sở': -2.5, 'mệt mỏi': -1.5,
  'nản': -2, 'buồn': -1.5, 'xót xa': -2, 'lo lắng': -1.5, 'sợ': -1.5, 'bất cập': -2, 'bất bình': -2.5,
  'bất tiện': -1.5, 'phẫn nộ': -3, 'oán thán': -2.5, 'kêu trời': -2, 'than trời': -2, 'khốn đốn': -2.5,
  'thiệt hại': -2, 'thiệt': -1.5, 'thiệt thòi': -2, 'mất trắng': -2.5, 'lỗ': -1.5, 'thua lỗ': -2,
  'tắc trách': -2.5, 'hách dịch': -2.5, 'nhũng nhiễu': -2.5, 'cẩu thả': -2, 'gian dối': -2.5, 'lừa đảo': -2,
  'tham nhũng': -2, 'ăn chặn': -2.5, 'cáu gắt': -2, 'gắt': -1, 'lơ là': -1.5, 'thờ ơ': -1.5, 'vô lý': -2,
  'vô trách nhiệm': -2.5, 'ô nhiễm': -1.5, 'hôi thối': -2, 'xuống cấp': -2, 'ổ gà': -1, 'ngập': -1,
  'ùn tắc': -1.5, 'kẹt xe': -1.5, 'nguy hiểm': -1.5, 'đắt': -1, 'đắt đỏ': -1.5, 'chậm': -1, 'rườm rà': -1.5,
  'hứa suông': -2.5, 'thất hứa': -2.5, 'dây dưa': -2, 'không ai nghe': -2, 'mất niềm tin': -2.5, 'ức': -2,
  'ghét': -2, 'kinh khủng': -2.5, 'khủng khiếp': -2.5, 'bó tay': -2, 'hết chịu nổi': -3, 'chịu không nổi': -3,
  'làm ẩu': -2, 'làm cho có': -2, 'kém cỏi': -2.5, 'yếu kém': -2, 'sai phạm': -1.5, 'bị lừa': -2,
  'trắng tay': -2.5, 'nợ lương': -2, 'khó chịu': -2, 'phàn nàn': -1.5, 'bức bối': -2, 'ngột ngạt': -1.5,
  'ngạt thở': -2, 'mù mịt': -1, 'lầy lội': -1.5, 'đáng buồn': -2, 'tệ nạn': -1.5,
};

/** Folded forms that collide with other common words: tệ→te (tế), khổ→kho (kho), dở→do (do, đỏ),
 *  tức→tuc (tục), yêu→yeu (yếu), buồn→buon (buôn) … are matched only with their diacritics. */
export const AMBIGUOUS_WHEN_FOLDED = new Set([
  'tệ', 'khổ', 'dở', 'tức', 'mừng', 'hay', 'ổn', 'kém', 'yêu', 'ngon', 'đỉnh', 'xịn', 'bực', 'sợ', 'buồn', 'chán',
  'nản', 'đắt', 'chậm', 'ngập', 'lỗ', 'gắt', 'ức', 'quý', 'thiệt',
]);

/** Words that make the next word stronger ("rất tốt") or, after it, the previous one ("tốt lắm"). */
export const INTENSIFIERS_BEFORE = ['rất', 'quá', 'cực kỳ', 'cực kì', 'cực', 'siêu', 'vô cùng', 'hết sức', 'thật', 'thật sự', 'thực sự', 'khá'];
export const INTENSIFIERS_AFTER = ['lắm', 'quá', 'vô cùng', 'cực kỳ', 'hết sức', 'thật', 'quá trời', 'ghê', 'dữ vậy'];

/** Negators; "không tốt" flips, "không tệ" turns a negative word into mild praise. */
export const NEGATORS = ['không', 'chẳng', 'chả', 'chưa', 'đâu có', 'không hề', 'chẳng hề', 'chưa hề', 'đừng', 'hổng'];

/** After these, the clause that follows carries the opinion: "đẹp nhưng đắt" is negative. */
export const CONTRAST_MARKERS = ['nhưng', 'nhưng mà', 'tuy nhiên', 'song', 'thế nhưng', 'mà lại'];

export const EMOJI_POLARITY: Record<string, number> = {
  '😍': 2, '🥰': 2, '😊': 1.5, '😁': 1.5, '😀': 1, '😃': 1, '😄': 1, '🙂': 0.5, '👍': 1.5, '👏': 1.5, '❤': 1.5,
  '❤️': 1.5, '💕': 1.5, '💖': 1.5, '🎉': 1.5, '🙏': 1, '💯': 1.5, '✨': 0.5, '😘': 1.5, '🌹': 1,
  '😡': -2, '😠': -2, '🤬': -2.5, '😤': -1.5, '😢': -1.5, '😭': -1.5, '😞': -1.5, '😔': -1, '😩': -1.5,
  '😫': -1.5, '👎': -2, '💔': -1.5, '😒': -1, '🙄': -1, '😱': -1, '🤮': -2, '😰': -1,
};

/** ASCII emoticons (after the text is lower-cased). */
export const EMOTICON_POLARITY: Record<string, number> = { ':)': 1, ':))': 1, '=))': 1, ':d': 1.5, '<3': 1.5, ':(': -1.5, ":'(": -1.5, ':((': -1.5 };
