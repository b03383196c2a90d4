import type { Core } from '@strapi/strapi';
import { assembleMoreFrom, type CandidateTeaser, type MoreFrom, type SectionRef } from '../newsroom/more-from';
import { loadPublishedArticleRef, publishedDocumentIdBySlug } from './queries/article';
import { withCover } from './queries/candidates';
import { imageIn, loadFiles } from './queries/files';
import { loadLatestInSection } from './queries/latest-in-section';
import { loadSectionBySlug, sectionIdOf } from './queries/sections';
import { loadShownTeasers } from './queries/shown-teasers';
import { recordTags } from '../cache/record';
import { documentTag, sectionListTag } from '../cache/tags';
import { SECTION } from '../visibility/definition';
import { localeWords } from '../locales';

/** More active teasers than this in one section are not looked at (a list shows at most 20). */
const TEASER_SCAN_LIMIT = 100;

/** The newest published articles of a section, by first publication, leaving out `notIn` (documentIds). */
async function latestArticles(strapi: Core.Strapi, sectionId: number, notIn: string[], limit: number) {
  if (limit <= 0) return [];
  // The left-out articles are dropped here rather than in SQL, so that the query stays index-ordered.
  const skip = new Set(notIn);
  const rows = await loadLatestInSection(strapi, sectionId, limit + skip.size);
  return rows.filter((row) => !skip.has(row.documentId)).slice(0, limit);
}

/**
 * "More from <Section>" for a section in one locale (the section's row of that locale, whose articles and
 * teasers are of that locale only; the title in that locale's words), leaving out one article (the one being read): the teasers shown
 * now first (./queries/shown-teasers.ts), then the newest articles (./queries/latest-in-section.ts). A
 * fixed number of queries, whatever the section's size: the teasers, the newest articles (one query, two
 * for a section with few recent articles), their images (one, when there are any).
 */
export async function findMoreFrom(
  strapi: Core.Strapi,
  section: SectionRef & { documentId: string; id?: number },
  options: { locale: string; excludeDocumentId?: string | null; limit: number; now?: Date },
): Promise<MoreFrom> {
  const exclude = options.excludeDocumentId ?? null;
  // Which items the list shows depends on every article and teaser placed in the section (src/cache/tags.ts).
  recordTags(strapi, documentTag(SECTION, section.documentId), sectionListTag(section.documentId));
  const sectionId = section.id ?? (await sectionIdOf(strapi, section.documentId, options.locale));
  const teaserRows =
    sectionId === null
      ? []
      : await loadShownTeasers(strapi, sectionId, { excludeDocumentId: exclude, now: options.now ?? new Date(), limit: TEASER_SCAN_LIMIT });
  const promoted = new Set(teaserRows.map((teaser) => teaser.article.documentId));
  const teaserSlots = Math.min(promoted.size, options.limit);
  const latestRows =
    sectionId === null ? [] : await latestArticles(strapi, sectionId, [...(exclude ? [exclude] : []), ...promoted], options.limit - teaserSlots);

  const files = await loadFiles(strapi, [
    ...teaserRows.flatMap((teaser) => [teaser.imageFileId, teaser.article.coverFileId]),
    ...latestRows.map((article) => article.coverFileId),
  ]);
  const teasers = teaserRows.map((row): CandidateTeaser => ({
    headline: row.headline,
    summary: row.summary,
    image: imageIn(files, row.imageFileId),
    article: withCover(row.article, files),
  }));
  return assembleMoreFrom({
    section: { name: section.name, slug: section.slug },
    teasers,
    latest: latestRows.map((row) => withCover(row, files)),
    excludeDocumentId: exclude,
    limit: options.limit,
    words: localeWords(strapi, options.locale),
  });
}

/** "More from" for the published article given by documentId in `locale`: its own section's list, without it. */
export async function findMoreFromForArticle(strapi: Core.Strapi, documentId: string, locale: string, limit: number): Promise<MoreFrom> {
  const section = (await loadPublishedArticleRef(strapi, { documentId, locale }))?.section;
  return section ? findMoreFrom(strapi, section, { locale, excludeDocumentId: documentId, limit }) : emptyMoreFrom();
}

/**
 * "More from" of the section with this slug in `locale` (REST `GET /api/sections/:slug/more-from`, GraphQL
 * `Section.moreFrom`), leaving out the published article of that locale with the slug `excludeSlug` if
 * there is one; null when no section has the slug in that locale.
 */
export async function findMoreFromForSection(
  strapi: Core.Strapi,
  slug: string,
  options: { locale: string; excludeSlug: string | null; limit: number },
): Promise<MoreFrom | null> {
  const section = await loadSectionBySlug(strapi, slug, options.locale);
  if (!section) return null;
  const excludeDocumentId = options.excludeSlug ? await publishedDocumentIdBySlug(strapi, options.excludeSlug, options.locale) : null;
  return findMoreFrom(strapi, section, { locale: options.locale, excludeDocumentId, limit: options.limit });
}

/** The list of an article that has no section (its section was deleted): no title, no items. */
export const emptyMoreFrom = (): MoreFrom => ({ title: '', section: null, items: [] });
