import fc from 'fast-check';
import { blocksToHtml } from '../../src/distribution/blocks-html';
import { jsonFeed } from '../../src/distribution/json-feed';
import { renderRss } from '../../src/distribution/rss';
import type { FeedArticle, FeedChannel } from '../../src/distribution/types';
import { xmlSafe } from '../../src/distribution/xml-text';
import { HOSTILE, HOSTILE_CLEAN, parse } from './distribution-xml';

/** What an XML parser gives back for a text: line ends normalised to `\n` (XML 1.0 §2.11). */
const parsedText = (text: string) => xmlSafe(text).replace(/\r\n?/g, '\n');

const options = { mediaUrl: (url: string) => new URL(url, 'https://cms.example.com/').href };
const text = (value: string, marks: Record<string, boolean> = {}) => ({ type: 'text', text: value, ...marks });

const channel: FeedChannel = {
  title: 'The Daily',
  homePageUrl: 'https://news.example.com/',
  description: 'All the news',
  language: 'de-CH',
  feedUrl: 'https://news.example.com/feed.xml',
  ttlMinutes: 15,
  updatedAt: '2026-11-26T10:00:00.000Z',
};
const article = (over: Partial<FeedArticle> = {}): FeedArticle => ({
  documentId: 'abc123',
  title: 'Rates rise',
  url: 'https://news.example.com/economy/rates-rise',
  byline: 'Ann Writer',
  body: [{ type: 'paragraph', children: [text('The bank said ]]> and <b>.')] }],
  summary: 'The bank raised rates.',
  publishedAt: '2026-11-25T08:30:00.000Z',
  updatedAt: '2026-11-26T09:15:00.000Z',
  section: { name: 'Economy', url: 'https://news.example.com/economy' },
  cover: { url: 'https://cms.example.com/uploads/c.jpg', mime: 'image/jpeg', width: 1200, height: 800, alt: 'A bank', caption: null },
  ...over,
});

describe('xmlSafe', () => {
  it('drops the characters XML 1.0 forbids and keeps tabs, newlines and astral characters', () => {
    expect(xmlSafe('a\u0000\u0001\u000B\u001F\uFFFE\uFFFF\uDFFF\uD800b\t\n\r😀\uE000')).toBe('ab\t\n\r😀\uE000');
  });
});

describe('blocksToHtml', () => {
  const html = (body: unknown) => blocksToHtml(body, options);

  it('escapes text and turns newlines into <br>', () => {
    expect(html([{ type: 'paragraph', children: [text(`1 < 2 & "x" 'y'\nnext`, { bold: true })] }])).toBe(
      '<p><strong>1 &lt; 2 &amp; &quot;x&quot; &#39;y&#39;<br>next</strong></p>',
    );
  });

  it('keeps http, mailto and relative links and drops javascript: ones to plain text', () => {
    const link = (url: string) => html([{ type: 'paragraph', children: [{ type: 'link', url, children: [text('here')] }] }]);
    expect(link('https://a.example/?x=1&y=2')).toBe('<p><a href="https://a.example/?x=1&amp;y=2">here</a></p>');
    expect(link('mailto:desk@example.com')).toBe('<p><a href="mailto:desk@example.com">here</a></p>');
    expect(link('/economy')).toBe('<p><a href="/economy">here</a></p>');
    expect(
      blocksToHtml([{ type: 'paragraph', children: [{ type: 'link', url: '/economy', children: [text('here')] }] }], {
        ...options,
        linkBase: 'https://news.example.com',
      }),
    ).toBe('<p><a href="https://news.example.com/economy">here</a></p>');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', 'vbscript:x']) {
      expect(link(bad)).toBe('<p>here</p>');
    }
  });

  it('nests a sub-list inside the item before it', () => {
    const list = {
      type: 'list',
      format: 'unordered',
      children: [
        { type: 'list-item', children: [text('one')] },
        { type: 'list', format: 'ordered', indentLevel: 1, children: [{ type: 'list-item', children: [text('two')] }] },
      ],
    };
    expect(html([list])).toBe('<ul><li>one<ol><li>two</li></ol></li></ul>');
  });

  it('skips unknown and malformed nodes without throwing', () => {
    const body = [
      null,
      'x',
      { type: 'video' },
      { type: 'heading', level: 9, children: [] },
      { type: 'paragraph', children: 'no' },
      { type: 'quote', children: [text('q')] },
    ];
    expect(html(body)).toBe('<p></p><blockquote>q</blockquote>');
    expect(html({ not: 'a list' })).toBe('');
  });

  it('gives images an absolute src and escaped alt text', () => {
    const image = { type: 'image', image: { url: '/uploads/a.jpg', alternativeText: 'a "b"', width: 10, height: 5 }, children: [text('')] };
    expect(html([image])).toBe('<figure><img src="https://cms.example.com/uploads/a.jpg" alt="a &quot;b&quot;" width="10" height="5"></figure>');
  });
});

describe('renderRss', () => {
  it('is an RSS 2.0 document with the required channel and item elements and the namespaces', () => {
    const rss = parse(renderRss(channel, [article()], options)).rss;
    expect(rss['@_version']).toBe('2.0');
    expect(rss['@_xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
    expect(rss['@_xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(rss['@_xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
    expect(rss['@_xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    const { channel: ch } = rss;
    expect([ch.title, ch.link, ch.description, ch.language, ch.ttl]).toEqual(['The Daily', 'https://news.example.com/', 'All the news', 'de-CH', '15']);
    expect(new Date(Date.parse(ch.lastBuildDate)).toISOString()).toBe(channel.updatedAt);
    expect(ch['atom:link']).toMatchObject({ '@_href': channel.feedUrl, '@_rel': 'self', '@_type': 'application/rss+xml' });
    const [item] = ch.item;
    expect(item.title).toBe('Rates rise');
    expect(item.guid).toEqual({ '#text': 'abc123', '@_isPermaLink': 'false' });
    expect(new Date(Date.parse(item.pubDate)).toISOString()).toBe('2026-11-25T08:30:00.000Z');
    expect(item['content:encoded']).toBe('<p>The bank said ]]&gt; and &lt;b&gt;.</p>');
    expect([item['dc:creator'], item.category, item.description]).toEqual(['Ann Writer', 'Economy', 'The bank raised rates.']);
    expect(item['media:content']).toMatchObject({ '@_url': 'https://cms.example.com/uploads/c.jpg', '@_medium': 'image', '@_width': '1200' });
    expect(item['media:content']['media:description']['#text']).toBe('A bank');
  });

  it('leaves out byline, category and media when the article has none', () => {
    const [item] = parse(renderRss(channel, [article({ byline: null, section: null, cover: null })], options)).rss.channel.item;
    expect(item['dc:creator']).toBeUndefined();
    expect(item.category).toBeUndefined();
    expect(item['media:content']).toBeUndefined();
  });

  it("keeps an editor's markup and control characters from breaking the feed", () => {
    const [item] = parse(renderRss({ ...channel, title: HOSTILE }, [article({ title: HOSTILE, byline: HOSTILE, summary: HOSTILE })], options)).rss.channel.item;
    expect([item.title, item['dc:creator'], item.description]).toEqual([HOSTILE_CLEAN, HOSTILE_CLEAN, HOSTILE_CLEAN]);
  });

  it('gives back any title and byline as their XML-safe text', () => {
    const markup = fc.array(fc.constantFrom('&amp;', '&foo;', '&#38;', '&', ';', '<', ']]>', '\r', '\n', ' ', 'x', '\uD800', '\u0001'));
    const anyText = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.nat(0xffff).map((code) => String.fromCharCode(code)) }),
      markup.map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(anyText, anyText, (title, byline) => {
        const [item] = parse(renderRss(channel, [article({ title, byline })], options)).rss.channel.item;
        expect([item.title, item['dc:creator']]).toEqual([parsedText(title), parsedText(byline)]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('jsonFeed', () => {
  it('is a JSON Feed 1.1 with string ids, HTML content, authors, tags and dates', () => {
    const feed = JSON.parse(JSON.stringify(jsonFeed(channel, [article({ title: HOSTILE })], options)));
    expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', title: 'The Daily', feed_url: channel.feedUrl, language: 'de-CH' });
    const [item] = feed.items;
    expect(typeof item.id).toBe('string');
    expect(item).toMatchObject({
      id: 'abc123',
      title: HOSTILE_CLEAN,
      authors: [{ name: 'Ann Writer' }],
      tags: ['Economy'],
      image: 'https://cms.example.com/uploads/c.jpg',
    });
    expect(item.content_html).toBe('<p>The bank said ]]&gt; and &lt;b&gt;.</p>');
    expect([item.date_published, item.date_modified]).toEqual(['2026-11-25T08:30:00.000Z', '2026-11-26T09:15:00.000Z']);
    const bare = jsonFeed(channel, [article({ byline: null, section: null, cover: null })], options).items[0];
    expect([bare?.authors, bare?.tags, bare?.image]).toEqual([undefined, undefined, undefined]);
  });
});
