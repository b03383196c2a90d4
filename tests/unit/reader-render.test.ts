/**
 * The reference reader (examples/reader): HTML rendering of an article page, the visible-text
 * helper, and the API client and server against a fake API. What is asserted is what a reader
 * sees (visibleText) or what a browser would do with the markup (which element, which href).
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { escapeHtml, renderArticlePage, renderBlocks, renderNotFound, safeUrl } from '../../examples/reader/src/render';
import { visibleText, decodeEntities } from '../../examples/reader/src/text';
import { EtagCache, fetchArticlePage } from '../../examples/reader/src/client';
import { createReaderServer } from '../../examples/reader/src/server';
import type * as Reader from '../../examples/reader/src/types';
import type * as Product from '../../src/reader/article-page';
import type * as ProductMoreFrom from '../../src/newsroom/more-from';
import type * as ProductLastUpdate from '../../src/newsroom/last-update';
import type * as ProductBlocks from '../../src/newsroom/blocks';
import { articlePage, moreFromItem } from '../harness/reader-pages';

/** The URL a fetch was called with, whichever form it came in. */
const urlOf = (input: Parameters<typeof fetch>[0]): string => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

// ---------------------------------------------------------------------------------------------
// Compile-time: the reader's copy of the response types stays the product's shape
// (checked by `npx tsc -p tsconfig.test.json`; a drift is a type error on these lines).
// ---------------------------------------------------------------------------------------------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const typesMatch: [
  Same<Reader.MoreFrom, ProductMoreFrom.MoreFrom>,
  Same<Reader.MoreFromItem, ProductMoreFrom.MoreFromItem>,
  Same<Reader.ImageRef, ProductMoreFrom.ImageRef>,
  Same<Reader.SectionRef, ProductMoreFrom.SectionRef>,
  Same<Reader.LastUpdate, ProductLastUpdate.LastUpdate>,
  Same<Reader.Seo, Product.Seo>,
  Same<Reader.RootBlock, ProductBlocks.RootBlock>,
  Same<Omit<Reader.ArticlePage, 'body'>, Omit<Product.ArticlePage, 'body'>>,
] = [true, true, true, true, true, true, true, true];
void typesMatch;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------
type Marks = Partial<Record<'bold' | 'italic' | 'underline' | 'strikethrough' | 'code', boolean>>;
const text = (value: string, marks: Marks = {}): Reader.TextNode => ({ type: 'text', text: value, ...marks });
const paragraph = (...children: Reader.InlineNode[]): Reader.ParagraphBlock => ({ type: 'paragraph', children });
const link = (url: string, label: string): Reader.LinkNode => ({ type: 'link', url, children: [text(label)] });

const image = (url: string, overrides: Partial<Reader.ImageRef> = {}): Reader.ImageRef => ({
  url,
  alternativeText: 'Diplomats at the table',
  caption: null,
  width: 1200,
  height: 800,
  mime: 'image/jpeg',
  formats: null,
  ...overrides,
});

const page = articlePage;

const body = (blocks: unknown[]) => renderBlocks(blocks);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Every non-void element closed, in order; no stray end tags. Returns the problems found. */
function nestingProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const withoutRaw = html.replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, '');
  for (const match of withoutRaw.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/g)) {
    const [, closing, rawName] = match;
    const name = rawName.toLowerCase();
    if (VOID.has(name)) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`unexpected </${name}> at ${match.index}`);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

/** The opening tags of the document's script elements. */
const scriptTags = (html: string): string[] => [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);

/** The JSON-LD script's text, as an HTML parser reads it: up to the first `</script` (any case). */
function jsonLdText(html: string): string {
  const start = html.indexOf('<script type="application/ld+json">');
  if (start < 0) throw new Error('no JSON-LD script');
  const content = html.slice(start + '<script type="application/ld+json">'.length);
  const end = content.search(/<\/script/i);
  return end < 0 ? content : content.slice(0, end);
}

// ---------------------------------------------------------------------------------------------
// renderArticlePage: the document
// ---------------------------------------------------------------------------------------------
describe('renderArticlePage: a complete HTML5 document', () => {
  const html = renderArticlePage(page());

  it('has a doctype, a language, a charset, a title and balanced markup', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain('<title>Vienna talks resume</title>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(nestingProblems(html)).toEqual([]);
  });

  it('reads: headline, byline, body, last update, then "More from" headlines and summaries', () => {
    expect(visibleText(html)).toEqual([
      'Vienna talks resume',
      'Jane Doe',
      'First paragraph.',
      'Last update: Tue, 17/05/2016 - 19:42',
      'More from World',
      'Five killed in Mexico',
      'A shooting early Monday...',
      'Four Turkish police officers killed',
    ]);
  });

  it('has exactly one <h1>, the headline', () => {
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('<h1>Vienna talks resume</h1>');
  });

  it('marks the last update up as a <time> with the instant, inside p.last-update', () => {
    expect(html).toContain('<p class="last-update"><time datetime="2016-05-17T19:42:00.000Z">Last update: Tue, 17/05/2016 - 19:42</time></p>');
  });

  it('renders "More from" as an aside: an <h2> title, each item a linked headline and its summary', () => {
    const aside = /<aside[^>]*>[\s\S]*<\/aside>/.exec(html)?.[0] ?? '';
    expect(aside).toContain('<h2 id="more-from-title">More from World</h2>');
    expect(aside).toContain('<li><h3><a href="/articles/five-killed">Five killed in Mexico</a></h3><p>A shooting early Monday...</p></li>');
    // An empty summary is left out, not shown as an empty paragraph.
    expect(aside).toContain('<li><h3><a href="/articles/four-turkish">Four Turkish police officers killed</a></h3></li>');
    expect(html.indexOf('<aside')).toBeGreaterThan(html.indexOf('class="last-update"'));
  });

  it('links "More from" items where articleHref says, slug URL-encoded by default', () => {
    const odd = page({ moreFrom: { title: 'More from World', section: null, items: [moreFromItem('a b/"c', 'Odd', '')] } });
    expect(renderArticlePage(odd)).toContain('<a href="/articles/a%20b%2F%22c">Odd</a>');
    expect(renderArticlePage(page(), { articleHref: (slug) => `/news/${slug}.html` })).toContain('<a href="/news/five-killed.html">');
  });

  it("puts the API's structured data in <head> as JSON-LD search engines read, and nothing of it on the page", () => {
    const head = html.slice(0, html.indexOf('</head>'));
    expect(scriptTags(head)).toEqual(['<script type="application/ld+json">']);
    expect(JSON.parse(jsonLdText(head))).toEqual(page().structuredData);
    expect(visibleText(html).join('\n')).not.toContain('schema.org');
  });

  it('uses the SEO title and description in <head> when the article has them', () => {
    const seo = renderArticlePage(page({ seo: { metaTitle: 'SEO title', metaDescription: 'What happened in Vienna.', shareImage: null } }), {
      siteName: 'The Paper',
    });
    expect(seo).toContain('<title>SEO title – The Paper</title>');
    expect(seo).toContain('<meta name="description" content="What happened in Vienna.">');
    // The page still reads with the article's own headline.
    expect(visibleText(seo)[0]).toBe('Vienna talks resume');
  });
});

describe('renderArticlePage: optional parts', () => {
  it('without a byline there is no byline paragraph', () => {
    const html = renderArticlePage(page({ byline: null }));
    expect(html).not.toContain('class="byline"');
    expect(visibleText(html).slice(0, 2)).toEqual(['Vienna talks resume', 'First paragraph.']);
    expect(renderArticlePage(page({ byline: '   ' }))).not.toContain('class="byline"');
  });

  it('without a cover there is no figure; with one, an image with its alt text and caption', () => {
    expect(renderArticlePage(page())).not.toContain('<figure');
    const html = renderArticlePage(page({ cover: image('https://cdn.example.com/vienna.jpg', { caption: 'Kerry and Lavrov in Vienna' }) }));
    expect(html).toContain(
      '<figure class="cover"><img src="https://cdn.example.com/vienna.jpg" width="1200" height="800" alt="Diplomats at the table" loading="lazy"><figcaption>Kerry and Lavrov in Vienna</figcaption></figure>',
    );
    expect(visibleText(html).slice(0, 4)).toEqual(['Vienna talks resume', 'Jane Doe', 'Kerry and Lavrov in Vienna', 'First paragraph.']);
  });

  it('resolves relative media URLs against mediaBaseUrl and offers the renditions as srcset', () => {
    const cover = image('/uploads/vienna.jpg', {
      formats: {
        small: { url: '/uploads/small_vienna.jpg', width: 500, height: 333 },
        large: { url: 'https://cdn.example.com/large_vienna.jpg', width: 1000, height: 667 },
      },
    });
    const html = renderArticlePage(page({ cover }), { mediaBaseUrl: 'http://cms.example.com:1337/' });
    expect(html).toContain('src="http://cms.example.com:1337/uploads/vienna.jpg"');
    expect(html).toContain(
      'srcset="http://cms.example.com:1337/uploads/small_vienna.jpg 500w, https://cdn.example.com/large_vienna.jpg 1000w, http://cms.example.com:1337/uploads/vienna.jpg 1200w"',
    );
  });

  it('without lastUpdate there is no last-update line', () => {
    const html = renderArticlePage(page({ lastUpdate: null }));
    expect(html).not.toContain('class="last-update"');
    expect(html).not.toContain('<time');
    expect(visibleText(html)).not.toContain('Last update: Tue, 17/05/2016 - 19:42');
  });

  it('an empty "More from" (no items, or an article without section) renders no aside at all', () => {
    for (const moreFrom of [
      { title: 'More from World', section: { name: 'World', slug: 'world' }, items: [] },
      { title: '', section: null, items: [] },
    ]) {
      const html = renderArticlePage(page({ moreFrom }));
      expect(html).not.toContain('<aside');
      expect(html).not.toContain('More from');
      expect(visibleText(html).at(-1)).toBe('Last update: Tue, 17/05/2016 - 19:42');
    }
  });

  it('an empty body renders no body container and does not fail on a body that is not blocks', () => {
    expect(renderArticlePage(page({ body: [] }))).not.toContain('class="body"');
    const broken = page({ body: null as unknown as Reader.BlocksContent });
    expect(visibleText(renderArticlePage(broken))).toEqual(expect.arrayContaining(['Vienna talks resume', 'More from World']));
  });
});

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------
describe('renderBlocks: every block kind', () => {
  it('paragraph', () => {
    expect(body([paragraph(text('Kerry said.'))])).toBe('<p>Kerry said.</p>');
  });

  it('headings keep their level 2-6; a level-1 heading becomes <h2> (the headline is the only <h1>)', () => {
    const headings = [1, 2, 3, 4, 5, 6].map((level) => ({ type: 'heading', level, children: [text(`Level ${level}`)] }));
    expect(body(headings).split('\n')).toEqual([
      '<h2>Level 1</h2>',
      '<h2>Level 2</h2>',
      '<h3>Level 3</h3>',
      '<h4>Level 4</h4>',
      '<h5>Level 5</h5>',
      '<h6>Level 6</h6>',
    ]);
    expect(body([{ type: 'heading', level: 9, children: [text('Deep')] }])).toBe('<h6>Deep</h6>');
    expect(body([{ type: 'heading', level: '3', children: [text('Odd')] }])).toBe('<h2>Odd</h2>');
  });

  it('quote becomes a <blockquote>', () => {
    const html = body([{ type: 'quote', children: [text('"We don\'t support al-Assad," Lavrov said.')] }]);
    expect(html).toBe('<blockquote>&quot;We don&#39;t support al-Assad,&quot; Lavrov said.</blockquote>');
    expect(visibleText(html)).toEqual(['"We don\'t support al-Assad," Lavrov said.']);
  });

  it('ordered and unordered lists; a nested list sits inside the item before it', () => {
    const html = body([
      {
        type: 'list',
        format: 'ordered',
        children: [
          { type: 'list-item', children: [text('Russia')] },
          { type: 'list', format: 'unordered', indentLevel: 1, children: [{ type: 'list-item', children: [text('Lavrov')] }] },
          { type: 'list-item', children: [text('United States')] },
        ],
      },
    ]);
    expect(html).toBe('<ol><li>Russia<ul><li>Lavrov</li></ul></li><li>United States</li></ol>');
    expect(nestingProblems(html)).toEqual([]);
    expect(visibleText(html)).toEqual(['Russia', 'Lavrov', 'United States']);
    expect(body([{ type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [text('One')] }] }])).toBe('<ul><li>One</li></ul>');
  });

  it('a list that starts with a nested list still nests inside an <li>', () => {
    const html = body([
      { type: 'list', format: 'unordered', children: [{ type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [text('x')] }] }] },
    ]);
    expect(html).toBe('<ul><li><ul><li>x</li></ul></li></ul>');
  });

  it('links with http, https, mailto and relative URLs become <a href>', () => {
    const urls = [
      'https://www.dw.com/en/',
      'http://example.com/a?b=1&c=2',
      'mailto:news@example.com',
      '/articles/other',
      'other',
      '#notes',
      '?page=2',
      '//cdn.example.com/x',
    ];
    for (const url of urls) {
      const html = body([paragraph(text('See '), link(url, 'this'), text('.'))]);
      expect(html).toBe(`<p>See <a href="${escapeHtml(url)}">this</a>.</p>`);
      expect(visibleText(html)).toEqual(['See this.']);
    }
  });

  it('links with any other scheme are shown as plain text, never as a link', () => {
    const unsafe = [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      '  javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'java\u0000script:alert(1)',
      '',
    ];
    for (const url of unsafe) {
      const html = body([paragraph(text('Click '), link(url, 'here'))]);
      expect([url, html]).toEqual([url, '<p>Click here</p>']);
    }
    // Not even a formatted link text turns into a link.
    expect(body([paragraph({ type: 'link', url: 'javascript:x', children: [text('bold', { bold: true })] })])).toBe('<p><strong>bold</strong></p>');
  });

  it('safeUrl allows only http(s), mailto and relative URLs', () => {
    expect(safeUrl('HTTPS://Example.com')).toBe('HTTPS://Example.com');
    expect(safeUrl(' https://example.com/a b ')).toBe('https://example.com/a b');
    expect(safeUrl('javascript:void(0)')).toBeNull();
    expect(safeUrl('tel:+4930123')).toBeNull();
    expect(safeUrl(42)).toBeNull();
  });

  it('images: src, alt text, size, caption; a missing alt is empty (decorative), an unsafe src drops the image', () => {
    const block = (img: Record<string, unknown>) => body([{ type: 'image', image: img, children: [text('')] }]);
    expect(block({ url: 'https://cdn.example.com/a.jpg', alternativeText: 'Lavrov speaking', width: 800, height: 600, caption: 'Sergei Lavrov' })).toBe(
      '<figure><img src="https://cdn.example.com/a.jpg" width="800" height="600" alt="Lavrov speaking" loading="lazy"><figcaption>Sergei Lavrov</figcaption></figure>',
    );
    expect(block({ url: '/uploads/a.jpg', alternativeText: null })).toBe('<figure><img src="/uploads/a.jpg" alt="" loading="lazy"></figure>');
    expect(block({ url: 'javascript:alert(1)', alternativeText: 'x' })).toBe('');
    expect(block({ url: 'data:image/svg+xml,<svg onload=alert(1)>' })).toBe('');
    expect(body([{ type: 'image', children: [] }])).toBe('');
  });

  it('code blocks keep their text verbatim in <pre><code>, escaped', () => {
    const html = body([{ type: 'code', language: 'ts', children: [text('if (a < b && c) {\n  go();\n}')] }]);
    expect(html).toBe('<pre><code class="language-ts">if (a &lt; b &amp;&amp; c) {\n  go();\n}</code></pre>');
    expect(visibleText(html)).toEqual(['if (a < b && c) {', '  go();', '}']);
    expect(body([{ type: 'code', language: '"><script>', children: [text('x')] }])).toBe('<pre><code>x</code></pre>');
  });

  it('inline formatting: bold, italic, underline, strikethrough and inline code, alone and combined', () => {
    expect(
      body([
        paragraph(
          text('b', { bold: true }),
          text('i', { italic: true }),
          text('u', { underline: true }),
          text('s', { strikethrough: true }),
          text('c', { code: true }),
        ),
      ]),
    ).toBe('<p><strong>b</strong><em>i</em><u>u</u><s>s</s><code>c</code></p>');
    expect(body([paragraph(text('all', { bold: true, italic: true, underline: true, strikethrough: true, code: true }))])).toBe(
      '<p><strong><em><u><s><code>all</code></s></u></em></strong></p>',
    );
    expect(body([paragraph(text('A '), link('https://x.example', 'bold link'), text(' end'))])).toBe('<p>A <a href="https://x.example">bold link</a> end</p>');
  });

  it('a line break typed in the editor (Shift+Enter) is a <br> and a new line for the reader', () => {
    const html = body([paragraph(text('Line one\nLine two'))]);
    expect(html).toBe('<p>Line one<br>Line two</p>');
    expect(visibleText(html)).toEqual(['Line one', 'Line two']);
  });

  it('empty paragraphs, unknown block types and malformed nodes are left out without failing', () => {
    expect(body([paragraph(text('')), paragraph(text('  \n ')), paragraph()])).toBe('');
    expect(body([{ type: 'embed', url: 'https://youtube.com' }, null, 42, 'text', { children: [text('no type')] }, paragraph(text('kept'))])).toBe(
      '<p>kept</p>',
    );
    expect(body([{ type: 'paragraph', children: [{ type: 'text', text: 5 }, null, { type: 'text', text: 'ok' }] }])).toBe('<p>ok</p>');
    expect(renderBlocks('not blocks')).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------------
describe('escaping: content from the API is text, never markup', () => {
  const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

  it('a <script> in a title, byline, body, summary or "More from" title comes out inert and reads literally', () => {
    const html = renderArticlePage(
      page({
        title: hostile,
        byline: hostile,
        body: [paragraph(text(hostile)), { type: 'quote', children: [text(hostile)] }],
        seo: { metaTitle: null, metaDescription: hostile, shareImage: null },
        moreFrom: { title: hostile, section: null, items: [moreFromItem('x', hostile, hostile)] },
      }),
    );
    // The only script is the page's JSON-LD, which is data, not code.
    expect(scriptTags(html)).toEqual(['<script type="application/ld+json">']);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(nestingProblems(html)).toEqual([]);
    const lines = visibleText(html);
    expect(lines.filter((line) => line === hostile)).toHaveLength(7);
  });

  it('quotes cannot break out of attributes (href, alt, src, content, datetime)', () => {
    const html = renderArticlePage(
      page({
        body: [
          paragraph(link('https://example.com/?q="><script>alert(1)</script>', 'q')),
          { type: 'image', image: { url: 'https://example.com/a.jpg?"onload="alert(1)', alternativeText: '" onerror="alert(1)' }, children: [] },
        ],
        seo: { metaTitle: null, metaDescription: 'It\'s "quoted"', shareImage: null },
        lastUpdate: { datetime: '2016"><script>', formatted: 'x', label: 'Last update: x', timeZone: 'UTC' },
      }),
    );
    expect(html).toContain('<a href="https://example.com/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">q</a>');
    expect(html).toContain('src="https://example.com/a.jpg?&quot;onload=&quot;alert(1)"');
    expect(html).toContain('alt="&quot; onerror=&quot;alert(1)"');
    expect(html).toContain('<meta name="description" content="It&#39;s &quot;quoted&quot;">');
    expect(html).toContain('<time datetime="2016&quot;&gt;&lt;script&gt;">');
    expect(scriptTags(html)).toEqual(['<script type="application/ld+json">']);
    // Outside quoted attribute values, no tag has an event-handler attribute.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.map((tag) => tag.replace(/"[^"]*"/g, '""')).filter((tag) => /\son[a-z]+=/i.test(tag))).toEqual([]);
  });

  it("makes the JSON-LD's stored image paths absolute against the CMS, like <img src>; absolute ones and unsafe ones are handled alike", () => {
    const structuredData = { ...page().structuredData, image: ['/uploads/a.jpg', 'https://cdn.example.com/b.jpg', 'javascript:alert(1)'] };
    const html = renderArticlePage(page({ structuredData }), { mediaBaseUrl: 'https://cms.example.com/' });
    expect(JSON.parse(jsonLdText(html)).image).toEqual(['https://cms.example.com/uploads/a.jpg', 'https://cdn.example.com/b.jpg']);
  });

  it('a headline that closes the script element stays inside the JSON-LD and reads back as written', () => {
    const title = '</script><script>alert(1)</script>';
    const structuredData = { ...page().structuredData, headline: title, description: '<!-- & --> \u2028\u2029 </SCRIPT >' };
    const html = renderArticlePage(page({ title, structuredData }));
    expect(scriptTags(html)).toEqual(['<script type="application/ld+json">']);
    const json = jsonLdText(html);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(structuredData);
    expect(JSON.parse(json).headline).toBe(title);
    expect(nestingProblems(html)).toEqual([]);
    // Readers see the headline as text, once; the JSON-LD is not shown.
    expect(visibleText(html).filter((line) => line === title)).toHaveLength(1);
  });

  it('a link with an unsafe scheme and hostile text is plain, escaped text', () => {
    expect(body([paragraph(link('javascript:alert(1)', '<b>x</b>'))])).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>');
  });
});

// ---------------------------------------------------------------------------------------------
// No-break spaces end to end
// ---------------------------------------------------------------------------------------------
describe('no-break spaces', () => {
  it('are written as they are (not collapsed, not turned into spaces) and read back as U+00A0', () => {
    const html = renderArticlePage(
      page({
        title: "Trump's 'obsolete' NATO comments rattle EU foreign\u00A0ministers",
        body: [{ type: 'quote', children: [text('Russian\u00A0Foreign Minister Sergei Lavrov')] }],
        moreFrom: { title: 'More from World', section: null, items: [moreFromItem('x', 'UN\u00A0veto powers', 'US\u00A0president-elect')] },
      }),
    );
    const lines = visibleText(html);
    expect(lines).toContain("Trump's 'obsolete' NATO comments rattle EU foreign\u00A0ministers");
    expect(lines).toContain('Russian\u00A0Foreign Minister Sergei Lavrov');
    expect(lines).toContain('UN\u00A0veto powers');
    expect(lines).toContain('US\u00A0president-elect');
    expect(lines).not.toContain('UN veto powers');
  });
});

// ---------------------------------------------------------------------------------------------
// visibleText
// ---------------------------------------------------------------------------------------------
describe('visibleText', () => {
  it('gives one line per block element and joins inline elements', () => {
    expect(
      visibleText(
        '<h1>Head<em>line</em></h1><p>A <a href="/x">link</a> and <strong>bold</strong>.</p><ul><li>one</li><li>two</li></ul><blockquote>q</blockquote>',
      ),
    ).toEqual(['Headline', 'A link and bold.', 'one', 'two', 'q']);
  });

  it('collapses HTML whitespace inside a line and trims the ends', () => {
    expect(visibleText('<p>\n   Kerry \t and\r\n\n  Lavrov   </p>')).toEqual(['Kerry and Lavrov']);
  });

  it('keeps no-break spaces exactly: raw, &nbsp;, &#160; and &#xA0;, even next to spaces and at line ends', () => {
    expect(visibleText('<p>UN\u00A0veto</p><p>UN&nbsp;veto</p><p>UN&#160;veto</p><p>UN&#xa0;veto</p>')).toEqual([
      'UN\u00A0veto',
      'UN\u00A0veto',
      'UN\u00A0veto',
      'UN\u00A0veto',
    ]);
    expect(visibleText('<p>a \u00A0 b</p>')).toEqual(['a \u00A0 b']);
    expect(visibleText('<p>a\u00A0\u00A0\u00A0b</p>')).toEqual(['a\u00A0\u00A0\u00A0b']);
    expect(visibleText('<p> \u00A0lead and trail\u00A0 </p>')).toEqual(['\u00A0lead and trail\u00A0']);
  });

  it('decodes character references once', () => {
    expect(visibleText('<p>&lt;b&gt; &amp;amp; &quot;q&quot; &#39;s&#x2019; &hellip; &unknown; AT&T</p>')).toEqual([
      '<b> &amp; "q" \'s\u2019 \u2026 &unknown; AT&T',
    ]);
    expect(decodeEntities('&#0;&#x110000;&#xD800;')).toBe('\uFFFD\uFFFD\uFFFD');
  });

  it('shows nothing from <head>, <script>, <style>, comments, hidden elements or image alt text', () => {
    const html =
      '<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head><body><!-- <p>no</p> -->' +
      '<script>if (a < b) document.write("<p>no</p>")</script><p hidden>hidden</p><div hidden="hidden"><p>also hidden</p></div>' +
      '<p>shown <img src="x.jpg" alt="alt text"></p></body></html>';
    expect(visibleText(html)).toEqual(['shown']);
  });

  it('does not take a ">" inside a quoted attribute for the end of the tag', () => {
    expect(visibleText('<p title="a > b">text</p>')).toEqual(['text']);
    expect(visibleText('<a href="/x?a=1>2" data-x=\'>\'>link</a>')).toEqual(['link']);
  });

  it('<br> ends a line; empty blocks give no lines; <pre> keeps its lines and spaces', () => {
    expect(visibleText('<p>one<br>two<br/>three</p><p> </p><div></div>')).toEqual(['one', 'two', 'three']);
    expect(visibleText('<pre>\n  a  b\n\n  c</pre>')).toEqual(['  a  b', '  c']);
  });

  it('text outside any element and a "<" that is not a tag are text', () => {
    expect(visibleText('plain 1 < 2 <p>x</p>')).toEqual(['plain 1 < 2', 'x']);
  });
});

// ---------------------------------------------------------------------------------------------
// Error pages
// ---------------------------------------------------------------------------------------------
describe('renderNotFound', () => {
  it('is a complete document that says the article is not there', () => {
    const html = renderNotFound();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(nestingProblems(html)).toEqual([]);
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(visibleText(html)).toEqual(['Page not found', 'There is no article at this address. It may have been moved or unpublished.']);
  });
});

// ---------------------------------------------------------------------------------------------
// The client and the server against a fake API
// ---------------------------------------------------------------------------------------------
function json(status: number, value: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });
}

describe('fetchArticlePage', () => {
  it('asks for the page by slug, URL-encoded, under the API prefix', async () => {
    const urls: string[] = [];
    const fake: typeof fetch = async (input) => {
      urls.push(urlOf(input));
      return json(200, { data: page(), meta: {} });
    };
    await fetchArticlePage('http://cms.example.com/strapi/', 'a b?c', { fetch: fake, etagCache: null, moreFromLimit: 3 });
    expect(urls).toEqual(['http://cms.example.com/strapi/api/articles/by-slug/a%20b%3Fc?moreFromLimit=3']);
  });

  it('keeps the ETag per slug, sends If-None-Match, and on 304 gives back the cached page', async () => {
    const sent: Array<Record<string, string | null>> = [];
    const fake: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      sent.push({ url: urlOf(input), ifNoneMatch: headers.get('if-none-match'), cacheControl: headers.get('cache-control') });
      if (headers.get('if-none-match') === '"v1"') return new Response(null, { status: 304, headers: { etag: '"v1"' } });
      return json(200, { data: page({ slug: urlOf(input).split('/').pop() }), meta: {} }, { etag: '"v1"' });
    };
    const etagCache = new EtagCache();
    const first = await fetchArticlePage('http://api', 'one', { fetch: fake, etagCache });
    const other = await fetchArticlePage('http://api', 'two', { fetch: fake, etagCache });
    const again = await fetchArticlePage('http://api', 'one', { fetch: fake, etagCache });
    expect(sent).toEqual([
      { url: 'http://api/api/articles/by-slug/one', ifNoneMatch: null, cacheControl: null },
      { url: 'http://api/api/articles/by-slug/two', ifNoneMatch: null, cacheControl: null },
      // max-age=0, so that fetch() does not add "no-cache" (which makes the API skip the 304).
      { url: 'http://api/api/articles/by-slug/one', ifNoneMatch: '"v1"', cacheControl: 'max-age=0' },
    ]);
    expect(first).toMatchObject({ ok: true, fromCache: false, etag: '"v1"' });
    expect(other).toMatchObject({ ok: true, fromCache: false });
    expect(again).toMatchObject({ ok: true, fromCache: true, etag: '"v1"' });
    if (!first.ok || !again.ok) throw new Error('expected pages');
    expect(again.page).toBe(first.page);
  });

  it('forgets a page that is gone (404), so that it never comes back from the cache', async () => {
    let status = 200;
    const fake: typeof fetch = async (_input, init) => {
      if (status === 404) return json(404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'gone' } });
      return new Headers(init?.headers).has('if-none-match') ? new Response(null, { status: 304 }) : json(200, { data: page(), meta: {} }, { etag: '"v1"' });
    };
    const etagCache = new EtagCache();
    await fetchArticlePage('http://api', 'a', { fetch: fake, etagCache });
    expect(etagCache.size).toBe(1);
    status = 404;
    expect(await fetchArticlePage('http://api', 'a', { fetch: fake, etagCache })).toEqual({
      ok: false,
      status: 404,
      error: { status: 404, name: 'NotFoundError', message: 'gone' },
    });
    expect(etagCache.size).toBe(0);
  });

  it('reports an unreachable API, a non-JSON error and a 200 without a page as typed failures', async () => {
    const refused: typeof fetch = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    };
    expect(await fetchArticlePage('http://api', 'a', { fetch: refused, etagCache: null })).toEqual({
      ok: false,
      status: 0,
      error: { status: 0, name: 'NetworkError', message: 'fetch failed: connect ECONNREFUSED 127.0.0.1:1' },
    });
    const proxy: typeof fetch = async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    expect(await fetchArticlePage('http://api', 'a', { fetch: proxy, etagCache: null })).toMatchObject({
      ok: false,
      status: 502,
      error: { name: 'HttpError', message: 'Bad Gateway' },
    });
    const empty: typeof fetch = async () => json(200, { data: null });
    expect(await fetchArticlePage('http://api', 'a', { fetch: empty, etagCache: null })).toMatchObject({
      ok: false,
      status: 200,
      error: { name: 'InvalidResponse' },
    });
  });

  it('does not turn "." or ".." into a different API path', async () => {
    const fake = jest.fn<ReturnType<typeof fetch>, Parameters<typeof fetch>>();
    for (const slug of ['', '.', '..']) {
      expect(await fetchArticlePage('http://api', slug, { fetch: fake, etagCache: null })).toMatchObject({ ok: false, status: 404 });
    }
    expect(fake).not.toHaveBeenCalled();
  });

  it('EtagCache keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new EtagCache(2);
    const entry = { etag: '"x"', page: page() };
    cache.set('a', entry);
    cache.set('b', entry);
    cache.get('a');
    cache.set('c', entry);
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
  });
});

describe('createReaderServer against a fake API', () => {
  const servers: http.Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });
  async function start(fake: typeof fetch, extra: Parameters<typeof createReaderServer>[0] = {}) {
    const server = createReaderServer({ apiUrl: 'http://api.invalid', fetch: fake, onError: () => undefined, ...extra });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('renders the page with security headers, and only asks the API for article paths', async () => {
    const calls: string[] = [];
    const url = await start(async (input) => {
      calls.push(urlOf(input));
      return json(200, { data: page({ title: '<script>x</script>' }), meta: {} });
    });
    const response = await fetch(`${url}/articles/vienna-talks-resume`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(visibleText(await response.text())[0]).toBe('<script>x</script>');
    for (const path of ['/', '/articles', '/articles/a/b', '/articles/%ZZ', '/favicon.ico']) {
      expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 404]);
    }
    expect(calls).toEqual(['http://api.invalid/api/articles/by-slug/vienna-talks-resume']);
  });

  it('answers HEAD without a body and refuses other methods with 405', async () => {
    const url = await start(async () => json(200, { data: page(), meta: {} }));
    const head = await fetch(`${url}/articles/x`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${url}/articles/x`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('502 when the API fails, 504 when it does not answer in time, and says so to the operator', async () => {
    const errors: string[] = [];
    const failing = await start(async () => json(500, { data: null, error: { status: 500, name: 'InternalServerError', message: 'boom' } }), {
      onError: (m) => errors.push(m),
    });
    const response = await fetch(`${failing}/articles/x`);
    expect(response.status).toBe(502);
    expect(visibleText(await response.text())[0]).toBe('Temporarily unavailable');
    expect(errors).toEqual([expect.stringContaining('500 InternalServerError: boom')]);

    const hanging: typeof fetch = (_input, init) =>
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with the signal's reason, as fetch does
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const slow = await start(hanging, { timeoutMs: 50 });
    expect((await fetch(`${slow}/articles/x`)).status).toBe(504);
  });
});

describe('languages: <html lang> and the language versions of a page', () => {
  const german = (): Reader.LocalizedArticlePage => ({
    ...page({ title: 'Wiener Gespräche', slug: 'wiener-gespraeche' }),
    locale: 'de',
    alternates: [
      { locale: 'de', slug: 'wiener-gespraeche', url: 'https://news.example.com/de/welt/wiener-gespraeche' },
      { locale: 'en', slug: 'vienna-talks-resume', url: 'https://news.example.com/world/vienna-talks-resume' },
    ],
  });
  const href = (locale: string, slug: string) => (locale === 'en' ? `/articles/${slug}` : `/${locale}/articles/${slug}`);
  /** The page's hreflang links as [hreflang, href]. */
  const alternates = (html: string) =>
    [...html.matchAll(/<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">/g)].map((match) => [match[1], decodeEntities(match[2])]);

  it('says the page locale in <html lang> and links each version, itself included, and the default one as x-default', () => {
    const html = renderArticlePage(german(), { lang: 'en', alternateHref: href, defaultLocale: 'en' });
    expect(html).toContain('<html lang="de">');
    expect(alternates(html)).toEqual([
      ['de', '/de/articles/wiener-gespraeche'],
      ['en', '/articles/vienna-talks-resume'],
      ['x-default', '/articles/vienna-talks-resume'],
    ]);
    expect(nestingProblems(html)).toEqual([]);
  });

  it('has no x-default without a default-locale version, no links for a page in one language, and none in a preview', () => {
    const noEnglish = { ...german(), alternates: [german().alternates[0], { locale: 'fr', slug: 'pourparlers', url: null }] };
    expect(alternates(renderArticlePage(noEnglish, { alternateHref: href, defaultLocale: 'en' }))).toEqual([
      ['de', '/de/articles/wiener-gespraeche'],
      ['fr', '/fr/articles/pourparlers'],
    ]);
    expect(alternates(renderArticlePage({ ...german(), alternates: [german().alternates[0]] }, { alternateHref: href, defaultLocale: 'en' }))).toEqual([]);
    expect(alternates(renderArticlePage(german(), { alternateHref: href, defaultLocale: 'en', preview: 'draft' }))).toEqual([]);
    // A CMS that sends no locale: the options' language, no alternates.
    const { locale: _locale, alternates: _alternates, ...withoutLocale } = page();
    expect(renderArticlePage(withoutLocale as Reader.ArticlePage, { lang: 'fr', alternateHref: href })).toContain('<html lang="fr">');
  });

  it('renders only well-formed versions and escapes their addresses', () => {
    const hostile = {
      ...german(),
      locale: '"><script>',
      alternates: [
        { locale: 'de', slug: 'a"><script>alert(1)</script>', url: null },
        { locale: 'en', slug: 'vienna-talks-resume', url: null },
        { locale: 'en', slug: 'a-second-english', url: null },
        { locale: 'x"', slug: 'bad-locale', url: null },
        { locale: 'fr', slug: '', url: null },
        null,
      ] as unknown as Reader.PageAlternate[],
    };
    const html = renderArticlePage(hostile, { lang: 'en', alternateHref: href, defaultLocale: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(scriptTags(html).every((tag) => tag.startsWith('<script type="application/ld+json">'))).toBe(true);
    expect(alternates(html)).toEqual([
      ['de', '/de/articles/a"><script>alert(1)</script>'],
      ['en', '/articles/vienna-talks-resume'],
      ['x-default', '/articles/vienna-talks-resume'],
    ]);
  });

  describe('the reader server', () => {
    const servers: http.Server[] = [];
    afterAll(async () => {
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    });
    async function start(fake: typeof fetch, extra: Parameters<typeof createReaderServer>[0] = {}) {
      const server = createReaderServer({ apiUrl: 'http://api.invalid', fetch: fake, onError: () => undefined, defaultLocale: 'en', ...extra });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    it('serves /<locale>/articles/<slug> in that locale, with its versions at this site\'s addresses and "More from" in the same locale', async () => {
      const calls: string[] = [];
      const url = await start(
        async (input) => {
          calls.push(urlOf(input));
          return json(200, { data: german(), meta: {} });
        },
        { siteUrl: 'https://reader.example.com/' },
      );
      const response = await fetch(`${url}/de/articles/wiener-gespraeche`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(calls).toEqual(['http://api.invalid/api/articles/by-slug/wiener-gespraeche?locale=de']);
      expect(html).toContain('<html lang="de">');
      expect(alternates(html)).toEqual([
        ['de', 'https://reader.example.com/de/articles/wiener-gespraeche'],
        ['en', 'https://reader.example.com/articles/vienna-talks-resume'],
        ['x-default', 'https://reader.example.com/articles/vienna-talks-resume'],
      ]);
      expect(html).toContain('<a href="/de/articles/five-killed">');

      await fetch(`${url}/articles/vienna-talks-resume`);
      expect(calls[1]).toBe('http://api.invalid/api/articles/by-slug/vienna-talks-resume');
    });

    it('answers 404 for a locale the CMS does not offer (the API says 400), in that language', async () => {
      const url = await start(async () => json(400, { data: null, error: { status: 400, name: 'ValidationError', message: 'locale "it" is not offered' } }));
      const response = await fetch(`${url}/it/articles/colloqui`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('<html lang="it">');
      expect((await fetch(`${url}/articles/x`)).status).toBe(502);
    });
  });
});
