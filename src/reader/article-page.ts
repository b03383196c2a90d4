import type { Core } from '@strapi/strapi';
import { formatLastUpdate, lastUpdateInstant, type LastUpdate, type LastUpdateDates } from '../newsroom/last-update';
import { correctionsOf } from '../history/corrections';
import type { MoreFrom, SectionRef } from '../newsroom/more-from';
import { emptyMoreFrom, findMoreFrom } from './more-from';
import { loadArticleRow, type ArticleLookup, type ArticleRow, type ArticleStatus } from './queries/article';
import { newsSettings } from '../settings/news';
import { siteSettings } from '../settings/site';
import { siteLinks } from '../distribution/links';
import { newsArticleJsonLd, type NewsArticleJsonLd } from '../distribution/structured-data';

export type { ArticleLookup } from './queries/article';

/** An article's SEO component as the page shows it. */
export type Seo = Omit<NonNullable<ArticleRow['seo']>, 'id'>;

/** Everything a front-end needs to render one article page: the article's own fields as the article query decodes them, and the rest. */
export interface ArticlePage extends Pick<ArticleRow, 'documentId' | 'title' | 'slug' | 'byline' | 'body' | 'publishedAt' | 'publicationDate' | 'cover'> {
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

/** How a page is built: the length of "More from", the version, and what relative media URLs are resolved against. */
export interface ArticlePageOptions {
  moreFromLimit: number;
  status?: ArticleStatus;
  /** PUBLIC_URL for `/uploads/...` URLs in the structured data, or null to leave them as stored (src/distribution/media.ts). */
  mediaBase: string | null;
}

/** The "Last update" of a published article, with the configured zone and pattern. */
export function lastUpdateOf(strapi: Core.Strapi, article: { [K in keyof LastUpdateDates]?: unknown }): LastUpdate | null {
  const instant = lastUpdateInstant(article as LastUpdateDates);
  return instant ? formatLastUpdate(instant, newsSettings(strapi)) : null;
}

/** The published article with this slug, rendered as a page, or null when there is none. */
export function findArticlePage(strapi: Core.Strapi, slug: string, options: Omit<ArticlePageOptions, 'status'>): Promise<ArticlePage | null> {
  return findArticlePageBy(strapi, { slug }, options);
}

/**
 * One version of an article, rendered as a page, or null when there is none: the published version
 * unless `status: 'draft'` asks for the draft (previews only; reader requests never see drafts).
 */
export async function findArticlePageBy(strapi: Core.Strapi, lookup: ArticleLookup, options: ArticlePageOptions): Promise<ArticlePage | null> {
  // The article with its section, cover and SEO in two queries (src/reader/queries/article.ts).
  const row = await loadArticleRow(strapi, lookup, options.status ?? 'published');
  if (!row) return null;

  const section = row.section && { name: row.section.name, slug: row.section.slug };
  const moreFrom = row.section ? await findMoreFrom(strapi, row.section, { excludeDocumentId: row.documentId, limit: options.moreFromLimit }) : emptyMoreFrom();
  const corrections = await publicCorrectionsOf(strapi, row.documentId, row.locale);

  const page: Omit<ArticlePage, 'structuredData'> = {
    documentId: row.documentId,
    title: row.title,
    slug: row.slug,
    byline: row.byline,
    body: row.body ?? [],
    publishedAt: row.publishedAt,
    publicationDate: row.publicationDate,
    section,
    cover: row.cover,
    seo: row.seo && { metaTitle: row.seo.metaTitle, metaDescription: row.seo.metaDescription, shareImage: row.seo.shareImage },
    lastUpdate: lastUpdateOf(strapi, row),
    corrections,
    moreFrom,
  };
  const site = siteSettings(strapi);
  return { ...page, structuredData: newsArticleJsonLd(page, { site, links: siteLinks(site), mediaBase: options.mediaBase }) };
}
