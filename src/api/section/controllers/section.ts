import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { findMoreFromForSection } from '../../../reader/more-from';
import { newsSettings } from '../../../settings/news';
import { parseListLimit, parseOptionalString } from '../../../http/request-params';
import { checkRouteQuery } from '../../../query-contract/routes';
import { readerLocale } from '../../../locales';

export default factories.createCoreController('api::section.section', ({ strapi }) => ({
  /** GET /api/sections/:slug/more-from?locale=<code>&exclude=<article slug>&limit=N */
  async moreFrom(ctx) {
    checkRouteQuery(ctx.query, 'moreFrom');
    const locale = await readerLocale(strapi, ctx.query.locale);
    const limit = parseListLimit(ctx.query.limit, 'limit', newsSettings(strapi).moreFromLimit);
    if (!limit.ok) throw new errors.ValidationError(limit.message);
    const exclude = parseOptionalString(ctx.query.exclude, 'exclude');
    if (!exclude.ok) throw new errors.ValidationError(exclude.message);

    const slug = String(ctx.params.slug);
    const data = await findMoreFromForSection(strapi, slug, { locale, excludeSlug: exclude.value ?? null, limit: limit.value });
    if (!data) throw new errors.NotFoundError(`No section has the slug "${slug}" in the locale ${locale}`);
    return { data: { locale, ...data }, meta: {} };
  },
}));
