// When a news page says it was published (DESIGN §4 `publishedAt`).
//
// Structured data first (JSON-LD, then meta tags, then <time datetime>), because it is what the
// site's CMS wrote; then the date line that Vietnamese and other news layouts print near the
// title ("Thứ hai, 18/11/2026 - 08:15 (GMT+7)", "2 giờ trước", "November 18, 2026"); last a
// date in the URL path. Dates without a zone are in the site's zone (Asia/Ho_Chi_Minh).

export interface PublishedDateOptions {
  now?: Date;
  defaultTimeZone?: string;
  /** The page URL: a last resort (/2026/11/18/ in the path). */
  url?: string;
  /** <html lang>, to read 11/12/2026 as month/day on en-US pages. */
  lang?: string | null;
}

// Minimal structural view of a linkedom (or DOM) document, so callers need no DOM types.
interface NodeLike {
  nodeType: number;
  nodeValue?: string | null;
  childNodes?: ArrayLike<NodeLike>;
}
interface ElementLike extends NodeLike {
  getAttribute(name: string): string | null;
  textContent: string | null;
  parentElement: ElementLike | null;
  tagName: string;
}
interface DocumentLike {
  querySelectorAll(selector: string): Iterable<ElementLike> & { length: number };
  querySelector(selector: string): ElementLike | null;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC, when the source said. */
  offset: number | null;
}

const MIN_YEAR = 1995;

// ---------------------------------------------------------------- time zones

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset in minutes of a time zone at a UTC instant ("Asia/Ho_Chi_Minh" → 420). */
function zoneOffset(timeZone: string, utcMs: number): number {
  let f = offsetFormatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Ho_Chi_Minh', timeZoneName: 'longOffset' });
    }
    offsetFormatters.set(timeZone, f);
  }
  const name = f.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+07:00';
  const m = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name);
  if (m === null) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function pad(n: number, width = 2): string {
  return String(Math.trunc(Math.abs(n))).padStart(width, '0');
}

function formatOffset(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.abs(minutes) / 60)}:${pad(Math.abs(minutes) % 60)}`;
}

function validParts(p: Parts): boolean {
  return p.year >= MIN_YEAR && p.year <= 2100 && p.month >= 1 && p.month <= 12 && p.day >= 1
    && p.day <= new Date(Date.UTC(p.year, p.month, 0)).getUTCDate() && p.hour <= 23 && p.minute <= 59 && p.second <= 59;
}

/** ISO 8601 with offset, in the zone the source gave or else the site's zone. */
function toIso(p: Parts, timeZone: string): string | null {
  if (!validParts(p)) return null;
  const wallMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = p.offset ?? zoneOffset(timeZone, wallMs - zoneOffset(timeZone, wallMs) * 60_000);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${formatOffset(offset)}`;
}

function fromInstant(ms: number, timeZone: string): string {
  const offset = zoneOffset(timeZone, ms);
  const d = new Date(ms + offset * 60_000);
  return toIso({
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), offset,
  }, timeZone) ?? d.toISOString();
}

// ---------------------------------------------------------------- machine-readable values

const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?/i;

/** Parses the values CMSs put in JSON-LD, meta and datetime attributes. */
export function parseMachineDate(value: string, timeZone = 'Asia/Ho_Chi_Minh'): string | null {
  const v = value.trim();
  if (v === '') return null;
  const m = ISO_LIKE.exec(v);
  if (m !== null) {
    let offset: number | null = null;
    const z = m[7];
    if (z !== undefined) {
      if (z.toUpperCase() === 'Z') offset = 0;
      else {
        const digits = z.replace(':', '');
        offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
      }
    }
    return toIso({
      year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
      hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offset,
    }, timeZone);
  }
  if (/^\d{10}(\d{3})?$/.test(v)) {
    const ms = v.length === 10 ? Number(v) * 1000 : Number(v);
    return fromInstant(ms, timeZone);
  }
  // RFC 2822 ("Mon, 20 Jan 2020 10:00:00 GMT"), as some CMSs write their meta tags.
  if (/\b(?:GMT|UTC)\b|[+-]\d{4}\b/.test(v)) {
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return fromInstant(ms, timeZone);
  }
  return parseDateText(v, { timeZone, now: new Date(), monthFirst: false, allowRelative: false });
}

// ---------------------------------------------------------------- JSON-LD

const ARTICLE_TYPES = /Article|Posting|NewsArticle|Report|WebPage|LiveBlog/i;

function collectLdDates(node: unknown, out: { article: string[]; other: string[] }, depth = 0): void {
  if (depth > 6 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectLdDates(n, out, depth + 1);
    return;
  }
  const obj = node as Record<string, unknown>;
  const type = obj['@type'];
  const typeText = Array.isArray(type) ? type.join(' ') : typeof type === 'string' ? type : '';
  const date = obj['datePublished'] ?? obj['dateCreated'] ?? obj['uploadDate'];
  if (typeof date === 'string') (ARTICLE_TYPES.test(typeText) && !/WebSite|Organization/i.test(typeText) ? out.article : out.other).push(date);
  for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'itemListElement']) {
    if (key in obj) collectLdDates(obj[key], out, depth + 1);
  }
}

/** Parses JSON-LD that CMSs often leave slightly broken (control characters, trailing commas). */
export function parseJsonLd(text: string): unknown {
  const cleaned = text.replace(/^\s*<!--|-->\s*$/g, '').replace(/[\u0000-\u001f]+/g, ' ').trim();
  if (cleaned === '') return null;
  try {
    return JSON.parse(cleaned);
  } catch {
    try {
      return JSON.parse(cleaned.replace(/,\s*([}\]])/g, '$1'));
    } catch {
      return null;
    }
  }
}

function fromJsonLd(doc: DocumentLike, timeZone: string): string | null {
  const out = { article: [] as string[], other: [] as string[] };
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    collectLdDates(parseJsonLd(s.textContent ?? ''), out);
  }
  for (const d of [...out.article, ...out.other]) {
    const iso = parseMachineDate(d, timeZone);
    if (iso !== null) return iso;
  }
  return null;
}

// ---------------------------------------------------------------- meta and <time>

const META_KEYS = [
  'article:published_time', 'og:published_time', 'og:article:published_time', 'datepublished', 'pubdate', 'publishdate',
  'publish-date', 'publish_date', 'published_time', 'article.published', 'article_date_original', 'sailthru.date',
  'parsely-pub-date', 'dc.date.issued', 'dc.date', 'dcterms.issued', 'dcterms.created', 'dcterms.date', 'date',
  'cxenseparse:recs:publishtime', 'article:published', 'original-publish-date', 'created', 'dc.date.created',
];

function fromMeta(doc: DocumentLike, timeZone: string): string | null {
  const found = new Map<string, string>();
  for (const m of doc.querySelectorAll('meta')) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').trim().toLowerCase();
    const content = m.getAttribute('content');
    if (key !== '' && content !== null && !found.has(key)) found.set(key, content);
  }
  for (const key of META_KEYS) {
    const v = found.get(key);
    if (v === undefined) continue;
    const iso = parseMachineDate(v, timeZone);
    if (iso !== null) return iso;
  }
  for (const el of doc.querySelectorAll('[itemprop="datePublished"]')) {
    const v = el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent ?? '';
    const iso = parseMachineDate(v, timeZone);
    if (iso !== null) return iso;
  }
  return null;
}

function fromTimeElements(doc: DocumentLike, timeZone: string): string | null {
  const times = [...doc.querySelectorAll('time[datetime]')];
  // A <time> marked as the publication date beats the first one, which may be in a sidebar.
  const preferred = times.find((t) => t.getAttribute('pubdate') !== null
    || /publish|posted|date-pub|created/i.test(`${t.getAttribute('class') ?? ''} ${t.getAttribute('itemprop') ?? ''}`));
  const inArticle = times.find((t) => hasAncestor(t, /^(ARTICLE|MAIN|HEADER)$/i));
  for (const t of [preferred, inArticle, times[0]]) {
    if (t === undefined) continue;
    const iso = parseMachineDate(t.getAttribute('datetime') ?? '', timeZone);
    if (iso !== null) return iso;
  }
  return null;
}

function hasAncestor(el: ElementLike, tag: RegExp): boolean {
  let p = el.parentElement;
  for (let i = 0; p !== null && i < 12; i++, p = p.parentElement) if (tag.test(p.tagName)) return true;
  return false;
}

// ---------------------------------------------------------------- date text

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
  janvier: 1, janv: 1, 'février': 2, fevrier: 2, 'févr': 2, fevr: 2, mars: 3, avril: 4, avr: 4, mai: 5, juin: 6,
  juillet: 7, juil: 7, 'août': 8, aout: 8, septembre: 9, octobre: 10, novembre: 11, 'décembre': 12, decembre: 12, 'déc': 12,
  januar: 1, februar: 2, 'märz': 3, juni: 6, juli: 7, oktober: 10, dezember: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, octubre: 10,
  noviembre: 11, diciembre: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

const TIME = String.raw`(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?:\s*:\s*(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|sa|ch)?`;
const ZONE = String.raw`(?:\s*\(?\s*(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*\)?)?`;
const NUMERIC_DATE = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2}(?!\d))`;

interface TextDateRule {
  re: RegExp;
  parse(m: RegExpExecArray, ctx: TextContext): Parts | null;
}
interface TextContext {
  timeZone: string;
  now: Date;
  monthFirst: boolean;
  allowRelative: boolean;
}

function year(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

function hour12(h: string | undefined, ampm: string | undefined): number {
  let n = Number(h ?? 0);
  const a = (ampm ?? '').toLowerCase().replace(/\./g, '');
  if ((a === 'pm' || a === 'ch') && n < 12) n += 12;
  if ((a === 'am' || a === 'sa') && n === 12) n = 0;
  return n;
}

function zoneMinutes(sign: string | undefined, h: string | undefined, m: string | undefined): number | null {
  if (sign === undefined || h === undefined) return null;
  return (sign === '-' ? -1 : 1) * (Number(h) * 60 + Number(m ?? 0));
}

function dayMonth(a: number, b: number, monthFirst: boolean): [number, number] {
  if (a > 12) return [a, b];
  if (b > 12) return [b, a];
  return monthFirst ? [b, a] : [a, b];
}

const TEXT_RULES: TextDateRule[] = [
  // "18/11/2026 - 08:15 (GMT+7)", "Thứ hai, 18/11/2026, 08:15", "18-11-2026 08:15:00"
  {
    re: new RegExp(String.raw`${NUMERIC_DATE}(?:\s*[-,|lúc]{0,4}\s*${TIME})?${ZONE}`, 'i'),
    parse(m, ctx) {
      const [day, month] = dayMonth(Number(m[1]), Number(m[2]), ctx.monthFirst);
      return { year: year(m[3]!), month, day, hour: hour12(m[4], m[7]), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offset: zoneMinutes(m[8], m[9], m[10]) };
    },
  },
  // "08:15 18/11/2026", "08:15 - 18/11/2026"
  {
    re: new RegExp(String.raw`${TIME}\s*[-,|]?\s*(?:ngày\s*)?${NUMERIC_DATE}${ZONE}`, 'i'),
    parse(m, ctx) {
      const [day, month] = dayMonth(Number(m[5]), Number(m[6]), ctx.monthFirst);
      return { year: year(m[7]!), month, day, hour: hour12(m[1], m[4]), minute: Number(m[2]), second: Number(m[3] ?? 0), offset: zoneMinutes(m[8], m[9], m[10]) };
    },
  },
  // "Ngày 18 tháng 11 năm 2026", "18 tháng 11, 2026"
  {
    re: new RegExp(String.raw`(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)?\s*(\d{4})(?:[\s,-]{1,4}${TIME})?`, 'i'),
    parse(m) {
      return { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]), hour: hour12(m[4], m[7]), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offset: null };
    },
  },
  // "2026-11-18 08:15"
  {
    re: new RegExp(String.raw`(\d{4})-(\d{2})-(\d{2})(?:[T\s]+${TIME})?`, 'i'),
    parse(m) {
      return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: hour12(m[4], m[7]), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offset: null };
    },
  },
  // "November 18, 2026 10:30 AM", "Nov. 18, 2026"
  {
    re: new RegExp(String.raw`\b(${MONTH_NAMES})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s*(?:at|,|-|•|\|)?\s*${TIME})?${ZONE}`, 'i'),
    parse(m) {
      return { year: Number(m[3]), month: MONTHS[m[1]!.toLowerCase()] ?? 0, day: Number(m[2]), hour: hour12(m[4], m[7]), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offset: zoneMinutes(m[8], m[9], m[10]) };
    },
  },
  // "18 Nov 2026", "18 novembre 2026 à 10h30", "18. November 2026"
  {
    re: new RegExp(String.raw`\b(\d{1,2})(?:er|st|nd|rd|th|\.)?\s+(?:de\s+)?(${MONTH_NAMES})\.?,?\s+(?:de\s+)?(\d{4})(?:\s*(?:à|at|,|-|um|a las|\|)?\s*${TIME})?${ZONE}`, 'i'),
    parse(m) {
      return { year: Number(m[3]), month: MONTHS[m[2]!.toLowerCase()] ?? 0, day: Number(m[1]), hour: hour12(m[4], m[7]), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offset: zoneMinutes(m[8], m[9], m[10]) };
    },
  },
];

const RELATIVE = /(\d{1,3})\s*(giây|phút|giờ|tiếng|ngày|tuần|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s*(trước|ago)/i;
const YESTERDAY = /(hôm qua|hôm nay|yesterday|today)\b(?:[\s,lúc]{0,6}(\d{1,2})\s*[:h]\s*(\d{2}))?/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function relativeUnit(word: string): number {
  const w = word.toLowerCase();
  if (w === 'giây' || w.startsWith('sec')) return UNIT_MS.s!;
  if (w === 'phút' || w.startsWith('min')) return UNIT_MS.m!;
  if (w === 'giờ' || w === 'tiếng' || w.startsWith('h')) return UNIT_MS.h!;
  if (w === 'ngày' || w.startsWith('day')) return UNIT_MS.d!;
  return UNIT_MS.w!;
}

/** Reads a date written for people. Relative forms need `allowRelative` and use `now`. */
function parseDateText(text: string, ctx: TextContext): string | null {
  let best: { index: number; iso: string } | null = null;
  for (const rule of TEXT_RULES) {
    const m = rule.re.exec(text);
    if (m === null) continue;
    const parts = rule.parse(m, ctx);
    const iso = parts === null ? null : toIso(parts, ctx.timeZone);
    if (iso !== null && (best === null || m.index < best.index)) best = { index: m.index, iso };
  }
  if (best !== null) return best.iso;
  if (!ctx.allowRelative) return null;
  const rel = RELATIVE.exec(text);
  if (rel !== null) return fromInstant(ctx.now.getTime() - Number(rel[1]) * relativeUnit(rel[2]!), ctx.timeZone);
  const y = YESTERDAY.exec(text);
  if (y !== null) {
    const back = /qua|yesterday/i.test(y[1]!) ? 1 : 0;
    const local = new Date(ctx.now.getTime() + zoneOffset(ctx.timeZone, ctx.now.getTime()) * 60_000 - back * UNIT_MS.d!);
    const parts: Parts = {
      year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
      hour: y[2] !== undefined ? Number(y[2]) : 0, minute: y[3] !== undefined ? Number(y[3]) : 0, second: 0, offset: null,
    };
    return toIso(parts, ctx.timeZone);
  }
  return null;
}

/** Reads a date from free text (exported for per-site date selectors). */
export function parseHumanDate(text: string, options: PublishedDateOptions = {}): string | null {
  const ctx = makeContext(options);
  return plausible(parseDateText(text.slice(0, 2000), ctx), ctx);
}

function makeContext(options: PublishedDateOptions): TextContext {
  return {
    timeZone: options.defaultTimeZone ?? 'Asia/Ho_Chi_Minh',
    now: options.now ?? new Date(),
    monthFirst: /^en-us/i.test(options.lang ?? ''),
    allowRelative: true,
  };
}

/** Rejects dates in the future (beyond clock skew): those are event dates, not publication. */
function plausible(iso: string | null, ctx: TextContext): string | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t) || t > ctx.now.getTime() + 36 * 3_600_000) return null;
  return iso;
}

/** Text of an element with a space between nodes ("Tiêu đề" + "Hôm qua" must not run together). */
function spacedText(el: ElementLike, limit = 4000, skipLinks = false): string {
  const parts: string[] = [];
  let length = 0;
  const walk = (node: NodeLike, depth: number): void => {
    if (length > limit || depth > 40) return;
    if (node.nodeType === 3) {
      const v = node.nodeValue ?? '';
      if (v.trim() !== '') {
        parts.push(v);
        length += v.length + 1;
      }
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9) return;
    const tag = (node as ElementLike).tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || (skipLinks && tag === 'A')) return;
    const kids = node.childNodes;
    if (kids === undefined) return;
    for (let i = 0; i < kids.length; i++) walk(kids[i]!, depth + 1);
  };
  walk(el, 0);
  return parts.join(' ').slice(0, limit);
}

const DATE_CLASS = /date|time|publish|posted|byline|meta|ngay|thoigian|info|author|source/i;

// "Date 19.01.2020", "Ngày đăng: 09/11/2026", "Publié le 16 novembre 2026"
const DATE_LABEL = /(?:^|[\s|(])(?:date|published(?: on)?|posted(?: on)?|ngày đăng|đăng ngày|đăng lúc|ngày xuất bản|xuất bản|cập nhật|publié le|publié|mis en ligne le|veröffentlicht(?: am)?|datum|fecha|publicado)\s*:?\s+/gi;

function fromLabelledDate(text: string, ctx: TextContext): string | null {
  for (const m of text.matchAll(DATE_LABEL)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 80);
    const iso = plausible(parseDateText(after, { ...ctx, allowRelative: false }), ctx);
    if (iso !== null) return iso;
  }
  return null;
}

function fromVisibleText(doc: DocumentLike, ctx: TextContext): string | null {
  // 1. The date line next to the title: the h1's container, widening a few levels. Text inside
  // links is left out: dates there belong to related articles.
  const h1 = doc.querySelector('article h1, h1');
  let container = h1?.parentElement ?? null;
  for (let level = 0; container !== null && level < 3; level++, container = container.parentElement) {
    const text = spacedText(container, 4000, true);
    const iso = fromLabelledDate(text, ctx) ?? plausible(parseDateText(text, ctx), ctx);
    if (iso !== null) return iso;
  }
  // A labelled date anywhere in the page ("Date 19.01.2020" in a fact box under the article).
  const page = doc.querySelector('body') ?? doc.querySelector('html');
  const labelled = page === null ? null : fromLabelledDate(spacedText(page, 60_000, true), ctx);
  if (labelled !== null) return labelled;
  // 2. Elements whose class or id says they hold the date.
  let checked = 0;
  for (const el of doc.querySelectorAll('[class],[id]')) {
    const name = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!DATE_CLASS.test(name)) continue;
    const raw = el.textContent ?? '';
    if (raw.length > 300 || raw.trim() === '') continue;
    const text = spacedText(el, 300);
    if (++checked > 200) break;
    const iso = plausible(parseDateText(text, ctx), ctx);
    if (iso !== null) return iso;
  }
  // 3. The top of the page body, without relative forms (a sidebar's "2 giờ trước" is not ours).
  const body = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.querySelector('body') ?? doc.querySelector('html');
  const top = body === null ? '' : spacedText(body, 6000);
  return plausible(parseDateText(top, { ...ctx, allowRelative: false }), ctx);
}

const URL_DATE = /\/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:[/-]|\.html?|$)/;

function fromUrl(url: string | undefined, ctx: TextContext): string | null {
  if (url === undefined) return null;
  const m = URL_DATE.exec(url);
  if (m === null) return null;
  return plausible(toIso({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0, offset: null }, ctx.timeZone), ctx);
}

/** Finds when the article was published, as ISO 8601 with offset, or null. */
export function findPublishedDate(doc: DocumentLike, _html: string, options: PublishedDateOptions = {}): string | null {
  const ctx = makeContext(options);
  try {
    return plausible(fromJsonLd(doc, ctx.timeZone), ctx)
      ?? plausible(fromMeta(doc, ctx.timeZone), ctx)
      ?? plausible(fromTimeElements(doc, ctx.timeZone), ctx)
      ?? fromVisibleText(doc, ctx)
      ?? fromUrl(options.url, ctx);
  } catch {
    // A malformed page must not stop a crawl; it just has no date.
    return null;
  }
}
