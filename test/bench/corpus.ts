// A generated Vietnamese corpus for benchmarks: deterministic, about the province's concerns,
// with the length of real posts (~300 characters) or articles (~5,000 characters).

const PLACES = ['Bù Đăng', 'Đồng Xoài', 'Chơn Thành', 'Bù Gia Mập', 'Lộc Ninh', 'Hớn Quản', 'Phú Riềng', 'Bình Long', 'Phước Long', 'Đồng Phú', 'Bù Đốp', 'Biên Hòa', 'Long Khánh'];
const OPENERS = ['Người dân', 'Bà con', 'Nhiều hộ dân', 'Cử tri', 'Phụ huynh', 'Nông dân', 'Công nhân', 'Tiểu thương'];
const CONCERNS = [
  'phản ánh việc bồi thường giải phóng mặt bằng cao tốc Gia Nghĩa - Chơn Thành còn chậm',
  'lo lắng vì giá điều và giá mủ cao su giảm mạnh trong tháng này',
  'hỏi về thủ tục cấp lại thẻ bảo hiểm y tế sau khi sáp nhập tỉnh',
  'bức xúc chuyện dạy thêm học thêm vẫn diễn ra tràn lan',
  'cảnh báo tin nhắn giả mạo VNeID yêu cầu cung cấp mã OTP',
  'kiến nghị sửa đoạn quốc lộ 14 xuống cấp gây tai nạn giao thông',
  'mong chính quyền sớm công bố quy hoạch bauxite để yên tâm sản xuất',
  'khen ngợi trung tâm phục vụ hành chính công xã mới làm việc nhanh gọn',
  'phàn nàn tiền điện tháng mười tăng cao bất thường',
  'đề nghị kiểm tra cơ sở xả nước thải gây mùi hôi ra suối',
];
const TAILS = ['Mong các cơ quan chức năng sớm vào cuộc.', 'Rất mong được trả lời sớm.', 'Ai biết thông tin xin chia sẻ giúp.', 'Cảm ơn chính quyền địa phương.', 'Tình trạng này kéo dài nhiều tháng rồi.', 'ko biết bao giờ mới xong nữa 😢', 'mn cho hỏi làm sao đc hỗ trợ ạ?'];

export { seededRandom as prng } from '../../pipeline/seeded-random.ts';

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

export function sentence(r: () => number): string {
  return `${pick(r, OPENERS)} ở ${pick(r, PLACES)} ${pick(r, CONCERNS)}. ${pick(r, TAILS)}`;
}

/** A post of about `chars` characters; `i` makes it unique. */
export function post(r: () => number, i: number, chars = 300): string {
  let text = `#${i} `;
  while (text.length < chars) text += `${sentence(r)} `;
  return text.slice(0, chars).trim();
}

export function article(r: () => number, i: number, chars = 5000): string {
  const paragraphs: string[] = [];
  let n = 0;
  while (n < chars) {
    const p = [sentence(r), sentence(r), sentence(r)].join(' ');
    paragraphs.push(p);
    n += p.length + 2;
  }
  return `Bài ${i}. ${paragraphs.join('\n\n')}`.slice(0, chars);
}
