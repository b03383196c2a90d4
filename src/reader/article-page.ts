import type { Core } from '@strapi/strapi';
import { formatLastUpdate, lastUpdateInstant, type LastUpdate } from '../newsroom/last-update';
import type { ImageRef, MoreFrom, SectionRef } from '../newsroom/more-from';
import { emptyMoreFrom, findMoreFrom } from './more-from';
import { newsSettings } from '../settings/news';
import { toImageRef, toSectionRef } from './shapes';
import { loadArticleRow } from './sql';

type Row = Record<string, unknown>;

export interface Seo {
  metaTitle: string | null;
  metaDescription: string | null;
  shareImage: ImageRef | null;
}

/** Everything a front-end needs to render one article page. */
export interface ArticlePage {
  documentId: string;
  title: string;
  slug: string;
  byline: string | null;
  body: unknown;
  publishedAt: string | null;
  publicationDate: string | null;
  section: SectionRef | null;
  cover: ImageRef | null;
  seo: Seo | null;
  lastUpdate: LastUpdate | null;
  moreFrom: MoreFrom;
}

/** The "Last update" of a published article, with the configured zone and pattern. */
export function lastUpdateOf(strapi: Core.Strapi, article: { lastUpdatedAt?: unknown; publishedAt?: unknown }): LastUpdate | null {
  const instant = lastUpdateInstant(article as { lastUpdatedAt?: string | null; publishedAt?: string | null });
  return instant ? formatLastUpdate(instant, newsSettings(strapi)) : null;
}

function toSeo(value: unknown): Seo | null {
  if (!value || typeof value !== 'object') return null;
  const row = value as Row;
  return {
    metaTitle: typeof row.metaTitle === 'string' ? row.metaTitle : null,
    metaDescription: typeof row.metaDescription === 'string' ? row.metaDescription : null,
    shareImage: toImageRef(row.shareImage),
  };
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null);

/** Which article: by slug (the reader's address) or by documentId (previews). */
export type ArticleLookup = { slug: string } | { documentId: string };

/** The published article with this slug, rendered as a page, or null when there is none. */
export function findArticlePage(strapi: Core.Strapi, slug: string, moreFromLimit: number): Promise<ArticlePage | null> {
  return findArticlePageBy(strapi, { slug }, { moreFromLimit });
}

/**
 * One version of an article, rendered as a page, or null when there is none: the published version
 * unless `status: 'draft'` asks for the draft (previews only; reader requests never see drafts).
 */
export async function findArticlePageBy(
  strapi: Core.Strapi,
  lookup: ArticleLookup,
  options: { moreFromLimit: number; status?: 'draft' | 'published' },
): Promise<ArticlePage | null> {
  const moreFromLimit = options.moreFromLimit;
  // The article with its section, cover and SEO in two queries (src/reader/sql.ts).
  const row = await loadArticleRow(strapi, lookup, options.status ?? 'published');
  if (!row) return null;

  const documentId = String(row.documentId);
  const sectionRow = row.section as Row | null | undefined;
  const section = toSectionRef(sectionRow);
  const moreFrom =
    section && sectionRow
      ? await findMoreFrom(
          strapi,
          { ...section, documentId: String(sectionRow.documentId), id: Number(sectionRow.id) },
          { excludeDocumentId: documentId, limit: moreFromLimit },
        )
      : emptyMoreFrom();

  return {
    documentId,
    title: String(row.title),
    slug: String(row.slug),
    byline: typeof row.byline === 'string' ? row.byline : null,
    body: row.body ?? [],
    publishedAt: iso(row.publishedAt),
    publicationDate: iso(row.publicationDate),
    section,
    cover: toImageRef(row.cover),
    seo: toSeo(row.seo),
    lastUpdate: lastUpdateOf(strapi, row),
    moreFrom,
  };
}
