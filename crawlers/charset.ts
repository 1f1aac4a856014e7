// Bytes of a fetched page → text (DESIGN §5: charset detection incl. legacy Vietnamese).
//
// Order, as browsers do it: BOM, then the Content-Type header, then <meta> in the first 4 KB.
// Local sites often lie in their headers (a server default of iso-8859-1 on a UTF-8 page), so
// bytes that are valid UTF-8 with non-ASCII in them win over any declared single-byte charset.
// Last, font-encoded Vietnamese (TCVN3, VNI, VIQR) inside the text is converted to Unicode.

import iconv from 'iconv-lite';
import { repairLegacyEncoding } from '../pipeline/language/legacy-encoding.ts';
import { byteOrderMark } from '../pipeline/lines.ts';

export interface DecodedBody {
  text: string;
  /** The charset the bytes were decoded with (WHATWG-style lower-case name). */
  charset: string;
  /** A legacy Vietnamese font encoding found and converted inside the text, if any. */
  legacy: string | null;
}

// WHATWG: these labels all mean windows-1252 in a browser.
const LATIN1_ALIASES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'windows-1252', 'x-cp1252', 'iso_8859-1', 'cp819', 'ibm819']);
const UTF8_ALIASES = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'x-unicode20utf8']);

/** Normalises a charset label to the name we report and hand to iconv-lite. */
export function normaliseCharset(label: string): string {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (UTF8_ALIASES.has(l)) return 'utf-8';
  if (LATIN1_ALIASES.has(l)) return 'windows-1252';
  if (l === 'cp1258' || l === 'x-cp1258' || l === 'windows1258') return 'windows-1258';
  if (l === 'utf-16' || l === 'utf-16le') return 'utf-16le';
  return l;
}

function charsetFromContentType(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const m = /charset\s*=\s*["']?([\w.:-]{1,40})/i.exec(contentType);
  return m?.[1] ?? null;
}

const META_CHARSET = /<meta\s[^>]{0,500}?charset\s*=\s*["']?\s*([\w.:-]{1,40})/i;

function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  return META_CHARSET.exec(head)?.[1] ?? null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Decoded text when the bytes are valid UTF-8, else null. Also tells whether any byte was non-ASCII. */
function tryUtf8(bytes: Uint8Array): { text: string; nonAscii: boolean } | null {
  let nonAscii = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      nonAscii = true;
      break;
    }
  }
  if (!nonAscii) return { text: lenientUtf8.decode(bytes), nonAscii: false };
  try {
    return { text: strictUtf8.decode(bytes), nonAscii: true };
  } catch {
    return null;
  }
}

// Windows-1258 writes tones as separate bytes after the vowel (0xCC 0xEC 0xD2 0xDE 0xF2) and
// has đ ư ơ ă at 0xF0 0xFD 0xF5 0xE3: a page full of them is 1258, not Latin-1.
function looksLikeWindows1258(bytes: Uint8Array): boolean {
  let tones = 0;
  let high = 0;
  const limit = Math.min(bytes.length, 200_000);
  for (let i = 1; i < limit; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    high++;
    const prev = bytes[i - 1]!;
    const prevIsVowel = /[aeiouyAEIOUY]/.test(String.fromCharCode(prev)) || prev === 0xe2 || prev === 0xea || prev === 0xf4
      || prev === 0xe3 || prev === 0xf5 || prev === 0xfd || prev === 0xc2 || prev === 0xca || prev === 0xd4;
    if ((b === 0xcc || b === 0xec || b === 0xd2 || b === 0xde || b === 0xf2) && prevIsVowel) tones++;
  }
  return tones >= 3 && tones >= high * 0.15;
}

function mostlyUtf8(text: string): boolean {
  let bad = 0;
  let good = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) bad++;
    else if (c >= 0x80) good++;
  }
  return good > bad * 4;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return lenientUtf8.decode(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buf, charset);
  // 1258 composes tones with combining marks; everything downstream expects NFC.
  return charset === 'windows-1258' ? text.normalize('NFC') : text;
}

/** Decodes a page body to text, finding its charset and any legacy Vietnamese font encoding. */
export function decodeBody(bytes: Uint8Array, contentType?: string): DecodedBody {
  let charset: string;
  let text: string;
  const bom = byteOrderMark(bytes);
  if (bom !== null) {
    charset = bom.encoding;
    text = decodeWith(bytes.subarray(bom.length), charset);
  } else {
    const declaredLabel = charsetFromContentType(contentType) ?? charsetFromMeta(bytes);
    let declared = declaredLabel === null ? null : normaliseCharset(declaredLabel);
    if (declared !== null && !iconv.encodingExists(declared)) declared = null;
    const utf8 = declared === 'utf-16le' || declared === 'utf-16be' ? null : tryUtf8(bytes);
    if (utf8 !== null && (utf8.nonAscii || declared === null || declared === 'utf-8')) {
      // Valid UTF-8 with non-ASCII bytes is almost never an accident in another charset.
      charset = 'utf-8';
      text = utf8.text;
    } else if (declared !== null && declared !== 'utf-8') {
      // iso-8859-1 is many servers' default label, not a statement about the page.
      charset = declared === 'windows-1252' && looksLikeWindows1258(bytes) ? 'windows-1258' : declared;
      text = decodeWith(bytes, charset);
    } else {
      const lenient = lenientUtf8.decode(bytes);
      if (mostlyUtf8(lenient)) {
        // A UTF-8 page with a few broken bytes (a truncated upload, a bad include).
        charset = 'utf-8';
        text = lenient;
      } else {
        // Declared UTF-8 (or nothing) but the bytes are not: an old single-byte Vietnamese page.
        charset = looksLikeWindows1258(bytes) ? 'windows-1258' : 'windows-1252';
        text = decodeWith(bytes, charset);
      }
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const repaired = repairLegacyEncoding(text);
  return { text: repaired.text, charset, legacy: repaired.encoding };
}
