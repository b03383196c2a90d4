import type { Core } from '@strapi/strapi';
import { assembleMoreFrom, type CandidateTeaser, type MoreFrom, type SectionRef } from '../newsroom/more-from';
import { CANDIDATE_FIELDS, CANDIDATE_POPULATE, MEDIA_FIELDS, toCandidate, toImageRef } from './shapes';

/** More active teasers than this in one section are not looked at (a list shows at most 20). */
const TEASER_SCAN_LIMIT = 100;

type Row = Record<string, unknown>;

/** A cleared position (null) counts as the field's default, 0. */
const positionOf = (row: Row) => (typeof row.position === 'number' ? row.position : 0);
const timeOf = (value: string | null) => (value ? Date.parse(value) || 0 : 0);

/**
 * The teasers shown in a section now: published, inside their window, promoting a published
 * article; filed in the section, or filed nowhere and promoting an article of the section.
 */
async function activeTeasers(strapi: Core.Strapi, sectionDocumentId: string, excludeDocumentId: string | null, now: Date) {
  const iso = now.toISOString();
  const rows = (await strapi.documents('api::teaser.teaser').findMany({
    status: 'published',
    filters: {
      $and: [
        {
          $or: [
            { section: { documentId: sectionDocumentId } },
            { section: { id: { $null: true } }, article: { section: { documentId: sectionDocumentId } } },
          ],
        },
        { $or: [{ startsAt: { $null: true } }, { startsAt: { $lte: iso } }] },
        { $or: [{ endsAt: { $null: true } }, { endsAt: { $gt: iso } }] },
        { article: { publishedAt: { $notNull: true } } },
        ...(excludeDocumentId ? [{ article: { documentId: { $ne: excludeDocumentId } } }] : []),
      ],
    },
    sort: [{ position: 'asc' }, { article: { publicationDate: 'desc' } }, { id: 'asc' }] as never,
    limit: TEASER_SCAN_LIMIT,
    fields: ['headline', 'summary', 'position'],
    populate: {
      image: { fields: [...MEDIA_FIELDS] },
      article: { fields: [...CANDIDATE_FIELDS], populate: CANDIDATE_POPULATE },
    },
  })) as unknown as Row[];

  // Sorted again here because databases disagree on NULL: SQLite puts a cleared position first,
  // PostgreSQL last. Same order as the query's, with null taken as 0.
  return rows
    .filter((row) => row.article && typeof row.article === 'object')
    .map((row) => ({
      position: positionOf(row),
      id: Number(row.id),
      teaser: {
        headline: typeof row.headline === 'string' ? row.headline : null,
        summary: typeof row.summary === 'string' ? row.summary : null,
        image: toImageRef(row.image),
        article: toCandidate(row.article as Row),
      } satisfies CandidateTeaser,
    }))
    .sort(
      (a, b) =>
        a.position - b.position ||
        timeOf(b.teaser.article.publicationDate) - timeOf(a.teaser.article.publicationDate) ||
        a.id - b.id,
    )
    .map((entry) => entry.teaser);
}

/** The newest published articles of a section, by first publication. */
async function latestArticles(strapi: Core.Strapi, sectionDocumentId: string, notIn: string[], limit: number) {
  if (limit <= 0) return [];
  const rows = (await strapi.documents('api::article.article').findMany({
    status: 'published',
    filters: {
      section: { documentId: sectionDocumentId },
      ...(notIn.length ? { documentId: { $notIn: notIn } } : {}),
    },
    sort: [{ publicationDate: 'desc' }, { publishedAt: 'desc' }, { id: 'desc' }] as never,
    limit,
    fields: [...CANDIDATE_FIELDS] as never,
    populate: CANDIDATE_POPULATE as never,
  })) as unknown as Row[];
  return rows.map(toCandidate);
}

/**
 * "More from <Section>" for a section, leaving out one article (the one being read): teasers first,
 * then the newest articles. A fixed number of queries, whatever the section's size.
 */
export async function findMoreFrom(
  strapi: Core.Strapi,
  section: SectionRef & { documentId: string },
  options: { excludeDocumentId?: string | null; limit: number; now?: Date },
): Promise<MoreFrom> {
  const exclude = options.excludeDocumentId ?? null;
  const teasers = await activeTeasers(strapi, section.documentId, exclude, options.now ?? new Date());
  const promoted = new Set(teasers.map((teaser) => teaser.article.documentId));
  const teaserSlots = Math.min(promoted.size, options.limit);
  const latest = await latestArticles(
    strapi,
    section.documentId,
    [...(exclude ? [exclude] : []), ...promoted],
    options.limit - teaserSlots,
  );
  return assembleMoreFrom({
    section: { name: section.name, slug: section.slug },
    teasers,
    latest,
    excludeDocumentId: exclude,
    limit: options.limit,
  });
}

/** The section with the given slug, as the reader API names it, or null. */
export async function findSectionBySlug(strapi: Core.Strapi, slug: string) {
  const row = (await strapi.documents('api::section.section').findFirst({
    filters: { slug },
    fields: ['documentId', 'name', 'slug', 'description'],
  })) as Row | null;
  if (!row) return null;
  return { documentId: String(row.documentId), name: String(row.name), slug: String(row.slug), description: (row.description as string | null) ?? null };
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
    { documentId: String(section.documentId), name: String(section.name), slug: String(section.slug) },
    { excludeDocumentId: documentId, limit },
  );
}

/** The list of an article that has no section (its section was deleted): no title, no items. */
export const emptyMoreFrom = (): MoreFrom => ({ title: '', section: null, items: [] });
