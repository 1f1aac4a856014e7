// Place mentions: finds the province's communes and wards in a text, under their new (1 July
// 2025) names and the old names people keep using (Bù Đăng, TP Đồng Xoài, tỉnh Bình Phước …).
//
// How a mention resolves:
// - a new unit's name resolves to that unit (old: false);
// - an old unit that went whole into exactly one new unit resolves to that new unit, keeping the
//   old name (old: true, oldName) — "tỉnh Bình Phước" → Đồng Nai, "phường Tân Thiện" → phường Bình Phước;
// - an old unit spread over several new units (every old district, a few communes) resolves to
//   itself (level 'old-district' / 'old-commune', old: true) with `successors` listing the new
//   units: saying "huyện Bù Đăng" names the whole former district, and picking one of its six
//   successor communes would be a guess.
// - a bare name that is both an old district and a new unit ("Bù Đăng", "Đồng Xoài", "Chơn Thành")
//   is read as the old district, the broader and far more common meaning; "xã Bù Đăng" /
//   "phường Đồng Xoài" name the new unit.
// - when a name and its unit word fit both a current and an old unit ("phường An Lộc"), the
//   current one wins.
//
// Ambiguity: names marked `needsContext` in the gazetteer (ordinary phrases like "Thống Nhất",
// names shared with units elsewhere like "Tân Phú", "Đường 10") count without a unit word only
// when another place of the same area is mentioned within CONTEXT_WINDOW characters; ordinary
// phrases must also be written with capitals then. Otherwise they are left out.
//
// Namesakes elsewhere: the gazetteer also lists every other province and the communes and wards
// elsewhere whose names hold one of ours (old and new). A mention of one resolves to nothing, and
// it wins over ours when it is the longer name ("Hiệp Bình Phước" is not Bình Phước), when it has
// its unit word and ours does not ("tỉnh Long An" is not our old commune Long An), or, bare, when
// it is a province and ours only a commune ("Long An"). A commune or ward of ours followed
// directly by a district or province elsewhere is that namesake: "xã Thạnh Phú (huyện Mỹ
// Xuyên)", "phường Tân Phú (quận 7)", "xã Phú Túc (Châu Thành, Bến Tre)" (a district elsewhere
// is a unit word or an opening parenthesis, then a capitalised name that is not ours). A bare
// name must be cased as a name: every syllable capitalised, or none ("anh Xuân bảo").
//
// Matching works on syllables: the text is cut into letter/digit runs, each run folded
// (lower-case, no diacritics) and looked up in a trie of alias syllables. When the text is
// written with diacritics the match must also agree on diacritics (tone placement hoà/hòa is
// normalised), so an unaccented "Bu Dang" in an accented text is not Bù Đăng.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fold } from './fold.ts';

export const DEFAULT_GAZETTEER_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/gazetteer.json');

const LEVELS = ['province', 'ward', 'commune', 'special-zone', 'old-province', 'old-district', 'old-commune'] as const;
export type PlaceLevel = (typeof LEVELS)[number];

const GazetteerEntrySchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  fullName: z.string().min(1),
  level: z.enum(LEVELS),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug of lower-case letters, digits and single hyphens'),
  aliases: z.array(z.string().min(1)),
  successors: z.array(z.string()).optional(),
  inFocus: z.boolean(),
  parentCode: z.string().optional(),
  needsContext: z.enum(['common-phrase', 'shared-name', 'number-name']).optional(),
});

const GazetteerFileSchema = z.object({
  note: z.string().optional(),
  province: z.string(),
  focus: z.string().nullable().optional(),
  source: z.string().optional(),
  entries: z.array(GazetteerEntrySchema).min(1),
  /** Provinces elsewhere, and communes elsewhere whose names hold one of ours, by full name. */
  elsewhere: z.object({ provinces: z.array(z.string().min(1)), units: z.array(z.string().min(1)) }).optional(),
});

export type GazetteerEntry = z.infer<typeof GazetteerEntrySchema>;

export interface PlaceMention {
  /** Code of the unit the mention resolves to: a new unit's code, or "old-…" for an old unit that split. */
  code: string;
  name: string;
  level: string;
  slug: string;
  /** The text used an old name (a pre-July-2025 unit). */
  old: boolean;
  /** The old unit's name as matched, when old. */
  oldName?: string;
  /** For an old unit that split: the codes of the new units it became part of. */
  successors?: string[];
  /** The text as written, unit word included ("TP Đồng Xoài"). */
  matched: string;
  start: number;
  end: number;
}

interface Terminal {
  /** Index of the entry in the gazetteer; ELSEWHERE_PROVINCE or ELSEWHERE_UNIT for a unit outside the province. */
  entry: number;
  withUnitWord: boolean;
  /** Diacritic-exact key of the alias syllables; null when the alias may only match folded (an unaccented spelling of an accented name). */
  accentKey: string | null;
}

interface TrieNode {
  /** Null for a leaf (most nodes are). */
  next: Map<string, TrieNode> | null;
  terminals: Terminal[] | null;
}

interface EntryInfo {
  entry: GazetteerEntry;
  /** Old districts and old provinces the unit lies in, for "same area" context. */
  districts: Set<string>;
  provinces: Set<string>;
  /** Where a mention of this entry lands. */
  target: GazetteerEntry;
  isOld: boolean;
}

export interface Gazetteer {
  file: string;
  province: string;
  entries: readonly GazetteerEntry[];
  byCode: ReadonlyMap<string, GazetteerEntry>;
  bySlug: ReadonlyMap<string, GazetteerEntry>;
  /** Units outside the province, by full name: a mention of one is not ours. */
  elsewhere: { provinces: readonly string[]; units: readonly string[] };
  /** @internal matching index */
  readonly index: { root: TrieNode; away: TrieNode; info: EntryInfo[] };
}

export class GazetteerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GazetteerError';
  }
}

// ---------------------------------------------------------------------------------------------
// Characters → folded and diacritic-exact forms, by table (calling normalize() per syllable is slow)

const TONE_MARKS = new Set([0x300, 0x301, 0x303, 0x309, 0x323]);
const EXACT = new Map<number, string>(); // lower-case, decomposed, tone removed: "ồ" → "o\u0302"
const TONE = new Map<number, number>(); // code point → tone mark it carries
const OTHER_WORD_CHAR = /[\p{L}\p{N}]/u;
// Tables for the characters below TABLE_END (tokenize reads every character); the Latin letters
// and digits that fold to [a-z0-9] all lie below it.
const TABLE_END = 0x2000;
/** 0: boundary, 1: letter or digit, 2: combining mark (part of the syllable before it). */
const CLASS = new Uint8Array(TABLE_END);
/** The folded letter or digit of a Latin letter or digit, else 0. */
const FOLD_CODE = new Uint16Array(TABLE_END);
/** 1 for a letter that carries any Vietnamese diacritic. */
const IS_MARKED = new Uint8Array(TABLE_END);
/** 1 for an upper-case letter. */
const IS_UPPER = new Uint8Array(TABLE_END);
for (let cp = 0; cp < TABLE_END; cp++) {
  const ch = String.fromCharCode(cp);
  if (ch !== ch.toLowerCase()) IS_UPPER[cp] = 1;
}

function addChar(cp: number): void {
  const ch = String.fromCodePoint(cp);
  const f = fold(ch);
  if (!/^[a-z0-9]$/.test(f)) return;
  CLASS[cp] = 1;
  FOLD_CODE[cp] = f.charCodeAt(0);
  const decomposed = ch.toLowerCase().normalize('NFD');
  let base = '';
  for (const c of decomposed) {
    const m = c.codePointAt(0) ?? 0;
    if (TONE_MARKS.has(m)) TONE.set(cp, m);
    else base += c;
  }
  EXACT.set(cp, base);
  if (f !== ch.toLowerCase()) IS_MARKED[cp] = 1;
}
for (let cp = 0x30; cp <= 0x7a; cp++) addChar(cp);
for (let cp = 0xc0; cp <= 0x24f; cp++) addChar(cp);
for (let cp = 0x1e00; cp <= 0x1eff; cp++) addChar(cp);
for (let cp = 0x250; cp < TABLE_END; cp++) {
  if (CLASS[cp] === 1) continue;
  if (cp >= 0x300 && cp <= 0x36f) CLASS[cp] = 2;
  else CLASS[cp] = OTHER_WORD_CHAR.test(String.fromCharCode(cp)) ? 1 : 0;
}
const otherWordCache = new Map<number, boolean>();

function charClass(cp: number): number {
  if (cp < TABLE_END) return CLASS[cp] as number;
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  let w = otherWordCache.get(cp);
  if (w === undefined) {
    w = OTHER_WORD_CHAR.test(String.fromCharCode(cp));
    if (otherWordCache.size < 10_000) otherWordCache.set(cp, w);
  }
  return w ? 1 : 0;
}

interface Tokens {
  start: number[];
  end: number[];
  folded: string[];
  marked: boolean[];
  letters: number; // tokens holding at least one letter
}

/** Cuts text into syllables (runs of letters, digits and combining marks), each folded. */
function tokenize(text: string): Tokens {
  const t: Tokens = { start: [], end: [], folded: [], marked: [], letters: 0 };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cls = charClass(text.charCodeAt(i));
    if (cls === 0) {
      i++;
      continue;
    }
    const s = i;
    // A syllable of lower-case ASCII letters and digits is its own folded form.
    let plain = true;
    let marked = false;
    let letter = false;
    while (i < n) {
      const cp = text.charCodeAt(i);
      const c = charClass(cp);
      if (c === 0) break;
      if (c === 2) {
        marked = true;
        plain = false;
      } else if (cp < TABLE_END && FOLD_CODE[cp] !== 0) {
        const ff = FOLD_CODE[cp] as number;
        if (ff > 0x39) letter = true;
        if (ff !== cp) plain = false;
        if (IS_MARKED[cp] === 1) marked = true;
      } else {
        letter = true;
        plain = false;
      }
      i++;
    }
    let f = '';
    if (plain) f = text.slice(s, i);
    else {
      for (let k = s; k < i; k++) {
        const cp = text.charCodeAt(k);
        const c = charClass(cp);
        if (c === 2) continue;
        f += cp < TABLE_END && FOLD_CODE[cp] !== 0 ? String.fromCharCode(FOLD_CODE[cp] as number) : String.fromCharCode(cp).toLowerCase();
      }
    }
    t.start.push(s);
    t.end.push(i);
    t.folded.push(f);
    t.marked.push(marked);
    if (letter) t.letters++;
  }
  return t;
}

/** Diacritic-exact key of one syllable: letters with their vowel marks, then the tone, wherever it was written. */
function exactKey(text: string, start: number, end: number): string {
  let base = '';
  let tone = 0;
  for (let i = start; i < end; i++) {
    const cp = text.charCodeAt(i);
    if (cp >= 0x300 && cp <= 0x36f) {
      if (TONE_MARKS.has(cp)) tone = cp;
      else base += String.fromCharCode(cp);
      continue;
    }
    const e = EXACT.get(cp);
    if (e === undefined) {
      base += String.fromCharCode(cp).toLowerCase();
      continue;
    }
    base += e;
    const t = TONE.get(cp);
    if (t !== undefined) tone = t;
  }
  return tone ? `${base}${String.fromCharCode(tone)}` : base;
}

// ---------------------------------------------------------------------------------------------
// Loading

const UNIT_WORDS = new Set(['xa', 'phuong', 'p', 'x', 'dac khu', 'thi tran', 'tt', 'huyen', 'h', 'thi xa', 'tx', 'thanh pho', 'tp', 'quan', 'q', 'tinh']);

function formatIssuePath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(root)';
}

/** Reads and indexes a gazetteer file (default config/gazetteer.json). A bad file throws naming the file, the place in it and what was expected. */
export function loadGazetteer(file: string = DEFAULT_GAZETTEER_PATH): Gazetteer {
  if (!existsSync(file)) {
    throw new GazetteerError(`${file}: file not found (build it with: node pipeline/language/gazetteer-build.ts --out ${file})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new GazetteerError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = GazetteerFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GazetteerError(`${file}: ${issue ? formatIssuePath(issue.path) : '(root)'}: ${issue?.message ?? 'invalid gazetteer'}`);
  }
  const entries = parsed.data.entries;
  const byCode = new Map<string, GazetteerEntry>();
  const bySlug = new Map<string, GazetteerEntry>();
  entries.forEach((e, i) => {
    if (byCode.has(e.code)) throw new GazetteerError(`${file}: entries[${i}].code: "${e.code}" is used twice; expected unique codes`);
    if (bySlug.has(e.slug)) throw new GazetteerError(`${file}: entries[${i}].slug: "${e.slug}" is used twice; expected unique slugs`);
    byCode.set(e.code, e);
    bySlug.set(e.slug, e);
  });
  entries.forEach((e, i) => {
    if (e.parentCode !== undefined && !byCode.has(e.parentCode)) {
      throw new GazetteerError(`${file}: entries[${i}].parentCode: "${e.parentCode}" is not the code of any entry`);
    }
    e.successors?.forEach((s, j) => {
      if (!byCode.has(s)) throw new GazetteerError(`${file}: entries[${i}].successors[${j}]: "${s}" is not the code of any entry`);
    });
  });
  const elsewhere = parsed.data.elsewhere ?? { provinces: [], units: [] };
  return { file, province: parsed.data.province, entries, byCode, bySlug, elsewhere, index: buildIndex(entries, byCode, elsewhere) };
}

const isOldLevel = (level: string): boolean => level.startsWith('old-');

const ELSEWHERE_PROVINCE = -1;
const ELSEWHERE_UNIT = -2;
const UNIT_OF_FULL_NAME = /^(tỉnh|thành phố|xã|phường|thị trấn|đặc khu) /u;

function buildIndex(
  entries: readonly GazetteerEntry[],
  byCode: Map<string, GazetteerEntry>,
  elsewhere: { provinces: string[]; units: string[] },
): { root: TrieNode; away: TrieNode; info: EntryInfo[] } {
  const info: EntryInfo[] = entries.map((entry) => {
    const old = isOldLevel(entry.level);
    const only = entry.successors?.length === 1 ? byCode.get(entry.successors[0] ?? '') : undefined;
    return { entry, districts: new Set<string>(), provinces: new Set<string>(), target: old && only ? only : entry, isOld: old };
  });
  const infoByCode = new Map(info.map((x) => [x.entry.code, x]));
  const provinceOf = (code: string | undefined): string | undefined => {
    const e = code ? byCode.get(code) : undefined;
    if (!e) return undefined;
    if (e.level === 'old-province') return e.code;
    return e.level === 'old-district' ? e.parentCode : provinceOf(e.parentCode);
  };
  for (const x of info) {
    const e = x.entry;
    if (e.level === 'old-province') x.provinces.add(e.code);
    if (e.level === 'old-district') {
      x.districts.add(e.code);
      if (e.parentCode) x.provinces.add(e.parentCode);
    }
    if (e.level === 'old-commune') {
      const district = e.parentCode ? byCode.get(e.parentCode) : undefined;
      if (district?.level === 'old-district') x.districts.add(district.code);
      const p = provinceOf(e.parentCode);
      if (p) x.provinces.add(p);
    }
    // A new unit lies where its predecessors lay.
    if (isOldLevel(e.level)) {
      for (const s of e.successors ?? []) {
        const succ = infoByCode.get(s);
        if (!succ) continue;
        if (e.level !== 'old-province') for (const d of x.districts) succ.districts.add(d);
        for (const p of x.provinces) succ.provinces.add(p);
      }
    }
  }

  const root: TrieNode = { next: new Map(), terminals: null };
  const away: TrieNode = { next: new Map(), terminals: null };
  const seen = new Set<string>();
  const insert = (terminal: Terminal, folded: string[]): void => {
    let node = terminal.entry < 0 ? away : root;
    for (const syl of folded) {
      const next: Map<string, TrieNode> = (node.next ??= new Map());
      let child = next.get(syl);
      if (!child) {
        child = { next: null, terminals: null };
        next.set(syl, child);
      }
      node = child;
    }
    (node.terminals ??= []).push(terminal);
  };
  // Units elsewhere: their full name, and the bare name (not a bare number: "Phường 1"). A commune
  // elsewhere named like one of ours keeps only its bare name: "xã Tam Phước" in a 2004 article is
  // ours (a xã then, a phường now), and context decides as for any shared name.
  const ours = new Set(info.map((x) => tokenize(x.entry.name.normalize('NFC')).folded.join(' ')));
  const addElsewhere = (fullName: string, entry: number): void => {
    const full = fullName.normalize('NFC');
    const m = UNIT_OF_FULL_NAME.exec(full);
    const bare = m ? full.slice(m[0].length) : full;
    const sharesOurName = entry === ELSEWHERE_UNIT && ours.has(tokenize(bare).folded.join(' '));
    for (const [alias, withUnitWord] of [[full, m !== null], [bare, false]] as const) {
      if (withUnitWord ? sharesOurName : /^\d+$/.test(alias)) continue;
      const t = tokenize(alias);
      if (t.folded.length === 0) continue;
      const key = `${entry}\u0000${t.folded.join(' ')}\u0000${withUnitWord}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const accentKey = t.start.map((st, k) => exactKey(alias, st, t.end[k] ?? st)).join(' ');
      insert({ entry, withUnitWord, accentKey }, t.folded);
    }
  };
  for (const p of elsewhere.provinces) addElsewhere(p, ELSEWHERE_PROVINCE);
  for (const u of elsewhere.units) addElsewhere(u, ELSEWHERE_UNIT);
  info.forEach((x, idx) => {
    const nameHasMarks = tokenize(x.entry.name).marked.some(Boolean);
    // A bare number ("Phường 1" → "1") is never a place on its own.
    const own = /^\d+$/.test(x.entry.name) ? [x.entry.fullName] : [x.entry.name, x.entry.fullName];
    for (const alias of [...own, ...x.entry.aliases]) {
      const a = alias.normalize('NFC');
      const t = tokenize(a);
      if (t.folded.length === 0) continue;
      const aliasHasMarks = t.marked.some(Boolean);
      const accentKey = aliasHasMarks || !nameHasMarks ? t.start.map((s, k) => exactKey(a, s, t.end[k] ?? s)).join(' ') : null;
      const key = `${idx}\u0000${t.folded.join(' ')}\u0000${accentKey ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const withUnitWord =
        t.folded.length > 1 && (UNIT_WORDS.has(t.folded[0] ?? '') || UNIT_WORDS.has(`${t.folded[0]} ${t.folded[1]}`)) && fold(a) !== fold(x.entry.name);
      insert({ entry: idx, withUnitWord, accentKey }, t.folded);
    }
  });
  return { root, away, info };
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Characters either side of a mention within which another place counts as its context. */
const CONTEXT_WINDOW = 300;
/** Share of syllables carrying diacritics above which a text counts as "written with diacritics". */
const ACCENTED_TEXT_SHARE = 0.1;

interface Span {
  first: number; // token index
  last: number;
  terminals: Terminal[];
}

interface Resolved {
  mention: PlaceMention;
  areas: EntryInfo[];
}

// Bare names: the broadest reading first (province, then old district, then the new unit).
const BARE_RANK: Record<PlaceLevel, number> = {
  province: 0,
  'old-province': 1,
  'old-district': 2,
  ward: 3,
  commune: 3,
  'special-zone': 3,
  'old-commune': 4,
};
// With a unit word: current units before old ones of the same name.
const rankOf = (x: EntryInfo, withUnit: boolean): number => (withUnit ? (x.isOld ? 1 : 0) : BARE_RANK[x.entry.level]);

/** Finds place mentions in a text, in text order. Never throws on odd input. */
export function findPlaces(gazetteer: Gazetteer, text: string): PlaceMention[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const { root, away: awayTrie, info } = gazetteer.index;
  const tokens = tokenize(text);
  const count = tokens.folded.length;
  if (count === 0) return [];
  let markedCount = 0;
  for (const m of tokens.marked) if (m) markedCount++;
  const exact = tokens.letters > 0 && markedCount / tokens.letters >= ACCENTED_TEXT_SHARE;
  const exactKeys: (string | undefined)[] = [];
  const exactAt = (k: number): string => (exactKeys[k] ??= exactKey(text, tokens.start[k] ?? 0, tokens.end[k] ?? 0));

  // 1. Every alias occurrence, walking the syllable trie from each syllable. Names elsewhere have
  // their own trie, walked only from a capitalised syllable or a unit word: they matter where
  // they are written as names, and ordinary lower-case text then costs nothing more.
  const spans: Span[] = [];
  const walk = (trie: TrieNode, i: number, from: number): void => {
    let node = trie.next?.get(tokens.folded[i] ?? '');
    for (let j = i; node; ) {
      if (node.terminals) {
        let terminals = node.terminals;
        if (exact) {
          let key: string | undefined;
          terminals = terminals.filter((t) => {
            if (t.accentKey === null) return false;
            if (key === undefined) {
              key = exactAt(i);
              for (let k = i + 1; k <= j; k++) key += ` ${exactAt(k)}`;
            }
            return t.accentKey === key;
          });
        }
        // A bare name elsewhere counts only written as a name ("kiểm lâm Bình Phước" holds no "Lâm Bình").
        if (trie === awayTrie && j > i && !allCapitalised(text, tokens, i, j)) terminals = terminals.filter((t) => t.withUnitWord);
        if (terminals.length > 0) {
          // The same syllables named here and elsewhere ("Long An") make one span.
          let same: Span | undefined;
          for (let k = from; k < spans.length; k++) if ((spans[k] as Span).last === j) same = spans[k];
          if (same) same.terminals = [...same.terminals, ...terminals];
          else spans.push({ first: i, last: j, terminals });
        }
      }
      j++;
      if (j >= count) break;
      node = node.next?.get(tokens.folded[j] ?? '');
    }
  };
  for (let i = 0; i < count; i++) {
    const from = spans.length;
    walk(root, i, from);
    // A unit word counts when a capitalised name follows it ("xã Tân An", "thành phố Huế").
    const named = startsUpper(text, tokens, i) || (UNIT_START.has(tokens.folded[i] ?? '') && (startsUpper(text, tokens, i + 1) || startsUpper(text, tokens, i + 2)));
    if (named && awayTrie.next !== null) walk(awayTrie, i, from);
  }
  if (spans.length === 0) return [];

  // 2. Longest match wins; among equals, a name of ours, then the earlier.
  const oursFirst = (x: Span): number => (x.terminals.some((t) => t.entry >= 0) ? 0 : 1);
  spans.sort((a, b) => b.last - b.first - (a.last - a.first) || oursFirst(a) - oursFirst(b) || a.first - b.first);
  const taken = new Uint8Array(count);
  const chosen: Span[] = [];
  for (const s of spans) {
    let free = true;
    for (let k = s.first; k <= s.last && free; k++) if (taken[k]) free = false;
    if (!free) continue;
    for (let k = s.first; k <= s.last; k++) taken[k] = 1;
    chosen.push(s);
  }
  chosen.sort((a, b) => a.first - b.first);

  // 3. Resolve: first what needs no context, then the rest against those anchors. A span that
  // names a unit elsewhere in the country resolves to nothing but is remembered: a commune of
  // ours directly followed by another province or district is that place's namesake.
  const resolved: (Resolved | null)[] = chosen.map(() => null);
  const away: Away[] = [];
  const fromHome: Span[] = [];
  const deferred: { at: number; candidates: EntryInfo[]; withUnit: boolean }[] = [];
  chosen.forEach((span, at) => {
    const home = span.terminals.filter((t) => t.entry >= 0);
    const other = span.terminals.filter((t) => t.entry < 0);
    const withUnit = span.terminals.some((t) => t.withUnitWord);
    const start = tokens.start[span.first] ?? 0;
    const end = tokens.end[span.last] ?? 0;
    if (other.length > 0 && isElsewhere(home, other, withUnit, info)) {
      away.push({ start, end, higher: other.some((t) => t.entry === ELSEWHERE_PROVINCE) });
      return;
    }
    if (home.length === 0) return;
    fromHome.push(span);
    // "thị xã Tân An" is a town of that name, not our xã Tân An (ours would have matched whole).
    if (withUnit && tokens.folded[span.first] === 'xa' && span.first > 0 && tokens.folded[span.first - 1] === 'thi' && !taken[span.first - 1]) {
      away.push({ start: tokens.start[span.first - 1] ?? 0, end, higher: true });
      return;
    }
    // A name written with its first syllable capitalised and a later one not is not a name
    // ("anh Xuân bảo tôi" is not Xuân Bảo).
    if (!withUnit && exact && span.last > span.first && !consistentlyCased(text, tokens, span)) return;
    const all = uniqueInfos(home.filter((t) => t.withUnitWord === withUnit).map((t) => info[t.entry] as EntryInfo));
    const admissible = withUnit ? all : all.filter((x) => !x.entry.needsContext);
    if (admissible.length > 0) {
      const top = bestRanked(admissible, withUnit);
      if (distinctTargets(top) === 1) {
        resolved[at] = resolve(top[0] as EntryInfo, span, tokens, text, top);
        return;
      }
      deferred.push({ at, candidates: top, withUnit });
      return;
    }
    const capitalised = isCapitalised(text, tokens, span);
    const candidates = all.filter((x) => x.entry.needsContext === 'shared-name' || capitalised);
    if (candidates.length > 0) deferred.push({ at, candidates, withUnit });
  });

  for (const d of deferred) {
    const span = chosen[d.at] as Span;
    const from = (tokens.start[span.first] ?? 0) - CONTEXT_WINDOW;
    const to = (tokens.end[span.last] ?? 0) + CONTEXT_WINDOW;
    const anchors: EntryInfo[] = [];
    for (const r of resolved) {
      if (r && r.mention.end >= from && r.mention.start <= to) anchors.push(...r.areas);
    }
    if (anchors.length === 0) continue;
    let best = 0;
    let winners: EntryInfo[] = [];
    for (const c of d.candidates) {
      const score = contextScore(c, anchors);
      if (score > best) {
        best = score;
        winners = [c];
      } else if (score === best && score > 0) winners.push(c);
    }
    if (best === 0) continue;
    const top = bestRanked(winners, d.withUnit);
    if (distinctTargets(top) === 1) resolved[d.at] = resolve(top[0] as EntryInfo, span, tokens, text, top);
  }

  // 4. Namesakes elsewhere: see dropNamesakes.
  if (resolved.some((r) => r !== null && isSmall(r.mention.level))) dropNamesakes(text, tokens, chosen, resolved, away, fromHome);

  const out: PlaceMention[] = [];
  for (const r of resolved) if (r) out.push(r.mention);
  return out;
}

/** A commune, a ward or a special zone: what a district or province can locate. */
const isSmall = (level: string): boolean => level === 'commune' || level === 'ward' || level === 'old-commune' || level === 'special-zone';

/**
 * "xã Thạnh Phú (huyện Mỹ Xuyên)", "xã Phú Túc (Châu Thành, Bến Tre)", "phường Tân Phú, Phú Mỹ
 * (quận 7)": a commune or ward of ours directly followed by a unit elsewhere, or by a list of
 * communes that one locates, is the namesake there. Clears those in `resolved`.
 */
function dropNamesakes(text: string, tokens: Tokens, chosen: Span[], resolved: (Resolved | null)[], away: Away[], fromHome: Span[]): void {
  const homeTaken = new Uint8Array(tokens.folded.length);
  for (const span of fromHome) for (let k = span.first; k <= span.last; k++) homeTaken[k] = 1;
  // Only right after a commune of ours can a district elsewhere locate it.
  // (Treebank text writes "(" as the word LBKT.)
  const after = resolved.flatMap((r, at) => {
    const k = (chosen[at] as Span).last + 1;
    return r && isSmall(r.mention.level) ? (tokens.folded[k] === 'lbkt' ? [k, k + 1] : [k]) : [];
  });
  type Item = { start: number; end: number; at: number; small: boolean; higher: boolean };
  const items: Item[] = [
    ...[...away, ...districtsElsewhere(text, tokens, homeTaken, after)].map((a) => ({ start: a.start, end: a.end, at: -1, small: !a.higher, higher: a.higher })),
    ...resolved.flatMap((r, at) => (r ? [{ start: r.mention.start, end: r.mention.end, at, small: isSmall(r.mention.level), higher: false }] : [])),
  ].sort((x, y) => x.start - y.start);
  let next: (Item & { located: boolean }) | null = null;
  for (let k = items.length - 1; k >= 0; k--) {
    const item = items[k] as Item;
    // Only what follows directly can locate: the next item, after a comma, "(" or "thuộc".
    const gap: string = next === null ? '' : text.slice(item.end, next.start);
    const located: boolean =
      item.small && next !== null && next.start >= item.end &&
      ((LOCATED_BY.test(gap) && (next.at < 0 || next.located)) || (LIST_GAP.test(gap) && next.located));
    if (located && item.at >= 0) resolved[item.at] = null;
    next = { ...item, located: located || item.higher };
  }
}

type Away = { start: number; end: number; higher: boolean };

/** Between a commune and the district or province that locates it: "(", ",", "-", "thuộc". */
const LOCATED_BY = /^\s{0,3}(?:[,(\-–]|LBKT)?\s{0,3}(?:thuộc\s{1,3})?$/u;
/** Between two communes of one list. */
const LIST_GAP = /^\s{0,3}(?:,|và)\s{0,3}$/u;

/** Whether a span that names a unit elsewhere (and perhaps one of ours) means the one elsewhere. */
function isElsewhere(home: Terminal[], other: Terminal[], withUnit: boolean, info: EntryInfo[]): boolean {
  if (home.length === 0) return true;
  const homeWithUnit = home.some((t) => t.withUnitWord);
  // "tỉnh Long An" against our old commune Long An, written bare.
  if (withUnit) return !homeWithUnit;
  // A bare province name is the province, unless it is also one of our provinces or districts.
  if (!other.some((t) => t.entry === ELSEWHERE_PROVINCE)) return false;
  return home.every((t) => BARE_RANK[(info[t.entry] as EntryInfo).entry.level] > BARE_RANK['old-district']);
}

/** Unit words of a district or province ("huyện", "quận", "thị xã", "TP", "tỉnh"), folded, by syllables. */
const HIGHER_UNIT_WORDS = [['huyen'], ['quan'], ['thi', 'xa'], ['tx'], ['tp'], ['thanh', 'pho'], ['tinh'], ['q']];
const HIGHER_UNIT_START = new Set(HIGHER_UNIT_WORDS.map((w) => w[0] as string));
const OPENS_PARENTHESIS = /(?:\(|LBKT)\s{0,3}$/u;
const ENDS_ITEM = /^\s{0,3}(?:[,);\-–]|RBKT)/u;

/**
 * Districts and provinces outside ours starting at one of the token positions `starts`, named
 * with a unit word ("huyện Mỹ Xuyên", "quận 7", "Q. Thủ Đức", "TP. HCM": the unit word, not part
 * of a mention of ours, then a capitalised name or a number) or in parentheses ("(Châu Thành").
 * Our districts and provinces were matched before this.
 */
function districtsElsewhere(text: string, tokens: Tokens, taken: Uint8Array, starts: number[]): Away[] {
  const out: Away[] = [];
  const count = tokens.folded.length;
  for (const i of starts) {
    if (i >= count || taken[i]) continue;
    // "(Châu Thành, Bến Tre)": a name in parentheses right after a place is where that place lies.
    if (startsUpper(text, tokens, i) && i + 1 < count && !taken[i + 1] && startsUpper(text, tokens, i + 1) &&
        /^\s+$/.test(text.slice(tokens.end[i] ?? 0, tokens.start[i + 1] ?? 0)) &&
        OPENS_PARENTHESIS.test(text.slice(Math.max(0, (tokens.start[i] ?? 0) - 8), tokens.start[i]))) {
      let last = i + 1;
      while (last + 1 < count && last + 1 < i + 4 && !taken[last + 1] && startsUpper(text, tokens, last + 1) && tokens.folded[last + 1] !== 'rbkt' &&
        /^\s*$/.test(text.slice(tokens.end[last] ?? 0, tokens.start[last + 1] ?? 0))) last++;
      // The name is the whole item: "(Châu Thành, Bến Tre)", not "(Phó Chủ tịch xã)".
      if (ENDS_ITEM.test(text.slice(tokens.end[last] ?? 0, (tokens.end[last] ?? 0) + 8))) out.push({ start: tokens.start[i] ?? 0, end: tokens.end[last] ?? 0, higher: true });
      continue;
    }
    if (!HIGHER_UNIT_START.has(tokens.folded[i] ?? '')) continue;
    const word = HIGHER_UNIT_WORDS.find((w) => w.every((syl, k) => tokens.folded[i + k] === syl && !taken[i + k]));
    if (!word) continue;
    // "Q" alone is a unit word only as "Q." (quận).
    if (word[0] === 'q' && text[tokens.end[i] ?? 0] !== '.') continue;
    const first = i + word.length;
    let last = first - 1;
    while (last + 1 < count && last + 1 < first + 4 && !taken[last + 1] && allCapitalised(text, tokens, last + 1, last + 1)) last++;
    if (last < first) continue;
    out.push({ start: tokens.start[i] ?? 0, end: tokens.end[last] ?? 0, higher: true });
  }
  return out;
}

/** Every syllable capitalised, or none: a mixed "Xuân bảo" is two words, not a name. */
function consistentlyCased(text: string, tokens: Tokens, span: Span): boolean {
  return !startsUpper(text, tokens, span.first) || allCapitalised(text, tokens, span.first + 1, span.last);
}

function uniqueInfos(xs: EntryInfo[]): EntryInfo[] {
  return [...new Set(xs)];
}

function bestRanked(xs: EntryInfo[], withUnit: boolean): EntryInfo[] {
  let best = Infinity;
  for (const x of xs) best = Math.min(best, rankOf(x, withUnit));
  return xs.filter((x) => rankOf(x, withUnit) === best);
}

function distinctTargets(xs: EntryInfo[]): number {
  return new Set(xs.map((x) => x.target.code)).size;
}

/** 2 per anchor in the same old district, 1 per anchor only in the same old province. */
function contextScore(c: EntryInfo, anchors: EntryInfo[]): number {
  let score = 0;
  for (const a of anchors) {
    if (a === c) continue;
    let s = 0;
    for (const d of c.districts) if (a.districts.has(d)) s = 2;
    if (s === 0) for (const p of c.provinces) if (a.provinces.has(p)) s = 1;
    score += s;
  }
  return score;
}

/** Ordinary phrases count as names only when written as names: every syllable capitalised. */
function isCapitalised(text: string, tokens: Tokens, span: Span): boolean {
  return allCapitalised(text, tokens, span.first, span.last);
}

/** Folded first syllables of unit words ("xã", "phường", "tỉnh", "thành phố", "thị trấn", "TP"…). */
const UNIT_START = new Set([...UNIT_WORDS].map((w) => w.split(' ')[0] as string));

function startsUpper(text: string, tokens: Tokens, k: number): boolean {
  if (k >= tokens.start.length) return false;
  const cp = text.charCodeAt(tokens.start[k] as number);
  if (cp < TABLE_END) return IS_UPPER[cp] === 1;
  const ch = String.fromCharCode(cp);
  return ch !== ch.toLowerCase();
}

function allCapitalised(text: string, tokens: Tokens, first: number, last: number): boolean {
  for (let k = first; k <= last; k++) {
    const cp = text.charCodeAt(tokens.start[k] ?? 0);
    if (!(cp >= 48 && cp <= 57) && !startsUpper(text, tokens, k)) return false;
  }
  return true;
}

function resolve(x: EntryInfo, span: Span, tokens: Tokens, text: string, group: EntryInfo[]): Resolved {
  // Among equally good readings with the same target, prefer the one that is not an old name.
  const chosen = group.find((g) => g.target.code === x.target.code && !g.isOld) ?? x;
  const target = chosen.target;
  const start = tokens.start[span.first] ?? 0;
  const end = tokens.end[span.last] ?? start;
  const mention: PlaceMention = {
    code: target.code,
    name: target.name,
    level: target.level,
    slug: target.slug,
    old: chosen.isOld,
    matched: text.slice(start, end),
    start,
    end,
  };
  if (chosen.isOld) mention.oldName = chosen.entry.name;
  if (isOldLevel(target.level) && target.successors) mention.successors = [...target.successors];
  const areas = chosen === x ? [chosen] : [chosen, x];
  return { mention, areas };
}
