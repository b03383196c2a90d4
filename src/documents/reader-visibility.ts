import type { Core, Modules } from '@strapi/strapi';
import { visibilityFilters } from '../visibility/document-filters';
import { restrictFilters, restrictPopulate, type QueryAttribute, type ReaderRules } from './reader-query';
import { isRoute } from '../middlewares/route-path';
import { recordDocuments } from '../cache/record';

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
  return (
    ctx.state.route?.info?.type === 'content-api' ||
    (ctx.path !== undefined && isRoute(ctx.path, strapi.config.get<string>('plugin::graphql.endpoint', '/graphql')))
  );
}

type Model = { attributes?: Record<string, QueryAttribute>; options?: { draftAndPublish?: boolean } };

/**
 * The reader rules at `now`, on the models of this Strapi, compiled from the one visibility definition
 * (src/visibility/definition.ts). `populated`: what a read that asks for published versions must add
 * (Strapi passes the status on to populated relations); `filtered`: everything, the status included.
 */
export function readerRules(strapi: Core.Strapi, now: Date): ReaderRules {
  const model = (uid: string) => strapi.getModel(uid as never) as Model | undefined;
  const draftAndPublish = (uid: string) => model(uid)?.options?.draftAndPublish === true;
  const orNull = <T>(list: T[]) => (list.length > 0 ? list : null);
  return {
    attributesOf: (uid) => model(uid)?.attributes,
    populated: (uid) => orNull(visibilityFilters(uid, { now, statusPassedOn: true, draftAndPublish })),
    filtered: (uid) => orNull(visibilityFilters(uid, { now, statusPassedOn: false, draftAndPublish })),
  };
}

/**
 * Document Service middleware: reader requests only ever see published versions. Stock Strapi lets
 * an anonymous client ask for `status=draft` over REST and GraphQL; here that request is answered
 * with the published content instead. This holds for types without Draft & Publish too (sections):
 * the status of a read is also the status of the relations it populates, so
 * `/api/sections?status=draft&populate=articles` would otherwise list draft articles.
 * The publication filters (`publicationFilter`, `hasPublishedVersion`) are about drafts and are ignored:
 * `publicationFilter=modified` would tell which published articles have unpublished edits.
 * Rules beyond the status (teasers: window, published article) apply to the read itself, to every
 * relation it populates and to every relation its filters go through (src/documents/reader-query.ts).
 */
export const readerVisibilityMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (READ_ACTIONS.has(context.action) && isReaderRequest(strapi)) {
      const params = context.params as { status?: string; filters?: unknown; populate?: unknown; publicationFilter?: unknown; hasPublishedVersion?: unknown };
      params.status = 'published';
      delete params.publicationFilter;
      delete params.hasPublishedVersion;
      const rules = readerRules(strapi, new Date());
      if (params.filters !== undefined) params.filters = restrictFilters(params.filters, context.uid, rules);
      const own = rules.populated(context.uid);
      if (own) params.filters = { $and: [...(params.filters ? [params.filters] : []), ...own] };
      if (params.populate !== undefined) params.populate = restrictPopulate(params.populate, context.uid, rules);
      const result = await next();
      // The cache tags of the response: what this read returned (src/cache/record.ts).
      recordDocuments(strapi, context.uid, result, { list: context.action === 'findMany' || context.action === 'count' });
      return result;
    }
    return next();
  };
