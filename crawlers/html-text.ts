// HTML fragments (feed content, summaries) → plain text with paragraph breaks. Crawled HTML is
// untrusted: only its text survives.
import { parseHTML } from 'linkedom';

const BLOCK = new Set(['P', 'DIV', 'BR', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TR', 'BLOCKQUOTE', 'SECTION', 'ARTICLE', 'FIGCAPTION', 'PRE', 'UL', 'OL', 'TABLE']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG']);

export function htmlToText(html: string): string {
  if (!html.trim()) return '';
  if (!/[<&]/.test(html)) return html.replace(/[ \t]+/g, ' ').trim();
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const parts: string[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) parts.push(child.textContent ?? '');
      else if (child.nodeType === 1) {
        const tag = (child as Element).tagName.toUpperCase();
        if (SKIP.has(tag)) continue;
        if (BLOCK.has(tag)) parts.push('\n\n');
        walk(child);
        if (BLOCK.has(tag)) parts.push('\n\n');
      }
    }
  };
  walk(document.body);
  return parts.join('')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
