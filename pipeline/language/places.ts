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
  entry: number;
  withUnitWord: boolean;
  /** Diacritic-exact key of the alias syllables; null when the alias may only match folded (an unaccented spelling of an accented name). */
  accentKey: string | null;
}

interface TrieNode {
  next: Map<string, TrieNode>;
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
  /** @internal matching index */
  readonly index: { root: TrieNode; info: EntryInfo[] };
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
  return { file, province: parsed.data.province, entries, byCode, bySlug, index: buildIndex(entries, byCode) };
}

const isOldLevel = (level: string): boolean => level.startsWith('old-');

function buildIndex(entries: readonly GazetteerEntry[], byCode: Map<string, GazetteerEntry>): { root: TrieNode; info: EntryInfo[] } {
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
  const seen = new Set<string>();
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
      let node = root;
      for (const syl of t.folded) {
        let child = node.next.get(syl);
        if (!child) {
          child = { next: new Map(), terminals: null };
          node.next.set(syl, child);
        }
        node = child;
      }
      (node.terminals ??= []).push({ entry: idx, withUnitWord, accentKey });
    }
  });
  return { root, info };
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
  const { root, info } = gazetteer.index;
  const tokens = tokenize(text);
  const count = tokens.folded.length;
  if (count === 0) return [];
  let markedCount = 0;
  for (const m of tokens.marked) if (m) markedCount++;
  const exact = tokens.letters > 0 && markedCount / tokens.letters >= ACCENTED_TEXT_SHARE;
  const exactKeys: (string | undefined)[] = [];
  const exactAt = (k: number): string => (exactKeys[k] ??= exactKey(text, tokens.start[k] ?? 0, tokens.end[k] ?? 0));

  // 1. Every alias occurrence, walking the syllable trie from each syllable.
  const spans: Span[] = [];
  for (let i = 0; i < count; i++) {
    let node = root.next.get(tokens.folded[i] ?? '');
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
        if (terminals.length > 0) spans.push({ first: i, last: j, terminals });
      }
      j++;
      if (j >= count) break;
      node = node.next.get(tokens.folded[j] ?? '');
    }
  }
  if (spans.length === 0) return [];

  // 2. Longest match wins; earlier wins among equals.
  spans.sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
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

  // 3. Resolve: first what needs no context, then the rest against those anchors.
  const resolved: (Resolved | null)[] = chosen.map(() => null);
  const deferred: { at: number; candidates: EntryInfo[]; withUnit: boolean }[] = [];
  chosen.forEach((span, at) => {
    const withUnit = span.terminals.some((t) => t.withUnitWord);
    const all = uniqueInfos(span.terminals.filter((t) => t.withUnitWord === withUnit).map((t) => info[t.entry] as EntryInfo));
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

  const out: PlaceMention[] = [];
  for (const r of resolved) if (r) out.push(r.mention);
  return out;
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
  for (let k = span.first; k <= span.last; k++) {
    const ch = text[tokens.start[k] ?? 0] ?? '';
    if (ch === ch.toLowerCase() && !/\d/.test(ch)) return false;
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
