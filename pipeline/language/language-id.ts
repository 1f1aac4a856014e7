// Language identification (DESIGN §6 "Tag: language"). Runs on every post, so it is one pass over
// the characters with table look-ups, no regular expressions and no allocation per word.
//
// Evidence, strongest first:
// - the script (Han, kana, Hangul, Thai, Lao, Khmer, Cyrillic, …) decides non-Latin text;
// - letters only Vietnamese uses (đ ă ơ ư ĩ ũ and the stacked-mark vowels ạ ả ấ ầ … ỹ);
// - for Latin text without marks, which share of the words are common function words/syllables
//   of each language, and which share of the words are well-formed Vietnamese syllables
//   (onset + vowel nucleus + coda): unaccented Vietnamese ("ko biet dc gi ca") is nearly all
//   well-formed syllables, English is not ("and", "of", "with", "this").

export interface LanguageGuess {
  /** ISO 639-1 code, or 'und' when there is too little text to tell. */
  lang: string;
  /** 0..1; a rough belief, not a calibrated probability. */
  confidence: number;
}

// Latin letters: folded ASCII letter and flags for the languages whose marks they are.
const VI_ONLY = 1;
const VI_SHARED = 2;
const FR_MARK = 4;
const DE_MARK = 8;
const ES_MARK = 16;

const LATIN_END = 0x1f00;
const FOLD = new Uint8Array(LATIN_END);
const FLAGS = new Uint8Array(LATIN_END);
{
  for (let c = 65; c <= 90; c++) FOLD[c] = c + 32;
  for (let c = 97; c <= 122; c++) FOLD[c] = c;
  const ranges: Array<[number, number]> = [[0xc0, 0x24f], [0x1e00, 0x1eff]];
  for (const [from, to] of ranges) {
    for (let c = from; c <= to; c++) {
      const base = String.fromCharCode(c).normalize('NFD').toLowerCase().charCodeAt(0);
      if (base >= 97 && base <= 122) FOLD[c] = base;
    }
  }
  const special: Array<[string, string]> = [['đĐ', 'd'], ['ßẞ', 's'], ['œŒøØ', 'o'], ['æÆ', 'a']];
  for (const [chars, base] of special) for (const ch of chars) FOLD[ch.charCodeAt(0)] = base.charCodeAt(0);
  const mark = (chars: string, flag: number): void => {
    for (const ch of chars) {
      const lower = ch.charCodeAt(0);
      const upper = ch.toUpperCase().charCodeAt(0);
      FLAGS[lower] = (FLAGS[lower] as number) | flag;
      FLAGS[upper] = (FLAGS[upper] as number) | flag;
    }
  };
  mark('đăơưĩũ', VI_ONLY);
  for (let c = 0x1ea0; c <= 0x1ef9; c++) FLAGS[c] = (FLAGS[c] as number) | VI_ONLY;
  mark('àáâãèéêìíòóôõùúý', VI_SHARED);
  mark('çëîïûœæÿ', FR_MARK);
  mark('äöüß', DE_MARK);
  mark('ñ', ES_MARK);
}

// Word lists, diacritic-folded. Each word sets one bit per language that uses it a lot.
const VI = 1;
const EN = 2;
const FR = 4;
const DE = 8;
const ES = 16;
const ID = 32;
const LANG_BITS: Array<[number, string]> = [[VI, 'vi'], [EN, 'en'], [FR, 'fr'], [DE, 'de'], [ES, 'es'], [ID, 'id']];

const WORD_LISTS: Array<[number, string]> = [
  [VI, `khong ko k kh hok dc j r mn mng vs cx bt ntn ng nc bn ck vk oy thik iu nhiu lun mk ad ak uk ib z
    duoc cua va la co nguoi nay cac cho voi nhung mot trong da nhieu lam di ve thi ma roi cung con cai gi
    sao vay nhu nao khi den tu ra vao len xuong rat qua lai nua chi dang se phai biet muon thay noi hoi
    ngay nam thang nha dan xa huyen tinh viet tien dat duong cong toi ban minh anh em ong ba chung ho ai
    day kia thoi nhe oi ha u cam on xin chao moi hay tot dep xau lon nho cu cao thap nhanh cham vui buon
    yeu thuong giup tim hieu can nen thu xem nghe doc hoc choi uong ngu chet song benh vien truong mua gia
    bao luc gio phut hom mai sang chieu dem nuoc dien thoai xe tau chinh quyen uy nhan canh sat giao thong
    tai nan lu lut chay luong thue phi dong nghin trieu ty van de viec chuyen tin bai binh phuoc xoai thanh
    pho quan phuong tran ap thon khu vuc vi neu hoac deu chua gio tung sap vua ca het luon that su nhat
    nhin dung sai ngoai cuoc ngan hang lanh dao ke doi hon tuoi duoc nhieu kho khan tre em gi ne nhi vay
    the tao may ong mat cuoi tra lay nguoi kien ho tro xay dung ket qua bi cau hoi tra loi`],
  [EN, `the of and to a in is it you that he was for on are as with his they i at be this have from or one
    had by but not what all were we when your can said there an each which she do how their if will up
    other about out many then them these so some her would make like him into time has look two more go
    see no way could people my than first been who its now did get come made may our just very me should
    because does don t s am being here today really please thank thanks good great new news after over
    also only any most where why well know think want need us much even still year years day government
    police province those such while between through during before under again against own same off
    yes hello hi got let going every never always something nothing everyone anyone welcome city love
    home back best last long little world life work school family friends help free check follow link
    sale shop order online video photo share comment post page update call contact price buy money
    happy beautiful nice thank sorry right left old big small high low open close show place find
    give take tell ask feel try leave put mean keep start run say read write learn live stay around`],
  [FR, `le la les de des du un une et est en que qui pour dans ce cette il elle ils nous vous je pas ne sur
    au aux avec sont mais ou son sa ses par plus ete etre avoir fait comme tout tres bien aussi leur c l d
    qu s y cest merci bonjour aujourd hui chez sans notre votre peut faire`],
  [DE, `der die das und ist nicht ein eine zu den mit von sich des auf fur im dem auch es an als wie wir ich
    sie er aber bei nach noch oder hat wird sind werden war kann mehr schon nur um aus uber so dass wenn
    zum zur heute sehr ja nein danke bitte guten tag haben`],
  [ES, `el la los las de del y en que un una es por con para no se lo su al como mas pero sus le ya o este
    esta ha muy tambien hay todo ser son fue cuando donde porque estoy gracias hola bien mi tu yo`],
  [ID, `yang dan di ini itu dengan untuk tidak ada dari ke akan pada juga saya kami kita mereka sudah bisa
    atau karena lebih oleh dalam sebagai tersebut adalah telah bahwa banyak hari orang apa tapi sangat
    baru jalan terima kasih selamat pagi anda aku kamu belum masih harus`],
];

function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff; // small integer keys keep the Map fast
}

const WORD_BITS = new Map<number, number>();
for (const [bit, list] of WORD_LISTS) {
  for (const w of list.split(/\s+/)) {
    if (!w) continue;
    const h = hashWord(w);
    WORD_BITS.set(h, (WORD_BITS.get(h) ?? 0) | bit);
  }
}

// Vietnamese syllable shape on folded letters. Vowels a e i o u y are numbered 1..6 and a nucleus
// of up to three vowels is the base-7 number of its letters.
const VOWEL_NUMBER = new Uint8Array(128);
'aeiouy'.split('').forEach((v, i) => (VOWEL_NUMBER[v.charCodeAt(0)] = i + 1));
const NUCLEI = new Uint8Array(7 * 7 * 7);
for (const nucleus of `a e i o u y ai ao au ay eu eo ia ie iu oa oe oi oo ua ue ui uo uu uy ye oai oay oeo
  uay uoi uou uya uye uyu ieu yeu`.split(/\s+/)) {
  let code = 0;
  for (const v of nucleus) code = code * 7 + (VOWEL_NUMBER[v.charCodeAt(0)] as number);
  NUCLEI[code] = 1;
}

const C = 99, G = 103, H = 104, I = 105, K = 107, M = 109, N = 110, P = 112, Q = 113, R = 114, T = 116, U = 117;

function isVowel(c: number | undefined): boolean {
  return c !== undefined && c < 128 && (VOWEL_NUMBER[c] as number) > 0;
}

/** True when the folded letters form one Vietnamese syllable (onset, nucleus, coda). */
function isVietnameseSyllable(buf: Uint8Array, len: number): boolean {
  const c0 = buf[0] as number;
  const c1 = len > 1 ? (buf[1] as number) : 0;
  let p = 0;
  if (!isVowel(c0)) {
    switch (c0) {
      case N: p = c1 === G ? (len > 2 && buf[2] === H ? 3 : 2) : c1 === H ? 2 : 1; break;
      case C: case K: case P: p = c1 === H ? 2 : 1; break;
      case G: p = c1 === H ? 2 : c1 === I && isVowel(buf[2]) && len > 2 ? 2 : 1; break;
      case Q: if (c1 !== U) return false; p = 2; break;
      case T: p = c1 === H || c1 === R ? 2 : 1; break;
      case 98: case 100: case H: case 108: case M: case R: case 115: case 118: case 120: p = 1; break;
      default: return false;
    }
  }
  let code = 0;
  let vowels = 0;
  while (p < len && isVowel(buf[p])) {
    code = code * 7 + (VOWEL_NUMBER[buf[p] as number] as number);
    vowels++;
    p++;
  }
  if (vowels === 0 || vowels > 3 || NUCLEI[code] !== 1) return false;
  const rest = len - p;
  if (rest === 0) return true;
  const d0 = buf[p] as number;
  if (rest === 1) return d0 === C || d0 === M || d0 === N || d0 === P || d0 === T;
  if (rest === 2) {
    const d1 = buf[p + 1] as number;
    return (d0 === C && d1 === H) || (d0 === N && (d1 === G || d1 === H));
  }
  return false;
}

// Non-Latin scripts, by code range.
type Script = 'zh' | 'kana' | 'ko' | 'th' | 'lo' | 'km' | 'ru' | 'uk' | 'ar' | 'hi' | 'el' | 'he' | 'my';
function scriptOf(c: number): Script | null {
  if (c < 0x370) return null;
  if (c >= 0x4e00 && c <= 0x9fff) return 'zh';
  if (c >= 0x3400 && c <= 0x4dbf) return 'zh';
  if (c >= 0x3040 && c <= 0x30ff) return 'kana';
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return 'ko';
  if (c >= 0x0e00 && c <= 0x0e7f) return 'th';
  if (c >= 0x0e80 && c <= 0x0eff) return 'lo';
  if (c >= 0x1780 && c <= 0x17ff) return 'km';
  if (c >= 0x0400 && c <= 0x04ff) return c === 0x456 || c === 0x457 || c === 0x454 || c === 0x491 ? 'uk' : 'ru';
  if (c >= 0x0600 && c <= 0x06ff) return 'ar';
  if (c >= 0x0900 && c <= 0x097f) return 'hi';
  if (c >= 0x0370 && c <= 0x03ff) return 'el';
  if (c >= 0x0590 && c <= 0x05ff) return 'he';
  if (c >= 0x1000 && c <= 0x109f) return 'my';
  return null;
}
// How many characters of a script make one "word" of evidence (Han: one, Thai: about four).
const CHARS_PER_WORD: Record<Script, number> = {
  zh: 1.5, kana: 2, ko: 2.5, th: 4, lo: 4, km: 4, ru: 5, uk: 5, ar: 5, hi: 5, el: 5, he: 5, my: 4,
};

const BUF = new Uint8Array(32);
const MAX_CHARS = 4000; // a post's first few thousand characters are plenty and keep the cost bounded

interface Counts {
  words: number;
  syllables: number;
  viOnly: number;
  viShared: number;
  fr: number;
  de: number;
  es: number;
  hits: number[]; // per LANG_BITS entry
}

/** Guesses the language of a post; 'und' when there is too little text to tell. */
export function detectLanguage(text: string): LanguageGuess {
  if (!text) return { lang: 'und', confidence: 0 };
  let t = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  // Decomposed marks (from some keyboards and PDFs) are composed first so the tables see letters.
  if (hasCombiningMark(t)) t = t.normalize('NFC');

  const counts: Counts = { words: 0, syllables: 0, viOnly: 0, viShared: 0, fr: 0, de: 0, es: 0, hits: [0, 0, 0, 0, 0, 0] };
  const scripts = new Map<Script, number>();
  let len = 0;
  let hash = 0x811c9dc5;
  let flags = 0;
  const n = t.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? t.charCodeAt(i) : 32;
    const f = c < LATIN_END ? (FOLD[c] as number) : 0;
    if (f !== 0) {
      if (len < BUF.length) BUF[len] = f;
      len++;
      hash = Math.imul(hash ^ f, 0x01000193);
      flags |= FLAGS[c] as number;
      continue;
    }
    if (len > 0) {
      countWord(counts, len, hash & 0x3fffffff, flags);
      len = 0;
      hash = 0x811c9dc5;
      flags = 0;
    }
    if (c === 0xbf || c === 0xa1) counts.es++;
    const s = scriptOf(c);
    if (s) scripts.set(s, (scripts.get(s) ?? 0) + 1);
  }
  return decide(counts, scripts);
}

function hasCombiningMark(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x300 && c <= 0x36f) return true;
  }
  return false;
}

function countWord(counts: Counts, len: number, hash: number, flags: number): void {
  counts.words++;
  if (flags & VI_ONLY) counts.viOnly++;
  else if (flags & VI_SHARED) counts.viShared++;
  if (flags & FR_MARK) counts.fr++;
  if (flags & DE_MARK) counts.de++;
  if (flags & ES_MARK) counts.es++;
  if (len <= BUF.length && isVietnameseSyllable(BUF, len)) counts.syllables++;
  const bits = WORD_BITS.get(hash);
  if (bits !== undefined) {
    for (let b = 0; b < LANG_BITS.length; b++) if (bits & (LANG_BITS[b] as [number, string])[0]) (counts.hits[b] as number)++;
  }
}

function decide(counts: Counts, scripts: Map<Script, number>): LanguageGuess {
  // The script with the most evidence, Latin words included.
  let bestScript: Script | null = null;
  let bestScriptWords = 0;
  let kana = 0;
  let han = 0;
  for (const [s, chars] of scripts) {
    if (s === 'kana') kana = chars;
    if (s === 'zh') han = chars;
    const words = chars / CHARS_PER_WORD[s];
    if (words > bestScriptWords) {
      bestScript = s;
      bestScriptWords = words;
    }
  }
  // Japanese mixes kana and Han; any real share of kana means Japanese.
  if ((bestScript === 'zh' || bestScript === 'kana') && kana > 0 && kana >= 0.1 * (kana + han)) {
    bestScript = 'kana';
    bestScriptWords = (kana + han) / 1.7;
  }
  const w = counts.words;
  if (bestScript && bestScriptWords >= w) {
    const lang = bestScript === 'kana' ? 'ja' : bestScript;
    if (bestScriptWords < 1) return { lang: 'und', confidence: 0 };
    const share = bestScriptWords / (bestScriptWords + w);
    return { lang, confidence: round(Math.min(0.99, share * lengthFactor(bestScriptWords))) };
  }
  if (w === 0) return { lang: 'und', confidence: 0 };

  const hits = counts.hits;
  const viMarked = (counts.viOnly + 0.3 * counts.viShared) / w;
  const syllableShare = counts.syllables / w;
  const scores = [
    // vi: marks only Vietnamese uses, common syllables, and well-formed syllables.
    3 * viMarked + (hits[0] as number) / w + Math.max(0, syllableShare - 0.6) * 1.5,
    1.3 * (hits[1] as number) / w + Math.max(0, 0.8 - syllableShare) * 0.4,
    1.3 * (hits[2] as number) / w + (3 * counts.fr) / w,
    1.3 * (hits[3] as number) / w + (3 * counts.de) / w,
    1.3 * (hits[4] as number) / w + (3 * counts.es) / w,
    1.3 * (hits[5] as number) / w,
  ];
  let best = 0;
  let second = -1;
  for (let i = 1; i < scores.length; i++) {
    if ((scores[i] as number) > (scores[best] as number)) {
      second = best;
      best = i;
    } else if (second < 0 || (scores[i] as number) > (scores[second] as number)) second = i;
  }
  const top = scores[best] as number;
  const runnerUp = Math.max(0, scores[second] as number);
  // One unmarked word ("ok", "haha") or no recognisable evidence: too little to tell.
  if (top < 0.25 || (w < 2 && counts.viOnly === 0)) return { lang: 'und', confidence: 0 };
  const margin = (top - runnerUp) / top;
  return {
    lang: (LANG_BITS[best] as [number, string])[1],
    confidence: round(Math.min(0.99, (0.5 + 0.5 * margin) * lengthFactor(w))),
  };
}

/** Short texts earn less confidence: 1 word → 0.55, 5 words → 0.85, 10+ → ~1. */
function lengthFactor(words: number): number {
  return 1 - 0.5 * Math.exp(-words / 4);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
