import { describe, expect, it } from 'vitest';
import { ScopeRule } from '../config/schema.ts';
import { scopeDecision, scopedSink, scopeGazetteer } from './scope.ts';
import type { RawItem } from './raw-item.ts';

const gazetteer = scopeGazetteer();
const match = (extra: Record<string, unknown> = {}) => ScopeRule.parse({ mode: 'match', ...extra });
const item = (title: string, text = '') => ({ title, text });

describe('scopeDecision', () => {
  it('takes everything from a local source', () => {
    expect(scopeDecision(item('Hội nghị khí hậu'), ScopeRule.parse({}), gazetteer)).toEqual({ inScope: true, reason: 'source is local' });
  });

  it('names the place of the focus area that made an item in scope', () => {
    expect(scopeDecision(item('Khởi công cao tốc', 'Dự án đi qua xã Bù Đăng và xã Phú Nghĩa.'), match(), gazetteer))
      .toEqual({ inScope: true, reason: 'place: xã Bù Đăng' });
    expect(scopeDecision(item('Mưa lớn ở Bù Đăng'), match(), gazetteer)).toEqual({ inScope: true, reason: 'place: Bù Đăng' });
  });

  it('counts old names and the province itself', () => {
    expect(scopeDecision(item('Cử tri tỉnh Bình Phước cũ kiến nghị về đất đai'), match(), gazetteer).inScope).toBe(true);
    expect(scopeDecision(item('UBND tỉnh Đồng Nai ban hành kế hoạch'), match(), gazetteer).inScope).toBe(true);
  });

  it('does not count a unit of the province outside the focus area on its own', () => {
    const d = scopeDecision(item('Kẹt xe kéo dài ở Biên Hòa'), match(), gazetteer);
    expect(d).toEqual({ inScope: false, reason: 'no place of the province' });
  });

  it('names the keyword that matched, with or without diacritics', () => {
    const rule = match({ keywords: ['cao tốc', 'nhà máy điện'] });
    expect(scopeDecision(item('Tiến độ cao tốc miền Đông'), rule, gazetteer)).toEqual({ inScope: true, reason: 'keyword: cao tốc' });
    expect(scopeDecision(item('tien do cao toc mien dong'), rule, gazetteer)).toEqual({ inScope: true, reason: 'keyword: cao tốc' });
    // A text written with diacritics must agree on them: "cào tóc" is not "cao tốc".
    expect(scopeDecision(item('Cô ấy cào tóc rối'), rule, gazetteer).inScope).toBe(false);
  });

  it('uses keywords only when places are switched off', () => {
    const rule = match({ places: false, keywords: ['cao su'] });
    expect(scopeDecision(item('Mưa lớn ở Bù Đăng'), rule, gazetteer)).toEqual({ inScope: false, reason: 'no keyword of the province' });
    expect(scopeDecision(item('Giá cao su tăng'), rule, gazetteer).reason).toBe('keyword: cao su');
    expect(scopeDecision(item('x'), match({ places: false }), gazetteer).reason).toBe('no places or keywords configured for this source');
  });

  it('never throws on empty, huge or odd text', () => {
    expect(scopeDecision(item(''), match(), gazetteer).inScope).toBe(false);
    expect(scopeDecision({ title: null, text: '😀'.repeat(100_000) + '\ud800' + '\u0000' }, match(), gazetteer).inScope).toBe(false);
    expect(scopeDecision(item('a', 'x '.repeat(500_000) + 'Lộc Ninh'), match(), gazetteer).inScope).toBe(false); // past the text read
  });
});

describe('scopedSink', () => {
  it('stamps items without a decision and keeps a connector\'s own', async () => {
    const got: RawItem[] = [];
    const sink = scopedSink(async (items) => { got.push(...items); }, match(), gazetteer);
    const base = { source: { id: 's', kind: 'rss' as const, platform: 'web', name: 's' }, kind: 'article' as const, url: null, platformId: null, parentRef: null, threadRef: null,
      publishedAt: null, authorName: null, authorHandle: null, engagement: null, collectedAt: '2026-01-01T00:00:00Z', evidence: null };
    await sink([{ ...base, title: 'Lũ ở Lộc Ninh', text: '' }, { ...base, title: 'x', text: 'y', scope: { inScope: true, reason: 'own' } }]);
    expect(got[0]!.scope).toEqual({ inScope: true, reason: 'place: Lộc Ninh' });
    expect(got[1]!.scope).toEqual({ inScope: true, reason: 'own' });
  });
});
