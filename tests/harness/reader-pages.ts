/** Builders of what the reference reader (examples/reader) receives from the CMS, for its unit tests. */
import type * as Reader from '../../examples/reader/src/types';

/** A "More from" item in section World; the summary defaults to one line made from the headline. */
export const moreFromItem = (slug: string, headline: string, summary = `${headline}, in short.`): Reader.MoreFromItem => ({
  documentId: `doc-${slug}`,
  slug,
  headline,
  summary,
  image: null,
  publishedAt: '2017-01-16T18:00:00.000Z',
  section: { name: 'World', slug: 'world' },
});

/** A published article page as the reader API answers it: the Vienna story with a last-update line and two "More from" items. */
export function articlePage(overrides: Partial<Reader.ArticlePage> = {}): Reader.ArticlePage {
  return {
    documentId: 'abc123',
    locale: 'en',
    alternates: [{ locale: 'en', slug: 'vienna-talks-resume', url: null }],
    title: 'Vienna talks resume',
    slug: 'vienna-talks-resume',
    byline: 'Jane Doe',
    body: [{ type: 'paragraph', children: [{ type: 'text', text: 'First paragraph.' }] }],
    publishedAt: '2016-05-17T16:05:00.000Z',
    publicationDate: '2016-05-17T16:05:00.000Z',
    section: { name: 'World', slug: 'world' },
    cover: null,
    seo: null,
    lastUpdate: { datetime: '2016-05-17T19:42:00.000Z', formatted: 'Tue, 17/05/2016 - 19:42', label: 'Last update: Tue, 17/05/2016 - 19:42', timeZone: 'UTC' },
    corrections: [],
    moreFrom: {
      title: 'More from World',
      section: { name: 'World', slug: 'world' },
      items: [
        moreFromItem('five-killed', 'Five killed in Mexico', 'A shooting early Monday...'),
        moreFromItem('four-turkish', 'Four Turkish police officers killed', ''),
      ],
    },
    structuredData: {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Vienna talks resume',
      datePublished: '2016-05-17T16:05:00.000Z',
      dateModified: '2016-05-17T19:42:00.000Z',
      author: [{ '@type': 'Person', name: 'Jane Doe' }],
      publisher: { '@type': 'Organization', name: 'The Example Times', url: 'https://news.example.com/' },
      articleSection: 'World',
      mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://news.example.com/world/vienna-talks-resume' },
      url: 'https://news.example.com/world/vienna-talks-resume',
      inLanguage: 'en',
      description: 'First paragraph.',
    },
    ...overrides,
  };
}
