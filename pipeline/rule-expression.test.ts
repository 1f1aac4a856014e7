import { describe, expect, it } from 'vitest';
import { evaluate, parseRule, termsOf } from './rule-expression.ts';

const holds = (...present: string[]) => (phrase: string) => present.includes(phrase);

describe('boolean topic rules', () => {
  it('reads the search language: quoted phrases, implied AND, OR, groups, NOT and "-"', () => {
    const rule = parseRule('"cao tốc" AND (bồi thường OR "giải phóng mặt bằng") -quảng_cáo');
    // Words side by side must all occur, as in search: bồi thường unquoted is bồi AND thường.
    expect([...termsOf(rule)]).toEqual(['cao tốc', 'bồi', 'thường', 'giải phóng mặt bằng', 'quảng cáo']);
    expect(evaluate(rule, holds('cao tốc', 'bồi', 'thường'))).toBe(true);
    expect(evaluate(rule, holds('cao tốc', 'bồi'))).toBe(false);
    expect(evaluate(rule, holds('cao tốc', 'giải phóng mặt bằng'))).toBe(true);
    expect(evaluate(rule, holds('cao tốc'))).toBe(false);
    expect(evaluate(rule, holds('cao tốc', 'bồi', 'thường', 'quảng cáo'))).toBe(false);
    const implied = parseRule('sập cầu NOT "diễn tập"');
    expect(evaluate(implied, holds('sập', 'cầu'))).toBe(true);
    expect(evaluate(implied, holds('sập'))).toBe(false);
    expect(evaluate(implied, holds('sập', 'cầu', 'diễn tập'))).toBe(false);
  });

  it('binds AND tighter than OR, and keeps a hyphen inside a word', () => {
    const rule = parseRule('a b OR c');
    expect(evaluate(rule, holds('c'))).toBe(true);
    expect(evaluate(rule, holds('a'))).toBe(false);
    expect([...termsOf(parseRule('TP.HCM-Chơn_Thành'))]).toEqual(['TP.HCM-Chơn Thành']);
  });

  it('says what to fix in a rule it cannot read', () => {
    expect(() => parseRule('')).toThrow('the rule is empty');
    expect(() => parseRule('"cao tốc')).toThrow('the quote at character 1 is not closed');
    expect(() => parseRule('(lũ OR lụt')).toThrow('the parenthesis at character 1 is not closed');
    expect(() => parseRule('lũ OR')).toThrow('expected a word, a "phrase" or "(" but found the end of the rule');
    expect(() => parseRule('lũ ) lụt')).toThrow('unexpected ")" at character 4');
    expect(() => parseRule('-quảng_cáo')).toThrow('must require at least one word or phrase');
    expect(() => parseRule('"  "')).toThrow('empty quotes');
    expect(() => parseRule('x'.repeat(3000))).toThrow('at most 2000 characters');
  });
});
