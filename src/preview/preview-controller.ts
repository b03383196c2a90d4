import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { parseListLimit } from '../http/request-params';
import { findArticlePageBy } from '../reader/article-page';
import { newsSettings } from '../settings/news';
import { checkRouteQuery } from '../query-contract/routes';
import { configuredMediaBase } from '../distribution/media';
import type { PreviewSettings } from '../settings/preview';
import { PREVIEW_STATUSES, secretMatches, type PreviewStatus } from './preview-link';
import { readerLocale } from '../locales';

export const PREVIEW_SECRET_HEADER = 'x-preview-secret';

interface PreviewCtx {
  params: Record<string, string>;
  query: Record<string, unknown>;
  get(field: string): string;
  set(field: string, value: string): void;
}

const previewSettings = (strapi: Core.Strapi) => strapi.config.get<PreviewSettings>('preview');

/** The presented secret: the X-Preview-Secret header, else the `secret` query parameter. */
function presentedSecret(ctx: PreviewCtx): unknown {
  return ctx.get(PREVIEW_SECRET_HEADER) || ctx.query.secret;
}

/**
 * GET /api/preview/articles/:documentId?locale=<code>&status=draft|published&moreFromLimit=N
 * The article page (same shape as GET /api/articles/by-slug/:slug) of any version of an article,
 * for the reader's preview route. Needs PREVIEW_SECRET; never cached.
 */
export const previewController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async article(ctx: PreviewCtx) {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex, nofollow');
    if (!secretMatches(presentedSecret(ctx), previewSettings(strapi).secret)) {
      throw new errors.UnauthorizedError('A valid preview secret is required to see unpublished content');
    }
    checkRouteQuery(ctx.query, 'preview');
    const locale = await readerLocale(strapi, ctx.query.locale);

    const status = (ctx.query.status ?? 'draft') as PreviewStatus;
    if (!PREVIEW_STATUSES.includes(status)) {
      throw new errors.ValidationError(`status must be one of ${PREVIEW_STATUSES.join(', ')} (got ${JSON.stringify(ctx.query.status)})`);
    }
    const limit = parseListLimit(ctx.query.moreFromLimit, 'moreFromLimit', newsSettings(strapi).moreFromLimit);
    if (!limit.ok) throw new errors.ValidationError(limit.message);

    const documentId = String(ctx.params.documentId);
    const page = await findArticlePageBy(strapi, { documentId }, { locale, status, moreFromLimit: limit.value, mediaBase: configuredMediaBase(strapi) });
    if (!page) throw new errors.NotFoundError(`No ${status} version of the article "${documentId}" in the locale ${locale}`);
    return { data: page, meta: {} };
  },
});
