/**
 * Schemas of the reader's own shapes (src/reader, src/newsroom): the article page, "More from" lists,
 * the "Last update" line, and Strapi's error body. Kept next to the TypeScript interfaces they describe;
 * the OpenAPI test checks real responses against them.
 */
import { HEADLINE_MAX } from '../distribution/structured-data';
import { MAX_CORRECTION_LENGTH } from '../history/corrections';
import { ref, type JsonSchema } from './schemas';

const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const intOrNull = { type: ['integer', 'null'] };
const dateTimeOrNull = { type: ['string', 'null'], format: 'date-time' };
const orNull = (name: string): JsonSchema => ({ oneOf: [ref(name), { type: 'null' }] });
const locale = { type: 'string', description: 'The locale served (`?locale=`, else NEWS_DEFAULT_LOCALE).' };

/** An object whose every property is required and nothing else is allowed. */
const exact = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

/** `schema` with the properties `names` no longer required. */
const optional = (schema: JsonSchema, names: string[]): JsonSchema => ({
  ...schema,
  required: (schema.required as string[]).filter((name) => !names.includes(name)),
});

export const READER_SHAPES: Record<string, JsonSchema> = {
  SectionRef: exact({ name: str, slug: str }),
  ImageRef: exact(
    {
      url: str,
      alternativeText: strOrNull,
      caption: strOrNull,
      width: intOrNull,
      height: intOrNull,
      mime: strOrNull,
      formats: {
        oneOf: [{ type: 'object', additionalProperties: exact({ url: str, width: intOrNull, height: intOrNull }) }, { type: 'null' }],
      },
    },
    'A media-library file; a relative `url` is relative to the API origin.',
  ),
  Seo: exact({ metaTitle: strOrNull, metaDescription: strOrNull, shareImage: orNull('ImageRef') }),
  LastUpdate: exact(
    { datetime: { type: 'string', format: 'date-time' }, formatted: str, label: str, timeZone: str },
    'The "Last update" line in the words of the locale served: its label, time zone, date pattern and day and month names ' +
      '(NEWS_LOCALE_<TAG>_*; NEWS_TIMEZONE and NEWS_DATE_FORMAT for a locale without settings of its own).',
  ),
  MoreFromItem: exact({
    documentId: str,
    slug: str,
    headline: str,
    summary: str,
    image: orNull('ImageRef'),
    publishedAt: dateTimeOrNull,
    section: orNull('SectionRef'),
  }),
  MoreFrom: exact(
    { title: str, section: orNull('SectionRef'), items: { type: 'array', items: ref('MoreFromItem') } },
    'Articles of the same locale only; the title in its words (NEWS_LOCALE_<TAG>_MORE_FROM_TITLE).',
  ),
  SectionMoreFrom: exact(
    { locale, title: str, section: orNull('SectionRef'), items: { type: 'array', items: ref('MoreFromItem') } },
    'A section\'s "More from" list in one locale: articles of that locale only, the title in its words.',
  ),
  Alternate: exact(
    {
      locale: str,
      slug: { type: 'string', description: "The article's slug in that locale (a slug is unique within its locale only)." },
      url: { type: ['string', 'null'], format: 'uri', description: 'Its address on the public site; null when PUBLIC_SITE_URL is unset.' },
    },
    'A published translation of the article, for `<link rel="alternate" hreflang>`.',
  ),
  SearchSection: exact({ documentId: str, slug: str, name: str }),
  SearchHit: exact({
    documentId: str,
    slug: str,
    title: str,
    section: orNull('SearchSection'),
    publicationDate: dateTimeOrNull,
    lastUpdate: orNull('LastUpdate'),
    snippet: { type: 'string', description: 'Some of the body around the matches as HTML: the text escaped, the matches in `<mark>`.' },
  }),
  SearchResult: exact({
    data: { type: 'array', items: ref('SearchHit') },
    meta: exact({
      locale: { type: 'string', description: 'The locale searched.' },
      pagination: exact({
        page: { type: 'integer', minimum: 1 },
        pageSize: { type: 'integer', minimum: 1 },
        pageCount: { type: 'integer', minimum: 0 },
        total: { type: 'integer', minimum: 0 },
      }),
      sections: {
        type: 'array',
        description: 'Matches per section before paging, largest first.',
        items: exact({ documentId: str, slug: str, name: str, count: { type: 'integer', minimum: 1 } }),
      },
    }),
  }),
  Person: exact({ '@type': { const: 'Person' }, name: str }),
  Organization: {
    type: 'object',
    properties: {
      '@type': { const: 'Organization' },
      name: str,
      url: { type: 'string', format: 'uri', description: 'The public site; absent when PUBLIC_SITE_URL is unset.' },
    },
    required: ['@type', 'name'],
    additionalProperties: false,
  },
  WebPage: exact({ '@type': { const: 'WebPage' }, '@id': { type: 'string', format: 'uri' } }),
  NewsArticle: {
    type: 'object',
    description:
      'schema.org NewsArticle (JSON-LD) for the page\'s `<script type="application/ld+json">`. Properties the article has no value for are absent; ' +
      '`url`, `mainEntityOfPage` and `publisher.url` need PUBLIC_SITE_URL.',
    properties: {
      '@context': { const: 'https://schema.org' },
      '@type': { const: 'NewsArticle' },
      headline: { type: 'string', maxLength: HEADLINE_MAX },
      datePublished: { type: 'string', format: 'date-time' },
      dateModified: { type: 'string', format: 'date-time' },
      author: { type: 'array', items: ref('Person'), minItems: 1 },
      publisher: ref('Organization'),
      // Absolute on PUBLIC_URL, else the stored /uploads/... path.
      image: { type: 'array', items: { type: 'string', format: 'uri-reference' }, minItems: 1 },
      articleSection: str,
      mainEntityOfPage: ref('WebPage'),
      url: { type: 'string', format: 'uri' },
      inLanguage: str,
      description: str,
    },
    required: ['@context', '@type', 'headline', 'publisher', 'inLanguage'],
    additionalProperties: false,
  },
  Correction: exact(
    {
      at: { type: 'string', format: 'date-time', description: 'When the correction was made.' },
      text: { type: 'string', minLength: 1, maxLength: MAX_CORRECTION_LENGTH },
    },
    'A public correction: appended by an editor to a published article, never edited or removed.',
  ),
  ArticlePage: optional(
    exact(
      {
        documentId: str,
        locale,
        requestedLocale: {
          type: 'string',
          description:
            'Present only when the article is not published in the locale asked for and NEWS_LOCALE_FALLBACK served it: the locale asked for ' +
            '(`locale` is then the fallback locale). Without NEWS_LOCALE_FALLBACK such a request is a 404.',
        },
        alternates: {
          type: 'array',
          items: ref('Alternate'),
          description: 'Every locale the article is published in, this page included, by locale code (drafts and unpublished translations never).',
        },
        title: str,
        slug: str,
        byline: strOrNull,
        body: { type: 'array', items: { type: 'object' }, description: 'Strapi blocks.' },
        publishedAt: dateTimeOrNull,
        publicationDate: dateTimeOrNull,
        section: orNull('SectionRef'),
        cover: orNull('ImageRef'),
        seo: orNull('Seo'),
        lastUpdate: orNull('LastUpdate'),
        corrections: { type: 'array', items: ref('Correction'), description: 'Public corrections of the article, oldest first.' },
        moreFrom: ref('MoreFrom'),
        structuredData: ref('NewsArticle'),
      },
      'Everything a front-end needs to render one article page, in one locale.',
    ),
    ['requestedLocale'],
  ),
  Error: exact(
    {
      data: { type: 'null' },
      error: {
        type: 'object',
        properties: { status: { type: 'integer' }, name: str, message: str, details: { type: 'object' } },
        required: ['status', 'name', 'message'],
        additionalProperties: false,
      },
    },
    "Strapi's error body.",
  ),
  ListPagination: {
    oneOf: [
      exact({ page: { type: 'integer' }, pageSize: { type: 'integer' }, pageCount: { type: 'integer' }, total: { type: 'integer' } }),
      exact({ start: { type: 'integer' }, limit: { type: 'integer' }, total: { type: 'integer' } }),
    ],
  },
};

/** `{ data, meta }` around a payload. */
export const envelope = (data: JsonSchema, meta: JsonSchema = exact({})): JsonSchema => exact({ data, meta });

/** `{ data: [items], meta: { pagination } }` of a core find. */
export const listEnvelope = (item: JsonSchema): JsonSchema => envelope({ type: 'array', items: item }, exact({ pagination: ref('ListPagination') }));
