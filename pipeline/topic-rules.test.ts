import { describe, expect, it } from 'vitest';
import { compileTopicRules } from './topic-rules.ts';
import { syllablesOf } from './language/phrase-matcher.ts';
import { normaliseForMatching } from './language/normalise.ts';
import { TopicsFile } from '../config/schema.ts';

const topics = TopicsFile.parse({
  topics: [
    { id: 'cao-toc', name: 'Cao tốc', phrases: ['cao tốc'], rules: ['"cao tốc" AND ("bồi thường" OR "giải phóng mặt bằng") -quảng_cáo'] },
    { id: 'giao-thong', name: 'Giao thông', phrases: ['tai nạn giao thông'], rules: ['(tông OR va) AND (xe_máy OR "ô tô")'] },
    { id: 'dat-dai', name: 'Đất đai', phrases: ['bồi thường', 'thu hồi đất'], exclude: ['bán đất nền'] },
  ],
}).topics;
const rules = compileTopicRules(topics);
const tag = (text: string) => rules.match(syllablesOf(normaliseForMatching(text).text)).map((t) => `${t.id}:${t.score}`);
const long = (text: string) => `${text} ${'Người dân trong ấp vẫn đi làm rẫy như mọi ngày.'.repeat(20)}`;

describe('topic rules', () => {
  it('tags a topic on a boolean rule alone, where one phrase in a long text would not do', () => {
    expect(tag(long('Xe máy tông ô tô trên đường vào chợ.'))).toEqual(['giao-thong:0.75']);
    expect(tag(long('Ô tô đỗ bên đường.'))).toEqual([]);
    expect(tag(long('Dự án cao tốc được nhắc đến.'))).toEqual([]);
  });

  it('lets a rule and the phrases add up, unaccented text included, and exclusions still cancel', () => {
    // In a long text one mention of "bồi thường" is not enough for dat-dai; the rule is for cao-toc.
    expect(tag(long('Cao tốc chậm vì bồi thường chưa xong.'))).toEqual(['cao-toc:0.75']);
    expect(tag('Cao tốc chậm vì bồi thường chưa xong.')).toEqual(['cao-toc:0.75', 'dat-dai:0.6']);
    expect(tag(`cao toc cham vi boi thuong chua xong ${'nguoi dan trong ap van di lam ray nhu moi ngay. '.repeat(20)}`)).toEqual(['cao-toc:0.75']);
    expect(tag(long('Cao tốc, bồi thường: quảng cáo.'))).toEqual([]);
    expect(tag('Bồi thường khi mua bán đất nền')).toEqual([]);
  });

  it('refuses a rule it cannot read, naming the topic and the rule', () => {
    const parsed = TopicsFile.safeParse({ topics: [{ id: 'x', name: 'X', phrases: ['x'], rules: ['(lũ OR lụt'] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['topics', 0, 'rules', 0]);
    expect(parsed.error?.issues[0]?.message).toContain('the parenthesis at character 1 is not closed');
  });
});
