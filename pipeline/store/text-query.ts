// Free-text part of a records query, shared by both store adapters: words and "quoted phrases"
// that must all match, and -excluded ones; with AND, OR, NOT (in capitals) or parentheses, the
// boolean language of DESIGN §7 ("cao tốc" AND (bồi_thường OR "giải phóng mặt bằng") -quảng_cáo).
// A term typed without diacritics matches the folded copy of the text ("bo thuong" finds
// "bồi thường"); a term with diacritics matches exactly.
import { fold, hasDiacritics } from '../language/fold.ts';
import { parseRule, type RuleExpression } from '../rule-expression.ts';

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

/**
 * The FTS5 expressions of a query: `match`, what a record must match (null when nothing), and
 * `exclude`, what it must not when the query only excludes ("-quảng_cáo"). A query with
 * operators that do not parse ("a OR", "NEAR(") is read as plain words: search never fails on
 * its syntax, and its punctuation never reaches FTS5.
 */
export function ftsQuery(q: string | undefined): { match: string | null; exclude: string | null } {
  if (q && OPERATOR.test(q)) {
    try {
      return booleanQuery(q);
    } catch {
      // Read as plain words below.
    }
  }
  const text = parseTextQuery(q);
  const must = text.must.map(ftsTerm).join(' AND ');
  const not = text.mustNot.map(ftsTerm).join(' OR ');
  // Exclusions inside the same MATCH: FTS5 subtracts the lists without materialising them.
  if (must) return { match: not ? `(${must}) NOT (${not})` : must, exclude: null };
  return { match: null, exclude: not || null };
}

/** A boolean query made of exclusions only ("NOT a -b") excludes their union; any other is a match. */
function booleanQuery(q: string): { match: string | null; exclude: string | null } {
  const expression = parseRule(q.slice(0, 2000), { requireWord: false });
  const parts = expression.kind === 'and' ? expression.operands : [expression];
  const excluded = parts.flatMap((p) => (p.kind === 'not' ? [p.operand] : []));
  if (excluded.length === parts.length) return { match: null, exclude: joined(excluded.map(fts), 'OR') };
  return { match: fts(expression), exclude: null };
}

const OPERATOR = /(?:^|[\s(])(?:AND|OR|NOT)(?=[\s(]|$)|[()]/;

const NOT_ALONE = 'NOT or "-" needs a word beside it to take records away from, as in "cao tốc" -"quảng cáo"';

function joined(parts: (string | null)[], op: 'AND' | 'OR'): string | null {
  const kept = parts.filter((p): p is string => p !== null);
  return kept.length === 0 ? null : kept.length === 1 ? (kept[0] as string) : `(${kept.join(` ${op} `)})`;
}

/** The FTS5 expression of a boolean query's positive part; a NOT must stand beside a positive term. */
function fts(e: RuleExpression): string | null {
  switch (e.kind) {
    case 'term': {
      const t = term(e.phrase);
      return t ? ftsTerm(t) : null;
    }
    case 'not':
      throw new Error(NOT_ALONE);
    case 'or':
      return joined(e.operands.map(fts), 'OR');
    case 'and': {
      const positive = joined(e.operands.filter((o) => o.kind !== 'not').map(fts), 'AND');
      const negative = joined(e.operands.flatMap((o) => (o.kind === 'not' ? [fts(o.operand)] : [])), 'OR');
      if (positive === null) {
        if (negative !== null) throw new Error(NOT_ALONE);
        return null;
      }
      return negative === null ? positive : `(${positive} NOT ${negative})`;
    }
  }
}
