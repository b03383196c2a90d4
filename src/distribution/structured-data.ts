/**
 * schema.org `NewsArticle` structured data (JSON-LD) for an article page: what search engines read to show
 * an article as a news result (headline, dates, authors, publisher, images). Framework-free: the caller
 * passes the site settings, the site's links and the base for relative media URLs.
 */
import { collapseWhitespace, excerptFromBlocks, truncateExcerpt } from '../newsroom/excerpt';
import type { LastUpdate } from '../newsroom/last-update';
import type { ImageRef, SectionRef } from '../newsroom/more-from';
import type { ArticleRow } from '../reader/queries/article';
import { languageOf, type SiteSettings } from '../settings/site';
import type { SiteLinks } from './links';
import { absoluteUrl } from './media';

/** Google's recommended maximum headline length for article structured data, in characters. */
export const HEADLINE_MAX = 110;
const HEADLINE_ELLIPSIS = '…';

/** The image renditions listed after the original, when the upload plugin made them. */
const IMAGE_FORMATS = ['large', 'medium'] as const;

export interface PersonJsonLd {
  '@type': 'Person';
  name: string;
}

export interface OrganizationJsonLd {
  '@type': 'Organization';
  name: string;
  /** The site's home page; absent when PUBLIC_SITE_URL is unset. */
  url?: string;
}

export interface WebPageJsonLd {
  '@type': 'WebPage';
  '@id': string;
}

/** A schema.org NewsArticle; optional properties are left out when the article has no value for them. */
export interface NewsArticleJsonLd {
  '@context': 'https://schema.org';
  '@type': 'NewsArticle';
  /** The title, at most HEADLINE_MAX characters (cut on a word, with "…"). */
  headline: string;
  /** First publication (ISO 8601). */
  datePublished?: string;
  /** The "Last update" readers see (ISO 8601). */
  dateModified?: string;
  author?: PersonJsonLd[];
  publisher: OrganizationJsonLd;
  /** Absolute URLs of the cover: the original, then its large and medium renditions. */
  image?: string[];
  articleSection?: string;
  mainEntityOfPage?: WebPageJsonLd;
  url?: string;
  /** BCP 47 (SITE_LANGUAGE). */
  inLanguage: string;
  description?: string;
}

/** What structured data is made from: the article page's own fields (the article query's, as the page shows them). */
export interface NewsArticleSource extends Pick<ArticleRow, 'documentId' | 'title' | 'slug' | 'byline' | 'body' | 'publishedAt' | 'publicationDate' | 'cover'> {
  section: SectionRef | null;
  seo: { metaDescription: string | null } | null;
  lastUpdate: Pick<LastUpdate, 'datetime'> | null;
  /** The page's locale: its address and `inLanguage` (absent: the default locale, SITE_LANGUAGE). */
  locale?: string;
}

export interface NewsArticleContext {
  site: Pick<SiteSettings, 'name' | 'language'>;
  /** The public site's links; null when PUBLIC_SITE_URL is unset (no url, mainEntityOfPage or publisher url then). */
  links: SiteLinks | null;
  /** What relative media URLs (`/uploads/...`) are resolved against (src/distribution/media.ts). */
  mediaBase: string | null;
}

const BY_PREFIX = /^by\s+/iu;
/** Between two names of a byline: a comma, semicolon, ampersand or the word "and" (", and" included). */
const NAME_SEPARATOR = /\s*(?:[,;&]|\band\b)\s*/iu;

/**
 * The people a byline names, in order: "By Jane Doe and John Roe" and "Jane Doe, John Roe" both give
 * Jane Doe and John Roe. A leading "By " is dropped; names are split on commas, semicolons, "&" and
 * "and". A blank byline names no one.
 */
export function bylineAuthors(byline: string | null): PersonJsonLd[] {
  if (typeof byline !== 'string') return [];
  return collapseWhitespace(byline)
    .replace(BY_PREFIX, '')
    .split(NAME_SEPARATOR)
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => ({ '@type': 'Person', name }));
}

/** The headline search engines show: the title, cut on a word to HEADLINE_MAX characters with "…". */
export function structuredHeadline(title: string): string {
  return truncateExcerpt(title, HEADLINE_MAX, HEADLINE_ELLIPSIS);
}

/** `value` as an ISO 8601 instant, or undefined when it is not a date. */
function isoInstant(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The cover's URLs: the original, then the large and medium renditions, each once; absolute against
 * `mediaBase` (PUBLIC_URL), or as stored when it is unset (`/uploads/...`: the front-end, which knows
 * where the CMS is, makes them absolute; the page stays the same whatever Host it was asked through).
 */
function coverUrls(cover: ImageRef | null, mediaBase: string | null): string[] {
  if (!cover) return [];
  const candidates = [cover.url, ...IMAGE_FORMATS.map((name) => cover.formats?.[name]?.url)];
  const resolve = (url: string) => (mediaBase !== null ? absoluteUrl(url, mediaBase) : /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : null);
  const urls = candidates.flatMap((url) => (typeof url === 'string' && url !== '' ? [resolve(url)] : []));
  return [...new Set(urls.filter((url): url is string => url !== null))];
}

/**
 * The schema.org NewsArticle for an article page, as search engines read it from the page's
 * `<script type="application/ld+json">`: headline, first publication and last update, authors from
 * the byline, the publication as publisher, the cover's images, the section, the article's address
 * on the public site (in its locale), the page's language and a description (the SEO description, else the excerpt).
 * Properties the article has no value for are left out.
 */
export function newsArticleJsonLd(article: NewsArticleSource, context: NewsArticleContext): NewsArticleJsonLd {
  const { site, links, mediaBase } = context;
  const url = links?.article({ slug: article.slug, documentId: article.documentId, sectionSlug: article.section?.slug ?? null, locale: article.locale });
  const datePublished = isoInstant(article.publicationDate ?? article.publishedAt);
  const dateModified = isoInstant(article.lastUpdate?.datetime);
  const author = bylineAuthors(article.byline);
  const image = coverUrls(article.cover, mediaBase);
  const metaDescription = collapseWhitespace(article.seo?.metaDescription ?? '');
  const description = metaDescription !== '' ? metaDescription : excerptFromBlocks(article.body);

  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: structuredHeadline(article.title),
    ...(datePublished ? { datePublished } : {}),
    ...(dateModified ? { dateModified } : {}),
    ...(author.length > 0 ? { author } : {}),
    publisher: { '@type': 'Organization', name: site.name, ...(links ? { url: links.home } : {}) },
    ...(image.length > 0 ? { image } : {}),
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(url ? { mainEntityOfPage: { '@type': 'WebPage', '@id': url }, url } : {}),
    inLanguage: article.locale ? languageOf(site, article.locale) : site.language,
    ...(description !== '' ? { description } : {}),
  };
}
