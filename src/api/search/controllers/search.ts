import type { Core } from '@strapi/strapi';
import { checkRouteQuery } from '../../../query-contract/routes';
import { searchArticles } from '../../../search/service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /api/search?q=…&locale=…&section=…&from=…&to=…&page=…&pageSize=… */
  async find(ctx: { query: Record<string, unknown>; body: unknown }) {
    checkRouteQuery(ctx.query, 'search');
    const { q, locale, section, from, to, page, pageSize } = ctx.query;
    ctx.body = await searchArticles(strapi, { q: q ?? '', locale, section, from, to, page, pageSize });
  },
});
