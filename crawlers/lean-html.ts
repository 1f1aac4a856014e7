// The HTML the article extractor reads, made lean before it is parsed: scripts (JSON-LD kept),
// styles, comments, <svg>, <noscript> and <template> dropped, and — unless the source brings its
// own CSS selectors, which may name any attribute — every attribute the extractor never reads
// (href, src, alt, width, title, data-*…). A news page is half scripts and styles, and linkedom
// makes a node of every attribute, which each later walk over the tree steps past again: the
// parse and every walk get shorter.
//
// One pass from left to right with indexOf and a sticky search for closing tags, so the time is
// linear in the page's length whatever it holds (unclosed comments, a thousand "<svg" without an
// end): no backtracking regular expression. Tags are read as htmlparser2 (linkedom's tokenizer)
// reads them, so what is kept parses to the same tree.

/** Attributes the extractor and the date finder read (class/id names, roles, microdata, <meta>, <time>). */
const KEPT_ATTRIBUTES = new Set(['class', 'id', 'role', 'aria-hidden', 'hidden', 'itemprop', 'itemtype', 'itemscope', 'type',
  'datetime', 'pubdate', 'content', 'property', 'name', 'http-equiv', 'charset', 'rel', 'lang']);
// style is read only to see an element hidden.
const HIDING_STYLE = /display\s*:\s*none/i;

/** Dropped with everything up to their first closing tag. */
const DROPPED_BLOCKS = new Set(['script', 'style', 'noscript', 'template', 'svg']);
/** htmlparser2 reads these elements' content as text, up to their closing tag. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

const closers = new Map<string, RegExp>();

/**
 * Where `</name` followed by the end of a tag name starts, at or after `from`; -1 if nowhere.
 * The last answer per name is remembered: a page of a thousand unclosed <svg> is still searched once.
 */
function closingTagFinder(html: string): (name: string, from: number) => number {
  const last = new Map<string, { from: number; at: number }>();
  return (name, from) => {
    const known = last.get(name);
    if (known !== undefined && from >= known.from && (known.at < 0 || from <= known.at)) return known.at;
    let re = closers.get(name);
    if (re === undefined) closers.set(name, (re = new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi')));
    re.lastIndex = from;
    const at = re.exec(html)?.index ?? -1;
    last.set(name, { from, at });
    return at;
  };
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export type LeanOptions = {
  /** Keep every attribute (a source's own selectors may name any of them). */
  allAttributes?: boolean;
};

export function leanHtml(html: string, options: LeanOptions = {}): string {
  const keepAll = options.allAttributes === true;
  const closingTag = closingTagFinder(html);
  const n = html.length;
  let out = '';
  // Start of the text not yet copied to `out`.
  let copied = 0;
  let i = html.indexOf('<');
  while (i >= 0 && i < n - 1) {
    const c = html.charCodeAt(i + 1);
    if (c === 33 /* ! */ && html.startsWith('<!--', i)) {
      // htmlparser2 accepts "<!-->" and "<!--->" as whole comments; unclosed, it runs to the end.
      const end = html.indexOf('-->', i + 2);
      out += html.slice(copied, i);
      copied = end < 0 ? n : end + 3;
      i = html.indexOf('<', copied);
      continue;
    }
    if (!isAlpha(c)) {
      // A closing tag, a declaration, a processing instruction or a lone "<": kept as it is.
      const gt = c === 47 /* / */ || c === 33 || c === 63 /* ? */ ? html.indexOf('>', i + 2) : i + 1;
      i = gt < 0 ? -1 : html.indexOf('<', gt);
      continue;
    }
    // A start tag: its name, then its attributes, read as htmlparser2 reads them.
    let j = i + 1;
    while (j < n) {
      const d = html.charCodeAt(j);
      if (isSpace(d) || d === 47 || d === 62) break;
      j++;
    }
    const name = html.slice(i + 1, j).toLowerCase();
    let tag = `<${html.slice(i + 1, j)}`;
    let selfClosing = false;
    let closed = false;
    let ldJson = false;
    while (j < n) {
      const d = html.charCodeAt(j);
      if (d === 62 /* > */) {
        closed = true;
        j++;
        break;
      }
      if (isSpace(d)) {
        j++;
        continue;
      }
      if (d === 47 /* / */) {
        // "/" then ">" closes the tag; "/" then anything else is skipped.
        j++;
        while (j < n && isSpace(html.charCodeAt(j))) j++;
        if (j < n && html.charCodeAt(j) === 62) {
          selfClosing = true;
          closed = true;
          j++;
          break;
        }
        continue;
      }
      // An attribute: name [= value].
      const start = j;
      while (j < n) {
        const e = html.charCodeAt(j);
        if (e === 61 /* = */ || isSpace(e) || e === 47 || e === 62) break;
        j++;
      }
      const attr = html.slice(start, j).toLowerCase();
      let k = j;
      while (k < n && isSpace(html.charCodeAt(k))) k++;
      let value = '';
      if (k < n && html.charCodeAt(k) === 61) {
        k++;
        while (k < n && isSpace(html.charCodeAt(k))) k++;
        const q = html.charCodeAt(k);
        if (q === 34 || q === 39) {
          const close = html.indexOf(q === 34 ? '"' : "'", k + 1);
          const end = close < 0 ? n : close;
          value = html.slice(k + 1, end);
          k = close < 0 ? n : close + 1;
        } else {
          const from = k;
          while (k < n) {
            const e = html.charCodeAt(k);
            if (isSpace(e) || e === 62) break;
            k++;
          }
          value = html.slice(from, k);
        }
        j = k;
      }
      // With no "=", the spaces after the name are left for the next round.
      if (attr === 'type' && name === 'script' && /ld\+json/i.test(value)) ldJson = true;
      if (keepAll || KEPT_ATTRIBUTES.has(attr) || (attr === 'style' && HIDING_STYLE.test(value))) tag += ` ${html.slice(start, j)}`;
    }
    if (!closed) {
      // A tag cut off by the end of the page: htmlparser2 drops it.
      out += html.slice(copied, i);
      copied = n;
      break;
    }
    out += html.slice(copied, i);
    if (DROPPED_BLOCKS.has(name) && !ldJson) {
      // Dropped with its content. A self-closed or unclosed <svg>/<noscript>/<template> loses only
      // its start tag; an unclosed <script>/<style> would have swallowed the rest of the page anyway.
      const end = selfClosing ? -1 : closingTag(name, j);
      if (end >= 0) {
        const gt = html.indexOf('>', end);
        copied = gt < 0 ? n : gt + 1;
      } else {
        copied = selfClosing || !RAW_TEXT.has(name) ? j : n;
      }
      i = html.indexOf('<', copied);
      continue;
    }
    out += selfClosing ? `${tag}/>` : `${tag}>`;
    copied = j;
    if (RAW_TEXT.has(name) && !selfClosing) {
      // Text up to the closing tag, "<" included, is not markup: copied as it is.
      const end = closingTag(name, j);
      i = end < 0 ? -1 : end;
      continue;
    }
    i = html.indexOf('<', j);
  }
  return copied < n ? out + html.slice(copied) : out;
}
