import type { Core } from '@strapi/strapi';
import { assembleMoreFrom, type CandidateTeaser, type MoreFrom, type SectionRef } from '../newsroom/more-from';
import { toCandidate, toImageRef } from './shapes';
import { loadFiles, loadLatestInSection, loadSectionBySlug, loadShownTeasers, sectionIdOf, type CandidateRow } from './sql';

/** More active teasers than this in one section are not looked at (a list shows at most 20). */
const TEASER_SCAN_LIMIT = 100;

type Row = Record<string, unknown>;

/**
 * The teasers shown in a section now, in their "More from" order (both from src/reader/sql.ts):
 * published, inside their window, promoting a published article; filed in the section, or filed
 * nowhere and promoting an article of the section.
 */
function activeTeasers(strapi: Core.Strapi, sectionId: number, excludeDocumentId: string | null, now: Date) {
  return loadShownTeasers(strapi, sectionId, { excludeDocumentId, now, limit: TEASER_SCAN_LIMIT });
}

/** The newest published articles of a section, by first publication, leaving out `notIn` (documentIds). */
async function latestArticles(strapi: Core.Strapi, sectionId: number, notIn: string[], limit: number) {
  if (limit <= 0) return [];
  // The left-out articles are dropped here rather than in SQL, so that the query stays index-ordered.
  const skip = new Set(notIn);
  const rows = await loadLatestInSection(strapi, sectionId, limit + skip.size);
  return rows.filter((row) => !skip.has(row.documentId)).slice(0, limit);
}

/**
 * "More from <Section>" for a section, leaving out one article (the one being read): teasers first,
 * then the newest articles. A fixed number of queries, whatever the section's size: the teasers, the
 * newest articles (one query, two for a section with few recent articles), their images (one, when
 * there are any).
 */
export async function findMoreFrom(
  strapi: Core.Strapi,
  section: SectionRef & { documentId: string; id?: number },
  options: { excludeDocumentId?: string | null; limit: number; now?: Date },
): Promise<MoreFrom> {
  const exclude = options.excludeDocumentId ?? null;
  const sectionId = section.id ?? (await sectionIdOf(strapi, section.documentId));
  const teaserRows = sectionId === null ? [] : await activeTeasers(strapi, sectionId, exclude, options.now ?? new Date());
  const promoted = new Set(teaserRows.map((teaser) => teaser.article.documentId));
  const teaserSlots = Math.min(promoted.size, options.limit);
  const latestRows =
    sectionId === null ? [] : await latestArticles(strapi, sectionId, [...(exclude ? [exclude] : []), ...promoted], options.limit - teaserSlots);

  const files = await loadFiles(strapi, [
    ...teaserRows.flatMap((teaser) => [teaser.imageFileId, teaser.article.coverFileId]),
    ...latestRows.map((article) => article.coverFileId),
  ]);
  const candidate = (row: CandidateRow) => toCandidate({ ...row, cover: row.coverFileId === null ? null : (files.get(row.coverFileId) ?? null) });
  const teasers = teaserRows.map((row): CandidateTeaser => ({
    headline: row.headline,
    summary: row.summary,
    image: toImageRef(row.imageFileId === null ? null : files.get(row.imageFileId)),
    article: candidate(row.article),
  }));
  return assembleMoreFrom({
    section: { name: section.name, slug: section.slug },
    teasers,
    latest: latestRows.map(candidate),
    excludeDocumentId: exclude,
    limit: options.limit,
  });
}

/** The section with the given slug, as the reader API names it, or null. */
export async function findSectionBySlug(strapi: Core.Strapi, slug: string) {
  const row = await loadSectionBySlug(strapi, slug);
  if (!row) return null;
  return {
    id: Number(row.id),
    documentId: String(row.document_id),
    name: String(row.name),
    slug: String(row.slug),
    description: (row.description as string | null) ?? null,
  };
}

/** "More from" for an article given by documentId: its own section's list, without it. */
export async function findMoreFromForArticle(strapi: Core.Strapi, documentId: string, limit: number): Promise<MoreFrom> {
  const article = (await strapi.documents('api::article.article').findOne({
    documentId,
    status: 'published',
    fields: ['documentId'],
    populate: { section: { fields: ['documentId', 'name', 'slug'] } },
  })) as Row | null;
  const section = article?.section as Row | null | undefined;
  if (!section) return emptyMoreFrom();
  return findMoreFrom(
    strapi,
    { id: Number(section.id), documentId: String(section.documentId), name: String(section.name), slug: String(section.slug) },
    { excludeDocumentId: documentId, limit },
  );
}

/** The list of an article that has no section (its section was deleted): no title, no items. */
export const emptyMoreFrom = (): MoreFrom => ({ title: '', section: null, items: [] });
