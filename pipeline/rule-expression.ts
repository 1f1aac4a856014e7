// Boolean rules analysts write in config/topics.yaml and boolean search queries (store/text-query.ts),
// one language, that of DESIGN §7:
//   "cao tốc" AND (bồi thường OR "giải phóng mặt bằng") -quảng_cáo
// A term is a "quoted phrase" or a word (underscores join words: quảng_cáo is "quảng cáo");
// terms side by side must all occur (AND is implied); OR, NOT and a leading "-" work as usual and
// parentheses group. AND, OR and NOT are operators only in capitals. A topic rule's terms are
// matched by the phrase matcher (a rule written with diacritics also finds text typed without
// them); a search's terms by the full-text index, as plain search terms are.

export type RuleExpression =
  | { kind: 'term'; phrase: string }
  | { kind: 'not'; operand: RuleExpression }
  | { kind: 'and' | 'or'; operands: RuleExpression[] };

type Token = { kind: 'term' | 'and' | 'or' | 'not' | 'open' | 'close'; text: string; at: number };

/** Longest rule accepted: a rule is a line of configuration, not a document. */
const MAX_RULE_CHARS = 2000;

function tokenise(rule: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'open' : 'close', text: c, at: i });
      i++;
    } else if (c === '-' && i + 1 < rule.length && !/[\s)]/.test(rule[i + 1] as string) && (i === 0 || /[\s(]/.test(rule[i - 1] as string))) {
      out.push({ kind: 'not', text: '-', at: i });
      i++;
    } else if (c === '"') {
      const end = rule.indexOf('"', i + 1);
      if (end < 0) throw new Error(`the quote at character ${i + 1} is not closed`);
      const phrase = rule.slice(i + 1, end).trim();
      if (!phrase) throw new Error(`empty quotes at character ${i + 1}`);
      out.push({ kind: 'term', text: phrase, at: i });
      i = end + 1;
    } else {
      let j = i;
      while (j < rule.length && !/[\s()"]/.test(rule[j] as string)) j++;
      const word = rule.slice(i, j);
      const kind = word === 'AND' ? 'and' : word === 'OR' ? 'or' : word === 'NOT' ? 'not' : 'term';
      out.push({ kind, text: kind === 'term' ? word.replace(/_/g, ' ').trim() : word, at: i });
      i = j;
    }
  }
  return out;
}

/**
 * Parses one rule; throws an Error whose message says what to fix and where. `requireWord`
 * (default true) refuses a rule that a text with none of its words satisfies; a search for
 * "-quảng_cáo" alone is a fair question, a topic rule that tags everything is not.
 */
export function parseRule(rule: string, { requireWord = true }: { requireWord?: boolean } = {}): RuleExpression {
  if (rule.length > MAX_RULE_CHARS) throw new Error(`a rule is at most ${MAX_RULE_CHARS} characters`);
  const tokens = tokenise(rule.normalize('NFC'));
  if (tokens.length === 0) throw new Error('the rule is empty');
  let pos = 0;
  const where = (t: Token | undefined): string => (t ? `"${t.text}" at character ${t.at + 1}` : 'the end of the rule');

  const or = (): RuleExpression => {
    const operands = [and()];
    while (tokens[pos]?.kind === 'or') {
      pos++;
      operands.push(and());
    }
    return operands.length === 1 ? (operands[0] as RuleExpression) : { kind: 'or', operands };
  };
  const and = (): RuleExpression => {
    const operands = [unary()];
    for (;;) {
      const t = tokens[pos];
      if (t?.kind === 'and') {
        pos++;
        operands.push(unary());
      } else if (t && (t.kind === 'term' || t.kind === 'not' || t.kind === 'open')) {
        operands.push(unary());
      } else break;
    }
    return operands.length === 1 ? (operands[0] as RuleExpression) : { kind: 'and', operands };
  };
  const unary = (): RuleExpression => {
    const t = tokens[pos];
    if (t?.kind === 'not') {
      pos++;
      return { kind: 'not', operand: unary() };
    }
    return primary();
  };
  const primary = (): RuleExpression => {
    const t = tokens[pos];
    if (t?.kind === 'term') {
      pos++;
      if (!/[\p{L}\p{N}]/u.test(t.text)) throw new Error(`${where(t)} has no letter or digit to match`);
      return { kind: 'term', phrase: t.text };
    }
    if (t?.kind === 'open') {
      pos++;
      const inner = or();
      if (tokens[pos]?.kind !== 'close') throw new Error(`the parenthesis at character ${t.at + 1} is not closed (found ${where(tokens[pos])})`);
      pos++;
      return inner;
    }
    throw new Error(`expected a word, a "phrase" or "(" but found ${where(t)}`);
  };

  const expression = or();
  if (pos < tokens.length) throw new Error(`unexpected ${where(tokens[pos])}`);
  // A rule that a text with none of its terms satisfies ("-quảng_cáo") would tag almost everything.
  if (requireWord && evaluate(expression, () => false)) throw new Error('the rule must require at least one word or phrase (it matches a text that has none of them)');
  return expression;
}

/** The phrases a rule looks for, each once. */
export function termsOf(expression: RuleExpression, out: Set<string> = new Set()): Set<string> {
  if (expression.kind === 'term') out.add(expression.phrase);
  else if (expression.kind === 'not') termsOf(expression.operand, out);
  else for (const e of expression.operands) termsOf(e, out);
  return out;
}

/** Whether a text satisfies the rule, given which of its phrases the text holds. */
export function evaluate(expression: RuleExpression, holds: (phrase: string) => boolean): boolean {
  switch (expression.kind) {
    case 'term':
      return holds(expression.phrase);
    case 'not':
      return !evaluate(expression.operand, holds);
    case 'and':
      return expression.operands.every((e) => evaluate(e, holds));
    case 'or':
      return expression.operands.some((e) => evaluate(e, holds));
  }
}
