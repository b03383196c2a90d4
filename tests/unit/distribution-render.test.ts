import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { blocksToHtml } from '../../src/distribution/blocks-html';
import { jsonFeed } from '../../src/distribution/json-feed';
import { renderRss } from '../../src/distribution/rss';
import { NEWS_SITEMAP_MAX_URLS, newsSitemapXml, sitemapIndexXml, sitemapPageStream } from '../../src/distribution/sitemaps';
import type { FeedArticle, FeedChannel, SitemapUrl } from '../../src/distribution/types';
import { xmlSafe } from '../../src/distribution/xml-text';

const parser = new XMLParser({
  ignoreAttributes: false,
  trimValues: false,
  parseTagValue: false,
  isArray: (name) => ['item', 'url', 'sitemap'].includes(name),
});
/** The parsed document, after checking that it is well-formed XML. */
function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}
/** What an XML parser gives back for a text: line ends normalised to `\n` (XML 1.0 §2.11). */
const parsedText = (text: string) => xmlSafe(text).replace(/\r\n?/g, '\n');

const options = { mediaUrl: (url: string) => new URL(url, 'https://cms.example.com/').href };
const text = (value: string, marks: Record<string, boolean> = {}) => ({ type: 'text', text: value, ...marks });
const HOSTILE = `Tom & Jerry &amp; &nbsp; &#38; <script>alert(1)</script> ]]> "q" 'a' \u0000\u0001\u000B\uFFFE\uD800 end`;
const HOSTILE_CLEAN = `Tom & Jerry &amp; &nbsp; &#38; <script>alert(1)</script> ]]> "q" 'a'  end`;

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
    expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['dc:creator']));
    expect(item.category).toBeUndefined();
    expect(item['media:content']).toBeUndefined();
  });

  it("keeps an editor's markup and control characters from breaking the feed", () => {
    const [item] = parse(renderRss({ ...channel, title: HOSTILE }, [article({ title: HOSTILE, byline: HOSTILE, summary: HOSTILE })], options)).rss.channel.item;
    expect([item.title, item['dc:creator'], item.description]).toEqual([HOSTILE_CLEAN, HOSTILE_CLEAN, HOSTILE_CLEAN]);
  });

  it('gives back any title and byline as their XML-safe text', () => {
    const markup = fc.array(fc.constantFrom('&', 'amp', 'lt', 'foo', '#', '38', ';', '<', ']]>', '\r', '\n', ' ', '\uD800', '\u0001'));
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

/** Everything the stream produces, or its error. */
function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    stream.on('data', (chunk: string | Buffer) => chunks.push(chunk.toString()));
    stream.on('end', () => resolve(chunks.join('')));
    stream.on('error', reject);
  });
}
async function* pageUrls(count: number, failAfter = Infinity): AsyncGenerator<SitemapUrl> {
  for (let i = 0; i < count; i += 1) {
    if (i === failAfter) throw new Error('database went away');
    yield {
      url: `https://news.example.com/a/${i}?x=1&y=2`,
      lastmod: '2026-11-26T09:15:00Z',
      image: i === 0 ? { url: 'https://cms.example.com/uploads/c.jpg', title: HOSTILE, caption: null } : null,
    };
  }
}

describe('sitemaps', () => {
  it('lists each sitemap page in the index', () => {
    const index = parse(
      sitemapIndexXml([
        { url: 'https://news.example.com/sitemap-1.xml', lastmod: '2026-11-26T09:15:00Z' },
        { url: 'https://news.example.com/sitemap-2.xml', lastmod: null },
      ]),
    ).sitemapindex;
    expect(index['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(index.sitemap.map((entry: { loc: string }) => entry.loc)).toEqual([
      'https://news.example.com/sitemap-1.xml',
      'https://news.example.com/sitemap-2.xml',
    ]);
    expect(index.sitemap[0].lastmod).toBe('2026-11-26T09:15:00.000Z');
  });

  it('streams a page of URLs with last changes and cover images', async () => {
    const urlset = parse(await collect(sitemapPageStream(pageUrls(3)))).urlset;
    expect(urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(urlset['@_xmlns:image']).toBe('http://www.google.com/schemas/sitemap-image/1.1');
    expect(urlset.url).toHaveLength(3);
    expect(urlset.url[1]).toMatchObject({ loc: 'https://news.example.com/a/1?x=1&y=2', lastmod: '2026-11-26T09:15:00.000Z' });
    expect(urlset.url[0]['image:image']).toEqual({ 'image:loc': 'https://cms.example.com/uploads/c.jpg', 'image:title': HOSTILE_CLEAN });
  });

  it('streams an empty page as an empty urlset', async () => {
    expect(parse(await collect(sitemapPageStream(pageUrls(0)))).urlset.url).toBeUndefined();
  });

  it('fails the stream when the source fails mid-way', async () => {
    await expect(collect(sitemapPageStream(pageUrls(10, 2)))).rejects.toThrow('database went away');
  });

  it('reads the source only as fast as the reader takes the page', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<SitemapUrl> {
      try {
        for (;;) {
          pulled += 1;
          yield { url: `https://news.example.com/a/${pulled}`, lastmod: null, image: null };
        }
      } finally {
        closed = true;
      }
    }
    const stream = sitemapPageStream(endless());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(1000);
    (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
  });

  it('writes the Google News sitemap with publication, date and title', () => {
    const urls = Array.from({ length: NEWS_SITEMAP_MAX_URLS + 5 }, (_, i) => ({
      url: `https://news.example.com/a/${i}`,
      title: HOSTILE,
      publishedAt: '2026-11-26T09:15:00Z',
    }));
    const urlset = parse(newsSitemapXml({ name: 'The Daily', language: 'de-CH' }, urls)).urlset;
    expect(urlset['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    expect(urlset.url).toHaveLength(NEWS_SITEMAP_MAX_URLS);
    expect(urlset.url[0]['news:news']).toEqual({
      'news:publication': { 'news:name': 'The Daily', 'news:language': 'de' },
      'news:publication_date': '2026-11-26T09:15:00.000Z',
      'news:title': HOSTILE_CLEAN,
    });
  });
});
