import type { Core } from '@strapi/strapi';
import { formatLastUpdate, lastUpdateInstant, type LastUpdate, type LastUpdateDates } from '../newsroom/last-update';
import { correctionsOf } from '../history/corrections';
import type { MoreFrom, SectionRef } from '../newsroom/more-from';
import { emptyMoreFrom, findMoreFrom } from './more-from';
import { loadArticleRow, loadPublishedLocales, type ArticleLookup, type ArticleRow, type ArticleStatus } from './queries/article';
import { defaultLocale, localeWords } from '../locales';
import { siteSettings } from '../settings/site';
import { siteLinks } from '../distribution/links';
import { newsArticleJsonLd, type NewsArticleJsonLd } from '../distribution/structured-data';

export type { ArticleLookup } from './queries/article';

/** An article's SEO component as the page shows it. */
export type Seo = Omit<NonNullable<ArticleRow['seo']>, 'id'>;

/** A published translation of an article (hreflang): its locale, its slug there, its address on the public site (null without PUBLIC_SITE_URL). */
export interface Alternate {
  locale: string;
  slug: string;
  url: string | null;
}

/** Everything a front-end needs to render one article page: the article's own fields as the article query decodes them, and the rest. */
export interface ArticlePage extends Pick<ArticleRow, 'documentId' | 'title' | 'slug' | 'byline' | 'body' | 'publishedAt' | 'publicationDate' | 'cover'> {
  /** The locale of the page served. */
  locale: string;
  /** Only when NEWS_LOCALE_FALLBACK served the page: the locale asked for, which the article is not published in. */
  requestedLocale?: string;
  /** Every locale the article is published in, this page's own included, by locale code. */
  alternates: Alternate[];
  section: SectionRef | null;
  seo: Seo | null;
  lastUpdate: LastUpdate | null;
  /** The article's public corrections, oldest first. */
  corrections: PublicCorrection[];
  moreFrom: MoreFrom;
  /** schema.org NewsArticle for the page's `<script type="application/ld+json">`. */
  structuredData: NewsArticleJsonLd;
}

/** A correction as readers see it: when, and what (no ids, no authors). */
export interface PublicCorrection {
  /** ISO instant. */
  at: string;
  text: string;
}

/** The public corrections of one locale of an article (NEWS_DEFAULT_LOCALE when not given), oldest first. */
export async function publicCorrectionsOf(strapi: Core.Strapi, documentId: string, locale: string | null | undefined): Promise<PublicCorrection[]> {
  const found = (await correctionsOf(strapi, [documentId], locale)).get(documentId) ?? [];
  return found.map(({ at, text }) => ({ at, text }));
}

/** How a page is built: the locale, the length of "More from", the version, and what relative media URLs are resolved against. */
export interface ArticlePageOptions {
  locale: string;
  moreFromLimit: number;
  status?: ArticleStatus;
  /** PUBLIC_URL for `/uploads/...` URLs in the structured data, or null to leave them as stored (src/distribution/media.ts). */
  mediaBase: string | null;
}

/**
 * The "Last update" of a published article in the words, zone and date pattern of its locale
 * (NEWS_LOCALE_<TAG>_*; NEWS_DEFAULT_LOCALE's when not given).
 */
export function lastUpdateOf(strapi: Core.Strapi, article: { [K in keyof LastUpdateDates]?: unknown }, locale?: string | null): LastUpdate | null {
  const instant = lastUpdateInstant(article as LastUpdateDates);
  return instant ? formatLastUpdate(instant, localeWords(strapi, locale ?? defaultLocale(strapi))) : null;
}

/**
 * The published article with this slug in `options.locale`, rendered as a page; when it is not published
 * there, the one with this slug in `fallbackLocale` (NEWS_LOCALE_FALLBACK), marked with the `requestedLocale`;
 * null when neither exists.
 */
export async function findArticlePage(
  strapi: Core.Strapi,
  slug: string,
  options: Omit<ArticlePageOptions, 'status'> & { fallbackLocale?: string | null },
): Promise<ArticlePage | null> {
  const { fallbackLocale, ...asked } = options;
  const page = await findArticlePageBy(strapi, { slug }, asked);
  if (page || !fallbackLocale || fallbackLocale === options.locale) return page;
  const fallback = await findArticlePageBy(strapi, { slug }, { ...asked, locale: fallbackLocale });
  return fallback && { ...fallback, requestedLocale: options.locale };
}

/** The published translations of an article, with their addresses on the public site. */
export async function alternatesOf(strapi: Core.Strapi, documentId: string): Promise<Alternate[]> {
  const links = siteLinks(siteSettings(strapi));
  const found = await loadPublishedLocales(strapi, documentId);
  return found
    .map(({ locale, slug, sectionSlug }) => ({ locale, slug, url: links?.article({ slug, documentId, sectionSlug, locale }) ?? null }))
    .sort((x, y) => (x.locale < y.locale ? -1 : x.locale > y.locale ? 1 : 0));
}

/**
 * One version of an article, rendered as a page, or null when there is none: the published version
 * unless `status: 'draft'` asks for the draft (previews only; reader requests never see drafts).
 */
export async function findArticlePageBy(strapi: Core.Strapi, lookup: ArticleLookup, options: ArticlePageOptions): Promise<ArticlePage | null> {
  // The article with its section, cover and SEO in two queries (src/reader/queries/article.ts).
  const row = await loadArticleRow(strapi, { ...lookup, locale: options.locale }, options.status ?? 'published');
  if (!row) return null;

  const section = row.section && { name: row.section.name, slug: row.section.slug };
  const moreFrom = row.section
    ? await findMoreFrom(strapi, row.section, { locale: row.locale, excludeDocumentId: row.documentId, limit: options.moreFromLimit })
    : emptyMoreFrom();
  const corrections = await publicCorrectionsOf(strapi, row.documentId, row.locale);
  const alternates = await alternatesOf(strapi, row.documentId);

  const page: Omit<ArticlePage, 'structuredData'> = {
    documentId: row.documentId,
    locale: row.locale,
    alternates,
    title: row.title,
    slug: row.slug,
    byline: row.byline,
    body: row.body ?? [],
    publishedAt: row.publishedAt,
    publicationDate: row.publicationDate,
    section,
    cover: row.cover,
    seo: row.seo && { metaTitle: row.seo.metaTitle, metaDescription: row.seo.metaDescription, shareImage: row.seo.shareImage },
    lastUpdate: lastUpdateOf(strapi, row, row.locale),
    corrections,
    moreFrom,
  };
  const site = siteSettings(strapi);
  return { ...page, structuredData: newsArticleJsonLd(page, { site, links: siteLinks(site), mediaBase: options.mediaBase }) };
}
