// Diacritic folding for Vietnamese: "Bồi thường Đồng Xoài" → "boi thuong dong xoai".
// Our own code (DESIGN §3): the store and the Elasticsearch index both search a folded copy,
// so folding must be identical everywhere and must not depend on an analysis plugin.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * The definition of folding: decompose, drop the combining diacritics, đ/Đ → d, lower-case,
 * recompose. Every script goes through it; fold() is a faster route to the same result.
 */
export function foldByNormalisation(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

// For the characters Vietnamese text is made of — Latin letters with or without their marks,
// loose combining diacritics, general punctuation, currency signs — folding one character never
// depends on its neighbours, so a table of single-character folds gives the same result as the
// definition, without three passes of Unicode normalisation. A text with any other character
// (Greek, whose final sigma lower-cases by context; scripts whose marks reorder) takes the
// definition. Emoji (U+1F000–U+1FBFF, as surrogate pairs) fold to themselves. fold.test.ts
// checks both routes agree, character by character and on mixed text.
const TABLE_END = 0x20d0;
const IN_TABLE = (c: number): boolean =>
  c < 0x250 || (c >= 0x300 && c < 0x370) || (c >= 0x1e00 && c < 0x1f00) || (c >= 0x2000 && c < TABLE_END);
/** The fold of each table character as one UTF-16 unit; NONE = it folds away, MANY = see MULTI. */
const FOLD_UNIT = new Uint16Array(TABLE_END);
const NONE = 0xffff;
const MANY = 0xfffe;
const MULTI = new Map<number, string>();
for (let c = 0; c < TABLE_END; c++) {
  if (!IN_TABLE(c)) continue;
  const f = foldByNormalisation(String.fromCharCode(c));
  if (f.length === 0) FOLD_UNIT[c] = NONE;
  else if (f.length === 1) FOLD_UNIT[c] = f.charCodeAt(0);
  else {
    FOLD_UNIT[c] = MANY;
    MULTI.set(c, f);
  }
}

/** A high surrogate of U+1F000–U+1FBFF at i followed by its low surrogate. */
function isEmojiPair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd83c || c > 0xd83e) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

let units = new Uint16Array(1024);
const utf16 = new TextDecoder('utf-16le');

/** Lower-cases and strips every diacritic, including đ/Đ → d (which NFD does not decompose). */
export function fold(text: string): string {
  const n = text.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      ascii = false;
      if (c >= TABLE_END || !IN_TABLE(c)) {
        if (!isEmojiPair(text, i)) return foldByNormalisation(text);
        i++;
      }
    }
  }
  if (ascii) return text.toLowerCase();
  if (units.length < n) units = new Uint16Array(Math.max(n, units.length * 2));
  let m = 0;
  let multi: string | undefined;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= TABLE_END) {
      units[m++] = c; // an emoji's surrogate
      continue;
    }
    const f = FOLD_UNIT[c] as number;
    if (f === NONE) continue;
    if (f === MANY) {
      multi = (multi ?? '') + utf16.decode(units.subarray(0, m)) + (MULTI.get(text.charCodeAt(i)) as string);
      m = 0;
      continue;
    }
    units[m++] = f;
  }
  const tail = m === 0 ? '' : m < 8192 ? String.fromCharCode.apply(null, units.subarray(0, m) as unknown as number[]) : utf16.decode(units.subarray(0, m));
  return multi === undefined ? tail : multi + tail;
}

const VIETNAMESE_MARKED = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
const IS_MARKED = new Uint8Array(0x1f00);
for (let c = 0x80; c < IS_MARKED.length; c++) IS_MARKED[c] = VIETNAMESE_MARKED.test(String.fromCharCode(c)) ? 1 : 0;

/** True when the text carries at least one Vietnamese diacritic (a query typed "with accents"). */
export function hasDiacritics(text: string): boolean {
  // Only loose combining marks can make NFC differ here; without them, look the letters up.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c >= 0x300 && c < 0x370) return VIETNAMESE_MARKED.test(text.normalize('NFC'));
    if (c < 0x1f00 && IS_MARKED[c] === 1) return true;
  }
  return false;
}

/** A URL- and query-friendly id: "Bù Đăng" → "bu-dang". */
export function slugify(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
