// The "next page" of a listing, a forum section or a thread: what the site says (a configured
// selector, rel=next, XenForo's pageNav), then what readers click ("Trang sau", "›", "»"), then a
// link to page N+1 of the same address (?page=N, /page-N, /trang-N, /page/N).
import { fold } from '../pipeline/language/fold.ts';

// Only the few DOM members used here, so callers may pass a linkedom document.
type ElementLike = {
  getAttribute(name: string): string | null;
  textContent: string | null;
  tagName: string;
  querySelector(selector: string): ElementLike | null;
};
type DocumentLike = { querySelectorAll(selector: string): Iterable<ElementLike> };

// Folded anchor texts (or aria-label/title) that mean "next page"; "»" and ">>" often mean "last
// page" instead, so they are tried only when nothing clearer is there.
const NEXT_WORDS = new Set(['trang sau', 'trang tiep', 'trang ke', 'tiep', 'tiep theo', 'sau', 'xem tiep', 'next', 'next page', 'older',
  'older posts', 'bai cu hon', 'tin cu hon', 'cu hon', '›', '>', '→', 'trang sau ›', 'trang sau »', 'sau ›', 'sau »', 'next ›', 'next »']);
const WEAK_NEXT_WORDS = new Set(['»', '>>', 'xem them']);

const PAGE_IN_QUERY = /^(?:page|p|trang|pg|paged)$/i;
const PAGE_IN_PATH = /\/(?:page|trang|p)[-/](\d{1,5})\/?$/i;

/** Page number written in a URL (1 when none), and the URL without it. */
export function pageOf(url: string): { page: number; base: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { page: 1, base: url };
  }
  u.hash = '';
  let page = 1;
  for (const [k, v] of [...u.searchParams.entries()]) {
    if (PAGE_IN_QUERY.test(k) && /^\d{1,5}$/.test(v)) {
      page = Number(v);
      u.searchParams.delete(k);
    }
  }
  const m = PAGE_IN_PATH.exec(u.pathname);
  if (m !== null) {
    page = Number(m[1]);
    u.pathname = u.pathname.slice(0, m.index + 1);
  }
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/$/, '');
  return { page, base: u.toString().replace(/\?$/, '') };
}

/** An href resolved against the page, if it is a web address on the same host. */
export function resolveLink(href: string | null, pageUrl: string): string | null {
  if (href === null) return null;
  const h = href.trim();
  if (h === '' || h.startsWith('#') || /^(?:javascript|mailto|tel):/i.test(h)) return null;
  try {
    const u = new URL(h, pageUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const host = (x: string) => x.toLowerCase().replace(/^(?:www|m)\./, '');
    if (host(u.hostname) !== host(new URL(pageUrl).hostname)) return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

function hrefOf(el: ElementLike): string | null {
  if (el.tagName === 'A' || el.tagName === 'LINK') return el.getAttribute('href');
  return el.querySelector('a[href]')?.getAttribute('href') ?? null;
}

function safeAll(doc: DocumentLike, selector: string): ElementLike[] {
  try {
    return [...doc.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

/** The URL of the page after `pageUrl`, or null when this is the last page. */
export function findNextPage(doc: DocumentLike, pageUrl: string, selector?: string): string | null {
  const here = pageOf(pageUrl);
  const differs = (u: string | null): u is string => u !== null && u !== pageUrl;
  const fromSelectors = [selector, 'link[rel~="next"]', 'a[rel~="next"]', '.pageNav-jump--next', 'a.next', '.next a', '.pagination .next a'];
  for (const s of fromSelectors) {
    if (s === undefined || s.trim() === '') continue;
    for (const el of safeAll(doc, s)) {
      const u = resolveLink(hrefOf(el), pageUrl);
      if (differs(u)) return u;
    }
    // A configured selector that matches nothing means "no next page", not "guess".
    if (s === selector) return null;
  }
  const anchors = safeAll(doc, 'a[href]');
  for (const words of [NEXT_WORDS, WEAK_NEXT_WORDS]) {
    for (const a of anchors) {
      const label = fold(`${a.textContent ?? ''}`.replace(/\s+/g, ' ').trim());
      const aria = fold(a.getAttribute('aria-label') ?? a.getAttribute('title') ?? '').trim();
      if (!words.has(label) && !words.has(aria)) continue;
      const u = resolveLink(a.getAttribute('href'), pageUrl);
      // Never back to an earlier page.
      if (differs(u) && pageOf(u).page >= here.page) return u;
    }
  }
  for (const a of anchors) {
    const u = resolveLink(a.getAttribute('href'), pageUrl);
    if (u === null) continue;
    const there = pageOf(u);
    if (there.page === here.page + 1 && there.base === here.base) return u;
  }
  return null;
}
