import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { parseListLimit, parseOptionalString } from '../http/request-params';
import { alternatesOf, lastUpdateOf, publicCorrectionsOf } from '../reader/article-page';
import { defaultLocale, readerLocale } from '../locales';
import { findMoreFromForArticle, findMoreFromForSection } from '../reader/more-from';
import { loadArticleRow } from '../reader/queries/article';
import { newsSettings } from '../settings/news';
import { searchArticles } from '../search/service';
import { ARTICLE } from '../visibility/definition';

type Nexus = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- nexus is the plugin's, untyped here
type Parent = Record<string, unknown>;
type SearchResult = Awaited<ReturnType<typeof searchArticles>>;
interface SearchArgs {
  q: string;
  locale?: string | null;
  section?: string | null;
  from?: string | null;
  to?: string | null;
  pagination?: { page?: number | null; pageSize?: number | null; start?: number | null; limit?: number | null } | null;
}

/** The locale of the row a field is on (every article, section and teaser row has one; NEWS_DEFAULT_LOCALE otherwise). */
const localeOf = (strapi: Core.Strapi, parent: Parent): string => (typeof parent.locale === 'string' && parent.locale ? parent.locale : defaultLocale(strapi));

/**
 * The parent with its `correctedAt` (the latest correction's time; private, so Strapi's own resolvers drop it):
 * read from the parent's own row when the parent does not carry it.
 */
async function withCorrectedAt(strapi: Core.Strapi, article: Parent): Promise<Parent> {
  if ('correctedAt' in article) return article;
  const where =
    typeof article.id === 'number'
      ? { id: article.id }
      : { documentId: String(article.documentId), locale: localeOf(strapi, article), publishedAt: { $notNull: true } };
  const row = (await strapi.db.query(ARTICLE).findOne({ select: ['correctedAt'], where })) as { correctedAt?: unknown } | null;
  return { ...article, correctedAt: row?.correctedAt ?? null };
}

function limitArg(strapi: Core.Strapi, raw: unknown): number {
  const parsed = parseListLimit(raw ?? undefined, 'limit', newsSettings(strapi).moreFromLimit);
  if (!parsed.ok) throw new errors.ValidationError(parsed.message);
  return parsed.value;
}

/**
 * The reader API over GraphQL: `Query.articleBySlug`, `Article.lastUpdate`, `Article.corrections`, `Article.moreFrom`,
 * `Section.moreFrom`. Same services, same validation and same values as REST.
 */
export function registerReaderGraphql(strapi: Core.Strapi) {
  const extension = strapi.plugin('graphql').service('extension');
  // The history's types are admin data (src/history/): nothing of them in the public schema.
  for (const uid of ['api::history.version', 'api::history.correction']) extension.shadowCRUD(uid).disable();
  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.objectType({
        name: 'ReaderSection',
        definition(t: Nexus) {
          t.nonNull.string('name');
          t.nonNull.string('slug');
        },
      }),
      nexus.objectType({
        name: 'ReaderImageFormat',
        definition(t: Nexus) {
          t.nonNull.string('name');
          t.nonNull.string('url');
          t.int('width');
          t.int('height');
        },
      }),
      nexus.objectType({
        name: 'ReaderImage',
        definition(t: Nexus) {
          t.nonNull.string('url');
          t.string('alternativeText');
          t.string('caption');
          t.int('width');
          t.int('height');
          t.string('mime');
          t.nonNull.list.nonNull.field('formats', {
            type: 'ReaderImageFormat',
            resolve: (image: { formats: Record<string, object> | null }) => Object.entries(image.formats ?? {}).map(([name, format]) => ({ name, ...format })),
          });
        },
      }),
      nexus.objectType({
        name: 'LastUpdate',
        definition(t: Nexus) {
          t.nonNull.string('datetime');
          t.nonNull.string('formatted');
          t.nonNull.string('label');
          t.nonNull.string('timeZone');
        },
      }),
      nexus.objectType({
        name: 'ArticleCorrection',
        description: 'A public correction of the article: when it was made, and what it says.',
        definition(t: Nexus) {
          t.nonNull.string('at');
          t.nonNull.string('text');
        },
      }),
      nexus.objectType({
        name: 'MoreFromItem',
        definition(t: Nexus) {
          t.nonNull.id('documentId');
          t.nonNull.string('slug');
          t.nonNull.string('headline');
          t.nonNull.string('summary');
          t.field('image', { type: 'ReaderImage' });
          t.string('publishedAt');
          t.field('section', { type: 'ReaderSection' });
        },
      }),
      nexus.objectType({
        name: 'ArticleAlternate',
        description:
          'A published translation of the article (hreflang): its locale, its slug there, its address on the public site (null without PUBLIC_SITE_URL).',
        definition(t: Nexus) {
          t.nonNull.string('locale');
          t.nonNull.string('slug');
          t.string('url');
        },
      }),
      nexus.objectType({
        name: 'MoreFrom',
        definition(t: Nexus) {
          t.nonNull.string('title');
          t.field('section', { type: 'ReaderSection' });
          t.nonNull.list.nonNull.field('items', { type: 'MoreFromItem' });
        },
      }),
      nexus.extendType({
        type: 'Article',
        definition(t: Nexus) {
          t.nonNull.field('lastUpdate', {
            type: 'LastUpdate',
            resolve: async (article: Parent) => lastUpdateOf(strapi, await withCorrectedAt(strapi, article), localeOf(strapi, article)),
          });
          t.nonNull.list.nonNull.field('alternates', {
            type: 'ArticleAlternate',
            description: 'Every locale the article is published in, this one included, by locale code: the same values as the REST article page.',
            resolve: (article: Parent) => alternatesOf(strapi, String(article.documentId)),
          });
          t.nonNull.list.nonNull.field('corrections', {
            type: 'ArticleCorrection',
            description: 'Public corrections, oldest first: the same values as the REST article page.',
            resolve: (article: Parent) => publicCorrectionsOf(strapi, String(article.documentId), typeof article.locale === 'string' ? article.locale : null),
          });
          t.nonNull.field('moreFrom', {
            type: 'MoreFrom',
            args: { limit: nexus.intArg() },
            resolve: (article: Parent, args: { limit?: number | null }) =>
              findMoreFromForArticle(strapi, String(article.documentId), localeOf(strapi, article), limitArg(strapi, args.limit)),
          });
        },
      }),
      nexus.extendType({
        type: 'Section',
        definition(t: Nexus) {
          t.nonNull.field('moreFrom', {
            type: 'MoreFrom',
            args: { exclude: nexus.stringArg(), limit: nexus.intArg() },
            resolve: async (section: Parent, args: { exclude?: string | null; limit?: number | null }) => {
              const limit = limitArg(strapi, args.limit);
              const exclude = parseOptionalString(args.exclude ?? undefined, 'exclude');
              if (!exclude.ok) throw new errors.ValidationError(exclude.message);
              const slug = String(section.slug);
              const found = await findMoreFromForSection(strapi, slug, { locale: localeOf(strapi, section), excludeSlug: exclude.value ?? null, limit });
              if (!found) throw new errors.NotFoundError(`No section has the slug "${slug}"`);
              return found;
            },
          });
        },
      }),
      nexus.objectType({
        name: 'ArticleSearchSection',
        definition(t: Nexus) {
          t.nonNull.id('documentId');
          t.nonNull.string('slug');
          t.nonNull.string('name');
        },
      }),
      nexus.objectType({
        name: 'ArticleSearchHit',
        definition(t: Nexus) {
          t.nonNull.id('documentId');
          t.nonNull.string('slug');
          t.nonNull.string('title');
          t.field('section', { type: 'ArticleSearchSection' });
          t.string('publicationDate');
          t.field('lastUpdate', { type: 'LastUpdate' });
          t.nonNull.string('snippet', { description: 'Some of the body around the matches as HTML: the text escaped, the matches in <mark>.' });
        },
      }),
      nexus.objectType({
        name: 'ArticleSearchSectionCount',
        definition(t: Nexus) {
          t.nonNull.id('documentId');
          t.nonNull.string('slug');
          t.nonNull.string('name');
          t.nonNull.int('count');
        },
      }),
      nexus.objectType({
        name: 'ArticleSearchPagination',
        definition(t: Nexus) {
          t.nonNull.int('page');
          t.nonNull.int('pageSize');
          t.nonNull.int('pageCount');
          t.nonNull.int('total');
        },
      }),
      nexus.objectType({
        name: 'ArticleSearch',
        definition(t: Nexus) {
          t.nonNull.string('locale', { description: 'The locale searched', resolve: (result: SearchResult) => result.meta.locale });
          t.nonNull.list.nonNull.field('data', { type: 'ArticleSearchHit' });
          t.nonNull.field('pagination', { type: 'ArticleSearchPagination', resolve: (result: SearchResult) => result.meta.pagination });
          t.nonNull.list.nonNull.field('sections', { type: 'ArticleSearchSectionCount', resolve: (result: SearchResult) => result.meta.sections });
        },
      }),
      nexus.extendType({
        type: 'Query',
        definition(t: Nexus) {
          t.nonNull.field('search', {
            type: 'ArticleSearch',
            description: 'Ranked full-text search over published articles: the same parameters and values as GET /api/search.',
            args: {
              q: nexus.nonNull(nexus.stringArg()),
              locale: nexus.stringArg(),
              section: nexus.stringArg(),
              from: nexus.stringArg(),
              to: nexus.stringArg(),
              pagination: nexus.arg({ type: 'PaginationArg' }),
            },
            resolve: (_root: unknown, args: SearchArgs) => {
              const { pagination } = args;
              if (pagination && (pagination.start != null || pagination.limit != null)) {
                throw new errors.ValidationError('pagination: search pages with page and pageSize (start and limit are not offered)');
              }
              return searchArticles(strapi, {
                q: args.q,
                locale: args.locale,
                section: args.section,
                from: args.from,
                to: args.to,
                page: pagination?.page,
                pageSize: pagination?.pageSize,
              });
            },
          });
          t.field('articleBySlug', {
            type: 'Article',
            // Strapi's i18n adds `locale` to every query of a localised type; the query contract checks it (readerLocale).
            args: { slug: nexus.nonNull(nexus.stringArg()) },
            // The reader's own query; the row carries `id` and `documentId`, from which Strapi's resolvers load `section`, `cover`, `seo`.
            resolve: async (_root: unknown, args: { slug: string; locale?: string | null }) =>
              loadArticleRow(strapi, { slug: args.slug, locale: await readerLocale(strapi, args.locale) }, 'published'),
          });
        },
      }),
    ],
    resolversConfig: {
      // Same scopes as the REST page routes (`findOne`): read-only API tokens may only use find/findOne scopes.
      'Query.articleBySlug': { auth: { scope: ['api::article.article.findOne'] } },
      'Query.search': { auth: { scope: ['api::search.search.find'] } },
      'Article.lastUpdate': { auth: false },
      'Article.corrections': { auth: false },
      'Article.alternates': { auth: false },
      'Article.moreFrom': { auth: { scope: ['api::article.article.findOne'] } },
      'Section.moreFrom': { auth: { scope: ['api::section.section.findOne'] } },
    },
  }));
}
