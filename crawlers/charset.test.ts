import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeLegacy } from '../pipeline/language/legacy-encoding.ts';
import { decodeBody } from './charset.ts';

const VI = 'Ủy ban nhân dân tỉnh Đồng Nai thông báo về việc tổ chức lễ hội truyền thống; người dân được hướng dẫn đăng ký trực tuyến.';
const page = (body: string, head = '') => `<html><head>${head}<title>Tin tức</title></head><body><p>${body}</p></body></html>`;
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Windows-1258 keeps ê ơ ư ă â đ precomposed and writes the tone as a combining mark after it. */
function to1258(s: string): Uint8Array {
  const split = [...s.normalize('NFC')].map((ch) => {
    const d = ch.normalize('NFD');
    const tone = d.replace(/[^\u0300\u0301\u0303\u0309\u0323]/g, '');
    return d.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC') + tone;
  }).join('');
  return new Uint8Array(iconv.encode(split, 'windows-1258'));
}

describe('decodeBody', () => {
  it('decodes plain UTF-8', () => {
    const r = decodeBody(utf8(page(VI)), 'text/html; charset=utf-8');
    expect(r.charset).toBe('utf-8');
    expect(r.text).toContain(VI);
    expect(r.legacy).toBeNull();
  });

  it('ignores a wrong iso-8859-1 header on a UTF-8 page', () => {
    const r = decodeBody(utf8(page(VI)), 'text/html; charset=ISO-8859-1');
    expect(r.charset).toBe('utf-8');
    expect(r.text).toContain(VI);
  });

  it('honours a BOM over the header', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(page(VI))]);
    const r = decodeBody(bytes, 'text/html; charset=windows-1252');
    expect(r.charset).toBe('utf-8');
    expect(r.text.startsWith('<html>')).toBe(true);
    const le = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page(VI), 'utf16le')]));
    expect(decodeBody(le).text).toContain(VI);
  });

  it('decodes windows-1258 from <meta> into NFC', () => {
    const bytes = to1258(page(VI, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'));
    const r = decodeBody(bytes);
    expect(r.charset).toBe('windows-1258');
    expect(r.text).toContain(VI);
    expect(r.text).toBe(r.text.normalize('NFC'));
  });

  it('guesses windows-1258 when nothing is declared', () => {
    const bytes = to1258(page(VI));
    const r = decodeBody(bytes);
    expect(r.charset).toBe('windows-1258');
    expect(r.text).toContain(VI);
  });

  it('uses <meta charset> for other charsets', () => {
    const bytes = new Uint8Array(iconv.encode(page('Привет, мир', '<meta charset="windows-1251">'), 'windows-1251'));
    expect(decodeBody(bytes).text).toContain('Привет, мир');
  });

  it('converts a TCVN3 page (served as Latin-1) and a VNI page', () => {
    const tcvn = new Uint8Array(Buffer.from(page(encodeLegacy(VI, 'tcvn3'), '<style>p{font-family:.VnTime}</style>'), 'latin1'));
    const r1 = decodeBody(tcvn, 'text/html; charset=iso-8859-1');
    expect(r1.legacy).toBe('tcvn3');
    expect(r1.text).toContain(VI.replace('Ủy', 'ủy'));
    const vni = new Uint8Array(Buffer.from(page(encodeLegacy(VI, 'vni')), 'latin1'));
    const r2 = decodeBody(vni);
    expect(r2.charset).toBe('windows-1252');
    expect(r2.legacy).toBe('vni');
    expect(r2.text).toContain(VI);
  });

  it('converts VIQR text', () => {
    const r = decodeBody(utf8(page(encodeLegacy(VI, 'viqr'))));
    expect(r.legacy).toBe('viqr');
    expect(r.text).toContain(VI);
  });

  it('keeps a UTF-8 page with one broken byte as UTF-8', () => {
    const b = Buffer.concat([Buffer.from(page(VI + VI), 'utf8').subarray(0, 60), Buffer.from([0xc3]), Buffer.from(page(VI + VI), 'utf8').subarray(60)]);
    const r = decodeBody(new Uint8Array(b), 'text/html; charset=utf-8');
    expect(r.charset).toBe('utf-8');
    expect(r.text).toContain(VI);
  });

  it('handles empty and odd input', () => {
    expect(decodeBody(new Uint8Array()).text).toBe('');
    expect(decodeBody(utf8('😀'.repeat(1000))).text).toBe('😀'.repeat(1000));
    expect(decodeBody(utf8('abc'), 'text/html; charset=no-such-charset').text).toBe('abc');
  });
});
