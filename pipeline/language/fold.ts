// Diacritic folding for Vietnamese: "Bồi thường Đồng Xoài" → "boi thuong dong xoai".
// Our own code (DESIGN §3): the store and the Elasticsearch index both search a folded copy,
// so folding must be identical everywhere and must not depend on an analysis plugin.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower-cases and strips every diacritic, including đ/Đ → d (which NFD does not decompose). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

const VIETNAMESE_MARKED = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** True when the text carries at least one Vietnamese diacritic (a query typed "with accents"). */
export function hasDiacritics(text: string): boolean {
  return VIETNAMESE_MARKED.test(text.normalize('NFC'));
}

/** A URL- and query-friendly id: "Bù Đăng" → "bu-dang". */
export function slugify(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
