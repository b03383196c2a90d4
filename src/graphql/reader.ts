import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { parseListLimit, parseOptionalString } from '../http/request-params';
import { lastUpdateOf } from '../reader/article-page';
import { findMoreFromForArticle, findMoreFromForSection } from '../reader/more-from';
import { loadArticleRow } from '../reader/queries/article';
import { newsSettings } from '../settings/news';

type Nexus = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- nexus is the plugin's, untyped here
type Parent = Record<string, unknown>;

function limitArg(strapi: Core.Strapi, raw: unknown): number {
  const parsed = parseListLimit(raw ?? undefined, 'limit', newsSettings(strapi).moreFromLimit);
  if (!parsed.ok) throw new errors.ValidationError(parsed.message);
  return parsed.value;
}

/**
 * The reader API over GraphQL: `Query.articleBySlug`, `Article.lastUpdate`, `Article.moreFrom`,
 * `Section.moreFrom`. Same services, same validation and same values as REST.
 */
export function registerReaderGraphql(strapi: Core.Strapi) {
  const extension = strapi.plugin('graphql').service('extension');
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
            resolve: (article: Parent) => lastUpdateOf(strapi, article),
          });
          t.nonNull.field('moreFrom', {
            type: 'MoreFrom',
            args: { limit: nexus.intArg() },
            resolve: (article: Parent, args: { limit?: number | null }) =>
              findMoreFromForArticle(strapi, String(article.documentId), limitArg(strapi, args.limit)),
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
              const found = await findMoreFromForSection(strapi, slug, { excludeSlug: exclude.value ?? null, limit });
              if (!found) throw new errors.NotFoundError(`No section has the slug "${slug}"`);
              return found;
            },
          });
        },
      }),
      nexus.extendType({
        type: 'Query',
        definition(t: Nexus) {
          t.field('articleBySlug', {
            type: 'Article',
            args: { slug: nexus.nonNull(nexus.stringArg()) },
            // The reader's own query; the row carries `id` and `documentId`, from which Strapi's resolvers load `section`, `cover`, `seo`.
            resolve: (_root: unknown, args: { slug: string }) => loadArticleRow(strapi, { slug: args.slug }, 'published'),
          });
        },
      }),
    ],
    resolversConfig: {
      // Same scopes as the REST page routes (`findOne`): read-only API tokens may only use find/findOne scopes.
      'Query.articleBySlug': { auth: { scope: ['api::article.article.findOne'] } },
      'Article.lastUpdate': { auth: false },
      'Article.moreFrom': { auth: { scope: ['api::article.article.findOne'] } },
      'Section.moreFrom': { auth: { scope: ['api::section.section.findOne'] } },
    },
  }));
}
