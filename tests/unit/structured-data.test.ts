/**
 * schema.org NewsArticle structured data (src/distribution/structured-data.ts): what a search engine
 * reads about an article — headline, dates, authors, publisher, images, address — from the page's fields.
 */
import { siteLinks } from '../../src/distribution/links';
import { bylineAuthors, HEADLINE_MAX, newsArticleJsonLd, structuredHeadline, type NewsArticleSource } from '../../src/distribution/structured-data';
import type { ImageRef } from '../../src/newsroom/more-from';

const site = { name: 'The Example Times', language: 'de-CH' };
const links = siteLinks({ publicUrl: 'https://news.example.com', articlePath: '/{section}/{slug}', sectionPath: '/{section}' });
const context = { site, links, mediaBase: 'https://cms.example.com' };

const cover = (url: string, formats: ImageRef['formats'] = null): ImageRef => ({
  url,
  alternativeText: null,
  caption: null,
  width: 1600,
  height: 900,
  mime: 'image/jpeg',
  formats,
});

const article = (overrides: Partial<NewsArticleSource> = {}): NewsArticleSource => ({
  documentId: 'doc1',
  title: 'Vienna talks resume',
  slug: 'vienna-talks-resume',
  byline: null,
  body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Diplomats met again on Monday.' }] }],
  publishedAt: '2016-05-17T19:42:00.000Z',
  publicationDate: '2016-05-17T16:05:00.000Z',
  section: { name: 'World', slug: 'world' },
  cover: null,
  seo: null,
  lastUpdate: { datetime: '2016-05-18T08:00:00.000Z' },
  ...overrides,
});

describe('newsArticleJsonLd', () => {
  it('describes a published article with its address, dates, section, publisher and language', () => {
    expect(newsArticleJsonLd(article(), context)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Vienna talks resume',
      datePublished: '2016-05-17T16:05:00.000Z',
      dateModified: '2016-05-18T08:00:00.000Z',
      publisher: { '@type': 'Organization', name: 'The Example Times', url: 'https://news.example.com/' },
      articleSection: 'World',
      mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://news.example.com/world/vienna-talks-resume' },
      url: 'https://news.example.com/world/vienna-talks-resume',
      inLanguage: 'de-CH',
      description: 'Diplomats met again on Monday.',
    });
  });

  it('dates the first publication by publicationDate, else by publishedAt; a draft without either has no dates', () => {
    expect(newsArticleJsonLd(article({ publicationDate: null }), context).datePublished).toBe('2016-05-17T19:42:00.000Z');
    const draft = newsArticleJsonLd(article({ publicationDate: null, publishedAt: null, lastUpdate: null }), context);
    expect(draft).not.toHaveProperty('datePublished');
    expect(draft).not.toHaveProperty('dateModified');
  });

  it('describes the article by its SEO description, else by its excerpt, else not at all', () => {
    expect(newsArticleJsonLd(article({ seo: { metaDescription: '  Talks   in Vienna. ' } }), context).description).toBe('Talks in Vienna.');
    expect(newsArticleJsonLd(article({ seo: { metaDescription: '   ' } }), context).description).toBe('Diplomats met again on Monday.');
    expect(newsArticleJsonLd(article({ body: [] }), context)).not.toHaveProperty('description');
  });

  it('lists the cover as absolute URLs: the original, then the large and medium renditions', () => {
    const image = cover('/uploads/talks.jpg', {
      thumbnail: { url: '/uploads/thumbnail_talks.jpg', width: 245, height: 138 },
      small: { url: '/uploads/small_talks.jpg', width: 500, height: 281 },
      medium: { url: '/uploads/medium_talks.jpg', width: 750, height: 422 },
      large: { url: '/uploads/large_talks.jpg', width: 1000, height: 563 },
    });
    expect(newsArticleJsonLd(article({ cover: image }), context).image).toEqual([
      'https://cms.example.com/uploads/talks.jpg',
      'https://cms.example.com/uploads/large_talks.jpg',
      'https://cms.example.com/uploads/medium_talks.jpg',
    ]);
    // A CDN's absolute URL stays as it is; a cover without renditions is one URL.
    expect(newsArticleJsonLd(article({ cover: cover('https://cdn.example.net/talks.jpg') }), context).image).toEqual(['https://cdn.example.net/talks.jpg']);
    // A URL that is not http(s) is no image.
    expect(newsArticleJsonLd(article({ cover: cover('javascript:alert(1)') }), context)).not.toHaveProperty('image');
    expect(newsArticleJsonLd(article({ cover: null }), context)).not.toHaveProperty('image');
  });

  it('names the byline’s people as authors, and no author without a byline', () => {
    expect(newsArticleJsonLd(article({ byline: 'By Jane Doe' }), context).author).toEqual([{ '@type': 'Person', name: 'Jane Doe' }]);
    expect(newsArticleJsonLd(article({ byline: null }), context)).not.toHaveProperty('author');
    expect(newsArticleJsonLd(article({ byline: '  ' }), context)).not.toHaveProperty('author');
  });

  it('without PUBLIC_SITE_URL: no url, mainEntityOfPage or publisher url, and still a NewsArticle', () => {
    const data = newsArticleJsonLd(article(), { ...context, links: null });
    expect(data).not.toHaveProperty('url');
    expect(data).not.toHaveProperty('mainEntityOfPage');
    expect(data.publisher).toEqual({ '@type': 'Organization', name: 'The Example Times' });
    expect(data).toMatchObject({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'Vienna talks resume', inLanguage: 'de-CH' });
  });

  it('an article without section has no articleSection, and its address has no empty segment', () => {
    const data = newsArticleJsonLd(article({ section: null }), context);
    expect(data).not.toHaveProperty('articleSection');
    expect(data.url).toBe('https://news.example.com/vienna-talks-resume');
  });
});

describe('bylineAuthors', () => {
  it.each([
    ['By Jane Doe and John Roe', ['Jane Doe', 'John Roe']],
    ['Jane Doe, John Roe', ['Jane Doe', 'John Roe']],
    ['by Jane Doe, John Roe, and Max Moe', ['Jane Doe', 'John Roe', 'Max Moe']],
    ['Jane Doe & John Roe; Max Moe', ['Jane Doe', 'John Roe', 'Max Moe']],
    ['BY  Jane\u00A0Doe', ['Jane\u00A0Doe']],
    // Names that contain "and" or start with "By" are not split or cut.
    ['Sandra Anderson and Byron Brand', ['Sandra Anderson', 'Byron Brand']],
    ['Jane Doe,', ['Jane Doe']],
  ])('%j names %j', (byline, names) => {
    expect(bylineAuthors(byline)).toEqual(names.map((name) => ({ '@type': 'Person', name })));
  });

  it('a blank byline names no one', () => {
    expect(bylineAuthors(null)).toEqual([]);
    expect(bylineAuthors('')).toEqual([]);
    expect(bylineAuthors(' , and ')).toEqual([]);
  });
});

describe('structuredHeadline', () => {
  it(`keeps a title of up to ${HEADLINE_MAX} characters as it is`, () => {
    const title = `${'word '.repeat(21)}abcde`; // 110 characters
    expect(title).toHaveLength(HEADLINE_MAX);
    expect(structuredHeadline(title)).toBe(title);
  });

  it(`cuts a longer title on a word to at most ${HEADLINE_MAX} characters, ending with "…"`, () => {
    const title = `${'word '.repeat(21)}abcdef`; // 111 characters
    const headline = structuredHeadline(title);
    expect(headline).toBe(`${'word '.repeat(20)}word…`);
    expect([...headline].length).toBeLessThanOrEqual(HEADLINE_MAX);
    expect(title.startsWith(headline.slice(0, -1))).toBe(true);
  });

  it('counts characters, not UTF-16 units: an emoji counts once and is never split', () => {
    const title = `${'🗞'.repeat(HEADLINE_MAX)}`;
    expect(structuredHeadline(title)).toBe(title);
    expect(structuredHeadline(`${title}🗞`)).toBe(`${'🗞'.repeat(HEADLINE_MAX - 1)}…`);
  });
});
