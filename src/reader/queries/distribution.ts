/**
 * The reads behind feeds and sitemaps: one locale's published articles newest first by first publication,
 * walked along LISTED_ARTICLES_INDEX (locale, publicationDate, publishedAt, id over published rows), through
 * the one visibility rule; the locale is a selection every read adds (`a.locale = ?`), not a visibility
 * condition. Every published article has a publication date (stamped at its first publication,
 * src/documents/publication.ts; repaired at start for rows written around the Document Service).
 */
import type { Core } from '@strapi/strapi';
import type { ImageRef } from '../../newsroom/more-from';
import { ARTICLE } from '../../visibility/definition';
import { CORRECTION } from '../../history/versions';
import { idOrNull, iso, json, text, textOrNull } from '../decode';
import { rows } from '../driver';
import { names, type Names } from '../names';
import { col, fileIdOf, q, visible } from './fragments';
import { imageIn, loadFiles } from './files';
import type { IndexDeclaration } from '../indexes';
import { recentCutoff } from './latest-in-section';
import { lastUpdateSql } from './last-update';

/**
 * Each locale's published articles in feed and sitemap order with their "Last update": the sitemap index's
 * newest update per page and the sections' newest update are read from this index alone (at 100,000
 * articles, 60 ms instead of 600 ms of reading the table on SQLite). It replaces
 * `articles_published_lastmod_idx` (the same without the locale, before issue 17).
 */
export const LISTED_ARTICLES_INDEX: IndexDeclaration = {
  name: 'articles_locale_listed_idx',
  uid: ARTICLE,
  attributes: ['locale', 'publicationDate', 'publishedAt', 'id', 'lastUpdatedAt'],
  publishedOnly: true,
};

/** A published article as feeds and sitemaps show it. */
export interface DistributedArticle {
  documentId: string;
  locale: string;
  title: string;
  slug: string;
  byline: string | null;
  /** The blocks body; only when asked for (feeds), else null. */
  body: unknown;
  /** First publication (ISO). */
  firstPublishedAt: string;
  /** The "Last update" readers see (src/newsroom/last-update.ts), ISO. */
  lastUpdate: string;
  section: { name: string; slug: string } | null;
  cover: ImageRef | null;
}

interface RawArticle {
  id: unknown;
  document_id: unknown;
  locale: unknown;
  title: unknown;
  slug: unknown;
  byline: unknown;
  body?: unknown;
  publication_date: unknown;
  published_at: unknown;
  last_update: unknown;
  section_name: unknown;
  section_slug: unknown;
  cover_file_id: unknown;
}

/** The columns of a distributed article from alias `a` (two bindings first: type, field of the cover). */
function articleColumns(n: Names, withBody: boolean): string {
  const { article: a, section: s } = n;
  return (
    `a.id AS id, ${col('a', a.documentId)} AS document_id, ${col('a', a.locale)} AS locale, ${col('a', a.title)} AS title, ${col('a', a.slug)} AS slug, ` +
    `${col('a', a.byline)} AS byline, ${withBody ? `${col('a', a.body)} AS body, ` : ''}` +
    `${col('a', a.publicationDate)} AS publication_date, ${col('a', a.publishedAt)} AS published_at, ` +
    `${lastUpdateSql('a', a)} AS last_update, ${col('s', s.name)} AS section_name, ${col('s', s.slug)} AS section_slug, ` +
    `${fileIdOf(n, 'a.id')} AS cover_file_id`
  );
}

/** The article's section, joined as `s` through link `l`. */
function sectionJoin(n: Names): string {
  const { section: s, articleSection: as } = n;
  return `LEFT JOIN ${q(as.table)} l ON ${col('l', as.own)} = a.id LEFT JOIN ${q(s.table)} s ON s.id = ${col('l', as.other)}`;
}

/** Newest first, the order of LISTED_ARTICLES_INDEX within a locale. */
const newestFirst = (n: Names) => `ORDER BY ${col('a', n.article.publicationDate)} DESC, ${col('a', n.article.publishedAt)} DESC, a.id DESC`;

/** Published, dated, at `now`, and of `locale` (null: of any locale): the WHERE every read here starts from. */
function shownSql(strapi: Core.Strapi, now: Date, locale: string | null) {
  const { article: a } = names(strapi);
  const shown = visible(strapi, ARTICLE, 'a', now);
  const dated = `${shown.sql} AND ${col('a', a.publicationDate)} IS NOT NULL`;
  return locale === null ? { sql: dated, bindings: shown.bindings } : { sql: `${col('a', a.locale)} = ? AND ${dated}`, bindings: [locale, ...shown.bindings] };
}

async function decode(strapi: Core.Strapi, found: RawArticle[]): Promise<DistributedArticle[]> {
  const files = await loadFiles(
    strapi,
    found.map((row) => idOrNull(row.cover_file_id)),
  );
  return found.map((row) => {
    const firstPublishedAt = iso(row.publication_date) ?? iso(row.published_at) ?? new Date(0).toISOString();
    return {
      documentId: text(row.document_id),
      locale: text(row.locale),
      title: text(row.title),
      slug: text(row.slug),
      byline: textOrNull(row.byline),
      body: row.body === undefined ? null : json(row.body),
      firstPublishedAt,
      lastUpdate: iso(row.last_update) ?? firstPublishedAt,
      section: row.section_slug === null || row.section_slug === undefined ? null : { name: text(row.section_name), slug: text(row.section_slug) },
      cover: imageIn(files, idOrNull(row.cover_file_id)),
    };
  });
}

/** The full rows of these article ids, in the order given. */
async function articlesByIds(strapi: Core.Strapi, ids: number[], withBody: boolean): Promise<DistributedArticle[]> {
  if (ids.length === 0) return [];
  const n = names(strapi);
  const found = await rows<RawArticle>(
    strapi,
    `SELECT ${articleColumns(n, withBody)} FROM ${q(n.article.table)} a ${sectionJoin(n)} WHERE a.id IN (${ids.map(() => '?').join(', ')})`,
    [ARTICLE, 'cover', ...ids],
  );
  const position = new Map(ids.map((id, index) => [id, index]));
  found.sort((x, y) => (position.get(Number(x.id)) ?? 0) - (position.get(Number(y.id)) ?? 0));
  return decode(strapi, found);
}

/**
 * The `limit` newest published articles (by first publication) of `locale`, of the whole site or of the
 * given sections (rows of that locale) only, with their bodies: the items of a feed. The order is read on
 * keys only; the rows of the few found are read after.
 */
export async function loadFeedArticles(
  strapi: Core.Strapi,
  options: { locale: string; sectionIds: readonly number[] | null; limit: number },
): Promise<DistributedArticle[]> {
  const n = names(strapi);
  const { article: a } = n;
  const { locale, sectionIds, limit } = options;
  const shown = shownSql(strapi, new Date(), locale);
  if (sectionIds !== null && sectionIds.length === 0) return [];
  const keys =
    sectionIds === null
      ? await rows<{ id: unknown }>(strapi, `SELECT a.id FROM ${q(a.table)} a WHERE ${shown.sql} ${newestFirst(n)} LIMIT ?`, [...shown.bindings, limit])
      : await sectionKeys(strapi, locale, sectionIds, limit);
  return articlesByIds(
    strapi,
    keys.map((row) => Number(row.id)),
    true,
  );
}

/**
 * The ids of the `limit` newest published articles of these sections. First attempt: walk the newest
 * articles along the index, back to the recent cutoff (src/reader/queries/latest-in-section.ts), keeping
 * those filed in the sections: a few hundred index entries for any section with recent articles, exact
 * when it finds `limit`. Otherwise (a small or dormant section) read the sections' own link rows and sort.
 */
async function sectionKeys(strapi: Core.Strapi, locale: string, sectionIds: readonly number[], limit: number): Promise<Array<{ id: unknown }>> {
  const n = names(strapi);
  const { article: a, articleSection: as } = n;
  const shown = shownSql(strapi, new Date(), locale);
  const inSections = `${col('l', as.other)} IN (${sectionIds.map(() => '?').join(', ')})`;
  const cutoff = await recentCutoff(strapi);
  if (cutoff !== null) {
    const recent = await rows<{ id: unknown }>(
      strapi,
      `SELECT a.id FROM ${q(a.table)} a WHERE ${shown.sql} AND ${col('a', a.publicationDate)} >= ? ` +
        `AND EXISTS (SELECT 1 FROM ${q(as.table)} l WHERE ${col('l', as.own)} = a.id AND ${inSections}) ${newestFirst(n)} LIMIT ?`,
      [...shown.bindings, cutoff, ...sectionIds, limit],
    );
    if (recent.length === limit) return recent;
  }
  return rows<{ id: unknown }>(
    strapi,
    // CROSS JOIN: SQLite reads the sections' link rows first.
    `SELECT a.id FROM ${q(as.table)} l CROSS JOIN ${q(a.table)} a WHERE a.id = ${col('l', as.own)} AND ${inSections} AND ${shown.sql} ${newestFirst(n)} LIMIT ?`,
    [...sectionIds, ...shown.bindings, limit],
  );
}

/** The articles of `locale` first published at or after `since` and not after now (a publication date set ahead is not news yet), newest first, at most `limit`: the Google News sitemap. */
export async function loadArticlesPublishedSince(strapi: Core.Strapi, locale: string, since: Date, limit: number): Promise<DistributedArticle[]> {
  const n = names(strapi);
  const shown = shownSql(strapi, new Date(), locale);
  const found = await rows<RawArticle>(
    strapi,
    `SELECT ${articleColumns(n, false)} FROM ${q(n.article.table)} a ${sectionJoin(n)} ` +
      `WHERE ${shown.sql} AND ${col('a', n.article.publicationDate)} >= ? AND ${col('a', n.article.publicationDate)} <= ? ${newestFirst(n)} LIMIT ?`,
    [ARTICLE, 'cover', ...shown.bindings, since, new Date(), limit],
  );
  return decode(strapi, found);
}

/** How many articles of `locale` the sitemaps list. */
export async function countListedArticles(strapi: Core.Strapi, locale: string): Promise<number> {
  const shown = shownSql(strapi, new Date(), locale);
  const [row] = await rows<{ n: unknown }>(strapi, `SELECT COUNT(*) AS n FROM ${q(names(strapi).article.table)} a WHERE ${shown.sql}`, shown.bindings);
  return Number(row?.n ?? 0);
}

/** What each locale has to list, by locale as stored: its listed articles and its sections (locales with neither are absent). */
export async function listedPerLocale(strapi: Core.Strapi): Promise<Map<string, { articles: number; sections: number }>> {
  const { article: a, section: s } = names(strapi);
  const shown = shownSql(strapi, new Date(), null);
  const [articles, sections] = await Promise.all([
    rows<{ locale: unknown; n: unknown }>(
      strapi,
      `SELECT ${col('a', a.locale)} AS locale, COUNT(*) AS n FROM ${q(a.table)} a WHERE ${shown.sql} GROUP BY ${col('a', a.locale)}`,
      shown.bindings,
    ),
    rows<{ locale: unknown; n: unknown }>(strapi, `SELECT ${q(s.locale)} AS locale, COUNT(*) AS n FROM ${q(s.table)} GROUP BY ${q(s.locale)}`, []),
  ]);
  const out = new Map<string, { articles: number; sections: number }>();
  const entry = (locale: unknown) => {
    const key = textOrNull(locale);
    if (key === null) return null;
    const found = out.get(key) ?? { articles: 0, sections: 0 };
    out.set(key, found);
    return found;
  };
  for (const row of articles) {
    const found = entry(row.locale);
    if (found) found.articles = Number(row.n);
  }
  for (const row of sections) {
    const found = entry(row.locale);
    if (found) found.sections = Number(row.n);
  }
  return out;
}

/** The newest "Last update" of each sitemap page of `pageSize` articles of `locale` (index 0 = the newest page). */
export async function lastUpdatePerPage(strapi: Core.Strapi, locale: string, pageSize: number): Promise<Array<string | null>> {
  const { article: a } = names(strapi);
  const shown = shownSql(strapi, new Date(), locale);
  const found = await rows<{ page: unknown; last_update: unknown }>(
    strapi,
    `SELECT p.page AS page, MAX(p.last_update) AS last_update FROM (` +
      `SELECT (ROW_NUMBER() OVER (${newestFirst(names(strapi))}) - 1) / CAST(? AS INTEGER) AS page, ` +
      `${lastUpdateSql('a', a)} AS last_update FROM ${q(a.table)} a WHERE ${shown.sql}` +
      `) p GROUP BY p.page ORDER BY p.page`,
    [pageSize, ...shown.bindings],
  );
  const out: Array<string | null> = [];
  for (const row of found) out[Number(row.page)] = iso(row.last_update);
  return Array.from(out, (value) => value ?? null);
}

/** A listed article with the listed (published, visible) articles of every locale of its document, itself included, by locale. */
export interface ListedArticle extends DistributedArticle {
  translations: ArticleTranslation[];
}

/** Where one locale of a document is: what its link is built from. */
export interface ArticleTranslation {
  locale: string;
  slug: string;
  documentId: string;
  sectionSlug: string | null;
}

/**
 * The listed rows of every locale of these documents, by documentId, each list in locale order: one query
 * for a batch of documents. A draft, unpublished, not-yet-due or undated row is not listed, so never an alternate.
 */
export async function loadTranslations(strapi: Core.Strapi, documentIds: readonly string[]): Promise<Map<string, ArticleTranslation[]>> {
  const out = new Map<string, ArticleTranslation[]>();
  const unique = [...new Set(documentIds)];
  if (unique.length === 0) return out;
  const n = names(strapi);
  const { article: a, section: s } = n;
  const shown = shownSql(strapi, new Date(), null);
  const found = await rows<{ document_id: unknown; locale: unknown; slug: unknown; section_slug: unknown }>(
    strapi,
    `SELECT ${col('a', a.documentId)} AS document_id, ${col('a', a.locale)} AS locale, ${col('a', a.slug)} AS slug, ${col('s', s.slug)} AS section_slug ` +
      `FROM ${q(a.table)} a ${sectionJoin(n)} WHERE ${col('a', a.documentId)} IN (${unique.map(() => '?').join(', ')}) AND ${shown.sql} ` +
      `ORDER BY ${col('a', a.documentId)}, ${col('a', a.locale)}`,
    [...unique, ...shown.bindings],
  );
  for (const row of found) {
    const documentId = text(row.document_id);
    const list = out.get(documentId) ?? [];
    list.push({ documentId, locale: text(row.locale), slug: text(row.slug), sectionSlug: textOrNull(row.section_slug) });
    out.set(documentId, list);
  }
  return out;
}

/**
 * The articles of one sitemap page of `locale` (`skip` articles from the newest, at most `take`) with their
 * translations, read in batches along the index: each batch starts after the last key of the one before, so
 * a page of 50,000 is never in memory at once; the translations of a batch are one more query.
 */
export async function* streamListedArticles(
  strapi: Core.Strapi,
  options: { locale: string; skip: number; take: number; batch?: number },
): AsyncGenerator<ListedArticle> {
  const n = names(strapi);
  const { article: a } = n;
  const batch = options.batch ?? 1000;
  const now = new Date();
  let remaining = options.take;
  let after: { pd: unknown; pa: unknown; id: unknown } | null = null;
  let skip = options.skip;
  while (remaining > 0) {
    const shown = shownSql(strapi, now, options.locale);
    const keyset: { sql: string; bindings: unknown[] } =
      after === null
        ? { sql: '', bindings: [] as unknown[] }
        : { sql: `AND (${col('a', a.publicationDate)}, ${col('a', a.publishedAt)}, a.id) < (?, ?, ?) `, bindings: [after.pd, after.pa, after.id] };
    const size = Math.min(batch, remaining);
    const found: RawArticle[] = await rows<RawArticle>(
      strapi,
      `SELECT ${articleColumns(n, false)} FROM ${q(a.table)} a ${sectionJoin(n)} WHERE ${shown.sql} ${keyset.sql}${newestFirst(n)} LIMIT ? OFFSET ?`,
      [ARTICLE, 'cover', ...shown.bindings, ...keyset.bindings, size, skip],
    );
    skip = 0;
    const last: RawArticle | undefined = found[found.length - 1];
    if (!last) return;
    after = { pd: last.publication_date, pa: last.published_at, id: last.id };
    remaining -= found.length;
    const articles = await decode(strapi, found);
    const translations = await loadTranslations(
      strapi,
      articles.map((article) => article.documentId),
    );
    for (const article of articles) yield { ...article, translations: translations.get(article.documentId) ?? [] };
    if (found.length < size) return;
  }
}

/** A section as the sitemaps and section feeds need it. */
export interface SectionNode {
  id: number;
  name: string;
  slug: string;
  parentId: number | null;
}

/** Every section of `locale` (absent: of every locale) with its parent (sections are few: a site has dozens per locale). */
export async function loadSectionNodes(strapi: Core.Strapi, locale?: string): Promise<SectionNode[]> {
  const { section: s, sectionParent: sp } = names(strapi);
  const found = await rows<{ id: unknown; name: unknown; slug: unknown; parent_id: unknown }>(
    strapi,
    `SELECT s.id AS id, ${col('s', s.name)} AS name, ${col('s', s.slug)} AS slug, ` +
      `(SELECT ${col('p', sp.other)} FROM ${q(sp.table)} p WHERE ${col('p', sp.own)} = s.id LIMIT 1) AS parent_id ` +
      `FROM ${q(s.table)} s ${locale === undefined ? '' : `WHERE ${col('s', s.locale)} = ? `}ORDER BY ${col('s', s.name)}, s.id`,
    locale === undefined ? [] : [locale],
  );
  return found.map((row) => ({ id: Number(row.id), name: text(row.name), slug: text(row.slug), parentId: idOrNull(row.parent_id) }));
}

/**
 * The newest "Last update" of each section's own published articles of `locale` (ISO), by section id: one
 * pass over LISTED_ARTICLES_INDEX and the link rows (CROSS JOIN: SQLite reads the index first).
 */
export async function sectionLastUpdates(strapi: Core.Strapi, locale: string): Promise<Map<number, string>> {
  const { article: a, articleSection: as } = names(strapi);
  const shown = shownSql(strapi, new Date(), locale);
  const found = await rows<{ section_id: unknown; last_update: unknown }>(
    strapi,
    `SELECT ${col('l', as.other)} AS section_id, MAX(${lastUpdateSql('a', a)}) AS last_update ` +
      `FROM ${q(a.table)} a CROSS JOIN ${q(as.table)} l WHERE ${col('l', as.own)} = a.id AND ${shown.sql} GROUP BY ${col('l', as.other)}`,
    shown.bindings,
  );
  const out = new Map<number, string>();
  for (const row of found) {
    const value = iso(row.last_update);
    if (value !== null) out.set(Number(row.section_id), value);
  }
  return out;
}

/** The ids of `root` and of every section below it (cycles in the parent links are cut). */
export function sectionSubtree(sections: readonly SectionNode[], root: number): number[] {
  const children = new Map<number, number[]>();
  for (const section of sections) {
    if (section.parentId === null) continue;
    children.set(section.parentId, [...(children.get(section.parentId) ?? []), section.id]);
  }
  const seen = new Set<number>([root]);
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return [...seen];
}

/**
 * What the sitemaps show, in a few numbers that change whenever any of it does, read from indexes only
 * (a 304 costs these aggregates, never the pages): the listed articles' count and newest row id over every
 * locale (every publish, of any translation, writes a new published row with a higher id; an unpublish lowers
 * the count; each page lists the other locales as alternates, so one locale's change is every page's), the sections' count
 * and newest write (a rename, a new slug or parent), and the media library's count and newest write (a
 * cover replaced or deleted), and the newest correction (it moves an article's "Last update" and writes no new
 * row of the article; corrections are only ever added, by primary key).
 */
export async function distributionVersion(strapi: Core.Strapi): Promise<string> {
  const { article: a, section: s, file: f } = names(strapi);
  const shown = shownSql(strapi, new Date(), null);
  const [articles] = await rows<Record<string, unknown>>(
    strapi,
    `SELECT COUNT(*) AS n, MAX(a.id) AS max_id FROM ${q(a.table)} a WHERE ${shown.sql}`,
    shown.bindings,
  );
  const [sections] = await rows<Record<string, unknown>>(strapi, `SELECT COUNT(*) AS n, MAX(${q(s.updatedAt)}) AS updated FROM ${q(s.table)}`, []);
  const [files] = await rows<Record<string, unknown>>(strapi, `SELECT COUNT(*) AS n, MAX(${q(f.updatedAt)}) AS updated FROM ${q(f.table)}`, []);
  const [corrections] = await rows<Record<string, unknown>>(strapi, `SELECT MAX(id) AS max_id FROM ${q(strapi.db.metadata.get(CORRECTION).tableName)}`, []);
  return JSON.stringify([articles?.n, articles?.max_id, sections?.n, iso(sections?.updated), files?.n, iso(files?.updated), corrections?.max_id].map(String));
}
