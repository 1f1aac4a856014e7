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
  it('refuses what is not an http(s) URL', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});
