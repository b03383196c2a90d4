import type { Core, Modules } from '@strapi/strapi';
import { shownTeaserConditions } from '../reader/teaser-window';

const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

interface RequestState {
  route?: { info?: { type?: string } };
  auth?: { strategy?: { name?: string } };
}

/** True while the current call serves a reader: a content-API (REST or GraphQL) request, not the admin panel. */
export function isReaderRequest(strapi: Core.Strapi): boolean {
  const ctx = strapi.requestContext.get() as { state?: RequestState; path?: string } | undefined;
  if (!ctx?.state) return false;
  if (ctx.state.auth?.strategy?.name === 'admin') return false;
  if (ctx.state.route?.info?.type === 'admin') return false;
  return ctx.state.route?.info?.type === 'content-api' || ctx.path === strapi.config.get('plugin::graphql.endpoint', '/graphql');
}

/**
 * Document Service middleware: reader requests only ever see published versions. Stock Strapi lets
 * an anonymous client ask for `status=draft` over REST and GraphQL; here that request is answered
 * with the published content instead. This holds for types without Draft & Publish too (sections):
 * the status of a read is also the status of the relations it populates, so
 * `/api/sections?status=draft&populate=articles` would otherwise list draft articles.
 */
export const readerVisibilityMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (READ_ACTIONS.has(context.action) && isReaderRequest(strapi)) {
      const params = context.params as { status?: string; filters?: unknown };
      params.status = 'published';
      // A teaser outside its window, or promoting an unpublished article, is not shown to readers.
      if (context.uid === 'api::teaser.teaser') {
        params.filters = { $and: [...(params.filters ? [params.filters] : []), ...shownTeaserConditions(new Date())] };
      }
    }
    return next();
  };
