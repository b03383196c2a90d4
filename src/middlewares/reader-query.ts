import type { Core } from '@strapi/strapi';
import { refuseLooseCoreQuery } from '../reader/query-validation';

/**
 * `global::reader-query`, on the core find/findOne routes of articles, sections and teasers: refuses
 * malformed pagination, `status` and `locale` with a 400 before Strapi reads them leniently (see
 * src/newsroom/request-params.ts). Unknown top-level keys are refused by `api.rest.strictParams`.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: { query: Record<string, unknown> }, next: () => Promise<void>) => {
    refuseLooseCoreQuery(strapi, ctx.query);
    await next();
  };
