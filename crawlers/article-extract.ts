// One news page → one article: title, clean body text, publish date, authors, comments
// (DESIGN §5 "HTML listing → article", readability-style with optional per-site selectors).
//
// Our own content scoring does the work: it is ~10× faster than @mozilla/readability on linkedom
// and, with the cleanup below, as good on our dev set (test/eval/extraction.ts). Readability is a
// fallback when our pass finds almost nothing. The cleanup knows Vietnamese layouts: "Xem thêm",
// "Tin liên quan", share bars, photo captions, and the author line printed under the article.

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { findPublishedDate, parseHumanDate, parseJsonLd } from './published-date.ts';
import { leanHtml } from './lean-html.ts';
// Before any page is parsed: nodes without a listener table each (see the file).
import './lazy-event-target.ts';

export interface SiteSelectors {
  title?: string;
  body?: string;
  date?: string;
  author?: string;
  remove?: string[];
}

export interface ExtractInput {
  url: string;
  html: string;
  selectors?: SiteSelectors;
  now?: Date;
}

export interface ExtractedComment {
  author: string | null;
  text: string;
  publishedAt: string | null;
}

export interface ExtractedArticle {
  title: string | null;
  text: string;
  publishedAt: string | null;
  authors: string[];
  section: string | null;
  lang: string | null;
  comments: ExtractedComment[];
}

// linkedom's DOM is typed as the browser DOM; these are the few members we use.
type El = Element;
type Doc = Document;

const EMPTY: ExtractedArticle = { title: null, text: '', publishedAt: null, authors: [], section: null, lang: null, comments: [] };

// ---------------------------------------------------------------- junk

const JUNK_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'IFRAME', 'FORM', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'NAV',
  'FOOTER', 'ASIDE', 'SVG', 'CANVAS', 'VIDEO', 'AUDIO', 'OBJECT', 'EMBED', 'LABEL', 'MENU', 'DIALOG', 'TEMPLATE', 'FIGCAPTION']);

// Class/id words of page furniture, in English and in the Vietnamese CMS vocabularies.
const JUNK_NAME = new RegExp([
  'share', 'social', 'sharing', 'addthis', 'sharethis', 'related', 'relate', 'lienquan', 'lien-quan', 'lien_quan', 'xemthem',
  'xem-them', 'tinkhac', 'tin-khac', 'other-news', 'othernews', 'more-news', 'morenews', 'readmore', 'read-more', 'recommend',
  'sidebar', 'side-bar', 'widget', 'breadcrumb', 'menu', 'navbar', 'topbar', 'masthead', 'footer', 'copyright', 'banner',
  'advert', 'adsbygoogle', 'qc-', 'quangcao', 'quang-cao', 'sponsor', 'promo', 'popup', 'modal',
  'cookie', 'newsletter', 'subscribe', 'signup', 'login', 'comment', 'binh-luan', 'binhluan', 'tags', 'tag-list', 'keyword',
  'caption', 'image-desc', 'img-desc', 'photo-desc', 'pic-desc', 'imagedesc', 'print', 'toolbar', 'pagination', 'pager', 'rating', 'vote', 'hotline', 'trending', 'most-read', 'mostread',
  'tin-moi', 'tinmoi', 'box-news', 'list-news', 'news-list', 'author-box', 'zalo', 'facebook', 'fb-', 'twitter', 'hidden',
  'outbrain', 'taboola', 'gallery', 'slideshow', 'slider', 'carousel', 'video', 'audio', 'player', 'weather',
].map((w) => w.replace(/[-_]/g, '[-_]?')).join('|') + String.raw`|(?:^|[\s_-])(?:ads?|ad-?slot|ad-?box|qc|search)(?:$|[\s_-])`, 'i');
// A container whose name says "article body" must not be removed because it also says e.g. "has-share".
const CONTENT_NAME = /article|content|detail|chi-?tiet|noi-?dung|post-?body|entry|story|body-?text|main-?text|fck|maincontent|news-?body|cms-body|td-post|singular/i;
const POSITIVE_NAME = /article|content|detail|chi-?tiet|noi-?dung|post|entry|story|text|body|main|fck|news|bai-?viet/i;
const NEGATIVE_NAME = /comment|sidebar|footer|related|lien-?quan|menu|nav|share|social|widget|banner|ads|promo|tag|meta|header|hot|most|list|other|khac|box/i;

// Per-page caches, emptied after each page: plain Maps, as a WeakMap's entries are costly for
// the garbage collector when a page has thousands of elements.
const nameCache = new Map<El, string>();

/** "class id" of an element, read once per element (attribute access is slow in linkedom). */
function nameOf(el: El): string {
  let n = nameCache.get(el);
  if (n === undefined) {
    n = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.trim();
    nameCache.set(el, n);
  }
  return n;
}

function isJunk(el: El): boolean {
  if (JUNK_TAGS.has(el.tagName)) return true;
  const role = el.getAttribute('role');
  if (role === 'navigation' || role === 'complementary' || role === 'banner' || role === 'contentinfo') return true;
  if (el.getAttribute('aria-hidden') === 'true' || /display\s*:\s*none/i.test(el.getAttribute('style') ?? '')) return true;
  const name = nameOf(el);
  if (name === '' || name.length > 300) return false;
  if (!JUNK_NAME.test(name)) return false;
  // Keep big containers that merely carry a furniture word (e.g. "content has-sidebar").
  return !(CONTENT_NAME.test(name) && (el.textContent?.length ?? 0) > 600);
}

// Photo boxes with captions (VnExpress "tplCaption", Tuổi Trẻ "VCSortableInPreviewMode" photos).
const PHOTO_BOX = /tplCaption|PhotoCMS_Caption|image_caption|img-caption/;

function isPhotoBox(el: El): boolean {
  return el.tagName === 'FIGURE' || PHOTO_BOX.test(nameOf(el)) || (el.tagName === 'DIV' && el.getAttribute('type') === 'Photo');
}

function removeJunk(root: El | Doc): void {
  const all = root.querySelectorAll('*');
  const doomed: El[] = [];
  for (const el of all) if (isJunk(el) || isPhotoBox(el)) doomed.push(el);
  // Layout names lie ("sidebar-1" is VnExpress's main column): never remove what holds the
  // headline or a large share of the page's text.
  const holdsArticle = new Set<El>();
  for (const key of [...root.getElementsByTagName('h1'), ...[...all].filter((el) => el.getAttribute('itemprop') === 'articleBody')]) {
    for (let a: El | null = key; a !== null && !holdsArticle.has(a); a = a.parentElement) holdsArticle.add(a);
  }
  let bodyLength = -1;
  for (const el of doomed) {
    if (JUNK_TAGS.has(el.tagName) && el.tagName !== 'ASIDE' && el.tagName !== 'FOOTER' && el.tagName !== 'NAV') {
      el.remove();
      continue;
    }
    if (holdsArticle.has(el)) continue;
    if (bodyLength < 0) bodyLength = (root.textContent ?? '').length;
    if ((el.textContent ?? '').length > bodyLength * 0.4 && bodyLength > 2000) continue;
    el.remove();
  }
  for (const h of [...root.getElementsByTagName('header')]) {
    // A site header (logo, menu) goes; an article header holding the h1 and date stays.
    if (h.getElementsByTagName('h1').length === 0) h.remove();
  }
}

// ---------------------------------------------------------------- text

const BLOCK_TAGS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'TABLE', 'TR',
  'TD', 'TH', 'TBODY', 'THEAD', 'BLOCKQUOTE', 'SECTION', 'ARTICLE', 'PRE', 'BR', 'HR', 'HEADER', 'MAIN', 'FIGURE', 'ADDRESS', 'CENTER']);

interface Paragraph {
  text: string;
  linkChars: number;
  tag: string;
  strongOnly: boolean;
}

const CAPTION_BLOCKS = new Set(['DIV', 'TD', 'P', 'TABLE', 'CENTER', 'SPAN', 'A', 'FIGURE']);

/** Collapses white space; keeps text only. */
function clean(text: string): string {
  return text.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** Walks a subtree and cuts it into paragraphs at block boundaries. */
function paragraphsOf(root: El): Paragraph[] {
  const out: Paragraph[] = [];
  let buf = '';
  let linkChars = 0;
  let strongChars = 0;
  let emChars = 0;
  let blockTag = 'P';
  // After a photo, a short all-italic paragraph is its caption.
  let afterImage = false;
  const flush = (): void => {
    const text = clean(buf);
    if (text !== '') {
      const letters = text.replace(/\s/g, '').length;
      const caption = afterImage && emChars >= letters * 0.9 && text.length < 250;
      if (!caption) out.push({ text, linkChars, tag: blockTag, strongOnly: strongChars >= letters * 0.9 });
      afterImage = false;
    }
    buf = '';
    linkChars = 0;
    strongChars = 0;
    emChars = 0;
  };
  const walk = (node: Node, inLink: boolean, inStrong: boolean, depth: number, inEm = false): void => {
    if (depth > 200) return;
    if (node.nodeType === 3) {
      const v = node.nodeValue ?? '';
      buf += v;
      const n = v.replace(/\s/g, '').length;
      if (inLink) linkChars += n;
      if (inStrong) strongChars += n;
      if (inEm) emChars += n;
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as El;
    const tag = el.tagName;
    if (JUNK_TAGS.has(tag)) return;
    if (tag === 'IMG') {
      if (clean(buf) === '') afterImage = true;
      return;
    }
    // A photo block: the image and a short caption around it.
    if (CAPTION_BLOCKS.has(tag) && withImage.has(el) && isSmallPhotoBlock(el)) {
      flush();
      afterImage = true;
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      flush();
      blockTag = tag;
    }
    const link = inLink || tag === 'A';
    const strong = inStrong || tag === 'STRONG' || tag === 'B';
    const em = inEm || tag === 'EM' || tag === 'I';
    for (let c = el.firstChild; c !== null; c = c.nextSibling) walk(c, link, strong, depth + 1, em);
    if (block) {
      flush();
      blockTag = 'P';
    }
  };
  const withImage = new Set<El>();
  for (const img of root.getElementsByTagName('img')) {
    for (let a = img.parentElement; a !== null && !withImage.has(a); a = a.parentElement) {
      withImage.add(a);
      if (a === root) break;
    }
  }
  walk(root, false, false, 0);
  flush();
  return out;
}

/** A block holding a photo and under 200 characters of text in at most two paragraphs (bounded walk). */
function isSmallPhotoBlock(el: El): boolean {
  let chars = 0;
  let paragraphs = 0;
  let visited = 0;
  const stack: Node[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (++visited > 400) return false;
    if (n.nodeType === 3) {
      chars += (n.nodeValue ?? '').trim().length;
      if (chars >= 200) return false;
    } else if (n.nodeType === 1) {
      if ((n as El).tagName === 'P' && ++paragraphs > 2) return false;
      for (let c = n.firstChild; c !== null; c = c.nextSibling) stack.push(c);
    }
  }
  return true;
}

// ---------------------------------------------------------------- scoring

function nameWeight(el: El): number {
  const name = nameOf(el);
  if (name === '') return 0;
  let w = 0;
  if (POSITIVE_NAME.test(name)) w += 25;
  if (NEGATIVE_NAME.test(name)) w -= 25;
  if (el.getAttribute('itemprop') === 'articleBody') w += 50;
  return w;
}

const densityCache = new Map<El, number>();

function linkDensity(el: El): number {
  const cached = densityCache.get(el);
  if (cached !== undefined) return cached;
  const d = computeLinkDensity(el);
  densityCache.set(el, d);
  return d;
}

/** Non-white-space characters, counted without building new strings. */
function visibleLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c !== 160) n++;
  }
  return n;
}

function computeLinkDensity(el: El): number {
  const total = visibleLength(el.textContent ?? '');
  if (total === 0) return 1;
  let links = 0;
  for (const a of el.getElementsByTagName('a')) links += visibleLength(a.textContent ?? '');
  return Math.min(1, links / total);
}

/** Text of the node's own text children (not of its descendants). */
function ownText(el: El): string {
  let s = '';
  for (let c = el.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === 3) s += c.nodeValue ?? '';
  return s;
}

const VOTING_TAGS = new Set(['P', 'PRE', 'TD', 'BLOCKQUOTE', 'DIV', 'SECTION', 'FONT', 'SPAN']);

/** Readability-style: paragraphs vote for their ancestors; the best-voted container wins. */
function bestContainer(body: El): El | null {
  const scores = new Map<El, number>();
  const add = (el: El | null, points: number): void => {
    if (el === null) return;
    if (!scores.has(el)) scores.set(el, nameWeight(el));
    scores.set(el, scores.get(el)! + points);
  };
  for (const el of body.querySelectorAll('*')) {
    if (!VOTING_TAGS.has(el.tagName)) continue;
    let text: string;
    if (el.tagName === 'P' || el.tagName === 'PRE' || el.tagName === 'BLOCKQUOTE') text = el.textContent ?? '';
    else {
      // Old CMSs write paragraphs as text between <br>s straight inside a div or td.
      text = ownText(el);
      if (text.length < 60) continue;
    }
    const len = clean(text).length;
    if (len < 25) continue;
    const points = 1 + (text.match(/[,，、]/g)?.length ?? 0) + Math.min(Math.floor(len / 100), 3);
    const parent = el.tagName === 'P' || el.tagName === 'PRE' || el.tagName === 'BLOCKQUOTE' ? el.parentElement : el;
    add(parent, points);
    add(parent?.parentElement ?? null, points / 2);
    add(parent?.parentElement?.parentElement ?? null, points / 3);
  }
  let best: El | null = null;
  let bestScore = 0;
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  for (const [el, score] of ranked) {
    const s = score * (1 - linkDensity(el));
    if (s > bestScore) {
      best = el;
      bestScore = s;
    }
  }
  if (best === null) return null;
  // Climb while the parent holds much the same content (the article split into several divs).
  for (let p = best.parentElement; p !== null && p.tagName !== 'BODY' && p.tagName !== 'HTML'; p = p.parentElement) {
    const ps = (scores.get(p) ?? 0) * (1 - linkDensity(p));
    if (ps < bestScore * 0.9) break;
    best = p;
    bestScore = Math.max(bestScore, ps);
  }
  return best;
}

// ---------------------------------------------------------------- paragraph cleanup

// Lines that open a promotion or a link list, whatever follows.
const BOILERPLATE_START = /^(?:>>|(?:xem thêm|xem them|tin liên quan|tin cùng chuyên mục|bài liên quan|đọc thêm|đọc tiếp|read more|see also|also read|read also|lire aussi|à lire aussi|a lire aussi|sur le même sujet|lesen sie auch|mehr zum thema|lee también|te puede interesar|leia também|читайте также)(?![\p{L}\p{N}]))/iu;
// Openings that are furniture only in a short line ("Bình luận về việc này, ông A nói…" is prose).
const SHORT_BOILERPLATE_START = /^(tin khác|mời (quý )?(bạn|độc giả)|related|advertisement|publicité|quảng cáo|chia sẻ|share this|follow us|theo dõi|tải app|xem video|video:|ảnh:|nguồn ảnh|photo:|image:|credit:|getty images|©|copyright|bản quyền|bình luận|comments?\b|gửi bình luận|ý kiến bạn đọc|từ khóa|từ khoá|tags?:|mots-clés|thẻ:|anzeige|werbung|publicidad|publicidade|реклама)/i;

function isBoilerplate(t: string): boolean {
  return BOILERPLATE_START.test(t) || (t.length < 80 && SHORT_BOILERPLATE_START.test(t));
}
const FOLLOW_LINE = /^follow (?:us|our|ap|[\w.]+['’]s)\b/i;
const TRAILING_HEADING = /^(more on this story|related( stories| articles)?|top stories|most read|read more|xem nhiều|đọc nhiều|tin liên quan|tin cùng chuyên mục|các tin khác|tin khác|bài viết liên quan|les plus lus|à la une|sur le même sujet)$/i;
const BOILERPLATE_EXACT = /^(share|tweet|email|print|in bài|in|gửi|lưu|trở lại|quay lại|về đầu trang|top|like|thích|chia sẻ|facebook|zalo|twitter|linkedin|copy link|sao chép liên kết|[|•·\-–—>»]+)$/i;
const BYLINE_PREFIX = /^(by|par|tác giả|bài(?: và ảnh)?|ảnh|bài, ảnh|nhóm phóng viên|pv|phóng viên|theo|nguồn)\s*[:.]?\s*/i;

function looksLikeAuthorLine(p: Paragraph): boolean {
  const t = p.text.replace(/[()[\]]/g, '').trim();
  if (t.length === 0 || t.length > 60) return false;
  const words = t.split(/\s+/);
  if (words.length > 8) return false;
  if (/[.!?:;…"]$/.test(t) && !/^(theo|nguồn)\b/i.test(t)) return false;
  if (/^(theo|nguồn)\s/i.test(t)) return true;
  if (/^(TTXVN|VNA|AFP|Reuters|AP|VTV|VOV)$/i.test(t)) return true;
  // "MINH ANH", "Minh Anh - Thu Hà", "Nguyễn Văn A (Đồng Nai)"
  const capitalised = words.filter((w) => /^[\p{Lu}\d(-]/u.test(w)).length;
  return capitalised >= words.length * 0.8 && (p.strongOnly || t === t.toUpperCase() || words.length <= 5);
}

function authorFromLine(text: string): string[] {
  const t = text.replace(/^\(|\)$/g, '').replace(BYLINE_PREFIX, '').trim();
  if (t === '' || /^(TTXVN|VNA|AFP|Reuters|AP)$/i.test(t) || /^theo|^nguồn/i.test(text)) return [];
  return t.split(/\s+(?:-|–|và|and|et|&)\s+|,\s*/).map((s) => s.trim()).filter((s) => s.length > 1 && s.length <= 40);
}

interface BodyResult {
  text: string;
  tailAuthors: string[];
}

function cleanParagraphs(paragraphs: Paragraph[], title: string | null): BodyResult {
  const titleKey = title === null ? '' : clean(title).toLowerCase();
  // Breadcrumbs, category and date printed above the headline are not article text.
  const h1 = paragraphs.findIndex((p) => p.tag === 'H1' || (titleKey !== '' && p.text.toLowerCase() === titleKey));
  if (h1 > 0 && h1 < paragraphs.length - 1) paragraphs = paragraphs.slice(h1);
  const kept: Paragraph[] = [];
  const seen = new Set<string>();
  for (const p of paragraphs) {
    const t = p.text;
    const key = t.toLowerCase();
    if (key === titleKey || p.tag === 'H1') continue;
    if (BOILERPLATE_EXACT.test(t) || isBoilerplate(t) || TRAILING_HEADING.test(t)) continue;
    if (/^[\p{P}\p{S}\s]+$/u.test(t) || (FOLLOW_LINE.test(t) && t.length < 160)) continue;
    // Lists of links (related articles, tags) inside the body.
    if (p.linkChars > t.replace(/\s/g, '').length * 0.6 && t.length < 300) continue;
    if (seen.has(key) && t.length < 200) continue;
    seen.add(key);
    kept.push(p);
  }
  // A heading left alone at the end introduced a list of links that was removed.
  while (kept.length > 1 && /^H[2-6]$/.test(kept[kept.length - 1]!.tag) && kept[kept.length - 1]!.text.length < 80) kept.pop();
  // The author line (and "Theo ..." source line) printed at the end of Vietnamese articles.
  const tailAuthors: string[] = [];
  for (let i = 0; i < 2 && kept.length > 1; i++) {
    const last = kept[kept.length - 1]!;
    if (!looksLikeAuthorLine(last)) break;
    tailAuthors.unshift(...authorFromLine(last.text));
    kept.pop();
  }
  // A date or byline line at the very top ("Thứ hai, 18/11/2026 - 08:15", "By Jane Doe").
  while (kept.length > 1) {
    const first = kept[0]!.text;
    const isDateLine = first.length < 80 && parseHumanDate(first) !== null && first.split(/\s+/).length < 12;
    const isByline = first.length < 60 && /^(by|par|tác giả)\s/i.test(first);
    if (!isDateLine && !isByline) break;
    kept.shift();
  }
  return { text: kept.map((p) => p.text).join('\n\n'), tailAuthors };
}

// ---------------------------------------------------------------- lead (sapo)

const LEAD_NAME = /sapo|lead|desc|chapo|summary|intro|brief|standfirst|excerpt|teaser|tom-?tat/i;

/** Elements whose class names a lead paragraph, collected before junk removal. */
function leadCandidates(all: El[]): El[] {
  const out: El[] = [];
  for (const el of all) {
    const c = nameOf(el);
    if (c !== '' && c.length < 200 && LEAD_NAME.test(c)) out.push(el);
  }
  return out;
}

/**
 * Many layouts print the lead paragraph (sapo, chapô) above the body container, next to the
 * headline. Finds it near the chosen container when the body does not already contain it.
 */
function findLead(candidates: El[], roots: El[], bodyText: string): string | null {
  const root = roots[0];
  if (root === undefined) return null;
  const near: El[] = [];
  for (let a = root.parentElement, i = 0; a !== null && i < 4; a = a.parentElement, i++) near.push(a);
  for (const el of candidates) {
    if (roots.some((r) => r.contains(el) || el.contains(r))) continue;
    if (!near.some((a) => a.contains(el))) continue;
    const text = clean(el.textContent ?? '');
    if (text.length < 40 || text.length > 1500 || bodyText.includes(text.slice(0, 60))) continue;
    if (linkDensity(el) > 0.3 || el.getElementsByTagName('p').length > 2) continue;
    return text;
  }
  return null;
}

// ---------------------------------------------------------------- metadata

const metaCache = new WeakMap<Doc, Map<string, string>>();

/** First non-empty <meta> content among the keys (property, name or itemprop; case-insensitive). */
function meta(doc: Doc, ...keys: string[]): string | null {
  let map = metaCache.get(doc);
  if (map === undefined) {
    map = new Map();
    for (const m of doc.getElementsByTagName('meta')) {
      const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').trim().toLowerCase();
      const content = m.getAttribute('content');
      if (key !== '' && content !== null && content.trim() !== '' && !map.has(key)) map.set(key, clean(content));
    }
    metaCache.set(doc, map);
  }
  for (const key of keys) {
    const v = map.get(key.toLowerCase());
    if (v !== undefined) return v;
  }
  return null;
}

interface LdArticle {
  headline: string | null;
  authors: string[];
  section: string | null;
}

function ldNames(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(ldNames);
  if (value !== null && typeof value === 'object') {
    const name = (value as Record<string, unknown>)['name'];
    return typeof name === 'string' ? [name] : [];
  }
  return [];
}

function ldArticle(all: El[]): LdArticle {
  const result: LdArticle = { headline: null, authors: [], section: null };
  const visit = (node: unknown, depth: number): void => {
    if (depth > 5 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const o = node as Record<string, unknown>;
    const type = JSON.stringify(o['@type'] ?? '');
    if (/Article|Posting|Report|LiveBlog/i.test(type)) {
      if (result.headline === null && typeof o['headline'] === 'string') result.headline = clean(o['headline']);
      if (result.authors.length === 0) result.authors = ldNames(o['author']).map(clean).filter((a) => a !== '');
      const section = o['articleSection'];
      if (result.section === null) {
        const s = Array.isArray(section) ? section[0] : section;
        if (typeof s === 'string' && s.trim() !== '') result.section = clean(s);
      }
    }
    if ('@graph' in o) visit(o['@graph'], depth + 1);
  };
  for (const s of all) {
    // script[type="application/ld+json"] (the type compared without case, as CSS does for type).
    if (s.tagName === 'SCRIPT' && s.getAttribute('type')?.toLowerCase() === 'application/ld+json') visit(parseJsonLd(s.textContent ?? ''), 0);
  }
  return result;
}

const TITLE_SEPARATORS = /\s+[-|–—:»]\s+|\s*\|\s*/;

function similar(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
}

function findTitle(doc: Doc, ld: LdArticle): string | null {
  const og = meta(doc, 'og:title', 'twitter:title');
  const docTitle = clean(doc.querySelector('title')?.textContent ?? '');
  // "<Headline> - Báo Bình Phước": keep the longest part.
  const titleParts = docTitle.split(TITLE_SEPARATORS).sort((a, b) => b.length - a.length);
  const hints = [ld.headline, og, docTitle].filter((s): s is string => s !== null && s !== '');
  const h1s = [...doc.getElementsByTagName('h1')].map((h) => clean(h.textContent ?? '')).filter((t) => t.length > 3);
  for (const h of h1s) if (hints.some((hint) => similar(h, hint))) return h;
  return ld.headline ?? og?.split(TITLE_SEPARATORS).sort((a, b) => b.length - a.length)[0] ?? h1s[0] ?? titleParts[0] ?? null;
}

function findAuthors(doc: Doc, all: El[], ld: LdArticle): string[] {
  if (ld.authors.length > 0) return ld.authors;
  const m = meta(doc, 'author', 'article:author', 'dc.creator', 'byl', 'sailthru.author', 'parsely-author');
  if (m !== null && !/^https?:/.test(m)) return authorFromLine(m.replace(/^by\s+/i, ''));
  const tagged = new Set(doc.querySelectorAll('[rel="author"], [itemprop="author"]'));
  const isAuthor = (el: El): boolean => tagged.has(el) || /author|tac-?gia/i.test(nameOf(el));
  const isByline = (el: El): boolean => /byline/i.test(nameOf(el));
  for (const test of [isAuthor, isByline]) {
    for (const el of all) {
      if (!test(el)) continue;
      // The innermost element: "Page-byline" holds both "Page-authors" and the date.
      if ([...el.querySelectorAll('*')].some(test)) continue;
      const t = clean(el.textContent ?? '');
      if (t.length > 1 && t.length <= 60) return authorFromLine(t);
    }
  }
  return [];
}

function findSection(doc: Doc, all: El[], ld: LdArticle): string | null {
  const m = meta(doc, 'article:section', 'section', 'category');
  if (m !== null) return m;
  if (ld.section !== null) return ld.section;
  for (const el of all) {
    if (!/breadcrumb/i.test(nameOf(el)) && !/Breadcrumb/.test(el.getAttribute('itemtype') ?? '')) continue;
    const crumbs = [...el.getElementsByTagName('a')].map((a) => clean(a.textContent ?? ''))
      .filter((t) => t !== '' && !/^(trang chủ|home|accueil|startseite)$/i.test(t));
    if (crumbs[0] !== undefined) return crumbs[0];
  }
  return null;
}

// ---------------------------------------------------------------- comments

const COMMENT_ITEM_CLASSES = ['comment-item', 'comment_item', 'commentitem', 'item-comment'];
const CLASS_SEPARATOR = /[\t\n\f\r ]+/;

/**
 * The selector [class*="comment-item"], [class*="comment_item"], [class*="commentitem"],
 * [class*="item-comment"], li[class*="comment"], .comment, [itemtype*="Comment"] — tested in one
 * walk with string searches: as a CSS selector it was a tenth of the extraction's time.
 */
function isCommentItem(el: El): boolean {
  const cls = el.getAttribute('class');
  if (cls !== null && cls.includes('comment')) {
    if (el.tagName === 'LI' || COMMENT_ITEM_CLASSES.some((c) => cls.includes(c))) return true;
    if (cls.split(CLASS_SEPARATOR).includes('comment')) return true;
  }
  return el.getAttribute('itemtype')?.includes('Comment') ?? false;
}

function findComments(all: El[], now: Date | undefined): ExtractedComment[] {
  const out: ExtractedComment[] = [];
  for (const item of all) {
    if (!isCommentItem(item)) continue;
    if (out.length >= 500) break;
    // Nested replies are their own items; take each item's own text only once.
    const textEl = item.querySelector('[class*="content"], [class*="text"], [class*="body"], [itemprop="text"], p');
    const text = clean(textEl?.textContent ?? '');
    if (text === '' || out.some((c) => c.text === text)) continue;
    const authorEl = item.querySelector('[class*="author"], [class*="name"], [itemprop="author"], [class*="user"], strong, b');
    const author = authorEl === null ? null : clean(authorEl.textContent ?? '') || null;
    const dateEl = item.querySelector('time, [class*="date"], [class*="time"]');
    const publishedAt = dateEl === null ? null
      : parseHumanDate(dateEl.getAttribute('datetime') ?? dateEl.textContent ?? '', { now });
    out.push({ author: author !== null && author.length <= 80 ? author : null, text, publishedAt });
  }
  return out;
}

// ---------------------------------------------------------------- main

function safeSelectAll(root: Doc | El, selector: string | undefined): El[] {
  if (selector === undefined || selector.trim() === '') return [];
  try {
    return [...root.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

function maxDepth(root: El | null): number {
  if (root === null) return 0;
  let deepest = 0;
  const stack: [El, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [el, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    if (d > 500) break;
    for (let c = el.firstElementChild; c !== null; c = c.nextElementSibling) stack.push([c, d + 1]);
  }
  return deepest;
}

function readabilityText(html: string, url: string): string {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
    if (article?.content == null) return '';
    const { document: d2 } = parseHTML(`<html><body><div id="r">${article.content}</div></body></html>`);
    const root = d2.getElementById('r');
    void url;
    return root === null ? '' : paragraphsOf(root as El).map((p) => p.text).join('\n\n');
  } catch {
    return '';
  }
}

/** Extracts the article from a news page. Never throws; a page it cannot read gives empty text. */
export function extractArticle(input: ExtractInput): ExtractedArticle {
  try {
    return extract(input);
  } catch {
    return { ...EMPTY };
  } finally {
    nameCache.clear();
    densityCache.clear();
  }
}

function extract(input: ExtractInput): ExtractedArticle {
  const html = input.html ?? '';
  if (html.trim() === '') return { ...EMPTY };
  // Scripts, styles, comments and unread attributes are most of a page's nodes and none of its text.
  const cleaned0 = leanHtml(html, { allAttributes: input.selectors !== undefined });
  // linkedom leaves a fragment outside an empty synthesized <body>: give it a real one.
  const { document } = parseHTML(/<html[\s>]|<body[\s>]/i.test(cleaned0.slice(0, 5000)) ? cleaned0 : `<html><body>${cleaned0}</body></html>`);
  const doc = document as unknown as Doc;
  const sel = input.selectors ?? {};
  const lang = doc.documentElement?.getAttribute('lang')?.trim() || null;

  // Every element, in document order, before anything is removed: read by several finders below.
  const all = [...doc.querySelectorAll('*')];
  const ld = ldArticle(all);
  const selTitle = safeSelectAll(doc, sel.title)[0];
  const title = selTitle !== undefined ? clean(selTitle.textContent ?? '') || null : findTitle(doc, ld);
  let authors = safeSelectAll(doc, sel.author).map((el) => clean(el.textContent ?? '')).flatMap(authorFromLine);
  if (authors.length === 0) authors = findAuthors(doc, all, ld);
  const section = findSection(doc, all, ld);

  const selDate = safeSelectAll(doc, sel.date)[0];
  const dateOptions = { now: input.now, defaultTimeZone: 'Asia/Ho_Chi_Minh', url: input.url, lang };
  const publishedAt = (selDate !== undefined
    ? parseHumanDate(selDate.getAttribute('datetime') ?? selDate.getAttribute('content') ?? selDate.textContent ?? '', dateOptions)
    : null) ?? findPublishedDate(doc, html, dateOptions);

  const comments = /comment|binh-?luan|y-?kien/i.test(html) ? findComments(all, input.now) : [];

  const leads = sel.body === undefined ? leadCandidates(all) : [];
  for (const s of sel.remove ?? []) for (const el of safeSelectAll(doc, s)) el.remove();
  let roots = safeSelectAll(doc, sel.body);
  if (roots.length === 0) {
    const body = (doc.body ?? doc.documentElement) as El | null;
    if (body === null) return { ...EMPTY, title, publishedAt, authors, section, lang, comments };
    removeJunk(body);
    const best = bestContainer(body);
    roots = best === null ? [] : [best];
  } else {
    for (const r of roots) removeJunk(r);
  }
  const paragraphs = roots.flatMap(paragraphsOf);
  const cleaned = cleanParagraphs(paragraphs, title);
  let text = cleaned.text;
  if (sel.body === undefined) {
    const lead = findLead(leads, roots, text);
    if (lead !== null && !isBoilerplate(lead)) text = text === '' ? lead : `${lead}\n\n${text}`;
  }
  // Readability is slow on pathological trees (thousands of nested tables): only for ordinary pages.
  if (text.length < 200 && sel.body === undefined && html.length < 1_500_000 && maxDepth(doc.documentElement as El | null) < 120) {
    const fallback = readabilityText(leanHtml(html, { allAttributes: true }), input.url);
    if (fallback.length > text.length * 1.5) text = cleanParagraphs(fallback.split('\n\n').map((t) => ({ text: t, linkChars: 0, tag: 'P', strongOnly: false })), title).text;
  }
  if (authors.length === 0) authors = cleaned.tailAuthors;
  return { title, text, publishedAt, authors: [...new Set(authors)], section, lang, comments };
}
