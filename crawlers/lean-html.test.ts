import { describe, expect, it } from 'vitest';
import { leanHtml } from './lean-html.ts';

describe('leanHtml', () => {
  it('drops scripts, styles, comments, svg, noscript and template, and keeps JSON-LD', () => {
    const html = '<html><head><style>p{color:red}</style><script>var a = "<p>no</p>";</script>'
      + '<script type="application/ld+json">{"@type":"NewsArticle","headline":"a < b"}</script></head>'
      + '<body><!-- hidden <p>no</p> --><p>Một</p><svg><text>no</text></svg><noscript><p>no</p></noscript><template><p>no</p></template><p>Hai</p></body></html>';
    const lean = leanHtml(html);
    expect(lean).toBe('<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"a < b"}</script></head><body><p>Một</p><p>Hai</p></body></html>');
  });

  it('keeps the attributes the extractor reads and drops the others', () => {
    const html = '<div class="article content" id="main" data-x="1" onclick="go()"><a href="/x" title="t" rel="author">A</a>'
      + '<img src="/a.jpg" alt="ảnh" width="10"><time datetime="2026-11-16T08:15" class=date>x</time>'
      + '<p style="text-align:justify">p</p><p style="display: none">hidden</p><meta property="og:title" content="T"></div>';
    expect(leanHtml(html)).toBe('<div class="article content" id="main"><a rel="author">A</a><img><time datetime="2026-11-16T08:15" class=date>x</time>'
      + '<p>p</p><p style="display: none">hidden</p><meta property="og:title" content="T"></div>');
    // A source's own selectors may name any attribute: all kept then.
    expect(leanHtml(html, { allAttributes: true })).toBe(html);
  });

  it('reads tags as the HTML tokenizer does: quotes holding ">", unquoted values, self-closing tags, title text', () => {
    expect(leanHtml('<a title="x > y" class=\'c\' href=/p/q>t</a>')).toBe('<a class=\'c\'>t</a>');
    expect(leanHtml('<br/><img src=x />')).toBe('<br/><img/>');
    expect(leanHtml('<title>a <b x=1> c</title><p x=1>d</p>')).toBe('<title>a <b x=1> c</title><p>d</p>');
    expect(leanHtml('1 < 2 and 3 <> 4 </p> <!doctype html>')).toBe('1 < 2 and 3 <> 4 </p> <!doctype html>');
    expect(leanHtml('<SCRIPT>x</SCRIPT ><P CLASS="a">b</P>')).toBe('<P CLASS="a">b</P>');
  });

  it('survives broken markup in linear time', () => {
    expect(leanHtml('<p>a</p><!-- never closed <p>b</p>')).toBe('<p>a</p>');
    expect(leanHtml('<p>a</p><script>never closed')).toBe('<p>a</p>');
    // An unclosed <svg> loses only its start tag, not the page after it.
    expect(leanHtml('<svg><p>a</p>')).toBe('<p>a</p>');
    expect(leanHtml('<p class="x')).toBe('');
    expect(leanHtml('')).toBe('');
    const nasty = '<svg '.repeat(50_000) + '<!--'.repeat(50_000) + '<a b="'.repeat(20_000);
    const t = performance.now();
    leanHtml(nasty);
    leanHtml('<script>'.repeat(50_000));
    expect(leanHtml('<svg>'.repeat(50_000) + '<p>a</p>')).toBe('<p>a</p>');
    expect(leanHtml('<noscript>x'.repeat(50_000))).toBe('x'.repeat(50_000));
    expect(performance.now() - t).toBeLessThan(2000);
    expect(leanHtml('😀\uD800\u0000<p>\uDC00</p>')).toBe('😀\uD800\u0000<p>\uDC00</p>');
  });
});
