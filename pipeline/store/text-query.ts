// Free-text part of a records query, shared by both store adapters: words and "quoted phrases"
// that must all match, and -excluded ones. A term typed without diacritics matches the folded
// copy of the text ("bo thuong" finds "bồi thường"); a term with diacritics matches exactly.
import { fold, hasDiacritics } from '../language/fold.ts';

export type TextTerm = { text: string; exact: boolean };
export type TextQuery = { must: TextTerm[]; mustNot: TextTerm[] };

const TERM = /(-?)(?:"([^"]*)"|([^\s"]+))/g;
// Characters that carry no search meaning; removing them keeps FTS syntax out of user input.
const NOISE = /[^\p{L}\p{N}_\s]+/gu;

function term(raw: string): TextTerm | null {
  const cleaned = raw.normalize('NFC').replace(/_/g, ' ').replace(NOISE, ' ').replace(/\s+/g, ' ').trim();
  if (!cleaned) return null;
  const exact = hasDiacritics(cleaned);
  return { text: exact ? cleaned.toLowerCase() : fold(cleaned), exact };
}

export function parseTextQuery(q: string | undefined): TextQuery {
  const out: TextQuery = { must: [], mustNot: [] };
  if (!q) return out;
  for (const m of q.slice(0, 2000).matchAll(TERM)) {
    const t = term(m[2] ?? m[3] ?? '');
    if (!t) continue;
    (m[1] === '-' ? out.mustNot : out.must).push(t);
  }
  return out;
}

/** The FTS5 expression for one term: a phrase over the exact or the folded columns. */
export function ftsTerm(t: TextTerm): string {
  const cols = t.exact ? '{title text}' : '{title_folded text_folded}';
  return `${cols} : "${t.text.replace(/"/g, '')}"`;
}
