import { factories, type Data } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { lastUpdateOf, findArticlePage } from '../../../reader/article-page';
import { newsSettings } from '../../../settings/news';
import { configuredMediaBase } from '../../../distribution/media';
import { parseListLimit } from '../../../http/request-params';
import { checkRouteQuery } from '../../../query-contract/routes';
import { fallbackLocale, readerLocale } from '../../../locales';

/** An article of a core response: `fields` may have left out any attribute. */
type Item = Partial<Data.ContentType<'api::article.article'>>;
type Dates = Pick<Item, 'locale' | 'publishedAt' | 'lastUpdatedAt' | 'correctedAt'>;

export default factories.createCoreController('api::article.article', ({ strapi }) => {
  /**
   * Adds `lastUpdate` to articles of a core response, in the words of the locale read (the query contract
   * has set `locale`); the dates are read apart from that locale's rows (`correctedAt` is private, `fields`
   * may leave the others out).
   */
  async function withLastUpdate<T extends Item>(items: T[], locale: string): Promise<Array<T & { lastUpdate: unknown }>> {
    const documentIds = [...new Set(items.map((item) => String(item.documentId)))];
    const dates = new Map<string, Dates>();
    if (documentIds.length) {
      const rows = await strapi.documents('api::article.article').findMany({
        status: 'published',
        locale,
        filters: { documentId: { $in: documentIds } },
        fields: ['locale', 'publishedAt', 'lastUpdatedAt', 'correctedAt'],
        limit: documentIds.length,
      });
      rows.forEach((row) => dates.set(row.documentId, row));
    }
    return items.map((item) => ({ ...item, lastUpdate: lastUpdateOf(strapi, dates.get(String(item.documentId)) ?? item, locale) }));
  }

  /** The locale a core read was answered in: the query contract (src/middlewares/query-contract.ts) set it. */
  const readLocale = (ctx: { query: Record<string, unknown> }) => readerLocale(strapi, ctx.query.locale);

  return {
    async find(ctx) {
      const response = await super.find(ctx);
      return { ...response, data: await withLastUpdate(response.data as Item[], await readLocale(ctx)) };
    },

    async findOne(ctx) {
      const response = await super.findOne(ctx);
      if (!response?.data) return response;
      const [data] = await withLastUpdate([response.data as Item], await readLocale(ctx));
      return { ...response, data };
    },

    /** GET /api/articles/by-slug/:slug?locale= — the whole article page in one response. */
    async bySlug(ctx) {
      checkRouteQuery(ctx.query, 'articlePage');
      const locale = await readerLocale(strapi, ctx.query.locale);
      const limit = parseListLimit(ctx.query.moreFromLimit, 'moreFromLimit', newsSettings(strapi).moreFromLimit);
      if (!limit.ok) throw new errors.ValidationError(limit.message);
      const page = await findArticlePage(strapi, String(ctx.params.slug), {
        locale,
        fallbackLocale: fallbackLocale(strapi),
        moreFromLimit: limit.value,
        mediaBase: configuredMediaBase(strapi),
      });
      if (!page) throw new errors.NotFoundError(`No published article has the slug "${ctx.params.slug}" in the locale ${locale}`);
      return { data: page, meta: {} };
    },
  };
});
