// Legacy Vietnamese font encodings still found on local and provincial sites (DESIGN §5, §6).
//
// TCVN3 (ABC, ".VnTime" fonts) and VNI ("VNI-Times" fonts) put Vietnamese letters on
// Latin-1 code points, so a browser or our decoder shows them as "ViÖt Nam" / "Vieät Nam".
// VIQR writes the marks as ASCII ("Vie^.t Nam"). We detect them from character statistics
// (every candidate word must convert into a well-formed Vietnamese syllable, so French or
// German accented words do not trigger) and convert to Unicode NFC.
//
// All tables are built from one description of the alphabet: a letter is a base vowel, an
// optional modifier (circumflex, breve, horn) and one of six tones. Tests invert the same
// tables into encoders and round-trip the full alphabet.
//
// The same file undoes the other ways text arrives garbled (repairGarbledText): UTF-8 read as
// Latin-1 and HTML entities left in plain text.

import { decodeHTMLStrict } from 'entities';

export type LegacyEncoding = 'tcvn3' | 'vni' | 'viqr';

/** Tone order used by every table below: none, sắc, huyền, hỏi, ngã, nặng. */
const TONE_MARKS = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const;
const MODIFIER_MARKS = { none: '', circ: '\u0302', breve: '\u0306', horn: '\u031B' } as const;
type Modifier = keyof typeof MODIFIER_MARKS;

/** The 12 Vietnamese vowel letters as base + modifier. */
export const VOWELS: readonly { base: string; mod: Modifier }[] = [
  { base: 'a', mod: 'none' }, { base: 'a', mod: 'breve' }, { base: 'a', mod: 'circ' },
  { base: 'e', mod: 'none' }, { base: 'e', mod: 'circ' }, { base: 'i', mod: 'none' },
  { base: 'o', mod: 'none' }, { base: 'o', mod: 'circ' }, { base: 'o', mod: 'horn' },
  { base: 'u', mod: 'none' }, { base: 'u', mod: 'horn' }, { base: 'y', mod: 'none' },
];

function compose(base: string, mod: Modifier, tone: number): string {
  return (base + MODIFIER_MARKS[mod] + (TONE_MARKS[tone] ?? '')).normalize('NFC');
}

/** Every lower-case letter that carries a Vietnamese diacritic (66 vowels + đ = 67). */
export function accentedLetters(): string[] {
  const out: string[] = [];
  for (const v of VOWELS) {
    for (let tone = 0; tone < 6; tone++) {
      if (v.mod === 'none' && tone === 0) continue;
      out.push(compose(v.base, v.mod, tone));
    }
  }
  out.push('đ');
  return out;
}

// ---------------------------------------------------------------- TCVN3 (ABC)

// Rows follow VOWELS; columns follow TONE_MARKS. TCVN3 has no upper-case toned letters
// (they come from a separate upper-case font using the same codes), so those decode lower-case.
const TCVN3_ROWS: readonly string[] = [
  'a¸µ¶·¹', '¨¾»¼½Æ', '©ÊÇÈÉË', 'eÐÌÎÏÑ', 'ªÕÒÓÔÖ', 'iÝ×ØÜÞ',
  'oãßáâä', '«èåæçé', '¬íêëìî', 'uóïñòô', '\u00adøõö÷ù', 'yýúûüþ',
];
const TCVN3_UPPER: Record<string, string> = { '¡': 'Ă', '¢': 'Â', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư', '§': 'Đ', '®': 'đ' };

/** TCVN3 code (as a Latin-1 character) → Unicode letter. */
export const TCVN3_TO_UNICODE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  VOWELS.forEach((v, row) => {
    const codes = TCVN3_ROWS[row] ?? '';
    for (let tone = 0; tone < 6; tone++) {
      const code = codes[tone];
      if (code !== undefined && code !== v.base) map.set(code, compose(v.base, v.mod, tone));
    }
  });
  for (const [code, letter] of Object.entries(TCVN3_UPPER)) map.set(code, letter);
  return map;
})();

// ---------------------------------------------------------------- VNI

const VNI_PLAIN_TONES = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
const VNI_CIRC_TONES = ['â', 'á', 'à', 'å', 'ã', 'ä'];
const VNI_BREVE_TONES = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
const VNI_I = ['i', 'í', 'ì', 'æ', 'ó', 'ò'];

/** Lower-case VNI spelling of one letter; upper case is the same string upper-cased. */
function vniSpelling(base: string, mod: Modifier, tone: number): string {
  if (base === 'i') return VNI_I[tone] ?? 'i';
  if (mod === 'horn') return (base === 'o' ? 'ô' : 'ö') + (VNI_PLAIN_TONES[tone] ?? '');
  if (mod === 'circ') return base + (VNI_CIRC_TONES[tone] ?? '');
  if (mod === 'breve') return base + (VNI_BREVE_TONES[tone] ?? '');
  if (base === 'y' && tone === 5) return 'yî';
  return base + (VNI_PLAIN_TONES[tone] ?? '');
}

/** VNI sequence (1–2 Latin-1 characters) → Unicode letter, both cases. */
export const VNI_TO_UNICODE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const v of VOWELS) {
    for (let tone = 0; tone < 6; tone++) {
      if (v.mod === 'none' && tone === 0) continue;
      const lower = vniSpelling(v.base, v.mod, tone);
      const letter = compose(v.base, v.mod, tone);
      const upperLetter = letter.toUpperCase();
      map.set(lower, letter);
      map.set(lower.toUpperCase(), upperLetter);
      if (lower.length === 2) {
        // Title-case and sloppy all-caps text mix the case of base and mark.
        map.set(lower[0]!.toUpperCase() + lower[1]!, upperLetter);
        if (!map.has(lower[0]! + lower[1]!.toUpperCase())) map.set(lower[0]! + lower[1]!.toUpperCase(), letter);
      }
    }
  }
  map.set('ñ', 'đ');
  map.set('Ñ', 'Đ');
  // Some VNI fonts spell nặng on y like on other vowels.
  if (!map.has('yï')) map.set('yï', 'ỵ');
  if (!map.has('YÏ')) map.set('YÏ', 'Ỵ');
  return map;
})();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const VNI_PATTERN = new RegExp(
  [...VNI_TO_UNICODE.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'),
  'g',
);
const TCVN3_PATTERN = new RegExp(`[${[...TCVN3_TO_UNICODE.keys()].map(escapeRegExp).join('')}]`, 'g');

// ---------------------------------------------------------------- VIQR

const VIQR_TONES: Record<string, number> = { "'": 1, '`': 2, '?': 3, '~': 4, '.': 5 };
const VIQR_MODS: Record<string, Modifier> = { '^': 'circ', '(': 'breve', '+': 'horn', '*': 'horn' };
const VIQR_MOD_ALLOWED: Record<Modifier, string> = { none: 'aeiouy', circ: 'aeo', breve: 'a', horn: 'ou' };

// One vowel with optional modifier and tone, an escaped mark, or dd/DD at a syllable start.
const VIQR_PATTERN = /\\([\^(+*'`?~.])|(?<![A-Za-z])(dd|DD|Dd|dD)|([aeiouyAEIOUY])([\^(+*])?(['`?~.])?/g;

function convertViqr(text: string): string {
  return text.replace(VIQR_PATTERN, (whole, escaped: string | undefined, dd: string | undefined,
    base: string | undefined, modChar: string | undefined, toneChar: string | undefined, offset: number) => {
    if (escaped !== undefined) return escaped;
    if (dd !== undefined) return dd[0] === 'D' ? 'Đ' : 'đ';
    if (base === undefined) return whole;
    const lowerBase = base.toLowerCase();
    let mod: Modifier = 'none';
    let literalMod = '';
    if (modChar !== undefined) {
      const m = VIQR_MODS[modChar] ?? 'none';
      if (VIQR_MOD_ALLOWED[m].includes(lowerBase)) mod = m;
      else literalMod = modChar;
    }
    let tone = 0;
    let literalTone = '';
    if (toneChar !== undefined) {
      if (literalMod === '' && isViqrTone(text, toneChar, offset + whole.length)) tone = VIQR_TONES[toneChar] ?? 0;
      else literalTone = toneChar;
    }
    const letter = compose(lowerBase, mod, tone);
    return (base === lowerBase ? letter : letter.toUpperCase()) + literalMod + literalTone;
  });
}

/** "?" and "." are also punctuation: they are tones inside a word or before a lower-case word. */
function isViqrTone(text: string, toneChar: string, next: number): boolean {
  if (toneChar !== '?' && toneChar !== '.') return true;
  const c = text[next];
  if (c === undefined) return false;
  if (/[A-Za-z]/.test(c)) return true;
  if (c !== ' ') return false;
  const after = text[next + 1];
  return after !== undefined && /[a-zđ]/.test(after);
}

// ---------------------------------------------------------------- conversion

/** Converts text written in a legacy encoding into Unicode NFC. */
export function convertLegacy(text: string, encoding: LegacyEncoding): string {
  if (encoding === 'tcvn3') return text.replace(TCVN3_PATTERN, (c) => TCVN3_TO_UNICODE.get(c) ?? c).normalize('NFC');
  if (encoding === 'vni') return text.replace(VNI_PATTERN, (c) => VNI_TO_UNICODE.get(c) ?? c).normalize('NFC');
  return convertViqr(text).normalize('NFC');
}

// ---------------------------------------------------------------- detection

const NUCLEI = 'a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê '
  + 'oai oay oeo uây uôi uya uyê uyu ươi ươu iêu yêu';
const SYLLABLE = new RegExp(`^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?(${NUCLEI.split(' ').sort((a, b) => b.length - a.length).join('|')})(ch|ng|nh|[cmnpt])?$`);
const TONE_COMBINING = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** True for a well-formed Vietnamese syllable with at most one tone. */
export function isVietnameseSyllable(word: string): boolean {
  const d = word.toLowerCase().normalize('NFD');
  const tones = d.match(TONE_COMBINING);
  if (tones !== null && tones.length > 1) return false;
  return SYLLABLE.test(d.replace(TONE_COMBINING, '').normalize('NFC'));
}

// Words made of ASCII and Latin-1 letters (plus the Latin-1 symbols TCVN3 uses for letters).
// (Simple runs filtered afterwards: a pattern that demands one Latin-1 letter inside a run
// backtracks quadratically over long ASCII runs.)
const LATIN1_WORD = /[A-Za-z\u00A1-\u00FF]+/g;
const HAS_LATIN1 = /[\u00A1-\u00FF]/;
const VIQR_WORD = /[A-Za-z][A-Za-z^(+*'`?~.]*/g;
const VIQR_SIGNAL = /[aeiouyAEIOUY][\^(+*]|[aeiouyAEIOUY][`~]|^(?:dd|DD|Dd)[aeiouyAEIOUY]|[aeiouyAEIOUY]['?.][a-z]/;
const VIETNAMESE_UNICODE = /[ăđĩũơưĂĐĨŨƠƯ\u1EA0-\u1EF9]/g;
const WORD = /[^\s<>]+/g;

export interface LegacyStats {
  words: number;
  unicodeVietnamese: number;
  tcvn3: number;
  vni: number;
  viqr: number;
}

/** Counts, per encoding, the words that turn into valid Vietnamese syllables when converted. */
export function legacyStats(text: string): LegacyStats {
  const stats: LegacyStats = { words: 0, unicodeVietnamese: 0, tcvn3: 0, vni: 0, viqr: 0 };
  stats.words = countMatches(text, WORD);
  stats.unicodeVietnamese = countMatches(text, VIETNAMESE_UNICODE);
  for (const m of text.matchAll(LATIN1_WORD)) {
    const w = m[0];
    if (w.length > 12 || !HAS_LATIN1.test(w)) continue;
    const t = convertLegacy(w, 'tcvn3');
    if (t !== w && isVietnameseSyllable(t)) stats.tcvn3++;
    const v = convertLegacy(w, 'vni');
    if (v !== w && isVietnameseSyllable(v)) stats.vni++;
  }
  if (/[\^`~+(]|dd/i.test(text)) {
    for (const m of text.matchAll(VIQR_WORD)) {
      const w = m[0].replace(/[?.']+$/, (tail) => tail.slice(0, 1));
      if (w.length > 14 || !VIQR_SIGNAL.test(w)) continue;
      const q = convertViqr(w).normalize('NFC');
      if (q !== w && isVietnameseSyllable(q.replace(/[.?]$/, ''))) stats.viqr++;
    }
  }
  return stats;
}

function countMatches(text: string, re: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(re)) n++;
  return n;
}

function decide(stats: LegacyStats, minCount: number): LegacyEncoding | null {
  const candidates: [LegacyEncoding, number][] = [['tcvn3', stats.tcvn3], ['vni', stats.vni], ['viqr', stats.viqr]];
  candidates.sort((a, b) => b[1] - a[1]);
  const [best, count] = candidates[0]!;
  const second = candidates[1]![1];
  // Vietnamese prose has a diacritic on well over a third of its syllables; French or
  // English with a stray "où" or "né" stays far below a tenth.
  if (count < minCount || count < stats.words * 0.08) return null;
  if (count < second * 1.5) return null;
  // Real Unicode Vietnamese around it: the legacy part must still be a substantial share.
  if (count < stats.unicodeVietnamese * 0.25) return null;
  return best;
}

// Characters that TCVN3 or VNI text is full of and that no Unicode Vietnamese text uses:
// TCVN3 letter codes on Latin-1 symbols (¸ µ ® \u00AD …) and VNI tone marks (ø ö ñ ï û ä å æ ë).
const LEGACY_SIGNAL = /[¸µ¶·¹®§\u00AD¨©ª«¬»¼½¾øöñïûäåæë]/g;
const VIQR_QUICK = /[aeiouyAEIOUY][\^(+*`~]|(?:^|\s)dd[aeiouy]/g;

/** Cheap first look: most pages have none of the signal characters and need no word analysis. */
function mayBeLegacy(text: string): boolean {
  let n = 0;
  for (const _ of text.matchAll(LEGACY_SIGNAL)) if (++n >= 3) return true;
  n = 0;
  for (const _ of text.matchAll(VIQR_QUICK)) if (++n >= 3) return true;
  return false;
}

/** Which legacy encoding the text is written in, or null for Unicode (or any other language). */
export function detectLegacyEncoding(text: string): LegacyEncoding | null {
  if (text.length === 0) return null;
  const visible = visibleText(text);
  if (!mayBeLegacy(visible)) return null;
  return decide(legacyStats(visible), 3);
}

// ---------------------------------------------------------------- repair

const LATIN1_ENTITY_NAMES = ('iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 '
  + 'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig '
  + 'Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave '
  + 'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave '
  + 'iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml').split(' ');
const LATIN1_ENTITIES = new Map(LATIN1_ENTITY_NAMES.map((name, i) => [name, String.fromCharCode(0xa1 + i)]));
const ENTITY = /&(?:#(\d{2,3})|#x([0-9a-fA-F]{2})|([A-Za-z][A-Za-z0-9]{1,7}));/g;

/** Legacy pages often write their Latin-1 codes as entities (&shy; &#167;): bring them back first. */
function decodeLatin1Entities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    const code = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : -1;
    if (code >= 0xa1 && code <= 0xff) return String.fromCharCode(code);
    if (name !== undefined) return LATIN1_ENTITIES.get(name) ?? whole;
    return whole;
  });
}

const TAG_OR_RAW = /<(script|style|noscript|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<[^>]*>/gi;

/** Text outside tags, scripts and styles: what a reader sees (plain text is returned as is). */
function visibleText(text: string): string {
  if (!looksLikeHtml(text)) return text;
  return text.replace(TAG_OR_RAW, '\n');
}

function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|head|div|p|span|meta|br|table|a)\b/i.test(text.slice(0, 20000));
}

/** Applies fn to every text run between tags (or every line of plain text). */
function mapTextRuns(text: string, fn: (run: string) => string): string {
  if (!looksLikeHtml(text)) return text.split('\n').map(fn).join('\n');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TAG_OR_RAW)) {
    out += fn(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + fn(text.slice(last));
}

const URL_LIKE = /https?:\/\/|www\.|\.(?:com|vn|net|org|html?|php|aspx?)\b|@/;

/**
 * Finds a legacy encoding and converts it. On a page that mixes Unicode (the site's template)
 * with a legacy article, only runs that carry no Unicode Vietnamese and look legacy are converted.
 */
export function repairLegacyEncoding(text: string): { text: string; encoding: LegacyEncoding | null } {
  const encoding = detectLegacyEncoding(text);
  if (encoding === null) return { text, encoding: null };
  const wholeStats = legacyStats(visibleText(text));
  const mixed = wholeStats.unicodeVietnamese > 0;
  const convertRun = (run: string): string => {
    if (run.trim() === '') return run;
    const prepared = encoding === 'viqr' ? run : decodeLatin1Entities(run);
    if (mixed) {
      const s = legacyStats(prepared);
      if (s.unicodeVietnamese > 0 || s[encoding] === 0) return run;
    }
    if (encoding !== 'viqr') return convertLegacy(prepared, encoding);
    // Keep URLs and addresses intact: their dots and question marks are not tones.
    let out = '';
    let plain = '';
    for (const piece of prepared.split(/(\s+)/)) {
      if (URL_LIKE.test(piece)) {
        out += convertLegacy(plain, 'viqr') + piece;
        plain = '';
      } else {
        plain += piece;
      }
    }
    return out + convertLegacy(plain, 'viqr');
  };
  return { text: mapTextRuns(text, convertRun), encoding };
}

// ---------------------------------------------------------------- UTF-8 read as Latin-1

// UTF-8 bytes decoded one byte a character, as Latin-1 or Windows-1252: "NgÆ°á»i dÃ¢n" for
// "Người dân". Facebook's data exports write every post this way, and so do pages served with
// the wrong charset. Its trace is a UTF-8 lead byte's character followed by as many characters
// of the continuation range 80–BF as the lead announces (a Vietnamese letter is C3–C6 + 1 or
// E1 BA/BB + 1, a curly quote E2 + 2, an emoji F0 + 3).
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const CONTINUATION = `[\u0080-\u00BF${CP1252_HIGH}]`;
const UTF8_SEQUENCE = `[\u00C2-\u00DF]${CONTINUATION}|[\u00E0-\u00EF]${CONTINUATION}{2}|[\u00F0-\u00F4]${CONTINUATION}{3}`;
const MOJIBAKE_TRACE = new RegExp(UTF8_SEQUENCE);
// Words: runs without white space, where U+00A0 is not white space but the second byte of "à".
const WORD_RUN = /[^\t\n\v\f\r \u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes a run of Latin-1 / Windows-1252 characters stands for, or null when it is not one. */
function bytesOf(run: string): Uint8Array | null {
  const bytes = new Uint8Array(run.length);
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c <= 0xff) bytes[i] = c;
    else {
      const k = CP1252_HIGH.indexOf(run[i]!);
      if (k < 0) return null;
      bytes[i] = 0x80 + k;
    }
  }
  return bytes;
}

/**
 * Brings back UTF-8 text that was read as Latin-1 or Windows-1252, word by word: a word is
 * replaced only when its characters are all single bytes that form valid UTF-8, which ordinary
 * text of any language practically never does ("café" is not; "cafÃ©" is).
 */
export function repairMojibake(text: string): { text: string; repaired: boolean } {
  if (!MOJIBAKE_TRACE.test(text)) return { text, repaired: false };
  let repaired = false;
  const out = text.replace(WORD_RUN, (run) => {
    if (!MOJIBAKE_TRACE.test(run)) return run;
    const bytes = bytesOf(run);
    if (bytes === null) return run;
    try {
      const decoded = strictUtf8.decode(bytes);
      repaired = true;
      return decoded;
    } catch {
      return run;
    }
  });
  return { text: repaired ? out.normalize('NFC') : text, repaired };
}

// ---------------------------------------------------------------- HTML entities in plain text

// Exports of CMSs and social tools often hand over text still HTML-escaped: "Ng&#432;&#7901;i
// d&acirc;n". Only complete entities (with their ";") are decoded, so "AT&T" or "&notebook" stay.
const ENTITY_TRACE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

/** Decodes the HTML entities of a plain text. */
export function decodeEntities(text: string): { text: string; decoded: boolean } {
  if (!ENTITY_TRACE.test(text)) return { text, decoded: false };
  const out = decodeHTMLStrict(text);
  return { text: out, decoded: out !== text };
}

/** How garbled text was repaired: a legacy font encoding, UTF-8 read as Latin-1, or HTML escaping. */
export type GarbledEncoding = LegacyEncoding | 'utf-8-as-latin-1' | 'html-entities';

/**
 * Repairs the ways text arrives garbled, in the order they happen to it: HTML entities, then
 * UTF-8 read as Latin-1, then a legacy Vietnamese font encoding.
 */
export function repairGarbledText(text: string): { text: string; encoding: GarbledEncoding | null } {
  const unescaped = decodeEntities(text);
  const unmojibaked = repairMojibake(unescaped.text);
  const legacy = repairLegacyEncoding(unmojibaked.text);
  const encoding = legacy.encoding ?? (unmojibaked.repaired ? 'utf-8-as-latin-1' : unescaped.decoded ? 'html-entities' : null);
  return { text: legacy.text, encoding };
}

// ---------------------------------------------------------------- encoders (tests, fixtures)

function letterParts(letter: string): { base: string; mod: Modifier; tone: number; upper: boolean } | null {
  const upper = letter !== letter.toLowerCase();
  const d = letter.toLowerCase().normalize('NFD');
  const base = d[0] ?? '';
  if (!/[aeiouy]/.test(base)) return null;
  let mod: Modifier = 'none';
  let tone = 0;
  for (const c of d.slice(1)) {
    const t = TONE_MARKS.indexOf(c as (typeof TONE_MARKS)[number]);
    if (t > 0) tone = t;
    else if (c === '\u0302') mod = 'circ';
    else if (c === '\u0306') mod = 'breve';
    else if (c === '\u031B') mod = 'horn';
    else return null;
  }
  return { base, mod, tone, upper };
}

/** Writes Unicode Vietnamese in a legacy encoding (the inverse of convertLegacy). */
export function encodeLegacy(text: string, encoding: LegacyEncoding): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (ch === 'đ' || ch === 'Đ') {
      const upper = ch === 'Đ';
      out += encoding === 'tcvn3' ? (upper ? '§' : '®') : encoding === 'vni' ? (upper ? 'Ñ' : 'ñ') : (upper ? 'DD' : 'dd');
      continue;
    }
    const p = letterParts(ch);
    if (p === null || (p.mod === 'none' && p.tone === 0)) {
      out += ch;
      continue;
    }
    const row = VOWELS.findIndex((v) => v.base === p.base && v.mod === p.mod);
    if (encoding === 'tcvn3') {
      const code = TCVN3_ROWS[row]?.[p.tone] ?? ch;
      const upperPlain = p.upper && p.tone === 0
        ? Object.entries(TCVN3_UPPER).find(([, l]) => l === ch)?.[0]
        : undefined;
      out += upperPlain ?? code;
    } else if (encoding === 'vni') {
      const s = vniSpelling(p.base, p.mod, p.tone);
      out += p.upper ? s.toUpperCase() : s;
    } else {
      const mod = p.mod === 'circ' ? '^' : p.mod === 'breve' ? '(' : p.mod === 'horn' ? '+' : '';
      const tone = ['', "'", '`', '?', '~', '.'][p.tone] ?? '';
      out += (p.upper ? p.base.toUpperCase() : p.base) + mod + tone;
    }
  }
  return out;
}
