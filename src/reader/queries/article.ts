/**
 * An article by slug (the reader's address) or by documentId (previews, GraphQL's `Article.moreFrom`):
 * the whole row with its section, cover and SEO, or only its documentId and section.
 */
import type { Core } from '@strapi/strapi';
import type { ImageRef } from '../../newsroom/more-from';
import { draftVersionSql, type SqlFragment } from '../../visibility/sql';
import { ARTICLE, SECTION } from '../../visibility/definition';
import { recordTags } from '../../cache/record';
import { documentTag, typeTag } from '../../cache/tags';
import { idOrNull, iso, json, text, textOrNull } from '../decode';
import { rows } from '../driver';
import type { IndexDeclaration } from '../indexes';
import { metaSource, names, SEO } from '../names';
import { col, fileIdOf, q, visible } from './fragments';
import { imageIn, loadFiles } from './files';
import type { SectionRow } from './sections';

/** Which article: by slug or by documentId. */
export type ArticleLookup = { slug: string } | { documentId: string };

/** Which version: the one readers see, or the draft (previews only). */
export type ArticleStatus = 'draft' | 'published';

/** The by-slug lookup walks this index (`/api/articles/by-slug/:slug`, also the stock `filters[slug][$eq]`). */
export const ARTICLE_BY_SLUG_INDEX: IndexDeclaration = { name: 'articles_slug_published_idx', uid: ARTICLE, attributes: ['slug', 'publishedAt'] };

/** An article's section as the article query joins it. */
export type ArticleSection = Omit<SectionRow, 'description'>;

/**
 * One version of an article, decoded, shaped like `documents(article).findFirst({ populate: { section,
 * cover, seo: { populate: shareImage } } })`: with `id` and `documentId`, so that Strapi's GraphQL
 * resolvers can load its relations and components from it.
 */
export interface ArticleRow {
  id: number;
  documentId: string;
  locale: string;
  title: string;
  slug: string;
  byline: string | null;
  body: unknown;
  publishedAt: string | null;
  publicationDate: string | null;
  lastUpdatedAt: string | null;
  /** The latest public correction (a private attribute: read for the "Last update", never shown as such). */
  correctedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  section: ArticleSection | null;
  cover: ImageRef | null;
  seo: { id: number; metaTitle: string | null; metaDescription: string | null; shareImage: ImageRef | null } | null;
}

interface RawSection {
  section_id: unknown;
  section_document_id: unknown;
  section_name: unknown;
  section_slug: unknown;
}

interface RawArticle extends RawSection {
  id: unknown;
  document_id: unknown;
  locale: unknown;
  title: unknown;
  slug: unknown;
  byline: unknown;
  body: unknown;
  published_at: unknown;
  publication_date: unknown;
  last_updated_at: unknown;
  corrected_at: unknown;
  created_at: unknown;
  updated_at: unknown;
  seo_id: unknown;
  meta_title: unknown;
  meta_description: unknown;
  cover_file_id: unknown;
  share_file_id: unknown;
}

/** The WHERE of a lookup on alias `a`: the article, in the version asked for. */
function lookupSql(strapi: Core.Strapi, lookup: ArticleLookup, status: ArticleStatus): SqlFragment {
  const { article: a } = names(strapi);
  const version = status === 'published' ? visible(strapi, ARTICLE, 'a', new Date()) : draftVersionSql(metaSource(strapi), ARTICLE, 'a');
  const [column, value] = 'slug' in lookup ? [a.slug, lookup.slug] : [a.documentId, lookup.documentId];
  return { sql: `${col('a', column)} = ? AND ${version.sql}`, bindings: [value, ...version.bindings] };
}

/** The section columns (alias `s`, joined to `a` through link `l`) and their joins. */
function sectionSql(strapi: Core.Strapi) {
  const { section: s, articleSection: as } = names(strapi);
  return {
    columns:
      `s.id AS section_id, ${col('s', s.documentId)} AS section_document_id, ${col('s', s.name)} AS section_name, ` + `${col('s', s.slug)} AS section_slug`,
    joins: `LEFT JOIN ${q(as.table)} l ON ${col('l', as.own)} = a.id LEFT JOIN ${q(s.table)} s ON s.id = ${col('l', as.other)}`,
  };
}

const sectionOf = (row: RawSection): ArticleSection | null =>
  row.section_id === null || row.section_id === undefined
    ? null
    : { id: Number(row.section_id), documentId: text(row.section_document_id), name: text(row.section_name), slug: text(row.section_slug) };

/**
 * The cache tags of an article lookup: the article and its section, or, when none matched, every
 * article (whichever is published next may take the address).
 */
function recordArticleLookup(strapi: Core.Strapi, row: (RawSection & { document_id: unknown }) | null): void {
  if (!row) return recordTags(strapi, typeTag(ARTICLE));
  const section = sectionOf(row);
  recordTags(strapi, documentTag(ARTICLE, text(row.document_id)), section && documentTag(SECTION, section.documentId));
}

/** One version of an article with its section, cover and SEO (with share image): one query, and one more when there are files. */
export async function loadArticleRow(strapi: Core.Strapi, lookup: ArticleLookup, status: ArticleStatus): Promise<ArticleRow | null> {
  const n = names(strapi);
  const { article: a, articleComponents: ac, seo } = n;
  const where = lookupSql(strapi, lookup, status);
  const section = sectionSql(strapi);
  const sql =
    `SELECT a.id, ${col('a', a.documentId)} AS document_id, ${col('a', a.locale)} AS locale, ${col('a', a.title)} AS title, ${col('a', a.slug)} AS slug, ` +
    `${col('a', a.byline)} AS byline, ${col('a', a.body)} AS body, ${col('a', a.publishedAt)} AS published_at, ` +
    `${col('a', a.publicationDate)} AS publication_date, ${col('a', a.lastUpdatedAt)} AS last_updated_at, ` +
    `${col('a', a.correctedAt)} AS corrected_at, ${col('a', a.createdAt)} AS created_at, ${col('a', a.updatedAt)} AS updated_at, ${section.columns}, ` +
    `seo.id AS seo_id, ${col('seo', seo.metaTitle)} AS meta_title, ${col('seo', seo.metaDescription)} AS meta_description, ` +
    `${fileIdOf(n, 'a.id')} AS cover_file_id, ${fileIdOf(n, 'seo.id')} AS share_file_id ` +
    `FROM ${q(a.table)} a ${section.joins} ` +
    `LEFT JOIN ${q(ac.table)} c ON ${col('c', ac.own)} = a.id AND ${col('c', ac.field)} = ? ` +
    `LEFT JOIN ${q(seo.table)} seo ON seo.id = ${col('c', ac.other)} ` +
    `WHERE ${where.sql} LIMIT 1`;
  const [row] = await rows<RawArticle>(strapi, sql, [ARTICLE, 'cover', SEO, 'shareImage', ac.seoField, ...where.bindings]);
  recordArticleLookup(strapi, row ?? null);
  if (!row) return null;
  const coverId = idOrNull(row.cover_file_id);
  const shareId = idOrNull(row.share_file_id);
  const files = await loadFiles(strapi, [coverId, shareId]);
  return {
    id: Number(row.id),
    documentId: text(row.document_id),
    locale: text(row.locale),
    title: text(row.title),
    slug: text(row.slug),
    byline: textOrNull(row.byline),
    body: json(row.body),
    publishedAt: iso(row.published_at),
    publicationDate: iso(row.publication_date),
    lastUpdatedAt: iso(row.last_updated_at),
    correctedAt: iso(row.corrected_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    section: sectionOf(row),
    cover: imageIn(files, coverId),
    seo:
      row.seo_id === null || row.seo_id === undefined
        ? null
        : {
            id: Number(row.seo_id),
            metaTitle: textOrNull(row.meta_title),
            metaDescription: textOrNull(row.meta_description),
            shareImage: imageIn(files, shareId),
          },
  };
}

/** The published article of a lookup, as far as "More from" needs it: its documentId and section. */
export async function loadPublishedArticleRef(
  strapi: Core.Strapi,
  lookup: ArticleLookup,
): Promise<{ documentId: string; section: ArticleSection | null } | null> {
  const { article: a } = names(strapi);
  const where = lookupSql(strapi, lookup, 'published');
  const section = sectionSql(strapi);
  const [row] = await rows<RawSection & { document_id: unknown }>(
    strapi,
    `SELECT ${col('a', a.documentId)} AS document_id, ${section.columns} FROM ${q(a.table)} a ${section.joins} WHERE ${where.sql} LIMIT 1`,
    where.bindings,
  );
  recordArticleLookup(strapi, row ?? null);
  return row ? { documentId: text(row.document_id), section: sectionOf(row) } : null;
}

/** The published article with this slug: its documentId, or null. */
export async function publishedDocumentIdBySlug(strapi: Core.Strapi, slug: string): Promise<string | null> {
  return (await loadPublishedArticleRef(strapi, { slug }))?.documentId ?? null;
}
