import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { findMoreFrom, findSectionBySlug } from '../../../reader/more-from';
import { publishedDocumentIdBySlug } from '../../../reader/queries/article';
import { newsSettings } from '../../../settings/news';
import { parseListLimit, parseOptionalString } from '../../../http/request-params';
import { checkRouteQuery } from '../../../query-contract/routes';

export default factories.createCoreController('api::section.section', ({ strapi }) => ({
  /** GET /api/sections/:slug/more-from?exclude=<article slug>&limit=N */
  async moreFrom(ctx) {
    checkRouteQuery(ctx.query, 'moreFrom');
    const limit = parseListLimit(ctx.query.limit, 'limit', newsSettings(strapi).moreFromLimit);
    if (!limit.ok) throw new errors.ValidationError(limit.message);
    const exclude = parseOptionalString(ctx.query.exclude, 'exclude');
    if (!exclude.ok) throw new errors.ValidationError(exclude.message);

    const section = await findSectionBySlug(strapi, String(ctx.params.slug));
    if (!section) throw new errors.NotFoundError(`No section has the slug "${ctx.params.slug}"`);

    const excludeDocumentId = exclude.value ? await publishedDocumentIdBySlug(strapi, exclude.value) : null;
    const data = await findMoreFrom(strapi, section, { excludeDocumentId, limit: limit.value });
    return { data, meta: {} };
  },
}));
