import { describe, it, expect } from 'vitest';
import { canonicalUrl } from './canonical-url.ts';

describe('canonicalUrl', () => {
  it('removes tracking parameters, fragments, default ports and sorts the query', () => {
    expect(canonicalUrl('https://Bao.Example:443/a/b.html?utm_source=fb&id=2&fbclid=x&a=1#top')).toBe('https://bao.example/a/b.html?a=1&id=2');
  });
  it('maps AMP and mobile variants to the article', () => {
    expect(canonicalUrl('https://m.bao.example/thoi-su/tin-1.html')).toBe('https://bao.example/thoi-su/tin-1.html');
    expect(canonicalUrl('https://bao.example/thoi-su/tin-1.html/amp')).toBe('https://bao.example/thoi-su/tin-1.html');
    expect(canonicalUrl('https://bao.example/thoi-su/tin-1.amp.html')).toBe('https://bao.example/thoi-su/tin-1.html');
    expect(canonicalUrl('https://bao.example/tin-1/?amp=1')).toBe('https://bao.example/tin-1');
  });
  it('removes what Zalo, Facebook, Google and TikTok add to shared links', () => {
    expect(canonicalUrl('https://baodongnai.com.vn/xa-hoi/tin-1.html?zarsrc=30&utm_source=zalo&utm_medium=zalo&utm_campaign=zalo&gidzl=abc'))
      .toBe('https://baodongnai.com.vn/xa-hoi/tin-1.html');
    expect(canonicalUrl('https://vnexpress.net/tin-4.html?fbclid=IwAR0&mibextid=Zxz2cZ&sfnsn=mo')).toBe('https://vnexpress.net/tin-4.html');
    expect(canonicalUrl('https://tuoitre.vn/tin-5.htm?_gl=1*abc&gad_source=1&gclid=x&ttclid=y')).toBe('https://tuoitre.vn/tin-5.htm');
    expect(canonicalUrl('https://bao.example/tim-kiem?q=cao+t%E1%BB%91c&page=2')).toBe('https://bao.example/tim-kiem?page=2&q=cao+t%E1%BB%91c');
  });
  it('gives the www., m., amp. hosts and AMP paths of one article one URL', () => {
    const want = 'https://vietnamplus.vn/xa-hoi/tin-2.vnp';
    for (const u of ['https://www.vietnamplus.vn/xa-hoi/tin-2.vnp', 'https://m.vietnamplus.vn/xa-hoi/tin-2.vnp', 'https://amp.vietnamplus.vn/xa-hoi/tin-2.vnp',
      'https://www.vietnamplus.vn/amp/xa-hoi/tin-2.vnp', 'https://vietnamplus.vn/xa-hoi/tin-2.vnp/amp/', 'https://mobile.vietnamplus.vn/xa-hoi/tin-2.vnp?amp']) {
      expect(canonicalUrl(u)).toBe(want);
    }
  });
  it('keeps a two-label domain whose first label looks like a mobile prefix', () => {
    expect(canonicalUrl('https://m.vn/tin')).toBe('https://m.vn/tin');
  });
  it('refuses what is not an http(s) URL', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});
