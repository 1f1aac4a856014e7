import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language-id.ts';

const lang = (s: string): string => detectLanguage(s).lang;

describe('detectLanguage', () => {
  it('recognises Vietnamese with diacritics', () => {
    expect(lang('Người dân phản ánh đường giao thông xuống cấp nghiêm trọng.')).toBe('vi');
    expect(lang('Cảm ơn')).toBe('vi');
    expect(lang('Đẹp quá')).toBe('vi');
  });

  it('recognises Vietnamese without diacritics and in teencode', () => {
    expect(lang('ko biet dc gi ca')).toBe('vi');
    expect(lang('nguoi dan rat buc xuc vi chua duoc giai quyet')).toBe('vi');
    expect(lang('toi khong biet')).toBe('vi');
    expect(lang('mn oi cho e hỏi cái này vs')).toBe('vi');
    expect(lang('ko bt')).toBe('vi');
  });

  it('recognises English, also with Vietnamese names in it', () => {
    expect(lang('The road to the village has been damaged by the heavy rain.')).toBe('en');
    expect(lang('Binh Phuoc province is famous for cashew nuts.')).toBe('en');
    expect(lang('How much does it cost?')).toBe('en');
  });

  it('keeps Vietnamese with English loanwords Vietnamese', () => {
    expect(lang('Review quán cà phê mới mở, view đẹp, giá ok.')).toBe('vi');
    expect(lang('check in Bình Phước')).toBe('vi');
  });

  it('recognises other scripts', () => {
    expect(lang('今天天气很好，我们去公园散步吧。')).toBe('zh');
    expect(lang('今日はとても暑いですね。')).toBe('ja');
    expect(lang('東京に行きたいです。')).toBe('ja');
    expect(lang('안녕하세요, 만나서 반갑습니다.')).toBe('ko');
    expect(lang('วันนี้อากาศร้อนมาก')).toBe('th');
    expect(lang('ខ្ញុំចង់ទៅផ្សារ')).toBe('km');
    expect(lang('ມື້ນີ້ອາກາດຮ້ອນຫຼາຍ')).toBe('lo');
    expect(lang('Сегодня очень жаркая погода.')).toBe('ru');
  });

  it('recognises common Latin-script languages', () => {
    expect(lang('Le gouvernement a annoncé une nouvelle politique pour les agriculteurs.')).toBe('fr');
    expect(lang('Die Straße ist wegen des Regens gesperrt.')).toBe('de');
    expect(lang('Muchas gracias por tu ayuda, eres muy amable.')).toBe('es');
    expect(lang('Saya tidak tahu apa yang terjadi di sana.')).toBe('id');
  });

  it("says 'und' when there is too little text", () => {
    for (const s of ['', 'ok', 'k', 'haha', '123456', '!!!', '😂😂😂', 'https://example.com/abc', '   ']) {
      expect(detectLanguage(s)).toEqual({ lang: 'und', confidence: 0 });
    }
  });

  it('takes the majority script in mixed text', () => {
    expect(lang('Tôi yêu Việt Nam 我爱越南')).toBe('vi');
    expect(lang('我爱越南，越南很美丽 Việt Nam')).toBe('zh');
  });

  it('reads decomposed (NFD) Vietnamese', () => {
    expect(lang('Người dân phản ánh'.normalize('NFD'))).toBe('vi');
  });

  it('gives more confidence to longer, clearer text', () => {
    const short = detectLanguage('dep qua');
    const long = detectLanguage('Người dân xã Tân Tiến phản ánh đường giao thông xuống cấp nghiêm trọng sau mùa mưa.');
    expect(long.confidence).toBeGreaterThan(short.confidence);
    expect(long.confidence).toBeLessThanOrEqual(1);
    expect(short.confidence).toBeGreaterThan(0);
  });

  it('survives bad input', () => {
    expect(detectLanguage('\ud800\udc00\ud800').lang).toBe('und');
    expect(detectLanguage('\u0000\u0001\u0002 xin chào mọi người').lang).toBe('vi');
    expect(detectLanguage('😂'.repeat(100_000)).lang).toBe('und');
    expect(detectLanguage('Người dân phản ánh đường xấu. '.repeat(40_000)).lang).toBe('vi');
    expect(detectLanguage('a'.repeat(1_000_000)).lang).toBe('und');
  });

  it('is accurate on the hand-labelled dev set', () => {
    const path = fileURLToPath(new URL('../../test/data/language-id-dev.jsonl', import.meta.url));
    const rows = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { text: string; lang: string });
    expect(rows.length).toBeGreaterThan(140);
    const misses = rows.filter((r) => detectLanguage(r.text).lang !== r.lang);
    expect(misses.length / rows.length).toBeLessThan(0.05);
  });
});
